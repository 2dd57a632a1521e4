package watch_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/watch"
)

func sjis(t *testing.T, s string) []byte {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadList(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	page := `<html><head><meta charset="Shift_JIS"><title>お知らせ</title></head><body>
<div id="gnav"><a href="/company/">会社情報のご案内</a></div>
<header><a href="/">見本市役所ホーム</a></header>
<div class="main"><h2>新着情報</h2>
<ul><li>2026年4月2日 <a href="0402.html">不正アクセスによる個人情報漏えいのお詫び</a></li>
<li><span>令和8年3月30日</span><a href="/news/0330.pdf">市民課窓口の受付時間変更について(PDF)</a></li>
<li><a href="/news/list2.html">もっと見る</a></li></ul>
<dl><dt>2026/03/01</dt><dd><a href="https://city.example/news/0301.html">春の交通安全運動のお知らせ</a></dd></dl></div>
<footer><a href="/privacy/">個人情報保護方針について</a></footer></body></html>`
	tests := []struct {
		name string
		kind jikenbo.WatchKind
		ct   string
		body []byte
		want []watch.Link
	}{
		{"RSS 2.0", jikenbo.WatchFeed, "application/rss+xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>セミナーのご案内</title><link>https://shop.example/n/1</link><pubDate>Mon, 30 Mar 2026 09:00:00 +0900</pubDate></item>
<item><title>お詫び</title><link>https://shop.example/n/2#top</link><pubDate>Thu, 02 Apr 2026 10:00:00 +0900</pubDate></item></channel></rss>`),
			[]watch.Link{{URL: "https://shop.example/n/2", Title: "お詫び"}, {URL: "https://shop.example/n/1", Title: "セミナーのご案内"}}},
		{"RSS 1.0", jikenbo.WatchFeed, "application/rdf+xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://city.example/"><title>見本市</title><link>https://city.example/</link></channel>
<item rdf:about="https://city.example/a.html"><title>お知らせ</title><link>https://city.example/a.html</link><dc:date>2026-04-01T10:00:00+09:00</dc:date></item>
</rdf:RDF>`), []watch.Link{{URL: "https://city.example/a.html", Title: "お知らせ"}}},
		{"Atom", jikenbo.WatchFeed, "application/atom+xml", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>第2報</title><link href="/news/2"/><updated>2026-04-03T00:00:00Z</updated><id>x</id></entry></feed>`),
			[]watch.Link{{URL: "https://univ.example/news/2", Title: "第2報"}}},
		{"Shift_JIS news list without menus and footers", jikenbo.WatchPage, "text/html", sjis(t, page), []watch.Link{
			{URL: "https://city.example/news/0402.html", Title: "不正アクセスによる個人情報漏えいのお詫び"},
			{URL: "https://city.example/news/0330.pdf", Title: "市民課窓口の受付時間変更について(PDF)"},
			{URL: "https://city.example/news/0301.html", Title: "春の交通安全運動のお知らせ"}}},
		{"sitemap", jikenbo.WatchSitemap, "application/xml", []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://corp.example/a</loc><lastmod>2026-03-01</lastmod></url><url><loc>https://corp.example/b</loc><lastmod>2026-04-01T10:00:00+09:00</lastmod></url></urlset>`),
			[]watch.Link{{URL: "https://corp.example/b"}, {URL: "https://corp.example/a"}}},
		{"sitemap index", jikenbo.WatchSitemap, "application/xml", []byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://corp.example/sm-news.xml</loc><lastmod>2026-04-01</lastmod></sitemap></sitemapindex>`),
			[]watch.Link{{URL: "https://corp.example/sm-news.xml", Sitemap: true}}},
	}
	bases := map[string]string{"Atom": "https://univ.example/feed.atom", "Shift_JIS news list without menus and footers": "https://city.example/news/index.html"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := bases[tc.name]
			if base == "" {
				base = "https://x.example/"
			}
			got, err := watch.ReadList(tc.kind, base, tc.ct, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d links %v, want %v", len(got), got, tc.want)
			}
			for i, w := range tc.want {
				if got[i].URL != w.URL || got[i].Title != w.Title || got[i].Sitemap != w.Sitemap || got[i].Date.IsZero() {
					t.Errorf("link %d = %+v, want %+v with a date", i, got[i], w)
				}
			}
		})
	}
	if got, _ := watch.ReadList(jikenbo.WatchPage, "https://city.example/news/", "text/html", sjis(t, page)); !got[0].Date.Equal(day(2026, 4, 2)) || !got[1].Date.Equal(day(2026, 3, 30)) {
		t.Errorf("list dates: %v, %v; want 2026-04-02 and 令和8年3月30日", got[0].Date, got[1].Date)
	}
	for _, bad := range []struct {
		kind jikenbo.WatchKind
		body string
	}{{jikenbo.WatchFeed, "<html>not a feed</html>"}, {jikenbo.WatchSitemap, "<rss/>"}, {jikenbo.WatchSitemap, "not xml"}} {
		if _, err := watch.ReadList(bad.kind, "https://x.example/", "", []byte(bad.body)); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Errorf("ReadList(%s, %q) = %v, want EINVALID", bad.kind, bad.body, err)
		}
	}
}

func TestParseSources(t *testing.T) {
	got, err := watch.ParseSources("list.txt", []byte("\ufeff# comment\nhttps://a.example/rss.xml\n\nhttps://b.example/news/ page 30m  # 見本\nhttps://c.example/sitemap_index.xml\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Kind != jikenbo.WatchFeed || got[1].Kind != jikenbo.WatchPage || got[1].Every != 30*time.Minute || got[2].Kind != jikenbo.WatchSitemap {
		t.Errorf("ParseSources(list) = %+v", got)
	}
	for _, bad := range []string{"https://a.example/ daily\n", "https://a.example/\nnot-a-url\n", "https://a.example/ 10s\n"} {
		if _, err := watch.ParseSources("bad.txt", []byte(bad)); err == nil || !strings.Contains(err.Error(), "bad.txt:") {
			t.Errorf("ParseSources(%q) = %v, want an error naming the line", bad, err)
		}
	}
	if _, err := watch.ParseSources("x.opml", []byte("<html></html>")); err == nil || !strings.Contains(err.Error(), "not OPML") {
		t.Errorf("ParseSources(html) = %v, want not OPML", err)
	}
}

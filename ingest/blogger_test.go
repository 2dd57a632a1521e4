package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

func TestReadBloggerLegacy(t *testing.T) {
	res, err := ReadBlogger("legacy-export.xml", mustRead(t, "testdata/blogger/legacy-export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("problems: %v", res.Problems)
	}
	if want := map[string]int{"settings": 2, "template": 1, "page": 1, "comment": 3, "draft": 2}; !maps.Equal(res.Skipped, want) {
		t.Errorf("skipped %v, want %v", res.Skipped, want)
	}
	if len(res.Posts) != 12 {
		t.Fatalf("got %d posts, want 12", len(res.Posts))
	}
	p := res.Posts[0]
	if p.Source != "https://jikenbo-sample.blogspot.com/2024/10/kotori-foods.html" || p.URL != p.Source {
		t.Errorf("source %q", p.Source)
	}
	if want := []string{"不正アクセス", "クレジットカード", "ECサイト"}; !slices.Equal(p.Labels, want) {
		t.Errorf("labels %v, want %v", p.Labels, want)
	}
	if !strings.HasPrefix(p.Text, "【セキュリティ事件簿#2024-201】株式会社ことり食品 ") {
		t.Errorf("the headline does not start the text:\n%s", p.Text)
	}
	if !hasLine(p.Text, "2024年8月20日、クレジットカード会社からの連絡を受けて調査を開始し、決済画面が改ざんされていたことを確認いたしました。") {
		t.Errorf("paragraphs not one per line:\n%s", p.Text)
	}
	if want := time.Date(2024, 10, 3, 9, 15, 0, 0, time.FixedZone("", 9*3600)); !p.PublishedAt.Equal(want) || p.Published.String() != "2024-10-03" {
		t.Errorf("published %v %v", p.PublishedAt, p.Published)
	}
	if p.ContentType != "text/html; charset=utf-8" || !strings.Contains(string(p.Original), "<p>このたび、") {
		t.Errorf("original %q %.40q", p.ContentType, p.Original)
	}
	final := res.Posts[7]
	if !slices.Contains(final.Labels, "最終報告") || !hasLine(final.Text, "【2024年10月2日リリース分】") {
		t.Errorf("final report: labels %v, text\n%s", final.Labels, final.Text)
	}
}

func TestReadBloggerTakeout(t *testing.T) {
	b := mustRead(t, "testdata/blogger/takeout-feed.atom")
	res, err := BloggerOptions{BlogURL: "https://jikenbo-sample.blogspot.com/"}.Read("feed.atom", b)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"comment": 3, "page": 1, "draft": 1, "trashed": 1}; !maps.Equal(res.Skipped, want) {
		t.Errorf("skipped %v, want %v", res.Skipped, want)
	}
	if len(res.Posts) != 12 || len(res.Problems) != 0 {
		t.Fatalf("got %d posts, problems %v", len(res.Posts), res.Problems)
	}
	// The same posts as the legacy export, with the same URLs and labels.
	legacy, err := ReadBlogger("legacy-export.xml", mustRead(t, "testdata/blogger/legacy-export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Posts {
		l := legacy.Posts[i]
		if p.Source != l.Source || !slices.Equal(p.Labels, l.Labels) || p.Published != l.Published {
			t.Errorf("post %d: %s %v %v, legacy %s %v %v", i, p.Source, p.Labels, p.Published, l.Source, l.Labels, l.Published)
		}
		if i != 2 && p.Text != l.Text {
			t.Errorf("post %d text differs:\n%s\n---\n%s", i, p.Text, l.Text)
		}
	}
	// Takeout's times are UTC; the post of 2024-11-01 00:30 JST stays on
	// the 1st.
	if got := res.Posts[5].Published; got != (jikenbo.Date{Year: 2024, Month: 11, Day: 1}) {
		t.Errorf("published %v, want 2024-11-01", got)
	}
	// A title escaped twice is unescaped.
	if !strings.Contains(res.Posts[2].Title, `"USBメモリ"`) {
		t.Errorf("title %q", res.Posts[2].Title)
	}
	// Without the blog's address the source still identifies the post.
	res, err = ReadBlogger("feed.atom", b)
	if err != nil || res.Posts[0].Source != "feed.atom#/2024/10/kotori-foods.html" {
		t.Errorf("source %q, %v", res.Posts[0].Source, err)
	}
}

func TestReadBloggerBrokenEntries(t *testing.T) {
	res, err := ReadBlogger("broken.xml", mustRead(t, "testdata/blogger/broken.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 2 || res.Posts[0].Source != "https://jikenbo-sample.blogspot.com/2024/10/kotori-foods.html" ||
		res.Posts[1].Source != "https://jikenbo-sample.blogspot.com/2024/10/kamome-itaku.html" {
		t.Fatalf("posts %v", res.Posts)
	}
	want := []string{
		"broken.xml: entry 2 (line 3), id tag:blogger.com,1999:blog-7351804499912345678.post-1002: broken XML",
		"broken.xml: entry 3 (line 4), id tag:blogger.com,1999:blog-7351804499912345678.post-1003: the post https://jikenbo-sample.blogspot.com/2024/10/tsubasa-usb.html has an unreadable published date",
		"broken.xml: entry 4 (line 5), id tag:blogger.com,1999:blog-7351804499912345678.post-1004: the post has no URL",
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("problems %v", res.Problems)
	}
	for i, w := range want {
		if got := jikenbo.ErrorMessage(res.Problems[i]); !strings.HasPrefix(got, w) {
			t.Errorf("problem %d: %q, want it to start %q", i, got, w)
		}
	}
}

func TestReadBloggerNotAFeed(t *testing.T) {
	for name, b := range map[string]string{
		"empty.xml":     `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`,
		"truncated.xml": `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</ti`,
	} {
		_, err := ReadBlogger(name, []byte(b))
		if err == nil || !strings.HasPrefix(jikenbo.ErrorMessage(err), name+": ") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// TestBloggerDoctype: an export that starts with a document type
// declaration is still a feed, never one release of raw XML; entities
// its internal subset declares are not expanded, so a feed using them is
// refused.
func TestBloggerDoctype(t *testing.T) {
	entry := `<entry><id>tag:blogger.com,1999:blog-1.post-1</id><published>2024-03-15T09:30:00.000+09:00</published>` +
		`<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>` +
		`<title type='text'>お知らせ</title><content type='html'>%s</content>` +
		`<link rel='alternate' type='text/html' href='https://x.blogspot.com/2024/03/a.html'/></entry>`
	plain := "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE feed>\n<feed xmlns='http://www.w3.org/2005/Atom'>" +
		fmt.Sprintf(entry, "&lt;p&gt;個人情報の紛失&lt;/p&gt;") + "</feed>"
	bomb := "<?xml version='1.0'?>\n<!DOCTYPE feed [\n<!ENTITY a \"紛失紛失紛失紛失\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;\">\n]>\n" +
		"<feed xmlns='http://www.w3.org/2005/Atom'>" + fmt.Sprintf(entry, "&b;") + "</feed>"
	for _, in := range []string{plain, bomb} {
		if kind, err := Sniff("export.xml", "", []byte(in)); kind != KindBlogger || err != nil {
			t.Errorf("Sniff = %q, %v; want a feed", kind, err)
		}
	}
	res, err := ReadBlogger("plain.xml", []byte(plain))
	if err != nil || len(res.Posts) != 1 || !strings.Contains(res.Posts[0].Text, "個人情報の紛失") {
		t.Errorf("plain: %+v, %v", res, err)
	}
	res, err = ReadBlogger("bomb.xml", []byte(bomb))
	if err == nil {
		for _, p := range res.Posts {
			if strings.Contains(p.Text, "紛失") {
				t.Errorf("an entity was expanded: %q", p.Text)
			}
		}
	}
}

// TestBloggerTruncated: an export cut in the middle of an entry keeps
// the entries before the cut and says the last one is truncated.
func TestBloggerTruncated(t *testing.T) {
	b := mustRead(t, "testdata/blogger/takeout-feed.atom")
	whole, err := ReadBlogger("whole.atom", b)
	if err != nil {
		t.Fatal(err)
	}
	cut := b[:len(b)*2/3]
	res, err := ReadBlogger("cut.atom", cut)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) == 0 || len(res.Posts) >= len(whole.Posts) {
		t.Errorf("%d posts before the cut, of %d", len(res.Posts), len(whole.Posts))
	}
	if len(res.Problems) != 1 || !strings.Contains(jikenbo.ErrorMessage(res.Problems[0]), ": truncated: the file ends inside this entry") {
		t.Errorf("problems %v, want the last entry reported as truncated", res.Problems)
	}
}

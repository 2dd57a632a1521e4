package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/web"
)

// xssRelease is a release whose text tries every way into a page.
const xssRelease = `【セキュリティ事件簿#2025-777】株式会社悪意テスト 不正なスクリプトを含む公表文について 2025/6/2

本文に <script>window.__xss = 1; alert(1)</script> と書かれていました。
画像 <img src=x onerror="window.__xss = 2"> もありました。
リンク <a href="javascript:window.__xss=3">ここをクリック</a> と "quotes" & ampersand。
</textarea></title><svg onload="window.__xss=4">
当社サーバーへの不正アクセスにより、お客様の個人情報 1,234件が流出した可能性があります。調査中です。
`

// fixture is a casebook server for tests: the sample casebook, a release
// full of markup, and a draft, on a real SQLite file.
type fixture struct {
	srv   *httptest.Server
	store testStore
	xssID int64
	draft int64
}

var (
	sharedOnce sync.Once
	shared     *fixture
	sharedDir  string
	sharedErr  error
)

// TestMain removes the shared fixture after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.srv.Close()
		shared.store.Close()
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	if code == 0 {
		code = rerunOnPostgres()
	}
	os.Exit(code)
}

// sharedFixture is one read-only server for the tests that do not write.
func sharedFixture(t *testing.T) *fixture {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "jikenbo-web-test-")
		if sharedErr != nil {
			return
		}
		shared, sharedErr = buildFixture(sharedDir)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// newFixture is a server of its own, for tests that write.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	fx, err := buildFixture(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fx.srv.Close(); fx.store.Close() })
	return fx
}

func buildFixture(dir string) (*fixture, error) {
	ctx := context.Background()
	s, err := openTestStore(dir)
	if err != nil {
		return nil, err
	}
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
	if loaded, sum, err := sample.Load(ctx, im); err != nil || !loaded || sum.Failed > 0 {
		return nil, fmt.Errorf("sample: loaded %v, %+v, %v", loaded, sum, err)
	}
	xss := filepath.Join(dir, "xss.txt")
	if err := os.WriteFile(xss, []byte(xssRelease), 0o600); err != nil {
		return nil, err
	}
	if _, err := im.Import(ctx, []string{xss}); err != nil {
		return nil, err
	}
	fx := &fixture{store: s}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if strings.Contains(r.Text, "<script>") {
			fx.xssID = r.ID
		}
	}
	d := &jikenbo.Release{Original: []byte("下書きの公表文 紛失"), Text: "下書きの公表文 紛失", Encoding: "UTF-8", Source: "draft.txt",
		Extracted: jikenbo.Facts{Title: "下書き", Published: jikenbo.Date{Year: 2025, Month: 7, Day: 1}}}
	if err := s.CreateRelease(ctx, d); err != nil {
		return nil, err
	}
	draft := true
	if _, err := s.UpdateRelease(ctx, d.ID, jikenbo.ReleaseUpdate{Draft: &draft}); err != nil {
		return nil, err
	}
	fx.draft = d.ID
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	h, err := web.New(web.Config{Store: s, BaseURL: srv.URL, SampleLabel: sample.Label,
		Now: func() time.Time { return time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		return nil, err
	}
	srv.Config.Handler = h
	fx.srv = srv
	return fx, nil
}

func (fx *fixture) get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", fx.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// doc fetches a page, checks its status and parses it.
func (fx *fixture) doc(t *testing.T, path string, status int) *goquery.Document {
	t.Helper()
	res := fx.get(t, path)
	defer res.Body.Close()
	if res.StatusCode != status {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: status %d, want %d\n%.500s", path, res.StatusCode, status, b)
	}
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (fx *fixture) jsonBody(t *testing.T, path string, status int, v any) {
	t.Helper()
	res := fx.get(t, path)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%.500s", path, res.StatusCode, status, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func pageTitle(d *goquery.Document) string { return strings.TrimSpace(d.Find("head > title").Text()) }

// TestEveryPage checks what every page must have: a title, a canonical
// link, a description, one h1, the archive list and the sample notice.
func TestEveryPage(t *testing.T) {
	fx := sharedFixture(t)
	for _, path := range []string{"/", "/?cursor=" + firstCursor(t, fx), "/cases/2024-359", "/releases/1", "/labels",
		"/labels/" + url.PathEscape(jikenbo.LabelFinalReport), "/archive/2024", "/archive/2024/08", "/orgs/1", "/search",
		"/search?q=" + url.QueryEscape("紛失"), "/stats", "/stats?tax=jnsa", "/report/2024", "/watch", "/no/such/page"} {
		t.Run(path, func(t *testing.T) {
			status := http.StatusOK
			if path == "/no/such/page" {
				status = http.StatusNotFound
			}
			d := fx.doc(t, path, status)
			if title := pageTitle(d); !strings.HasSuffix(title, " | セキュリティ事件簿") || len(title) < 20 {
				t.Errorf("title %q", title)
			}
			canon, _ := d.Find(`link[rel="canonical"]`).Attr("href")
			if !strings.HasPrefix(canon, fx.srv.URL+"/") {
				t.Errorf("canonical %q, want an absolute URL on %s", canon, fx.srv.URL)
			}
			if desc, _ := d.Find(`meta[name="description"]`).Attr("content"); len([]rune(desc)) < 15 {
				t.Errorf("description %q", desc)
			}
			if n := d.Find("h1").Length(); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			if d.Find("html").AttrOr("lang", "") != "ja" {
				t.Error("html lang is not ja")
			}
			if d.Find("aside ul.archive > li").Length() == 0 {
				t.Error("no archive list")
			}
			if !strings.Contains(d.Find("footer .sample").Text(), "サンプル") {
				t.Error("footer does not say the casebook holds sample data")
			}
			if n := d.Find("script").Length(); n != 0 {
				t.Errorf("%d script elements; pages carry none", n)
			}
		})
	}
}

func firstCursor(t *testing.T, fx *fixture) string {
	p, err := fx.store.FindReleaseSummaries(context.Background(), jikenbo.ReleaseQuery{Limit: 20})
	if err != nil || p.Next == "" {
		t.Fatalf("no second page: %+v, %v", p, err)
	}
	return url.QueryEscape(p.Next)
}

var headlinePattern = regexp.MustCompile(`^【セキュリティ事件簿#\d{4}-\d{3,}】\S.* \d{4}/\d{2}/\d{2}$`)

func TestHome(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/", http.StatusOK)
	items := d.Find("li.release-item")
	if items.Length() != 20 {
		t.Fatalf("%d releases on the first page, want 20", items.Length())
	}
	seen := map[string]bool{}
	var dates []string
	items.Each(func(i int, s *goquery.Selection) {
		h := strings.TrimSpace(s.Find(".headline").Text())
		if !headlinePattern.MatchString(h) {
			t.Errorf("headline %q is not in the casebook's form", h)
		}
		dates = append(dates, h[len(h)-10:])
		seen[s.Find("a.release-link").AttrOr("href", "")] = true
		if s.Find(".facts").Text() == "" || s.Find("a.label").Length() == 0 {
			t.Errorf("release %d has no fact line or labels", i)
		}
	})
	for i := 1; i < len(dates); i++ {
		if dates[i] > dates[i-1] {
			t.Errorf("not newest first: %s after %s", dates[i], dates[i-1])
		}
	}
	if strings.Contains(d.Text(), "下書きの公表文") {
		t.Error("the draft is listed")
	}
	next, ok := d.Find(`.pager a[rel="next"]`).Attr("href")
	if !ok {
		t.Fatal("no next page link")
	}
	d2 := fx.doc(t, next, http.StatusOK)
	d2.Find("a.release-link").Each(func(_ int, s *goquery.Selection) {
		if seen[s.AttrOr("href", "")] {
			t.Errorf("%s on both pages", s.AttrOr("href", ""))
		}
	})
	if n := d2.Find("li.release-item").Length(); n != 11 {
		t.Errorf("%d releases on the second page, want 11 (31 public)", n)
	}
}

// TestReleaseEvidence follows each fact's evidence link to its span in
// the text, and checks that the text is shown exactly as published.
func TestReleaseEvidence(t *testing.T) {
	fx := sharedFixture(t)
	ctx := context.Background()
	p, err := fx.store.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{CaseID: "2024-359", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range p.Releases {
		rel, err := fx.store.FindReleaseByID(ctx, rs.ID)
		if err != nil {
			t.Fatal(err)
		}
		d := fx.doc(t, fmt.Sprintf("/releases/%d", rs.ID), http.StatusOK)
		if got := d.Find(".release-text").Text(); got != rel.Text {
			t.Errorf("release %d: shown text differs from the archived text", rs.ID)
		}
		links := d.Find("a.evidence-link")
		if links.Length() == 0 {
			t.Errorf("release %d: no evidence links", rs.ID)
		}
		links.Each(func(_ int, a *goquery.Selection) {
			id := strings.TrimPrefix(a.AttrOr("href", ""), "#")
			anchor := d.Find(`.release-text span.anchor[id="` + id + `"]`)
			next := anchor.Next()
			for next.Is("span.anchor") {
				next = next.Next()
			}
			if anchor.Length() != 1 || !next.Is("mark.ev") {
				t.Errorf("release %d: evidence link #%s does not lead to a marked span", rs.ID, id)
			}
		})
		if d.Find("a.case-link").AttrOr("href", "") != "/cases/2024-359" {
			t.Errorf("release %d: no link to its case", rs.ID)
		}
	}
	fx.doc(t, fmt.Sprintf("/releases/%d", fx.draft), http.StatusNotFound)
	fx.doc(t, "/releases/999999", http.StatusNotFound)
	fx.doc(t, "/releases/abc", http.StatusNotFound)
}

func TestMarkupIsText(t *testing.T) {
	fx := sharedFixture(t)
	res := fx.get(t, fmt.Sprintf("/releases/%d", fx.xssID))
	defer res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := d.Find(".release-text")
	if text.Find("*:not(mark):not(span.anchor)").Length() != 0 {
		h, _ := text.Html()
		t.Errorf("release text produced elements: %.300s", h)
	}
	for _, sel := range []string{"script", "img", "svg[onload]", `a[href^="javascript"]`, "[onerror]", "[onload]"} {
		if d.Find(sel).Length() != 0 {
			t.Errorf("page has %s", sel)
		}
	}
	if !strings.Contains(text.Text(), `<script>window.__xss = 1; alert(1)</script>`) {
		t.Error("the markup is not shown as text")
	}
}

func TestCasePage(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/cases/2024-359", http.StatusOK)
	roles := map[string]string{}
	d.Find("ul.orgs li").Each(func(_ int, s *goquery.Selection) {
		roles[s.Find("a").Text()] = s.Text()
	})
	if !strings.Contains(roles["株式会社北辰プリントサービス"], "委託先") {
		t.Errorf("contractor role missing: %v", roles)
	}
	for _, client := range []string{"瑞穂野市", "青葉台市", "株式会社みどり生命保険"} {
		if _, ok := roles[client]; !ok {
			t.Errorf("client %s missing: %v", client, roles)
		}
	}
	if n := d.Find("ol.timeline li.earlier").Length(); n == 0 {
		t.Error("no earlier release known only by date on the timeline")
	}
	if n := d.Find("ol.timeline li.tl-release").Length(); n != 6 {
		t.Errorf("%d releases on the timeline, want 6", n)
	}
	// The contractor's final report concludes its own part; two client
	// cities published only their first reports, so the case is ongoing.
	if !strings.Contains(d.Find(".meta .status").Text(), "調査中") {
		t.Error("the case is concluded although two publishers' latest releases are ongoing")
	}
	rows := map[string][]string{}
	d.Find("table.publishers tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
		rows[tr.Find("th a").Text()] = cells
	})
	if got := rows["株式会社北辰プリントサービス"]; len(got) != 3 || got[0] != "2024年11月15日" || got[1] != "120,000人" || !strings.HasPrefix(got[2], "最終報告") {
		t.Errorf("publisher row of the contractor: %q (table %q)", got, rows)
	}
	if got := rows["青葉台市"]; len(got) != 3 || !strings.Contains(got[2], "調査中") {
		t.Errorf("publisher row of 青葉台市: %q", got)
	}
	persons := d.Find(".figure.persons")
	if !strings.Contains(persons.Find("strong").Text(), "120,000人") || persons.Find(".from a").Length() != 1 || !strings.Contains(persons.Text(), "最大値") {
		t.Errorf("persons figure: %q", persons.Text())
	}
	if d.Find(".figure.status .from a").Length() != 2 {
		t.Errorf("status figure links %d releases, want the 2 ongoing publishers'", d.Find(".figure.status .from a").Length())
	}
	fx.doc(t, "/cases/2099-999", http.StatusNotFound)
	fx.doc(t, "/cases/not-a-number", http.StatusNotFound)
}

func TestLabelPages(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/labels", http.StatusOK)
	var final string
	d.Find("ul.label-cloud li").Each(func(_ int, s *goquery.Selection) {
		if s.Find("a").Text() == jikenbo.LabelFinalReport {
			final = s.Find("a").AttrOr("href", "")
		}
	})
	if final == "" {
		t.Fatal("最終報告 is not listed")
	}
	d = fx.doc(t, final, http.StatusOK)
	heading := strings.Join(strings.Fields(d.Find(".label-heading").Text()), " ")
	if !strings.HasPrefix(heading, "ラベル 最終報告 の投稿を表示しています。") {
		t.Errorf("heading %q", heading)
	}
	if a := d.Find(".label-heading a.all-posts"); a.Text() != "すべての投稿を表示" || a.AttrOr("href", "") != "/" {
		t.Errorf("all-posts link %q → %q", a.Text(), a.AttrOr("href", ""))
	}
	d.Find("li.release-item").Each(func(i int, s *goquery.Selection) {
		if !strings.Contains(s.Find(".labels").Text(), jikenbo.LabelFinalReport) {
			t.Errorf("release %d lacks the label", i)
		}
	})
	fx.doc(t, "/labels/"+url.PathEscape("ない ラベル"), http.StatusNotFound)
}

func TestArchive(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/", http.StatusOK)
	d.Find("aside ul.archive > li").Each(func(_ int, y *goquery.Selection) {
		href := y.Find("summary a").AttrOr("href", "")
		want := strings.Trim(y.Find("summary .count").Text(), "()")
		page := fx.doc(t, href, http.StatusOK)
		if got := page.Find("p.lead").Text(); !strings.HasPrefix(got, want+"件") {
			t.Errorf("%s: %q, sidebar says %s", href, got, want)
		}
		y.Find("ul li a").Each(func(_ int, m *goquery.Selection) {
			p := fx.doc(t, m.AttrOr("href", ""), http.StatusOK)
			if p.Find("li.release-item").Length() == 0 {
				t.Errorf("%s lists nothing", m.AttrOr("href", ""))
			}
		})
	})
	for _, bad := range []string{"/archive/abcd", "/archive/2024/13", "/archive/-1", "/archive/1800", "/archive/2024/00", "/archive/2001"} {
		fx.doc(t, bad, http.StatusNotFound)
	}
}

func TestOrganizationPage(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/orgs/1", http.StatusOK)
	if h := d.Find("h1").Text(); h != "株式会社北辰プリントサービス" {
		t.Errorf("h1 %q", h)
	}
	if d.Find("#ct-h").Length() == 0 || d.Find("#ct-h").Parent().Find("a.case-link").Length() == 0 {
		t.Error("no cases as contractor")
	}
	if d.Find("figure.chart svg rect").Length() == 0 {
		t.Error("no chart of releases over the years")
	}
	fx.doc(t, "/orgs/0", http.StatusNotFound)
	fx.doc(t, "/orgs/99999", http.StatusNotFound)
}

func TestSearch(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/search?q="+url.QueryEscape("紛失"), http.StatusOK)
	total := d.Find(".total").Text()
	if total == "0" || total == "" {
		t.Fatalf("紛失 found %q releases", total)
	}
	d.Find("li.release-item").Each(func(i int, s *goquery.Selection) {
		if !strings.Contains(s.Find(".snippet mark").Text(), "紛失") {
			t.Errorf("result %d: snippet without 紛失 marked: %q", i, s.Find(".snippet").Text())
		}
	})
	if strings.Contains(d.Text(), "下書きの公表文") {
		t.Error("a draft was found")
	}
	// Follow the first category facet: the result count equals the
	// facet's count and every result keeps the word.
	facet := d.Find(`section.facet[data-facet="category"] li`).First()
	want := facet.Find(".count").Text()
	d2 := fx.doc(t, facet.Find("a").AttrOr("href", ""), http.StatusOK)
	if got := d2.Find(".total").Text(); got != want {
		t.Errorf("after the facet: %s results, facet said %s", got, want)
	}
	if d2.Find(".active-filters a.remove-filter").Length() != 1 || d2.Find(`input[type="hidden"][name="category"]`).Length() != 1 {
		t.Error("the facet is not shown as an active filter")
	}
	// One character works too, and a search with no match is an empty
	// result, not an error.
	if d := fx.doc(t, "/search?q="+url.QueryEscape("県"), http.StatusOK); d.Find(".total").Text() == "0" {
		t.Error("県 found nothing")
	}
	if d := fx.doc(t, "/search?q="+url.QueryEscape("存在しない語句"), http.StatusOK); d.Find(".total").Text() != "0" {
		t.Error("a word that is nowhere found something")
	}
}

func TestStatsCharts(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/stats", http.StatusOK)
	figs := d.Find("figure.chart")
	if figs.Length() != 6 {
		t.Fatalf("%d charts, want 6", figs.Length())
	}
	figs.Each(func(_ int, f *goquery.Selection) {
		id := f.AttrOr("id", "")
		svg := f.Find(`svg[role="img"]`)
		if svg.Length() != 1 || svg.Find("desc").Text() == "" || !strings.Contains(svg.AttrOr("aria-labelledby", ""), id+"-title") {
			t.Errorf("%s: svg not labelled", id)
		}
		marks := svg.Find("rect, circle")
		if marks.Length() == 0 {
			t.Errorf("%s: nothing drawn", id)
		}
		marks.Each(func(_ int, m *goquery.Selection) {
			if m.Find("title").Text() == "" {
				t.Errorf("%s: a mark without a tooltip", id)
			}
		})
		rows := f.Find("table tbody tr")
		csvURL := f.Find(".csv a").AttrOr("href", "")
		res := fx.get(t, csvURL)
		recs, err := csv.NewReader(res.Body).ReadAll()
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %v (%d)", csvURL, err, res.StatusCode)
		}
		if len(recs) != rows.Length()+1 {
			t.Errorf("%s: CSV has %d records, the table %d rows", id, len(recs), rows.Length())
		}
		rows.Each(func(i int, r *goquery.Selection) {
			if got, want := strings.TrimPrefix(recs[i+1][0], "\ufeff"), r.Find("th").Text(); got != want {
				t.Errorf("%s row %d: CSV %q, table %q", id, i, got, want)
			}
			r.Find("td").Each(func(j int, c *goquery.Selection) {
				if got, want := recs[i+1][j+1], strings.ReplaceAll(c.Text(), ",", ""); got != want {
					t.Errorf("%s row %d col %d: CSV %q, table %q", id, i, j, got, want)
				}
			})
		})
	})
	fx.doc(t, "/stats/no-such-chart.csv", http.StatusNotFound)
}

func TestWatch(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/watch", http.StatusOK)
	items := d.Find("ol.watch li.case-item")
	if items.Length() == 0 {
		t.Fatal("no ongoing cases")
	}
	prev := 1 << 30
	items.Each(func(_ int, s *goquery.Selection) {
		var days int
		if _, err := fmt.Sscanf(s.Find(".days strong").Text(), "%d日", &days); err != nil {
			t.Errorf("days %q: %v", s.Find(".days").Text(), err)
		}
		if days > prev {
			t.Errorf("not oldest first: %d after %d", days, prev)
		}
		prev = days
		if strings.Contains(s.Text(), "調査完了") {
			t.Error("a concluded case on the watch list")
		}
	})
}

// TestConditional checks ETag, Last-Modified and 304 on pages, feeds and
// the API, and that a change to the casebook changes them.
func TestConditional(t *testing.T) {
	fx := newFixture(t)
	paths := []string{"/", "/cases/2024-359", "/labels/" + url.PathEscape("サンプル"), "/search?q=" + url.QueryEscape("紛失"), "/stats",
		"/watch", "/feed.atom", "/labels/" + url.PathEscape("サンプル") + "/feed.atom", "/api/v1/cases", "/api/v1/releases/1", "/api/v1/stats"}
	etags := map[string]string{}
	for _, p := range paths {
		res := fx.get(t, p)
		res.Body.Close()
		etag, lm := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if res.StatusCode != 200 || etag == "" || lm == "" {
			t.Fatalf("%s: %d, ETag %q, Last-Modified %q", p, res.StatusCode, etag, lm)
		}
		etags[p] = etag
		for _, h := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `W/` + etag + `, "other"`}, {"If-Modified-Since", lm}} {
			r2 := fx.get(t, p, h...)
			b, _ := io.ReadAll(r2.Body)
			r2.Body.Close()
			if r2.StatusCode != http.StatusNotModified || len(b) != 0 {
				t.Errorf("%s with %s: %d (%d bytes), want 304", p, h[0], r2.StatusCode, len(b))
			}
		}
		if r3 := fx.get(t, p, "If-None-Match", `"stale"`); r3.StatusCode != 200 {
			t.Errorf("%s with a stale tag: %d", p, r3.StatusCode)
		}
	}
	if err := fx.store.AddReleaseLabel(context.Background(), 1, jikenbo.ReleaseLabel{Name: "編集者のラベル", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		res := fx.get(t, p, "If-None-Match", etags[p])
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("ETag") == etags[p] {
			t.Errorf("%s after a change: %d, ETag %q", p, res.StatusCode, res.Header.Get("ETag"))
		}
	}
}

// TestBadParameters sends malformed, overlong and SQL-laden parameters:
// each is a 400 or an empty result, never a 500.
func TestBadParameters(t *testing.T) {
	fx := sharedFixture(t)
	long := strings.Repeat("漏", 300)
	sql := url.QueryEscape(`' OR 1=1; DROP TABLE releases; --`)
	cases := []struct {
		path string
		want []int
	}{
		{"/search?q=" + url.QueryEscape(long), []int{400}},
		{"/search?q=%zz", []int{400}},
		{"/search?q=%ff%fe", []int{400}},
		{"/search?q=" + sql, []int{200}},
		{"/search?q=" + url.QueryEscape(`"`), []int{400, 200}},
		{"/search?q=" + url.QueryEscape(`*`), []int{400, 200}},
		{"/search?q=" + url.QueryEscape(`NEAR(a b)`), []int{200}},
		{"/search?q=" + url.QueryEscape(`a OR b AND NOT c`), []int{200}},
		{"/search?q=%E7%B4%9B&category=" + sql, []int{400}},
		{"/search?year=abcd", []int{400}},
		{"/search?year=99999999999999999999", []int{400}},
		{"/search?persons=1-2", []int{400}},
		{"/search?third_party=maybe", []int{400}},
		{"/search?kind=" + sql, []int{400}},
		{"/search?status=" + sql, []int{400}},
		{"/search?org=-1", []int{400}},
		{"/search?label=" + sql, []int{200}},
		{"/search?q=a&cursor=" + sql, []int{400}},
		{"/?cursor=" + sql, []int{400}},
		{"/?cursor=" + url.QueryEscape("MjAyNC0xMy0wMXx4"), []int{400}},
		{"/search?" + strings.Repeat("a=b&", 600), []int{400}},
		{"/search/feed.atom?q=" + sql, []int{200}},
		{"/search/feed.atom", []int{400}},
		{"/labels/" + sql, []int{404}},
		{"/api/v1/releases?limit=0", []int{400}},
		{"/api/v1/releases?limit=1000", []int{400}},
		{"/api/v1/releases?since=yesterday", []int{400}},
		{"/api/v1/releases?q=" + sql, []int{200}},
		{"/api/v1/releases?cursor=" + sql, []int{400}},
		{"/api/v1/cases?status=" + sql, []int{400}},
		{"/api/v1/cases?cursor=%00", []int{400}},
		// A NUL byte, a control character or bytes that are not UTF-8
		// anywhere in the path or the parameters: 400 on both engines.
		{"/labels/%00", []int{400}},
		{"/labels/%ff%fe", []int{400}},
		{"/labels/a%00/feed.atom", []int{400}},
		{"/orgs/1%00", []int{400}},
		{"/cases/2024-001%00", []int{400}},
		{"/releases/1%c0%80", []int{400}},
		{"/search?label=%00", []int{400}},
		{"/search?label=%ff", []int{400}},
		{"/search?q=%E6%BC%8F%00", []int{400}},
		{"/search?q=%1b", []int{400}},
		{"/search?%00=1", []int{400}},
		{"/archive/2024?x=%ed%a0%80", []int{400}},
		{"/api/v1/releases?label=%00", []int{400}},
		{"/api/v1/labels/%ff", []int{400}},
		{"/api/v1/orgs?q=%c3%28", []int{400}},
		{"/search?q=%E6%BC%8F%09%E6%B4%A9", []int{200}},
		{"/api/v1/cases/" + sql, []int{404}},
		{"/watch?cursor=" + sql, []int{400}},
	}
	for _, c := range cases {
		res := fx.get(t, c.path)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		ok := false
		for _, w := range c.want {
			ok = ok || res.StatusCode == w
		}
		if !ok {
			t.Errorf("%.80s: %d, want %v\n%.300s", c.path, res.StatusCode, c.want, b)
		}
		if strings.HasPrefix(c.path, "/api/") && res.StatusCode >= 400 {
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(b, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("%s: error body %s", c.path, b)
			}
		}
	}
	// The casebook is still whole.
	if _, err := fx.store.FindReleaseByID(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}

package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/web"
)

// importFixture is a server on a casebook imported from paths, as a user
// imports them: no samples.
func importFixture(t *testing.T, paths ...string) (*fixture, *casebook.Summary) {
	t.Helper()
	s, err := openTestStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
	sum, err := im.Import(context.Background(), paths)
	if err != nil || sum.Failed > 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	h, err := web.New(web.Config{Store: s, BaseURL: srv.URL, Now: func() time.Time { return time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	return &fixture{srv: srv, store: s}, sum
}

// listedReleases follows the home page's pages and returns every
// release link in order, failing on a release listed twice.
func listedReleases(t *testing.T, fx *fixture) (links []string, undated []string) {
	t.Helper()
	seen := map[string]bool{}
	for next := "/"; next != ""; {
		d := fx.doc(t, next, 200)
		d.Find("li.release-item").Each(func(_ int, li *goquery.Selection) {
			href, _ := li.Find("a.release-link").Attr("href")
			if seen[href] {
				t.Errorf("%s listed twice", href)
			}
			seen[href] = true
			links = append(links, href)
			if li.Find(".undated").Length() > 0 {
				undated = append(undated, href)
			}
		})
		next, _ = d.Find(`a[rel="next"]`).Attr("href")
	}
	return links, undated
}

// publisherRows reads a case page's publishers table: name → cells.
func publisherRows(d *goquery.Document) map[string][]string {
	rows := map[string][]string{}
	d.Find("table.publishers tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
		rows[strings.TrimSpace(tr.Find("th").Contents().First().Text())] = cells
	})
	return rows
}

// TestReaderCasebook imports a contractor incident as a casebook label
// page with five clients' final reports, two of those releases again as
// the clients' own files (a text file and an HTML page), and an undated
// release of another client: each release is shown once, the undated one
// last and marked, and the case is summarised from the dated releases of
// each publisher (72,230 people in all, concluded), not from the undated
// release filed last (78 people, ongoing).
func TestReaderCasebook(t *testing.T) {
	td := filepath.Join("..", "casebook", "testdata", "reader")
	fx, sum := importFixture(t, filepath.Join(td, "label-page.txt"), filepath.Join(td, "tozai-business.txt"),
		filepath.Join(td, "minato-shinkin.html"), filepath.Join(td, "nishiyama-city.txt"))
	if sum.Added != 7 || sum.Sources != 2 {
		t.Errorf("import: %+v, want 7 added and 2 more sources", sum)
	}
	links, undated := listedReleases(t, fx)
	if len(links) != 7 || len(undated) != 1 || links[len(links)-1] != undated[0] {
		t.Errorf("listed %v, undated %v: want 7 releases once each, the undated one last", links, undated)
	}
	d := fx.doc(t, "/cases/2024-217", 200)
	if s := d.Find(".meta .status").Text(); !strings.Contains(s, "調査完了") {
		t.Errorf("case status %q, want 調査完了: every dated publisher's latest release concludes", s)
	}
	if p := d.Find(".figure.persons strong").Text(); p != "72,230人" {
		t.Errorf("affected people %q, want 72,230人 (69,403 + 2,702 + 88 + 37)", p)
	}
	if n := d.Find(".figure.persons .from a").Length(); n != 4 {
		t.Errorf("the figure links %d releases, want the 4 that gave a count", n)
	}
	if h := d.Find("h1").Text(); !strings.Contains(h, "株式会社見本印刷のランサムウェア被害") {
		t.Errorf("case title %q, want the contractor and what happened", h)
	}
	rows := publisherRows(d)
	if got := rows["西山市"]; len(got) != 3 || got[0] != "公表日不明" || got[1] != "78人" {
		t.Errorf("西山市's row %q (table %q)", got, rows)
	}
	if got := rows["株式会社東西ビジネス"]; len(got) != 3 || got[0] != "2024年11月15日" || got[1] != "69,403人" || !strings.HasPrefix(got[2], "最終報告") {
		t.Errorf("株式会社東西ビジネス's row %q", got)
	}
	if len(rows) != 6 {
		t.Errorf("%d publishers, want 6: %q", len(rows), rows)
	}
	// The release read from three places names its other sources.
	var shinkin string
	d.Find("table.publishers tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.Contains(tr.Find("th").Text(), "静岡湊信用金庫") {
			shinkin, _ = tr.Find("td a").Attr("href")
		}
	})
	if rd := fx.doc(t, shinkin, 200); rd.Find("ul.sources li").Length() != 1 || !strings.Contains(rd.Find("ul.sources").Text(), "minato-shinkin.html") {
		t.Errorf("%s: sources %q", shinkin, rd.Find("ul.sources").Text())
	}
	if rd := fx.doc(t, undated[0], 200); !strings.Contains(rd.Find(".meta").First().Text(), "公表日不明") {
		t.Errorf("undated release page: %q", rd.Find(".meta").First().Text())
	} else if rd.Find(`meta[property="article:published_time"]`).Length() != 0 || rd.Find(`meta[property="og:type"]`).AttrOr("content", "") != "article" {
		t.Error("undated release page: want og:type article without article:published_time")
	}
	if rd := fx.doc(t, links[0], 200); rd.Find(`meta[property="article:published_time"]`).AttrOr("content", "") == "" ||
		rd.Find(".release .meta time").AttrOr("datetime", "") != rd.Find(`meta[property="article:published_time"]`).AttrOr("content", "") {
		t.Errorf("%s: dated release page without article:published_time or <time> of the 公表日", links[0])
	}
	// Atom: published only when known.
	for _, e := range atomEntries(t, fx, "/cases/2024-217/feed.atom") {
		if strings.Contains(e.Title, "西山市") != (e.Published == "") {
			t.Errorf("entry %q: published %q", e.Title, e.Published)
		}
	}
	// The contractor never published; its feed has its clients' releases.
	var contractor string
	d.Find("ul.orgs li").Each(func(_ int, li *goquery.Selection) {
		if strings.Contains(li.Text(), "委託先") {
			contractor, _ = li.Find("a").Attr("href")
		}
	})
	if n := len(atomEntries(t, fx, contractor+"/feed.atom")); n != 6 {
		t.Errorf("contractor %s feed: %d entries, want the 6 releases of its case", contractor, n)
	}
}

// TestReaderSeedCorpus imports the seed label page and the seven posts it
// repeats as files, read in place from the development corpus: each
// release is shown once, and #2024-217 is summarised from its two final
// reports.
func TestReaderSeedCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "shared", "corpus")
	page := filepath.Join(corpus, "pages", "label-final-report.txt")
	if _, err := os.Stat(page); err != nil {
		t.Skipf("SKIPPING: the seed page is not here (%v); it is read in place from ../shared/corpus", err)
	}
	paths := []string{page}
	for _, n := range []string{"001", "002", "003", "004", "005", "006", "007"} {
		paths = append(paths, filepath.Join(corpus, "dev", n+".txt"))
	}
	fx, sum := importFixture(t, paths...)
	if sum.Added != 7 || sum.Sources != 7 {
		t.Errorf("import: %+v, want 7 releases, each with a second source", sum)
	}
	links, undated := listedReleases(t, fx)
	if len(links) != 7 || len(undated) != 1 {
		t.Errorf("listed %d releases (%d undated), want 7 once each and #2024-430 undated", len(links), len(undated))
	}
	d := fx.doc(t, "/cases/2024-217", 200)
	if s := d.Find(".meta .status").Text(); !strings.Contains(s, "調査完了") {
		t.Errorf("#2024-217 status %q, want 調査完了", s)
	}
	// 株式会社東海信金ビジネス is also 静清信用金庫's contractor: its 69,403
	// may include the shinkin bank's 2,702, so the larger figure stands.
	if p := d.Find(".figure.persons strong").Text(); p != "69,403人" {
		t.Errorf("#2024-217 affected people %q, want 69,403人", p)
	}
	if rows := publisherRows(d); len(rows) != 2 {
		t.Errorf("#2024-217 publishers %q, want the two final reports", rows)
	}
}

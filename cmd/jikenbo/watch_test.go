package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo/internal/fixtureworld"
)

// TestSourceCommands adds, lists, imports and removes watched sources.
func TestSourceCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	code, out, errOut := casebookCLI(t, "source", "add", "https://shop.example/news/", "--every", "30m", "--db", db)
	if code != 0 || !strings.Contains(out, "source 1: https://shop.example/news/ (page, every 30m0s)") {
		t.Fatalf("source add: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = casebookCLI(t, "source", "add", "https://shop.example/news/", "--db", db); code != 1 || !strings.Contains(errOut, "登録済み") {
		t.Errorf("source add twice: exit %d, %q; want a conflict", code, errOut)
	}
	if code, _, errOut = casebookCLI(t, "source", "add", "https://x.example/", "--kind", "mail", "--db", db); code != 1 || !strings.Contains(errOut, "feed, page, sitemap") {
		t.Errorf("source add --kind mail: exit %d, %q", code, errOut)
	}
	opml := filepath.Join(dir, "feeds.opml")
	writeFile(t, opml, `<?xml version="1.0"?><opml version="2.0"><head><title>feeds</title></head><body>
<outline text="自治体"><outline text="見本市" type="rss" xmlUrl="https://city.example/news.rdf" htmlUrl="https://city.example/"/></outline>
<outline text="見本商事" type="rss" xmlUrl="https://corp.example/feed/"/></body></opml>`)
	list := filepath.Join(dir, "sources.txt")
	writeFile(t, list, "# watched\nhttps://univ.example/sitemap.xml\nhttps://shop.example/news/ page 2h\nhttps://bank.example/info/ page 6h # 信用金庫\n")
	for _, f := range []string{opml, list} {
		if code, out, errOut = casebookCLI(t, "source", "import", f, "--db", db); code != 0 {
			t.Fatalf("source import %s: exit %d\n%s%s", f, code, out, errOut)
		}
	}
	if !strings.Contains(out, "2 added, 1 already watched") {
		t.Errorf("source import list: %q, want 2 added, 1 already watched", out)
	}
	bad := filepath.Join(dir, "bad.txt")
	writeFile(t, bad, "https://ok.example/feed.xml\nhttps://ok.example/ weekly\n")
	if code, _, errOut = casebookCLI(t, "source", "import", bad, "--db", db); code != 1 || !strings.Contains(errOut, "bad.txt:2") {
		t.Errorf("source import bad: exit %d, %q; want the file and line", code, errOut)
	}
	code, out, _ = casebookCLI(t, "source", "list", "--json", "--db", db)
	var got []sourceJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("source list --json: exit %d, %v\n%s", code, err, out)
	}
	kinds := map[string]string{}
	for _, s := range got {
		kinds[s.URL] = s.Kind
	}
	want := map[string]string{"https://shop.example/news/": "page", "https://city.example/news.rdf": "feed", "https://corp.example/feed/": "feed",
		"https://univ.example/sitemap.xml": "sitemap", "https://bank.example/info/": "page"}
	if len(kinds) != len(want) {
		t.Errorf("sources = %v, want %v (nothing from bad.txt)", kinds, want)
	}
	for u, k := range want {
		if kinds[u] != k {
			t.Errorf("source %s kind %q, want %q", u, kinds[u], k)
		}
	}
	if code, out, errOut = casebookCLI(t, "source", "remove", "https://city.example/news.rdf", "--db", db); code != 0 {
		t.Errorf("source remove URL: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = casebookCLI(t, "source", "list", "--db", db)
	if code != 0 || strings.Contains(out, "city.example") || !strings.Contains(out, "univ.example") {
		t.Errorf("source list after remove:\n%s", out)
	}
}

// TestWatchOnce runs watch --once on fixture sites: loopback is refused
// without --allow-private-urls, ordinary notices are passed over, a new
// incident notice becomes a draft.
func TestWatchOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	world := fixtureworld.New(2, nil)
	defer world.Close()
	for _, s := range world.Sites {
		if code, out, errOut := casebookCLI(t, "source", "add", s.ListURL(), "--kind", string(s.Kind), "--db", db); code != 0 {
			t.Fatalf("source add: %d\n%s%s", code, out, errOut)
		}
	}
	code, out, errOut := casebookCLI(t, "watch", "--once", "--db", db)
	if code != 0 || !strings.Contains(out, "2 sources polled (0 not modified, 2 failed)") {
		t.Errorf("watch --once without --allow-private-urls: exit %d\n%s%s; want loopback refused", code, out, errOut)
	}
	// The refused sources back off; new ones are due at once.
	db2 := filepath.Join(dir, "second.db")
	for _, s := range world.Sites {
		casebookCLI(t, "source", "add", s.ListURL(), "--kind", string(s.Kind), "--db", db2)
	}
	code, out, errOut = casebookCLI(t, "watch", "--once", "--allow-private-urls", "--min-gap", "1ms", "--db", db2)
	if code != 0 || !strings.Contains(out, "2 sources polled (0 not modified, 0 failed), 4 new items: 0 drafts, 4 passed over") {
		t.Fatalf("watch --once: exit %d\n%s%s", code, out, errOut)
	}
	site := world.Sites[0]
	site.Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ",
		Body: fixtureworld.Incident(site.Name, time.Now(), 321)})
	// The sources are due again in an hour; added anew they are due at
	// once (their items stay known).
	for _, s := range world.Sites {
		casebookCLI(t, "source", "remove", s.ListURL(), "--db", db2)
		casebookCLI(t, "source", "add", s.ListURL(), "--kind", string(s.Kind), "--db", db2)
	}
	code, out, errOut = casebookCLI(t, "watch", "--once", "--allow-private-urls", "--min-gap", "1ms", "--db", db2)
	if code != 0 || !strings.Contains(out, "1 new items: 1 drafts") {
		t.Fatalf("watch --once after a new notice: exit %d\n%s%s", code, out, errOut)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/internal/fixtureworld"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/watch"
	"github.com/jikenbo/jikenbo/web"
)

// TestDeskSources adds and removes watched sources on the desk and by the
// API, shows a failing source's error and next poll, lists the items the
// watcher passed over with their score, and promotes one to a draft.
func TestDeskSources(t *testing.T) {
	ctx := context.Background()
	world := fixtureworld.New(2, nil)
	t.Cleanup(world.Close)
	var w *watch.Watcher
	fx := newDeskFixture(t, func(dc *web.DeskConfig) {
		im := &casebook.Importer{Store: dc.Store, Extract: extract.Extract, Linker: &link.Linker{}, Draft: true, Actor: "watch"}
		w = &watch.Watcher{Store: dc.Store, Importer: im, Classifier: classify.Default(), AllowPrivate: true, MinGap: time.Millisecond}
		dc.Watch = w
	})
	c := fx.login(t)
	get := func(path string) *goquery.Document {
		t.Helper()
		res, err := c.Get(fx.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if doc := get("/desk/sources"); doc.Find("table.sources").Length() != 0 || doc.Find("p.empty").Length() == 0 {
		t.Errorf("empty desk/sources: want no table and the empty notes")
	}
	for _, s := range world.Sites {
		res := fx.post(t, c, "/desk/sources", url.Values{"url": {s.ListURL()}, "kind": {string(s.Kind)}, "every": {"2h"}}, nil)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/desk/sources?done=source-added" {
			t.Fatalf("add source: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	}
	res := fx.post(t, c, "/desk/sources", url.Values{"url": {"ftp://x.example/"}}, nil)
	if body := readBody(t, res); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "http または https") {
		t.Errorf("add ftp source: %d, want 400 saying why", res.StatusCode)
	}
	world.Sites[1].SetFault(fixtureworld.Fault{Status: http.StatusServiceUnavailable})
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	doc := get("/desk/sources")
	if n := doc.Find("table.sources tr.source").Length(); n != 2 {
		t.Errorf("sources listed: %d, want 2", n)
	}
	failing := doc.Find("tr.source.failing")
	if failing.Length() != 1 || !strings.Contains(failing.Find(".last-error").Text(), "503") || failing.Find(".failures").Text() != "1" {
		t.Errorf("failing source row: %q", failing.Text())
	}
	passed := doc.Find("li.passed-item")
	if passed.Length() != 2 || passed.First().Find(".score").Text() == "" {
		t.Fatalf("passed-over items: %d, want the 2 ordinary notices of the healthy site with scores", passed.Length())
	}
	action, _ := passed.First().Find("form").Attr("action")
	res = fx.post(t, c, action, nil, nil)
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/desk/releases/") {
		t.Fatalf("promote: %d %q, want 303 to the draft", res.StatusCode, loc)
	}
	if got := get(loc).Find("h1").Text(); got == "" {
		t.Errorf("the promoted draft's desk page has no heading")
	}

	// The API: list, add, remove sources; list items by status.
	api := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, fx.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	code, out := api("POST", "/api/v1/sources", `{"url": "https://city.example/sitemap.xml", "every": "6h"}`)
	if code != http.StatusCreated || out["kind"] != "sitemap" || out["every_seconds"] != float64(6*3600) {
		t.Fatalf("POST /api/v1/sources: %d %v", code, out)
	}
	if code, _ := api("POST", "/api/v1/sources", `{"url": "https://city.example/sitemap.xml"}`); code != http.StatusConflict {
		t.Errorf("POST the same source: %d, want 409", code)
	}
	id := int64(out["id"].(float64))
	if code, _ := api("DELETE", "/api/v1/sources/"+itoa(id), ""); code != http.StatusNoContent {
		t.Errorf("DELETE source: %d, want 204", code)
	}
	code, out = api("GET", "/api/v1/sources", "")
	if srcs, _ := out["sources"].([]any); code != http.StatusOK || len(srcs) != 2 {
		t.Errorf("GET /api/v1/sources: %d, %d sources, want 2", code, len(srcs))
	}
	code, out = api("GET", "/api/v1/watch-items?status=promoted", "")
	if items, _ := out["items"].([]any); code != http.StatusOK || len(items) != 1 || items[0].(map[string]any)["release_id"] == nil {
		t.Errorf("GET /api/v1/watch-items?status=promoted: %d %v", code, out)
	}
	if code, _ := api("GET", "/api/v1/watch-items?status=nope", ""); code != http.StatusBadRequest {
		t.Errorf("GET watch-items?status=nope: %d, want 400", code)
	}
	passedItems, _ := fx.store.FindWatchItems(ctx, jikenbo.WatchItemFilter{Status: jikenbo.ItemPassed})
	code, out = api("POST", "/api/v1/watch-items/"+itoa(passedItems[0].ID)+"/promote", "")
	if code != http.StatusCreated || out["draft"] != true {
		t.Errorf("POST promote: %d %v, want 201 and a draft", code, out)
	}
}

// TestWatchShowsChecks: /watch says per ongoing case when its releases
// were last re-read at their source and what changed, and a new check
// changes the page (it is not served from the response cache).
func TestWatchShowsChecks(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	before := fx.doc(t, "/watch", http.StatusOK)
	first := before.Find("ol.watch li.case-item").First()
	if !strings.Contains(first.Find(".checked").Text(), "まだ確認していません") {
		t.Errorf("unchecked case: %q", first.Find(".checked").Text())
	}
	href, _ := first.Find("a.case-link").Attr("href")
	caseID := strings.TrimPrefix(href, "/cases/")
	c, err := fx.store.FindCaseByID(ctx, caseID)
	if err != nil || len(c.Releases) == 0 {
		t.Fatalf("case %s: %v", caseID, err)
	}
	rid := c.Releases[0].ReleaseID
	at := time.Date(2026, 4, 2, 0, 30, 0, 0, time.UTC)
	if err := fx.store.SaveReleaseCheck(ctx, jikenbo.ReleaseCheck{ReleaseID: rid, CheckedAt: at, NextDue: at.Add(24 * time.Hour), ChangedAt: at, Version: 2}); err != nil {
		t.Fatal(err)
	}
	after := fx.doc(t, "/watch", http.StatusOK).Find("ol.watch li.case-item").First()
	if got := after.Find(".checked-at").Text(); got != "2026/04/02 09:30" {
		t.Errorf("checked at %q, want 2026/04/02 09:30 (JST)", got)
	}
	if href, _ := after.Find("a.changed").Attr("href"); href != "/releases/"+itoa(rid) || !strings.Contains(after.Find("a.changed").Text(), "第2版") {
		t.Errorf("changed link %q %q", href, after.Find("a.changed").Text())
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	get := func(path string) *goquery.Document { t.Helper(); return fx.deskDoc(t, c, path) }
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

// silentEdit does to the fixture what the watcher does on finding the
// first release of a case with two dated releases edited at its source
// the day after it was published: version 2 of the release, and the
// check that records the edit. It returns the case, the release and the
// day (JST) the edit was found.
func silentEdit(t *testing.T, fx *fixture) (*jikenbo.Case, int64, jikenbo.Date) {
	t.Helper()
	ctx := context.Background()
	var c *jikenbo.Case
	cases, _, err := fx.store.FindCases(ctx, jikenbo.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cases {
		if len(x.Releases) >= 2 && !x.Releases[0].Published.IsZero() && x.Releases[0].Published.Before(x.Releases[1].Published) {
			c = x
			break
		}
	}
	if c == nil {
		t.Fatal("no case with two dated releases in the fixture")
	}
	rid := c.Releases[0].ReleaseID
	jst := time.FixedZone("JST", 9*60*60)
	// Found the day after the first release (09:30 JST), before the second.
	at := time.Date(c.Releases[0].Published.Year, time.Month(c.Releases[0].Published.Month), c.Releases[0].Published.Day, 0, 30, 0, 0, time.UTC).AddDate(0, 0, 1)
	if !jikenbo.DateOf(at).Before(c.Releases[1].Published) {
		t.Skipf("the fixture's releases of %s are a day apart", c.ID)
	}
	// What the watcher does: the new bytes become version 2, then the
	// check records the edit.
	rel, err := fx.store.FindReleaseByID(ctx, rid)
	if err != nil {
		t.Fatal(err)
	}
	edited := rel.Text + "\n(追記)"
	if err := fx.store.AddVersion(ctx, rid, &jikenbo.ReleaseVersion{Original: []byte(edited), Text: edited, Encoding: "UTF-8"}); err != nil {
		t.Fatal(err)
	}
	if err := fx.store.SaveReleaseCheck(ctx, jikenbo.ReleaseCheck{ReleaseID: rid, CheckedAt: at, NextDue: at.Add(24 * time.Hour), ChangedAt: at, Version: 2}); err != nil {
		t.Fatal(err)
	}
	return c, rid, jikenbo.DateOf(at.In(jst))
}

// TestCaseTimelineShowsEdits: a silent edit the watcher found is an entry
// of its own on the case's timeline, after the releases of its day and
// before later ones, linking to the release's versions; and an entry of
// kind "edited" in the API's case JSON.
func TestCaseTimelineShowsEdits(t *testing.T) {
	fx := newFixture(t)
	c, rid, day := silentEdit(t, fx)
	d := fx.doc(t, "/cases/"+c.ID, http.StatusOK)
	items := d.Find("ol.timeline li")
	edit := d.Find("ol.timeline li.tl-edit")
	if edit.Length() != 1 {
		t.Fatalf("%d edits on the timeline, want 1", edit.Length())
	}
	if got := edit.Find("time").Text(); got != fmt.Sprintf("%d年%d月%d日", day.Year, day.Month, day.Day) {
		t.Errorf("edit dated %q, want the day it was found", got)
	}
	a := edit.Find("a.edit-link")
	if href, _ := a.Attr("href"); href != "/releases/"+itoa(rid)+"#versions" || !strings.Contains(a.Text(), "公表後に内容が変更されました") || !strings.Contains(a.Text(), "第2版") {
		t.Errorf("edit entry %q → %q, want the note, the version and a link to the release's versions", a.Text(), href)
	}
	if rel := fx.doc(t, "/releases/"+itoa(rid), http.StatusOK); rel.Find("ol#versions").Length() != 1 {
		t.Errorf("the release page has no list of versions with id=versions to link to")
	}

	var out struct {
		Timeline []struct {
			Date        *string `json:"date"`
			Kind        string  `json:"kind"`
			ReleaseID   *int64  `json:"release_id"`
			Note        string  `json:"note"`
			Version     int     `json:"version"`
			VersionsURL string  `json:"versions_url"`
		} `json:"timeline"`
	}
	fx.jsonBody(t, "/api/v1/cases/"+c.ID, http.StatusOK, &out)
	if len(out.Timeline) < 3 {
		t.Fatalf("API timeline = %+v, want the releases and the edit", out.Timeline)
	}
	at1 := -1
	for i, e := range out.Timeline {
		if e.Kind == "edited" {
			at1 = i
		}
	}
	if at1 < 1 {
		t.Fatalf("API timeline = %+v, want the edit after a release", out.Timeline)
	}
	e := out.Timeline[at1]
	if e.ReleaseID == nil || *e.ReleaseID != rid || e.Version != 2 || !strings.HasSuffix(e.VersionsURL, "/releases/"+itoa(rid)+"#versions") ||
		e.Date == nil || *e.Date != day.String() || e.Note != "公表後に内容が変更されました" {
		t.Errorf("API timeline edit = %+v", e)
	}
	// In date order: after the entries of its day, before later ones; the
	// page shows the same order.
	if p := out.Timeline[at1-1].Date; p == nil || *p > day.String() {
		t.Errorf("entry before the edit dated %v, want on or before %s", p, day)
	}
	if at1+1 < len(out.Timeline) {
		if n := out.Timeline[at1+1].Date; n != nil && *n <= day.String() {
			t.Errorf("entry after the edit dated %s, want after %s", *n, day)
		}
	}
	if i := items.IndexOfSelection(edit); i != at1 {
		t.Errorf("edit at position %d of the page's timeline, %d of the API's", i, at1)
	}
}

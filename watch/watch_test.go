package watch_test

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/internal/fixtureworld"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/watch"
)

// cues is a test double of the classifier: an incident notice speaks of
// unauthorised access and apologises.
type cues struct{}

func (cues) Classify(title, text string) classify.Verdict {
	if strings.Contains(text, "不正アクセス") && strings.Contains(text, "お詫び") {
		return classify.Verdict{Incident: true, Score: 0.92, Reasons: []classify.Reason{{Cue: "cue:不正アクセス", Weight: 2.1}, {Cue: "title:お詫び", Weight: 0.8}}}
	}
	return classify.Verdict{Score: 0.08, Reasons: []classify.Reason{{Cue: "title:お知らせ", Weight: -1.2}}}
}

// clock is the scenario's time, moved a day at a time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	t     *testing.T
	ctx   context.Context
	store *sqlite.Store
	world *fixtureworld.World
	clock *clock
	w     *watch.Watcher
	srcs  map[string]*jikenbo.WatchSource // by site host
}

func newFixture(t *testing.T, sites int) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "watch.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	world := fixtureworld.New(sites, c.Now)
	t.Cleanup(world.Close)
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}, Draft: true, Actor: "watch"}
	f := &fixture{t: t, ctx: ctx, store: s, world: world, clock: c, srcs: map[string]*jikenbo.WatchSource{},
		w: &watch.Watcher{Store: s, Importer: im, Classifier: cues{}, AllowPrivate: true, MinGap: time.Millisecond, Timeout: time.Second,
			Now: c.Now, Rand: func() float64 { return 0.5 }}}
	for _, site := range world.Sites {
		src := &jikenbo.WatchSource{URL: site.ListURL(), Kind: site.Kind, Every: time.Hour, NextDue: c.t}
		if err := s.CreateWatchSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		f.srcs[site.Host()] = src
	}
	return f
}

// day moves the clock a day on and runs one round.
func (f *fixture) day() watch.Round {
	f.t.Helper()
	f.clock.add(24 * time.Hour)
	f.world.ResetRequests()
	r, err := f.w.RunOnce(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *fixture) items(st jikenbo.WatchItemStatus) []*jikenbo.WatchItem {
	f.t.Helper()
	its, err := f.store.FindWatchItems(f.ctx, jikenbo.WatchItemFilter{Status: st})
	if err != nil {
		f.t.Fatal(err)
	}
	return its
}

func (f *fixture) source(site *fixtureworld.Site) *jikenbo.WatchSource {
	f.t.Helper()
	s, err := f.store.FindWatchSourceByID(f.ctx, f.srcs[site.Host()].ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// TestWatchWorld drives the watcher through a sequence of days on the
// fixture world: every kind of source and encoding, new notices, a 第2報,
// a silent edit, a moved and a removed page, a failing, a slow and a
// disallowing site.
func TestWatchWorld(t *testing.T) {
	f := newFixture(t, 9)
	sites := f.world.Sites // 0 feed, 1 page UTF-8, 2 sitemap, 3 feed, 4 page Shift_JIS, 5 sitemap, 6 feed, 7 page EUC-JP, 8 sitemap

	// Day 1: every source is read for the first time; their ordinary
	// notices are passed over, none dropped.
	r := f.day()
	if r.Polled != 9 || r.Failed != 0 || r.Passed != 18 || r.Drafts != 0 {
		t.Fatalf("day 1: %+v, want 9 polled, 18 passed", r)
	}
	passed := f.items(jikenbo.ItemPassed)
	if len(passed) != 18 || passed[0].Score != 0.08 || len(passed[0].Reasons) != 1 {
		t.Fatalf("passed-over items = %d (%+v), want 18 with their score and reasons", len(passed), passed[0])
	}
	for _, it := range passed {
		if strings.Contains(it.URL, "/about/") || strings.Contains(it.URL, "/privacy/") || strings.Contains(it.URL, "/contact/") {
			t.Errorf("a menu or footer link was taken as an item: %s", it.URL)
		}
	}
	if f.world.MaxParallel() > 1 {
		t.Errorf("a host answered %d requests at once, want one at a time", f.world.MaxParallel())
	}

	// Day 2: three incidents, on a feed, a Shift_JIS list and a sitemap.
	found := f.clock.Now().AddDate(0, 0, -1)
	sites[0].Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ", Body: fixtureworld.Incident(sites[0].Name, found, 1200)})
	sites[4].Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ", Body: fixtureworld.Incident(sites[4].Name, found, 300)})
	sites[5].Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ", Body: fixtureworld.Incident(sites[5].Name, found, 45)})
	sites[1].Publish(fixtureworld.Notice{Path: "/news/new-product.html", Title: "新商品発売のお知らせ", Body: fixtureworld.Ordinary(sites[1].Name, 2)})
	r = f.day()
	if r.Drafts != 3 || r.Passed != 1 || r.Failed != 0 {
		t.Fatalf("day 2: %+v, want 3 drafts and 1 passed", r)
	}
	drafts := f.items(jikenbo.ItemDraft)
	for _, it := range drafts {
		rel, err := f.store.FindReleaseByID(f.ctx, it.ReleaseID)
		if err != nil {
			t.Fatal(err)
		}
		if !rel.Draft || rel.CaseID == "" || rel.Source != it.URL || it.Score != 0.92 || it.SourceID == 0 {
			t.Errorf("draft %+v: release draft=%v case=%q source=%q", it, rel.Draft, rel.CaseID, rel.Source)
		}
	}
	// Unchanged lists answered 304: robots.txt (read once a day) and the
	// list, nothing else.
	req := f.world.Requests()
	for _, i := range []int{2, 3, 6, 7, 8} {
		if n := req[sites[i].Host()]; n != 2 {
			t.Errorf("day 2: unchanged site %d got %d requests, want 2 (robots.txt and a 304)", i, n)
		}
	}

	// Day 3: nothing new: every list is a 304, and the releases of the
	// open cases are re-read (checked on day 2 already, due again now).
	// Each check is a conditional GET: robots.txt, the list and the
	// release page cost a request each and no byte of body.
	r = f.day()
	if r.NotModified != 9 || r.Items != 0 || r.Checked != 3 || r.CheckNotModified != 3 || r.Changed != 0 {
		t.Fatalf("day 3: %+v, want 9 not modified, 3 checked, all 304", r)
	}
	req = f.world.Requests()
	for _, i := range []int{0, 4, 5} {
		if n := req[sites[i].Host()]; n != 3 {
			t.Errorf("day 3: site %d with an open case got %d requests, want 3 (robots.txt, the list's 304, the release's 304)", i, n)
		}
	}
	if n, b := f.world.NotModified(), f.world.BytesServed(); n != 12 || b != 0 {
		t.Errorf("day 3: %d answers 304 and %d bytes of bodies, want 12 (9 lists, 3 releases) and none", n, b)
	}

	// Day 4: a silent edit of the first notice becomes a new version; the
	// 第2報 is filed as a draft in the same case.
	sites[0].Edit("/news/incident.html", strings.Replace(fixtureworld.Incident(sites[0].Name, found, 1200), "1200名", "1250名", 1))
	sites[4].Publish(fixtureworld.Notice{Path: "/news/incident-2.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ(第2報)",
		Body: fixtureworld.FollowUp(sites[4].Name, found, 310)})
	r = f.day()
	if r.Changed != 1 || r.Drafts != 1 {
		t.Fatalf("day 4: %+v, want 1 changed and 1 draft", r)
	}
	first := findItem(t, f, sites[0].URL()+"/news/incident.html")
	vs, err := f.store.FindVersions(f.ctx, first.ReleaseID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions of the edited release = %d, %v; want 2", len(vs), err)
	}
	chk, err := f.store.FindReleaseCheck(f.ctx, first.ReleaseID)
	if err != nil || chk.Version != 2 || !chk.ChangedAt.Equal(f.clock.Now()) {
		t.Errorf("check of the edited release = %+v, %v", chk, err)
	}
	a, b := findItem(t, f, sites[4].URL()+"/news/incident.html"), findItem(t, f, sites[4].URL()+"/news/incident-2.html")
	ra, _ := f.store.FindReleaseByID(f.ctx, a.ReleaseID)
	rb, _ := f.store.FindReleaseByID(f.ctx, b.ReleaseID)
	if ra.CaseID == "" || ra.CaseID != rb.CaseID {
		t.Errorf("第2報 filed in case %q, first report in %q; want the same", rb.CaseID, ra.CaseID)
	}

	// Day 5: a moved page is known by its bytes; a removed page fails its
	// check; a failing site, a slow one and one that disallows robots back
	// off without stopping the others.
	sites[0].Move("/news/incident.html", "/news/2026/incident.html")
	sites[5].Remove("/news/incident.html")
	sites[3].SetFault(fixtureworld.Fault{Status: http.StatusInternalServerError})
	sites[6].SetFault(fixtureworld.Fault{Delay: 1500 * time.Millisecond})
	sites[7].SetFault(fixtureworld.Fault{Disallow: "/"})
	sites[8].Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ", Body: fixtureworld.Incident(sites[8].Name, found, 9)})
	r = f.day()
	if r.Failed != 3 || r.Drafts != 1 || r.Known != 1 || r.CheckFailures != 1 {
		t.Fatalf("day 5: %+v, want 3 failed sources, 1 draft, 1 known (moved), 1 failed check", r)
	}
	moved := findItem(t, f, sites[0].URL()+"/news/2026/incident.html")
	if moved.Status != jikenbo.ItemKnown || moved.ReleaseID != first.ReleaseID {
		t.Errorf("moved page: %+v, want known as release %d", moved, first.ReleaseID)
	}
	gone := findItem(t, f, sites[5].URL()+"/news/incident.html")
	if chk, err := f.store.FindReleaseCheck(f.ctx, gone.ReleaseID); err != nil || chk.Failures != 1 || !strings.Contains(chk.LastError, "404") {
		t.Errorf("check of the removed page = %+v, %v; want a 404 failure", chk, err)
	}
	for _, i := range []int{3, 6, 7} {
		s := f.source(sites[i])
		if s.Failures != 1 || s.LastError == "" || !s.NextDue.After(f.clock.Now().Add(time.Hour)) {
			t.Errorf("failing site %d: %+v, want one failure backing off past its hour", i, s)
		}
	}
	if s := f.source(sites[7]); !strings.Contains(s.LastError, "robots.txt") {
		t.Errorf("disallowing site: last error %q, want robots.txt named", s.LastError)
	}
	if n := f.world.Requests()[sites[7].Host()]; n != 1 {
		t.Errorf("disallowing site got %d requests, want robots.txt alone", n)
	}

	// Day 6: the 500 goes on: the failures count up and the wait doubles.
	r = f.day()
	s3 := f.source(sites[3])
	if s3.Failures != 2 || s3.NextDue.Sub(f.clock.Now()) < 3*time.Hour {
		t.Errorf("site 3 on day 6: %+v, want 2 failures and a wait of about 4 hours", s3)
	}
	sites[3].SetFault(fixtureworld.Fault{})
	r = f.day()
	if s := f.source(sites[3]); s.Failures != 0 || s.LastError != "" {
		t.Errorf("healed site: %+v, want the failures reset", s)
	}

	// Nothing was dropped: every fetched item is kept with a status.
	all, _ := f.store.FindWatchItems(f.ctx, jikenbo.WatchItemFilter{})
	for _, it := range all {
		if it.Status == "" {
			t.Errorf("item without status: %+v", it)
		}
	}
	if f.world.MaxParallel() > 1 {
		t.Errorf("a host answered %d requests at once, want one at a time", f.world.MaxParallel())
	}
}

func findItem(t *testing.T, f *fixture, url string) *jikenbo.WatchItem {
	t.Helper()
	it, err := f.store.FindWatchItem(f.ctx, url)
	if err != nil {
		t.Fatalf("item %s: %v", url, err)
	}
	return it
}

// TestPromote makes a passed-over item a draft.
func TestPromote(t *testing.T) {
	f := newFixture(t, 1)
	f.day()
	passed := f.items(jikenbo.ItemPassed)
	if len(passed) != 2 {
		t.Fatalf("passed = %d, want 2", len(passed))
	}
	rel, err := f.w.Promote(f.ctx, "editor", passed[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !rel.Draft || rel.Source != passed[0].URL {
		t.Errorf("promoted release = draft %v source %q", rel.Draft, rel.Source)
	}
	it, _ := f.store.FindWatchItemByID(f.ctx, passed[0].ID)
	if it.Status != jikenbo.ItemPromoted || it.ReleaseID != rel.ID {
		t.Errorf("promoted item = %+v", it)
	}
	if _, err := f.w.Promote(f.ctx, "editor", passed[0].ID); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("promoting twice = %v, want ECONFLICT", err)
	}
}

// TestWatchPDF files an incident published as a PDF.
func TestWatchPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	f := newFixture(t, 1)
	f.day()
	site := f.world.Sites[0]
	site.Publish(fixtureworld.Notice{Path: "/news/incident.pdf", Title: "不正アクセスに関するお詫び", PDF: true,
		Body: fixtureworld.Incident(site.Name, f.clock.Now(), 77)})
	if r := f.day(); r.Drafts != 1 {
		t.Fatalf("round: %+v, want the PDF as a draft", r)
	}
	it := findItem(t, f, site.URL()+"/news/incident.pdf")
	rel, err := f.store.FindReleaseByID(f.ctx, it.ReleaseID)
	if err != nil || rel.Facts().AffectedPersons == nil || *rel.Facts().AffectedPersons != 77 {
		t.Errorf("PDF release facts: %+v, %v", rel.Facts(), err)
	}
}

// TestWatchRealClassifier runs two days of the fixture world with the
// fitted model (classify.Default): the ordinary notices are passed over,
// the incident and its 第2報 become drafts with the model's reasons.
func TestWatchRealClassifier(t *testing.T) {
	f := newFixture(t, 3)
	f.w.Classifier = classify.Default()
	if r := f.day(); r.Passed != 6 || r.Drafts != 0 {
		t.Fatalf("day 1: %+v, want the 6 ordinary notices passed over", r)
	}
	site := f.world.Sites[1]
	found := f.clock.Now()
	site.Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスによる個人情報漏えいに関するお詫びとお知らせ", Body: fixtureworld.Incident(site.Name, found, 500)})
	site.Publish(fixtureworld.Notice{Path: "/news/delay.html", Title: "商品お届け遅延のお詫び", Body: fixtureworld.Ordinary(site.Name, 4)})
	site.Publish(fixtureworld.Notice{Path: "/news/phishing.html", Title: "当社を装った不審なメールにご注意ください", Body: fixtureworld.Ordinary(site.Name, 3)})
	if r := f.day(); r.Drafts != 1 || r.Passed != 2 {
		t.Fatalf("day 2: %+v, want 1 draft and 2 passed over", r)
	}
	it := findItem(t, f, site.URL()+"/news/incident.html")
	if it.Status != jikenbo.ItemDraft || it.Score < classify.Threshold || len(it.Reasons) == 0 {
		t.Errorf("incident item = %+v, want a draft with the model's score and reasons", it)
	}
}

// TestSourceOrganization: a release found at a source attached to an
// organisation is filed under it, though its text names no publisher.
func TestSourceOrganization(t *testing.T) {
	f := newFixture(t, 1)
	org := &jikenbo.Organization{Name: "株式会社見本フーズ", Kind: jikenbo.OrgCompany, Aliases: []jikenbo.OrgAlias{{Name: "株式会社見本フーズ", Key: "見本フーズ"}}}
	if err := f.store.CreateOrganization(f.ctx, org); err != nil {
		t.Fatal(err)
	}
	site := f.world.Sites[0]
	f.store.DeleteWatchSource(f.ctx, f.srcs[site.Host()].ID)
	src := &jikenbo.WatchSource{URL: site.ListURL(), Kind: site.Kind, OrganizationID: org.ID, NextDue: f.clock.Now()}
	if err := f.store.CreateWatchSource(f.ctx, src); err != nil {
		t.Fatal(err)
	}
	body := strings.ReplaceAll(fixtureworld.Incident("当社", f.clock.Now(), 60), "当社 が", "当社が")
	site.Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスに関するお詫び", Body: body})
	if r := f.day(); r.Drafts != 1 {
		t.Fatalf("round: %+v, want a draft", r)
	}
	rel, err := f.store.FindReleaseByID(f.ctx, findItem(t, f, site.URL()+"/news/incident.html").ReleaseID)
	if err != nil || rel.OrganizationID != org.ID {
		t.Errorf("draft organisation = %d, %v; want %d (the source's)", rel.OrganizationID, err, org.ID)
	}
}

// TestRecheckConditional: an ongoing case's release is re-read with the
// validators of its last answer; a site that sends none costs the whole
// page every time, and a site that sends only Last-Modified is asked with
// If-Modified-Since.
func TestRecheckConditional(t *testing.T) {
	f := newFixture(t, 1)
	site := f.world.Sites[0]
	site.Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスに関するお詫び", Body: fixtureworld.Incident(site.Name, f.clock.Now(), 40)})
	if r := f.day(); r.Drafts != 1 || r.Checked != 1 || r.CheckNotModified != 0 {
		t.Fatalf("day 1: %+v, want the draft filed and its first check read whole", r)
	}
	it := findItem(t, f, site.URL()+"/news/incident.html")
	chk, err := f.store.FindReleaseCheck(f.ctx, it.ReleaseID)
	if err != nil || chk.ETag == "" || chk.LastModified == "" {
		t.Fatalf("check after the first read = %+v, %v; want the page's validators kept", chk, err)
	}
	if r := f.day(); r.Checked != 1 || r.CheckNotModified != 1 || f.world.BytesServed() != 0 {
		t.Errorf("day 2: %+v, %d bytes; want a 304 and no body", r, f.world.BytesServed())
	}
	site.SetFault(fixtureworld.Fault{NoValidators: true})
	if r := f.day(); r.Checked != 1 || r.CheckNotModified != 0 || r.Changed != 0 || f.world.BytesServed() == 0 {
		t.Errorf("day 3 without validators: %+v, %d bytes; want the page read whole, unchanged", r, f.world.BytesServed())
	}
	if chk, _ := f.store.FindReleaseCheck(f.ctx, it.ReleaseID); chk.ETag != "" || chk.LastModified != "" {
		t.Errorf("validators after an answer without any: %q %q, want none", chk.ETag, chk.LastModified)
	}
	// Back to validators; a silent edit changes the ETag, so the 304 is
	// not given and the edit becomes a version.
	site.SetFault(fixtureworld.Fault{})
	f.day()
	site.Edit("/news/incident.html", fixtureworld.Incident(site.Name, f.clock.Now().AddDate(0, 0, -4), 41))
	if r := f.day(); r.Changed != 1 || r.CheckNotModified != 0 {
		t.Errorf("day of the edit: %+v, want the change found", r)
	}
	if r := f.day(); r.CheckNotModified != 1 {
		t.Errorf("day after the edit: %+v, want a 304 on the new validators", r)
	}
}

// TestRecheckOnlyOngoing: the releases of a concluded case are not
// re-read, and the round claims only what is due.
func TestRecheckOnlyOngoing(t *testing.T) {
	f := newFixture(t, 2)
	f.w.Importer.Draft = false // public releases, whose facts make the case's status
	for i, site := range f.world.Sites {
		site.Publish(fixtureworld.Notice{Path: "/news/incident.html", Title: "不正アクセスに関するお詫び", Body: fixtureworld.Incident(site.Name, f.clock.Now(), 40+i*700)})
	}
	if r := f.day(); r.Drafts != 2 || r.Checked != 2 {
		t.Fatalf("day 1: %+v, want 2 releases filed and checked", r)
	}
	rel, err := f.store.FindReleaseByID(f.ctx, findItem(t, f, f.world.Sites[1].URL()+"/news/incident.html").ReleaseID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetOverride(f.ctx, rel.ID, jikenbo.Override{Field: "status", Value: []byte(`"concluded"`), Editor: "tester"}); err != nil {
		t.Fatal(err)
	}
	if c, err := f.store.FindCaseByID(f.ctx, rel.CaseID); err != nil || c.Status != jikenbo.StatusConcluded {
		t.Fatalf("case after the override: %v, %v; want concluded", c, err)
	}
	if r := f.day(); r.Checked != 1 {
		t.Errorf("day 2: %+v, want only the ongoing case's release checked", r)
	}
	if n := f.world.Requests()[f.world.Sites[1].Host()]; n != 2 {
		t.Errorf("the concluded case's site got %d requests, want 2 (robots.txt and its list)", n)
	}
	f.clock.add(-12 * time.Hour) // half a day on: nothing is due
	if r := f.day(); r.Checked != 0 {
		t.Errorf("half a day after: %+v, want nothing checked", r)
	}
}

package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

// testWatch covers watched sources, their leases and polling state, the
// items they listed and the checks of ongoing cases' releases.
func testWatch(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	org := MustCreateOrganization(t, s, "見本市", "見本市", jikenbo.OrgMunicipality)
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

	feed := &jikenbo.WatchSource{URL: "https://city.example/news.rdf", Kind: jikenbo.WatchFeed, OrganizationID: org.ID, Every: time.Hour, NextDue: t0}
	if err := s.CreateWatchSource(ctx, feed); err != nil {
		t.Fatal(err)
	}
	page := &jikenbo.WatchSource{URL: "https://shop.example/news/", Kind: jikenbo.WatchPage, NextDue: t0.Add(30 * time.Minute)}
	if err := s.CreateWatchSource(ctx, page); err != nil {
		t.Fatal(err)
	}
	if page.Every != jikenbo.DefaultWatchEvery || page.ID == 0 || page.ID == feed.ID {
		t.Errorf("created source = %+v, want an ID and the default interval", page)
	}
	if err := s.CreateWatchSource(ctx, &jikenbo.WatchSource{URL: feed.URL, Kind: jikenbo.WatchFeed}); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("CreateWatchSource(same URL) = %v, want ECONFLICT", err)
	}
	for _, bad := range []*jikenbo.WatchSource{
		{URL: "ftp://x.example/", Kind: jikenbo.WatchFeed},
		{URL: "https://x.example/", Kind: "mail"},
		{URL: "https://x.example/", Kind: jikenbo.WatchPage, Every: time.Second},
	} {
		if err := s.CreateWatchSource(ctx, bad); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Errorf("CreateWatchSource(%+v) = %v, want EINVALID", bad, err)
		}
	}
	got, err := s.FindWatchSourceByID(ctx, feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != feed.URL || got.Kind != jikenbo.WatchFeed || got.OrganizationID != org.ID || got.Every != time.Hour || !got.NextDue.Equal(t0) {
		t.Errorf("FindWatchSourceByID = %+v, want %+v", got, feed)
	}
	if _, err := s.FindWatchSourceByID(ctx, 9999); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindWatchSourceByID(9999) = %v, want ENOTFOUND", err)
	}

	// Only the due source is claimed, and a claimed source is not claimed
	// again until its lease ends or its poll is finished.
	claimed, err := s.ClaimDueWatchSources(ctx, t0.Add(time.Minute), 45*time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 1 || claimed[0].ID != feed.ID {
		t.Fatalf("ClaimDueWatchSources(t0+1m) = %v, want the feed alone", claimed)
	}
	claimed, err = s.ClaimDueWatchSources(ctx, t0.Add(31*time.Minute), time.Hour, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 1 || claimed[0].ID != page.ID {
		t.Fatalf("ClaimDueWatchSources(t0+31m) = %v, want the page alone (the feed is leased)", claimed)
	}
	claimed, _ = s.ClaimDueWatchSources(ctx, t0.Add(47*time.Minute), 10*time.Minute, 10)
	if len(claimed) != 1 || claimed[0].ID != feed.ID {
		t.Errorf("ClaimDueWatchSources after the lease ended = %v, want the feed", claimed)
	}

	// A failure counts, a success resets and keeps validators a 304 leaves out.
	if err := s.FinishWatchPoll(ctx, feed.ID, jikenbo.WatchPoll{At: t0.Add(13 * time.Minute), Err: "the server answered 500", NextDue: t0.Add(20 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishWatchPoll(ctx, feed.ID, jikenbo.WatchPoll{At: t0.Add(21 * time.Minute), Err: "timeout", NextDue: t0.Add(40 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindWatchSourceByID(ctx, feed.ID)
	if got.Failures != 2 || got.LastError != "timeout" || !got.NextDue.Equal(t0.Add(40*time.Minute)) || !got.LastSuccess.IsZero() {
		t.Errorf("after two failures: %+v", got)
	}
	at := t0.Add(41 * time.Minute)
	if err := s.FinishWatchPoll(ctx, feed.ID, jikenbo.WatchPoll{At: at, ETag: `"v1"`, LastModified: "Wed, 01 Apr 2026 09:00:00 GMT", NextDue: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishWatchPoll(ctx, feed.ID, jikenbo.WatchPoll{At: at.Add(time.Hour), NextDue: at.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindWatchSourceByID(ctx, feed.ID)
	if got.Failures != 0 || got.LastError != "" || got.ETag != `"v1"` || got.LastModified == "" || !got.LastSuccess.Equal(at.Add(time.Hour)) {
		t.Errorf("after successes: %+v", got)
	}
	if err := s.FinishWatchPoll(ctx, 9999, jikenbo.WatchPoll{At: at, NextDue: at}); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FinishWatchPoll(9999) = %v, want ENOTFOUND", err)
	}

	// Concurrent claimers share the due sources without overlap.
	for i := range 8 {
		src := &jikenbo.WatchSource{URL: "https://many.example/" + string(rune('a'+i)), Kind: jikenbo.WatchPage, NextDue: t0}
		if err := s.CreateWatchSource(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.ClaimDueWatchSources(ctx, t0.Add(2*time.Hour), time.Hour, 3)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, src := range c {
				seen[src.ID]++
			}
		}()
	}
	wg.Wait()
	for id, n := range seen {
		if n != 1 {
			t.Errorf("source %d claimed %d times", id, n)
		}
	}
	if len(seen) != 9 { // the 8 new sources and the page, whose lease ended
		t.Errorf("claimed %d sources, want 9", len(seen))
	}

	all, err := s.FindWatchSources(ctx)
	if err != nil || len(all) != 10 {
		t.Fatalf("FindWatchSources = %d, %v; want 10", len(all), err)
	}
	if err := s.DeleteWatchSource(ctx, page.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWatchSource(ctx, page.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("DeleteWatchSource twice = %v, want ENOTFOUND", err)
	}

	// Items: every listed link is kept once, with its state.
	it := &jikenbo.WatchItem{SourceID: feed.ID, URL: "https://city.example/news/1.html", Title: "不正アクセスについて", Listed: t0,
		Status: jikenbo.ItemPassed, Score: 0.2, Reasons: []jikenbo.WatchReason{{Cue: "title:お知らせ", Weight: -0.4}}}
	if err := s.SaveWatchItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveWatchItem(ctx, &jikenbo.WatchItem{SourceID: feed.ID, URL: it.URL, Status: jikenbo.ItemFailed}); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("SaveWatchItem(same URL) = %v, want ECONFLICT", err)
	}
	failed := &jikenbo.WatchItem{SourceID: feed.ID, URL: "https://city.example/news/2.pdf", Status: jikenbo.ItemFailed, Error: "500", Attempts: 1}
	if err := s.SaveWatchItem(ctx, failed); err != nil {
		t.Fatal(err)
	}
	gi, err := s.FindWatchItem(ctx, it.URL)
	if err != nil {
		t.Fatal(err)
	}
	if gi.ID != it.ID || gi.Title != it.Title || gi.Score != 0.2 || len(gi.Reasons) != 1 || gi.Reasons[0].Cue != "title:お知らせ" || !gi.Listed.Equal(t0) {
		t.Errorf("FindWatchItem = %+v, want %+v", gi, it)
	}
	rel := MustCreateRelease(t, s, it.URL, "見本市の公表文", jikenbo.Facts{})
	gi.Status, gi.ReleaseID = jikenbo.ItemPromoted, rel.ID
	if err := s.SaveWatchItem(ctx, gi); err != nil {
		t.Fatal(err)
	}
	if gi, _ = s.FindWatchItemByID(ctx, it.ID); gi.Status != jikenbo.ItemPromoted || gi.ReleaseID != rel.ID {
		t.Errorf("after promotion: %+v", gi)
	}
	passed, err := s.FindWatchItems(ctx, jikenbo.WatchItemFilter{Status: jikenbo.ItemFailed})
	if err != nil || len(passed) != 1 || passed[0].ID != failed.ID {
		t.Errorf("FindWatchItems(failed) = %v, %v", passed, err)
	}
	items, _ := s.FindWatchItems(ctx, jikenbo.WatchItemFilter{SourceID: feed.ID})
	if len(items) != 2 || items[0].ID != failed.ID {
		t.Errorf("FindWatchItems(source) = %v, want newest first", items)
	}
	if _, err := s.FindWatchItem(ctx, "https://nowhere.example/"); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindWatchItem(unknown) = %v, want ENOTFOUND", err)
	}

	// Checks of releases.
	if _, err := s.FindReleaseCheck(ctx, rel.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindReleaseCheck(never) = %v, want ENOTFOUND", err)
	}
	c := jikenbo.ReleaseCheck{ReleaseID: rel.ID, CheckedAt: t0, NextDue: t0.Add(24 * time.Hour)}
	if err := s.SaveReleaseCheck(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.CheckedAt, c.NextDue, c.ChangedAt, c.Version = t0.Add(24*time.Hour), t0.Add(48*time.Hour), t0.Add(24*time.Hour), 2
	if err := s.SaveReleaseCheck(ctx, c); err != nil {
		t.Fatal(err)
	}
	gc, err := s.FindReleaseCheck(ctx, rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !gc.CheckedAt.Equal(c.CheckedAt) || !gc.NextDue.Equal(c.NextDue) || !gc.ChangedAt.Equal(c.ChangedAt) || gc.Version != 2 {
		t.Errorf("FindReleaseCheck = %+v, want %+v", gc, c)
	}
	if err := s.SaveReleaseCheck(ctx, jikenbo.ReleaseCheck{ReleaseID: 9999, CheckedAt: t0, NextDue: t0}); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("SaveReleaseCheck(9999) = %v, want ENOTFOUND", err)
	}

	// A case's checks are summed up from its public releases only.
	cs := MustCreateCase(t, s, "", 2026)
	mustFile(t, s, cs, rel, org, jikenbo.StageFirst)
	failing := MustCreateRelease(t, s, "https://city.example/news/3.html", "見本市の第2報", jikenbo.Facts{})
	mustFile(t, s, cs, failing, org, jikenbo.StageFollowUp)
	if err := s.SaveReleaseCheck(ctx, jikenbo.ReleaseCheck{ReleaseID: failing.ID, CheckedAt: t0.Add(72 * time.Hour), NextDue: t0.Add(96 * time.Hour),
		Failures: 1, LastError: "the server answered 404"}); err != nil {
		t.Fatal(err)
	}
	draft := &jikenbo.Release{Original: []byte("見本市の下書き"), Text: "見本市の下書き", Encoding: "UTF-8", Source: "https://city.example/draft.html", Draft: true}
	if err := s.CreateRelease(ctx, draft); err != nil {
		t.Fatal(err)
	}
	mustFile(t, s, cs, draft, org, jikenbo.StageFollowUp)
	if err := s.SaveReleaseCheck(ctx, jikenbo.ReleaseCheck{ReleaseID: draft.ID, CheckedAt: t0.Add(99 * time.Hour), NextDue: t0.Add(100 * time.Hour),
		ChangedAt: t0.Add(99 * time.Hour), Version: 5}); err != nil {
		t.Fatal(err)
	}
	ccs, err := s.FindCaseChecks(ctx, []string{cs.ID, "2000-001"})
	if err != nil {
		t.Fatal(err)
	}
	want := jikenbo.CaseCheck{CaseID: cs.ID, CheckedAt: t0.Add(72 * time.Hour), ChangedAt: t0.Add(24 * time.Hour), ReleaseID: rel.ID, Version: 2,
		Failing: 1, LastError: "the server answered 404"}
	if len(ccs) != 1 || !ccs[0].CheckedAt.Equal(want.CheckedAt) || !ccs[0].ChangedAt.Equal(want.ChangedAt) || ccs[0].ReleaseID != want.ReleaseID ||
		ccs[0].Version != 2 || ccs[0].Failing != 1 || ccs[0].LastError != want.LastError {
		t.Errorf("FindCaseChecks = %+v, want %+v (the draft's check left out)", ccs, want)
	}
	if ccs, err := s.FindCaseChecks(ctx, nil); err != nil || len(ccs) != 0 {
		t.Errorf("FindCaseChecks(none) = %v, %v", ccs, err)
	}

	testDueChecks(t, s, org, cs, rel, failing, draft, t0)
}

// testDueChecks covers the claim of due checks: a check row for every
// release with an http(s) source, leased, only for ongoing cases, in
// batches; and the silent edits a check records.
func testDueChecks(t *testing.T, s jikenbo.Store, org *jikenbo.Organization, cs *jikenbo.Case, rel, failing, draft *jikenbo.Release, t0 time.Time) {
	ctx := context.Background()
	done := MustCreateCase(t, s, "", 2026)
	final := MustCreateRelease(t, s, "https://city.example/news/final.html", "見本市の最終報", jikenbo.Facts{Status: jikenbo.StatusConcluded})
	mustFile(t, s, done, final, org, jikenbo.StageFinal)
	local := MustCreateRelease(t, s, "notes/local.txt", "見本市の手元の写し", jikenbo.Facts{})
	mustFile(t, s, cs, local, org, jikenbo.StageFollowUp)
	fresh := MustCreateRelease(t, s, "https://city.example/news/4.html", "見本市の第3報", jikenbo.Facts{})
	mustFile(t, s, cs, fresh, org, jikenbo.StageFollowUp)
	if c, err := s.FindCaseByID(ctx, done.ID); err != nil || c.Status != jikenbo.StatusConcluded {
		t.Fatalf("case of the final report: %v, %v; want concluded", c, err)
	}

	ids := func(ds []*jikenbo.DueCheck) []int64 {
		out := []int64{}
		for _, d := range ds {
			out = append(out, d.ReleaseID)
		}
		return out
	}
	idle := 30 * 24 * time.Hour
	now := t0.Add(50 * time.Hour)
	due, err := s.ClaimDueReleaseChecks(ctx, now, time.Hour, idle, 10)
	if err != nil {
		t.Fatal(err)
	}
	// rel is due since t0+48h; fresh was never checked (due at once);
	// failing and the draft are due later; the final report's case is
	// concluded; the local file has no URL to re-read.
	if got := ids(due); len(got) != 2 || got[0] != fresh.ID || got[1] != rel.ID {
		t.Fatalf("ClaimDueReleaseChecks = %v, want [%d %d] (the never-checked first)", got, fresh.ID, rel.ID)
	}
	d := due[1]
	if d.Source != rel.Source || d.SHA256 != rel.SHA256 || d.CaseID != cs.ID || d.Version != 2 || d.ImportedAt.IsZero() {
		t.Errorf("due check of rel = %+v", d)
	}
	if !due[0].CheckedAt.IsZero() || due[0].Source != fresh.Source {
		t.Errorf("due check of the fresh release = %+v, want never checked", due[0])
	}
	if _, err := s.FindReleaseCheck(ctx, fresh.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindReleaseCheck(claimed, never checked) = %v, want ENOTFOUND", err)
	}
	if again, err := s.ClaimDueReleaseChecks(ctx, now, time.Hour, idle, 10); err != nil || len(again) != 0 {
		t.Errorf("second claim while leased = %v, %v; want none", ids(again), err)
	}

	// The lease ends: they are due again, one batch at a time.
	later := now.Add(2 * time.Hour)
	one, err := s.ClaimDueReleaseChecks(ctx, later, time.Hour, idle, 1)
	if err != nil || len(one) != 1 || one[0].ReleaseID != rel.ID {
		t.Fatalf("batch of one = %v, %v; want [%d]", ids(one), err, rel.ID)
	}
	one, err = s.ClaimDueReleaseChecks(ctx, later, time.Hour, idle, 1)
	if err != nil || len(one) != 1 || one[0].ReleaseID != fresh.ID {
		t.Fatalf("next batch of one = %v, %v; want [%d]", ids(one), err, fresh.ID)
	}

	// A check keeps its validators; a release stored after a claim gets
	// a check row at the next one.
	c := one[0].ReleaseCheck
	c.CheckedAt, c.NextDue, c.ETag, c.LastModified = later, later.Add(24*time.Hour), `"abc"`, "Thu, 02 Apr 2026 09:00:00 GMT"
	if err := s.SaveReleaseCheck(ctx, c); err != nil {
		t.Fatal(err)
	}
	if gc, err := s.FindReleaseCheck(ctx, fresh.ID); err != nil || gc.ETag != `"abc"` || gc.LastModified != c.LastModified || !gc.NextDue.Equal(c.NextDue) {
		t.Errorf("FindReleaseCheck after the check = %+v, %v", gc, err)
	}
	newer := MustCreateRelease(t, s, "http://city.example/news/5.html", "見本市の第4報", jikenbo.Facts{})
	mustFile(t, s, cs, newer, org, jikenbo.StageFollowUp)
	due, err = s.ClaimDueReleaseChecks(ctx, later.Add(4*time.Hour), time.Hour, idle, 10)
	if got := ids(due); err != nil || len(got) != 2 || got[0] != newer.ID || got[1] != rel.ID {
		t.Errorf("claim after a new release = %v, %v; want [%d %d]", got, err, newer.ID, rel.ID)
	}
	// The concluded case's release was put off by idle: still not given
	// once failing and the draft are due.
	due, err = s.ClaimDueReleaseChecks(ctx, t0.Add(101*time.Hour), time.Hour, idle, 10)
	if got := ids(due); err != nil || len(got) != 5 || slices.Contains(got, final.ID) || slices.Contains(got, local.ID) {
		t.Errorf("claim at t0+101h = %v, %v; want rel, fresh, newer, failing and the draft, never the final report or the local file", got, err)
	}

	// Silent edits: one per version, of public releases, oldest first.
	c = jikenbo.ReleaseCheck{ReleaseID: rel.ID, CheckedAt: t0.Add(30 * time.Hour), NextDue: t0.Add(54 * time.Hour), ChangedAt: t0.Add(30 * time.Hour), Version: 3}
	for range 2 {
		if err := s.SaveReleaseCheck(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	edits, err := s.FindReleaseEdits(ctx, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) != 2 || edits[0].Version != 2 || !edits[0].FoundAt.Equal(t0.Add(24*time.Hour)) || edits[1].Version != 3 ||
		edits[1].ReleaseID != rel.ID || edits[1].CaseID != cs.ID {
		t.Errorf("FindReleaseEdits = %+v, want versions 2 and 3 of release %d (not the draft's)", edits, rel.ID)
	}
	if edits, err := s.FindReleaseEdits(ctx, done.ID); err != nil || len(edits) != 0 {
		t.Errorf("FindReleaseEdits(no edit) = %v, %v", edits, err)
	}
}

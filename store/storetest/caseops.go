package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// runCaseOps runs the contract of case and label operations.
func runCaseOps(t *testing.T, open func(*testing.T) jikenbo.Store) {
	t.Run("MergeCases", func(t *testing.T) { testMergeCases(t, open(t)) })
	t.Run("SplitCase", func(t *testing.T) { testSplitCase(t, open(t)) })
	t.Run("RemoveReleaseLabel", func(t *testing.T) { testRemoveReleaseLabel(t, open(t)) })
	t.Run("RenameLabel", func(t *testing.T) { testRenameLabel(t, open(t)) })
	t.Run("RetiredCases", func(t *testing.T) { testRetiredCases(t, open(t)) })
	t.Run("LabelRedirects", func(t *testing.T) { testLabelRedirects(t, open(t)) })
}

// testRetiredCases: deleted and merged-away numbers are listed, and
// retiring a number (as a restore does) keeps it from being handed out
// again and restores its redirect.
func testRetiredCases(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	a := MustCreateCase(t, s, "", 2024) // 2024-001
	b := MustCreateCase(t, s, "", 2024) // 2024-002, merged into a
	c := MustCreateCase(t, s, "", 2024) // 2024-003, deleted
	if err := s.MergeCases(ctx, b.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindRetiredCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []jikenbo.RetiredCase{{ID: b.ID, Target: a.ID}, {ID: c.ID}}
	if !slices.Equal(got, want) {
		t.Fatalf("retired = %v, want %v", got, want)
	}
	if err := s.RetireCase(ctx, jikenbo.RetiredCase{ID: a.ID}); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("retiring a live case: %v, want ECONFLICT", err)
	}
	if err := s.RetireCase(ctx, jikenbo.RetiredCase{ID: "2024-9"}); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("retiring a malformed number: %v, want EINVALID", err)
	}
	// a restore: 2024-007 merged into 2024-001 in the exported casebook
	for range 2 {
		if err := s.RetireCase(ctx, jikenbo.RetiredCase{ID: "2024-007", Target: a.ID}); err != nil {
			t.Fatalf("retire (twice is a no-op): %v", err)
		}
	}
	if to, err := s.FindCaseRedirect(ctx, "2024-007"); err != nil || to != a.ID {
		t.Errorf("redirect of 2024-007 = %q %v, want %s", to, err, a.ID)
	}
	next := MustCreateCase(t, s, "", 2024)
	if next.ID != "2024-008" {
		t.Errorf("next number after retiring 2024-007 = %s, want 2024-008", next.ID)
	}
	if err := s.CreateCase(ctx, &jikenbo.Case{ID: "2024-007", Year: 2024}); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("creating a retired number: %v, want ECONFLICT", err)
	}
}

// testLabelRedirects: renames are listed and can be recorded again.
func testLabelRedirects(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	if err := s.AddLabelRedirect(ctx, jikenbo.LabelRedirect{Name: "旧ラベル", Target: "新ラベル"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLabelRedirect(ctx, jikenbo.LabelRedirect{Name: "旧ラベル", Target: "新ラベル"}); err != nil {
		t.Errorf("twice: %v, want a no-op", err)
	}
	if err := s.AddLabelRedirect(ctx, jikenbo.LabelRedirect{Name: "同じ", Target: "同じ"}); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("to itself: %v, want EINVALID", err)
	}
	got, err := s.FindLabelRedirects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []jikenbo.LabelRedirect{{Name: "旧ラベル", Target: "新ラベル"}}; !slices.Equal(got, want) {
		t.Errorf("redirects = %v, want %v", got, want)
	}
	if to, err := s.FindLabelRedirect(ctx, "旧ラベル"); err != nil || to != "新ラベル" {
		t.Errorf("FindLabelRedirect = %q %v", to, err)
	}
}

// mustFile files a release with an organisation in a case.
func mustFile(tb testing.TB, s jikenbo.Store, c *jikenbo.Case, r *jikenbo.Release, o *jikenbo.Organization, stage jikenbo.Stage) {
	tb.Helper()
	ctx := context.Background()
	if o != nil {
		if _, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{OrganizationID: &o.ID}); err != nil {
			tb.Fatal(err)
		}
		if err := s.AddCaseOrganization(ctx, c.ID, o.ID, jikenbo.RolePublisher, 0); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.AddCaseRelease(ctx, c.ID, r.ID, stage); err != nil {
		tb.Fatal(err)
	}
	if err := s.AddDecision(ctx, jikenbo.Decision{ReleaseID: r.ID, CaseID: c.ID, Action: jikenbo.DecisionNewCase, Reasons: []string{"test"}}); err != nil {
		tb.Fatal(err)
	}
}

func releaseIDs(c *jikenbo.Case) []int64 {
	var ids []int64
	for _, r := range c.Releases {
		ids = append(ids, r.ReleaseID)
	}
	return ids
}

func testMergeCases(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	city := MustCreateOrganization(t, s, "試験市", "試験市", jikenbo.OrgMunicipality)
	printer := MustCreateOrganization(t, s, "株式会社見本印刷", "見本印刷", jikenbo.OrgCompany)
	a := MustCreateCase(t, s, "", 2024) // 2024-001, survives
	b := MustCreateCase(t, s, "", 2024) // 2024-002, merged away
	other := MustCreateCase(t, s, "", 2024)
	ra := MustCreateRelease(t, s, "a.txt", "市の続報", jikenbo.Facts{Title: "続報", Published: date(2024, 7, 1), AffectedPersons: intp(300)})
	rb := MustCreateRelease(t, s, "b.txt", "委託先の第1報", jikenbo.Facts{Title: "第1報", Published: date(2024, 6, 1), AffectedPersons: intp(100),
		Categories: []string{jikenbo.CatRansomware}})
	mustFile(t, s, a, ra, city, jikenbo.StageFirst)
	mustFile(t, s, b, rb, printer, jikenbo.StageFirst)
	if err := s.AddCaseOrganization(ctx, b.ID, printer.ID, jikenbo.RoleContractor, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTimelineEntry(ctx, b.ID, jikenbo.TimelineEntry{Date: date(2024, 5, 30), Kind: jikenbo.TimelineEarlierRelease, Note: "以前の公表"}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ from, to string }{{b.ID, other.ID}, {a.ID, b.ID}} {
		if err := s.AddCaseLink(ctx, l.from, jikenbo.CaseLink{CaseID: l.to, Kind: jikenbo.LinkSameContractor, Reason: "同じ委託先"}); err != nil {
			t.Fatal(err)
		}
	}

	wantCode(t, "MergeCases into itself", s.MergeCases(ctx, a.ID, a.ID), jikenbo.EINVALID)
	wantCode(t, "MergeCases missing from", s.MergeCases(ctx, "2024-999", a.ID), jikenbo.ENOTFOUND)
	wantCode(t, "MergeCases missing into", s.MergeCases(ctx, b.ID, "2024-999"), jikenbo.ENOTFOUND)
	_, err := s.FindCaseRedirect(ctx, b.ID)
	wantCode(t, "FindCaseRedirect before merging", err, jikenbo.ENOTFOUND)

	if err := s.MergeCases(ctx, b.ID, a.ID); err != nil {
		t.Fatalf("MergeCases: %v", err)
	}
	_, err = s.FindCaseByID(ctx, b.ID)
	wantCode(t, "FindCaseByID merged away", err, jikenbo.ENOTFOUND)
	if got, err := s.FindCaseRedirect(ctx, b.ID); err != nil || got != a.ID {
		t.Errorf("FindCaseRedirect: got %q, %v, want %s", got, err, a.ID)
	}
	c, err := s.FindCaseByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The earlier release is the first report now.
	if !slices.Equal(releaseIDs(c), []int64{rb.ID, ra.ID}) || c.Releases[0].Stage != jikenbo.StageFirst || c.Releases[1].Stage != jikenbo.StageFollowUp {
		t.Errorf("releases: got %+v, want %d (first) then %d (followup)", c.Releases, rb.ID, ra.ID)
	}
	if c.Facts.FirstPublished != date(2024, 6, 1) || c.Facts.AffectedPersons == nil || *c.Facts.AffectedPersons != 300 ||
		!slices.Contains(c.Facts.Categories, jikenbo.CatRansomware) || c.Facts.Title != "株式会社見本印刷のランサムウェア被害" {
		t.Errorf("merged facts: got %+v", c.Facts)
	}
	var roles []string
	for _, o := range c.Organizations {
		roles = append(roles, o.Name+"/"+string(o.Role))
	}
	if !slices.Equal(roles, []string{"試験市/publisher", "株式会社見本印刷/publisher", "株式会社見本印刷/contractor"}) {
		t.Errorf("organisations: got %v", roles)
	}
	earlier := false
	for _, e := range c.Timeline {
		earlier = earlier || (e.Kind == jikenbo.TimelineEarlierRelease && e.Date == date(2024, 5, 30))
	}
	if !earlier {
		t.Errorf("timeline lost the earlier release: %+v", c.Timeline)
	}
	if len(c.Links) != 1 || c.Links[0].CaseID != other.ID {
		t.Errorf("links: got %+v, want only %s (the link between the two is gone)", c.Links, other.ID)
	}
	if o, _ := s.FindCaseByID(ctx, other.ID); len(o.Links) != 1 || o.Links[0].CaseID != a.ID {
		t.Errorf("links of %s: got %+v, want %s", other.ID, o.Links, a.ID)
	}
	decided := map[int64]bool{}
	for _, d := range c.Decisions {
		decided[d.ReleaseID] = true
	}
	if !decided[ra.ID] || !decided[rb.ID] {
		t.Errorf("decisions: got %+v, want both releases'", c.Decisions)
	}
	if r, _ := s.FindReleaseByID(ctx, rb.ID); r.CaseID != a.ID {
		t.Errorf("release %d in case %q, want %s", rb.ID, r.CaseID, a.ID)
	}
	// The number is retired, and a chain of merges redirects to the end.
	wantCode(t, "CreateCase with a merged-away number", s.CreateCase(ctx, &jikenbo.Case{ID: b.ID}), jikenbo.ECONFLICT)
	if n := MustCreateCase(t, s, "", 2024); n.ID != "2024-004" {
		t.Errorf("next number: got %s, want 2024-004", n.ID)
	}
	if err := s.MergeCases(ctx, a.ID, other.ID); err != nil {
		t.Fatalf("MergeCases again: %v", err)
	}
	for _, id := range []string{a.ID, b.ID} {
		if got, err := s.FindCaseRedirect(ctx, id); err != nil || got != other.ID {
			t.Errorf("FindCaseRedirect(%s) after a second merge: got %q, %v, want %s", id, got, err, other.ID)
		}
	}
	if o, _ := s.FindCaseByID(ctx, other.ID); len(o.Links) != 0 || len(o.Releases) != 2 {
		t.Errorf("after the second merge: links %+v, releases %+v", o.Links, o.Releases)
	}
	// A merge in a rolled-back transaction leaves everything as it was.
	d := MustCreateCase(t, s, "", 2024)
	s.InTx(ctx, func(tx jikenbo.Store) error {
		if err := tx.MergeCases(ctx, d.ID, other.ID); err != nil {
			t.Errorf("MergeCases in a transaction: %v", err)
		}
		return jikenbo.Errorf(jikenbo.EINVALID, "roll back")
	})
	if _, err := s.FindCaseByID(ctx, d.ID); err != nil {
		t.Errorf("rolled-back merge: %v", err)
	}
	_, err = s.FindCaseRedirect(ctx, d.ID)
	wantCode(t, "FindCaseRedirect after a rolled-back merge", err, jikenbo.ENOTFOUND)
}

func testSplitCase(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	city := MustCreateOrganization(t, s, "試験市", "試験市", jikenbo.OrgMunicipality)
	shop := MustCreateOrganization(t, s, "株式会社見本商店", "見本商店", jikenbo.OrgCompany)
	c := MustCreateCase(t, s, "", 2024)
	r1 := MustCreateRelease(t, s, "1.txt", "市の第1報", jikenbo.Facts{Title: "市の第1報", Published: date(2024, 6, 1), AffectedPersons: intp(10)})
	r2 := MustCreateRelease(t, s, "2.txt", "商店の第1報", jikenbo.Facts{Title: "商店の第1報", Published: date(2025, 2, 1), AffectedPersons: intp(500)})
	r3 := MustCreateRelease(t, s, "3.txt", "商店の最終報告", jikenbo.Facts{Title: "商店の最終報告", Published: date(2025, 3, 1), Status: jikenbo.StatusConcluded})
	mustFile(t, s, c, r1, city, jikenbo.StageFirst)
	mustFile(t, s, c, r2, shop, jikenbo.StageFollowUp)
	mustFile(t, s, c, r3, shop, jikenbo.StageFinal)
	if err := s.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: date(2025, 1, 20), Kind: jikenbo.TimelineEarlierRelease, ReleaseID: r2.ID}); err != nil {
		t.Fatal(err)
	}

	_, err := s.SplitCase(ctx, c.ID, nil, 0)
	wantCode(t, "SplitCase nothing", err, jikenbo.EINVALID)
	_, err = s.SplitCase(ctx, c.ID, []int64{r1.ID, r2.ID, r3.ID}, 0)
	wantCode(t, "SplitCase everything", err, jikenbo.EINVALID)
	_, err = s.SplitCase(ctx, "2024-999", []int64{r1.ID}, 0)
	wantCode(t, "SplitCase missing case", err, jikenbo.ENOTFOUND)
	stray := MustCreateRelease(t, s, "x.txt", "別件", jikenbo.Facts{})
	_, err = s.SplitCase(ctx, c.ID, []int64{r2.ID, stray.ID}, 0)
	wantCode(t, "SplitCase release of no case", err, jikenbo.ENOTFOUND)

	nc, err := s.SplitCase(ctx, c.ID, []int64{r3.ID, r2.ID, r2.ID}, 0)
	if err != nil {
		t.Fatalf("SplitCase: %v", err)
	}
	// The new case is numbered in the year of its earliest release.
	if nc.ID != "2025-001" || !slices.Equal(releaseIDs(nc), []int64{r2.ID, r3.ID}) {
		t.Errorf("new case: got %s with %v, want 2025-001 with %d, %d", nc.ID, releaseIDs(nc), r2.ID, r3.ID)
	}
	if nc.Releases[0].Stage != jikenbo.StageFirst || nc.Releases[1].Stage != jikenbo.StageFinal || nc.Status != jikenbo.StatusConcluded {
		t.Errorf("new case stages %+v, status %s", nc.Releases, nc.Status)
	}
	if len(nc.Organizations) != 1 || nc.Organizations[0].OrganizationID != shop.ID || len(nc.Decisions) != 2 {
		t.Errorf("new case organisations %+v, decisions %+v", nc.Organizations, nc.Decisions)
	}
	if nc.Facts.AffectedPersons == nil || *nc.Facts.AffectedPersons != 500 {
		t.Errorf("new case facts: %+v", nc.Facts)
	}
	moved := false
	for _, e := range nc.Timeline {
		moved = moved || e.Kind == jikenbo.TimelineEarlierRelease
	}
	if !moved {
		t.Errorf("the earlier release noted by a moved release stayed behind: %+v", nc.Timeline)
	}
	old, _ := s.FindCaseByID(ctx, c.ID)
	if !slices.Equal(releaseIDs(old), []int64{r1.ID}) || len(old.Organizations) != 1 || old.Organizations[0].OrganizationID != city.ID ||
		old.Facts.AffectedPersons == nil || *old.Facts.AffectedPersons != 10 || old.Status != jikenbo.StatusOngoing {
		t.Errorf("old case: releases %v, organisations %+v, facts %+v, status %s", releaseIDs(old), old.Organizations, old.Facts, old.Status)
	}
	for _, e := range old.Timeline {
		if e.Kind == jikenbo.TimelineEarlierRelease {
			t.Errorf("old case kept the moved timeline entry %+v", e)
		}
	}
	// An explicit year; numbers go on.
	r4 := MustCreateRelease(t, s, "4.txt", "四", jikenbo.Facts{Published: date(2024, 6, 2)})
	mustFile(t, s, c, r4, nil, jikenbo.StageFollowUp)
	if nc2, err := s.SplitCase(ctx, c.ID, []int64{r4.ID}, 2024); err != nil || nc2.ID != "2024-002" {
		t.Errorf("SplitCase in 2024: got %v, %v, want 2024-002", nc2, err)
	}
}

func testRemoveReleaseLabel(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	r := MustCreateRelease(t, s, "a.txt", "本文", jikenbo.Facts{})
	l := jikenbo.ReleaseLabel{Name: "注目", Source: jikenbo.LabelEditor}
	if err := s.AddReleaseLabel(ctx, r.ID, l); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReleaseLabel(ctx, r.ID, jikenbo.ReleaseLabel{Name: "注目", Source: jikenbo.LabelImported}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveReleaseLabel(ctx, r.ID, l); err != nil {
		t.Fatalf("RemoveReleaseLabel: %v", err)
	}
	got, _ := s.FindReleaseByID(ctx, r.ID)
	if len(got.Labels) != 1 || got.Labels[0].Source != jikenbo.LabelImported {
		t.Errorf("labels after removing the editor's: got %+v, want the imported one", got.Labels)
	}
	wantCode(t, "RemoveReleaseLabel again", s.RemoveReleaseLabel(ctx, r.ID, l), jikenbo.ENOTFOUND)
	wantCode(t, "RemoveReleaseLabel missing release", s.RemoveReleaseLabel(ctx, 999, l), jikenbo.ENOTFOUND)
}

func testRenameLabel(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	a := MustCreateRelease(t, s, "a.txt", "一", jikenbo.Facts{})
	b := MustCreateRelease(t, s, "b.txt", "二", jikenbo.Facts{})
	for _, x := range []struct {
		id int64
		l  jikenbo.ReleaseLabel
	}{
		{a.ID, jikenbo.ReleaseLabel{Name: "要確認", Source: jikenbo.LabelEditor}},
		{b.ID, jikenbo.ReleaseLabel{Name: "要確認", Source: jikenbo.LabelImported}},
		{b.ID, jikenbo.ReleaseLabel{Name: "確認待ち", Source: jikenbo.LabelImported}},
		{a.ID, jikenbo.ReleaseLabel{Name: "ランサムウェア", Source: jikenbo.LabelAuto}},
	} {
		if err := s.AddReleaseLabel(ctx, x.id, x.l); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.RenameLabel(ctx, "要確認", "要確認")
	wantCode(t, "RenameLabel to itself", err, jikenbo.EINVALID)
	_, err = s.RenameLabel(ctx, "要確認", "")
	wantCode(t, "RenameLabel to nothing", err, jikenbo.EINVALID)
	_, err = s.RenameLabel(ctx, "ない", "ある")
	wantCode(t, "RenameLabel missing", err, jikenbo.ENOTFOUND)
	_, err = s.RenameLabel(ctx, "ランサムウェア", "身代金")
	wantCode(t, "RenameLabel automatic", err, jikenbo.EINVALID)
	_, err = s.FindLabelRedirect(ctx, "要確認")
	wantCode(t, "FindLabelRedirect before renaming", err, jikenbo.ENOTFOUND)

	n, err := s.RenameLabel(ctx, "要確認", "確認待ち")
	if err != nil || n != 2 {
		t.Fatalf("RenameLabel: got %d, %v, want 2", n, err)
	}
	labels, _ := s.FindLabels(ctx)
	var names []string
	for _, l := range labels {
		names = append(names, l.Name)
		if l.Name == "確認待ち" && l.Count != 2 {
			t.Errorf("確認待ち on %d releases, want 2", l.Count)
		}
	}
	if slices.Contains(names, "要確認") {
		t.Errorf("old name still listed: %v", names)
	}
	if got, _ := s.FindReleaseByID(ctx, b.ID); len(got.Labels) != 1 {
		t.Errorf("release with both names: labels %+v, want one", got.Labels)
	}
	if got, err := s.FindLabelRedirect(ctx, "要確認"); err != nil || got != "確認待ち" {
		t.Errorf("FindLabelRedirect: got %q, %v", got, err)
	}
	// Renaming on redirects the older names too; renaming back ends the
	// redirect of the name that is in use again.
	if _, err := s.RenameLabel(ctx, "確認待ち", "保留"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindLabelRedirect(ctx, "要確認"); got != "保留" {
		t.Errorf("FindLabelRedirect after a second rename: got %q, want 保留", got)
	}
	if _, err := s.RenameLabel(ctx, "保留", "要確認"); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindLabelRedirect(ctx, "要確認")
	wantCode(t, "FindLabelRedirect of a name in use again", err, jikenbo.ENOTFOUND)
	for _, old := range []string{"確認待ち", "保留"} {
		if got, _ := s.FindLabelRedirect(ctx, old); got != "要確認" {
			t.Errorf("FindLabelRedirect(%s): got %q, want 要確認", old, got)
		}
	}
}

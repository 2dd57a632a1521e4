// Package storetest is the contract every casebook store must pass: one
// suite, run by store/sqlite on real SQLite files and by the PostgreSQL
// store on a real server, so both behave alike.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Run runs the contract suite. open must return a new, empty store for
// each call; the store is closed by the suite.
func Run(t *testing.T, open func(testing.TB) jikenbo.Store) {
	mustOpen := func(t *testing.T) jikenbo.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("Release", func(t *testing.T) { testRelease(t, mustOpen(t)) })
	t.Run("Overrides", func(t *testing.T) { testOverrides(t, mustOpen(t)) })
	t.Run("Organization", func(t *testing.T) { testOrganization(t, mustOpen(t)) })
	t.Run("Houjin", func(t *testing.T) { testHoujin(t, mustOpen(t)) })
	t.Run("CaseNumbering", func(t *testing.T) { testCaseNumbering(t, mustOpen(t)) })
	t.Run("CasePages", func(t *testing.T) { testCasePages(t, mustOpen(t)) })
	t.Run("CaseNumberingConcurrent", func(t *testing.T) { testCaseNumberingConcurrent(t, mustOpen(t)) })
	t.Run("CaseContents", func(t *testing.T) { testCaseContents(t, mustOpen(t)) })
	t.Run("Labels", func(t *testing.T) { testLabels(t, mustOpen(t)) })
	t.Run("Search", func(t *testing.T) { testSearch(t, mustOpen(t)) })
	t.Run("SearchBounded", func(t *testing.T) { testSearchBounded(t, mustOpen(t)) })
	t.Run("Tx", func(t *testing.T) { testTx(t, mustOpen(t)) })
	t.Run("TxSavepoint", func(t *testing.T) { testTxSavepoint(t, mustOpen(t)) })
	t.Run("TxSearchIndex", func(t *testing.T) { testTxSearchIndex(t, mustOpen(t)) })
	t.Run("Versions", func(t *testing.T) { testVersions(t, mustOpen(t)) })
	t.Run("Users", func(t *testing.T) { testUsers(t, mustOpen(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, mustOpen(t)) })
	t.Run("Tokens", func(t *testing.T) { testTokens(t, mustOpen(t)) })
	t.Run("Throttle", func(t *testing.T) { testThrottle(t, mustOpen(t)) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, mustOpen(t)) })
	t.Run("Drafts", func(t *testing.T) { testDrafts(t, mustOpen(t)) })
	t.Run("RemoveCaseRelease", func(t *testing.T) { testRemoveCaseRelease(t, mustOpen(t)) })
	t.Run("CaseOps", func(t *testing.T) { runCaseOps(t, mustOpen) })
	t.Run("DeletedReleases", func(t *testing.T) { testDeletedReleases(t, mustOpen(t)) })
	t.Run("Sources", func(t *testing.T) { testSources(t, mustOpen(t)) })
	t.Run("SimilarLike", func(t *testing.T) { testSimilarLike(t, mustOpen(t)) })
	t.Run("SimilarBehindBoilerplate", func(t *testing.T) { testSimilarBehindBoilerplate(t, mustOpen(t)) })
	t.Run("Watch", func(t *testing.T) { testWatch(t, mustOpen(t)) })
	t.Run("Webhooks", func(t *testing.T) { testWebhooks(t, mustOpen(t)) })
}

// MustCreateRelease stores a release with the given text (its bytes are
// the original) and facts.
func MustCreateRelease(tb testing.TB, s jikenbo.Store, source, text string, f jikenbo.Facts) *jikenbo.Release {
	tb.Helper()
	r := &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: source, Extracted: f}
	if err := s.CreateRelease(context.Background(), r); err != nil {
		tb.Fatalf("CreateRelease(%q): %v", source, err)
	}
	return r
}

// MustCreateOrganization stores an organisation whose only alias is its
// name with key.
func MustCreateOrganization(tb testing.TB, s jikenbo.Store, name, key string, kind jikenbo.OrgKind) *jikenbo.Organization {
	tb.Helper()
	o := &jikenbo.Organization{Name: name, Kind: kind, Aliases: []jikenbo.OrgAlias{{Name: name, Key: key}}}
	if err := s.CreateOrganization(context.Background(), o); err != nil {
		tb.Fatalf("CreateOrganization(%q): %v", name, err)
	}
	return o
}

// MustCreateCase stores a case (numbered by year when id is "").
func MustCreateCase(tb testing.TB, s jikenbo.Store, id string, year int) *jikenbo.Case {
	tb.Helper()
	c := &jikenbo.Case{ID: id, Year: year}
	if err := s.CreateCase(context.Background(), c); err != nil {
		tb.Fatalf("CreateCase(%q, %d): %v", id, year, err)
	}
	return c
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := jikenbo.ErrorCode(err); got != code {
		t.Errorf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

func intp(n int) *int { return &n }

func date(y, m, d int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: d} }

func testRelease(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	f := jikenbo.Facts{Organization: "株式会社テスト", Title: "お知らせ", Published: date(2024, 7, 1), Status: jikenbo.StatusOngoing,
		Categories: []string{jikenbo.CatRansomware}, AffectedPersons: intp(12)}
	r := &jikenbo.Release{Original: []byte("原文\xff"), Text: "原文", Encoding: "Shift_JIS", Source: "a.txt", Extracted: f, SourceCaseID: "2024-001",
		Labels: []jikenbo.ReleaseLabel{{Name: "最終報告", Source: jikenbo.LabelImported}}}
	if err := s.CreateRelease(ctx, r); err != nil {
		t.Fatalf("CreateRelease: %v", err)
	}
	if r.ID == 0 || r.SHA256 != jikenbo.SHA256Hex([]byte("原文\xff")) || r.ImportedAt.IsZero() {
		t.Errorf("CreateRelease set ID %d, SHA256 %q, ImportedAt %v", r.ID, r.SHA256, r.ImportedAt)
	}
	got, err := s.FindReleaseByID(ctx, r.ID)
	if err != nil {
		t.Fatalf("FindReleaseByID: %v", err)
	}
	if string(got.Original) != "原文\xff" || got.Text != "原文" || got.Encoding != "Shift_JIS" || got.Source != "a.txt" ||
		got.SourceCaseID != "2024-001" || got.CaseID != "" || !got.ImportedAt.Equal(r.ImportedAt) {
		t.Errorf("FindReleaseByID: got %+v", got)
	}
	gf, _ := json.Marshal(got.Extracted)
	wf, _ := json.Marshal(f)
	if string(gf) != string(wf) {
		t.Errorf("facts: got %s, want %s", gf, wf)
	}
	if !got.HasLabel("最終報告") {
		t.Errorf("labels: got %v, want 最終報告", got.Labels)
	}
	if bySum, err := s.FindReleaseBySHA256(ctx, r.SHA256); err != nil || bySum.ID != r.ID {
		t.Errorf("FindReleaseBySHA256: got %v, %v", bySum, err)
	}

	dup := &jikenbo.Release{Original: []byte("原文\xff"), Text: "別", Source: "b.txt"}
	wantCode(t, "CreateRelease same bytes", s.CreateRelease(ctx, dup), jikenbo.ECONFLICT)
	wantCode(t, "CreateRelease empty", s.CreateRelease(ctx, &jikenbo.Release{Source: "c.txt"}), jikenbo.EINVALID)
	wantCode(t, "CreateRelease unknown organization", s.CreateRelease(ctx, &jikenbo.Release{Original: []byte("x"), Source: "x", OrganizationID: 999}), jikenbo.ENOTFOUND)
	_, err = s.FindReleaseByID(ctx, 999)
	wantCode(t, "FindReleaseByID missing", err, jikenbo.ENOTFOUND)
	_, err = s.FindReleaseBySHA256(ctx, "00")
	wantCode(t, "FindReleaseBySHA256 missing", err, jikenbo.ENOTFOUND)

	given := &jikenbo.Release{ID: 100, Original: []byte("復元"), Text: "復元", Source: "export.json"}
	if err := s.CreateRelease(ctx, given); err != nil || given.ID != 100 {
		t.Errorf("CreateRelease with ID: got ID %d, %v", given.ID, err)
	}
	wantCode(t, "CreateRelease taken ID", s.CreateRelease(ctx, &jikenbo.Release{ID: 100, Original: []byte("他"), Source: "y"}), jikenbo.ECONFLICT)

	for i := range 5 {
		MustCreateRelease(t, s, fmt.Sprintf("n%d", i), fmt.Sprintf("本文%d", i), jikenbo.Facts{})
	}
	label := "最終報告"
	for _, tt := range []struct {
		name      string
		f         jikenbo.ReleaseFilter
		n, total  int
		firstText string
	}{
		{"All", jikenbo.ReleaseFilter{}, 7, 7, "原文"},
		{"Page", jikenbo.ReleaseFilter{Offset: 2, Limit: 2}, 2, 7, "本文0"},
		{"Label", jikenbo.ReleaseFilter{Label: &label}, 1, 1, "原文"},
		{"Unlinked", jikenbo.ReleaseFilter{Unlinked: true, Limit: 1}, 1, 7, "原文"},
	} {
		t.Run("Find"+tt.name, func(t *testing.T) {
			rs, n, err := s.FindReleases(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != tt.n || n != tt.total || rs[0].Text != tt.firstText {
				t.Errorf("got %d releases of %d (first %q), want %d of %d (first %q)", len(rs), n, rs[0].Text, tt.n, tt.total, tt.firstText)
			}
		})
	}

	text, draft := "新しい本文", true
	up, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{Text: &text, Draft: &draft})
	if err != nil || up.Text != text || !up.Draft {
		t.Errorf("UpdateRelease: got %+v, %v", up, err)
	}
	if hits, _, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "新しい"}); err != nil || len(hits) != 1 {
		t.Errorf("search after text update: %d hits, %v", len(hits), err)
	}
	_, err = s.UpdateRelease(ctx, 999, jikenbo.ReleaseUpdate{Text: &text})
	wantCode(t, "UpdateRelease missing", err, jikenbo.ENOTFOUND)

	// A release whose original bytes are its text keeps them through a
	// change of text.
	same := MustCreateRelease(t, s, "same.txt", "同じ本文\n", jikenbo.Facts{})
	edited := "直した本文"
	if _, err := s.UpdateRelease(ctx, same.ID, jikenbo.ReleaseUpdate{Text: &edited}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindReleaseByID(ctx, same.ID); string(got.Original) != "同じ本文\n" || got.Text != edited || got.SHA256 != same.SHA256 {
		t.Errorf("original after a text change: %q, text %q", got.Original, got.Text)
	}

	if err := s.DeleteRelease(ctx, r.ID); err != nil {
		t.Fatalf("DeleteRelease: %v", err)
	}
	_, err = s.FindReleaseByID(ctx, r.ID)
	wantCode(t, "FindReleaseByID deleted", err, jikenbo.ENOTFOUND)
	wantCode(t, "DeleteRelease again", s.DeleteRelease(ctx, r.ID), jikenbo.ENOTFOUND)
	if hits, _, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "新しい"}); err != nil || len(hits) != 0 {
		t.Errorf("search after delete: %d hits, %v", len(hits), err)
	}
}

func testOverrides(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	f := jikenbo.Facts{Organization: "株式会社テスト", AffectedPersons: intp(100), Status: jikenbo.StatusOngoing,
		Evidence: []jikenbo.Evidence{{Field: "affected_persons", Start: 0, End: 3}, {Field: "organization", Start: 4, End: 9}}}
	r := MustCreateRelease(t, s, "o.txt", "本文", f)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.SetOverride(ctx, r.ID, jikenbo.Override{Field: "affected_persons", Value: json.RawMessage(`120`), Editor: "editor1", At: at}); err != nil {
		t.Fatalf("SetOverride: %v", err)
	}
	for _, tt := range []struct {
		name string
		o    jikenbo.Override
		code string
	}{
		{"UnknownField", jikenbo.Override{Field: "evidence", Value: json.RawMessage(`[]`), Editor: "e"}, jikenbo.EINVALID},
		{"WrongType", jikenbo.Override{Field: "affected_persons", Value: json.RawMessage(`"many"`), Editor: "e"}, jikenbo.EINVALID},
		{"BadStatus", jikenbo.Override{Field: "status", Value: json.RawMessage(`"done"`), Editor: "e"}, jikenbo.EINVALID},
		{"NoEditor", jikenbo.Override{Field: "title", Value: json.RawMessage(`"t"`)}, jikenbo.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, "SetOverride", s.SetOverride(ctx, r.ID, tt.o), tt.code) })
	}
	wantCode(t, "SetOverride missing release", s.SetOverride(ctx, 999, jikenbo.Override{Field: "title", Value: json.RawMessage(`"t"`), Editor: "e"}), jikenbo.ENOTFOUND)

	// Re-extraction replaces the extracted facts and keeps the override.
	f2 := f
	f2.AffectedPersons, f2.Title = intp(90), "新しい題"
	if _, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{Extracted: &f2}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindReleaseByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Overrides) != 1 || got.Overrides[0].Editor != "editor1" || !got.Overrides[0].At.Equal(at) {
		t.Errorf("overrides: got %+v", got.Overrides)
	}
	eff := got.Facts()
	if eff.AffectedPersons == nil || *eff.AffectedPersons != 120 || eff.Title != "新しい題" || *got.Extracted.AffectedPersons != 90 {
		t.Errorf("effective facts: persons %v title %q, extracted persons %v", eff.AffectedPersons, eff.Title, got.Extracted.AffectedPersons)
	}
	if slices.ContainsFunc(eff.Evidence, func(e jikenbo.Evidence) bool { return e.Field == "affected_persons" }) || len(eff.Evidence) != 1 {
		t.Errorf("evidence of an overridden field kept: %+v", eff.Evidence)
	}
	if err := s.DeleteOverride(ctx, r.ID, "affected_persons"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteOverride again", s.DeleteOverride(ctx, r.ID, "affected_persons"), jikenbo.ENOTFOUND)
}

func testOrganization(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	o := &jikenbo.Organization{Name: "株式会社イセトー", Kind: jikenbo.OrgCompany,
		Aliases: []jikenbo.OrgAlias{{Name: "株式会社イセトー", Key: "いせとー"}}}
	if err := s.CreateOrganization(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOrganizationAlias(ctx, o.ID, jikenbo.OrgAlias{Name: "イセトー社", Key: "いせとー"}); err != nil {
		t.Errorf("AddOrganizationAlias same key: %v", err)
	}
	if err := s.AddOrganizationAlias(ctx, o.ID, jikenbo.OrgAlias{Name: "伊勢籐", Key: "伊勢籐"}); err != nil {
		t.Errorf("AddOrganizationAlias: %v", err)
	}
	got, err := s.FindOrganizationByKey(ctx, "伊勢籐")
	if err != nil || got.ID != o.ID || got.Name != "株式会社イセトー" || got.Kind != jikenbo.OrgCompany || len(got.Aliases) != 2 {
		t.Errorf("FindOrganizationByKey: got %+v, %v", got, err)
	}
	other := MustCreateOrganization(t, s, "静清信用金庫", "静清信用金庫", jikenbo.OrgFinancial)
	wantCode(t, "AddOrganizationAlias taken", s.AddOrganizationAlias(ctx, other.ID, jikenbo.OrgAlias{Name: "イセトー", Key: "いせとー"}), jikenbo.ECONFLICT)
	wantCode(t, "CreateOrganization taken key", s.CreateOrganization(ctx, &jikenbo.Organization{Name: "x", Aliases: []jikenbo.OrgAlias{{Name: "x", Key: "伊勢籐"}}}), jikenbo.ECONFLICT)
	wantCode(t, "CreateOrganization no name", s.CreateOrganization(ctx, &jikenbo.Organization{}), jikenbo.EINVALID)
	wantCode(t, "AddOrganizationAlias missing", s.AddOrganizationAlias(ctx, 999, jikenbo.OrgAlias{Name: "y", Key: "y"}), jikenbo.ENOTFOUND)
	_, err = s.FindOrganizationByKey(ctx, "none")
	wantCode(t, "FindOrganizationByKey missing", err, jikenbo.ENOTFOUND)
	_, err = s.FindOrganizationByID(ctx, 999)
	wantCode(t, "FindOrganizationByID missing", err, jikenbo.ENOTFOUND)
	kind := jikenbo.OrgFinancial
	if os, n, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{Kind: &kind}); err != nil || n != 1 || os[0].ID != other.ID {
		t.Errorf("FindOrganizations by kind: %d, %v", n, err)
	}
}

// testCasePages pages through cases: every page gives the total of the
// filter, also a page past the end.
func testCasePages(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	for range 5 {
		if err := s.CreateCase(ctx, &jikenbo.Case{Year: 2024}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateCase(ctx, &jikenbo.Case{Year: 2023}); err != nil {
		t.Fatal(err)
	}
	y := 2024
	for _, tt := range []struct {
		name  string
		f     jikenbo.CaseFilter
		first string
		rows  int
		total int
	}{
		{"All", jikenbo.CaseFilter{}, "2023-001", 6, 6},
		{"FirstPage", jikenbo.CaseFilter{Limit: 2}, "2023-001", 2, 6},
		{"LastPage", jikenbo.CaseFilter{Limit: 4, Offset: 4}, "2024-004", 2, 6},
		{"PastTheEnd", jikenbo.CaseFilter{Limit: 4, Offset: 10}, "", 0, 6},
		{"OffsetOnly", jikenbo.CaseFilter{Offset: 5}, "2024-005", 1, 6},
		{"FilteredPage", jikenbo.CaseFilter{Year: &y, Limit: 2, Offset: 2}, "2024-003", 2, 5},
		{"FilteredPastTheEnd", jikenbo.CaseFilter{Year: &y, Limit: 2, Offset: 6}, "", 0, 5},
		{"Last", jikenbo.CaseFilter{Last: 3}, "2024-003", 3, 3},
		{"LastFiltered", jikenbo.CaseFilter{Year: &y, Last: 2}, "2024-004", 2, 2},
		{"LastOfMoreThanAll", jikenbo.CaseFilter{Last: 10}, "2023-001", 6, 6},
		{"LastPaged", jikenbo.CaseFilter{Last: 4, Limit: 2, Offset: 1}, "2024-003", 2, 4},
		{"LastPastTheEnd", jikenbo.CaseFilter{Last: 3, Limit: 2, Offset: 5}, "", 0, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs, n, err := s.FindCases(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			first := ""
			if len(cs) > 0 {
				first = cs[0].ID
			}
			if len(cs) != tt.rows || n != tt.total || first != tt.first {
				t.Errorf("got %d cases from %q of %d, want %d from %q of %d", len(cs), first, n, tt.rows, tt.first, tt.total)
			}
		})
	}
}

func testCaseNumbering(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, id string
		year     int
		want     string
		code     string
	}{
		{"FirstOfYear", "", 2024, "2024-001", ""},
		{"Next", "", 2024, "2024-002", ""},
		{"OtherYear", "", 2023, "2023-001", ""},
		{"ImportedNumberKept", "2024-217", 0, "2024-217", ""},
		{"CounterMovedPast", "", 2024, "2024-218", ""},
		{"ImportedLowerNumber", "2024-100", 0, "2024-100", ""},
		{"CounterNotMovedBack", "", 2024, "2024-219", ""},
		{"Duplicate", "2024-217", 0, "", jikenbo.ECONFLICT},
		{"Malformed", "24-1", 0, "", jikenbo.EINVALID},
		{"NoYear", "", 0, "", jikenbo.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &jikenbo.Case{ID: tt.id, Year: tt.year}
			err := s.CreateCase(ctx, c)
			if tt.code != "" {
				wantCode(t, "CreateCase", err, tt.code)
				return
			}
			if err != nil || c.ID != tt.want {
				t.Errorf("CreateCase: got %q, %v, want %q", c.ID, err, tt.want)
			}
		})
	}
	if err := s.DeleteCase(ctx, "2024-219"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteCase again", s.DeleteCase(ctx, "2024-219"), jikenbo.ENOTFOUND)
	if c := MustCreateCase(t, s, "", 2024); c.ID != "2024-220" {
		t.Errorf("number after deletion: got %s, want 2024-220 (never reuse)", c.ID)
	}
	wantCode(t, "CreateCase deleted number", s.CreateCase(ctx, &jikenbo.Case{ID: "2024-219"}), jikenbo.ECONFLICT)
	_, err := s.FindCaseByID(ctx, "2024-219")
	wantCode(t, "FindCaseByID deleted", err, jikenbo.ENOTFOUND)
}

func testCaseNumberingConcurrent(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	const n = 20
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			err := s.InTx(ctx, func(tx jikenbo.Store) error {
				// Read-then-write in one transaction, like the linker.
				if _, _, err := tx.FindCases(ctx, jikenbo.CaseFilter{}); err != nil {
					return err
				}
				c := &jikenbo.Case{Year: 2025}
				if err := tx.CreateCase(ctx, c); err != nil {
					return err
				}
				ids[i] = c.ID
				return nil
			})
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.Sort(ids)
	for i, id := range ids {
		if want := jikenbo.FormatCaseID(2025, i+1); id != want {
			t.Fatalf("concurrent numbers: got %v, want 2025-001…2025-%03d each once", ids, n)
		}
	}
}

func testCaseContents(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	pub := MustCreateOrganization(t, s, "静清信用金庫", "静清信用金庫", jikenbo.OrgFinancial)
	con := MustCreateOrganization(t, s, "株式会社イセトー", "いせとー", jikenbo.OrgCompany)
	c := MustCreateCase(t, s, "2024-217", 0)
	first := MustCreateRelease(t, s, "1.txt", "第1報", jikenbo.Facts{Title: "第1報", Published: date(2024, 7, 4), Status: jikenbo.StatusOngoing,
		Categories: []string{jikenbo.CatRansomware}, AffectedPersons: intp(2713), Detected: date(2024, 5, 26)})
	final := MustCreateRelease(t, s, "2.txt", "最終報告", jikenbo.Facts{Title: "最終報告", Published: date(2024, 11, 18), Status: jikenbo.StatusConcluded,
		Categories: []string{jikenbo.CatUnauthorizedAccess}, AffectedPersons: intp(2702), DataTypes: []string{jikenbo.DataName}})
	// Filed newest first: the case orders by date, not by filing.
	for _, x := range []struct {
		r     *jikenbo.Release
		stage jikenbo.Stage
	}{{final, jikenbo.StageFinal}, {first, jikenbo.StageFirst}} {
		if err := s.AddCaseRelease(ctx, c.ID, x.r.ID, x.stage); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddCaseRelease(ctx, c.ID, first.ID, jikenbo.StageFirst); err != nil {
		t.Errorf("AddCaseRelease again: %v", err)
	}
	other := MustCreateCase(t, s, "", 2024)
	wantCode(t, "AddCaseRelease other case", s.AddCaseRelease(ctx, other.ID, first.ID, jikenbo.StageFirst), jikenbo.ECONFLICT)
	wantCode(t, "AddCaseRelease missing case", s.AddCaseRelease(ctx, "2099-001", first.ID, jikenbo.StageFirst), jikenbo.ENOTFOUND)
	wantCode(t, "AddCaseRelease missing release", s.AddCaseRelease(ctx, c.ID, 999, jikenbo.StageFirst), jikenbo.ENOTFOUND)

	for _, x := range []struct {
		id   int64
		role jikenbo.Role
	}{{pub.ID, jikenbo.RolePublisher}, {con.ID, jikenbo.RoleContractor}, {con.ID, jikenbo.RoleContractor}} {
		if err := s.AddCaseOrganization(ctx, c.ID, x.id, x.role, 0); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "AddCaseOrganization missing", s.AddCaseOrganization(ctx, c.ID, 999, jikenbo.RoleClient, 0), jikenbo.ENOTFOUND)
	for range 2 {
		if err := s.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: date(2024, 7, 5), Kind: jikenbo.TimelineEarlierRelease, ReleaseID: final.ID, Note: "【2024年7月5日リリース分】"}); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "AddTimelineEntry no date", s.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Kind: jikenbo.TimelineEarlierRelease}), jikenbo.EINVALID)
	if err := s.AddCaseLink(ctx, other.ID, jikenbo.CaseLink{CaseID: c.ID, Kind: jikenbo.LinkSameContractor, Reason: "同じ委託先"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "AddCaseLink self", s.AddCaseLink(ctx, c.ID, jikenbo.CaseLink{CaseID: c.ID, Kind: jikenbo.LinkSameContractor}), jikenbo.EINVALID)
	wantCode(t, "AddCaseLink from a missing case", s.AddCaseLink(ctx, "2099-999", jikenbo.CaseLink{CaseID: c.ID, Kind: jikenbo.LinkSameContractor}), jikenbo.ENOTFOUND)
	wantCode(t, "AddCaseLink to a missing case", s.AddCaseLink(ctx, c.ID, jikenbo.CaseLink{CaseID: "2099-999", Kind: jikenbo.LinkSameContractor}), jikenbo.ENOTFOUND)
	if err := s.AddDecision(ctx, jikenbo.Decision{ReleaseID: final.ID, CaseID: c.ID, Action: jikenbo.DecisionSourceNumber, Reasons: []string{"見出しの番号 #2024-217"}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "AddDecision missing release", s.AddDecision(ctx, jikenbo.Decision{ReleaseID: 999, CaseID: c.ID, Action: jikenbo.DecisionNewCase}), jikenbo.ENOTFOUND)

	got, err := s.FindCaseByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Releases) != 2 || got.Releases[0].ReleaseID != first.ID || got.Releases[1].Stage != jikenbo.StageFinal {
		t.Errorf("releases: got %+v, want first then final", got.Releases)
	}
	if got.Status != jikenbo.StatusConcluded || got.Facts.AffectedPersons == nil || *got.Facts.AffectedPersons != 2702 ||
		got.Facts.Detected != date(2024, 5, 26) || len(got.Facts.Categories) != 2 || got.Facts.Title != "株式会社イセトーのランサムウェア被害" ||
		!slices.Equal(got.Facts.Sources["affected_persons"], []int64{final.ID}) || !slices.Equal(got.Facts.Sources["status"], []int64{final.ID}) {
		t.Errorf("merged: status %s facts %+v", got.Status, got.Facts)
	}
	// An editor's title wins over the made one until it is cleared.
	if err := s.SetCaseTitle(ctx, c.ID, " イセトー社への攻撃と委託元各社の公表 "); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCaseByID(ctx, c.ID); got.Title != "イセトー社への攻撃と委託元各社の公表" || got.Facts.Title != got.Title {
		t.Errorf("own title: %q, facts %q", got.Title, got.Facts.Title)
	}
	wantCode(t, "SetCaseTitle missing", s.SetCaseTitle(ctx, "2099-001", "x"), jikenbo.ENOTFOUND)
	wantCode(t, "SetCaseTitle too long", s.SetCaseTitle(ctx, c.ID, strings.Repeat("長", 201)), jikenbo.EINVALID)
	if err := s.SetCaseTitle(ctx, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCaseByID(ctx, c.ID); got.Title != "" || got.Facts.Title != "株式会社イセトーのランサムウェア被害" {
		t.Errorf("title cleared: %q, facts %q", got.Title, got.Facts.Title)
	}
	var kinds []string
	for _, e := range got.Timeline {
		kinds = append(kinds, e.Date.String()+" "+string(e.Kind))
	}
	if want := []string{"2024-07-04 release", "2024-07-05 earlier_release", "2024-11-18 release"}; !slices.Equal(kinds, want) {
		t.Errorf("timeline: got %q, want %q", kinds, want)
	}
	if len(got.Organizations) != 2 || got.Organizations[1].Name != "株式会社イセトー" || got.Organizations[1].Role != jikenbo.RoleContractor {
		t.Errorf("organizations: got %+v", got.Organizations)
	}
	if len(got.Links) != 1 || got.Links[0].CaseID != other.ID {
		t.Errorf("links: got %+v", got.Links)
	}
	if len(got.Decisions) != 1 || got.Decisions[0].Reasons[0] != "見出しの番号 #2024-217" || got.Decisions[0].At.IsZero() {
		t.Errorf("decisions: got %+v", got.Decisions)
	}
	if o, _ := s.FindCaseByID(ctx, other.ID); len(o.Links) != 1 || o.Links[0].CaseID != c.ID {
		t.Errorf("link seen from the other case: %+v", o.Links)
	}

	// An override changes the merged facts at once.
	if err := s.SetOverride(ctx, final.ID, jikenbo.Override{Field: "affected_persons", Value: json.RawMessage(`2700`), Editor: "e"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCaseByID(ctx, c.ID); *got.Facts.AffectedPersons != 2700 {
		t.Errorf("merged after override: %d, want 2700", *got.Facts.AffectedPersons)
	}

	role := jikenbo.RoleContractor
	status := jikenbo.StatusConcluded
	for _, tt := range []struct {
		name string
		f    jikenbo.CaseFilter
		want []string
	}{
		{"ByContractor", jikenbo.CaseFilter{OrganizationID: &con.ID, Role: &role}, []string{"2024-217"}},
		{"ByPublisherAsContractor", jikenbo.CaseFilter{OrganizationID: &pub.ID, Role: &role}, nil},
		{"ByStatus", jikenbo.CaseFilter{Status: &status}, []string{"2024-217"}},
		{"All", jikenbo.CaseFilter{}, []string{"2024-217", "2024-218"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs, _, err := s.FindCases(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
		})
	}

	// Read together (one query a list for many cases), each case is what
	// it is alone: its releases, organisations, timeline, links (stored
	// once, seen from both cases) and decisions, no other case's.
	third := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseLink(ctx, third.ID, jikenbo.CaseLink{CaseID: other.ID, Kind: jikenbo.LinkSameOrganization, Reason: "同じ公表者"}); err != nil {
		t.Fatal(err)
	}
	all, _, err := s.FindCases(ctx, jikenbo.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("%d cases, want 3", len(all))
	}
	for _, c := range all {
		alone, err := s.FindCaseByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, alone) {
			t.Errorf("case %s read with others:\n%+v\nalone:\n%+v", c.ID, c, alone)
		}
	}
	if o, _ := s.FindCaseByID(ctx, other.ID); len(o.Links) != 2 || o.Links[0].CaseID != c.ID || o.Links[1].CaseID != third.ID {
		t.Errorf("links of the middle case: %+v", o.Links)
	}
	// Brief (the linker's read) is the same without links and decisions.
	brief, _, err := s.FindCases(ctx, jikenbo.CaseFilter{Brief: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(brief) != len(all) {
		t.Fatalf("brief: %d cases, want %d", len(brief), len(all))
	}
	for i, b := range brief {
		if b.Links != nil || b.Decisions != nil {
			t.Errorf("brief case %s has links %v and decisions %v", b.ID, b.Links, b.Decisions)
		}
		full := *all[i]
		full.Links, full.Decisions = nil, nil
		if !reflect.DeepEqual(b, &full) {
			t.Errorf("brief case %s:\n%+v\nwant as read whole:\n%+v", b.ID, b, &full)
		}
	}

	// Deleting the case unlinks its releases.
	if err := s.DeleteCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.FindReleaseByID(ctx, first.ID); r.CaseID != "" || r.Stage != "" {
		t.Errorf("release of a deleted case: case %q stage %q", r.CaseID, r.Stage)
	}
}

func testLabels(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	a := MustCreateRelease(t, s, "a", "a", jikenbo.Facts{})
	b := MustCreateRelease(t, s, "b", "b", jikenbo.Facts{})
	for _, x := range []struct {
		r *jikenbo.Release
		l jikenbo.ReleaseLabel
	}{
		{a, jikenbo.ReleaseLabel{Name: "最終報告", Source: jikenbo.LabelImported}},
		{a, jikenbo.ReleaseLabel{Name: "最終報告", Source: jikenbo.LabelImported}},
		{a, jikenbo.ReleaseLabel{Name: "ランサムウェア", Source: jikenbo.LabelAuto}},
		{b, jikenbo.ReleaseLabel{Name: "ランサムウェア", Source: jikenbo.LabelAuto}},
	} {
		if err := s.AddReleaseLabel(ctx, x.r.ID, x.l); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "AddReleaseLabel missing", s.AddReleaseLabel(ctx, 999, jikenbo.ReleaseLabel{Name: "x", Source: jikenbo.LabelEditor}), jikenbo.ENOTFOUND)
	wantCode(t, "AddReleaseLabel empty", s.AddReleaseLabel(ctx, a.ID, jikenbo.ReleaseLabel{Source: jikenbo.LabelEditor}), jikenbo.EINVALID)
	if err := s.ReplaceReleaseLabels(ctx, a.ID, jikenbo.LabelAuto, []string{"誤送信・誤送付"}); err != nil {
		t.Fatal(err)
	}
	ls, err := s.FindLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%s:%d", l.Name, l.Count))
	}
	if want := []string{"ランサムウェア:1", "最終報告:1", "誤送信・誤送付:1"}; !slices.Equal(got, want) {
		t.Errorf("labels: got %v, want %v", got, want)
	}
}

// searchDocs are written for the suite: short texts that put the hard
// cases side by side.
var searchDocs = []string{
	0: "県内の学校でUSBメモリを紛失しました。個人情報が含まれています。",
	1: "個人情報の漏えいについて（令和６年７月５日）",
	2: "顧客情報漏洩のお知らせ。令和6年度の調査結果。",
	3: "ＳＭＳの誤送信について。対象は１２，３４５件です。",
	4: "個人 情報の扱い。今年3月の報告。",
	5: "委託先の株式会社イセトーがランサムウェアに感染",
	6: "ﾗﾝｻﾑｳｪｱ被害と県警への相談",
}

func testSearch(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	ids := make([]int64, len(searchDocs))
	for i, d := range searchDocs {
		ids[i] = MustCreateRelease(t, s, fmt.Sprintf("s%d", i), d, jikenbo.Facts{}).ID
	}
	for _, tt := range []struct {
		q    string
		want []int
	}{
		{"県", []int{0, 6}},
		{"紛失", []int{0}},
		{"漏洩", []int{1, 2}},
		{"漏えい", []int{1, 2}},
		{"個人情報", []int{0, 1}},
		{"情報", []int{0, 1, 2, 4}},
		{"usb", []int{0}},
		{"ＵＳＢメモリ", []int{0}},
		{"sms", []int{3}},
		{"12,345件", []int{3}},
		{"令和6年", []int{1, 2}},
		{"令和6年7月", []int{1}},
		{"年3月", []int{4}},
		{"ランサムウェア", []int{5, 6}},
		{"イセトー 感染", []int{5}},
		{"イセトー 紛失", nil},
		{"査結", []int{2}},
		{"果", []int{2}},
		{"存在しない語", nil},
	} {
		t.Run(tt.q, func(t *testing.T) {
			hits, n, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: tt.q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, h := range hits {
				got = append(got, slices.Index(ids, h.Release.ID))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || n != len(tt.want) {
				t.Errorf("got %v (count %d), want %v", got, n, tt.want)
			}
			if len(hits) > 0 && hits[0].Snippet == "" {
				t.Errorf("empty snippet")
			}
		})
	}
	_, _, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: " 、。 "})
	wantCode(t, "SearchReleases empty", err, jikenbo.EINVALID)
	hits, n, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "情報", Limit: 2, Offset: 1})
	if err != nil || len(hits) != 2 || n != 4 {
		t.Errorf("paged search: %d hits of %d, %v", len(hits), n, err)
	}
}

// testSearchBounded: a query the index cannot answer alone (a lone
// character followed by more, whose texts must be read to be sure) is
// refused with a way to narrow it when it has more than 500 candidates,
// instead of reading every text; the narrowed query finds them all.
func testSearchBounded(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		for i := range 501 {
			MustCreateRelease(t, tx, fmt.Sprintf("b%d", i), fmt.Sprintf("今年3月%d日に判明しました。", i), jikenbo.Facts{})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "年3月"})
	if jikenbo.ErrorCode(err) != jikenbo.EINVALID || !strings.Contains(jikenbo.ErrorMessage(err), "前に1文字加えるか(例: 「今年3月」)") {
		t.Errorf("年3月 with 501 candidates: got %v, want EINVALID saying how to narrow it", err)
	}
	qs, ok := s.(jikenbo.QueryStore)
	if !ok {
		t.Fatal("the store is no QueryStore")
	}
	_, err = qs.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: "年3月"})
	wantCode(t, "FindReleaseSummaries 年3月", err, jikenbo.EINVALID)
	if _, n, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "今年3月"}); err != nil || n != 501 {
		t.Errorf("今年3月: %d hits, %v; want 501", n, err)
	}
}

func testTx(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		MustCreateRelease(t, tx, "tx", "取り消される", jikenbo.Facts{})
		c := &jikenbo.Case{Year: 2030}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		// Nested InTx shares the transaction.
		if err := tx.InTx(ctx, func(tx2 jikenbo.Store) error {
			_, err := tx2.FindCaseByID(ctx, c.ID)
			return err
		}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx: got %v, want boom", err)
	}
	if _, n, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{}); n != 0 {
		t.Errorf("rolled back release kept: %d", n)
	}
	if _, n, _ := s.FindCases(ctx, jikenbo.CaseFilter{}); n != 0 {
		t.Errorf("rolled back case kept: %d", n)
	}
	if c := MustCreateCase(t, s, "", 2030); c.ID != "2030-001" {
		t.Errorf("number after rollback: %s, want 2030-001", c.ID)
	}
}

// testTxSavepoint: a nested InTx that fails is undone alone, even after
// a statement that failed in the database (which aborts a PostgreSQL
// transaction unless a savepoint is rolled back to); the outer
// transaction keeps its other writes and commits them.
func testTxSavepoint(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		MustCreateRelease(t, tx, "kept-1", "残る一つ目", jikenbo.Facts{})
		if err := tx.InTx(ctx, func(tx2 jikenbo.Store) error {
			MustCreateRelease(t, tx2, "undone", "取り消される", jikenbo.Facts{})
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("nested InTx: got %v, want boom", err)
		}
		err := tx.InTx(ctx, func(tx2 jikenbo.Store) error {
			// The same bytes again: a unique violation in the database.
			return tx2.CreateRelease(ctx, &jikenbo.Release{Original: []byte("残る一つ目"), Text: "残る一つ目", Source: "dup"})
		})
		if jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
			t.Errorf("nested InTx creating the same bytes: got %v, want a conflict", err)
		}
		MustCreateRelease(t, tx, "kept-2", "残る二つ目", jikenbo.Facts{})
		return nil
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Source)
	}
	slices.Sort(got)
	if want := []string{"kept-1", "kept-2"}; !slices.Equal(got, want) {
		t.Errorf("releases after the batch: %v, want %v", got, want)
	}
}

// testTxSearchIndex: a write transaction adds its new releases to the
// search index when it commits, together; until then a search in the
// transaction still finds them, a savepoint rolled back takes its own
// releases out of the index and leaves the others', and a release
// deleted or given a new text in the transaction is indexed as it ends.
func testTxSearchIndex(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	search := func(s jikenbo.Store, q string) []string {
		t.Helper()
		hits, _, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Release.Source)
		}
		slices.Sort(got)
		return got
	}
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		a := MustCreateRelease(t, tx, "a", "索引の一番目の公表", jikenbo.Facts{})
		if err := tx.InTx(ctx, func(tx jikenbo.Store) error {
			MustCreateRelease(t, tx, "b", "索引の二番目の公表", jikenbo.Facts{})
			return nil
		}); err != nil {
			return err
		}
		if err := tx.InTx(ctx, func(tx jikenbo.Store) error {
			// The search in the savepoint writes a and b into the index
			// inside it; rolled back, they are written again.
			if got, want := search(tx, "番目の公表"), []string{"a", "b"}; !slices.Equal(got, want) {
				t.Errorf("search in the transaction: %v, want %v", got, want)
			}
			MustCreateRelease(t, tx, "c", "索引の三番目の公表", jikenbo.Facts{})
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("nested InTx: got %v, want boom", err)
		}
		// Rolled back before anything was indexed, e leaves nothing for
		// the index; f may take its ID (SQLite does).
		if err := tx.InTx(ctx, func(tx jikenbo.Store) error {
			MustCreateRelease(t, tx, "e", "索引の五番目の公表", jikenbo.Facts{})
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("nested InTx: got %v, want boom", err)
		}
		MustCreateRelease(t, tx, "f", "索引の六番目の公表", jikenbo.Facts{})
		d := MustCreateRelease(t, tx, "d", "索引の四番目の公表", jikenbo.Facts{})
		if err := tx.DeleteRelease(ctx, d.ID); err != nil {
			return err
		}
		text := "索引の改められた公表"
		_, err := tx.UpdateRelease(ctx, a.ID, jikenbo.ReleaseUpdate{Text: &text})
		return err
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	for q, want := range map[string][]string{"番目の公表": {"b", "f"}, "改められた": {"a"}, "一番目": nil, "三番目": nil, "四番目": nil, "五番目": nil, "六番目": {"f"}} {
		if got := search(s, q); !slices.Equal(got, want) {
			t.Errorf("search %q after the commit: %v, want %v", q, got, want)
		}
	}
}

// RunTwoProcesses numbers 30 cases from two stores opened on one
// casebook at once, as two `jikenbo import` processes would: each number
// is handed out once. open is called twice for the same casebook.
func RunTwoProcesses(t *testing.T, open func() jikenbo.Store) {
	a, b := open(), open()
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	var mu sync.Mutex
	var ids []string
	var wg sync.WaitGroup
	for _, s := range []jikenbo.Store{a, b} {
		for range 15 {
			wg.Go(func() {
				c := &jikenbo.Case{Year: 2024}
				if err := s.CreateCase(ctx, c); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids = append(ids, c.ID)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	slices.Sort(ids)
	if len(slices.Compact(slices.Clone(ids))) != 30 || ids[29] != "2024-030" {
		t.Errorf("got %v, want 2024-001…2024-030 each once", ids)
	}
}

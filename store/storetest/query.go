package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// QueryableStore is a store that also answers the public pages' queries.
type QueryableStore interface {
	jikenbo.Store
	jikenbo.QueryStore
}

// RunQuery runs the contract of jikenbo.QueryStore. open must return a
// new, empty store for each call; the suite closes it.
func RunQuery(t *testing.T, open func(testing.TB) QueryableStore) {
	mustOpen := func(t *testing.T) QueryableStore {
		t.Helper()
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("ReleaseSummaries", func(t *testing.T) { testReleaseSummaries(t, mustOpen(t)) })
	t.Run("Facets", func(t *testing.T) { testFacets(t, mustOpen(t)) })
	t.Run("CaseSummaries", func(t *testing.T) { testCaseSummaries(t, mustOpen(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, mustOpen(t)) })
	t.Run("Version", func(t *testing.T) { testVersion(t, mustOpen(t)) })
	t.Run("DraftsPrivate", func(t *testing.T) { testDraftsPrivate(t, mustOpen(t)) })
	t.Run("EffectiveFacets", func(t *testing.T) { testEffectiveFacets(t, mustOpen(t)) })
	t.Run("Classes", func(t *testing.T) { testClasses(t, mustOpen(t)) })
	t.Run("CaseLargest", func(t *testing.T) { testCaseLargest(t, mustOpen(t)) })
	t.Run("Empty", func(t *testing.T) { testQueryEmpty(t, mustOpen(t)) })
	t.Run("Undated", func(t *testing.T) { testUndated(t, mustOpen(t)) })
	t.Run("ContractorReleases", func(t *testing.T) { testContractorReleases(t, mustOpen(t)) })
	t.Run("SearchPaths", func(t *testing.T) { testSearchPaths(t, mustOpen(t)) })
}

// queryFixture is a small casebook: two organisations, five releases in
// three months (one a draft), two cases.
type queryFixture struct {
	city, printer *jikenbo.Organization
	rs            []*jikenbo.Release
	draft         *jikenbo.Release
}

func mustQueryFixture(t testing.TB, s QueryableStore) queryFixture {
	t.Helper()
	ctx := context.Background()
	var fx queryFixture
	fx.city = MustCreateOrganization(t, s, "試験市", "試験市", jikenbo.OrgMunicipality)
	fx.printer = MustCreateOrganization(t, s, "株式会社見本印刷", "見本印刷", jikenbo.OrgCompany)
	type rel struct {
		text string
		f    jikenbo.Facts
		org  *jikenbo.Organization
	}
	for _, r := range []rel{
		{"印刷委託先でランサムウェア被害、住民の個人情報が流出した可能性", jikenbo.Facts{Title: "第1報", Published: date(2024, 6, 3), Status: jikenbo.StatusOngoing,
			Categories: []string{jikenbo.CatRansomware}, ThirdParty: true, AffectedPersons: intp(30000)}, fx.city},
		{"ランサムウェア被害の調査結果(最終報告)", jikenbo.Facts{Title: "最終報告", Published: date(2024, 8, 20), Status: jikenbo.StatusConcluded,
			Categories: []string{jikenbo.CatRansomware}, ThirdParty: true, AffectedPersons: intp(31000)}, fx.city},
		{"当社サーバーへの不正アクセスについて", jikenbo.Facts{Title: "お知らせ", Published: date(2024, 6, 1), Status: jikenbo.StatusOngoing,
			Categories: []string{jikenbo.CatRansomware, jikenbo.CatUnauthorizedAccess}}, fx.printer},
		{"メールの誤送信について", jikenbo.Facts{Title: "誤送信", Published: date(2024, 8, 20), Status: jikenbo.StatusConcluded,
			Categories: []string{jikenbo.CatMisdelivery}, AffectedPersons: intp(12)}, fx.city},
	} {
		rr := MustCreateRelease(t, s, r.text+".txt", r.text, r.f)
		orgID := r.org.ID
		if _, err := s.UpdateRelease(ctx, rr.ID, jikenbo.ReleaseUpdate{OrganizationID: &orgID}); err != nil {
			t.Fatal(err)
		}
		fx.rs = append(fx.rs, rr)
	}
	fx.draft = MustCreateRelease(t, s, "draft.txt", "下書きの誤送信", jikenbo.Facts{Published: date(2024, 9, 1), Categories: []string{jikenbo.CatMisdelivery}})
	draft := true
	if _, err := s.UpdateRelease(ctx, fx.draft.ID, jikenbo.ReleaseUpdate{Draft: &draft}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReleaseLabel(ctx, fx.draft.ID, jikenbo.ReleaseLabel{Name: "下書きだけ", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReleaseLabel(ctx, fx.rs[1].ID, jikenbo.ReleaseLabel{Name: jikenbo.LabelFinalReport, Source: jikenbo.LabelAuto}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReleaseLabel(ctx, fx.rs[3].ID, jikenbo.ReleaseLabel{Name: jikenbo.LabelFinalReport, Source: jikenbo.LabelAuto}); err != nil {
		t.Fatal(err)
	}

	ransom := MustCreateCase(t, s, "2024-010", 2024)
	for i, stage := range []jikenbo.Stage{jikenbo.StageFirst, jikenbo.StageFinal, jikenbo.StageFirst} {
		if err := s.AddCaseRelease(ctx, ransom.ID, fx.rs[[]int{0, 1, 2}[i]].ID, stage); err != nil {
			t.Fatal(err)
		}
	}
	mustRole(t, s, ransom.ID, fx.city.ID, jikenbo.RolePublisher)
	mustRole(t, s, ransom.ID, fx.printer.ID, jikenbo.RoleContractor)
	mis := MustCreateCase(t, s, "2024-011", 2024)
	if err := s.AddCaseRelease(ctx, mis.ID, fx.rs[3].ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	mustRole(t, s, mis.ID, fx.city.ID, jikenbo.RolePublisher)
	return fx
}

func mustRole(t testing.TB, s jikenbo.Store, caseID string, org int64, role jikenbo.Role) {
	t.Helper()
	if err := s.AddCaseOrganization(context.Background(), caseID, org, role, 0); err != nil {
		t.Fatal(err)
	}
}

func summaryIDs(p *jikenbo.ReleasePage) []int64 {
	var ids []int64
	for _, r := range p.Releases {
		ids = append(ids, r.ID)
	}
	return ids
}

func testReleaseSummaries(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	fx := mustQueryFixture(t, s)
	r := fx.rs
	yes := true
	for _, tt := range []struct {
		name string
		q    jikenbo.ReleaseQuery
		want []int64
	}{
		// Newest first; a day shared by two releases orders by ID, highest
		// first; the draft is never listed.
		{"All", jikenbo.ReleaseQuery{}, []int64{r[3].ID, r[1].ID, r[0].ID, r[2].ID}},
		{"Label", jikenbo.ReleaseQuery{Label: jikenbo.LabelFinalReport}, []int64{r[3].ID, r[1].ID}},
		{"DraftOnlyLabel", jikenbo.ReleaseQuery{Label: "下書きだけ"}, nil},
		{"Organization", jikenbo.ReleaseQuery{OrganizationID: fx.printer.ID}, []int64{r[2].ID}},
		{"Case", jikenbo.ReleaseQuery{CaseID: "2024-010"}, []int64{r[1].ID, r[0].ID, r[2].ID}},
		{"Year", jikenbo.ReleaseQuery{Year: 2024}, []int64{r[3].ID, r[1].ID, r[0].ID, r[2].ID}},
		{"Month", jikenbo.ReleaseQuery{Year: 2024, Month: 6}, []int64{r[0].ID, r[2].ID}},
		{"OtherYear", jikenbo.ReleaseQuery{Year: 2023}, nil},
		{"Since", jikenbo.ReleaseQuery{Since: date(2024, 6, 2)}, []int64{r[3].ID, r[1].ID, r[0].ID}},
		{"Category", jikenbo.ReleaseQuery{Category: jikenbo.CatUnauthorizedAccess}, []int64{r[2].ID}},
		{"Status", jikenbo.ReleaseQuery{Status: jikenbo.StatusConcluded}, []int64{r[3].ID, r[1].ID}},
		{"OrgKind", jikenbo.ReleaseQuery{OrgKind: jikenbo.OrgCompany}, []int64{r[2].ID}},
		{"ThirdParty", jikenbo.ReleaseQuery{ThirdParty: &yes}, []int64{r[1].ID, r[0].ID}},
		{"Persons", jikenbo.ReleaseQuery{Persons: "10000-99999"}, []int64{r[1].ID, r[0].ID}},
		{"PersonsUnknown", jikenbo.ReleaseQuery{Persons: "unknown"}, []int64{r[2].ID}},
		// Two-character and one-character Japanese terms find substrings.
		{"SearchTwoChars", jikenbo.ReleaseQuery{Q: "誤送"}, []int64{r[3].ID}},
		{"SearchOneChar", jikenbo.ReleaseQuery{Q: "被"}, []int64{r[1].ID, r[0].ID}},
		{"SearchAndFilter", jikenbo.ReleaseQuery{Q: "ランサムウェア", Status: jikenbo.StatusOngoing}, []int64{r[0].ID}},
		{"SearchNoMatch", jikenbo.ReleaseQuery{Q: "存在しない語"}, nil},
		// SQL in a query is only text to look for.
		{"SearchSQL", jikenbo.ReleaseQuery{Q: `' OR 1=1; DROP TABLE releases; --`}, nil},
		{"LabelSQL", jikenbo.ReleaseQuery{Label: `x' OR '1'='1`}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.FindReleaseSummaries(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := summaryIDs(p); !slices.Equal(got, tt.want) || p.Total != len(tt.want) || p.Next != "" {
				t.Errorf("got %v (total %d, next %q), want %v", got, p.Total, p.Next, tt.want)
			}
		})
	}

	t.Run("Paging", func(t *testing.T) {
		var got []int64
		q := jikenbo.ReleaseQuery{Limit: 3}
		for range 10 {
			p, err := s.FindReleaseSummaries(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 4 {
				t.Errorf("total %d, want 4", p.Total)
			}
			got = append(got, summaryIDs(p)...)
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
		if want := []int64{r[3].ID, r[1].ID, r[0].ID, r[2].ID}; !slices.Equal(got, want) {
			t.Errorf("pages gave %v, want %v", got, want)
		}
	})

	t.Run("Summary", func(t *testing.T) {
		p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Label: jikenbo.LabelFinalReport, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Releases[0]
		if got.ID != r[3].ID || got.CaseID != "2024-011" || got.Stage != jikenbo.StageFirst || got.OrganizationName != "試験市" ||
			got.OrganizationKind != jikenbo.OrgMunicipality || got.Date != date(2024, 8, 20) || got.Facts.Title != "誤送信" ||
			!slices.Equal(got.Labels, []string{jikenbo.LabelFinalReport}) || got.Text != "" || p.Next == "" {
			t.Errorf("got %+v (next %q)", got, p.Next)
		}
		// The lead is the text's first characters (not bytes): lists show
		// its first sentence when a release has no title.
		if lead := []rune(r[3].Text); got.Lead != string(lead[:min(len(lead), jikenbo.LeadChars)]) || got.Lead == "" {
			t.Errorf("Lead = %q, want the start of %q", got.Lead, r[3].Text)
		}
		if p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Label: jikenbo.LabelFinalReport, Limit: 1, NoTotal: true}); err != nil ||
			p.Total != -1 || len(p.Releases) != 1 || p.Next == "" {
			t.Errorf("NoTotal: got %+v, %v", p, err)
		}
		p, err = s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: "誤送"})
		if err != nil || len(p.Releases) != 1 || p.Releases[0].Text != "メールの誤送信について" {
			t.Errorf("search fills Text: got %+v, %v", p, err)
		}
	})

	t.Run("Override", func(t *testing.T) {
		// An editor's correction of the date moves the release in the list.
		if err := s.SetOverride(ctx, r[2].ID, jikenbo.Override{Field: "published", Value: json.RawMessage(`"2024-12-24"`), Editor: "e"}); err != nil {
			t.Fatal(err)
		}
		p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 1})
		if err != nil || len(p.Releases) != 1 || p.Releases[0].ID != r[2].ID || p.Releases[0].Date != date(2024, 12, 24) ||
			p.Releases[0].Facts.Published != date(2024, 12, 24) {
			t.Errorf("after override: got %+v, %v", p.Releases, err)
		}
		if err := s.DeleteOverride(ctx, r[2].ID, "published"); err != nil {
			t.Fatal(err)
		}
		p, _ = s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 1})
		if p.Releases[0].ID != r[3].ID {
			t.Errorf("after deleting the override: first %d, want %d", p.Releases[0].ID, r[3].ID)
		}
	})

	for _, tt := range []struct {
		name string
		q    jikenbo.ReleaseQuery
	}{
		{"BadCursor", jikenbo.ReleaseQuery{Cursor: "!!not-a-cursor"}},
		{"ForgedCursor", jikenbo.ReleaseQuery{Cursor: "MjAyNC0xMy0wMXx4"}}, // "2024-13-01|x"
		{"NothingToSearch", jikenbo.ReleaseQuery{Q: "、。!?"}},
		{"UnknownRange", jikenbo.ReleaseQuery{Persons: "1-2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.FindReleaseSummaries(ctx, tt.q)
			wantCode(t, "FindReleaseSummaries", err, jikenbo.EINVALID)
		})
	}

	t.Run("Archive", func(t *testing.T) {
		got, err := s.ArchiveCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []jikenbo.MonthCount{{Year: 2024, Month: 8, Count: 2}, {Year: 2024, Month: 6, Count: 2}}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("Labels", func(t *testing.T) {
		got, err := s.PublicLabels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Name != jikenbo.LabelFinalReport || got[0].Count != 2 {
			t.Errorf("got %v, want only 最終報告 (2)", got)
		}
	})
	t.Run("DeleteRelease", func(t *testing.T) {
		if err := s.DeleteRelease(ctx, r[3].ID); err != nil {
			t.Fatal(err)
		}
		p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Category: jikenbo.CatMisdelivery})
		if err != nil || p.Total != 0 {
			t.Errorf("deleted release still listed: %+v, %v", p, err)
		}
	})
}

func facetMap(cs []jikenbo.FacetCount) map[string]int {
	m := map[string]int{}
	for _, c := range cs {
		m[c.Value] = c.Count
	}
	return m
}

func testFacets(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	mustQueryFixture(t, s)
	f, err := s.ReleaseFacets(ctx, jikenbo.ReleaseQuery{Category: jikenbo.CatRansomware})
	if err != nil {
		t.Fatal(err)
	}
	// The category dimension ignores its own filter; the others apply it.
	if got, want := facetMap(f.Categories), map[string]int{jikenbo.CatRansomware: 3, jikenbo.CatUnauthorizedAccess: 1, jikenbo.CatMisdelivery: 1}; !mapsEqual(got, want) {
		t.Errorf("categories: got %v, want %v", got, want)
	}
	if f.Categories[0].Value != jikenbo.CatUnauthorizedAccess {
		t.Errorf("categories in vocabulary order: got %v", f.Categories)
	}
	for _, tt := range []struct {
		name      string
		got, want map[string]int
	}{
		{"Years", facetMap(f.Years), map[string]int{"2024": 3}},
		{"Statuses", facetMap(f.Statuses), map[string]int{"ongoing": 2, "concluded": 1}},
		{"OrgKinds", facetMap(f.OrgKinds), map[string]int{"municipality": 2, "company": 1}},
		{"ThirdParty", facetMap(f.ThirdParty), map[string]int{"true": 2, "false": 1}},
		{"Persons", facetMap(f.Persons), map[string]int{"10000-99999": 2, "unknown": 1}},
	} {
		if !mapsEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	f, err = s.ReleaseFacets(ctx, jikenbo.ReleaseQuery{Q: "誤送"})
	if err != nil {
		t.Fatal(err)
	}
	if got := facetMap(f.Categories); !mapsEqual(got, map[string]int{jikenbo.CatMisdelivery: 1}) {
		t.Errorf("search facets: got %v", got)
	}
	_, err = s.ReleaseFacets(ctx, jikenbo.ReleaseQuery{Q: "!!"})
	wantCode(t, "ReleaseFacets nothing to search", err, jikenbo.EINVALID)
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func caseIDs(p *jikenbo.CasePage) []string {
	var ids []string
	for _, c := range p.Cases {
		ids = append(ids, c.ID)
	}
	return ids
}

func testCaseSummaries(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	fx := mustQueryFixture(t, s)
	// A case known only from its timeline (an earlier release of a
	// casebook page) is public; its facts have no dates. An empty case
	// is not: nothing in it is public.
	old := MustCreateCase(t, s, "2023-005", 2023)
	empty := MustCreateCase(t, s, "2023-006", 2023)
	if err := s.AddTimelineEntry(ctx, old.ID, jikenbo.TimelineEntry{Date: date(2023, 5, 1), Kind: jikenbo.TimelineEarlierRelease, Note: "【2023年5月1日リリース分】"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindPublicCase(ctx, empty.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindPublicCase of an empty case: got %v, want ENOTFOUND", err)
	}
	for _, tt := range []struct {
		name string
		q    jikenbo.CaseQuery
		want []string
	}{
		{"Newest", jikenbo.CaseQuery{}, []string{"2024-011", "2024-010", "2023-005"}},
		// 2024-010 is ongoing: its contractor's own (latest) release is,
		// though its client's final report concluded.
		{"Status", jikenbo.CaseQuery{Status: jikenbo.StatusConcluded}, []string{"2024-011"}},
		{"Ongoing", jikenbo.CaseQuery{Status: jikenbo.StatusOngoing}, []string{"2024-010", "2023-005"}},
		{"Category", jikenbo.CaseQuery{Category: jikenbo.CatUnauthorizedAccess}, []string{"2024-010"}},
		{"Organization", jikenbo.CaseQuery{OrganizationID: fx.city.ID}, []string{"2024-011", "2024-010"}},
		{"Contractor", jikenbo.CaseQuery{OrganizationID: fx.printer.ID, Role: jikenbo.RoleContractor}, []string{"2024-010"}},
		{"ContractorNotPublisher", jikenbo.CaseQuery{OrganizationID: fx.printer.ID, Role: jikenbo.RolePublisher}, nil},
		{"Year", jikenbo.CaseQuery{Year: 2023}, []string{"2023-005"}},
		// Oldest last release first; a case without dates last.
		{"Stalest", jikenbo.CaseQuery{Order: jikenbo.CaseStalest}, []string{"2024-010", "2024-011", "2023-005"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.FindCaseSummaries(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := caseIDs(p); !slices.Equal(got, tt.want) || p.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, p.Total, tt.want)
			}
		})
	}
	for _, order := range []jikenbo.CaseOrder{jikenbo.CaseNewest, jikenbo.CaseStalest} {
		t.Run("Paging"+string(order), func(t *testing.T) {
			var got []string
			q := jikenbo.CaseQuery{Limit: 2, Order: order}
			for range 5 {
				p, err := s.FindCaseSummaries(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, caseIDs(p)...)
				if p.Next == "" {
					break
				}
				q.Cursor = p.Next
			}
			if len(got) != 3 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 3 {
				t.Errorf("pages gave %v, want 3 distinct cases", got)
			}
		})
	}
	p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Category: jikenbo.CatRansomware})
	if err != nil || len(p.Cases) != 1 {
		t.Fatalf("got %v, %v", p, err)
	}
	c := p.Cases[0]
	if c.Releases != 3 || len(c.Organizations) != 2 || c.Facts.LastPublished != date(2024, 8, 20) || c.Status != jikenbo.StatusOngoing {
		t.Errorf("summary: got %+v", c)
	}
	_, err = s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Cursor: "eA"})
	wantCode(t, "FindCaseSummaries bad cursor", err, jikenbo.EINVALID)
	// NoTotal gives the same page without the count.
	if p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Status: jikenbo.StatusOngoing, NoTotal: true}); err != nil ||
		!slices.Equal(caseIDs(p), []string{"2024-010", "2023-005"}) || p.Total != -1 {
		t.Errorf("NoTotal: got %v (total %d), %v; want [2024-010 2023-005] (total -1)", caseIDs(p), p.Total, err)
	}

	// A case whose releases are all drafts is in no list and no count
	// until one is published.
	statsBefore, err := s.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseRelease(ctx, dc.ID, fx.draft.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	listed := func() bool {
		t.Helper()
		for _, q := range []jikenbo.CaseQuery{{}, {Order: jikenbo.CaseStalest}, {Year: 2024}, {Category: jikenbo.CatMisdelivery}} {
			p, err := s.FindCaseSummaries(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(caseIDs(p), dc.ID) {
				return true
			}
		}
		return false
	}
	if listed() {
		t.Errorf("case %s of only a draft is listed", dc.ID)
	}
	if st, _ := s.CasebookStats(ctx); st.Cases != statsBefore.Cases {
		t.Errorf("stats count the draft-only case: %d cases, want %d", st.Cases, statsBefore.Cases)
	}
	no := false
	if _, err := s.UpdateRelease(ctx, fx.draft.ID, jikenbo.ReleaseUpdate{Draft: &no}); err != nil {
		t.Fatal(err)
	}
	if !listed() {
		t.Errorf("case %s is not listed after its release was published", dc.ID)
	}
	if st, _ := s.CasebookStats(ctx); st.Cases != statsBefore.Cases+1 {
		t.Errorf("stats after publishing: %d cases, want %d", st.Cases, statsBefore.Cases+1)
	}
}

func testStats(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	mustQueryFixture(t, s)
	st, err := s.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Releases != 4 || st.Cases != 2 || st.Organizations != 2 {
		t.Errorf("totals: %d releases, %d cases, %d organisations; want 4, 2, 2", st.Releases, st.Cases, st.Organizations)
	}
	months := map[string]int{}
	for _, m := range st.ReleasesByMonth {
		months[jikenbo.FormatCaseID(m.Year, m.Month)+" "+m.Category] = m.Count
	}
	want := map[string]int{"2024-006 ransomware": 2, "2024-006 unauthorized_access": 1, "2024-008 ransomware": 1, "2024-008 misdelivery": 1}
	if !mapsEqual(months, want) {
		t.Errorf("releases by month: got %v, want %v", months, want)
	}
	if len(st.ByYear) != 1 || st.ByYear[0].Year != 2024 || st.ByYear[0].Cases != 2 || st.ByYear[0].Persons != 31012 || st.ByYear[0].ThirdParty != 1 {
		t.Errorf("by year: got %+v", st.ByYear)
	}
	if len(st.TopContractors) != 1 || st.TopContractors[0].Name != "株式会社見本印刷" || st.TopContractors[0].Cases != 1 || st.TopContractors[0].Clients != 1 {
		t.Errorf("contractors: got %+v", st.TopContractors)
	}
}

func testVersion(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	v0, err := s.CasebookVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v0.N != 0 || !v0.Changed.IsZero() {
		t.Errorf("new casebook: version %+v, want 0 and no time", v0)
	}
	r := MustCreateRelease(t, s, "v.txt", "版", jikenbo.Facts{})
	v1, err := s.CasebookVersion(ctx)
	if err != nil || v1.N <= v0.N || v1.Changed.IsZero() {
		t.Errorf("after a release: version %+v, %v", v1, err)
	}
	if err := s.AddReleaseLabel(ctx, r.ID, jikenbo.ReleaseLabel{Name: "x", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	if v2, _ := s.CasebookVersion(ctx); v2.N <= v1.N {
		t.Errorf("a label did not change the version: %d then %d", v1.N, v2.N)
	}
}

func testQueryEmpty(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{})
	if err != nil || p.Total != 0 || len(p.Releases) != 0 || p.Releases == nil {
		t.Errorf("releases: %+v, %v", p, err)
	}
	cp, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Order: jikenbo.CaseStalest})
	if err != nil || cp.Total != 0 || cp.Cases == nil {
		t.Errorf("cases: %+v, %v", cp, err)
	}
	if a, err := s.ArchiveCounts(ctx); err != nil || len(a) != 0 {
		t.Errorf("archive: %v, %v", a, err)
	}
	if st, err := s.CasebookStats(ctx); err != nil || st.Releases != 0 || len(st.ByYear) != 0 {
		t.Errorf("stats: %+v, %v", st, err)
	}
}

// testDraftsPrivate files drafts the ways the linker does (a new
// organisation in a case of its own, a client and an earlier release in a
// public case, a link to the draft's case) and checks that the public
// view has none of it, that the version did not move, and that
// publishing shows it and deleting a draft takes it away.
func testDraftsPrivate(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	fx := mustQueryFixture(t, s)
	v0, err := s.CasebookVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stats0, err := s.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A follow-up of 2024-010 by a client no public release names.
	client := MustCreateOrganization(t, s, "下書き信用金庫", "下書き信用金庫", jikenbo.OrgFinancial)
	follow := &jikenbo.Release{Original: []byte("続報の下書き"), Text: "続報の下書き", Source: "follow.txt", Draft: true, OrganizationID: client.ID,
		Extracted: jikenbo.Facts{Title: "下書きの続報", Published: date(2024, 9, 9), Status: jikenbo.StatusOngoing, AffectedPersons: intp(99999)}}
	if err := s.CreateRelease(ctx, follow); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseRelease(ctx, "2024-010", follow.ID, jikenbo.StageFollowUp); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		s.AddCaseOrganization(ctx, "2024-010", client.ID, jikenbo.RoleClient, follow.ID),
		s.AddCaseOrganization(ctx, "2024-010", fx.city.ID, jikenbo.RoleClient, follow.ID),
		s.AddTimelineEntry(ctx, "2024-010", jikenbo.TimelineEntry{Date: date(2024, 7, 7), Kind: jikenbo.TimelineEarlierRelease, ReleaseID: follow.ID, Note: "下書きの言及"}),
		s.AddCaseLink(ctx, "2024-010", jikenbo.CaseLink{CaseID: "2024-011", Kind: jikenbo.LinkSameOrganization, Reason: "下書きの理由", ReleaseID: follow.ID}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// The draft of the query fixture in a case of its own.
	own := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseRelease(ctx, own.ID, fx.draft.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	if v, err := s.CasebookVersion(ctx); err != nil || v != v0 {
		t.Errorf("version %+v after drafts only, want %+v (%v)", v, v0, err)
	}

	c, err := s.FindPublicCase(ctx, "2024-010")
	if err != nil {
		t.Fatal(err)
	}
	// Ongoing: its contractor's own release is (the per-publisher rule).
	if len(c.Releases) != 3 || len(c.Organizations) != 2 || len(c.Links) != 0 || len(c.Decisions) != 0 || c.Status != jikenbo.StatusOngoing ||
		*c.Facts.AffectedPersons != 31000 || len(c.Timeline) != 3 {
		t.Errorf("public 2024-010: %d releases, orgs %v, links %v, %d decisions, status %s, persons %d, timeline %v",
			len(c.Releases), c.Organizations, c.Links, len(c.Decisions), c.Status, *c.Facts.AffectedPersons, c.Timeline)
	}
	full, err := s.FindCaseByID(ctx, "2024-010")
	if err != nil || len(full.Organizations) != 4 || len(full.Links) != 1 || len(full.Releases) != 4 {
		t.Errorf("the desk's 2024-010 lost the draft's: %v, %+v", err, full)
	}
	for _, id := range []string{own.ID, "2099-001"} {
		if _, err := s.FindPublicCase(ctx, id); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND || jikenbo.ErrorMessage(err) != "case "+id+" not found" {
			t.Errorf("FindPublicCase(%s): got %v, want ENOTFOUND", id, err)
		}
	}
	if _, err := s.FindPublicRelease(ctx, follow.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindPublicRelease of a draft: got %v", err)
	}
	if _, err := s.FindPublicOrganization(ctx, client.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindPublicOrganization of a draft's client: got %v", err)
	}
	if o, err := s.FindPublicOrganization(ctx, fx.printer.ID); err != nil || o.Name != fx.printer.Name {
		t.Errorf("FindPublicOrganization of a contractor: %v, %v", o, err)
	}
	p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{OrganizationID: fx.city.ID, Role: jikenbo.RoleClient})
	if err != nil || len(p.Cases) != 0 {
		t.Errorf("cases where the city is a client, by a draft only: %v, %v", caseIDs(p), err)
	}
	if st, err := s.CasebookStats(ctx); err != nil || st.Organizations != stats0.Organizations || st.Cases != stats0.Cases ||
		len(st.TopContractors) != 1 || st.TopContractors[0].Clients != stats0.TopContractors[0].Clients {
		t.Errorf("stats with drafts: %+v, want %+v (%v)", st, stats0, err)
	}

	// A public release bringing what a draft brought claims it.
	if err := s.AddCaseOrganization(ctx, "2024-010", fx.city.ID, jikenbo.RoleClient, fx.rs[0].ID); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.FindPublicCase(ctx, "2024-010"); c == nil || len(c.Organizations) != 3 {
		t.Errorf("a public release's claim of the city as client is not public: %+v", c)
	}
	// Published, the follow-up shows everything it brought.
	no := false
	if _, err := s.UpdateRelease(ctx, follow.ID, jikenbo.ReleaseUpdate{Draft: &no}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.CasebookVersion(ctx); v.N <= v0.N {
		t.Errorf("version %d after publishing, was %d", v.N, v0.N)
	}
	c, err = s.FindPublicCase(ctx, "2024-010")
	if err != nil || len(c.Releases) != 4 || len(c.Organizations) != 4 || len(c.Links) != 1 || len(c.Timeline) != 5 || c.Status != jikenbo.StatusOngoing {
		t.Errorf("after publishing: %v, %+v", err, c)
	}
	// Deleted, a draft takes what it brought along, unseen.
	d := &jikenbo.Release{Original: []byte("消す下書き"), Text: "消す下書き", Source: "gone.txt", Draft: true}
	if err := s.CreateRelease(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseRelease(ctx, "2024-011", d.ID, jikenbo.StageFollowUp); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTimelineEntry(ctx, "2024-011", jikenbo.TimelineEntry{Date: date(2024, 1, 2), Kind: jikenbo.TimelineEarlierRelease, ReleaseID: d.ID}); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.CasebookVersion(ctx)
	if err := s.DeleteRelease(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.CasebookVersion(ctx); v != v1 {
		t.Errorf("version %d after deleting a draft, was %d", v.N, v1.N)
	}
	if c, err := s.FindPublicCase(ctx, "2024-011"); err != nil || len(c.Timeline) != 1 {
		t.Errorf("2024-011 after deleting its draft: %v, %+v", err, c)
	}
	// Merged into a public case, a case readers never saw leaves no
	// redirect, and the public case's stages stay.
	v2, _ := s.CasebookVersion(ctx)
	if err := s.MergeCases(ctx, own.ID, "2024-011"); err != nil {
		t.Fatal(err)
	}
	if to, err := s.FindCaseRedirect(ctx, own.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("FindCaseRedirect of a merged case of drafts: %q, %v", to, err)
	}
	if v, _ := s.CasebookVersion(ctx); v != v2 {
		t.Errorf("version %d after merging a case of drafts, was %d", v.N, v2.N)
	}
	if err := s.MergeCases(ctx, "2024-011", "2024-010"); err != nil {
		t.Fatal(err)
	}
	if to, err := s.FindCaseRedirect(ctx, "2024-011"); err != nil || to != "2024-010" {
		t.Errorf("FindCaseRedirect of a merged public case: %q, %v", to, err)
	}
}

// testClasses checks Classes against the summaries it stands in for:
// the same public releases in the same order with their case, date and
// effective categories, and the same public cases with their year and
// categories; drafts and a case only a draft is in are left out.
func testClasses(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	a, b, c := MustCreateCase(t, s, "2024-001", 0), MustCreateCase(t, s, "2023-001", 0), MustCreateCase(t, s, "2024-002", 0)
	file := func(caseID string, r *jikenbo.Release) {
		t.Helper()
		if err := s.CreateRelease(ctx, r); err != nil {
			t.Fatal(err)
		}
		if caseID != "" {
			if err := s.AddCaseRelease(ctx, caseID, r.ID, jikenbo.StageFirst); err != nil {
				t.Fatal(err)
			}
		}
	}
	rel := func(src string, f jikenbo.Facts, draft bool) *jikenbo.Release {
		return &jikenbo.Release{Original: []byte(src), Text: src, Source: src, Extracted: f, Draft: draft}
	}
	file(a.ID, rel("a1.txt", jikenbo.Facts{Published: date(2024, 7, 1), Categories: []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware},
		AffectedPersons: intp(1200), DataTypes: []string{"name", "address"}}, false))
	file(a.ID, rel("a2.txt", jikenbo.Facts{}, false))
	file(a.ID, rel("a3.txt", jikenbo.Facts{Published: date(2024, 8, 1), Categories: []string{jikenbo.CatMalware}}, true))
	file(b.ID, rel("b1.txt", jikenbo.Facts{Published: date(2023, 1, 5), Categories: []string{jikenbo.CatPhishing}}, true))
	corrected := rel("c1.txt", jikenbo.Facts{Published: date(2024, 5, 3), Categories: []string{jikenbo.CatMisdelivery}}, false)
	file(c.ID, corrected)
	file("", rel("none.txt", jikenbo.Facts{Published: date(2024, 5, 3), Categories: []string{jikenbo.CatMisconfiguration}}, false))
	if err := s.SetOverride(ctx, corrected.ID, jikenbo.Override{Field: "categories", Value: json.RawMessage(`["loss_theft"]`), Editor: "e"}); err != nil {
		t.Fatal(err)
	}

	type class struct {
		id, caseID, date string
		year             int
		cats, types      string
		persons          string
	}
	persons := func(p *int) string {
		if p == nil {
			return "unknown"
		}
		return fmt.Sprint(*p)
	}
	cats := func(cs []string) string { cs = slices.Clone(cs); slices.Sort(cs); return strings.Join(cs, ",") }
	var wantReleases, wantCases []class
	for cursor := ""; ; {
		p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Cursor: cursor, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Releases {
			wantReleases = append(wantReleases, class{id: fmt.Sprint(r.ID), caseID: r.CaseID, date: r.Date.String(), cats: cats(r.Facts.Categories)})
		}
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	for cursor := ""; ; {
		p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Cursor: cursor, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Cases {
			wantCases = append(wantCases, class{id: c.ID, year: c.Year, date: c.Facts.FirstPublished.String(), cats: cats(c.Facts.Categories),
				types: cats(c.Facts.DataTypes), persons: persons(c.Facts.AffectedPersons)})
		}
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	slices.SortFunc(wantCases, func(x, y class) int { return strings.Compare(x.id, y.id) })
	if len(wantReleases) != 4 || len(wantCases) != 2 {
		t.Fatalf("fixture: %d public releases and %d public cases, want 4 and 2", len(wantReleases), len(wantCases))
	}

	got, err := s.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var gotReleases, gotCases []class
	for _, r := range got.Releases {
		gotReleases = append(gotReleases, class{id: fmt.Sprint(r.ID), caseID: r.CaseID, date: r.Date.String(), cats: cats(r.Categories)})
	}
	for _, c := range got.Cases {
		gotCases = append(gotCases, class{id: c.ID, year: c.Year, date: c.FirstPublished.String(), cats: cats(c.Categories),
			types: cats(c.DataTypes), persons: persons(c.AffectedPersons)})
	}
	slices.SortFunc(gotCases, func(x, y class) int { return strings.Compare(x.id, y.id) })
	if !slices.Equal(gotReleases, wantReleases) {
		t.Errorf("Classes releases:\n%v\nwant (FindReleaseSummaries)\n%v", gotReleases, wantReleases)
	}
	if !slices.Equal(gotCases, wantCases) {
		t.Errorf("Classes cases:\n%v\nwant (FindCaseSummaries)\n%v", gotCases, wantCases)
	}
	if wantCases[0].persons != "1200" || wantCases[0].types == "" {
		t.Errorf("fixture: case %s has %s people, data types %q", wantCases[0].id, wantCases[0].persons, wantCases[0].types)
	}
	for i := 1; i < len(got.Cases); i++ {
		if p, q := got.Cases[i-1], got.Cases[i]; p.Year > q.Year || p.Year == q.Year && p.ID > q.ID {
			t.Errorf("Classes cases not by number: %s before %s", p.ID, q.ID)
		}
	}
}

// testCaseLargest pages through the public cases in CaseLargest order:
// most affected people first, unknown as none, ties by number as text
// (2024-1000 before 2024-999), drafts' figures left out, each case once.
func testCaseLargest(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	for i, n := range []int{300, 0, 5000, 300, -1, 300, 12, -1} {
		id := fmt.Sprintf("2024-%03d", 995+i)
		c := MustCreateCase(t, s, id, 0)
		f := jikenbo.Facts{Published: date(2024, 1, 1+i)}
		if n >= 0 {
			f.AffectedPersons = intp(n)
		}
		r := &jikenbo.Release{Original: []byte(id), Text: id, Source: id + ".txt", Extracted: f}
		if err := s.CreateRelease(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.AddCaseRelease(ctx, c.ID, r.ID, jikenbo.StageFirst); err != nil {
			t.Fatal(err)
		}
		if i == 0 { // a draft follow-up with a larger figure does not count
			d := &jikenbo.Release{Original: []byte("draft"), Text: "draft", Source: "draft.txt", Draft: true, Extracted: jikenbo.Facts{AffectedPersons: intp(99999)}}
			if err := s.CreateRelease(ctx, d); err != nil {
				t.Fatal(err)
			}
			if err := s.AddCaseRelease(ctx, c.ID, d.ID, jikenbo.StageFollowUp); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []string
	for cursor, pages := "", 0; ; pages++ {
		if pages > 10 {
			t.Fatal("the pages never end")
		}
		p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Order: jikenbo.CaseLargest, Cursor: cursor, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Cases {
			n := "-"
			if c.Facts.AffectedPersons != nil {
				n = fmt.Sprint(*c.Facts.AffectedPersons)
			}
			got = append(got, c.ID+":"+n)
		}
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	want := []string{"2024-997:5000", "2024-1000:300", "2024-995:300", "2024-998:300", "2024-1001:12", "2024-1002:-", "2024-996:0", "2024-999:-"}
	if !slices.Equal(got, want) {
		t.Errorf("CaseLargest: %v, want %v", got, want)
	}
	if _, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Order: jikenbo.CaseLargest, Cursor: "bad"}); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("CaseLargest with a bad cursor: %v, want EINVALID", err)
	}
}

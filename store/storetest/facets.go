package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// facetView is what the public queries show of one release and its case
// through the facets the store keeps: which category, status, month and
// persons filters find the release, and its case's status, persons and
// categories.
type facetView struct {
	categories  []string // of the release's facets: each category filter that finds it
	status      jikenbo.Status
	year, month int
	persons     int // of the case, 0 when unknown
	caseStatus  jikenbo.Status
	caseCats    []string
}

// viewFacets reads facetView for release id in case caseID through the
// QueryStore filters alone.
func viewFacets(t *testing.T, s QueryableStore, id int64, caseID string) facetView {
	t.Helper()
	ctx := context.Background()
	var v facetView
	finds := func(q jikenbo.ReleaseQuery) bool {
		t.Helper()
		q.CaseID = caseID
		p, err := s.FindReleaseSummaries(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(p.Releases, func(r *jikenbo.ReleaseSummary) bool { return r.ID == id })
	}
	for _, c := range jikenbo.Categories {
		if finds(jikenbo.ReleaseQuery{Category: c.Code}) {
			v.categories = append(v.categories, c.Code)
		}
	}
	for _, st := range []jikenbo.Status{jikenbo.StatusOngoing, jikenbo.StatusConcluded} {
		if finds(jikenbo.ReleaseQuery{Status: st}) {
			v.status = st
		}
	}
	months, err := s.ArchiveCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range months {
		if finds(jikenbo.ReleaseQuery{Year: m.Year, Month: m.Month}) {
			v.year, v.month = m.Year, m.Month
		}
	}
	for _, c := range jikenbo.Categories {
		p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Category: c.Code})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(p.Cases, func(cs *jikenbo.CaseSummary) bool { return cs.ID == caseID }) {
			v.caseCats = append(v.caseCats, c.Code)
		}
	}
	for _, st := range []jikenbo.Status{jikenbo.StatusOngoing, jikenbo.StatusConcluded} {
		p, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Status: st})
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range p.Cases {
			if cs.ID == caseID {
				v.caseStatus = st
				if cs.Facts.AffectedPersons != nil {
					v.persons = *cs.Facts.AffectedPersons
				}
			}
		}
	}
	return v
}

func (v facetView) equal(w facetView) bool {
	return slices.Equal(v.categories, w.categories) && v.status == w.status && v.year == w.year && v.month == w.month &&
		v.persons == w.persons && v.caseStatus == w.caseStatus && slices.Equal(v.caseCats, w.caseCats)
}

// testEffectiveFacets checks that the facets the public queries filter
// and count by are the effective facts: an editor's override changes
// what they find, removing it restores the extracted facts, a draft (and
// its overrides) stays out of them and out of the version, and deleting
// a release takes it out of its case's facets.
func testEffectiveFacets(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	org := MustCreateOrganization(t, s, "試験商事株式会社", "試験商事", jikenbo.OrgCompany)
	r := &jikenbo.Release{Original: []byte("ランサムウェア被害のお知らせ"), Text: "ランサムウェア被害のお知らせ", Source: "facets.txt", OrganizationID: org.ID,
		Extracted: jikenbo.Facts{Title: "第1報", Published: date(2024, 3, 1), Status: jikenbo.StatusOngoing,
			Categories: []string{jikenbo.CatRansomware}, AffectedPersons: intp(10)}}
	if err := s.CreateRelease(ctx, r); err != nil {
		t.Fatal(err)
	}
	c := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseRelease(ctx, c.ID, r.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	extracted := facetView{categories: []string{jikenbo.CatRansomware}, status: jikenbo.StatusOngoing, year: 2024, month: 3,
		persons: 10, caseStatus: jikenbo.StatusOngoing, caseCats: []string{jikenbo.CatRansomware}}
	if v := viewFacets(t, s, r.ID, c.ID); !v.equal(extracted) {
		t.Fatalf("as extracted: %+v, want %+v", v, extracted)
	}

	// The release moves to another organisation (the linker's update):
	// the organisation filter follows, the other facets stay.
	other := MustCreateOrganization(t, s, "別会社株式会社", "別会社", jikenbo.OrgCompany)
	vOrg, _ := s.CasebookVersion(ctx)
	for _, to := range []*jikenbo.Organization{other, org} {
		if u, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{OrganizationID: &to.ID}); err != nil || u.OrganizationID != to.ID {
			t.Fatalf("UpdateRelease(organization %d) = %+v, %v", to.ID, u, err)
		}
		for _, o := range []*jikenbo.Organization{other, org} {
			p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{OrganizationID: o.ID})
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.ContainsFunc(p.Releases, func(x *jikenbo.ReleaseSummary) bool { return x.ID == r.ID }); got != (o == to) {
				t.Errorf("moved to organisation %d: the filter of organisation %d finds it: %v", to.ID, o.ID, got)
			}
		}
		if got, err := s.FindReleaseByID(ctx, r.ID); err != nil || got.OrganizationID != to.ID || got.Text != r.Text {
			t.Errorf("moved to organisation %d: read back %+v, %v", to.ID, got, err)
		}
		if v := viewFacets(t, s, r.ID, c.ID); !v.equal(extracted) {
			t.Errorf("moved to organisation %d: %+v, want %+v", to.ID, v, extracted)
		}
	}
	if v, _ := s.CasebookVersion(ctx); v.N <= vOrg.N {
		t.Errorf("moving a public release to another organisation did not move the version: %d then %d", vOrg.N, v.N)
	}

	// An editor corrects four fields: every filter follows.
	v0, _ := s.CasebookVersion(ctx)
	for _, o := range []struct {
		field string
		value any
	}{
		{"categories", []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatMisconfiguration, jikenbo.CatUnauthorizedAccess}},
		{"status", jikenbo.StatusConcluded},
		{"published", "2023-12-24"},
		{"affected_persons", 500},
	} {
		b, _ := json.Marshal(o.value)
		if err := s.SetOverride(ctx, r.ID, jikenbo.Override{Field: o.field, Value: b, Editor: "editor"}); err != nil {
			t.Fatal(err)
		}
	}
	corrected := facetView{categories: []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatMisconfiguration}, status: jikenbo.StatusConcluded,
		year: 2023, month: 12, persons: 500, caseStatus: jikenbo.StatusConcluded,
		caseCats: []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatMisconfiguration}}
	if v := viewFacets(t, s, r.ID, c.ID); !v.equal(corrected) {
		t.Errorf("corrected: %+v, want %+v", v, corrected)
	}
	if v, _ := s.CasebookVersion(ctx); v.N <= v0.N {
		t.Errorf("a correction did not move the version: %d then %d", v0.N, v.N)
	}
	// An override to null clears the field: the release is undated.
	if err := s.SetOverride(ctx, r.ID, jikenbo.Override{Field: "published", Value: json.RawMessage("null"), Editor: "editor"}); err != nil {
		t.Fatal(err)
	}
	if v := viewFacets(t, s, r.ID, c.ID); v.year != 0 || v.month != 0 {
		t.Errorf("published overridden to null: in the archive of %d-%d", v.year, v.month)
	}
	if st, err := s.CasebookStats(ctx); err != nil || st.Undated != 1 {
		t.Errorf("stats with the date cleared: %+v, %v; want 1 undated", st, err)
	}

	// Removing the overrides restores the extracted facts.
	for _, f := range []string{"categories", "status", "published", "affected_persons"} {
		if err := s.DeleteOverride(ctx, r.ID, f); err != nil {
			t.Fatal(err)
		}
	}
	if v := viewFacets(t, s, r.ID, c.ID); !v.equal(extracted) {
		t.Errorf("overrides removed: %+v, want %+v", v, extracted)
	}

	// A draft in the same case, and its correction, stay out of every
	// facet, count and the version.
	stats0, err := s.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := s.CasebookVersion(ctx)
	d := &jikenbo.Release{Original: []byte("下書きの続報"), Text: "下書きの続報", Source: "facets-draft.txt", Draft: true, OrganizationID: org.ID,
		Extracted: jikenbo.Facts{Title: "続報", Published: date(2025, 1, 5), Status: jikenbo.StatusConcluded,
			Categories: []string{jikenbo.CatMisdelivery}, AffectedPersons: intp(99999)}}
	if err := s.CreateRelease(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseRelease(ctx, c.ID, d.ID, jikenbo.StageFollowUp); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOverride(ctx, d.ID, jikenbo.Override{Field: "categories", Value: json.RawMessage(`["phishing"]`), Editor: "editor"}); err != nil {
		t.Fatal(err)
	}
	if v := viewFacets(t, s, d.ID, c.ID); v.categories != nil || v.status != "" || v.year != 0 || !slices.Equal(v.caseCats, extracted.caseCats) ||
		v.persons != 10 || v.caseStatus != jikenbo.StatusOngoing {
		t.Errorf("a draft is in the public facets: %+v", v)
	}
	if st, err := s.CasebookStats(ctx); err != nil || st.Releases != stats0.Releases || st.Undated != stats0.Undated || len(st.ReleasesByMonth) != len(stats0.ReleasesByMonth) {
		t.Errorf("stats with a draft: %+v, want %+v (%v)", st, stats0, err)
	}
	if v, _ := s.CasebookVersion(ctx); v != v1 {
		t.Errorf("a draft and its correction moved the version: %+v then %+v", v1, v)
	}

	// Published, it joins the facets with its correction; deleted, it
	// leaves them and its case's facets are the first release's again.
	no := false
	if _, err := s.UpdateRelease(ctx, d.ID, jikenbo.ReleaseUpdate{Draft: &no}); err != nil {
		t.Fatal(err)
	}
	if v := viewFacets(t, s, d.ID, c.ID); !slices.Equal(v.categories, []string{jikenbo.CatPhishing}) || v.year != 2025 ||
		!slices.Contains(v.caseCats, jikenbo.CatPhishing) || v.caseStatus != jikenbo.StatusConcluded {
		t.Errorf("the published follow-up: %+v", v)
	}
	if err := s.DeleteRelease(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if v := viewFacets(t, s, r.ID, c.ID); !v.equal(extracted) {
		t.Errorf("after deleting the follow-up: %+v, want %+v", v, extracted)
	}
	if p, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Category: jikenbo.CatPhishing}); err != nil || len(p.Releases) != 0 {
		t.Errorf("the deleted release is still found by its category: %+v, %v", p, err)
	}
}

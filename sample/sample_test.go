package sample_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

func open(t *testing.T) (*sqlite.Store, *casebook.Importer) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "jikenbo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s, im := open(t)
	loaded, sum, err := sample.Load(ctx, im)
	if err != nil || !loaded || sum.Failed != 0 || sum.Added < 25 {
		t.Fatalf("Load: loaded %v, %+v, %v", loaded, sum, err)
	}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]bool{}
	for _, r := range rs {
		if !r.HasLabel(sample.Label) {
			t.Errorf("%s lacks the label %s", r.Source, sample.Label)
		}
		for _, c := range r.Facts().Categories {
			cats[c] = true
		}
	}
	for _, c := range jikenbo.Categories {
		if !cats[c.Code] {
			t.Errorf("no sample release of category %s (%s)", c.Code, c.Name)
		}
	}
	// The contractor incident: one case, the contractor and three
	// clients, ending in a final report with earlier releases known only
	// by date.
	c, err := s.FindCaseByID(ctx, "2024-359")
	if err != nil {
		t.Fatal(err)
	}
	orgs := map[int64]bool{}
	contractor := false
	for _, o := range c.Organizations {
		orgs[o.OrganizationID] = true
		contractor = contractor || o.Role == jikenbo.RoleContractor
	}
	// Ongoing: the contractor's final report concludes its part, but two
	// client cities have published only their first reports.
	if len(c.Releases) != 6 || len(orgs) < 4 || !contractor || c.Status != jikenbo.StatusOngoing {
		t.Errorf("contractor case: %d releases, %d organisations, contractor %v, status %s", len(c.Releases), len(orgs), contractor, c.Status)
	}
	if !slices.ContainsFunc(c.Timeline, func(e jikenbo.TimelineEntry) bool { return e.Kind == jikenbo.TimelineEarlierRelease }) {
		t.Error("no earlier release on the contractor case's timeline")
	}
	if loaded, _, err := sample.Load(ctx, im); err != nil || loaded {
		t.Errorf("second Load: loaded %v, %v", loaded, err)
	}
}

// TestLoadKeepsData checks that samples never go into a casebook with
// data, even data that is only an organisation.
func TestLoadKeepsData(t *testing.T) {
	ctx := context.Background()
	s, im := open(t)
	if err := s.CreateOrganization(ctx, &jikenbo.Organization{Name: "試験市", Aliases: []jikenbo.OrgAlias{{Name: "試験市", Key: "試験市"}}}); err != nil {
		t.Fatal(err)
	}
	if loaded, _, err := sample.Load(ctx, im); err != nil || loaded {
		t.Fatalf("Load into a casebook with data: loaded %v, %v", loaded, err)
	}
	if _, n, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{}); n != 0 {
		t.Errorf("%d releases added", n)
	}
}

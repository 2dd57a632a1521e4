package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/jikenbo/jikenbo"
)

// caseTotals are totals the store's aggregates (jikenbo.Stats) leave
// out, counted here over every public case summary once per casebook
// version: cases by category, by data type and by affected-people band,
// releases by the kind of their organisation, and the largest incidents.
type caseTotals struct {
	ByCategory  []termCount
	ByDataType  []termCount
	PersonBands []termCount
	ByOrgKind   []termCount
	// Largest are the cases with the most affected people, most first.
	Largest []*jikenbo.CaseSummary
	// ByFirstYear counts the cases by the year of their first known
	// 公表日 and sums their affected people (the home page's band).
	ByFirstYear map[int]yearTotal
}

type yearTotal struct{ Cases, Persons int }

// termCount is a value of a dimension (a code) with its Japanese name
// and count.
type termCount struct {
	Code, Name string
	Count      int
}

// largestShown is how many incidents the table of the largest lists.
const largestShown = 10

// totals returns the version's case totals, computed once: counted over
// every public case's classes (QueryStore.Classes), the largest read as
// a list of their own. Reading every case summary for them took 3 s at
// 51,000 cases (and, held at once, 80 MB).
func (s *Server) totals(ctx context.Context, d *derived) (*caseTotals, error) {
	d.totalsMu.Lock()
	defer d.totalsMu.Unlock()
	if d.totals != nil {
		return d.totals, nil
	}
	cl, err := s.classes(ctx, d)
	if err != nil {
		return nil, err
	}
	k := newCaseCounter()
	for _, c := range cl.Cases {
		k.add(c)
	}
	largest, err := s.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{Order: jikenbo.CaseLargest, Limit: largestShown, NoTotal: true})
	if err != nil {
		return nil, err
	}
	facets, err := s.store.ReleaseFacets(ctx, jikenbo.ReleaseQuery{})
	if err != nil {
		return nil, err
	}
	d.totals = k.totals(facets, largest.Cases)
	d.doneWithClasses(byTotals)
	return d.totals, nil
}

// caseCounter is totals' arithmetic: add each case, then read the totals.
type caseCounter struct {
	cats, types, bands map[string]int
	byYear             map[int]yearTotal
}

func newCaseCounter() *caseCounter {
	return &caseCounter{cats: map[string]int{}, types: map[string]int{}, bands: map[string]int{}, byYear: map[int]yearTotal{}}
}

func (k *caseCounter) add(c jikenbo.CaseClass) {
	if fp := c.FirstPublished; !fp.IsZero() {
		y := k.byYear[fp.Year]
		y.Cases++
		if p := c.AffectedPersons; p != nil {
			y.Persons += *p
		}
		k.byYear[fp.Year] = y
	}
	for _, t := range c.Categories {
		k.cats[t]++
	}
	for _, t := range c.DataTypes {
		k.types[t]++
	}
	k.bands[personBand(c.AffectedPersons)]++
}

// totals are the counts, with the largest incidents: the first cases of
// the CaseLargest order that have affected people.
func (k *caseCounter) totals(facets *jikenbo.Facets, largest []*jikenbo.CaseSummary) *caseTotals {
	t := &caseTotals{
		ByFirstYear: k.byYear,
		ByCategory:  termCounts(jikenbo.Categories, k.cats),
		ByDataType:  termCounts(jikenbo.DataTypes, k.types),
	}
	for _, c := range largest {
		if p := c.Facts.AffectedPersons; p != nil && *p > 0 && len(t.Largest) < largestShown {
			t.Largest = append(t.Largest, c)
		}
	}
	for _, r := range jikenbo.PersonRanges {
		t.PersonBands = append(t.PersonBands, termCount{r.Code, r.Name, k.bands[r.Code]})
	}
	for _, f := range facets.OrgKinds {
		t.ByOrgKind = append(t.ByOrgKind, termCount{f.Value, kindName(jikenbo.OrgKind(f.Value)), f.Count})
	}
	slices.SortStableFunc(t.ByOrgKind, func(a, b termCount) int { return cmp.Compare(b.Count, a.Count) })
	return t
}

// personBand is the PersonRanges code of a count.
func personBand(p *int) string {
	if p == nil || *p <= 0 {
		return "unknown"
	}
	for _, r := range jikenbo.PersonRanges {
		if r.Code != "unknown" && *p >= r.Min && (r.Max == 0 || *p <= r.Max) {
			return r.Code
		}
	}
	return "unknown"
}

// termCounts lists the terms with a count, most first (ties in the
// vocabulary's order).
func termCounts(terms []jikenbo.Term, counts map[string]int) []termCount {
	var out []termCount
	for _, t := range terms {
		if n := counts[t.Code]; n > 0 {
			out = append(out, termCount{t.Code, t.Name, n})
		}
	}
	slices.SortStableFunc(out, func(a, b termCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

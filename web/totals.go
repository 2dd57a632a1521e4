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

// totals returns the version's case totals, computed once.
func (s *Server) totals(ctx context.Context, d *derived) (*caseTotals, error) {
	d.totalsMu.Lock()
	defer d.totalsMu.Unlock()
	if d.totals != nil {
		return d.totals, nil
	}
	var cases []*jikenbo.CaseSummary
	for cursor := ""; ; {
		res, err := s.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{Cursor: cursor, Limit: 200, NoTotal: true})
		if err != nil {
			return nil, err
		}
		cases = append(cases, res.Cases...)
		if cursor = res.Next; cursor == "" {
			break
		}
	}
	facets, err := s.store.ReleaseFacets(ctx, jikenbo.ReleaseQuery{})
	if err != nil {
		return nil, err
	}
	d.totals = countCases(cases, facets)
	return d.totals, nil
}

// countCases is totals' arithmetic.
func countCases(cases []*jikenbo.CaseSummary, facets *jikenbo.Facets) *caseTotals {
	cats, types, bands := map[string]int{}, map[string]int{}, map[string]int{}
	var largest []*jikenbo.CaseSummary
	byYear := map[int]yearTotal{}
	for _, c := range cases {
		if fp := c.Facts.FirstPublished; !fp.IsZero() {
			y := byYear[fp.Year]
			y.Cases++
			if p := c.Facts.AffectedPersons; p != nil {
				y.Persons += *p
			}
			byYear[fp.Year] = y
		}
		for _, k := range c.Facts.Categories {
			cats[k]++
		}
		for _, k := range c.Facts.DataTypes {
			types[k]++
		}
		bands[personBand(c.Facts.AffectedPersons)]++
		if p := c.Facts.AffectedPersons; p != nil && *p > 0 {
			largest = append(largest, c)
		}
	}
	t := &caseTotals{
		ByFirstYear: byYear,
		ByCategory:  termCounts(jikenbo.Categories, cats),
		ByDataType:  termCounts(jikenbo.DataTypes, types),
	}
	for _, r := range jikenbo.PersonRanges {
		t.PersonBands = append(t.PersonBands, termCount{r.Code, r.Name, bands[r.Code]})
	}
	for _, f := range facets.OrgKinds {
		t.ByOrgKind = append(t.ByOrgKind, termCount{f.Value, kindName(jikenbo.OrgKind(f.Value)), f.Count})
	}
	slices.SortStableFunc(t.ByOrgKind, func(a, b termCount) int { return cmp.Compare(b.Count, a.Count) })
	slices.SortStableFunc(largest, func(a, b *jikenbo.CaseSummary) int {
		return cmp.Or(cmp.Compare(*b.Facts.AffectedPersons, *a.Facts.AffectedPersons), cmp.Compare(a.ID, b.ID))
	})
	t.Largest = largest[:min(len(largest), largestShown)]
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

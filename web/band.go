package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/jikenbo/jikenbo"
)

// homeBand is the row of figures at the top of the home page: this
// month's releases, the cases still under investigation, the people
// affected this year and the year's most frequent categories.
type homeBand struct {
	Month         string
	MonthURL      string
	MonthReleases int
	Ongoing       int
	Year          int
	// YearPersons sums the affected people of the cases first published
	// this year (by their first known 公表日); YearCases counts those
	// cases.
	YearPersons, YearCases int
	TopCategories          []bandCategory
}

type bandCategory struct {
	Name, URL string
	Count     int
}

// homeBand returns the band of d's version for today, computed once per
// version and day: its figures count whole months and years, which take
// far longer than the page's list of releases.
func (s *Server) homeBand(ctx context.Context, d *derived) (*homeBand, error) {
	today := s.today()
	d.bandMu.Lock()
	defer d.bandMu.Unlock()
	if d.band != nil && d.bandDay == today {
		return d.band, nil
	}
	b, err := s.countBand(ctx, d, today)
	if err != nil {
		return nil, err
	}
	d.band, d.bandDay = b, today
	return b, nil
}

// countBand counts the band's figures on day today.
func (s *Server) countBand(ctx context.Context, d *derived, today jikenbo.Date) (*homeBand, error) {
	b := &homeBand{Month: fmt.Sprintf("%d年%d月", today.Year, today.Month), Year: today.Year}
	for _, y := range d.archive {
		for _, m := range y.Months {
			if m.Year == today.Year && m.Month == int(today.Month) {
				b.MonthReleases, b.MonthURL = m.Count, m.URL
			}
		}
	}
	ongoing, err := s.caseTotal(ctx, d, jikenbo.CaseQuery{Status: jikenbo.StatusOngoing})
	if err != nil {
		return nil, err
	}
	b.Ongoing = ongoing
	t, err := s.totals(ctx, d)
	if err != nil {
		return nil, err
	}
	y := t.ByFirstYear[today.Year]
	b.YearPersons, b.YearCases = y.Persons, y.Cases
	facets, err := s.store.ReleaseFacets(ctx, jikenbo.ReleaseQuery{Year: today.Year})
	if err != nil {
		return nil, err
	}
	cats := slices.Clone(facets.Categories)
	slices.SortStableFunc(cats, func(a, b jikenbo.FacetCount) int { return cmp.Compare(b.Count, a.Count) })
	for _, c := range cats[:min(len(cats), 3)] {
		b.TopCategories = append(b.TopCategories, bandCategory{categoryName(c.Value),
			"/search?category=" + c.Value + "&year=" + strconv.Itoa(today.Year), c.Count})
	}
	return b, nil
}

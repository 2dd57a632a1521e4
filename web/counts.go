package web

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// A list page shows how many items its list holds, and counting a large
// list (every public release, every case under investigation) costs far
// more than reading its newest page: a COUNT visits every matching row,
// a page stops after twenty. The count depends only on the casebook's
// version and the list's filter, so it is counted once per version and
// filter, like the archive and label counts in derived; the pages
// themselves are still read from the store on every request.

// maxCounts bounds the filters whose counts one version keeps; past it a
// count is computed for its request alone (a crawler walking every
// organisation's list must not grow the map without end).
const maxCounts = 4096

// counts are a version's list counts by filter.
type counts struct {
	releases map[jikenbo.ReleaseQuery]int
	cases    map[jikenbo.CaseQuery]int
}

// releaseTotal is how many public releases q's filter selects (its
// cursor, limit and search text are not part of the key; a query with
// search text is counted by its own page). It returns -1 for a query
// with search text, whose count the caller takes from its page.
func (s *Server) releaseTotal(ctx context.Context, d *derived, q jikenbo.ReleaseQuery) (int, error) {
	if q.Q != "" {
		return -1, nil
	}
	q.Cursor, q.Limit, q.NoTotal = "", 1, false
	if q.ThirdParty != nil {
		// a key compares the pointer: point at one of two values
		q.ThirdParty = &thirdPartyKeys[b2i(*q.ThirdParty)]
	}
	d.countsMu.Lock()
	n, ok := d.counts.releases[q]
	d.countsMu.Unlock()
	if ok {
		return n, nil
	}
	res, err := s.store.FindReleaseSummaries(ctx, q)
	if err != nil {
		return 0, err
	}
	d.countsMu.Lock()
	defer d.countsMu.Unlock()
	if d.counts.releases == nil {
		d.counts.releases = map[jikenbo.ReleaseQuery]int{}
	}
	if len(d.counts.releases) < maxCounts {
		d.counts.releases[q] = res.Total
	}
	return res.Total, nil
}

// thirdPartyKeys are what a release count's key points at for
// ThirdParty.
var thirdPartyKeys = [2]bool{false, true}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// caseTotal is how many public cases q's filter selects (its order,
// cursor and limit are not part of the key).
func (s *Server) caseTotal(ctx context.Context, d *derived, q jikenbo.CaseQuery) (int, error) {
	q.Order, q.Cursor, q.Limit, q.NoTotal = "", "", 1, false
	d.countsMu.Lock()
	n, ok := d.counts.cases[q]
	d.countsMu.Unlock()
	if ok {
		return n, nil
	}
	res, err := s.store.FindCaseSummaries(ctx, q)
	if err != nil {
		return 0, err
	}
	if res.Total < 0 {
		return 0, fmt.Errorf("web: the store did not count the cases of %+v", q)
	}
	d.countsMu.Lock()
	defer d.countsMu.Unlock()
	if d.counts.cases == nil {
		d.counts.cases = map[jikenbo.CaseQuery]int{}
	}
	if len(d.counts.cases) < maxCounts {
		d.counts.cases[q] = res.Total
	}
	return res.Total, nil
}

// findReleasePage reads a page of releases with its total, the total
// counted once per version and filter.
func (s *Server) findReleasePage(ctx context.Context, d *derived, q jikenbo.ReleaseQuery) (*jikenbo.ReleasePage, error) {
	total, err := s.releaseTotal(ctx, d, q)
	if err != nil {
		return nil, err
	}
	q.NoTotal = total >= 0
	res, err := s.store.FindReleaseSummaries(ctx, q)
	if err != nil {
		return nil, err
	}
	if total >= 0 {
		res.Total = total
	}
	return res, nil
}

// findCasePage reads a page of cases with its total, the total counted
// once per version and filter.
func (s *Server) findCasePage(ctx context.Context, d *derived, q jikenbo.CaseQuery) (*jikenbo.CasePage, error) {
	total, err := s.caseTotal(ctx, d, q)
	if err != nil {
		return nil, err
	}
	q.NoTotal = true
	res, err := s.store.FindCaseSummaries(ctx, q)
	if err != nil {
		return nil, err
	}
	res.Total = total
	return res, nil
}

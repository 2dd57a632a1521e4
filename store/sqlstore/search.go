package sqlstore

import (
	"context"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bits-and-blooms/bitset"
	"golang.org/x/sync/singleflight"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// The public search (FindReleaseSummaries and ReleaseFacets with a query
// Q) runs on a snapshot of the public releases' facets held in memory,
// one per casebook version, and on the set of releases each search term
// matches, a bitset over that snapshot kept while the version lasts.
//
// On the tables a search of a common term is slow however it is written:
// 「ス」 matches 77% of 100,000 releases, and counting them, paging them by
// date and tallying six facets over them read every one of those rows
// (and, in PostgreSQL, every one of their tsvectors). A term's bitset is
// read from the index once per version; after that a search is a few
// bitset intersections and one pass over the matches, and only the page
// shown is read from the tables.
//
// The version (casebook_version, moved by triggers on every public
// change, also by other processes) is read in the same read transaction
// as everything else, so a snapshot is never used for a casebook it does
// not describe. While the casebook changes faster than a snapshot is
// worth building (an import running), searches take the SQL path, which
// gives the same results.

// rebuildFactor bounds the time spent building snapshots while the
// casebook changes: a stale snapshot is replaced only when the time since
// the last build ended is at least this many times what that build took.
const rebuildFactor = 4

// maxTermBytes bounds the memory of one snapshot's term bitsets (12.5 kB
// each at 100,000 releases).
const maxTermBytes = 32 << 20

// searchCache holds the snapshot of the latest version this process
// searched.
type searchCache struct {
	mu       sync.Mutex
	snap     *searchSnapshot
	building *snapshotBuild
	built    time.Time     // when the last build ended
	took     time.Duration // how long it took
	terms    singleflight.Group
}

type snapshotBuild struct {
	version int64
	done    chan struct{}
	snap    *searchSnapshot
}

// searchSnapshot is every public release's facets, in the order of the
// release lists (date newest first, then ID), by position.
type searchSnapshot struct {
	version int64
	ids     []int64
	dates   []string
	year    []int32
	month   []int8
	status  []uint8 // code in statuses
	kind    []uint8 // code in kinds ("" without an organisation)
	third   []bool
	persons []int64 // 0 when unknown
	bucket  []uint8 // index in jikenbo.PersonRanges
	org     []int64 // 0 without an organisation
	caseID  []string
	cats    []uint64 // bits of catNames
	pos     map[int64]int32

	statuses, kinds, catNames []string

	mu        sync.Mutex
	terms     map[string]*bitset.BitSet
	termBytes int
}

// readVersion is the casebook version the transaction q sees.
func readVersion(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT n FROM casebook_version WHERE id = 1`).Scan(&n)
	return n, err
}

// snapshot returns the snapshot of version v, building it in q (a read
// transaction that sees v) when there is none; nil when the SQL path is
// to be taken instead: the casebook changed too recently since the last
// build (rebuildFactor), another version's snapshot is being built, or
// the casebook's values do not fit one.
func (c *searchCache) snapshot(ctx context.Context, q querier, v int64) (*searchSnapshot, error) {
	c.mu.Lock()
	if s := c.snap; s != nil && s.version == v {
		c.mu.Unlock()
		return s, nil
	}
	if b := c.building; b != nil {
		c.mu.Unlock()
		if b.version != v {
			return nil, nil
		}
		select {
		case <-b.done:
			return b.snap, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if c.snap != nil && time.Since(c.built) < rebuildFactor*c.took {
		c.mu.Unlock()
		return nil, nil
	}
	b := &snapshotBuild{version: v, done: make(chan struct{})}
	c.building = b
	c.mu.Unlock()

	start := time.Now()
	s, err := buildSnapshot(ctx, q, v)
	c.mu.Lock()
	c.building = nil
	if err == nil {
		c.built, c.took = time.Now(), time.Since(start)
		if s != nil {
			c.snap = s
		}
	}
	b.snap = s
	c.mu.Unlock()
	close(b.done)
	return s, err
}

// buildSnapshot reads the public releases' facets at version v.
func buildSnapshot(ctx context.Context, q querier, v int64) (*searchSnapshot, error) {
	s := &searchSnapshot{version: v, pos: map[int64]int32{}, terms: map[string]*bitset.BitSet{},
		statuses: []string{}, kinds: []string{""}}
	statusCode, kindCode, catBit := map[string]uint8{}, map[string]uint8{"": 0}, map[string]uint64{}
	code := func(m map[string]uint8, names *[]string, v string) (uint8, bool) {
		c, ok := m[v]
		if !ok {
			if len(*names) > 255 {
				return 0, false
			}
			c = uint8(len(*names))
			m[v], *names = c, append(*names, v)
		}
		return c, true
	}
	rows, err := q.QueryContext(ctx, `SELECT f.release_id, f.date, f.year, f.month, f.status, f.third_party,
		COALESCE(f.persons, 0), COALESCE(f.organization_id, 0), COALESCE(f.case_id, ''), COALESCE(o.kind, '')
		FROM release_facets f LEFT JOIN organizations o ON o.id = f.organization_id
		ORDER BY f.date DESC, f.release_id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, persons, org int64
		var year, month int
		var date, status, caseID, kind string
		var third bool
		if err := rows.Scan(&id, &date, &year, &month, &status, &third, &persons, &org, &caseID, &kind); err != nil {
			return nil, err
		}
		sc, ok1 := code(statusCode, &s.statuses, status)
		kc, ok2 := code(kindCode, &s.kinds, kind)
		if !ok1 || !ok2 {
			return nil, nil
		}
		s.pos[id] = int32(len(s.ids))
		s.ids, s.dates, s.year, s.month = append(s.ids, id), append(s.dates, date), append(s.year, int32(year)), append(s.month, int8(month))
		s.status, s.kind, s.third = append(s.status, sc), append(s.kind, kc), append(s.third, third)
		n := int(persons)
		s.persons, s.bucket = append(s.persons, persons), append(s.bucket, personRange(personBucket(&n)))
		s.org, s.caseID = append(s.org, org), append(s.caseID, caseID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	s.cats = make([]uint64, len(s.ids))
	rows, err = q.QueryContext(ctx, `SELECT release_id, category FROM release_categories`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cat string
		if err := rows.Scan(&id, &cat); err != nil {
			return nil, err
		}
		p, ok := s.pos[id]
		if !ok || cat == "" {
			continue
		}
		bit, ok := catBit[cat]
		if !ok {
			if len(s.catNames) == 64 {
				return nil, nil
			}
			bit = 1 << len(s.catNames)
			catBit[cat], s.catNames = bit, append(s.catNames, cat)
		}
		s.cats[p] |= bit
	}
	return s, rows.Err()
}

func personRange(code string) uint8 {
	for i, r := range jikenbo.PersonRanges {
		if r.Code == code {
			return uint8(i)
		}
	}
	return 0
}

func indexOf(names []string, v string) int {
	for i, n := range names {
		if n == v {
			return i
		}
	}
	return -1
}

// matches returns the positions of the releases whose text matches the
// query (false when it has nothing to search for). A term's matches are
// read from the index once per snapshot; a query the index cannot answer
// alone (textindex.Query.Verify) is checked as a whole, as the SQL path
// does.
func (c *searchCache) matches(ctx context.Context, q querier, s *searchSnapshot, query string) (*bitset.BitSet, bool, error) {
	tq, ok := textindex.ParseQuery(query)
	if !ok {
		return nil, false, nil
	}
	if tq.Verify {
		set, err := c.termSet(ctx, q, s, "\x00"+strings.Join(tq.Terms, "\x00"), func() ([]int64, error) {
			return verifiedMatches(ctx, q, tq)
		})
		return set, true, err
	}
	var out *bitset.BitSet
	for _, term := range tq.Terms {
		tt, _ := textindex.ParseQuery(term)
		set, err := c.termSet(ctx, q, s, term, func() ([]int64, error) { return indexIDs(ctx, q, tt) })
		if err != nil {
			return nil, true, err
		}
		if out == nil {
			out = set.Clone()
		} else {
			out.InPlaceIntersection(set)
		}
	}
	return out, true, nil
}

// termSet returns the bitset of key, reading its IDs with ids once per
// snapshot (concurrent searches of one term share one read).
func (c *searchCache) termSet(ctx context.Context, q querier, s *searchSnapshot, key string, ids func() ([]int64, error)) (*bitset.BitSet, error) {
	s.mu.Lock()
	set := s.terms[key]
	s.mu.Unlock()
	if set != nil {
		return set, nil
	}
	v, err, _ := c.terms.Do(strconv.FormatInt(s.version, 10)+"\x01"+key, func() (any, error) {
		found, err := ids()
		if err != nil {
			return nil, err
		}
		set := bitset.New(uint(len(s.ids)))
		for _, id := range found {
			if p, ok := s.pos[id]; ok {
				set.Set(uint(p))
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		size := len(set.Words()) * 8
		for k := range s.terms { // make room, dropping terms at random
			if s.termBytes+size <= maxTermBytes {
				break
			}
			s.termBytes -= len(s.terms[k].Words()) * 8
			delete(s.terms, k)
		}
		s.terms[key], s.termBytes = set, s.termBytes+size
		return set, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*bitset.BitSet), nil
}

// indexIDs are the releases (public or not) whose text matches tq.
func indexIDs(ctx context.Context, q querier, tq textindex.Query) ([]int64, error) {
	m, args := q.Dialect().Matches(tq)
	return queryIDs(ctx, q, m, args)
}

// snapshotFilter is a ReleaseQuery's filters on a snapshot.
type snapshotFilter struct {
	s      *searchSnapshot
	rq     jikenbo.ReleaseQuery
	match  *bitset.BitSet
	cat    uint64 // the bit of rq.Category
	status int    // code of rq.Status, -1 when no release has it
	kind   int
	since  string
	prange jikenbo.PersonRange
	none   bool // a filter no release can pass
}

// searchFilter prepares rq's filters on s, or returns ok=false when the
// query is one the snapshot cannot answer (no text query, a label, an
// organisation's releases as a contractor).
func (c *searchCache) searchFilter(ctx context.Context, q querier, rq jikenbo.ReleaseQuery) (*snapshotFilter, bool, error) {
	if strings.TrimSpace(rq.Q) == "" || rq.Label != "" || rq.AsContractor {
		return nil, false, nil
	}
	var prange jikenbo.PersonRange
	if rq.Persons != "" {
		var ok bool
		if prange, ok = jikenbo.FindPersonRange(rq.Persons); !ok {
			return nil, false, nil // the SQL path says why
		}
	}
	v, err := readVersion(ctx, q)
	if err != nil {
		return nil, false, err
	}
	s, err := c.snapshot(ctx, q, v)
	if err != nil || s == nil {
		return nil, false, err
	}
	match, ok, err := c.matches(ctx, q, s, rq.Q)
	if err != nil || !ok {
		return nil, false, err
	}
	f := &snapshotFilter{s: s, rq: rq, match: match, prange: prange,
		status: indexOf(s.statuses, string(rq.Status)), kind: indexOf(s.kinds, string(rq.OrgKind))}
	if !rq.Since.IsZero() {
		f.since = rq.Since.String()
	}
	if rq.Category != "" {
		if i := indexOf(s.catNames, rq.Category); i >= 0 {
			f.cat = 1 << i
		} else {
			f.none = true
		}
	}
	return f, true, nil
}

// base reports whether release p passes the filters that are no facet.
func (f *snapshotFilter) base(p int) bool {
	s, rq := f.s, f.rq
	return (rq.OrganizationID == 0 || s.org[p] == rq.OrganizationID) &&
		(rq.CaseID == "" || s.caseID[p] == rq.CaseID) &&
		(f.since == "" || s.dates[p] >= f.since)
}

// facetPass reports whether release p passes rq's filter of each facet
// dimension, in the order of dims.
func (f *snapshotFilter) facetPass(p int) [6]bool {
	s, rq := f.s, f.rq
	return [6]bool{
		rq.Category == "" || s.cats[p]&f.cat != 0,
		rq.Year == 0 || int(s.year[p]) == rq.Year,
		rq.Status == "" || int(s.status[p]) == f.status,
		rq.OrgKind == "" || int(s.kind[p]) == f.kind,
		rq.ThirdParty == nil || s.third[p] == *rq.ThirdParty,
		rq.Persons == "" || jikenbo.PersonRanges[s.bucket[p]].Code == f.prange.Code,
	}
}

// dims are the facet dimensions in the order of facetPass.
var dims = [6]string{dimCategory, dimYear, dimStatus, dimOrgKind, dimThirdParty, dimPersons}

// keep reports whether release p passes every filter of a release list
// (the month with the year, persons by their range's bounds, as
// releaseFilter).
func (f *snapshotFilter) keep(p int) bool {
	if f.none || !f.base(p) {
		return false
	}
	s, rq := f.s, f.rq
	switch {
	case rq.Category != "" && s.cats[p]&f.cat == 0,
		rq.Year != 0 && (int(s.year[p]) != rq.Year || rq.Month != 0 && int(s.month[p]) != rq.Month),
		rq.Status != "" && int(s.status[p]) != f.status,
		rq.OrgKind != "" && int(s.kind[p]) != f.kind,
		rq.ThirdParty != nil && s.third[p] != *rq.ThirdParty:
		return false
	}
	if rq.Persons == "" {
		return true
	}
	n, r := s.persons[p], f.prange
	switch {
	case r.Code == "unknown":
		return n <= 0
	case r.Max == 0:
		return n >= int64(r.Min)
	}
	return n >= int64(r.Min) && n <= int64(r.Max)
}

// summaries answers FindReleaseSummaries on the snapshot.
func (f *snapshotFilter) summaries(ctx context.Context, q querier, page *jikenbo.ReleasePage, limit int) error {
	s, rq := f.s, f.rq
	page.Total = -1
	if !rq.NoTotal {
		page.Total = 0
		for p, ok := f.match.NextSet(0); ok; p, ok = f.match.NextSet(p + 1) {
			if f.keep(int(p)) {
				page.Total++
			}
		}
	}
	start := uint(0)
	if rq.Cursor != "" {
		date, id, err := releaseCursor(rq.Cursor)
		if err != nil {
			return err
		}
		// The first position after the cursor: positions run from the
		// largest (date, id) down.
		lo, hi := 0, len(s.ids)
		for lo < hi {
			m := (lo + hi) / 2
			if s.dates[m] < date || s.dates[m] == date && s.ids[m] < id {
				hi = m
			} else {
				lo = m + 1
			}
		}
		start = uint(lo)
	}
	var ids []int64
	var last int
	for p, ok := f.match.NextSet(start); ok && len(ids) <= limit; p, ok = f.match.NextSet(p + 1) {
		if f.keep(int(p)) {
			ids = append(ids, s.ids[p])
			if len(ids) == limit {
				last = int(p)
			}
		}
	}
	if len(ids) > limit {
		ids = ids[:limit]
		page.Next = encodeCursor(s.dates[last], strconv.FormatInt(s.ids[last], 10))
	}
	var err error
	page.Releases, err = releaseSummaries(ctx, q, ids, true)
	return err
}

// facets answers ReleaseFacets on the snapshot in one pass over the
// matches.
func (f *snapshotFilter) facets() map[string]map[string]int {
	s := f.s
	var cats [64]int
	years := map[int32]int{}
	status, kind := make([]int, len(s.statuses)), make([]int, len(s.kinds))
	var third [2]int
	bucket := make([]int, len(jikenbo.PersonRanges))
	for p, ok := f.match.NextSet(0); ok; p, ok = f.match.NextSet(p + 1) {
		i := int(p)
		if !f.base(i) {
			continue
		}
		failed, which := 0, -1
		for d, passed := range f.facetPass(i) {
			if !passed {
				failed, which = failed+1, d
			}
		}
		// A release is counted in a dimension when it passes every other
		// dimension's filter.
		others := func(d int) bool { return failed == 0 || failed == 1 && which == d }
		if others(0) {
			for c := s.cats[i]; c != 0; c &= c - 1 {
				cats[bits.TrailingZeros64(c)]++
			}
		}
		if others(1) && s.year[i] != 0 {
			years[s.year[i]]++
		}
		if others(2) {
			status[s.status[i]]++
		}
		if others(3) {
			kind[s.kind[i]]++
		}
		if others(4) {
			if s.third[i] {
				third[1]++
			} else {
				third[0]++
			}
		}
		if others(5) {
			bucket[s.bucket[i]]++
		}
	}
	counts := map[string]map[string]int{}
	for _, d := range dims {
		counts[d] = map[string]int{}
	}
	for i, n := range cats {
		if n > 0 {
			counts[dimCategory][s.catNames[i]] = n
		}
	}
	for y, n := range years {
		counts[dimYear][strconv.Itoa(int(y))] = n
	}
	for i, n := range status {
		if n > 0 && s.statuses[i] != "" {
			counts[dimStatus][s.statuses[i]] = n
		}
	}
	for i, n := range kind {
		if n > 0 && s.kinds[i] != "" {
			counts[dimOrgKind][s.kinds[i]] = n
		}
	}
	for i, n := range third {
		if n > 0 {
			counts[dimThirdParty][strconv.FormatBool(i == 1)] = n
		}
	}
	for i, n := range bucket {
		if n > 0 {
			counts[dimPersons][jikenbo.PersonRanges[i].Code] = n
		}
	}
	return counts
}

// searchFilter is the snapshot's filter of rq when the snapshot can
// answer it: outside a write transaction, whose uncommitted changes may
// move the version to a number a different change takes after a
// rollback.
func (s *Store) searchFilter(ctx context.Context, q querier, rq jikenbo.ReleaseQuery) (*snapshotFilter, bool, error) {
	if s.tx != nil {
		return nil, false, nil
	}
	return s.db.search.searchFilter(ctx, q, rq)
}

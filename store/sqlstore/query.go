package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// The queries of the public pages run on the tables every write keeps in
// step (facets.go): release_facets (one row per public release with its
// effective facts), release_categories, case_facets, case_categories and
// casebook_version.

var _ jikenbo.QueryStore = (*Store)(nil)

const (
	defaultPage = 20
	maxPage     = 200
)

func pageSize(n int) int {
	switch {
	case n <= 0:
		return defaultPage
	case n > maxPage:
		return maxPage
	}
	return n
}

// A cursor is the sort key of the last row of a page, base64url-encoded
// so that readers treat it as opaque.
func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "|")))
}

func decodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(c) > 200 {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != n {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
	}
	return parts, nil
}

// undatedKey is the facet date of a release without a known 公表日
// (migration 00007): it sorts after every date in newest-first lists, and
// its year and month are 0.
const undatedKey = "0000-00-00"

// releaseCursor reads "date|id".
func releaseCursor(c string) (string, int64, error) {
	p, err := decodeCursor(c, 2)
	if err != nil {
		return "", 0, err
	}
	if _, err := jikenbo.ParseDate(p[0]); err != nil && p[0] != undatedKey {
		return "", 0, jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
	}
	id, err := strconv.ParseInt(p[1], 10, 64)
	if err != nil {
		return "", 0, jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
	}
	return p[0], id, nil
}

// Facet dimensions, named so that a facet's own filter can be left out.
const (
	dimCategory   = "category"
	dimYear       = "year"
	dimStatus     = "status"
	dimOrgKind    = "org_kind"
	dimThirdParty = "third_party"
	dimPersons    = "persons"
)

// releaseFilter is the WHERE clause of a ReleaseQuery over release_facets
// f, leaving out the filter of dimension skip.
func releaseFilter(ctx context.Context, q querier, rq jikenbo.ReleaseQuery, skip string) ([]string, []any, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if strings.TrimSpace(rq.Q) != "" {
		tq, ok := textindex.ParseQuery(rq.Q)
		if !ok {
			return nil, nil, jikenbo.Errorf(jikenbo.EINVALID, "the query %q has nothing to search for", rq.Q)
		}
		if tq.Verify {
			ids, err := verifiedMatches(ctx, q, tq)
			if err != nil {
				return nil, nil, err
			}
			in, arg := q.Dialect().InIDs(ids)
			add("f.release_id "+in, arg)
		} else {
			m, margs := q.Dialect().Matches(tq)
			add("f.release_id IN ("+m+")", margs...)
		}
	}
	// Label and category are correlated EXISTS probes rather than IN
	// lists: the planner then walks the date index newest first and stops
	// after a page, instead of sorting every release of a big label.
	if rq.Label != "" {
		add("EXISTS (SELECT 1 FROM release_labels l WHERE l.release_id = f.release_id AND l.name = ?)", rq.Label)
	}
	switch {
	case rq.OrganizationID != 0 && rq.AsContractor:
		add("(f.organization_id = ? OR f.case_id IN (SELECT case_id FROM case_organizations WHERE organization_id = ? AND role = ?))",
			rq.OrganizationID, rq.OrganizationID, jikenbo.RoleContractor)
	case rq.OrganizationID != 0:
		add("f.organization_id = ?", rq.OrganizationID)
	}
	if rq.CaseID != "" {
		add("f.case_id = ?", rq.CaseID)
	}
	if rq.Year != 0 && skip != dimYear {
		add("f.year = ?", rq.Year)
		if rq.Month != 0 {
			add("f.month = ?", rq.Month)
		}
	}
	if !rq.Since.IsZero() {
		add("f.date >= ?", rq.Since.String())
	}
	if rq.Category != "" && skip != dimCategory {
		add("EXISTS (SELECT 1 FROM release_categories c WHERE c.release_id = f.release_id AND c.category = ?)", rq.Category)
	}
	if rq.Status != "" && skip != dimStatus {
		add("f.status = ?", rq.Status)
	}
	if rq.OrgKind != "" && skip != dimOrgKind {
		add("f.organization_id IN (SELECT id FROM organizations WHERE kind = ?)", rq.OrgKind)
	}
	if rq.ThirdParty != nil && skip != dimThirdParty {
		add("f.third_party = ?", *rq.ThirdParty)
	}
	if rq.Persons != "" && skip != dimPersons {
		r, ok := jikenbo.FindPersonRange(rq.Persons)
		switch {
		case !ok:
			return nil, nil, jikenbo.Errorf(jikenbo.EINVALID, "unknown affected-persons range %q", rq.Persons)
		case r.Code == "unknown":
			add("(f.persons IS NULL OR f.persons <= 0)")
		case r.Max == 0:
			add("f.persons >= ?", r.Min)
		default:
			add("f.persons BETWEEN ? AND ?", r.Min, r.Max)
		}
	}
	return where, args, nil
}

// maxVerify is the most candidates a query whose index match is wider
// than its words (textindex.Query.Verify) may have: each candidate's text
// is read and normalised, about 0.1 ms apiece, so 500 keep such a search
// near 50 ms however large the casebook.
const maxVerify = 500

// verifySlots bounds the verifying searches running at once in this
// process; a search waits for a slot at most verifyWait.
var verifySlots = make(chan struct{}, 2)

const verifyWait = 2 * time.Second

// verifiedMatches returns the releases an index query finds whose
// normalised text really holds every term: the rare query form whose
// index match is wider than the words (textindex.Query.Verify). A query
// with more than maxVerify candidates is refused with a way to narrow it.
func verifiedMatches(ctx context.Context, q querier, tq textindex.Query) ([]int64, error) {
	wait, cancel := context.WithTimeout(ctx, verifyWait)
	defer cancel()
	select {
	case verifySlots <- struct{}{}:
	case <-wait.Done():
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, jikenbo.Errorf(jikenbo.EUNAVAILABLE, "検索が混み合っています。しばらくしてからもう一度お試しください")
	}
	defer func() { <-verifySlots }()
	// The candidates are counted on the index alone before any text is
	// read.
	m, args := q.Dialect().Matches(tq)
	candidates := `SELECT * FROM (` + m + `) m LIMIT ?`
	args = append(args, maxVerify+1)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+candidates+`) c`, args...).Scan(&n); err != nil {
		return nil, err
	}
	if n > maxVerify {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "「%s」は漢字・かな1文字のあとに数字などが続く形のため索引だけでは絞り込めず、"+
			"候補が%d件を超えるので検索できません。前に1文字加えるか(例: 「今年3月」)、空白で区切ってください(例: 「年 3月」)",
			strings.Join(tq.Terms, " "), maxVerify)
	}
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.text FROM releases r WHERE r.id IN (`+candidates+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		if containsAll(textindex.Normalize(text), tq.Terms) {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// FindReleaseSummaries returns a page of public releases, newest first.
func (s *Store) FindReleaseSummaries(ctx context.Context, rq jikenbo.ReleaseQuery) (*jikenbo.ReleasePage, error) {
	page := &jikenbo.ReleasePage{Releases: []*jikenbo.ReleaseSummary{}}
	limit := pageSize(rq.Limit)
	err := s.read(ctx, func(q querier) error {
		if f, ok, err := s.searchFilter(ctx, q, rq); err != nil || ok {
			if err != nil {
				return err
			}
			return f.summaries(ctx, q, page, limit)
		}
		where, args, err := releaseFilter(ctx, q, rq, "")
		if err != nil {
			return err
		}
		w := strings.Join(where, " AND ")
		page.Total = -1
		if !rq.NoTotal {
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_facets f WHERE `+w, args...).Scan(&page.Total); err != nil {
				return err
			}
		}
		if rq.Cursor != "" {
			date, id, err := releaseCursor(rq.Cursor)
			if err != nil {
				return err
			}
			w += " AND (f.date, f.release_id) < (?, ?)"
			args = append(args, date, id)
		}
		rows, err := q.QueryContext(ctx, `SELECT f.release_id, f.date FROM release_facets f WHERE `+w+
			` ORDER BY f.date DESC, f.release_id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return err
		}
		var ids []int64
		var dates []string
		for rows.Next() {
			var id int64
			var d string
			if err := rows.Scan(&id, &d); err != nil {
				rows.Close()
				return err
			}
			ids, dates = append(ids, id), append(dates, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) > limit {
			ids = ids[:limit]
			page.Next = encodeCursor(dates[limit-1], strconv.FormatInt(ids[limit-1], 10))
		}
		page.Releases, err = releaseSummaries(ctx, q, ids, rq.Q != "")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find release summaries: %w", err)
	}
	return page, nil
}

// releaseSummaries loads the releases ids in that order, with their
// effective facts, labels and organisation, in three queries.
func releaseSummaries(ctx context.Context, q querier, ids []int64, withText bool) ([]*jikenbo.ReleaseSummary, error) {
	out := make([]*jikenbo.ReleaseSummary, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := placeholders(len(ids))
	// The lead (the text's first characters) stands in for a missing
	// title in lists; the whole text only for snippets.
	text := "''"
	if withText {
		text = "r.text"
	}
	lead := "SUBSTR(r.text, 1, " + strconv.Itoa(jikenbo.LeadChars) + ")"
	rows, err := q.QueryContext(ctx, `SELECT r.id, COALESCE(r.case_id, ''), r.stage, COALESCE(r.organization_id, 0), COALESCE(o.name, ''),
		COALESCE(o.kind, ''), f.date, r.extracted, r.source, r.source_case_id, r.imported_at, `+text+`, `+lead+`
		FROM releases r JOIN release_facets f ON f.release_id = r.id LEFT JOIN organizations o ON o.id = r.organization_id
		WHERE r.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*jikenbo.ReleaseSummary{}
	extracted := map[int64]jikenbo.Facts{}
	for rows.Next() {
		var r jikenbo.ReleaseSummary
		var date, facts, imported string
		if err := rows.Scan(&r.ID, &r.CaseID, &r.Stage, &r.OrganizationID, &r.OrganizationName, &r.OrganizationKind,
			&date, &facts, &r.Source, &r.SourceCaseID, &imported, &r.Text, &r.Lead); err != nil {
			rows.Close()
			return nil, err
		}
		var f jikenbo.Facts
		if err := jikenbo.UnmarshalFactsBrief([]byte(facts), &f); err != nil {
			rows.Close()
			return nil, fmt.Errorf("release %d: facts: %w", r.ID, err)
		}
		r.Date, r.ImportedAt = parseDate(date), parseTime(imported)
		extracted[r.ID] = f
		byID[r.ID] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	overrides := map[int64][]jikenbo.Override{}
	rows, err = q.QueryContext(ctx, `SELECT release_id, field, value, editor, at FROM overrides WHERE release_id IN (`+in+`) ORDER BY release_id, at, field`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var o jikenbo.Override
		var v, at string
		if err := rows.Scan(&id, &o.Field, &v, &o.Editor, &at); err != nil {
			rows.Close()
			return nil, err
		}
		o.Value, o.At = json.RawMessage(v), parseTime(at)
		overrides[id] = append(overrides[id], o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT release_id, name FROM release_labels WHERE release_id IN (`+in+`) GROUP BY release_id, name ORDER BY release_id, MIN(`+q.Dialect().InsertOrder()+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Labels = append(r.Labels, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		r := byID[id]
		if r == nil {
			continue
		}
		rel := jikenbo.Release{Extracted: extracted[id], Overrides: overrides[id]}
		r.Facts = rel.Facts()
		out = append(out, r)
	}
	return out, nil
}

// ReleaseFacets counts the matching releases per dimension in one pass:
// the releases matching the filters that are not facets are read once,
// and each is counted in a dimension when it passes every facet filter
// but that dimension's own.
func (s *Store) ReleaseFacets(ctx context.Context, rq jikenbo.ReleaseQuery) (*jikenbo.Facets, error) {
	base := rq
	base.Category, base.Year, base.Status, base.OrgKind, base.ThirdParty, base.Persons = "", 0, "", "", nil, ""
	var prange jikenbo.PersonRange
	if rq.Persons != "" {
		var ok bool
		if prange, ok = jikenbo.FindPersonRange(rq.Persons); !ok {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "unknown affected-persons range %q", rq.Persons)
		}
	}
	counts := map[string]map[string]int{}
	for _, d := range []string{dimCategory, dimYear, dimStatus, dimOrgKind, dimThirdParty, dimPersons} {
		counts[d] = map[string]int{}
	}
	type row struct {
		id                   int64
		year                 int
		status, kind, bucket string
		third                bool
		cats                 []string
	}
	tally := func(r *row) {
		if r == nil {
			return
		}
		pass := map[string]bool{
			dimCategory:   rq.Category == "" || slices.Contains(r.cats, rq.Category),
			dimYear:       rq.Year == 0 || r.year == rq.Year,
			dimStatus:     rq.Status == "" || r.status == string(rq.Status),
			dimOrgKind:    rq.OrgKind == "" || r.kind == string(rq.OrgKind),
			dimThirdParty: rq.ThirdParty == nil || r.third == *rq.ThirdParty,
			dimPersons:    rq.Persons == "" || r.bucket == prange.Code,
		}
		others := func(skip string) bool {
			for d, ok := range pass {
				if d != skip && !ok {
					return false
				}
			}
			return true
		}
		if others(dimCategory) {
			for _, c := range r.cats {
				counts[dimCategory][c]++
			}
		}
		if others(dimYear) && r.year != 0 {
			counts[dimYear][strconv.Itoa(r.year)]++
		}
		if others(dimStatus) && r.status != "" {
			counts[dimStatus][r.status]++
		}
		if others(dimOrgKind) && r.kind != "" {
			counts[dimOrgKind][r.kind]++
		}
		if others(dimThirdParty) {
			counts[dimThirdParty][strconv.FormatBool(r.third)]++
		}
		if others(dimPersons) {
			counts[dimPersons][r.bucket]++
		}
	}
	err := s.read(ctx, func(q querier) error {
		if f, ok, err := s.searchFilter(ctx, q, rq); err != nil || ok {
			if err != nil {
				return err
			}
			counts = f.facets()
			return nil
		}
		where, args, err := releaseFilter(ctx, q, base, "")
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT f.release_id, f.year, f.status, f.third_party, f.persons, COALESCE(o.kind, ''), COALESCE(c.category, '')
			FROM release_facets f LEFT JOIN organizations o ON o.id = f.organization_id
			LEFT JOIN release_categories c ON c.release_id = f.release_id
			WHERE `+strings.Join(where, " AND ")+` ORDER BY f.release_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur *row
		for rows.Next() {
			var r row
			var persons *int
			var cat string
			if err := rows.Scan(&r.id, &r.year, &r.status, &r.third, &persons, &r.kind, &cat); err != nil {
				return err
			}
			if cur == nil || cur.id != r.id {
				tally(cur)
				r.bucket = personBucket(persons)
				cur = &r
			}
			if cat != "" {
				cur.cats = append(cur.cats, cat)
			}
		}
		tally(cur)
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("release facets: %w", err)
	}
	list := func(m map[string]int) []jikenbo.FacetCount {
		out := []jikenbo.FacetCount{}
		for v, n := range m {
			out = append(out, jikenbo.FacetCount{Value: v, Count: n})
		}
		return out
	}
	fs := jikenbo.Facets{Categories: list(counts[dimCategory]), Years: list(counts[dimYear]), Statuses: list(counts[dimStatus]),
		OrgKinds: list(counts[dimOrgKind]), ThirdParty: list(counts[dimThirdParty]), Persons: list(counts[dimPersons])}
	// Orders a reader expects: vocabularies in display order, years newest
	// first, ranges ascending.
	sortBy(fs.Categories, termOrder(jikenbo.Categories))
	sort.Slice(fs.Years, func(i, j int) bool { return fs.Years[i].Value > fs.Years[j].Value })
	sortBy(fs.Statuses, map[string]int{string(jikenbo.StatusOngoing): 0, string(jikenbo.StatusConcluded): 1})
	kinds := map[string]int{}
	for i, k := range jikenbo.OrgKinds {
		kinds[string(k)] = i
	}
	sortBy(fs.OrgKinds, kinds)
	sortBy(fs.ThirdParty, map[string]int{"true": 0, "false": 1})
	ranges := map[string]int{}
	for i, r := range jikenbo.PersonRanges {
		ranges[r.Code] = i
	}
	sortBy(fs.Persons, ranges)
	return &fs, nil
}

// personBucket is the PersonRanges code of a count.
func personBucket(n *int) string {
	if n == nil || *n <= 0 {
		return "unknown"
	}
	for _, r := range jikenbo.PersonRanges {
		if r.Code != "unknown" && *n >= r.Min && (r.Max == 0 || *n <= r.Max) {
			return r.Code
		}
	}
	return "unknown"
}

func termOrder(terms []jikenbo.Term) map[string]int {
	m := map[string]int{}
	for i, t := range terms {
		m[t.Code] = i
	}
	return m
}

// sortBy orders counts by a rank table; unknown values go last by name.
func sortBy(cs []jikenbo.FacetCount, rank map[string]int) {
	sort.SliceStable(cs, func(i, j int) bool {
		ri, oki := rank[cs[i].Value]
		rj, okj := rank[cs[j].Value]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki
		}
		return cs[i].Value < cs[j].Value
	})
}

// ArchiveCounts returns the public releases per month, newest first.
func (s *Store) ArchiveCounts(ctx context.Context) ([]jikenbo.MonthCount, error) {
	out := []jikenbo.MonthCount{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT year, month, COUNT(*) FROM release_facets WHERE year > 0
			GROUP BY year, month ORDER BY year DESC, month DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m jikenbo.MonthCount
			if err := rows.Scan(&m.Year, &m.Month, &m.Count); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("archive counts: %w", err)
	}
	return out, nil
}

// PublicLabels returns the labels of public releases with their counts.
func (s *Store) PublicLabels(ctx context.Context) ([]*jikenbo.Label, error) {
	var out []*jikenbo.Label
	err := s.read(ctx, func(q querier) (err error) {
		out, err = findLabels(ctx, q, `SELECT l.name, COUNT(DISTINCT l.release_id) FROM release_labels l
			JOIN release_facets f ON f.release_id = l.release_id GROUP BY l.name ORDER BY l.name`)
		return err
	})
	if out == nil {
		out = []*jikenbo.Label{} // an empty list, not null, in the API
	}
	if err != nil {
		return nil, fmt.Errorf("public labels: %w", err)
	}
	return out, nil
}

// Classes returns the public releases' and cases' classes in two queries:
// the statistics' lenses and totals read every release summary and every
// case summary for them before (8 s at 100,000 releases).
func (s *Store) Classes(ctx context.Context) (*jikenbo.Classes, error) {
	out := &jikenbo.Classes{Releases: []jikenbo.ReleaseClass{}, Cases: []jikenbo.CaseClass{}}
	// Categories are a few dozen codes: each string is kept once.
	codes := map[string]string{}
	code := func(c string) string {
		if k, ok := codes[c]; ok {
			return k
		}
		codes[c] = c
		return c
	}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT f.release_id, COALESCE(f.case_id, ''), f.date, COALESCE(c.category, '')
			FROM release_facets f LEFT JOIN release_categories c ON c.release_id = f.release_id ORDER BY f.date DESC, f.release_id DESC, c.category`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r jikenbo.ReleaseClass
			var date, cat string
			if err := rows.Scan(&r.ID, &r.CaseID, &date, &cat); err != nil {
				rows.Close()
				return err
			}
			r.Date = parseDate(date)
			if n := len(out.Releases); n == 0 || out.Releases[n-1].ID != r.ID {
				out.Releases = append(out.Releases, r)
			}
			if cat != "" {
				last := &out.Releases[len(out.Releases)-1]
				last.Categories = append(last.Categories, code(cat))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// A case's classes are read from its merged facts, as its summary
		// has them, skipping the rest of the JSON.
		rows, err = q.QueryContext(ctx, `SELECT cf.case_id, cf.year, c.facts
			FROM case_facets cf JOIN cases c ON c.id = cf.case_id WHERE `+publicCase+` ORDER BY cf.year, cf.seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c jikenbo.CaseClass
			var facts string
			if err := rows.Scan(&c.ID, &c.Year, &facts); err != nil {
				return err
			}
			var f struct {
				FirstPublished  jikenbo.Date `json:"first_published"`
				Categories      []string     `json:"categories"`
				DataTypes       []string     `json:"data_types"`
				AffectedPersons *int         `json:"affected_persons"`
			}
			if err := json.Unmarshal([]byte(facts), &f); err != nil {
				return fmt.Errorf("case %s: facts: %w", c.ID, err)
			}
			c.FirstPublished, c.AffectedPersons = f.FirstPublished, f.AffectedPersons
			for _, k := range f.Categories {
				c.Categories = append(c.Categories, code(k))
			}
			for _, k := range f.DataTypes {
				c.DataTypes = append(c.DataTypes, code(k))
			}
			out.Cases = append(out.Cases, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("classes: %w", err)
	}
	return out, nil
}

// FindCaseSummaries returns a page of cases.
func (s *Store) FindCaseSummaries(ctx context.Context, cq jikenbo.CaseQuery) (*jikenbo.CasePage, error) {
	page := &jikenbo.CasePage{Cases: []*jikenbo.CaseSummary{}}
	limit := pageSize(cq.Limit)
	err := s.read(ctx, func(q querier) error {
		where, args := []string{publicCase}, []any{}
		add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
		if cq.Status != "" {
			add("cf.status = ?", cq.Status)
		}
		if cq.Category != "" {
			add("cf.case_id IN (SELECT case_id FROM case_categories WHERE category = ?)", cq.Category)
		}
		if cq.Year != 0 {
			add("cf.year = ?", cq.Year)
		}
		if cq.OrganizationID != 0 {
			if cq.Role != "" {
				add("cf.case_id IN (SELECT co.case_id FROM case_organizations co WHERE co.organization_id = ? AND co.role = ? AND "+publicFrom("co.release_id")+")",
					cq.OrganizationID, cq.Role)
			} else {
				add("cf.case_id IN (SELECT co.case_id FROM case_organizations co WHERE co.organization_id = ? AND "+publicFrom("co.release_id")+")", cq.OrganizationID)
			}
		}
		w := strings.Join(where, " AND ")
		page.Total = -1
		if !cq.NoTotal {
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_facets cf WHERE `+w, args...).Scan(&page.Total); err != nil {
				return err
			}
		}
		// The stale key puts unknown dates last and matches the index
		// case_facets_stale's expression.
		const staleKey = "COALESCE(cf.last_published, '9999-12-31')"
		const personsKey = "COALESCE(cf.persons, 0)"
		// key is the first part of an ordered list's cursor.
		order, key := " ORDER BY cf.year DESC, cf.seq DESC", staleKey
		switch cq.Order {
		case jikenbo.CaseStalest:
			order = " ORDER BY " + staleKey + ", cf.year, cf.seq"
		case jikenbo.CaseLargest:
			order, key = " ORDER BY "+personsKey+" DESC, cf.case_id", "CAST("+personsKey+" AS TEXT)"
		}
		if cq.Cursor != "" {
			switch cq.Order {
			case jikenbo.CaseLargest:
				p, err := decodeCursor(cq.Cursor, 2)
				if err != nil {
					return err
				}
				n, err := strconv.Atoi(p[0])
				if err != nil {
					return jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
				}
				w += " AND (" + personsKey + " < ? OR " + personsKey + " = ? AND cf.case_id > ?)"
				args = append(args, n, n, p[1])
			case jikenbo.CaseStalest:
				p, err := decodeCursor(cq.Cursor, 2)
				if err != nil {
					return err
				}
				y, seq, err := jikenbo.ParseCaseID(p[1])
				if err != nil {
					return jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
				}
				if _, derr := jikenbo.ParseDate(p[0]); derr != nil && p[0] != "9999-12-31" {
					return jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
				}
				w += " AND (" + staleKey + ", cf.year, cf.seq) > (?, ?, ?)"
				args = append(args, p[0], y, seq)
			default:
				p, err := decodeCursor(cq.Cursor, 1)
				if err != nil {
					return err
				}
				y, seq, err := jikenbo.ParseCaseID(p[0])
				if err != nil {
					return jikenbo.Errorf(jikenbo.EINVALID, "invalid cursor")
				}
				w += " AND (cf.year, cf.seq) < (?, ?)"
				args = append(args, y, seq)
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT c.id, c.year, c.status, c.facts, c.updated_at, `+key+`
			FROM case_facets cf JOIN cases c ON c.id = cf.case_id WHERE `+w+order+` LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return err
		}
		var keys []string
		for rows.Next() {
			var c jikenbo.CaseSummary
			var facts, updated, key string
			if err := rows.Scan(&c.ID, &c.Year, &c.Status, &facts, &updated, &key); err != nil {
				rows.Close()
				return err
			}
			if err := json.Unmarshal([]byte(facts), &c.Facts); err != nil {
				rows.Close()
				return fmt.Errorf("case %s: facts: %w", c.ID, err)
			}
			c.UpdatedAt = parseTime(updated)
			page.Cases = append(page.Cases, &c)
			keys = append(keys, key)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Cases) > limit {
			page.Cases = page.Cases[:limit]
			last := page.Cases[limit-1]
			if cq.Order == jikenbo.CaseNewest {
				page.Next = encodeCursor(last.ID)
			} else {
				page.Next = encodeCursor(keys[limit-1], last.ID)
			}
		}
		return caseSummaryDetails(ctx, q, page.Cases)
	})
	if err != nil {
		return nil, fmt.Errorf("find case summaries: %w", err)
	}
	return page, nil
}

// caseSummaryDetails adds organisations and public release counts.
func caseSummaryDetails(ctx context.Context, q querier, cs []*jikenbo.CaseSummary) error {
	if len(cs) == 0 {
		return nil
	}
	byID := map[string]*jikenbo.CaseSummary{}
	args := make([]any, len(cs))
	for i, c := range cs {
		byID[c.ID], args[i] = c, c.ID
	}
	in := placeholders(len(cs))
	rows, err := q.QueryContext(ctx, `SELECT co.case_id, co.organization_id, o.name, co.role FROM case_organizations co
		JOIN organizations o ON o.id = co.organization_id WHERE co.case_id IN (`+in+`) AND `+publicFrom("co.release_id")+` ORDER BY co.`+q.Dialect().InsertOrder(), args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var o jikenbo.CaseOrganization
		if err := rows.Scan(&id, &o.OrganizationID, &o.Name, &o.Role); err != nil {
			rows.Close()
			return err
		}
		byID[id].Organizations = append(byID[id].Organizations, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT case_id, COUNT(*) FROM release_facets WHERE case_id IN (`+in+`) GROUP BY case_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		byID[id].Releases = n
	}
	return rows.Err()
}

// CasebookStats computes the statistics page's aggregates.
func (s *Store) CasebookStats(ctx context.Context) (*jikenbo.Stats, error) {
	st := &jikenbo.Stats{ReleasesByMonth: []jikenbo.MonthCategoryCount{}, ByYear: []jikenbo.YearStats{}, TopContractors: []jikenbo.ContractorCount{}}
	err := s.read(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM release_facets), (SELECT COUNT(*) FROM case_facets cf WHERE `+publicCase+`),
			(SELECT COUNT(*) FROM organizations o WHERE `+publicOrg("o.id")+`), (SELECT COUNT(*) FROM release_facets WHERE year = 0)`).Scan(
			&st.Releases, &st.Cases, &st.Organizations, &st.Undated); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT f.year, f.month, COALESCE(c.category, ?), COUNT(*) FROM release_facets f
			LEFT JOIN release_categories c ON c.release_id = f.release_id WHERE f.year > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, jikenbo.CatOther)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m jikenbo.MonthCategoryCount
			if err := rows.Scan(&m.Year, &m.Month, &m.Category, &m.Count); err != nil {
				rows.Close()
				return err
			}
			st.ReleasesByMonth = append(st.ReleasesByMonth, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// A case's year is the year of its first known release date, or
		// the year it was numbered in.
		const caseYear = "COALESCE(CAST(substr(first_published, 1, 4) AS INTEGER), year)"
		rows, err = q.QueryContext(ctx, `SELECT `+caseYear+`, COUNT(*), CAST(COALESCE(SUM(persons), 0) AS BIGINT),
			CAST(COALESCE(SUM(cards), 0) AS BIGINT), COUNT(persons), SUM(CASE WHEN third_party THEN 1 ELSE 0 END) FROM case_facets cf WHERE `+publicCase+` GROUP BY 1 ORDER BY 1`)
		if err != nil {
			return err
		}
		byYear := map[int]*jikenbo.YearStats{}
		for rows.Next() {
			var y jikenbo.YearStats
			if err := rows.Scan(&y.Year, &y.Cases, &y.Persons, &y.Cards, &y.CasesWithPersons, &y.ThirdParty); err != nil {
				rows.Close()
				return err
			}
			st.ByYear = append(st.ByYear, y)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range st.ByYear {
			byYear[st.ByYear[i].Year] = &st.ByYear[i]
		}
		// Detection dates after publication are misreadings, and lags over
		// ten years are too; both are left out of the lag figures.
		lag := q.Dialect().Days("first_published", "detected")
		rows, err = q.QueryContext(ctx, `SELECT `+caseYear+`, `+lag+` FROM case_facets cf
			WHERE `+publicCase+` AND first_published IS NOT NULL AND detected IS NOT NULL AND `+lag+` BETWEEN 0 AND 3650 ORDER BY 1, 2`)
		if err != nil {
			return err
		}
		lags := map[int][]float64{}
		for rows.Next() {
			var y int
			var d float64
			if err := rows.Scan(&y, &d); err != nil {
				rows.Close()
				return err
			}
			lags[y] = append(lags[y], d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for y, ds := range lags {
			if ys := byYear[y]; ys != nil {
				ys.LagCases, ys.LagMedianDays, ys.LagP90Days = len(ds), quantile(ds, 0.5), quantile(ds, 0.9)
			}
		}
		rows, err = q.QueryContext(ctx, `SELECT k.organization_id, o.name, COUNT(DISTINCT k.case_id), COUNT(DISTINCT x.organization_id) AS clients
			FROM case_organizations k JOIN organizations o ON o.id = k.organization_id
			LEFT JOIN case_organizations x ON x.case_id = k.case_id AND x.organization_id <> k.organization_id AND `+publicFrom("x.release_id")+`
			WHERE k.role = ? AND `+publicFrom("k.release_id")+` AND k.case_id IN (SELECT case_id FROM case_facets cf WHERE `+publicCase+`) GROUP BY k.organization_id, o.name ORDER BY clients DESC, 3 DESC, o.name LIMIT 10`, jikenbo.RoleContractor)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c jikenbo.ContractorCount
			if err := rows.Scan(&c.OrganizationID, &c.Name, &c.Cases, &c.Clients); err != nil {
				return err
			}
			st.TopContractors = append(st.TopContractors, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("casebook stats: %w", err)
	}
	return st, nil
}

// quantile of sorted values, interpolating between neighbours.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (sorted[i+1]-sorted[i])*(pos-float64(i))
}

// CasebookVersion returns the write counter every public change moves.
func (s *Store) CasebookVersion(ctx context.Context) (jikenbo.Version, error) {
	var v jikenbo.Version
	var changed string
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT n, changed_at FROM casebook_version WHERE id = 1`).Scan(&v.N, &changed)
	})
	if err != nil {
		return v, fmt.Errorf("casebook version: %w", err)
	}
	if changed != "" {
		v.Changed = parseTime(changed)
	}
	return v, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// FindCaseByID returns the case or ENOTFOUND.
func (s *Store) FindCaseByID(ctx context.Context, id string) (*jikenbo.Case, error) {
	cs, _, err := s.FindCases(ctx, jikenbo.CaseFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", id)
	}
	return cs[0], nil
}

// FindCases returns the cases matching f.
func (s *Store) FindCases(ctx context.Context, f jikenbo.CaseFilter) (cs []*jikenbo.Case, n int, err error) {
	err = s.read(ctx, func(q querier) error {
		cs, n, err = findCases(ctx, q, f, false)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find cases: %w", err)
	}
	return cs, n, nil
}

// findCases reads the cases matching f; public leaves out of each what is
// not public (QueryStore).
func findCases(ctx context.Context, q querier, f jikenbo.CaseFilter, public bool) ([]*jikenbo.Case, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "id = ?"), append(args, *f.ID)
	}
	if f.Status != nil {
		where, args = append(where, "status = ?"), append(args, *f.Status)
	}
	if f.Year != nil {
		where, args = append(where, "year = ?"), append(args, *f.Year)
	}
	if f.OrganizationID != nil {
		sub := "SELECT case_id FROM case_organizations WHERE organization_id = ?"
		args = append(args, *f.OrganizationID)
		if f.Role != nil {
			sub += " AND role = ?"
			args = append(args, *f.Role)
		}
		where = append(where, "id IN ("+sub+")")
	}
	w := strings.Join(where, " AND ")
	// The total comes with the page (COUNT(*) OVER (), computed before
	// LIMIT/OFFSET) rather than from a COUNT query of its own; unpaged it
	// is the number of rows. Only a page past the end, which has no row to
	// carry it, needs the COUNT query.
	paged := f.Limit > 0 || f.Offset > 0
	n := -1
	from := "cases WHERE " + w
	if f.Last > 0 {
		from = "(SELECT * FROM cases WHERE " + w + " ORDER BY year DESC, seq DESC LIMIT ?) newest"
		args = append(args, f.Last)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, year, status, facts, title, created_at, updated_at, COUNT(*) OVER () FROM `+from+
		` ORDER BY year, seq`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	var cs []*jikenbo.Case
	for rows.Next() {
		var c jikenbo.Case
		var facts, created, updated string
		if err := rows.Scan(&c.ID, &c.Year, &c.Status, &facts, &c.Title, &created, &updated, &n); err != nil {
			rows.Close()
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(facts), &c.Facts); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("case %s: facts: %w", c.ID, err)
		}
		c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
		cs = append(cs, &c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	switch {
	case !paged || n < 0 && f.Offset <= 0:
		n = len(cs)
	case n < 0:
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from, args...).Scan(&n); err != nil {
			return nil, 0, err
		}
	}
	for _, c := range cs {
		if err := loadCaseDetails(ctx, q, c, public, f.Brief); err != nil {
			return nil, 0, fmt.Errorf("case %s: %w", c.ID, err)
		}
	}
	return cs, n, nil
}

// loadCaseDetails fills the lists of a case: all of them for the desk, or
// only what is public; brief leaves out the links and decisions.
func loadCaseDetails(ctx context.Context, q querier, c *jikenbo.Case, public, brief bool) error {
	load := caseReleaseFacts
	if brief {
		load = caseReleaseHeads
	}
	rs, err := load(ctx, q, c.ID)
	if err != nil {
		return err
	}
	if public {
		rs = slices.DeleteFunc(rs, func(r *jikenbo.Release) bool { return r.Draft })
	}
	only := func(col string) string {
		if public {
			return " AND " + publicFrom(col)
		}
		return ""
	}
	c.Releases = caseReleases(rs)
	for _, r := range c.Releases {
		c.Timeline = append(c.Timeline, jikenbo.TimelineEntry{Date: r.Published, Kind: jikenbo.TimelineRelease, ReleaseID: r.ReleaseID, Note: r.Title})
	}

	if c.Organizations, err = caseOrganizations(ctx, q, c.ID, only("co.release_id")); err != nil {
		return err
	}
	var rows *sql.Rows

	rows, err = q.QueryContext(ctx, `SELECT t.date, t.kind, COALESCE(t.release_id, 0), t.note FROM case_timeline t WHERE t.case_id = ?`+only("t.release_id"), c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e jikenbo.TimelineEntry
		var d string
		if err := rows.Scan(&d, &e.Kind, &e.ReleaseID, &e.Note); err != nil {
			rows.Close()
			return err
		}
		e.Date = parseDate(d)
		c.Timeline = append(c.Timeline, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sortTimeline(c.Timeline)
	if brief {
		return nil
	}

	// A link is public when what brought it is and the other case is.
	linked := ""
	if public {
		linked = " AND " + publicFrom("l.release_id") + " AND " + publicCaseOf("l.other")
	}
	rows, err = q.QueryContext(ctx, `SELECT l.other, l.kind, l.reason, COALESCE(l.release_id, 0) FROM (
		SELECT CASE WHEN case_a = ?1 THEN case_b ELSE case_a END AS other, kind, reason, release_id
		FROM case_links WHERE case_a = ?1 OR case_b = ?1) l WHERE 1 = 1`+linked+` ORDER BY 1, 2`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l jikenbo.CaseLink
		if err := rows.Scan(&l.CaseID, &l.Kind, &l.Reason, &l.ReleaseID); err != nil {
			rows.Close()
			return err
		}
		c.Links = append(c.Links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	if public {
		return nil // decisions are the desk's
	}
	rows, err = q.QueryContext(ctx, `SELECT release_id, action, reasons, at FROM decisions WHERE case_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		d := jikenbo.Decision{CaseID: c.ID}
		var reasons, at string
		if err := rows.Scan(&d.ReleaseID, &d.Action, &reasons, &at); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(reasons), &d.Reasons); err != nil {
			return fmt.Errorf("decision reasons: %w", err)
		}
		d.At = parseTime(at)
		c.Decisions = append(c.Decisions, d)
	}
	return rows.Err()
}

// caseOrganizations lists a case's organisations with their roles, in the
// order they were added; only is a further condition on co (public ones).
func caseOrganizations(ctx context.Context, q querier, id, only string) ([]jikenbo.CaseOrganization, error) {
	rows, err := q.QueryContext(ctx, `SELECT co.organization_id, o.name, co.role FROM case_organizations co
		JOIN organizations o ON o.id = co.organization_id WHERE co.case_id = ?`+only+` ORDER BY co.`+q.Dialect().InsertOrder(), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jikenbo.CaseOrganization
	for rows.Next() {
		var o jikenbo.CaseOrganization
		if err := rows.Scan(&o.OrganizationID, &o.Name, &o.Role); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// caseReleaseFacts loads what a case needs of its releases: their facts
// and overrides, not their text and original bytes.
func caseReleaseFacts(ctx context.Context, q querier, caseID string) ([]*jikenbo.Release, error) {
	return loadReleaseFacts(ctx, q, "r.case_id = ?", caseID)
}

// caseReleaseHeads is caseReleaseFacts with only what the list of a
// case's releases shows (loadReleaseHeads).
func caseReleaseHeads(ctx context.Context, q querier, caseID string) ([]*jikenbo.Release, error) {
	return loadReleaseHeads(ctx, q, "r.case_id = ?", caseID)
}

// caseReleases lists releases in case order: by effective published date,
// unknown dates last, then by ID.
func caseReleases(rs []*jikenbo.Release) []jikenbo.CaseRelease {
	dated := make([]jikenbo.DatedFacts, len(rs))
	byID := map[int64]*jikenbo.Release{}
	for i, r := range rs {
		dated[i] = jikenbo.DatedFacts{ReleaseID: r.ID, Facts: r.Facts()}
		byID[r.ID] = r
	}
	jikenbo.SortDatedFacts(dated)
	out := make([]jikenbo.CaseRelease, len(dated))
	for i, d := range dated {
		r := byID[d.ReleaseID]
		out[i] = jikenbo.CaseRelease{ReleaseID: r.ID, Stage: r.Stage, Published: d.Facts.Published, OrganizationID: r.OrganizationID, Title: d.Facts.Title}
	}
	return out
}

// sortTimeline orders entries by date (unknown last), releases known only
// by date before stored releases of the same day.
func sortTimeline(es []jikenbo.TimelineEntry) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Date, es[j].Date
		if a != b {
			if a.IsZero() || b.IsZero() {
				return b.IsZero()
			}
			return a.Before(b)
		}
		return es[i].Kind == jikenbo.TimelineEarlierRelease && es[j].Kind != jikenbo.TimelineEarlierRelease
	})
}

// CreateCase stores a new case, numbering it when c.ID is empty.
func (s *Store) CreateCase(ctx context.Context, c *jikenbo.Case) error {
	err := s.write(ctx, func(tx *Store) error {
		var seq int
		if c.ID == "" {
			if c.Year < 1900 || c.Year > 9999 {
				return jikenbo.Errorf(jikenbo.EINVALID, "case: year %d out of range", c.Year)
			}
			// The counter row is updated in this write transaction, which
			// holds the database lock: no other writer can read the same
			// number.
			if err := tx.tx.QueryRowContext(ctx, `INSERT INTO case_numbers (year, last) VALUES (?, 1)
				ON CONFLICT (year) DO UPDATE SET last = case_numbers.last + 1 RETURNING last`, c.Year).Scan(&seq); err != nil {
				return err
			}
			c.ID = jikenbo.FormatCaseID(c.Year, seq)
		} else {
			y, n, err := jikenbo.ParseCaseID(c.ID)
			if err != nil {
				return err
			}
			c.Year, seq = y, n
			var retired int
			if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM retired_cases WHERE id = ?`, c.ID).Scan(&retired); err != nil {
				return err
			}
			if retired > 0 {
				return jikenbo.Errorf(jikenbo.ECONFLICT, "case number %s was used by a deleted case", c.ID)
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_numbers (year, last) VALUES (?, ?)
				ON CONFLICT (year) DO UPDATE SET last = CASE WHEN excluded.last > case_numbers.last THEN excluded.last ELSE case_numbers.last END`, y, n); err != nil {
				return err
			}
		}
		if c.Status == "" {
			c.Status = jikenbo.StatusOngoing
		}
		facts, err := json.Marshal(c.Facts)
		if err != nil {
			return err
		}
		now := tx.db.now()
		if c.CreatedAt.IsZero() {
			c.CreatedAt = now
		}
		c.UpdatedAt = now
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO cases (id, year, seq, status, facts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Year, seq, c.Status, string(facts), fmtTime(c.CreatedAt), fmtTime(c.UpdatedAt))
		if err != nil {
			return err
		}
		// A new case has nothing public until a release or an editor
		// puts something in it: the version stays.
		return writeCaseFacets(ctx, tx.tx, c.ID, string(c.Status), c.Facts)
	})
	if err != nil {
		return fmt.Errorf("create case %s: %w", c.ID, err)
	}
	return nil
}

// DeleteCase removes a case and retires its number.
func (s *Store) DeleteCase(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx *Store) error {
		public, err := caseIsPublic(ctx, tx.tx, id)
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET case_id = NULL, stage = '' WHERE case_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE release_facets SET case_id = NULL WHERE case_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM cases WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", id)
		}
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO retired_cases (id) VALUES (?)`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete case %s: %w", id, err)
	}
	return nil
}

// AddCaseRelease files a release in a case.
func (s *Store) AddCaseRelease(ctx context.Context, caseID string, releaseID int64, stage jikenbo.Stage) error {
	err := s.write(ctx, func(tx *Store) error {
		if !stage.Valid() {
			return jikenbo.Errorf(jikenbo.EINVALID, "unknown stage %q", stage)
		}
		// The case's existence and the release's current case in one round
		// trip; cur is NULL when the release does not exist.
		var cases int
		var cur sql.NullString
		if err := tx.tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM cases WHERE id = ?), (SELECT COALESCE(case_id, '') FROM releases WHERE id = ?)`,
			caseID, releaseID).Scan(&cases, &cur); err != nil {
			return err
		}
		if cases == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", caseID)
		}
		if !cur.Valid {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", releaseID)
		}
		if cur.String != "" && cur.String != caseID {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "release %d is already in case %s", releaseID, cur.String)
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET case_id = ?, stage = ? WHERE id = ?`, caseID, stage, releaseID); err != nil {
			return err
		}
		// Only a public release has facets, so whether one changed says
		// whether the release is public.
		public, err := changedRows(tx.tx.ExecContext(ctx, `UPDATE release_facets SET case_id = ? WHERE release_id = ?`, caseID, releaseID))
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		return refreshCase(ctx, tx, caseID)
	})
	if err != nil {
		return fmt.Errorf("add release %d to case %s: %w", releaseID, caseID, err)
	}
	return nil
}

func caseExists(ctx context.Context, tx *Store, id string) error {
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", id)
	}
	return nil
}

// refreshCase recomputes the merged facts and status of a case after its
// releases or their facts changed.
func refreshCase(ctx context.Context, tx *Store, id string) error {
	if id == "" {
		return nil
	}
	rs, err := caseReleaseFacts(ctx, tx.tx, id)
	if err != nil {
		return err
	}
	// A draft's facts stay off the case until it is published: the
	// case's facts are public. (caseReleaseFacts reads draft.)
	var dated []jikenbo.DatedFacts
	for _, r := range rs {
		if !r.Draft {
			dated = append(dated, jikenbo.DatedFacts{ReleaseID: r.ID, OrganizationID: r.OrganizationID, Stage: r.Stage, Facts: r.Facts()})
		}
	}
	// Roles a draft brought stay off the case's facts too.
	orgs, err := caseOrganizations(ctx, tx.tx, id, " AND "+publicFrom("co.release_id"))
	if err != nil {
		return err
	}
	var title string
	if err := tx.tx.QueryRowContext(ctx, `SELECT title FROM cases WHERE id = ?`, id).Scan(&title); err != nil {
		return err
	}
	cf, status := jikenbo.MergeCaseFacts(dated, orgs)
	if title != "" {
		cf.Title = title
		delete(cf.Sources, "title")
	}
	facts, err := json.Marshal(cf)
	if err != nil {
		return err
	}
	// A case whose public facts did not change (a draft was filed) keeps
	// its row, and so its time and the casebook's version.
	res, err := tx.tx.ExecContext(ctx, `UPDATE cases SET status = ?, facts = ?, updated_at = ? WHERE id = ? AND (status <> ? OR facts <> ?)`,
		status, string(facts), fmtTime(tx.db.now()), id, status, string(facts))
	if err != nil {
		return err
	}
	if changed, err := changedRows(res, err); err != nil || !changed {
		return err
	}
	tx.published()
	return writeCaseFacets(ctx, tx.tx, id, string(status), cf)
}

// AddCaseOrganization records an organisation's role in a case.
func (s *Store) AddCaseOrganization(ctx context.Context, caseID string, orgID int64, role jikenbo.Role, releaseID int64) error {
	err := s.write(ctx, func(tx *Store) error {
		if !role.Valid() {
			return jikenbo.Errorf(jikenbo.EINVALID, "unknown role %q", role)
		}
		// Both checks in one round trip, reported in the same order.
		var cases, orgs int
		if err := tx.tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM cases WHERE id = ?), (SELECT COUNT(*) FROM organizations WHERE id = ?)`,
			caseID, orgID).Scan(&cases, &orgs); err != nil {
			return err
		}
		if cases == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", caseID)
		}
		if orgs == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "organization %d not found", orgID)
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO case_organizations AS x (case_id, organization_id, role, release_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (case_id, organization_id, role) DO UPDATE SET release_id = excluded.release_id WHERE `+morePublic,
			caseID, orgID, role, nullID(releaseID))
		if err := tx.broughtBy(ctx, res, err, releaseID); err != nil || role != jikenbo.RoleContractor {
			return err
		}
		// A contractor's own figures merge by other rules than its
		// clients'.
		return refreshCase(ctx, tx, caseID)
	})
	if err != nil {
		return fmt.Errorf("add organization %d to case %s: %w", orgID, caseID, err)
	}
	return nil
}

// SetCaseTitle gives a case its own title, or with "" lets the merged
// facts make one again.
func (s *Store) SetCaseTitle(ctx context.Context, id, title string) error {
	title = strings.TrimSpace(title)
	if utf8.RuneCountInString(title) > 200 {
		return jikenbo.Errorf(jikenbo.EINVALID, "case %s: title: at most 200 characters", id)
	}
	err := s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE cases SET title = ? WHERE id = ?`, strings.TrimSpace(title), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", id)
		}
		return refreshCase(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("set title of case %s: %w", id, err)
	}
	return nil
}

// AddTimelineEntry records an event known only by date.
func (s *Store) AddTimelineEntry(ctx context.Context, caseID string, e jikenbo.TimelineEntry) error {
	err := s.write(ctx, func(tx *Store) error {
		if e.Date.IsZero() {
			return jikenbo.Errorf(jikenbo.EINVALID, "timeline entry without a date")
		}
		if e.Kind == jikenbo.TimelineRelease {
			return jikenbo.Errorf(jikenbo.EINVALID, "timeline: stored releases join the timeline by AddCaseRelease")
		}
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		var rel any
		if e.ReleaseID != 0 {
			rel = e.ReleaseID
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO case_timeline AS x (case_id, date, kind, release_id, note) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, date, kind) DO UPDATE SET release_id = excluded.release_id, note = excluded.note WHERE `+morePublic,
			caseID, fmtDate(e.Date), e.Kind, rel, e.Note)
		return tx.broughtBy(ctx, res, err, e.ReleaseID)
	})
	if err != nil {
		return fmt.Errorf("add timeline entry %s to case %s: %w", e.Date, caseID, err)
	}
	return nil
}

// AddCaseLink relates two cases.
func (s *Store) AddCaseLink(ctx context.Context, caseID string, l jikenbo.CaseLink) error {
	err := s.write(ctx, func(tx *Store) error {
		if caseID == l.CaseID {
			return jikenbo.Errorf(jikenbo.EINVALID, "case %s cannot be linked to itself", caseID)
		}
		// Both checks in one round trip (an import links about three
		// cases a release), reported in the same order.
		var n, m int
		if err := tx.tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM cases WHERE id = ?), (SELECT COUNT(*) FROM cases WHERE id = ?)`,
			caseID, l.CaseID).Scan(&n, &m); err != nil {
			return err
		}
		switch {
		case n == 0:
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", caseID)
		case m == 0:
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", l.CaseID)
		}
		a, b := caseID, l.CaseID
		if b < a {
			a, b = b, a
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO case_links AS x (case_a, case_b, kind, reason, release_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_a, case_b, kind) DO UPDATE SET release_id = excluded.release_id, reason = excluded.reason WHERE `+morePublic,
			a, b, l.Kind, l.Reason, nullID(l.ReleaseID))
		return tx.broughtBy(ctx, res, err, l.ReleaseID)
	})
	if err != nil {
		return fmt.Errorf("link case %s to %s: %w", caseID, l.CaseID, err)
	}
	return nil
}

// AddDecision records why a release was filed in a case.
func (s *Store) AddDecision(ctx context.Context, d jikenbo.Decision) error {
	err := s.write(ctx, func(tx *Store) error {
		if d.At.IsZero() {
			d.At = tx.db.now()
		}
		reasons, err := json.Marshal(nonNilStrings(d.Reasons))
		if err != nil {
			return err
		}
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO decisions (release_id, case_id, action, reasons, at) VALUES (?, ?, ?, ?, ?)`,
			d.ReleaseID, d.CaseID, d.Action, string(reasons), fmtTime(d.At))
		return err
	})
	if err != nil {
		return fmt.Errorf("add decision for release %d: %w", d.ReleaseID, err)
	}
	return nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

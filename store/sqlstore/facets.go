package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jikenbo/jikenbo"
)

// What the public pages query (jikenbo.QueryStore) is stored beside what
// was written, by the write that changes it, in Go:
//
//   - release_facets, one row per public (non-draft) release with its
//     effective facts (jikenbo.ApplyOverrides: the extracted facts with
//     the editors' overrides) in indexed columns, and release_categories;
//     written when a release, its overrides, its draft flag, its
//     organisation or its case change (writeReleaseFacets, or an UPDATE of
//     case_id alone where only the case moved);
//   - case_facets and case_categories, a case's merged facts in indexed
//     columns, written when a case is created or refreshCase changes its
//     facts (writeCaseFacets);
//   - casebook_version, which moves once per write transaction that
//     changed something a reader can see (Store.published), at commit.
//
// Until schema 13 (PostgreSQL 10) triggers and a view did this, a third
// copy of ApplyOverrides in each engine's SQL.

// published records that the current write transaction changed something
// public; InTx moves the casebook version once, before it commits.
func (s *Store) published() { s.tx.published = true }

// publishedIf records a public change when public holds.
func (s *Store) publishedIf(public bool) {
	if public {
		s.published()
	}
}

// broughtBy records a public change after a statement (res, err) wrote
// what release id brought to a case (0: an editor): when it changed a
// row and the release is public.
func (s *Store) broughtBy(ctx context.Context, res sql.Result, err error, id int64) error {
	if changed, err := changedRows(res, err); err != nil || !changed || s.tx.published {
		return err
	}
	public, err := releasePublic(ctx, s.tx, id)
	s.publishedIf(public)
	return err
}

// changedRows reports whether the statement that returned res, err
// changed a row.
func changedRows(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// bumpVersion moves the casebook version: the ETag of every public page
// and the key of the response cache.
func bumpVersion(ctx context.Context, q querier, now string) error {
	_, err := q.ExecContext(ctx, `UPDATE casebook_version SET n = n + 1, changed_at = ? WHERE id = 1`, now)
	return err
}

// loadReleaseFacts reads the facts (without their evidence), overrides
// and filing of the releases matching cond (a condition on releases r)
// by ID: not their text and original bytes, which would make every
// filing in a large case, or every correction of a 19 MB release, read
// megabytes.
func loadReleaseFacts(ctx context.Context, q querier, cond string, args ...any) ([]*jikenbo.Release, error) {
	return loadReleases(ctx, q, false, cond, args...)
}

// loadReleaseHeads is loadReleaseFacts with only the title and 公表日 of
// the facts, read by the database: all that a case's list of releases
// shows (caseReleases). Decoding whole facts in Go was twice the time for
// the dozens of cases the linker compares each new release with.
func loadReleaseHeads(ctx context.Context, q querier, cond string, args ...any) ([]*jikenbo.Release, error) {
	return loadReleases(ctx, q, true, cond, args...)
}

func loadReleases(ctx context.Context, q querier, head bool, cond string, args ...any) ([]*jikenbo.Release, error) {
	facts := "r.extracted, NULL"
	if head {
		d := q.Dialect()
		facts = d.JSONText("r.extracted", "title") + ", " + d.JSONText("r.extracted", "published")
	}
	// Whether a release has overrides comes with its row: few have any,
	// and a second query for every case the linker compares was 10 % of
	// an import's statements.
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.stage, COALESCE(r.organization_id, 0), COALESCE(r.case_id, ''), r.draft,
		EXISTS (SELECT 1 FROM overrides o WHERE o.release_id = r.id), `+facts+`
		FROM releases r WHERE `+cond+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, err
	}
	var rs []*jikenbo.Release
	byID := map[int64]*jikenbo.Release{}
	var overridden []any
	for rows.Next() {
		var r jikenbo.Release
		var a, b sql.NullString
		var hasOverrides bool
		if err := rows.Scan(&r.ID, &r.Stage, &r.OrganizationID, &r.CaseID, &r.Draft, &hasOverrides, &a, &b); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if head {
			r.Extracted.Title = a.String
			if b.String != "" {
				r.Extracted.Published, err = jikenbo.ParseDate(b.String)
			}
		} else {
			err = jikenbo.UnmarshalFactsBrief([]byte(a.String), &r.Extracted)
		}
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("release %d: facts: %w", r.ID, err)
		}
		rs = append(rs, &r)
		byID[r.ID] = &r
		if hasOverrides {
			overridden = append(overridden, r.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for start := 0; start < len(overridden); start += 500 {
		if err := loadOverrides(ctx, q, overridden[start:min(start+500, len(overridden))], byID); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// loadOverrides adds the overrides of the releases ids (at most 500, for
// SQLite's parameter limit) to those releases of byID, in the order they
// were set.
func loadOverrides(ctx context.Context, q querier, ids []any, byID map[int64]*jikenbo.Release) error {
	rows, err := q.QueryContext(ctx, `SELECT o.release_id, o.field, o.value, o.editor, o.at FROM overrides o
		WHERE o.release_id IN (`+placeholders(len(ids))+`) ORDER BY o.release_id, o.at, o.field`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o jikenbo.Override
		var v, at string
		if err := rows.Scan(&id, &o.Field, &v, &o.Editor, &at); err != nil {
			return err
		}
		o.Value, o.At = json.RawMessage(v), parseTime(at)
		if r := byID[id]; r != nil {
			r.Overrides = append(r.Overrides, o)
		}
	}
	return rows.Err()
}

// refreshReleaseFacets writes the facets of release id again from what
// is stored, and reports whether the release is public.
func refreshReleaseFacets(ctx context.Context, q querier, id int64) (public bool, err error) {
	rs, err := loadReleaseFacts(ctx, q, "r.id = ?", id)
	if err != nil || len(rs) == 0 {
		return false, err
	}
	return !rs[0].Draft, writeReleaseFacets(ctx, q, rs[0], true)
}

// writeReleaseFacets stores the effective facts of r (its Extracted with
// its Overrides applied) in release_facets and release_categories while r
// is public, and nothing while it is a draft. replace removes what an
// earlier write stored; a release just inserted has nothing to remove.
//
// A release dated by no 公表日 of its own has the date '0000-00-00', which
// sorts after every known date in newest-first lists, and year and month
// 0, which archives, charts and date filters leave out.
func writeReleaseFacets(ctx context.Context, q querier, r *jikenbo.Release, replace bool) error {
	if replace {
		if _, err := q.ExecContext(ctx, `DELETE FROM release_facets WHERE release_id = ?`, r.ID); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM release_categories WHERE release_id = ?`, r.ID); err != nil {
			return err
		}
	}
	if r.Draft {
		return nil
	}
	f := r.Facts()
	date := "0000-00-00"
	if !f.Published.IsZero() {
		date = f.Published.String()
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, date, f.Published.Year, f.Published.Month, string(f.Status), f.ThirdParty, nullInt(f.AffectedPersons), nullInt(f.AffectedCards),
		nullID(r.OrganizationID), nullString(r.CaseID)); err != nil {
		return err
	}
	return insertCategories(ctx, q, "release_categories", "release_id", r.ID, f.Categories)
}

// writeCaseFacets stores a case's merged facts and status in case_facets
// and case_categories, replacing what was there.
func writeCaseFacets(ctx context.Context, q querier, id, status string, cf jikenbo.CaseFacts) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM case_facets WHERE case_id = ?`, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM case_categories WHERE case_id = ?`, id); err != nil {
		return err
	}
	y, n, err := jikenbo.ParseCaseID(id)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO case_facets (case_id, year, seq, status, first_published, last_published, detected, persons, cards, third_party)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, y, n, status, nullDate(cf.FirstPublished), nullDate(cf.LastPublished), nullDate(cf.Detected),
		nullInt(cf.AffectedPersons), nullInt(cf.AffectedCards), cf.ThirdParty); err != nil {
		return err
	}
	return insertCategories(ctx, q, "case_categories", "case_id", id, cf.Categories)
}

// insertCategories writes the distinct categories of one row.
func insertCategories(ctx context.Context, q querier, table, col string, id any, categories []string) error {
	var seen []string
	for _, c := range categories {
		if slices.Contains(seen, c) {
			continue
		}
		seen = append(seen, c)
		if _, err := q.ExecContext(ctx, `INSERT INTO `+table+` (`+col+`, category) VALUES (?, ?)`, id, c); err != nil {
			return err
		}
	}
	return nil
}

// rebuildFacets writes every release's and every case's facets again
// from what is stored: after a copy (Copy) and once for a casebook whose
// facets were written by the triggers of older versions (Upgrade), so
// that every stored facet is the one Go computes.
func rebuildFacets(ctx context.Context, tx *Store, rep *UpgradeReport) error {
	for _, t := range []string{"release_facets", "release_categories", "case_facets", "case_categories"} {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	var after int64
	for {
		rs, err := loadReleaseFacts(ctx, tx.tx, "r.id IN (SELECT id FROM releases WHERE id > ? ORDER BY id LIMIT 1000)", after)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			break
		}
		for _, r := range rs {
			if err := writeReleaseFacets(ctx, tx.tx, r, false); err != nil {
				return err
			}
		}
		after = rs[len(rs)-1].ID
		rep.Faceted += len(rs)
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, status, facts FROM cases ORDER BY id`)
	if err != nil {
		return err
	}
	type caseRow struct {
		id, status string
		cf         jikenbo.CaseFacts
	}
	var cs []caseRow
	for rows.Next() {
		var c caseRow
		var facts string
		if err := rows.Scan(&c.id, &c.status, &facts); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(facts), &c.cf); err != nil {
			rows.Close()
			return fmt.Errorf("case %s: facts: %w", c.id, err)
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cs {
		if err := writeCaseFacets(ctx, tx.tx, c.id, c.status, c.cf); err != nil {
			return err
		}
	}
	return nil
}

// releasePublic reports whether release id is public: an ID of 0 (what
// an editor or an export brought) is.
func releasePublic(ctx context.Context, q querier, id int64) (bool, error) {
	if id == 0 {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_facets WHERE release_id = ?`, id).Scan(&n)
	return n > 0, err
}

// caseIsPublic reports whether readers see case id.
func caseIsPublic(ctx context.Context, q querier, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.id = ? AND `+publicCaseOf("c.id"), id).Scan(&n)
	return n > 0, err
}

// orgIsPublic reports whether a change to organisation id (its name, its
// aliases) can be seen: it published a public release, or a public
// release or an editor gave it a role in a case.
func orgIsPublic(ctx context.Context, q querier, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations o WHERE o.id = ? AND (EXISTS (SELECT 1 FROM release_facets ro WHERE ro.organization_id = o.id)
		OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = o.id AND `+publicFrom("co.release_id")+`))`, id).Scan(&n)
	return n > 0, err
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(d jikenbo.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

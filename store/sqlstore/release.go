package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// releaseColumns are the columns scanRelease reads. original is NULL
// when the bytes are the text's own UTF-8 (most releases), so they are
// stored once.
const releaseColumns = `id, sha256, original, text, encoding, source, imported_at, draft,
	source_case_id, COALESCE(case_id, ''), stage, COALESCE(organization_id, 0), extracted, extracted_at`

// FindReleaseByID returns the release or ENOTFOUND.
func (s *Store) FindReleaseByID(ctx context.Context, id int64) (*jikenbo.Release, error) {
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", id)
	}
	return rs[0], nil
}

// FindReleaseBySHA256 returns the release with that digest or ENOTFOUND.
func (s *Store) FindReleaseBySHA256(ctx context.Context, sum string) (*jikenbo.Release, error) {
	// Most lookups are an import's check of new bytes, which are not
	// there: the IDs alone answer that (the release, with its details,
	// read by FindReleases cost an import 3 % of its writer's time).
	var id sql.NullInt64
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT MIN(id) FROM (`+idsBySHA256+`) s`, sum, sum, sum).Scan(&id)
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("find release by sha256: %w", err)
	case !id.Valid:
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "release with sha256 %s not found", sum)
	}
	return s.FindReleaseByID(ctx, id.Int64)
}

// FindReleases returns the releases matching f.
func (s *Store) FindReleases(ctx context.Context, f jikenbo.ReleaseFilter) (rs []*jikenbo.Release, n int, err error) {
	err = s.read(ctx, func(q querier) error {
		rs, n, err = findReleases(ctx, q, f)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find releases: %w", err)
	}
	return rs, n, nil
}

// idsBySHA256 selects the IDs of the releases whose bytes, or those of
// one of their earlier versions or other sources, have the digest given
// three times (as the column id).
const idsBySHA256 = `SELECT id FROM releases WHERE sha256 = ? UNION ALL SELECT release_id FROM release_versions WHERE sha256 = ?
	UNION ALL SELECT release_id FROM release_sources WHERE sha256 = ?`

func findReleases(ctx context.Context, q querier, f jikenbo.ReleaseFilter) ([]*jikenbo.Release, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "id = ?"), append(args, *f.ID)
	}
	if f.SHA256 != nil {
		// Earlier versions' bytes find their release too. A UNION, not an
		// OR: PostgreSQL answers "sha256 = ? OR id IN (…)" with a scan of
		// every release, which made each import read the whole table.
		where, args = append(where, "id IN ("+idsBySHA256+")"), append(args, *f.SHA256, *f.SHA256, *f.SHA256)
	}
	if f.CaseID != nil {
		where, args = append(where, "case_id = ?"), append(args, *f.CaseID)
	}
	if f.OrganizationID != nil {
		where, args = append(where, "organization_id = ?"), append(args, *f.OrganizationID)
	}
	if f.Label != nil {
		where, args = append(where, "id IN (SELECT release_id FROM release_labels WHERE name = ?)"), append(args, *f.Label)
	}
	if f.Source != nil {
		// Prefixes compared by substr, whose lengths count characters on
		// both engines (LIKE would need its wildcards escaped).
		post, under := *f.Source+"#", strings.TrimSuffix(*f.Source, "/")+"/"
		where, args = append(where, "(source = ? OR substr(source, 1, ?) = ? OR substr(source, 1, ?) = ?)"),
			append(args, *f.Source, utf8.RuneCountInString(post), post, utf8.RuneCountInString(under), under)
	}
	if f.AfterID != 0 {
		where, args = append(where, "id > ?"), append(args, f.AfterID)
	}
	if f.Unlinked {
		where = append(where, "case_id IS NULL")
	}
	if f.Draft != nil {
		where, args = append(where, "draft = ?"), append(args, *f.Draft)
	}
	w := strings.Join(where, " AND ")
	// Unpaged, the count is the number of rows: no COUNT query (one round
	// trip less for every FindReleaseByID and FindReleaseBySHA256).
	paged := f.Limit > 0 || f.Offset > 0
	var n int
	if paged {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE `+w, args...).Scan(&n); err != nil {
			return nil, 0, err
		}
	}
	cols := releaseColumns
	if f.TextLimit > 0 {
		cols = strings.Replace(cols, "original, text", fmt.Sprintf("NULL, substr(%s, 1, %d)", q.Dialect().TextBytes("text"), f.TextLimit), 1)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM releases WHERE `+w+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var rs []*jikenbo.Release
	for rows.Next() {
		r, err := scanRelease(rows)
		if err != nil {
			return nil, 0, err
		}
		if f.TextLimit > 0 {
			r.Text = cutRunes(r.Text)
			r.Original = []byte(r.Text)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := attachReleaseDetails(ctx, q, rs); err != nil {
		return nil, 0, err
	}
	if !paged {
		n = len(rs)
	}
	return rs, n, nil
}

// cutRunes drops the incomplete character a cut by bytes left at the
// end of s.
func cutRunes(s string) string {
	for i := 0; i < utf8.UTFMax-1 && s != ""; i++ {
		if r, n := utf8.DecodeLastRuneInString(s); r != utf8.RuneError || n > 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

func scanRelease(rows *sql.Rows) (*jikenbo.Release, error) {
	var r jikenbo.Release
	var imported, extracted, extractedAt, stage string
	if err := rows.Scan(&r.ID, &r.SHA256, &r.Original, &r.Text, &r.Encoding, &r.Source, &imported, &r.Draft,
		&r.SourceCaseID, &r.CaseID, &stage, &r.OrganizationID, &extracted, &extractedAt); err != nil {
		return nil, err
	}
	r.ImportedAt, r.ExtractedAt, r.Stage = parseTime(imported), parseTime(extractedAt), jikenbo.Stage(stage)
	if r.Original == nil {
		r.Original = []byte(r.Text)
	}
	if err := json.Unmarshal([]byte(extracted), &r.Extracted); err != nil {
		return nil, fmt.Errorf("release %d: facts: %w", r.ID, err)
	}
	return &r, nil
}

// attachReleaseDetails loads the overrides and labels of rs in two
// queries (not two per release).
func attachReleaseDetails(ctx context.Context, q querier, rs []*jikenbo.Release) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[int64]*jikenbo.Release, len(rs))
	ids := make([]any, len(rs))
	for i, r := range rs {
		byID[r.ID], ids[i] = r, r.ID
	}
	// Chunks keep the statements under SQLite's parameter limit.
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		if err := loadOverrides(ctx, q, chunk, byID); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT release_id, name, source FROM release_labels WHERE release_id IN (`+placeholders(len(chunk))+`) ORDER BY release_id, `+q.Dialect().InsertOrder(), chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var l jikenbo.ReleaseLabel
			if err := rows.Scan(&id, &l.Name, &l.Source); err != nil {
				rows.Close()
				return err
			}
			byID[id].Labels = append(byID[id].Labels, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// CreateRelease stores r.
func (s *Store) CreateRelease(ctx context.Context, r *jikenbo.Release) error {
	if err := s.write(ctx, func(tx *Store) error { return createRelease(ctx, tx, r) }); err != nil {
		return fmt.Errorf("create release %q: %w", r.Source, err)
	}
	return nil
}

func createRelease(ctx context.Context, tx *Store, r *jikenbo.Release) error {
	if err := r.Validate(); err != nil {
		return err
	}
	for _, o := range r.Overrides {
		if err := jikenbo.ValidateOverride(o); err != nil {
			return err
		}
	}
	for _, l := range r.Labels {
		if l.Name == "" || !l.Source.Valid() {
			return jikenbo.Errorf(jikenbo.EINVALID, "release %q: invalid label %q (%s)", r.Source, l.Name, l.Source)
		}
	}
	now := tx.db.now()
	r.SHA256 = jikenbo.SHA256Hex(r.Original)
	if r.ImportedAt.IsZero() {
		r.ImportedAt = now
	}
	if r.ExtractedAt.IsZero() {
		r.ExtractedAt = r.ImportedAt
	}
	facts, err := json.Marshal(r.Extracted)
	if err != nil {
		return err
	}
	var original any = r.Original
	if bytes.Equal(r.Original, []byte(r.Text)) {
		original = nil
	}
	var org any
	if r.OrganizationID != 0 {
		org = r.OrganizationID
	}
	// An ID given (restoring an export) is kept, and the next generated
	// one comes after it.
	idCol, idVal, args := "", "", []any{r.SHA256, original, r.Text, r.Encoding, r.Source, fmtTime(r.ImportedAt), r.Draft,
		r.SourceCaseID, org, string(facts), fmtTime(r.ExtractedAt)}
	if r.ID == 0 {
		// A deleted release's ID is never handed out again: SQLite would
		// reuse the highest one once its row is gone.
		var next sql.NullInt64
		if err := tx.tx.QueryRowContext(ctx, `SELECT MAX(id) + 1 FROM deleted_releases
			WHERE id >= (SELECT COALESCE(MAX(id), 0) FROM releases)`).Scan(&next); err != nil {
			return err
		}
		r.ID = next.Int64
	}
	if r.ID != 0 {
		idCol, idVal, args = "id, ", "?, ", append([]any{r.ID}, args...)
	}
	if err := tx.tx.QueryRowContext(ctx, `INSERT INTO releases (`+idCol+`sha256, original, text, encoding, source, imported_at, draft,
		source_case_id, organization_id, extracted, extracted_at) VALUES (`+idVal+`?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		args...).Scan(&r.ID); err != nil {
		return err
	}
	if idCol != "" {
		if err := tx.tx.Dialect().AfterExplicitID(ctx, tx.tx, "releases"); err != nil {
			return err
		}
	}
	if err := insertVersion(ctx, tx, &jikenbo.ReleaseVersion{ReleaseID: r.ID, Number: 1, Original: r.Original, SHA256: r.SHA256,
		Text: r.Text, Encoding: r.Encoding, ImportedAt: r.ImportedAt}, true); err != nil {
		return err
	}
	for _, o := range r.Overrides {
		if err := setOverride(ctx, tx, r.ID, o); err != nil {
			return err
		}
	}
	// A release filed in a case is filed with AddCaseRelease.
	r.CaseID, r.Stage = "", ""
	// The effective facts are computed here, once, from the release in
	// hand: the public queries read them from release_facets.
	if err := writeReleaseFacets(ctx, tx.tx, r, false); err != nil {
		return err
	}
	tx.publishedIf(!r.Draft)
	if err := addReleaseLabels(ctx, tx, r.ID, r.Labels); err != nil {
		return err
	}
	if err := writeBands(ctx, tx.tx, r.ID, r.Text); err != nil {
		return err
	}
	tx.tx.indexLater(r.ID, r.Text)
	return nil
}

// UpdateRelease changes a release.
func (s *Store) UpdateRelease(ctx context.Context, id int64, upd jikenbo.ReleaseUpdate) (*jikenbo.Release, error) {
	var out *jikenbo.Release
	err := s.write(ctx, func(tx *Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		if upd.OrganizationID != nil && upd == (jikenbo.ReleaseUpdate{OrganizationID: upd.OrganizationID}) {
			// The linker's update of every new release: the row and its
			// facets are not written again for one column.
			r.OrganizationID = *upd.OrganizationID
			out = r
			return setReleaseOrganization(ctx, tx, r)
		}
		if upd.Text != nil {
			// The version that shares the release's text keeps it, and
			// original, stored only when it differs from the text, is
			// kept before the text changes.
			if err := keepVersionText(ctx, tx, id); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET original = ? WHERE id = ? AND original IS NULL`, r.Original, id); err != nil {
				return err
			}
			r.Text = *upd.Text
			if err := reindex(ctx, tx.tx, id, r.Text); err != nil {
				return err
			}
		}
		if upd.Draft != nil {
			r.Draft = *upd.Draft
		}
		if upd.OrganizationID != nil {
			r.OrganizationID = *upd.OrganizationID
		}
		if upd.Extracted != nil {
			r.Extracted = *upd.Extracted
			r.ExtractedAt = tx.db.now()
		}
		if upd.ExtractedAt != nil {
			r.ExtractedAt = *upd.ExtractedAt
		}
		facts, err := json.Marshal(r.Extracted)
		if err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET text = ?, draft = ?, organization_id = ?, extracted = ?, extracted_at = ? WHERE id = ?`,
			r.Text, r.Draft, nullID(r.OrganizationID), string(facts), fmtTime(r.ExtractedAt), id); err != nil {
			return err
		}
		// Public before or after: readers see the change.
		if wasPublic, err := releasePublic(ctx, tx.tx, id); err != nil {
			return err
		} else if wasPublic || !r.Draft {
			tx.published()
		}
		if err := writeReleaseFacets(ctx, tx.tx, r, true); err != nil {
			return err
		}
		if err := refreshCase(ctx, tx, r.CaseID); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update release %d: %w", id, err)
	}
	return out, nil
}

// setReleaseOrganization stores r's organisation in the release and its
// facets, and merges its case again.
func setReleaseOrganization(ctx context.Context, tx *Store, r *jikenbo.Release) error {
	org := nullID(r.OrganizationID)
	if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET organization_id = ? WHERE id = ?`, org, r.ID); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE release_facets SET organization_id = ? WHERE release_id = ?`, org, r.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n > 0 {
		tx.published()
	}
	return refreshCase(ctx, tx, r.CaseID)
}

// DeleteRelease removes a release.
func (s *Store) DeleteRelease(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.tx.Dialect().Unindex(ctx, tx.tx, id); err != nil {
			return err
		}
		if r.Draft {
			// What a draft brought goes with it, rather than becoming
			// an editor's (and public) by losing its release.
			if err := forgetBrought(ctx, tx, id, ""); err != nil {
				return err
			}
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM releases WHERE id = ?`, id); err != nil {
			return err
		}
		// Its facets went with it (ON DELETE CASCADE).
		tx.publishedIf(!r.Draft)
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO deleted_releases (id, source, sha256, case_id, draft, deleted_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, id, r.Source, r.SHA256, r.CaseID, r.Draft, fmtTime(tx.db.now())); err != nil {
			return err
		}
		return refreshCase(ctx, tx, r.CaseID)
	})
	if err != nil {
		return fmt.Errorf("delete release %d: %w", id, err)
	}
	return nil
}

// SetOverride records an editor's correction.
func (s *Store) SetOverride(ctx context.Context, releaseID int64, o jikenbo.Override) error {
	err := s.write(ctx, func(tx *Store) error {
		if err := jikenbo.ValidateOverride(o); err != nil {
			return err
		}
		r, err := tx.FindReleaseByID(ctx, releaseID)
		if err != nil {
			return err
		}
		if err := setOverride(ctx, tx, releaseID, o); err != nil {
			return err
		}
		if err := tx.overridden(ctx, releaseID); err != nil {
			return err
		}
		return refreshCase(ctx, tx, r.CaseID)
	})
	if err != nil {
		return fmt.Errorf("set override %s of release %d: %w", o.Field, releaseID, err)
	}
	return nil
}

func setOverride(ctx context.Context, tx *Store, releaseID int64, o jikenbo.Override) error {
	if o.At.IsZero() {
		o.At = tx.db.now()
	}
	v := strings.TrimSpace(string(o.Value))
	if v == "" {
		v = "null"
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO overrides (release_id, field, value, editor, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (release_id, field) DO UPDATE SET value = excluded.value, editor = excluded.editor, at = excluded.at`,
		releaseID, o.Field, v, o.Editor, fmtTime(o.At))
	return err
}

// overridden writes the facets of a release whose overrides changed, and
// records a public change when it is public.
func (s *Store) overridden(ctx context.Context, id int64) error {
	public, err := refreshReleaseFacets(ctx, s.tx, id)
	s.publishedIf(public)
	return err
}

// DeleteOverride removes the override of field.
func (s *Store) DeleteOverride(ctx context.Context, releaseID int64, field string) error {
	err := s.write(ctx, func(tx *Store) error {
		r, err := tx.FindReleaseByID(ctx, releaseID)
		if err != nil {
			return err
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM overrides WHERE release_id = ? AND field = ?`, releaseID, field)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d has no override of %s", releaseID, field)
		}
		if err := tx.overridden(ctx, releaseID); err != nil {
			return err
		}
		return refreshCase(ctx, tx, r.CaseID)
	})
	if err != nil {
		return fmt.Errorf("delete override %s of release %d: %w", field, releaseID, err)
	}
	return nil
}

// SearchReleases finds releases by their text.
func (s *Store) SearchReleases(ctx context.Context, sq jikenbo.SearchQuery) ([]jikenbo.SearchHit, int, error) {
	q, ok := textindex.ParseQuery(sq.Q)
	if !ok {
		return nil, 0, jikenbo.Errorf(jikenbo.EINVALID, "search: the query %q has nothing to search for", sq.Q)
	}
	limit := sq.Limit
	if limit <= 0 {
		limit = 20
	}
	var hits []jikenbo.SearchHit
	var total int
	err := s.read(ctx, func(qr querier) error {
		var ids []int64
		if q.Verify {
			// Rare query form: check the candidates' texts (a bounded
			// number), then page in rank order.
			found, err := verifiedMatches(ctx, qr, q)
			if err != nil {
				return err
			}
			all, err := matchIDs(ctx, qr, q, -1, 0)
			if err != nil {
				return err
			}
			for _, id := range all {
				if slices.Contains(found, id) {
					ids = append(ids, id)
				}
			}
			total = len(ids)
			ids = ids[min(sq.Offset, len(ids)):min(sq.Offset+limit, len(ids))]
		} else {
			m, args := qr.Dialect().Matches(q)
			if err := qr.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+m+`) m`, args...).Scan(&total); err != nil {
				return err
			}
			var err error
			if ids, err = matchIDs(ctx, qr, q, limit, sq.Offset); err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		in, arg := qr.Dialect().InIDs(ids)
		rows, err := qr.QueryContext(ctx, `SELECT `+releaseColumns+` FROM releases WHERE id `+in, arg)
		if err != nil {
			return err
		}
		byID := map[int64]*jikenbo.Release{}
		var rs []*jikenbo.Release
		for rows.Next() {
			r, err := scanRelease(rows)
			if err != nil {
				rows.Close()
				return err
			}
			byID[r.ID] = r
			rs = append(rs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := attachReleaseDetails(ctx, qr, rs); err != nil {
			return err
		}
		for _, id := range ids { // rank order
			if r := byID[id]; r != nil {
				hits = append(hits, jikenbo.SearchHit{Release: r, Snippet: textindex.Snippet(r.Text, q.Terms, 80)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search %q: %w", sq.Q, err)
	}
	return hits, total, nil
}

// matchIDs returns the releases matching tq best first, limit -1 for all.
func matchIDs(ctx context.Context, q querier, tq textindex.Query, limit, offset int) ([]int64, error) {
	m, args := q.Dialect().Ranked(tq, limit, offset)
	return queryIDs(ctx, q, m, args)
}

// queryIDs runs a query selecting one ID a row.
func queryIDs(ctx context.Context, q querier, query string, args []any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func containsAll(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// FindDeletedRelease returns a deleted release's tombstone.
func (s *Store) FindDeletedRelease(ctx context.Context, id int64) (*jikenbo.DeletedRelease, error) {
	d := &jikenbo.DeletedRelease{ID: id}
	var at string
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT source, sha256, case_id, draft, deleted_at FROM deleted_releases WHERE id = ?`, id).
			Scan(&d.Source, &d.SHA256, &d.CaseID, &d.Draft, &at)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "no release %d was deleted", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find deleted release %d: %w", id, err)
	}
	d.DeletedAt = parseTime(at)
	return d, nil
}

// FindDeletedReleases returns every tombstone by ID.
func (s *Store) FindDeletedReleases(ctx context.Context) ([]jikenbo.DeletedRelease, error) {
	out := []jikenbo.DeletedRelease{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT id, source, sha256, case_id, draft, deleted_at FROM deleted_releases ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d jikenbo.DeletedRelease
			var at string
			if err := rows.Scan(&d.ID, &d.Source, &d.SHA256, &d.CaseID, &d.Draft, &at); err != nil {
				return err
			}
			d.DeletedAt = parseTime(at)
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find deleted releases: %w", err)
	}
	return out, nil
}

// AddDeletedRelease records a tombstone (restoring an export).
func (s *Store) AddDeletedRelease(ctx context.Context, d jikenbo.DeletedRelease) error {
	err := s.write(ctx, func(tx *Store) error {
		var n int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE id = ?`, d.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "release %d exists and cannot be marked deleted", d.ID)
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO deleted_releases (id, source, sha256, case_id, draft, deleted_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, d.ID, d.Source, d.SHA256, d.CaseID, d.Draft, fmtTime(d.DeletedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("add deleted release %d: %w", d.ID, err)
	}
	return nil
}

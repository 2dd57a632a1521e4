package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jikenbo/jikenbo"
)

var (
	_ jikenbo.CaseOpsStore  = (*Store)(nil)
	_ jikenbo.LabelOpsStore = (*Store)(nil)
)

// MergeCases moves everything of case from into case into, retires from
// and makes it redirect.
func (s *Store) MergeCases(ctx context.Context, from, into string) error {
	err := s.write(ctx, func(tx *Store) error {
		if from == into {
			return jikenbo.Errorf(jikenbo.EINVALID, "case %s cannot be merged into itself", from)
		}
		for _, id := range []string{from, into} {
			if err := caseExists(ctx, tx, id); err != nil {
				return err
			}
		}
		// Whether readers ever saw from, before its releases move.
		var public int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.id = ? AND `+publicCaseOf("c.id"), from).Scan(&public); err != nil {
			return err
		}
		// Readers see the merge when they saw from, or when from brings
		// into (public) an organisation's role or a link that a public
		// release or an editor made.
		if public == 0 {
			var brought int
			if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.id = ?2 AND `+publicCaseOf("c.id")+` AND (
				EXISTS (SELECT 1 FROM case_organizations x WHERE x.case_id = ?1 AND `+publicFrom("x.release_id")+`)
				OR EXISTS (SELECT 1 FROM case_links x WHERE (x.case_a = ?1 OR x.case_b = ?1) AND `+publicFrom("x.release_id")+`))`,
				from, into).Scan(&brought); err != nil {
				return err
			}
			tx.publishedIf(brought > 0)
		} else {
			tx.published()
		}
		order := tx.tx.Dialect().InsertOrder()
		stmts := []string{
			`UPDATE releases SET case_id = ?2 WHERE case_id = ?1`,
			`UPDATE release_facets SET case_id = ?2 WHERE case_id = ?1`,
			`UPDATE decisions SET case_id = ?2 WHERE case_id = ?1`,
			`INSERT INTO case_organizations (case_id, organization_id, role, release_id)
				SELECT ?2, organization_id, role, release_id FROM case_organizations WHERE case_id = ?1 ORDER BY ` + order + `
				ON CONFLICT DO NOTHING`,
			`INSERT INTO case_timeline (case_id, date, kind, release_id, note)
				SELECT ?2, date, kind, release_id, note FROM case_timeline WHERE case_id = ?1 ON CONFLICT DO NOTHING`,
			// Links of from become links of into, the smaller number
			// first; a link between the two is dropped.
			`INSERT INTO case_links (case_a, case_b, kind, reason, release_id)
				SELECT CASE WHEN ?2 < other THEN ?2 ELSE other END, CASE WHEN ?2 < other THEN other ELSE ?2 END, kind, reason, release_id FROM (
					SELECT CASE WHEN case_a = ?1 THEN case_b ELSE case_a END AS other, kind, reason, release_id
					FROM case_links WHERE case_a = ?1 OR case_b = ?1) l
				WHERE other <> ?2 ON CONFLICT DO NOTHING`,
			`DELETE FROM cases WHERE id = ?1`,
			`INSERT INTO retired_cases (id) VALUES (?1) ON CONFLICT DO NOTHING`,
			`UPDATE case_redirects SET target = ?2 WHERE target = ?1`,
		}
		for _, q := range stmts {
			if _, err := tx.tx.ExecContext(ctx, q, from, into); err != nil {
				return err
			}
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_redirects (id, target, created_at, public) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET target = excluded.target`, from, into, fmtTime(tx.db.now()), public > 0); err != nil {
			return err
		}
		// Readers never saw from: the stages of into's releases stay as
		// they were, and only its drafts find their place.
		var only func(*jikenbo.Release) bool
		if public == 0 {
			only = func(r *jikenbo.Release) bool { return r.Draft }
		}
		if err := restageCase(ctx, tx, into, only); err != nil {
			return err
		}
		return refreshCase(ctx, tx, into)
	})
	if err != nil {
		return fmt.Errorf("merge case %s into %s: %w", from, into, err)
	}
	return nil
}

// SplitCase moves some releases of a case to a new case.
func (s *Store) SplitCase(ctx context.Context, id string, releaseIDs []int64, year int) (*jikenbo.Case, error) {
	var nc *jikenbo.Case
	err := s.write(ctx, func(tx *Store) error {
		if len(releaseIDs) == 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "split case %s: no release to move", id)
		}
		if err := caseExists(ctx, tx, id); err != nil {
			return err
		}
		ids := slices.Clone(releaseIDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		in := map[int64]bool{}
		rows, err := tx.tx.QueryContext(ctx, `SELECT id FROM releases WHERE case_id = ?`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var rid int64
			if err := rows.Scan(&rid); err != nil {
				rows.Close()
				return err
			}
			in[rid] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, rid := range ids {
			if !in[rid] {
				return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d is not in case %s", rid, id)
			}
		}
		if len(ids) == len(in) {
			return jikenbo.Errorf(jikenbo.EINVALID, "split case %s: at least one release must stay", id)
		}
		var orgs []int64
		firstOf := map[int64]int64{} // the moved release that brought each publisher
		first := 0
		for _, rid := range ids {
			r, err := tx.FindReleaseByID(ctx, rid)
			if err != nil {
				return err
			}
			if r.OrganizationID != 0 && !slices.Contains(orgs, r.OrganizationID) {
				orgs = append(orgs, r.OrganizationID)
				firstOf[r.OrganizationID] = r.ID
			}
			y := r.Facts().Published.Year
			if y == 0 {
				y = r.ImportedAt.Year()
			}
			if first == 0 || y < first {
				first = y
			}
		}
		if year == 0 {
			year = first
		}
		// Readers see a split of a case they see; one they do not see
		// has no public release to move.
		public, err := caseIsPublic(ctx, tx.tx, id)
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		nc = &jikenbo.Case{Year: year}
		if err := tx.CreateCase(ctx, nc); err != nil {
			return err
		}
		args := []any{nc.ID, id}
		for _, rid := range ids {
			args = append(args, rid)
		}
		set := "(" + placeholders(len(ids)) + ")"
		for _, q := range []string{
			`UPDATE releases SET case_id = ? WHERE case_id = ? AND id IN ` + set,
			`UPDATE release_facets SET case_id = ? WHERE case_id = ? AND release_id IN ` + set,
			`UPDATE decisions SET case_id = ? WHERE case_id = ? AND release_id IN ` + set,
			// A timeline entry the new case already has stays with the old.
			`UPDATE case_timeline SET case_id = ?1 WHERE case_id = ?2 AND release_id IN ` + numbered(3, len(ids)) +
				` AND NOT EXISTS (SELECT 1 FROM case_timeline x WHERE x.case_id = ?1 AND x.date = case_timeline.date AND x.kind = case_timeline.kind)`,
		} {
			if _, err := tx.tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		for _, o := range orgs {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_organizations (case_id, organization_id, role, release_id)
				SELECT ?1, organization_id, role, release_id FROM case_organizations WHERE case_id = ?2 AND organization_id = ?3
				ORDER BY `+tx.tx.Dialect().InsertOrder()+` ON CONFLICT DO NOTHING`,
				nc.ID, id, o); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_organizations (case_id, organization_id, role, release_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				nc.ID, o, jikenbo.RolePublisher, firstOf[o]); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM case_organizations WHERE case_id = ?1 AND organization_id = ?2
				AND NOT EXISTS (SELECT 1 FROM releases WHERE case_id = ?1 AND organization_id = ?2)`, id, o); err != nil {
				return err
			}
		}
		for _, c := range []string{id, nc.ID} {
			if err := restageCase(ctx, tx, c, nil); err != nil {
				return err
			}
			if err := refreshCase(ctx, tx, c); err != nil {
				return err
			}
		}
		cs, _, err := findCases(ctx, tx.tx, jikenbo.CaseFilter{ID: &nc.ID}, false)
		if err != nil {
			return err
		}
		nc = cs[0]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("split case %s: %w", id, err)
	}
	return nc, nil
}

// restageCase sets the stages of a case's releases after its releases
// changed: the earliest is the first report, a later one that concludes
// (or was filed as final) the final report, the others follow-ups. With
// only, just the releases it selects are restaged.
func restageCase(ctx context.Context, tx *Store, id string, only func(*jikenbo.Release) bool) error {
	rs, err := caseReleaseFacts(ctx, tx.tx, id)
	if err != nil {
		return err
	}
	byID := map[int64]*jikenbo.Release{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	for i, cr := range caseReleases(rs) {
		r := byID[cr.ReleaseID]
		stage := jikenbo.StageFollowUp
		switch {
		case i == 0:
			stage = jikenbo.StageFirst
		case r.Stage == jikenbo.StageFinal || r.Facts().Status == jikenbo.StatusConcluded:
			stage = jikenbo.StageFinal
		}
		if stage == r.Stage || only != nil && !only(r) {
			continue
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET stage = ? WHERE id = ?`, stage, r.ID); err != nil {
			return err
		}
		tx.publishedIf(!r.Draft)
	}
	return nil
}

// FindCaseRedirect returns where a merged-away case number went.
func (s *Store) FindCaseRedirect(ctx context.Context, id string) (string, error) {
	var target string
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT target FROM case_redirects WHERE id = ? AND public = ?`, id, true).Scan(&target)
	})
	if isNoRows(err) {
		return "", jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s was not merged away", id)
	} else if err != nil {
		return "", fmt.Errorf("find case redirect %s: %w", id, err)
	}
	return target, nil
}

// RemoveReleaseLabel takes a label off a release.
func (s *Store) RemoveReleaseLabel(ctx context.Context, releaseID int64, l jikenbo.ReleaseLabel) error {
	err := s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM release_labels WHERE release_id = ? AND name = ? AND source = ?`,
			releaseID, l.Name, l.Source)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d has no %s label %q", releaseID, l.Source, l.Name)
		}
		return tx.broughtBy(ctx, res, nil, releaseID)
	})
	if err != nil {
		return fmt.Errorf("unlabel release %d %q: %w", releaseID, l.Name, err)
	}
	return nil
}

// RenameLabel renames a label on every release and makes the old name
// redirect.
func (s *Store) RenameLabel(ctx context.Context, old, new string) (int, error) {
	var n int
	err := s.write(ctx, func(tx *Store) error {
		if strings.TrimSpace(old) == "" || strings.TrimSpace(new) == "" {
			return jikenbo.Errorf(jikenbo.EINVALID, "label names must not be empty")
		}
		if old == new {
			return jikenbo.Errorf(jikenbo.EINVALID, "label %q renamed to itself", old)
		}
		var auto int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_labels WHERE name = ? AND source = ?`, old, jikenbo.LabelAuto).
			Scan(&auto); err != nil {
			return err
		}
		if auto > 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "label %q follows from the facts of %d releases; correct the facts instead", old, auto)
		}
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT release_id) FROM release_labels WHERE name = ?`, old).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "no release has the label %q", old)
		}
		var public int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_labels l JOIN release_facets f ON f.release_id = l.release_id WHERE l.name = ?`,
			old).Scan(&public); err != nil {
			return err
		}
		tx.publishedIf(public > 0)
		for _, q := range []string{
			`INSERT INTO release_labels (release_id, name, source) SELECT release_id, ?2, source FROM release_labels WHERE name = ?1
				ORDER BY ` + tx.tx.Dialect().InsertOrder() + ` ON CONFLICT DO NOTHING`,
			`DELETE FROM release_labels WHERE name = ?1`,
			// Every statement takes both arguments; PostgreSQL types each.
			`DELETE FROM label_redirects WHERE name = ?2 AND CAST(?1 AS TEXT) IS NOT NULL`,
			`UPDATE label_redirects SET target = ?2 WHERE target = ?1`,
		} {
			if _, err := tx.tx.ExecContext(ctx, q, old, new); err != nil {
				return err
			}
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO label_redirects (name, target, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET target = excluded.target`, old, new, fmtTime(tx.db.now()))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("rename label %q to %q: %w", old, new, err)
	}
	return n, nil
}

// FindLabelRedirect returns the name a label was renamed to.
func (s *Store) FindLabelRedirect(ctx context.Context, name string) (string, error) {
	var target string
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT target FROM label_redirects WHERE name = ?`, name).Scan(&target)
	})
	if isNoRows(err) {
		return "", jikenbo.Errorf(jikenbo.ENOTFOUND, "label %q was not renamed", name)
	} else if err != nil {
		return "", fmt.Errorf("find label redirect %q: %w", name, err)
	}
	return target, nil
}

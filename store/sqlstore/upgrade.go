package sqlstore

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// UpgradeReport says what Upgrade did.
type UpgradeReport struct {
	// Banded releases got their near-duplicate bands.
	Banded int
	// Merged releases were duplicates of another and became its sources.
	Merged int
	// Refreshed cases had their facts merged again by the current rules.
	Refreshed int
	// Faceted releases had the facets the public pages query written
	// again in Go, where triggers of older versions had written them.
	Faceted int
}

// upgradeSteps are the one-time steps of Upgrade, in order; a step's name
// is recorded in store_steps when it is done.
var upgradeSteps = []struct {
	name string
	run  func(ctx context.Context, tx *Store, rep *UpgradeReport) error
}{
	{"effective_facts_in_go", rebuildFacets},
	{"release_bands", bandAll},
	{"merge_duplicates", mergeDuplicates},
	{"case_facts_by_publisher", refreshAllCases},
}

// Upgrade runs the one-time steps that schema migrations cannot, because
// they need Go: the near-duplicate bands of releases stored before
// migration 00009, the merging of releases stored twice from two sources
// (each duplicate becomes a source of the release filed first, its
// address redirecting there), and the merging of every case's facts by
// the per-publisher rules. Each step runs once, in its own write
// transaction, and is recorded in store_steps; the stores call Upgrade
// when they open a casebook, after the migrations.
func (s *Store) Upgrade(ctx context.Context) (UpgradeReport, error) {
	var rep UpgradeReport
	for _, st := range upgradeSteps {
		err := s.write(ctx, func(tx *Store) error {
			var n int
			if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM store_steps WHERE name = ?`, st.name).Scan(&n); err != nil || n > 0 {
				return err
			}
			if err := st.run(ctx, tx, &rep); err != nil {
				return err
			}
			_, err := tx.tx.ExecContext(ctx, `INSERT INTO store_steps (name, done_at) VALUES (?, ?)`, st.name, fmtTime(tx.db.now()))
			return err
		})
		if err != nil {
			return rep, fmt.Errorf("upgrade %s: %w", st.name, err)
		}
	}
	return rep, nil
}

// bandAll writes the bands of every release that has none.
func bandAll(ctx context.Context, tx *Store, rep *UpgradeReport) error {
	var after int64
	for {
		type doc struct {
			id   int64
			text string
		}
		var docs []doc
		rows, err := tx.tx.QueryContext(ctx, `SELECT id, text FROM releases WHERE id > ?
			AND NOT EXISTS (SELECT 1 FROM release_bands b WHERE b.release_id = releases.id) ORDER BY id LIMIT 500`, after)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.text); err != nil {
				rows.Close()
				return err
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(docs) == 0 {
			return nil
		}
		for _, d := range docs {
			if err := writeBands(ctx, tx.tx, d.id, d.text); err != nil {
				return err
			}
			rep.Banded++
		}
		after = docs[len(docs)-1].id
	}
}

// mergeDuplicates merges every release into an earlier one it duplicates.
func mergeDuplicates(ctx context.Context, tx *Store, rep *UpgradeReport) error {
	rows, err := tx.tx.QueryContext(ctx, `SELECT a.release_id, b.release_id FROM release_bands a
		JOIN release_bands b ON b.band = a.band AND b.release_id > a.release_id
		GROUP BY a.release_id, b.release_id HAVING COUNT(*) >= ? ORDER BY 2, 1`, textindex.MinSharedBands)
	if err != nil {
		return err
	}
	var pairs [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	shingles := map[int64]map[uint64]struct{}{}
	set := func(id int64) (map[uint64]struct{}, error) {
		if s, ok := shingles[id]; ok {
			return s, nil
		}
		var text string
		if err := tx.tx.QueryRowContext(ctx, `SELECT text FROM releases WHERE id = ?`, id).Scan(&text); err != nil {
			return nil, err
		}
		shingles[id] = textindex.Shingles(text)
		return shingles[id], nil
	}
	// into is where a merged release went, so that a third copy joins
	// the first, not the second.
	into := map[int64]int64{}
	root := func(id int64) int64 {
		for into[id] != 0 {
			id = into[id]
		}
		return id
	}
	for _, p := range pairs {
		a, b := root(p[0]), p[1]
		if into[b] != 0 || a == b {
			continue
		}
		sa, err := set(a)
		if err != nil {
			return err
		}
		sb, err := set(b)
		if err != nil {
			return err
		}
		sim := textindex.Jaccard(sa, sb)
		if sim < textindex.DuplicateThreshold {
			continue
		}
		ra, err := tx.FindReleaseByID(ctx, a)
		if err != nil {
			return err
		}
		rb, err := tx.FindReleaseByID(ctx, b)
		if err != nil {
			return err
		}
		if !jikenbo.MaybeSameRelease(ra.Facts(), rb.Facts()) {
			continue
		}
		if err := tx.MergeDuplicateRelease(ctx, b, a, sim); err != nil {
			return err
		}
		into[b] = a
		rep.Merged++
	}
	return nil
}

// refreshAllCases merges every case's facts again.
func refreshAllCases(ctx context.Context, tx *Store, rep *UpgradeReport) error {
	n, err := refreshCases(ctx, tx, `SELECT id FROM cases ORDER BY id`)
	rep.Refreshed += n
	return err
}

// refreshCases merges again the facts of the cases whose IDs query
// selects, and returns how many.
func refreshCases(ctx context.Context, tx *Store, query string, args ...any) (int, error) {
	rows, err := tx.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := refreshCase(ctx, tx, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// FindLabels returns every label with its release count.
func (s *Store) FindLabels(ctx context.Context) (out []*jikenbo.Label, err error) {
	err = s.read(ctx, func(q querier) error {
		out, err = findLabels(ctx, q, `SELECT name, COUNT(DISTINCT release_id) FROM release_labels GROUP BY name ORDER BY name`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find labels: %w", err)
	}
	return out, nil
}

// findLabels reads labels and their counts, as query selects them.
func findLabels(ctx context.Context, q querier, query string) ([]*jikenbo.Label, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jikenbo.Label
	for rows.Next() {
		var l jikenbo.Label
		if err := rows.Scan(&l.Name, &l.Count); err != nil {
			return nil, err
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// AddReleaseLabel puts a label on a release.
func (s *Store) AddReleaseLabel(ctx context.Context, releaseID int64, l jikenbo.ReleaseLabel) error {
	err := s.write(ctx, func(tx *Store) error {
		if err := releaseExists(ctx, tx, releaseID); err != nil {
			return err
		}
		return addReleaseLabel(ctx, tx, releaseID, l)
	})
	if err != nil {
		return fmt.Errorf("label release %d %q: %w", releaseID, l.Name, err)
	}
	return nil
}

// addReleaseLabels puts labels on a release in one statement: one row
// per label in order (pos follows the VALUES order), duplicates skipped.
func addReleaseLabels(ctx context.Context, tx *Store, releaseID int64, ls []jikenbo.ReleaseLabel) error {
	for _, l := range ls {
		if l.Name == "" || !l.Source.Valid() {
			return jikenbo.Errorf(jikenbo.EINVALID, "invalid label %q from %q", l.Name, l.Source)
		}
	}
	// 3 parameters a row; chunks stay under SQLite's parameter limit.
	for start := 0; start < len(ls); start += 300 {
		chunk := ls[start:min(start+300, len(ls))]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 3*len(chunk))
		for i, l := range chunk {
			rows[i] = "(?, ?, ?)"
			args = append(args, releaseID, l.Name, l.Source)
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO release_labels (release_id, name, source) VALUES `+strings.Join(rows, ", ")+` ON CONFLICT DO NOTHING`,
			args...)
		if err := tx.broughtBy(ctx, res, err, releaseID); err != nil {
			return err
		}
	}
	return nil
}

// releaseExists returns ENOTFOUND for a release that is not there, the
// error FindReleaseByID gives, without reading the release.
func releaseExists(ctx context.Context, tx *Store, id int64) error {
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", id)
	}
	return nil
}

func addReleaseLabel(ctx context.Context, tx *Store, releaseID int64, l jikenbo.ReleaseLabel) error {
	if l.Name == "" || !l.Source.Valid() {
		return jikenbo.Errorf(jikenbo.EINVALID, "invalid label %q from %q", l.Name, l.Source)
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO release_labels (release_id, name, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		releaseID, l.Name, l.Source)
	return tx.broughtBy(ctx, res, err, releaseID)
}

// ReplaceReleaseLabels replaces the labels of one source on a release.
func (s *Store) ReplaceReleaseLabels(ctx context.Context, releaseID int64, source jikenbo.LabelSource, names []string) error {
	err := s.write(ctx, func(tx *Store) error {
		if err := releaseExists(ctx, tx, releaseID); err != nil {
			return err
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM release_labels WHERE release_id = ? AND source = ?`, releaseID, source)
		if err := tx.broughtBy(ctx, res, err, releaseID); err != nil {
			return err
		}
		ls := make([]jikenbo.ReleaseLabel, len(names))
		for i, n := range names {
			ls[i] = jikenbo.ReleaseLabel{Name: n, Source: source}
		}
		return addReleaseLabels(ctx, tx, releaseID, ls)
	})
	if err != nil {
		return fmt.Errorf("replace %s labels of release %d: %w", source, releaseID, err)
	}
	return nil
}

package sqlstore

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// FindLabels returns every label with its release count.
func (s *Store) FindLabels(ctx context.Context) (out []*jikenbo.Label, err error) {
	err = s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT name, COUNT(DISTINCT release_id) FROM release_labels GROUP BY name ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l jikenbo.Label
			if err := rows.Scan(&l.Name, &l.Count); err != nil {
				return err
			}
			out = append(out, &l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find labels: %w", err)
	}
	return out, nil
}

// AddReleaseLabel puts a label on a release.
func (s *Store) AddReleaseLabel(ctx context.Context, releaseID int64, l jikenbo.ReleaseLabel) error {
	err := s.write(ctx, func(tx *Store) error {
		if _, err := tx.FindReleaseByID(ctx, releaseID); err != nil {
			return err
		}
		return addReleaseLabel(ctx, tx, releaseID, l)
	})
	if err != nil {
		return fmt.Errorf("label release %d %q: %w", releaseID, l.Name, err)
	}
	return nil
}

func addReleaseLabel(ctx context.Context, tx *Store, releaseID int64, l jikenbo.ReleaseLabel) error {
	if l.Name == "" || !l.Source.Valid() {
		return jikenbo.Errorf(jikenbo.EINVALID, "invalid label %q from %q", l.Name, l.Source)
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO release_labels (release_id, name, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		releaseID, l.Name, l.Source)
	return err
}

// ReplaceReleaseLabels replaces the labels of one source on a release.
func (s *Store) ReplaceReleaseLabels(ctx context.Context, releaseID int64, source jikenbo.LabelSource, names []string) error {
	err := s.write(ctx, func(tx *Store) error {
		if _, err := tx.FindReleaseByID(ctx, releaseID); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM release_labels WHERE release_id = ? AND source = ?`, releaseID, source); err != nil {
			return err
		}
		for _, n := range names {
			if err := addReleaseLabel(ctx, tx, releaseID, jikenbo.ReleaseLabel{Name: n, Source: source}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace %s labels of release %d: %w", source, releaseID, err)
	}
	return nil
}

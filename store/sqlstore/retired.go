package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// FindRetiredCases lists retired case numbers with their redirects.
func (s *Store) FindRetiredCases(ctx context.Context) ([]jikenbo.RetiredCase, error) {
	out := []jikenbo.RetiredCase{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT r.id, COALESCE(c.target, '') FROM retired_cases r
			LEFT JOIN case_redirects c ON c.id = r.id ORDER BY r.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r jikenbo.RetiredCase
			if err := rows.Scan(&r.ID, &r.Target); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find retired cases: %w", err)
	}
	return out, nil
}

// FindRetiredCase returns a retired number with its redirect.
func (s *Store) FindRetiredCase(ctx context.Context, id string) (*jikenbo.RetiredCase, error) {
	r := &jikenbo.RetiredCase{}
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT r.id, COALESCE(c.target, '') FROM retired_cases r
			LEFT JOIN case_redirects c ON c.id = r.id WHERE r.id = ?`, id).Scan(&r.ID, &r.Target)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s was never retired", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find retired case %s: %w", id, err)
	}
	return r, nil
}

// RetireCase records a retired number, moving its year's counter past it
// so that it is never handed out again.
func (s *Store) RetireCase(ctx context.Context, r jikenbo.RetiredCase) error {
	y, n, err := jikenbo.ParseCaseID(r.ID)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *Store) error {
		var live int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE id = ?`, r.ID).Scan(&live); err != nil {
			return err
		}
		if live > 0 {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "case %s exists and cannot be retired", r.ID)
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO retired_cases (id) VALUES (?) ON CONFLICT DO NOTHING`, r.ID); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_numbers (year, last) VALUES (?, ?)
			ON CONFLICT (year) DO UPDATE SET last = CASE WHEN excluded.last > case_numbers.last THEN excluded.last ELSE case_numbers.last END`, y, n); err != nil {
			return err
		}
		if r.Target == "" {
			return nil
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO case_redirects (id, target, created_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, r.ID, r.Target, fmtTime(tx.db.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("retire case %s: %w", r.ID, err)
	}
	return nil
}

// FindLabelRedirects lists renamed labels.
func (s *Store) FindLabelRedirects(ctx context.Context) ([]jikenbo.LabelRedirect, error) {
	out := []jikenbo.LabelRedirect{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT name, target FROM label_redirects ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r jikenbo.LabelRedirect
			if err := rows.Scan(&r.Name, &r.Target); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find label redirects: %w", err)
	}
	return out, nil
}

// AddLabelRedirect records a rename.
func (s *Store) AddLabelRedirect(ctx context.Context, r jikenbo.LabelRedirect) error {
	if r.Name == "" || r.Target == "" || r.Name == r.Target {
		return jikenbo.Errorf(jikenbo.EINVALID, "label redirect %q → %q: two different names required", r.Name, r.Target)
	}
	err := s.write(ctx, func(tx *Store) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO label_redirects (name, target, created_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, r.Name, r.Target, fmtTime(tx.db.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("add label redirect %s: %w", r.Name, err)
	}
	return nil
}

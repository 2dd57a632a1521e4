package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// AddAuditEntry appends to the audit log.
func (s *Store) AddAuditEntry(ctx context.Context, e *jikenbo.AuditEntry) error {
	if e.Actor == "" || e.Action == "" {
		return jikenbo.Errorf(jikenbo.EINVALID, "audit entry: actor and action required")
	}
	err := s.write(ctx, func(tx *Store) error {
		if e.At.IsZero() {
			e.At = tx.db.now()
		}
		var rel, cas any
		if e.ReleaseID != 0 {
			rel = e.ReleaseID
		}
		if e.CaseID != "" {
			cas = e.CaseID
		}
		return tx.tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, action, release_id, case_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			fmtTime(e.At), e.Actor, e.Action, rel, cas, rawOrNull(e.Before), rawOrNull(e.After)).Scan(&e.ID)
	})
	if err != nil {
		return fmt.Errorf("add audit entry %s: %w", e.Action, err)
	}
	return nil
}

func rawOrNull(b []byte) string {
	if len(strings.TrimSpace(string(b))) == 0 {
		return "null"
	}
	return string(b)
}

// FindAuditEntries returns audit entries in ID order.
func (s *Store) FindAuditEntries(ctx context.Context, f jikenbo.AuditFilter) ([]*jikenbo.AuditEntry, error) {
	where, args := []string{"id > ?"}, []any{f.AfterID}
	if f.ReleaseID != nil {
		where, args = append(where, "release_id = ?"), append(args, *f.ReleaseID)
	}
	if f.CaseID != nil {
		where, args = append(where, "case_id = ?"), append(args, *f.CaseID)
	}
	var out []*jikenbo.AuditEntry
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT id, at, actor, action, COALESCE(release_id, 0), COALESCE(case_id, ''), before, after
			FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id`+limitClause(f.Limit, 0), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e jikenbo.AuditEntry
			var at, before, after string
			if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.ReleaseID, &e.CaseID, &before, &after); err != nil {
				return err
			}
			e.At, e.Before, e.After = parseTime(at), []byte(before), []byte(after)
			out = append(out, &e)
		}
		return rows.Err()
	})
	return out, err
}

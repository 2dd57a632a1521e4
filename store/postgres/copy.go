package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// copyTable is a table both engines have with the same columns, in the
// order rows are copied (parents first). order is the key rows are
// compared in; rowOrder the SQLite order that keeps insertion order
// (rowid) where the store reads it back in that order.
type copyTable struct {
	name, cols, order, rowOrder string
	bools                       []string // INTEGER 0/1 in SQLite, BOOLEAN here
}

var copyTables = []copyTable{
	{name: "organizations", cols: "id, name, kind, created_at", order: "id"},
	{name: "org_aliases", cols: "key, organization_id, name", order: "key", rowOrder: "rowid"},
	{name: "case_numbers", cols: "year, last", order: "year"},
	{name: "retired_cases", cols: "id", order: "id"},
	{name: "cases", cols: "id, year, seq, status, facts, created_at, updated_at", order: "id"},
	{name: "releases", cols: "id, sha256, original, text, encoding, source, imported_at, draft, source_case_id, case_id, stage, organization_id, extracted, extracted_at",
		order: "id", bools: []string{"draft"}},
	{name: "overrides", cols: "release_id, field, value, editor, at", order: "release_id, field"},
	{name: "release_labels", cols: "release_id, name, source", order: "release_id, name, source", rowOrder: "rowid"},
	{name: "case_organizations", cols: "case_id, organization_id, role", order: "case_id, organization_id, role", rowOrder: "rowid"},
	{name: "case_timeline", cols: "case_id, date, kind, release_id, note", order: "case_id, date, kind"},
	{name: "case_links", cols: "case_a, case_b, kind, reason", order: "case_a, case_b, kind"},
	{name: "decisions", cols: "id, release_id, case_id, action, reasons, at", order: "id"},
	{name: "release_versions", cols: "release_id, number, sha256, original, text, encoding, imported_at, changed_facts", order: "release_id, number"},
	{name: "users", cols: "id, name, role, password_hash, disabled, created_at", order: "id", bools: []string{"disabled"}},
	{name: "api_tokens", cols: "id, user_id, hash, created_at, revoked_at", order: "id"},
	{name: "sessions", cols: "hash, user_id, created_at, expires_at", order: "hash"},
	{name: "login_throttle", cols: "key, failures, window_start, locked_until", order: "key"},
	{name: "audit_log", cols: "id, at, actor, action, release_id, case_id, before, after", order: "id"},
	{name: "case_redirects", cols: "id, target, created_at", order: "id"},
	{name: "label_redirects", cols: "name, target, created_at", order: "name"},
}

// identityTables have an ID sequence to move past the copied rows.
var identityTables = []string{"organizations", "releases", "decisions", "users", "api_tokens", "audit_log"}

// TableSum is a table's row count and the SHA-256 of its rows in key
// order, the same on both engines when the copy is faithful.
type TableSum struct {
	Table string
	Rows  int
	Sum   string
}

// CopyFromSQLite copies a whole SQLite casebook (src, opened by
// store/sqlite; read in one snapshot) into this store, which must be
// empty: every table row for row with its IDs, so that links, cursors and
// URLs stay valid, in one transaction. The triggers fill the query tables
// and the search index is built from the copied texts. It returns the
// source's table sums, read in the same snapshot, for VerifyCopy.
func (s *Store) CopyFromSQLite(ctx context.Context, src *sql.DB, progress func(table string, rows int)) ([]TableSum, error) {
	stx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("copy: begin source: %w", err)
	}
	defer stx.Rollback()
	var sums []TableSum
	err = s.InTx(ctx, func(jtx jikenbo.Store) error {
		tx := jtx.(*Store).tx
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM releases) + (SELECT COUNT(*) FROM organizations)
			+ (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM cases)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "copy: the PostgreSQL casebook is not empty")
		}
		// A new casebook has version 0 and no time; the copy's triggers
		// count from there.
		for _, t := range copyTables {
			rows, err := copyRows(ctx, stx, tx, t)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			if progress != nil {
				progress(t.name, rows)
			}
		}
		for _, t := range identityTables {
			if err := fixSequence(ctx, tx, t); err != nil {
				return err
			}
		}
		sums, err = tableSums(ctx, stx, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}

// copyRows copies one table in batches of multi-row INSERTs.
func copyRows(ctx context.Context, src *sql.Tx, dst querier, t copyTable) (int, error) {
	order := t.order
	if t.rowOrder != "" {
		order = t.rowOrder
	}
	rows, err := src.QueryContext(ctx, `SELECT `+t.cols+` FROM `+t.name+` ORDER BY `+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols := strings.Split(t.cols, ", ")
	isBool := make([]bool, len(cols))
	textCol := -1
	for i, c := range cols {
		for _, b := range t.bools {
			isBool[i] = isBool[i] || b == c
		}
		if t.name == "releases" && c == "text" {
			textCol = i
		}
	}
	const batch = 200
	var args, search []any
	total, inBatch := 0, 0
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		row := "(" + placeholders(len(cols)) + ")"
		q := `INSERT INTO ` + t.name + ` (` + t.cols + `) OVERRIDING SYSTEM VALUE VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", inBatch), ", ")
		if _, err := dst.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		if len(search) > 0 {
			row := "(?, ?::tsvector, ?)"
			q := `INSERT INTO release_search (release_id, tsv, norm) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", len(search)/3), ", ")
			if _, err := dst.ExecContext(ctx, q, search...); err != nil {
				return err
			}
		}
		args, search, inBatch = args[:0], search[:0], 0
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return total, err
		}
		for i, v := range vals {
			if isBool[i] {
				n, _ := v.(int64)
				vals[i] = n != 0
			}
		}
		if textCol >= 0 {
			text, _ := vals[textCol].(string)
			v := textindex.Vector(text)
			var norm any
			if !v.Exact {
				norm = textindex.Normalize(text)
			}
			search = append(search, vals[0], v.Literal, norm)
		}
		args = append(args, vals...)
		inBatch++
		total++
		if inBatch == batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return total, err
	}
	return total, flush()
}

// TableSums returns the row count and checksum of every copied table.
func (s *Store) TableSums(ctx context.Context) ([]TableSum, error) {
	var sums []TableSum
	err := s.read(ctx, func(q querier) error {
		var err error
		sums, err = tableSums(ctx, q, true)
		return err
	})
	return sums, err
}

// SQLiteTableSums returns the same sums of a SQLite casebook.
func SQLiteTableSums(ctx context.Context, src *sql.DB) ([]TableSum, error) {
	tx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return tableSums(ctx, tx, false)
}

// tableSums hashes every table's rows in key order. Values are written
// in one form for both engines: NULL, integers and booleans as numbers,
// bytes as hex, text as is; text keys are ordered by code point (COLLATE
// "C" here, SQLite's binary order there).
func tableSums(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, pg bool) ([]TableSum, error) {
	var out []TableSum
	for _, t := range copyTables {
		cols := strings.Split(t.cols, ", ")
		sel := make([]string, len(cols))
		for i, c := range cols {
			sel[i] = c
			for _, b := range t.bools {
				if b == c && pg {
					sel[i] = c + "::int"
				}
			}
		}
		order := strings.Split(t.order, ", ")
		if pg {
			for i, o := range order {
				if !isNumericKey(t.name, o) {
					order[i] = o + ` COLLATE "C"`
				}
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+t.name+` ORDER BY `+strings.Join(order, ", "))
		if err != nil {
			return nil, fmt.Errorf("sum %s: %w", t.name, err)
		}
		h := sha256.New()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			hashRow(h, vals)
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out = append(out, TableSum{Table: t.name, Rows: n, Sum: hex.EncodeToString(h.Sum(nil))})
	}
	return out, nil
}

// isNumericKey tells the integer key columns from the text ones.
func isNumericKey(table, col string) bool {
	switch col {
	case "release_id", "organization_id", "year", "number":
		return true
	case "id":
		return table != "cases" && table != "retired_cases" && table != "case_redirects"
	}
	return false
}

func hashRow(h hash.Hash, vals []any) {
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
			h.Write([]byte("N"))
		case []byte:
			fmt.Fprintf(h, "B%x", v)
		case string:
			fmt.Fprintf(h, "S%d:%s", len(v), v)
		case bool:
			if v {
				h.Write([]byte("I1"))
			} else {
				h.Write([]byte("I0"))
			}
		default:
			fmt.Fprintf(h, "I%v", v)
		}
		h.Write([]byte{0})
	}
	h.Write([]byte{'\n'})
}

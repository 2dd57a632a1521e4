package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// copyTable is a table both engines have with the same columns, in the
// order rows are copied (parents first). order is the key rows are
// compared in; byInsertOrder marks the tables the store reads back in the
// order rows were written (Dialect.InsertOrder), copied in that order.
type copyTable struct {
	name, cols, order string
	byInsertOrder     bool
	bools             []string // INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL
}

var copyTables = []copyTable{
	{name: "organizations", cols: "id, name, kind, corporate_number, registered_address, created_at", order: "id"},
	{name: "houjin_candidates", cols: "organization_id, corporate_number, name, address", order: "organization_id, corporate_number"},
	{name: "org_aliases", cols: "key, organization_id, name", order: "key", byInsertOrder: true},
	{name: "case_numbers", cols: "year, last", order: "year"},
	{name: "retired_cases", cols: "id", order: "id"},
	{name: "deleted_releases", cols: "id, source, sha256, case_id, draft, deleted_at", order: "id", bools: []string{"draft"}},
	{name: "cases", cols: "id, year, seq, status, facts, title, created_at, updated_at", order: "id"},
	{name: "releases", cols: "id, sha256, original, text, encoding, source, imported_at, draft, source_case_id, case_id, stage, organization_id, extracted, extracted_at",
		order: "id", bools: []string{"draft"}},
	{name: "overrides", cols: "release_id, field, value, editor, at", order: "release_id, field"},
	{name: "release_labels", cols: "release_id, name, source", order: "release_id, name, source", byInsertOrder: true},
	{name: "case_organizations", cols: "case_id, organization_id, role, release_id", order: "case_id, organization_id, role", byInsertOrder: true},
	{name: "case_timeline", cols: "case_id, date, kind, release_id, note", order: "case_id, date, kind"},
	{name: "case_links", cols: "case_a, case_b, kind, reason, release_id", order: "case_a, case_b, kind"},
	{name: "decisions", cols: "id, release_id, case_id, action, reasons, at", order: "id"},
	{name: "release_versions", cols: "release_id, number, sha256, original, text, encoding, imported_at, changed_facts", order: "release_id, number"},
	{name: "release_sources", cols: "id, release_id, source, sha256, original, text, encoding, imported_at, similarity, former_release_id", order: "id"},
	{name: "users", cols: "id, name, role, password_hash, disabled, created_at", order: "id", bools: []string{"disabled"}},
	{name: "api_tokens", cols: "id, user_id, hash, created_at, revoked_at", order: "id"},
	{name: "sessions", cols: "hash, user_id, created_at, expires_at", order: "hash"},
	{name: "login_throttle", cols: "key, failures, window_start, locked_until", order: "key"},
	{name: "audit_log", cols: "id, at, actor, action, release_id, case_id, before, after", order: "id"},
	{name: "case_redirects", cols: "id, target, created_at, public", order: "id", bools: []string{"public"}},
	{name: "label_redirects", cols: "name, target, created_at", order: "name"},
	{name: "watch_sources", cols: "id, url, kind, organization_id, every_seconds, etag, last_modified, last_success, last_polled, failures, last_error, next_due, lease_until, created_at",
		order: "id"},
	{name: "watch_items", cols: "id, source_id, url, final_url, title, listed, found_at, sha256, status, score, reasons, release_id, error, attempts", order: "id"},
	{name: "release_checks", cols: "release_id, checked_at, next_due, changed_at, version, failures, last_error, etag, last_modified", order: "release_id"},
	// release_check_seed is not copied: the copy's first claim makes the
	// missing check rows again (ON CONFLICT DO NOTHING).
	{name: "release_edits", cols: "release_id, version, found_at", order: "release_id, version"},
	{name: "webhooks", cols: "id, url, events, secret, created_at", order: "id"},
	{name: "webhook_deliveries", cols: "id, webhook_id, event, body, state, attempts, next_attempt, last_status, last_error, created_at, delivered_at", order: "id"},
}

// identityTables have an ID sequence to move past the copied rows.
var identityTables = []string{"organizations", "releases", "decisions", "users", "api_tokens", "audit_log", "release_sources", "watch_sources", "watch_items", "webhooks", "webhook_deliveries"}

// TableSum is a table's row count and the SHA-256 of its rows in key
// order, the same on both engines when a copy is faithful.
type TableSum struct {
	Table string
	Rows  int
	Sum   string
}

// Copy copies the whole casebook src (read in one snapshot) into dst,
// which must be empty, in one transaction: every table row for row with
// its IDs, so that links, cursors and URLs stay valid. It works between
// any two stores of this package, either engine to either. The query
// tables are written from the copied rows as every write writes them
// (rebuildFacets) and the search index is built from the copied texts. It returns the source's table sums, read in the same
// snapshot, to compare with dst.TableSums.
func Copy(ctx context.Context, dst, src *Store, progress func(table string, rows int)) ([]TableSum, error) {
	var sums []TableSum
	err := src.read(ctx, func(sq querier) error {
		return dst.InTx(ctx, func(jtx jikenbo.Store) error {
			tx := jtx.(*Store).tx
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM releases) + (SELECT COUNT(*) FROM organizations)
				+ (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM cases)`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return jikenbo.Errorf(jikenbo.ECONFLICT, "copy: the %s casebook is not empty", tx.d.Name())
			}
			for _, t := range copyTables {
				rows, err := copyRows(ctx, sq, tx, t)
				if err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
				if progress != nil {
					progress(t.name, rows)
				}
			}
			for _, t := range identityTables {
				if err := tx.d.AfterExplicitID(ctx, tx, t); err != nil {
					return err
				}
			}
			var rep UpgradeReport
			if err := rebuildFacets(ctx, jtx.(*Store), &rep); err != nil {
				return fmt.Errorf("copy: facets: %w", err)
			}
			jtx.(*Store).publishedIf(rep.Faceted > 0)
			var err error
			sums, err = tableSums(ctx, sq)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}

// rowName names a row in a message by its first column: "release 2",
// "release_versions row release_id=2".
func rowName(table, col string, v any) string {
	if table == "releases" {
		return fmt.Sprintf("release %v", v)
	}
	return fmt.Sprintf("%s row %s=%v", table, col, v)
}

// copyRows copies one table in batches of multi-row INSERTs, and indexes
// the texts of copied releases.
func copyRows(ctx context.Context, src, dst querier, t copyTable) (int, error) {
	order := t.order
	if t.byInsertOrder {
		order = src.Dialect().InsertOrder()
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
	type doc struct {
		id   int64
		text string
	}
	const batch = 200
	var args []any
	var docs []doc
	total, inBatch := 0, 0
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		row := "(" + placeholders(len(cols)) + ")"
		q := `INSERT INTO ` + t.name + ` (` + t.cols + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", inBatch), ", ")
		if _, err := dst.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		for _, d := range docs {
			if err := dst.Dialect().Index(ctx, dst, d.id, d.text); err != nil {
				return err
			}
			if err := writeBands(ctx, dst, d.id, d.text); err != nil {
				return err
			}
		}
		args, docs, inBatch = args[:0], docs[:0], 0
		return nil
	}
	for rows.Next() {
		vals, err := scanAny(rows, len(cols))
		if err != nil {
			return total, err
		}
		for i, v := range vals {
			if n, ok := v.(int64); ok && isBool[i] {
				vals[i] = n != 0
			}
			// SQLite stores a NUL in text; PostgreSQL refuses it, and its
			// error would name no row. Imports remove NULs (ingest's
			// CleanText), but a casebook written before may hold one.
			if str, ok := v.(string); ok && strings.IndexByte(str, 0) >= 0 && dst.Dialect().Name() == "postgres" {
				return total, jikenbo.Errorf(jikenbo.EINVALID, "%s: column %s holds a NUL byte, which PostgreSQL cannot store; edit the text or delete the release and import it again",
					rowName(t.name, cols[0], vals[0]), cols[i])
			}
		}
		if textCol >= 0 {
			id, _ := vals[0].(int64)
			text, _ := vals[textCol].(string)
			docs = append(docs, doc{id, text})
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
		sums, err = tableSums(ctx, q)
		return err
	})
	return sums, err
}

// tableSums hashes every table's rows in key order. Values are written
// in one form for both engines: NULL, integers and booleans as numbers,
// bytes as hex, text as is; text keys are ordered by their bytes
// (Dialect.ByteOrder).
func tableSums(ctx context.Context, q querier) ([]TableSum, error) {
	var out []TableSum
	for _, t := range copyTables {
		cols := strings.Split(t.cols, ", ")
		sel := make([]string, len(cols))
		for i, c := range cols {
			sel[i] = c
			for _, b := range t.bools {
				if b == c {
					sel[i] = "CAST(" + c + " AS INTEGER)"
				}
			}
		}
		order := strings.Split(t.order, ", ")
		for i, o := range order {
			if !isNumericKey(t.name, o) {
				order[i] = q.Dialect().ByteOrder(o)
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+t.name+` ORDER BY `+strings.Join(order, ", "))
		if err != nil {
			return nil, fmt.Errorf("sum %s: %w", t.name, err)
		}
		h := sha256.New()
		n := 0
		for rows.Next() {
			vals, err := scanAny(rows, len(cols))
			if err != nil {
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
	case "release_id", "organization_id", "year", "number", "version":
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

// scanAny reads the current row's n columns as the driver gives them.
func scanAny(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

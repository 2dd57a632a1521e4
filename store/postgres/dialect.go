package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
	"github.com/jikenbo/jikenbo/textindex"
)

// dialect is PostgreSQL's side of package sqlstore.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string { return "postgres" }

// Rebind turns ? into $1, $2, … and ?N into $N, outside quoted strings.
// Like SQLite, it lets a statement with numbered parameters leave the
// last arguments unused (a list of statements shares one argument list),
// which PostgreSQL refuses, so those are dropped.
func (dialect) Rebind(q string, args []any) (string, []any) {
	if !strings.Contains(q, "?") {
		return q, args
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, top, quoted := 0, 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				k, _ := strconv.Atoi(q[i+1 : j])
				top = max(top, k)
				b.WriteString(q[i+1 : j])
				i = j - 1
			} else {
				n++
				top = max(top, n)
				b.WriteString(strconv.Itoa(n))
			}
		default:
			b.WriteByte(c)
		}
	}
	if top < len(args) {
		args = args[:top]
	}
	return b.String(), args
}

// Error turns constraint violations into jikenbo errors.
func (dialect) Error(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &jikenbo.Error{Code: jikenbo.ECONFLICT, Message: "already exists: " + pe.TableName + " " + pe.ConstraintName}
		case "23503": // foreign_key_violation
			return &jikenbo.Error{Code: jikenbo.ENOTFOUND, Message: "refers to something that does not exist"}
		case "25006": // read_only_sql_transaction
			return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "the casebook is read-only: PostgreSQL: " + pe.Message + " (SQLSTATE " + pe.Code + ")"}
		}
		// Class 53 (disk full, out of memory), 57 (server shut down) and
		// 08 (connection lost): the casebook cannot be written now.
		if c := pe.Code[:min(2, len(pe.Code))]; c == "53" || c == "57" || c == "08" {
			return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "PostgreSQL: " + pe.Message + " (SQLSTATE " + pe.Code + ")"}
		}
	}
	return err
}

// BeginWrite takes the casebook's write lock: a transaction-level
// advisory lock per schema, so one writer at a time in every process.
func (dialect) BeginWrite(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('jikenbo.write:' || current_schema()))`)
	return err
}

// ReadOptions: REPEATABLE READ, so that the queries of one call see one
// snapshot, as in SQLite's WAL.
func (dialect) ReadOptions() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

// InsertOrder is the identity column pos of the tables read back in
// insertion order (migration 00001).
func (dialect) InsertOrder() string { return "pos" }

// InIDs passes the list as one bigint[] argument.
func (dialect) InIDs(ids []int64) (string, any) {
	if ids == nil {
		ids = []int64{}
	}
	return "= ANY(?)", ids
}

func (dialect) TextBytes(expr string) string { return "convert_to(" + expr + ", 'UTF8')" }

func (dialect) ByteOrder(col string) string { return col + ` COLLATE "C"` }

func (dialect) JSONText(doc, key string) string {
	return "(" + doc + "::jsonb ->> '" + key + "')"
}

func (dialect) Days(later, earlier string) string {
	return "(" + later + "::date - " + earlier + "::date)"
}

// AfterExplicitID moves an identity column's sequence past a row inserted
// with an explicit ID, as SQLite's rowid does.
func (dialect) AfterExplicitID(ctx context.Context, q sqlstore.Querier, table string) error {
	_, err := q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), GREATEST((SELECT MAX(id) FROM `+table+`), 1))`)
	if err != nil {
		return fmt.Errorf("move the ID sequence of %s: %w", table, err)
	}
	return nil
}

// Index writes the release's bigram tokens as a tsvector into
// release_search (migration 00001); a text too long for positions keeps
// its normalised text beside them (see searchCond).
func (dialect) Index(ctx context.Context, q sqlstore.Querier, id int64, text string) error {
	v := textindex.Vector(text)
	var norm any
	if !v.Exact {
		norm = textindex.Normalize(text)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO release_search (release_id, tsv, norm) VALUES (?, ?::tsvector, ?)`, id, v.Literal, norm)
	return err
}

func (dialect) IndexTable() string { return "release_search" }

func (dialect) Unindex(ctx context.Context, q sqlstore.Querier, id int64) error {
	_, err := q.ExecContext(ctx, `DELETE FROM release_search WHERE release_id = ?`, id)
	return err
}

func (dialect) Matches(tq textindex.Query) (string, []any) {
	cond, args := searchCond(tq)
	return `SELECT s.release_id FROM release_search s WHERE ` + cond, args
}

// Ranked orders by ts_rank, then ID.
func (dialect) Ranked(tq textindex.Query, limit, offset int) (string, []any) {
	cond, args := searchCond(tq)
	page := ""
	if limit >= 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	}
	return `SELECT s.release_id FROM release_search s WHERE ` + cond + `
		ORDER BY ts_rank(s.tsv, ?::tsquery) DESC, s.release_id` + page, append(args, tq.TSQuery)
}

// searchCond is the condition on release_search s of the releases
// matching q: the phrase query on the tokens' positions, or for a text
// indexed without positions (too long for them, see textindex.Vector)
// every token anywhere and every term in its normalised text. The GIN
// index answers the loose query; the rest is checked on its candidates.
func searchCond(q textindex.Query) (string, []any) {
	return `s.tsv @@ ?::tsquery AND (CASE WHEN s.norm IS NULL THEN s.tsv @@ ?::tsquery
		ELSE NOT EXISTS (SELECT 1 FROM unnest(?::text[]) t WHERE strpos(s.norm, t) = 0) END)`,
		[]any{q.TSLoose, q.TSQuery, q.Terms}
}

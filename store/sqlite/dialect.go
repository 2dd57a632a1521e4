package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
	"github.com/jikenbo/jikenbo/textindex"
)

// dialect is SQLite's side of package sqlstore.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string { return "sqlite" }

// Rebind keeps the statement: SQLite reads ? and ?N itself.
func (dialect) Rebind(q string, args []any) (string, []any) { return q, args }

// Error turns constraint violations into jikenbo errors.
func (dialect) Error(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &jikenbo.Error{Code: jikenbo.ECONFLICT, Message: "already exists: " + constraintDetail(se.Error())}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &jikenbo.Error{Code: jikenbo.ENOTFOUND, Message: "refers to something that does not exist"}
		}
		// The casebook cannot be written at all: every later write would
		// fail the same way, so callers stop (an import at the first).
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "the casebook's disk is full (" + se.Error() + ")"}
		case sqlite3.SQLITE_READONLY:
			return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "the casebook is read-only (" + se.Error() + ")"}
		case sqlite3.SQLITE_IOERR:
			return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "the casebook's file cannot be written (" + se.Error() + ")"}
		}
	}
	return err
}

func constraintDetail(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// BeginWrite has nothing to do: the writer pool's transactions begin
// IMMEDIATE, which takes the file's write lock.
func (dialect) BeginWrite(context.Context, *sql.Tx) error { return nil }

// ReadOptions: WAL gives every read transaction a snapshot.
func (dialect) ReadOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

func (dialect) InsertOrder() string { return "rowid" }

// InIDs passes the list as one JSON array, so a long list is one
// argument rather than thousands of placeholders.
func (dialect) InIDs(ids []int64) (string, any) {
	if ids == nil {
		ids = []int64{}
	}
	b, _ := json.Marshal(ids)
	return "IN (SELECT value FROM json_each(?))", string(b)
}

func (dialect) TextBytes(expr string) string { return "CAST(" + expr + " AS BLOB)" }

func (dialect) ByteOrder(col string) string { return col } // SQLite's default collation is BINARY

func (dialect) JSONText(doc, key string) string {
	return "json_extract(" + doc + ", '$." + key + "')"
}

func (dialect) Days(later, earlier string) string {
	return "(julianday(" + later + ") - julianday(" + earlier + "))"
}

// AfterExplicitID has nothing to do: a rowid is always past the largest.
func (dialect) AfterExplicitID(context.Context, sqlstore.Querier, string) error { return nil }

// Index writes the release's bigram tokens into the contentless FTS5
// table release_fts (migration 00001), whose rowid is the release ID.
func (dialect) Index(ctx context.Context, q sqlstore.Querier, id int64, text string) error {
	bi, tail := textindex.Tokens(text)
	_, err := q.ExecContext(ctx, `INSERT INTO release_fts (rowid, bi, tail) VALUES (?, ?, ?)`, id, bi, tail)
	return err
}

func (dialect) IndexTable() string { return "release_fts" }

func (dialect) Unindex(ctx context.Context, q sqlstore.Querier, id int64) error {
	_, err := q.ExecContext(ctx, `DELETE FROM release_fts WHERE rowid = ?`, id)
	return err
}

func (dialect) Matches(tq textindex.Query) (string, []any) {
	return `SELECT rowid FROM release_fts WHERE release_fts MATCH ?`, []any{tq.Match}
}

// Ranked orders by FTS5's bm25 rank.
func (dialect) Ranked(tq textindex.Query, limit, offset int) (string, []any) {
	return `SELECT rowid FROM release_fts WHERE release_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`, []any{tq.Match, limit, offset}
}

// Package sqlite is the embedded casebook store: one SQLite file through
// the pure-Go driver modernc.org/sqlite, with numbered SQL migrations
// (goose), WAL, foreign keys, a busy timeout and a full-text index of
// Go-made bigram tokens (package textindex) in a contentless FTS5 table.
//
// Writes go through one connection and take the database lock when they
// begin (BEGIN IMMEDIATE), so write transactions never interleave, also
// across processes: two imports at once wait for each other instead of
// handing out one case number twice. Reads use their own pool and see
// the last committed state (WAL).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/jikenbo/jikenbo"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a casebook in one SQLite file. The Store given to an InTx
// function is bound to that transaction.
type Store struct {
	db *conns
	tx *sql.Tx
}

// conns are the two pools of one database file.
type conns struct {
	path  string
	write *sql.DB
	read  *sql.DB
	now   func() time.Time
}

var _ jikenbo.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	// Now returns the current time; each transaction reads it once.
	// Defaults to time.Now.
	Now func() time.Time
	// BusyTimeout is how long a writer waits for another one. Default 30s,
	// long enough for a concurrent import's transaction to finish.
	BusyTimeout time.Duration
}

// Open opens (creating if needed) the casebook at path and brings its
// schema up to date.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "sqlite: a database file path is required")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BusyTimeout == 0 {
		opt.BusyTimeout = 30 * time.Second
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open sqlite %q: %w", path, err)
		}
	}
	dsn := func(txlock string, readOnly bool) string {
		q := url.Values{}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", txlock)
		if readOnly {
			q.Set("_query_only", "1")
		}
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	}
	write, err := sql.Open("sqlite", dsn("immediate", false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	// One writer connection: SQLite has one writer at a time anyway, and a
	// pool of one makes writers queue in Go instead of spinning on
	// SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	c := &conns{path: path, write: write, now: opt.Now}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn("deferred", true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	c.read = read
	return &Store{db: c}, nil
}

// migrate applies the embedded migrations. Two processes opening a new
// file at once may both see a migration pending; the loser's attempt
// fails on the applied schema, so it checks again before giving up.
func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		if pending, perr := p.HasPending(ctx); perr == nil && !pending {
			return nil
		}
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// DB returns the read-only connection pool, for tools that read the
// whole casebook table by table (jikenbo migrate-store).
func (s *Store) DB() *sql.DB { return s.db.read }

// Path returns the database file's path.
func (s *Store) Path() string { return s.db.path }

// Close closes the database.
func (s *Store) Close() error {
	if s.tx != nil {
		return jikenbo.Errorf(jikenbo.EINVALID, "sqlite: Close called inside a transaction")
	}
	return errors.Join(s.db.read.Close(), s.db.write.Close())
}

// InTx runs fn in one write transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) (err error) {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return formatError(fmt.Errorf("begin: %w", err))
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := fn(&Store{db: s.db, tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return formatError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// write runs fn in the current transaction or a new one.
func (s *Store) write(ctx context.Context, fn func(*Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.InTx(ctx, func(tx jikenbo.Store) error { return fn(tx.(*Store)) })
}

// querier is what reads need from a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// read runs fn in the current transaction, or in a read-only transaction
// so that several queries see one snapshot.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	tx, err := s.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return formatError(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	return fn(tx)
}

// Backup writes a consistent copy of the casebook to path (VACUUM INTO),
// which works while other connections read and write: the copy is the
// state of one read snapshot. path must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return jikenbo.Errorf(jikenbo.ECONFLICT, "backup: %s already exists", path)
	}
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup %q: %w", path, err)
	}
	defer conn.Close()
	// VACUUM INTO reads one snapshot and does not block writers for long
	// on a WAL database; it runs on the writer connection because the
	// read pool is query_only, which forbids writing the new file.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup %q: %w", path, formatError(err))
	}
	return nil
}

// formatError turns constraint violations into jikenbo errors; anything
// else stays an internal error with its cause.
func formatError(err error) error {
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
	}
	return err
}

func constraintDetail(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// Time and date columns.

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func fmtDate(d jikenbo.Date) string { return d.String() }

func parseDate(s string) jikenbo.Date {
	if s == "" {
		return jikenbo.Date{}
	}
	d, err := jikenbo.ParseDate(s)
	if err != nil {
		return jikenbo.Date{}
	}
	return d
}

// limitClause returns the LIMIT/OFFSET of a filter.
func limitClause(limit, offset int) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Check verifies the database file: SQLite's integrity check, foreign
// keys, and the full-text index's own structure. It returns an EINTERNAL
// error describing the first problem found.
func (s *Store) Check(ctx context.Context) error {
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer conn.Close()
	var res string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("check: integrity: %s", res)
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return fmt.Errorf("check: a row refers to a missing row (PRAGMA foreign_key_check)")
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO release_fts (release_fts) VALUES ('integrity-check')`); err != nil {
		return fmt.Errorf("check: search index: %w", err)
	}
	var n, indexed int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases`).Scan(&n); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_fts`).Scan(&indexed); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if n != indexed {
		return fmt.Errorf("check: %d releases but %d indexed", n, indexed)
	}
	return nil
}

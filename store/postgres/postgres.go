// Package postgres is the casebook store for a PostgreSQL server, for a
// casebook that outgrows one machine: several `serve` processes behind a
// load balancer and several editors and imports writing at once. It
// implements the same interfaces as store/sqlite and passes the same
// contract suite (store/storetest), through pgx's database/sql driver,
// with its own numbered goose migrations (migrations/*.sql).
//
// Write transactions are serialised per casebook by a transaction-level
// advisory lock taken first thing in InTx, across every process that
// opens the database: the reads inside a write transaction then see a
// casebook nobody else changes until it commits, as with SQLite's BEGIN
// IMMEDIATE. That is what keeps case numbers, re-imports of one source
// and the login throttle right with several processes; the case-number
// counter row is also read with SELECT … FOR UPDATE. Reads run in
// read-only REPEATABLE READ transactions, so the queries of one call see
// one snapshot, and never wait for writers.
//
// The schema keeps SQLite's representations where they are observable:
// times are RFC 3339 UTC text and dates YYYY-MM-DD text (cursors, sort
// orders and migrate-store's checksums compare equal across engines),
// facts are the JSON text the domain wrote (cast to jsonb where the
// triggers read them). Search uses the same Go bigram tokens as SQLite in
// a tsvector with a GIN index (package textindex, engineering-notes §7),
// so both engines find the same releases.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/jikenbo/jikenbo"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a casebook in a PostgreSQL database (or one schema of it:
// the search_path of the connection string). The Store given to an InTx
// function is bound to that transaction.
type Store struct {
	db *conns
	tx *txq
}

type conns struct {
	dsn string
	db  *sql.DB
	now func() time.Time
}

var (
	_ jikenbo.Store      = (*Store)(nil)
	_ jikenbo.QueryStore = (*Store)(nil)
)

// Options tune Open.
type Options struct {
	// Now returns the current time; each transaction reads it once.
	// Defaults to time.Now.
	Now func() time.Time
	// MaxConns caps the connection pool (default 10).
	MaxConns int
}

// IsDSN reports whether s names a PostgreSQL database rather than a file.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at dsn (a postgres:// URL; a
// search_path parameter selects a schema) and brings its schema up to
// date. The database must be UTF8.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxConns == 0 {
		opt.MaxConns = 10
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "postgres: %v", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	var enc string
	if err := db.QueryRowContext(ctx, `SHOW server_encoding`).Scan(&enc); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres %s: %w", redact(cfg), err)
	}
	if enc != "UTF8" {
		db.Close()
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "postgres %s: the database encoding is %s; create it with ENCODING 'UTF8'", redact(cfg), enc)
	}
	if err := migrate(ctx, cfg); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres %s: %w", redact(cfg), err)
	}
	return &Store{db: &conns{dsn: dsn, db: db, now: opt.Now}}, nil
}

// redact names a database without its password.
func redact(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// migrate applies the embedded migrations on one connection holding a
// session advisory lock for the schema, so that several processes
// opening a new database at once migrate it once, in turn.
func migrate(ctx context.Context, cfg *pgx.ConnConfig) error {
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext('jikenbo.migrate:' || current_schema()))`); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer db.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('jikenbo.migrate:' || current_schema()))`)
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// Close closes the connection pool.
func (s *Store) Close() error {
	if s.tx != nil {
		return jikenbo.Errorf(jikenbo.EINVALID, "postgres: Close called inside a transaction")
	}
	return s.db.db.Close()
}

// InTx runs fn in one write transaction, after taking the casebook's
// write lock.
func (s *Store) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) (err error) {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
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
	// One writer at a time per casebook (schema), in every process.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('jikenbo.write:' || current_schema()))`); err != nil {
		return formatError(fmt.Errorf("write lock: %w", err))
	}
	if err := fn(&Store{db: s.db, tx: &txq{tx}}); err != nil {
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

// querier is what the store's queries need of a transaction. Queries are
// written with ? placeholders (?N for a numbered one) as in store/sqlite,
// and txq rewrites them to PostgreSQL's $N.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// txq is a transaction whose queries use ? placeholders.
type txq struct{ tx *sql.Tx }

func (t *txq) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q, args := rebind(query, args)
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *txq) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, args := rebind(query, args)
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *txq) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q, args := rebind(query, args)
	return t.tx.QueryRowContext(ctx, q, args...)
}

// rebind turns ? into $1, $2, … and ?N into $N, outside quoted strings.
// Like SQLite, it lets a statement with numbered parameters leave the
// last arguments unused (a list of statements shares one argument list),
// which PostgreSQL refuses, so those are dropped.
func rebind(q string, args []any) (string, []any) {
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

// read runs fn in the current transaction, or in a read-only snapshot so
// that several queries see one state.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	tx, err := s.db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return formatError(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	return fn(&txq{tx})
}

// formatError turns constraint violations into jikenbo errors; anything
// else stays an internal error with its cause.
func formatError(err error) error {
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
		}
	}
	return err
}

// Time and date columns hold the same text as in SQLite.

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
		return fmt.Sprintf(" OFFSET %d", offset)
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// fixSequence moves an identity column's sequence past a row inserted
// with an explicit ID (restoring an export), as SQLite's rowid does.
func fixSequence(ctx context.Context, q querier, table string) error {
	_, err := q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), GREATEST((SELECT MAX(id) FROM `+table+`), 1))`)
	return err
}

// Check verifies that every release is in the search index, the
// counterpart of the SQLite store's Check.
func (s *Store) Check(ctx context.Context) error {
	var n, indexed int
	err := s.read(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases`).Scan(&n); err != nil {
			return err
		}
		return q.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_search`).Scan(&indexed)
	})
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if n != indexed {
		return fmt.Errorf("check: %d releases but %d indexed", n, indexed)
	}
	return nil
}

// numbered returns "(?from, ?from+1, …)" for n arguments.
func numbered(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "?" + strconv.Itoa(from+i)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// Backup is not done by the store on PostgreSQL: pg_dump makes a
// consistent copy while the casebook is in use, and jikenbo
// migrate-store can copy a casebook into a new SQLite file's engine.
func (s *Store) Backup(ctx context.Context, path string) error {
	return jikenbo.Errorf(jikenbo.ENOTIMPLEMENTED, "backup of a PostgreSQL casebook: use pg_dump (or jikenbo migrate-store --from DSN --to FILE)")
}

// Package postgres is the casebook store for a PostgreSQL server, for a
// casebook that outgrows one machine: several `serve` processes behind a
// load balancer and several editors and imports writing at once. The
// queries are package sqlstore's, shared with store/sqlite, so it passes
// the same contract suite (store/storetest); this package holds what is
// PostgreSQL's own: the Dialect, connecting through pgx's database/sql
// driver, the schema (numbered goose migrations, migrations/*.sql) and
// Check.
//
// Write transactions are serialised per casebook by a transaction-level
// advisory lock taken first thing in InTx, across every process that
// opens the database: the reads inside a write transaction then see a
// casebook nobody else changes until it commits, as with SQLite's BEGIN
// IMMEDIATE. That is what keeps case numbers, re-imports of one source
// and the login throttle right with several processes. Reads run in
// read-only REPEATABLE READ transactions, so the queries of one call see
// one snapshot, and never wait for writers.
//
// The schema keeps SQLite's representations where they are observable:
// times are RFC 3339 UTC text and dates YYYY-MM-DD text (cursors, sort
// orders and migrate-store's checksums compare equal across engines),
// facts are the JSON text the domain wrote. Search uses the same Go bigram tokens as SQLite in
// a tsvector with a GIN index (package textindex, engineering-notes §7),
// so both engines find the same releases.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a casebook in a PostgreSQL database (or one schema of it:
// the search_path of the connection string).
type Store struct {
	*sqlstore.Store
	db *sql.DB
	// Upgraded says what the one-time steps run on open did
	// (sqlstore.Upgrade); zero once they have run.
	Upgraded sqlstore.UpgradeReport
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
	st := &Store{Store: sqlstore.New(db, db, dialect{}, opt.Now), db: db}
	if st.Upgraded, err = st.Upgrade(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres %s: %w", redact(cfg), err)
	}
	return st, nil
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

// Check verifies that every release is in the search index, the
// counterpart of the SQLite store's Check.
func (s *Store) Check(ctx context.Context) error {
	var n, indexed int
	err := s.ReadTx(ctx, func(q sqlstore.Querier) error {
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

// analyzed are the tables the writes of an import query (not
// release_search, whose statistics take long to gather and only matter to
// search).
const analyzed = `releases, release_versions, overrides, release_labels, organizations, org_aliases,
	cases, case_numbers, case_organizations, case_timeline, case_links, decisions,
	release_facets, release_categories, case_facets, case_categories, casebook_version`

// Analyze refreshes the planner's statistics of the tables an import
// writes; casebook.Importer calls it as the casebook grows. Without it a
// bulk import into a new casebook keeps the plans made while the tables
// were empty (sequential scans in prepared statements) until
// autovacuum catches up, if it runs at all, and slows as the casebook
// grows. ANALYZE also makes every session plan those statements again.
func (s *Store) Analyze(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `ANALYZE `+analyzed); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Backup is not done by the store on PostgreSQL: pg_dump makes a
// consistent copy while the casebook is in use, and jikenbo
// migrate-store copies a casebook into a new SQLite file.
func (s *Store) Backup(ctx context.Context, path string) error {
	return jikenbo.Errorf(jikenbo.ENOTIMPLEMENTED, "backup of a PostgreSQL casebook: use pg_dump, or jikenbo migrate-store --from DSN --to FILE")
}

// SQL returns the engine-independent store this one is made of.
func (s *Store) SQL() *sqlstore.Store { return s.Store }

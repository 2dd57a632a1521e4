// Package sqlite is the embedded casebook store: one SQLite file through
// the pure-Go driver modernc.org/sqlite, with numbered SQL migrations
// (goose), WAL, foreign keys, a busy timeout and a full-text index of
// Go-made bigram tokens (package textindex) in a contentless FTS5 table.
// The queries are package sqlstore's, shared with store/postgres; this
// package holds what is SQLite's own (the Dialect, opening, the schema,
// Backup and Check).
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
	"time"

	"github.com/pressly/goose/v3"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a casebook in one SQLite file.
type Store struct {
	*sqlstore.Store
	path  string
	write *sql.DB
	read  *sql.DB
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
			// Each reader's own page cache is 512 KiB, not SQLite's 2 MB:
			// the operating system caches the file for all of them, and at
			// 100,000 releases the four 2 MB caches were 20 MB of the
			// server's peak RSS with no gain in speed
			// (docs/measurements/serve-memory.md).
			q.Add("_pragma", "cache_size(-512)")
		} else {
			// The writer's page cache holds what an import's batch of
			// releases writes (the default 2 MB spilled it to the WAL
			// before the commit) and the linker's indexes it reads.
			q.Add("_pragma", "cache_size(-32768)")
			// The WAL is copied back into the file once it holds 10,000
			// pages (40 MB), not SQLite's 1,000: an import's batch of
			// releases dirties thousands of pages, so every commit was
			// followed by a checkpoint and its fsync. 5-9 % of the wall
			// time of 10,000 releases filed onto 90,000.
			q.Add("_pragma", "wal_autocheckpoint(10000)")
			// A savepoint's journal (each release of an import's batch
			// is filed in one) is kept in memory, not in a temporary
			// file: its writes were 11 % of the writer's time filing
			// 10,000 releases onto 90,000.
			q.Add("_pragma", "temp_store(MEMORY)")
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
	// and keep all four open: database/sql keeps two idle by default, so
	// under load the others were closed and opened again on every burst,
	// each time running the pragmas and reading the schema anew (and
	// dropping their prepared statements).
	read.SetMaxIdleConns(4)
	st := &Store{Store: sqlstore.New(write, read, dialect{}, opt.Now), path: path, write: write, read: read}
	// modernc.org/sqlite prepares every statement afresh; the pages' read
	// queries are kept prepared instead (sqlstore.KeepReadStatements).
	st.KeepReadStatements()
	if st.Upgraded, err = st.Upgrade(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	return st, nil
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

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Backup writes a consistent copy of the casebook to path (VACUUM INTO),
// which works while other connections read and write: the copy is the
// state of one read snapshot. path must not exist.
//
// The copy is written to a temporary file beside path, checked (SQLite's
// integrity check) and synced, and only then given its name, without
// replacing a file that appeared meanwhile. A backup that fails or is
// interrupted leaves nothing behind: no file at path, no temporary file.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if _, err := os.Stat(path); err == nil {
		return jikenbo.Errorf(jikenbo.ECONFLICT, "backup: %s already exists", path)
	}
	// VACUUM INTO writes into a file that does not exist or is empty; an
	// empty temporary file reserves the name.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup %q: %w", path, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpPath)
			os.Remove(tmpPath + "-journal")
		}
	}()
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup %q: %w", path, err)
	}
	// VACUUM INTO reads one snapshot and does not block writers for long
	// on a WAL database; it runs on the writer connection because the
	// read pool is query_only, which forbids writing the new file.
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, tmpPath)
	conn.Close()
	if err != nil {
		return fmt.Errorf("backup %q: %w", path, dialect{}.Error(err))
	}
	if err := checkCopy(ctx, tmpPath); err != nil {
		return fmt.Errorf("backup %q: the copy does not check: %w", path, err)
	}
	if err := syncPath(tmpPath); err != nil {
		return fmt.Errorf("backup %q: %w", path, err)
	}
	// A hard link names the copy only if path is still free; where the
	// file system has none, a rename after a last look is nearly as good.
	if err := os.Link(tmpPath, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "backup: %s already exists", path)
		}
		if _, serr := os.Stat(path); serr == nil {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "backup: %s already exists", path)
		}
		if err := os.Rename(tmpPath, path); err != nil {
			return fmt.Errorf("backup %q: %w", path, err)
		}
	}
	os.Remove(tmpPath)
	if err := syncPath(filepath.Dir(path)); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup %q: %w", path, err)
	}
	return nil
}

// checkCopy runs SQLite's integrity check on the database file at path,
// opened read-only.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity: %s", res)
	}
	return nil
}

// syncPath flushes a file or a directory (the names in it) to disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Check verifies the database file: SQLite's integrity check, foreign
// keys, and the full-text index's own structure. It returns an EINTERNAL
// error describing the first problem found.
func (s *Store) Check(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
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

// SQL returns the engine-independent store this one is made of.
func (s *Store) SQL() *sqlstore.Store { return s.Store }

// Package sqlstore is the casebook store on database/sql, shared by the
// two engines: store/sqlite (one embedded file) and store/postgres (a
// server several processes share). It holds every query of the
// jikenbo.Store and jikenbo.QueryStore interfaces once; what differs
// between the engines is behind Dialect: placeholders, error codes, the
// search index (FTS5 or a tsvector), a few expressions, and how a write
// transaction takes the casebook's one write lock.
//
// The schemas are the engines' own (each package embeds its numbered
// goose migrations) but keep the same tables and columns, and the same
// representations where they are observable: times are RFC 3339 UTC text,
// dates YYYY-MM-DD text, facts the JSON text the domain wrote. Queries are
// written once, in the SQL both engines accept, with ? placeholders (?N
// for a numbered one).
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// Dialect is what differs between the engines.
type Dialect interface {
	// Name is the engine's name for messages ("sqlite", "postgres").
	Name() string
	// Rebind rewrites a statement written with ? and ?N placeholders into
	// the engine's own, and the arguments to match.
	Rebind(query string, args []any) (string, []any)
	// Error maps an engine error to a jikenbo error where it has a meaning
	// for callers (a unique or foreign-key violation) and returns any other
	// error unchanged.
	Error(err error) error
	// BeginWrite is called first in every write transaction, to take the
	// casebook's write lock where BEGIN did not already.
	BeginWrite(ctx context.Context, tx *sql.Tx) error
	// ReadOptions are the options of the read-only transactions in which
	// the queries of one call see one snapshot.
	ReadOptions() *sql.TxOptions
	// InsertOrder is the column of the tables whose rows are read back in
	// the order they were written (release_labels, case_organizations,
	// org_aliases) that keeps that order.
	InsertOrder() string
	// InIDs returns the right-hand side of a condition "x IN list" on a
	// list of IDs passed as its single argument, as in "IN (SELECT …)" or
	// "= ANY(?)", and that argument.
	InIDs(ids []int64) (string, any)
	// TextBytes is the UTF-8 bytes of a text expression as a binary value,
	// whose substr counts bytes, not characters.
	TextBytes(expr string) string
	// ByteOrder is an ORDER BY term sorting a text column by its bytes
	// (code points), whatever the database's collation.
	ByteOrder(col string) string
	// JSONText is the text of the top-level key of a JSON document (a
	// text expression), NULL when it is missing or null.
	JSONText(doc, key string) string
	// Days is the number of days from the date earlier to the date later
	// (both YYYY-MM-DD text expressions) as a number.
	Days(later, earlier string) string
	// AfterExplicitID is called after a row was inserted with an explicit
	// ID (restoring an export), so the next generated ID comes after it.
	AfterExplicitID(ctx context.Context, q Querier, table string) error

	// Index adds a new release's text to the search index (reindex
	// replaces a release's text there).
	Index(ctx context.Context, q Querier, id int64, text string) error
	// IndexTable is the table of the search index: a statement naming
	// it sees the releases a write transaction indexes before it runs
	// (txq.toIndex).
	IndexTable() string
	// Unindex removes a release from the search index.
	Unindex(ctx context.Context, q Querier, id int64) error
	// Matches returns a query selecting the IDs of the releases whose
	// text matches tq (in no order), with its arguments.
	Matches(tq textindex.Query) (string, []any)
	// Ranked returns a query selecting the IDs of the releases whose text
	// matches tq, best first, limit -1 for all.
	Ranked(tq textindex.Query, limit, offset int) (string, []any)
}

// Querier runs statements inside one transaction, in the placeholders of
// this package (rewritten by the dialect) and with the engine's errors
// mapped by Dialect.Error.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) Row
	Dialect() Dialect
}

// Row is the result of QueryRowContext.
type Row interface {
	Scan(dest ...any) error
}

// querier is the package's short name for Querier.
type querier = Querier

// Store is a casebook in one database. The Store given to an InTx
// function is bound to that transaction.
type Store struct {
	db *conns
	tx *txq
}

// conns are the pools of one database: one for writes and one for reads,
// which may be the same pool.
type conns struct {
	write, read *sql.DB
	d           Dialect
	now         func() time.Time
	// stmts keeps the read pool's prepared statements (nil: none kept).
	stmts  *stmtCache
	search searchCache // the public search's snapshot (search.go)
}

var (
	_ jikenbo.Store      = (*Store)(nil)
	_ jikenbo.QueryStore = (*Store)(nil)
)

// New returns the store on the given pools, whose schema is up to date.
// Writes go through write, reads through read (the same pool if the
// engine needs no other). now is read once per timestamp the store sets.
func New(write, read *sql.DB, d Dialect, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: &conns{write: write, read: read, d: d, now: now}}
}

// Close closes the pools.
func (s *Store) Close() error {
	if s.tx != nil {
		return jikenbo.Errorf(jikenbo.EINVALID, "%s: Close called inside a transaction", s.db.d.Name())
	}
	s.db.stmts.close()
	var err error
	if s.db.read == s.db.write {
		err = s.db.write.Close()
	} else {
		err = errors.Join(s.db.read.Close(), s.db.write.Close())
	}
	// A transaction whose context was cancelled (an interrupted import)
	// is rolled back by database/sql in a goroutine of its own, and its
	// connection closes only after that; a process that exits before
	// then leaves SQLite's -wal and -shm files behind. Wait for the
	// connections to go, briefly.
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if s.db.read.Stats().OpenConnections == 0 && s.db.write.Stats().OpenConnections == 0 {
			break
		}
	}
	return err
}

// SchemaVersion returns the number of the last applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// InTx runs fn in one write transaction: the dialect's write lock makes
// write transactions run one at a time, also across processes, so the
// reads inside one see a casebook nobody else changes until it commits.
// That is what keeps case numbers, re-imports of one source and the login
// throttle right when several processes share a casebook.
func (s *Store) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) (err error) {
	if s.tx != nil {
		return s.tx.savepoint(ctx, func() error { return fn(s) })
	}
	d := s.db.d
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return d.Error(fmt.Errorf("begin: %w", err))
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
	if err := d.BeginWrite(ctx, tx); err != nil {
		return d.Error(fmt.Errorf("write lock: %w", err))
	}
	q := &txq{tx: tx, d: d, stmts: map[string]*sql.Stmt{}}
	if err := fn(&Store{db: s.db, tx: q}); err != nil {
		return err
	}
	if err := q.flushIndex(ctx); err != nil {
		return err
	}
	if q.published {
		if err := bumpVersion(ctx, q, fmtTime(s.db.now())); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return d.Error(fmt.Errorf("commit: %w", err))
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

// read runs fn in the current transaction, or in a read-only transaction
// so that several queries see one snapshot.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	tx, err := s.db.read.BeginTx(ctx, s.db.d.ReadOptions())
	if err != nil {
		return s.db.d.Error(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	return fn(&txq{tx: tx, d: s.db.d, shared: s.db.stmts})
}

// ReadTx runs fn in a read-only snapshot of the whole casebook, for
// tools that read it table by table (Copy).
func (s *Store) ReadTx(ctx context.Context, fn func(q Querier) error) error {
	return s.read(ctx, fn)
}

// txq is a transaction whose statements are written for this package.
type txq struct {
	tx *sql.Tx
	d  Dialect
	// stmts are the statements a write transaction prepared, by their
	// text: an import files hundreds of releases in one transaction
	// with the same few dozen statements, and parsing and planning them
	// again for each was a quarter of its CPU time. nil in a read
	// transaction. The transaction closes them when it ends.
	stmts map[string]*sql.Stmt
	// shared, in a read transaction of a store that keeps prepared
	// statements (SQLite's read pool), has them.
	shared *stmtCache
	// open are the last rows a QueryContext of this transaction got from
	// each prepared statement: one prepared statement steps one result
	// at a time, so while those rows are still open (a query run again
	// for each row of its own results) the query runs unprepared.
	open map[string]*sql.Rows
	// savepoints is the depth of InTx calls nested in this transaction.
	savepoints int
	// toIndex are the new releases whose texts go into the search index
	// before the transaction commits, together. Written one by one, each
	// in its release's savepoint, SQLite's FTS5 flushed its pending
	// terms as a segment of its own at the next savepoint or statement
	// journal, for every release of an import's batch (15 % of the time
	// of the batch's statements, 10,000 releases filed onto 90,000).
	// A statement naming the index table writes them first (indexed).
	toIndex []indexDoc
	// banded is the last text whose band keys the transaction computed
	// (textBands).
	banded struct {
		text  string
		bands []int64
	}
	// published says that the transaction changed something public, so
	// that the casebook version moves when it commits (also when the
	// savepoint that changed it was rolled back: a version moved for
	// nothing only costs the caches a refill).
	published bool
}

func (t *txq) Dialect() Dialect { return t.d }

// indexDoc is a release's text for the search index.
type indexDoc struct {
	id   int64
	text string
}

// indexLater adds a new release's text to the search index before the
// transaction commits (toIndex).
func (t *txq) indexLater(id int64, text string) {
	t.toIndex = append(t.toIndex, indexDoc{id, text})
}

// indexed writes the texts waiting for the search index when query
// reads or writes it, so that it sees them.
func (t *txq) indexed(ctx context.Context, query string) error {
	if len(t.toIndex) == 0 || !strings.Contains(query, t.d.IndexTable()) {
		return nil
	}
	return t.flushIndex(ctx)
}

// flushIndex writes the texts waiting for the search index.
func (t *txq) flushIndex(ctx context.Context) error {
	docs := t.toIndex
	// A new list: a savepoint rolled back restores the old one.
	t.toIndex = nil
	for _, d := range docs {
		if err := t.d.Index(ctx, t, d.id, d.text); err != nil {
			return err
		}
	}
	return nil
}

// stmt returns the statement prepared for q, or nil when q runs
// unprepared.
func (t *txq) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if t.stmts == nil {
		return nil, nil
	}
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	if len(t.stmts) >= maxStmts {
		return nil, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txq) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.indexed(ctx, query); err != nil {
		return nil, err
	}
	q, args := t.d.Rebind(query, args)
	st, err := t.stmt(ctx, q)
	switch {
	case err != nil:
		return nil, t.d.Error(err)
	case st != nil:
		res, err := st.ExecContext(ctx, args...)
		return res, t.d.Error(err)
	}
	res, err := t.tx.ExecContext(ctx, q, args...)
	return res, t.d.Error(err)
}

func (t *txq) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.indexed(ctx, query); err != nil {
		return nil, err
	}
	q, args := t.d.Rebind(query, args)
	st, err := t.queryStmt(ctx, q)
	switch {
	case err != nil:
		return nil, t.d.Error(err)
	case st != nil:
		rows, err := st.QueryContext(ctx, args...)
		if err == nil {
			if t.open == nil {
				t.open = map[string]*sql.Rows{}
			}
			t.open[q] = rows
		}
		return rows, t.d.Error(err)
	}
	rows, err := t.tx.QueryContext(ctx, q, args...)
	return rows, t.d.Error(err)
}

func (t *txq) QueryRowContext(ctx context.Context, query string, args ...any) Row {
	if err := t.indexed(ctx, query); err != nil {
		return errRow{err}
	}
	q, args := t.d.Rebind(query, args)
	if st, err := t.queryStmt(ctx, q); err != nil {
		return errRow{t.d.Error(err)}
	} else if st != nil {
		return row{st.QueryRowContext(ctx, args...), t.d}
	}
	return row{t.tx.QueryRowContext(ctx, q, args...), t.d}
}

// savepoint runs fn inside a savepoint of the transaction: when fn
// fails, what it wrote is rolled back and the transaction goes on as it
// was before, so that one transaction can hold many units of work (an
// import's batch of releases) of which each is kept or undone whole.
func (t *txq) savepoint(ctx context.Context, fn func() error) (err error) {
	t.savepoints++
	name := "sp" + strconv.Itoa(t.savepoints)
	defer func() { t.savepoints-- }()
	// Rolled back, the savepoint leaves the list of texts to index as it
	// found it (those it wrote, if any, are rolled back with it).
	toIndex := t.toIndex[:len(t.toIndex):len(t.toIndex)]
	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return t.d.Error(fmt.Errorf("savepoint: %w", err))
	}
	defer func() {
		if p := recover(); p != nil {
			t.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name)
			t.toIndex = toIndex
			panic(p)
		}
	}()
	if err := fn(); err != nil {
		t.toIndex = toIndex
		// Rolled back even when ctx is done: the transaction may still be
		// committed by its owner (it is not, when the cancellation
		// reaches database/sql first, and then this fails harmlessly).
		if _, rerr := t.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return errors.Join(err, t.d.Error(fmt.Errorf("rollback to savepoint: %w", rerr)))
		}
		t.tx.ExecContext(context.WithoutCancel(ctx), "RELEASE SAVEPOINT "+name)
		return err
	}
	if _, err := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return t.d.Error(fmt.Errorf("release savepoint: %w", err))
	}
	return nil
}

// errRow is a Row whose statement could not be prepared.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// rowStmt returns the statement to run q with once, or nil to run q
// unprepared: the write transaction's own, or the read pool's kept
// statement bound to this transaction.
func (t *txq) rowStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if t.stmts != nil {
		return t.stmt(ctx, q)
	}
	if t.shared == nil {
		return nil, nil
	}
	st := t.shared.get(ctx, q)
	if st == nil {
		return nil, nil
	}
	return t.tx.StmtContext(ctx, st), nil
}

// queryStmt is rowStmt unless the statement's last rows are still open
// (see open). Rows are closed by Close, and by Next at their end.
func (t *txq) queryStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if rows := t.open[q]; rows != nil {
		if _, err := rows.Columns(); err == nil {
			return nil, nil
		}
		delete(t.open, q)
	}
	return t.rowStmt(ctx, q)
}

// row maps the errors of a statement run by QueryRowContext (an INSERT …
// RETURNING can violate a constraint).
type row struct {
	r *sql.Row
	d Dialect
}

func (r row) Scan(dest ...any) error { return r.d.Error(r.r.Scan(dest...)) }

// reindex replaces a release's text in the search index and its
// near-duplicate bands. A new release only needs Index: the import's hot
// path makes no delete.
func reindex(ctx context.Context, q Querier, id int64, text string) error {
	if err := q.Dialect().Unindex(ctx, q, id); err != nil {
		return err
	}
	if err := writeBands(ctx, q, id, text); err != nil {
		return err
	}
	return q.Dialect().Index(ctx, q, id, text)
}

// Time and date columns hold text.

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

// limitClause returns the LIMIT/OFFSET of a filter. An offset without a
// limit still needs a LIMIT in SQLite, and PostgreSQL refuses -1, so the
// largest int64 stands for none.
func limitClause(limit, offset int) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		return fmt.Sprintf(" LIMIT 9223372036854775807 OFFSET %d", offset)
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// numbered returns "(?from, ?from+1, …)" for n arguments.
func numbered(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "?" + strconv.Itoa(from+i)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

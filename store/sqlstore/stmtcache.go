package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// The pages run the same few read queries on every request. An engine
// that prepares each statement it is given afresh (SQLite through
// modernc.org/sqlite: parse and plan every time, as costly as running a
// page's queries; docs/measurements/page-speed.md) keeps them prepared
// instead: database/sql prepares a kept statement once per connection of
// the read pool and reuses it in every read transaction on that
// connection. PostgreSQL's driver (pgx) caches its prepared statements
// itself and keeps none here.

// maxStmts bounds the statements kept, by the read pool and by a write
// transaction: queries with a list of IDs differ
// by the number of placeholders, so their texts are many but finite
// (a page holds at most 200 items); past the bound a query runs
// unprepared as before.
const maxStmts = 256

// prepareWait is how long a first preparation waits for a connection.
const prepareWait = 20 * time.Millisecond

type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// KeepReadStatements makes the store keep its read queries prepared on
// the read pool (see stmtCache). Call it once, before the store is used.
func (s *Store) KeepReadStatements() {
	s.db.stmts = &stmtCache{db: s.db.read, m: map[string]*sql.Stmt{}}
}

// get returns the kept statement of q, preparing it the first time; nil
// when the cache is full or q was not prepared (its error, if any, comes
// again when q runs unprepared).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[q]
	full := len(c.m) >= maxStmts
	c.mu.Unlock()
	if ok || full {
		return st
	}
	// The first preparation takes a connection of the pool besides the
	// caller's own; when every connection is held by a transaction that
	// may be waiting here too, waiting for one would never end, so it is
	// tried briefly and the query otherwise runs unprepared this time.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), prepareWait)
	defer cancel()
	st, err := c.db.PrepareContext(pctx, q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.m[q]; ok {
		st.Close()
		return kept
	}
	if len(c.m) >= maxStmts {
		st.Close()
		return nil
	}
	c.m[q] = st
	return st
}

// close closes the kept statements.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

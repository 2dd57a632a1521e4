// Command rivermeasure measures River (github.com/riverqueue/river)
// against the watcher's own lease on watch_sources (issue 14), on the
// PostgreSQL server, so that docs/watch.md's choice stands on figures.
//
// Both sides poll N sources for R rounds with no network: a poll is
// jikenbo's own FinishWatchPoll, the UPDATE the watcher records a poll
// with. The lease side claims the due sources 500 at a time with
// ClaimDueWatchSources, as watch.Watcher.RunOnce does; the River side
// inserts one unique "poll_source" job per source with InsertMany and
// runs a client until all N jobs completed. Rounds alternate between the
// two sides, so that the shared machine's load falls on both alike.
//
// It is a module of its own, so that the jikenbo binary and its tests do
// not depend on River:
//
//	cd tools/rivermeasure && go run . -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable' -sources 10000 -rounds 5
//
// It creates a database of its own on the server and drops it at the end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
)

// batch is what the watcher claims at once (watch.Watcher.RunOnce).
const batch = 500

// workerCount is how many polls the lease side runs at once (the
// watcher's default Workers).
const workerCount = 4

// riverWorkers is the River queue's MaxWorkers, River's own default: a
// client fetches at most its free worker slots and waits FetchCooldown
// (100 ms) between fetches, so with 4 slots it would poll 40 sources a
// second whatever the database does.
const riverWorkers = 100

func main() {
	dsn := flag.String("dsn", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL server (any database; a new one is created beside it)")
	sources := flag.Int("sources", 10000, "watched sources")
	rounds := flag.Int("rounds", 5, "poll rounds per side")
	flag.Parse()
	if err := run(context.Background(), *dsn, *sources, *rounds); err != nil {
		log.Fatal(err)
	}
}

// measure is one round's cost.
type measure struct {
	wall, cpu, server time.Duration
}

func run(ctx context.Context, dsn string, n, rounds int) error {
	dbName := fmt.Sprintf("rivermeasure_%d", os.Getpid())
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer admin.Close(context.WithoutCancel(ctx))
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+dbName+` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
		return err
	}
	defer func() {
		if _, err := admin.Exec(context.WithoutCancel(ctx), `DROP DATABASE `+dbName+` WITH (FORCE)`); err != nil {
			log.Printf("drop database %s: %v", dbName, err)
		}
	}()
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	u.Path = "/" + dbName
	base := u.String()

	lease, err := newLeaseSide(ctx, base, n)
	if err != nil {
		return fmt.Errorf("lease side: %w", err)
	}
	defer lease.close()
	rv, err := newRiverSide(ctx, base, n)
	if err != nil {
		return fmt.Errorf("river side: %w", err)
	}
	defer rv.close()

	leaseSize0, err := tableBytes(ctx, lease.pool, "lease", `relname = 'watch_sources'`)
	if err != nil {
		return err
	}
	riverSize0, err := tableBytes(ctx, rv.pool, "river", `relname LIKE 'river\_%'`)
	if err != nil {
		return err
	}
	riverSources0, err := tableBytes(ctx, rv.pool, "river", `relname = 'watch_sources'`)
	if err != nil {
		return err
	}

	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var lm, rm []measure
	for r := range rounds {
		now := t0.Add(time.Duration(r) * 2 * time.Hour)
		m, err := measured(dbName, func() error { return lease.round(ctx, now, n) })
		if err != nil {
			return fmt.Errorf("lease round %d: %w", r+1, err)
		}
		lm = append(lm, m)
		m, err = measured(dbName, func() error { return rv.round(ctx, now, n) })
		if err != nil {
			return fmt.Errorf("river round %d: %w", r+1, err)
		}
		rm = append(rm, m)
		log.Printf("round %d: lease %v, river %v", r+1, lm[r].wall, rm[r].wall)
	}

	leaseSize1, err := tableBytes(ctx, lease.pool, "lease", `relname = 'watch_sources'`)
	if err != nil {
		return err
	}
	riverSize1, err := tableBytes(ctx, rv.pool, "river", `relname LIKE 'river\_%'`)
	if err != nil {
		return err
	}
	riverSources1, err := tableBytes(ctx, rv.pool, "river", `relname = 'watch_sources'`)
	if err != nil {
		return err
	}
	var jobs int64
	if err := rv.pool.QueryRow(ctx, `SELECT count(*) FROM river.river_job`).Scan(&jobs); err != nil {
		return err
	}

	fmt.Printf("%d sources, %d rounds per side (alternating lease, River); %d polls at once on the lease side (the watcher's default), River's default MaxWorkers %d; GOMAXPROCS %d, %s.\n\n",
		n, rounds, workerCount, riverWorkers, runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Println("| round | lease: wall | lease: CPU (tool) | lease: CPU (server) | River: wall | River: CPU (tool) | River: CPU (server) |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
	var ls, rs measure
	for i := range lm {
		fmt.Printf("| %d | %s | %s | %s | %s | %s | %s |\n", i+1, ms(lm[i].wall), ms(lm[i].cpu), ms(lm[i].server), ms(rm[i].wall), ms(rm[i].cpu), ms(rm[i].server))
		ls.wall, ls.cpu, ls.server = ls.wall+lm[i].wall, ls.cpu+lm[i].cpu, ls.server+lm[i].server
		rs.wall, rs.cpu, rs.server = rs.wall+rm[i].wall, rs.cpu+rm[i].cpu, rs.server+rm[i].server
	}
	k := time.Duration(len(lm))
	fmt.Printf("| mean | %s | %s | %s | %s | %s | %s |\n", ms(ls.wall/k), ms(ls.cpu/k), ms(ls.server/k), ms(rs.wall/k), ms(rs.cpu/k), ms(rs.server/k))
	fmt.Printf("| River ÷ lease | | | | %.2f | %.2f | %.2f |\n\n", ratio(rs.wall, ls.wall), ratio(rs.cpu, ls.cpu), ratio(rs.server, ls.server))
	fmt.Println("| database size | before | after | growth |")
	fmt.Println("| --- | --- | --- | --- |")
	fmt.Printf("| lease: watch_sources | %s | %s | %s |\n", kb(leaseSize0), kb(leaseSize1), kb(leaseSize1-leaseSize0))
	fmt.Printf("| River: river_* tables (%d job rows kept) | %s | %s | %s |\n", jobs, kb(riverSize0), kb(riverSize1), kb(riverSize1-riverSize0))
	fmt.Printf("| River: its watch_sources (still needed for validators and the desk) | %s | %s | %s |\n", kb(riverSources0), kb(riverSources1), kb(riverSources1-riverSources0))
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func kb(b int64) string { return fmt.Sprintf("%d kB", b/1024) }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// measured runs f and returns its wall time, the CPU time of this
// process (getrusage) and the CPU time of the server backends connected
// to database db.
func measured(db string, f func() error) (measure, error) {
	s0, err := serverCPU(db)
	if err != nil {
		return measure{}, err
	}
	c0 := processCPU()
	start := time.Now()
	if err := f(); err != nil {
		return measure{}, err
	}
	m := measure{wall: time.Since(start), cpu: processCPU() - c0}
	s1, err := serverCPU(db)
	if err != nil {
		return measure{}, err
	}
	for pid, t := range s1 {
		m.server += t - s0[pid]
	}
	return m, nil
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU reads the user and system time of every PostgreSQL backend
// serving database db (the server runs on this machine; its backends
// name their database in their command line). A backend that ends
// between two readings is missed; the pools here keep theirs open.
func serverCPU(db string) (map[int]time.Duration, error) {
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		return nil, err
	}
	out := map[int]time.Duration{}
	tick := time.Second / 100 // USER_HZ
	for _, d := range dirs {
		cmd, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil || !strings.Contains(string(cmd), " "+db+" ") {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// The fields after the command name in parentheses; utime and
		// stime are fields 14 and 15.
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
		f := strings.Fields(rest)
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		pid, _ := strconv.Atoi(filepath.Base(d))
		out[pid] = time.Duration(ut+st) * tick
	}
	if len(out) == 0 {
		return nil, errors.New("no PostgreSQL backend for the measuring database found in /proc (is the server on this machine?)")
	}
	return out, nil
}

// tableBytes sums pg_total_relation_size of the schema's tables that
// match where.
func tableBytes(ctx context.Context, pool *pgxpool.Pool, schema, where string) (int64, error) {
	var b int64
	err := pool.QueryRow(ctx, `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = $1 AND `+where, schema).Scan(&b)
	return b, err
}

// withSchema is the connection string with search_path set to schema.
func withSchema(base, schema string) string {
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openSources creates schema, opens jikenbo's store in it and adds n
// sources due at t0. The sources are inserted in one statement: setting
// them up is not what is measured.
func openSources(ctx context.Context, base, schema string, n int) (*postgres.Store, *pgxpool.Pool, error) {
	pool, err := pgxpool.New(ctx, withSchema(base, schema))
	if err != nil {
		return nil, nil, err
	}
	if _, err := pool.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		pool.Close()
		return nil, nil, err
	}
	st, err := postgres.Open(ctx, withSchema(base, schema), postgres.Options{})
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000000000Z")
	if _, err := pool.Exec(ctx, `INSERT INTO watch_sources (url, kind, every_seconds, next_due, created_at)
		SELECT 'https://site' || (g % 300) || '.example/feed/' || g, 'feed', 3600, $1, $1
		FROM generate_series(1, $2::int) g`, due, n); err != nil {
		st.Close()
		pool.Close()
		return nil, nil, err
	}
	return st, pool, nil
}

// poll records a successful poll of source id the way the watcher does
// after a 304 (watch.Watcher.pollSource): the network is left out.
func poll(ctx context.Context, st *postgres.Store, id int64, now time.Time) error {
	return st.FinishWatchPoll(ctx, id, jikenbo.WatchPoll{At: now, ETag: `"v1"`, NextDue: now.Add(time.Hour)})
}

type leaseSide struct {
	st   *postgres.Store
	pool *pgxpool.Pool
}

func newLeaseSide(ctx context.Context, base string, n int) (*leaseSide, error) {
	st, pool, err := openSources(ctx, base, "lease", n)
	if err != nil {
		return nil, err
	}
	return &leaseSide{st: st, pool: pool}, nil
}

func (l *leaseSide) close() { l.st.Close(); l.pool.Close() }

// round claims the due sources 500 at a time and records each poll,
// workers at once, as watch.Watcher.RunOnce and pollAll do.
func (l *leaseSide) round(ctx context.Context, now time.Time, n int) error {
	done := 0
	for {
		srcs, err := l.st.ClaimDueWatchSources(ctx, now, 10*time.Minute, batch)
		if err != nil {
			return err
		}
		if len(srcs) == 0 {
			break
		}
		ch := make(chan int64)
		errs := make(chan error, workerCount)
		var wg sync.WaitGroup
		for range workerCount {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for id := range ch {
					if err := poll(ctx, l.st, id, now); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for _, s := range srcs {
			ch <- s.ID
		}
		close(ch)
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return err
		}
		done += len(srcs)
	}
	if done != n {
		return fmt.Errorf("polled %d sources, want %d", done, n)
	}
	return nil
}

// pollArgs is the River job: poll one source, one job per source at a
// time (unique by source while it waits or runs).
type pollArgs struct {
	SourceID int64     `json:"source_id" river:"unique"`
	At       time.Time `json:"at"`
}

func (pollArgs) Kind() string { return "poll_source" }

func (pollArgs) InsertOpts() river.InsertOpts {
	// Completed jobs must not block the next round's job for the same
	// source, so uniqueness covers the states River requires and no more.
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateScheduled, rivertype.JobStateRetryable,
	}}}
}

type pollWorker struct {
	river.WorkerDefaults[pollArgs]
	st *postgres.Store
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[pollArgs]) error {
	return poll(ctx, w.st, job.Args.SourceID, job.Args.At)
}

type riverSide struct {
	st     *postgres.Store
	pool   *pgxpool.Pool
	ids    []int64
	worker *pollWorker
}

func newRiverSide(ctx context.Context, base string, n int) (*riverSide, error) {
	st, pool, err := openSources(ctx, base, "river", n)
	if err != nil {
		return nil, err
	}
	rs := &riverSide{st: st, pool: pool, worker: &pollWorker{st: st}}
	mig, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: "river"})
	if err != nil {
		rs.close()
		return nil, err
	}
	if _, err := mig.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		rs.close()
		return nil, fmt.Errorf("migrate river: %w", err)
	}
	rows, err := pool.Query(ctx, `SELECT id FROM river.watch_sources ORDER BY id`)
	if err != nil {
		rs.close()
		return nil, err
	}
	rs.ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		rs.close()
		return nil, err
	}
	return rs, nil
}

func (r *riverSide) close() { r.st.Close(); r.pool.Close() }

// round inserts the round's jobs with InsertMany, then runs a client
// until all of them completed and stops it.
func (r *riverSide) round(ctx context.Context, now time.Time, n int) error {
	workers := river.NewWorkers()
	river.AddWorker(workers, r.worker)
	client, err := river.NewClient(riverpgxv5.New(r.pool), &river.Config{
		Schema:  "river",
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: riverWorkers}},
		Workers: workers,
		Logger:  quietLogger(),
	})
	if err != nil {
		return err
	}
	events, cancel := client.SubscribeConfig(&river.SubscribeConfig{ChanSize: n + 100,
		Kinds: []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed}})
	defer cancel()
	params := make([]river.InsertManyParams, len(r.ids))
	for i, id := range r.ids {
		params[i] = river.InsertManyParams{Args: pollArgs{SourceID: id, At: now}}
	}
	res, err := client.InsertMany(ctx, params)
	if err != nil {
		return err
	}
	for _, x := range res {
		if x.UniqueSkippedAsDuplicate {
			return fmt.Errorf("job for source %d skipped as a duplicate", x.Job.ID)
		}
	}
	if err := client.Start(ctx); err != nil {
		return err
	}
	completed := 0
	timeout := time.After(10 * time.Minute)
	for completed < n {
		select {
		case ev := <-events:
			if ev.Kind != river.EventKindJobCompleted {
				return fmt.Errorf("job %d failed: %v", ev.Job.ID, ev.Job.Errors)
			}
			completed++
		case <-timeout:
			return fmt.Errorf("only %d of %d jobs completed in 10 minutes", completed, n)
		}
	}
	return client.Stop(ctx)
}

// quietLogger keeps River's informational logs out of the report.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

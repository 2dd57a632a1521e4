package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

const migrateStoreUsage = `usage: jikenbo migrate-store --from FILE --to postgres://USER@HOST/DB`

// runMigrateStore copies a SQLite casebook into an empty PostgreSQL one
// and verifies the copy table by table.
func runMigrateStore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the SQLite casebook file to copy")
	to := fs.String("to", "", "the PostgreSQL database to copy it into (postgres://…; its casebook must be empty)")
	fs.Usage = func() { fmt.Fprintln(stderr, migrateStoreUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || !postgres.IsDSN(*to) || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	src, err := sqlite.Open(ctx, *from, sqlite.Options{})
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to, postgres.Options{})
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	defer dst.Close()
	start := time.Now()
	want, err := dst.CopyFromSQLite(ctx, src.DB(), func(table string, rows int) {
		fmt.Fprintf(stderr, "copied %-20s %8d rows (%s)\n", table, rows, time.Since(start).Round(time.Millisecond))
	})
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	got, err := dst.TableSums(ctx)
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tSHA-256\tCHECK")
	bad, rows := 0, 0
	for i, w := range want {
		status := "ok"
		if i >= len(got) || got[i] != w {
			status, bad = "MISMATCH", bad+1
		}
		rows += w.Rows
		fmt.Fprintf(tw, "%s\t%d\t%.16s…\t%s\n", w.Table, w.Rows, w.Sum, status)
	}
	tw.Flush()
	if err := dst.Check(ctx); err != nil {
		return fail(stderr, "migrate-store", err)
	}
	if bad > 0 {
		return fail(stderr, "migrate-store", jikenbo.Errorf(jikenbo.EINTERNAL, "%d tables differ after the copy", bad))
	}
	fmt.Fprintf(stdout, "copied %s to %s: %d tables, %d rows, counts and checksums equal (%s)\n",
		*from, dbName(*to), len(want), rows, time.Since(start).Round(time.Millisecond))
	return 0
}

package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
)

const migrateStoreUsage = `usage: jikenbo migrate-store --from DB --to DB
  DB is a SQLite file or postgres://USER@HOST/DB; the casebook --to names must be empty
  (a new file, or a database with no casebook in it).`

// runMigrateStore copies a casebook into an empty one, either engine to
// either (typically a SQLite file to PostgreSQL when a casebook outgrows
// one machine, or back to a file), and verifies the copy table by table.
func runMigrateStore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("migrate-store", migrateStoreUsage, stderr)
	from := fs.String("from", "", "the casebook to copy: a SQLite file or postgres://…")
	to := fs.String("to", "", "the empty casebook to copy it into: a SQLite file or postgres://…")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch {
	case len(rest) > 0:
		return usageError(fs, "unexpected argument %q", rest[0])
	case *from == "" || *to == "":
		return usageError(fs, "want both --from and --to")
	case *from == *to:
		return usageError(fs, "--from and --to are the same casebook")
	}
	src, err := openStore(ctx, *from, mustExist)
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	defer src.Close()
	dst, err := openStore(ctx, *to, create)
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	defer dst.Close()
	start := time.Now()
	want, err := sqlstore.Copy(ctx, dst.SQL(), src.SQL(), func(table string, rows int) {
		fmt.Fprintf(stderr, "copied %-20s %8d rows (%s)\n", table, rows, time.Since(start).Round(time.Millisecond))
	})
	if err != nil {
		return fail(stderr, "migrate-store", err)
	}
	got, err := dst.SQL().TableSums(ctx)
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
		dbName(*from), dbName(*to), len(want), rows, time.Since(start).Round(time.Millisecond))
	return 0
}

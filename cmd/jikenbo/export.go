package main

import (
	"bufio"
	"context"
	"io"

	"github.com/jikenbo/jikenbo/casebook"
)

func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", "usage: jikenbo export [--db FILE] [--format json|csv] > FILE", stderr)
	db := dbFlag(fs)
	format := fs.String("format", "json", "json (the whole casebook, re-importable) or csv (one row per case)")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q (export writes to standard output)", rest[0])
	}
	if *format != "json" && *format != "csv" {
		return usageError(fs, "--format %q: want json or csv", *format)
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "export", err)
	}
	defer s.Close()
	w := bufio.NewWriter(stdout)
	if *format == "csv" {
		err = casebook.WriteCSV(ctx, s, w)
	} else {
		err = casebook.WriteJSON(ctx, s, w)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fail(stderr, "export", err)
	}
	return 0
}

package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/jikenbo/jikenbo/casebook"
)

func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "json", "json (the whole casebook, re-importable) or csv (one row per case)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jikenbo export [--db FILE] [--format json|csv] > FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*format != "json" && *format != "csv") {
		fs.Usage()
		return 2
	}
	s, err := openStore(ctx, *db)
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

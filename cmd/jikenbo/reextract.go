package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
)

func runReextract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reextract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jikenbo reextract [--db FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return fail(stderr, "reextract", err)
	}
	defer s.Close()
	var progress func(done, total int)
	if isTerminal(stderr) {
		progress = func(done, total int) {
			if done%100 == 0 || done == total {
				fmt.Fprintf(stderr, "\r%d/%d releases ", done, total)
			}
		}
	}
	out, err := casebook.Reextract(ctx, s, extract.Extract, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	fmt.Fprintf(stdout, "%d releases re-read, %d with changed facts; overrides kept\n", out.Releases, out.Changed)
	if err != nil {
		return fail(stderr, "reextract", err)
	}
	return 0
}

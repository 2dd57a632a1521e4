package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
)

func runReextract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("reextract", "usage: jikenbo reextract [--db FILE]", stderr)
	db := dbFlag(fs)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	s, err := openStore(ctx, *db, mustExist)
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
	out, err := casebook.Reextract(ctx, s, cliActor(), extract.Extract, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	fmt.Fprintf(stdout, "%d releases re-read, %d with changed facts; overrides kept\n", out.Releases, out.Changed)
	if err != nil {
		return fail(stderr, "reextract", err)
	}
	return 0
}

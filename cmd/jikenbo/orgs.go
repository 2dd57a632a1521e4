package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jikenbo/jikenbo/casebook"
)

const orgsUsage = `usage: jikenbo orgs import-houjin FILE [--db FILE]`

// runOrgs runs the organisation commands: import-houjin gives the
// organisations their 法人番号 from the National Tax Agency's
// corporate-number CSV.
func runOrgs(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "import-houjin" && args[0] != "-h" && args[0] != "--help" && args[0] != "-help") {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "jikenbo orgs: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprintln(stderr, orgsUsage)
		return 2
	}
	if args[0] != "import-houjin" {
		fmt.Fprintln(stdout, orgsUsage)
		return 0
	}
	fs := newFlagSet("orgs import-houjin", orgsUsage, stderr)
	db := dbFlag(fs)
	rest, code := parseFlags(fs, args[1:], stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		return usageError(fs, "want one FILE (the corporate-number CSV, Shift_JIS or UTF-8), got %d arguments", len(rest))
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return fail(stderr, "orgs import-houjin", err)
	}
	defer f.Close()
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "orgs import-houjin", err)
	}
	defer s.Close()
	sum, err := casebook.ImportHoujin(ctx, s, f, rest[0], cliActor())
	if err != nil {
		return fail(stderr, "orgs import-houjin", err)
	}
	fmt.Fprintf(stdout, "%d records (%d current): %d organisations given their 法人番号, %d with several candidates left for the desk (/desk/houjin), %d had one already\n",
		sum.Records, sum.Current, sum.Matched, sum.Ambiguous, sum.Kept)
	for _, c := range sum.Conflicts {
		fmt.Fprintf(stdout, "not set: %s\n", c)
	}
	return 0
}

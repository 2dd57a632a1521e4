package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

const deleteUsage = `usage: jikenbo delete [--db FILE] [--dry-run] RELEASE-ID...
       jikenbo delete [--db FILE] [--dry-run] --source PATH|URL
       jikenbo delete [--db FILE] --case YYYY-NNN

Deletes releases with all their versions. Each leaves a tombstone: its ID is never
used again and its page answers 410 Gone. A case left without releases is deleted
too, its number retired. --source deletes everything one import read from a file,
a directory or a URL; --dry-run lists what would go. Every deletion is in the audit log.`

func runDelete(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("delete", deleteUsage, stderr)
	db := dbFlag(fs)
	source := fs.String("source", "", "delete every release read from this file, directory or URL")
	caseID := fs.String("case", "", "delete this case, which must hold no release")
	dryRun := fs.Bool("dry-run", false, "list what would be deleted, delete nothing")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	var ids []int64
	for _, a := range rest {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return usageError(fs, "release ID %q: want a number (jikenbo history SOURCE shows it)", a)
		}
		ids = append(ids, id)
	}
	given := 0
	for _, b := range []bool{len(ids) > 0, *source != "", *caseID != ""} {
		if b {
			given++
		}
	}
	if given != 1 {
		return usageError(fs, "want release IDs, --source or --case (one of them)")
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "delete", err)
	}
	defer s.Close()
	desk := &casebook.Desk{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
	if *caseID != "" {
		if *dryRun {
			c, err := s.FindCaseByID(ctx, *caseID)
			if err != nil {
				return fail(stderr, "delete", err)
			}
			fmt.Fprintf(stdout, "would delete case %s (%s)\n", c.ID, plural(len(c.Releases), "release", "releases"))
			return 0
		}
		if err := desk.DeleteCase(ctx, cliActor(), *caseID); err != nil {
			return fail(stderr, "delete", err)
		}
		fmt.Fprintf(stdout, "deleted case %s; its number is retired\n", *caseID)
		return 0
	}
	var rs []*jikenbo.Release
	if *source != "" {
		if rs, err = casebook.ReleasesFromSource(ctx, s, *source); err == nil && len(rs) == 0 {
			err = jikenbo.Errorf(jikenbo.ENOTFOUND, "no release was read from %s", *source)
		}
	} else {
		for _, id := range ids {
			r, ferr := s.FindReleaseByID(ctx, id)
			if ferr != nil {
				err = ferr
				break
			}
			rs = append(rs, r)
		}
	}
	if err != nil {
		return fail(stderr, "delete", err)
	}
	verb := "deleted"
	if *dryRun {
		verb = "would delete"
	}
	for _, r := range rs {
		f := r.Facts()
		fmt.Fprintf(stdout, "%s release %d  %s  %s %s\n", verb, r.ID, r.Source, f.Organization, f.Title)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%s would be deleted (dry run: nothing changed)\n", plural(len(rs), "release", "releases"))
		return 0
	}
	err = s.InTx(ctx, func(tx jikenbo.Store) error {
		txDesk := &casebook.Desk{Store: tx, Extract: desk.Extract, Linker: desk.Linker}
		for _, r := range rs {
			if err := txDesk.DeleteRelease(ctx, cliActor(), r.ID); err != nil {
				return fmt.Errorf("release %d: %w", r.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fail(stderr, "delete", err)
	}
	fmt.Fprintf(stdout, "%s deleted\n", plural(len(rs), "release", "releases"))
	return 0
}

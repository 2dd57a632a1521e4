package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/jikenbo/jikenbo"
)

func runAudit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	release := fs.Int64("release", 0, "only the entries about this release")
	caseID := fs.String("case", "", "only the entries about this case")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jikenbo audit export [--db FILE] [--release ID] [--case YYYY-NNN]")
		fs.PrintDefaults()
	}
	if len(args) == 0 || args[0] != "export" {
		fs.Usage()
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return fail(stderr, "audit", err)
	}
	defer s.Close()
	var f jikenbo.AuditFilter
	if *release != 0 {
		f.ReleaseID = release
	}
	if *caseID != "" {
		f.CaseID = caseID
	}
	es, err := s.FindAuditEntries(ctx, f)
	if err != nil {
		return fail(stderr, "audit", err)
	}
	if es == nil {
		es = []*jikenbo.AuditEntry{}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Entries []*jikenbo.AuditEntry `json:"entries"`
	}{es}); err != nil {
		return fail(stderr, "audit", err)
	}
	return 0
}

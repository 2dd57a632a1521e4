package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/jikenbo/jikenbo"
)

func runAudit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", "usage: jikenbo audit export [--db FILE] [--release ID] [--case YYYY-NNN]", stderr)
	db := dbFlag(fs)
	release := fs.Int64("release", 0, "only the entries about this release")
	caseID := fs.String("case", "", "only the entries about this case")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) == 0 || rest[0] != "export" {
		return usageError(fs, "want the subcommand export")
	}
	if len(rest) > 1 {
		return usageError(fs, "unexpected argument %q", rest[1])
	}
	s, err := openStore(ctx, *db, mustExist)
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

package main

import (
	"context"
	"fmt"
	"io"
)

func runBackup(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("backup", "usage: jikenbo backup [--db FILE] BACKUP-FILE", stderr)
	db := dbFlag(fs)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		return usageError(fs, "want one BACKUP-FILE, got %d arguments", len(rest))
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "backup", err)
	}
	defer s.Close()
	if err := s.Backup(ctx, rest[0]); err != nil {
		return fail(stderr, "backup", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *db, rest[0])
	return 0
}

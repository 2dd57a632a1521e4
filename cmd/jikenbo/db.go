package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// defaultDB is the casebook file when neither --db nor JIKENBO_DB says.
const defaultDB = "jikenbo.db"

// dbFlag adds --db to fs, defaulting to JIKENBO_DB or ./jikenbo.db.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("JIKENBO_DB")
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "casebook database file (env JIKENBO_DB)")
}

func openStore(ctx context.Context, path string) (*sqlite.Store, error) {
	return sqlite.Open(ctx, path, sqlite.Options{})
}

// newLogger is the CLI's logger: text on stderr, warnings and up unless
// JIKENBO_LOG=debug.
func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("JIKENBO_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// fail prints an error the way every command does and returns exit code 1.
func fail(w io.Writer, cmd string, err error) int {
	if jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
		fmt.Fprintf(w, "jikenbo %s: %v\n", cmd, err)
	} else {
		fmt.Fprintf(w, "jikenbo %s: %s\n", cmd, jikenbo.ErrorMessage(err))
	}
	return 1
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/store/sqlstore"
)

// defaultDB is the casebook file when neither --db nor JIKENBO_DB says.
const defaultDB = "jikenbo.db"

// dbFlag adds --db to fs, defaulting to JIKENBO_DB or ./jikenbo.db.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("JIKENBO_DB")
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "casebook: a SQLite file, or a PostgreSQL database as postgres://… (env JIKENBO_DB)")
}

// store is what the commands need of a casebook; both engines have it.
type store interface {
	jikenbo.Store
	jikenbo.QueryStore
	// Backup writes a consistent copy of the casebook to a new file.
	Backup(ctx context.Context, path string) error
	// Check verifies the casebook's integrity and its search index.
	Check(ctx context.Context) error
	// SQL is the engine-independent store under both, for migrate-store.
	SQL() *sqlstore.Store
}

// openMode says whether a command may create the casebook it opens.
type openMode int

const (
	// mustExist is for commands that only read or change a casebook: a
	// SQLite file that is not there is an error, not a new casebook.
	mustExist openMode = iota
	// create is for commands that add to a casebook (import, serve,
	// user add, the target of migrate-store): a missing file is created.
	create
)

// openStore opens the casebook db names: a postgres:// or postgresql://
// URL selects the PostgreSQL store, anything else is a SQLite file.
// What the one-time upgrade steps did on open (duplicates merged, cases
// summarised again) is logged.
func openStore(ctx context.Context, db string, mode openMode) (store, error) {
	if postgres.IsDSN(db) {
		s, err := postgres.Open(ctx, db, postgres.Options{})
		if err == nil {
			logUpgrade(s.Upgraded)
		}
		return s, err
	}
	if mode == mustExist {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "%s: no such casebook (jikenbo import or serve creates one)", db)
		}
	}
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err == nil {
		logUpgrade(s.Upgraded)
	}
	return s, err
}

func logUpgrade(r sqlstore.UpgradeReport) {
	if r.Merged > 0 || r.Refreshed > 0 {
		slog.Info("casebook upgraded", "releases_banded", r.Banded, "duplicates_merged", r.Merged, "cases_summarised", r.Refreshed)
	}
}

// dbName is db for messages, without a PostgreSQL password.
func dbName(db string) string {
	if !postgres.IsDSN(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// newLogger is the CLI's logger: text on stderr, warnings and up, unless
// JIKENBO_LOG says otherwise (see logSettings).
func newLogger(w io.Writer) *slog.Logger {
	return logSettings(w, "text", slog.LevelWarn)
}

// logSettings makes a logger on w from JIKENBO_LOG, a comma-separated list
// of a level (debug, info, warn, error) and a format (json, text); what it
// does not name keeps the command's default: the server logs JSON from
// info up, the other commands text from warnings up. JIKENBO_LOG=debug
// logs each release's filing decision; JIKENBO_LOG=text makes the
// server's log readable on a terminal.
func logSettings(w io.Writer, format string, level slog.Level) *slog.Logger {
	for _, word := range strings.Split(os.Getenv("JIKENBO_LOG"), ",") {
		switch word = strings.ToLower(strings.TrimSpace(word)); word {
		case "json", "text":
			format = word
		case "debug", "info", "warn", "error":
			level.UnmarshalText([]byte(word))
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
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

// printJSON writes v as indented JSON, for the --json of list commands.
func printJSON(stdout, stderr io.Writer, cmd string, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fail(stderr, cmd, err)
	}
	return 0
}

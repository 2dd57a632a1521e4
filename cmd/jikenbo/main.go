// Command jikenbo keeps the public record of security incidents that
// organisations in Japan disclose.
//
// Usage:
//
//	jikenbo extract [--pretty] FILE|URL...
//
// extract reads the facts of each release and prints them as JSON following
// the extraction contract: one object for one release, an array in the same
// order for several. An input is a text file (UTF-8, Shift_JIS or EUC-JP),
// an HTML page (its main text, without menus and footers), a PDF file (read
// with pdftotext from poppler-utils and poppler-data), a Blogger export or
// Atom feed (one release per live post), an http or https URL of any of
// these, or "-" for standard input. The kind is told from the bytes, not
// the file name. It touches no database.
//
// The casebook commands work on one SQLite file: --db FILE, or the
// environment variable JIKENBO_DB, or ./jikenbo.db. It is created on first
// use and its schema is brought up to date whenever it is opened.
//
//	jikenbo import [--db FILE] PATH...
//
// import adds releases to the casebook. Each PATH is a file or a directory
// searched recursively for .txt and .json files. A text file holds one
// release, or is a casebook page holding several posts: each
// 【セキュリティ事件簿#2024-217】 headline starts a post, whose number is
// kept; 【2024年7月5日リリース分】 lines record an earlier release of the case
// on its timeline; a label page's heading (ラベル 最終報告 の投稿を表示しています。)
// labels every post; navigation lines are dropped. A .json file must be the
// output of jikenbo export, which is restored as it was.
//
// Each release is read by the extractor, filed under its organisation and
// linked to a case: a follow-up of the same organisation's case, another
// client's release about a contractor incident already in the casebook,
// or a new case numbered YYYY-NNN by the year of its first release. Every
// filing decision is recorded with its reasons. Importing is idempotent
// (the same bytes twice add nothing) and atomic per release: a release that
// fails is reported with its file and reason and rolled back alone. On a
// terminal a progress bar shows the rate and the time left. import ends
// with a summary (added, already present, linked to existing cases, new
// cases, failed) and exits 1 when anything failed. Two imports may run at
// once; they take turns per release and never hand out a number twice.
//
//	jikenbo reextract [--db FILE]
//
// reextract reads every release again with the current extractor and
// renews the automatic labels (category names, 最終報告). Editors'
// corrections are kept apart from the extracted facts and survive.
//
//	jikenbo export [--db FILE] [--format json|csv]
//
// export writes the casebook to standard output. JSON is one document,
// {"releases": [...], "cases": [...], "organizations": [...], "labels":
// [...]}, holding everything: importing it into an empty casebook and
// exporting again gives the same bytes. CSV has one row per case for
// spreadsheets.
//
//	jikenbo backup [--db FILE] BACKUP-FILE
//
// backup writes a consistent copy of the casebook to a new file (SQLite
// VACUUM INTO), also while a server or an import is using it.
//
//	jikenbo serve [--db FILE] [--addr 127.0.0.1:8080] [--base-url URL] [--no-sample] [--cache-mb 64]
//
// serve publishes the casebook on the web, Japanese first and readable
// without JavaScript: the latest releases (/), cases (/cases/2024-244),
// each release's archived text with every extracted fact highlighted at
// its evidence (/releases/ID), labels (/labels, /labels/NAME), the
// archive by year and month (/archive/2024/11), organisations (/orgs/ID),
// full-text search with facets (/search?q=紛失), statistics with charts
// and CSV (/stats), ongoing cases (/watch), Atom feeds (/feed.atom,
// /labels/NAME/feed.atom, /orgs/ID/feed.atom, /search/feed.atom?q=…) and
// a read-only JSON API (/api/v1/…, described at /api/v1/openapi.json).
// Pages, feeds and the API answer conditional requests with 304, and
// whole responses are kept in memory (--cache-mb) until the casebook
// changes, also by an import running in another process.
// --base-url is the public address used in canonical links and feeds.
// When the casebook is empty, serve first loads a sample casebook of
// fictional releases (labelled サンプル, and said so in every page's
// footer); --no-sample skips it. Samples never go into a casebook that
// holds data.
//
// Set JIKENBO_LOG=debug to log each release's filing decision.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand: its name, a one-line summary for the usage
// text, and the function that runs it and returns the exit code.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"extract", "read the facts of releases and print them as JSON", runExtract},
		{"import", "add releases, casebook pages and exports to the casebook", runImport},
		{"reextract", "read every release again with the current extractor", runReextract},
		{"export", "write the casebook as JSON or CSV", runExport},
		{"backup", "copy the casebook to a file, safely while it is in use", runBackup},
		{"serve", "serve the casebook as a website, Atom feeds and a JSON API", runServe},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "jikenbo: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: jikenbo COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'jikenbo COMMAND -h' for a command's flags.")
}

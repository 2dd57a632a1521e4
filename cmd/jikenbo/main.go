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
// the file name. A casebook page holding several posts gives one object
// per post, as import files them, with the source FILE#N and evidence
// spans into that post's text. It touches no database.
//
// The casebook commands work on one SQLite file: --db FILE, or the
// environment variable JIKENBO_DB, or ./jikenbo.db. It is created on first
// use and its schema is brought up to date whenever it is opened. A
// PostgreSQL URL instead (--db postgres://USER@HOST/DB, a search_path
// parameter choosing a schema) keeps the casebook in that database, for
// several serve and import processes on several machines; the database
// must be UTF8.
//
//	jikenbo classify [--json] FILE|URL...
//
// classify tells, for each document, whether it is an organisation's own
// notice of a security incident or its follow-up, as opposed to product
// news, maintenance and outage notices, recalls, warnings about phishing in
// the organisation's name, seminars or columns: the verdict, a score in
// [0,1] (an incident notice from 0.5) and the cues that moved the score
// with their weights (log-odds), largest first. Inputs are read as by
// extract. The weights are fitted on testdata/classify
// (go run ./tools/classifyfit); their measured precision and recall are in
// docs/measurements/classify.md.
//
//	jikenbo import [--db FILE] [--draft] [--exclude GLOB] PATH|URL...
//
// import adds releases to the casebook. Each PATH is a file, an http or
// https URL (fetched; the final URL is the source), or a directory
// searched recursively for .txt, .json, .html, .htm, .pdf, .xml and .atom
// files; there, JSON files that are not jikenbo exports (annotations,
// notes) and whatever matches an --exclude pattern are passed over and
// counted in the summary. A file's source is its absolute, cleaned path,
// so one file is one source however its path is spelled. The kind of each input is told from its bytes: an HTML page or
// a PDF file is one release, a Blogger export or feed gives one release
// per live post (its labels, published date, and the post's URL as the
// source; settings, comments, pages, templates and drafts are counted in
// the summary as skipped), an input that cannot be read (a truncated PDF,
// a "PDF" that is an HTML page, an oversized page, a broken Blogger
// entry, invalid bytes) is reported by name and the import goes on. When
// a source already imported (the same URL, Blogger post or file path)
// comes again with other bytes, the new text is kept as a new version of
// the same release, re-extracted, with the facts that changed recorded;
// see history. Every version's original bytes are kept. A text file holds one
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
// filing decision is recorded with its reasons. A release already in the
// casebook arriving from another source (the same or nearly the same
// text: a casebook's repost, an HTML page and its PDF) is kept as another
// source of it, not as a new release. Importing is idempotent
// (the same bytes twice add nothing) and atomic per release: a release that
// fails is reported with its file and reason and rolled back alone. On a
// terminal a progress bar shows the rate and the time left. import ends
// with a summary (added, already present, linked to existing cases, new
// cases, failed) and exits 1 when anything failed. Two imports may run at
// once; they take turns per release and never hand out a number twice.
// With --draft the new releases are filed the same way but stored as
// drafts: they wait in the desk's review queue (/desk), oldest first,
// and stay off every public page, feed and the read API, with what they
// bring to a case (an organisation's role, an earlier release, a related
// case) and a case holding only drafts, until an editor publishes them;
// adding them changes no public ETag. Without it an import publishes at
// once.
//
//	jikenbo history [--db FILE] RELEASE
//
// history shows every version of a release (RELEASE is its ID, or the URL
// or path it was imported from): when each was imported, its SHA-256, the
// facts that changed from the previous version (field: before -> after)
// and a line diff of the text (longest common subsequence; "-" removed,
// "+" added, two lines of context).
//
//	jikenbo reextract [--db FILE]
//
// reextract reads every release again with the current extractor and
// renews the automatic labels (category names, 最終報告). Editors'
// corrections are kept apart from the extracted facts and survive.
//
//	jikenbo export [--db FILE] [--format json|csv|veris|stix] [--label NAME] [--query Q] [--case YYYY-NNN] [--base-url URL] [--source-id NAME]
//
// export writes the casebook to standard output. JSON is one document,
// {"releases": [...], "cases": [...], "organizations": [...], "labels":
// [...]}, holding everything: importing it into an empty casebook and
// exporting again gives the same bytes. CSV has one row per case for
// spreadsheets. veris writes the public cases as a JSON array of VERIS
// 1.4.1 incidents, stix as one STIX 2.1 bundle (see the README for loading
// it into MISP or OpenCTI); both take only public releases, may be
// narrowed to a label (--label), a search (--query) or one case (--case),
// and name the casebook by --source-id (default: the host of --base-url).
//
//	jikenbo orgs import-houjin FILE [--db FILE]
//
// orgs import-houjin reads the National Tax Agency's corporate-number data
// (法人番号公表サイト 全件データ, the CSV in Shift_JIS or UTF-8) and gives each
// organisation without a 法人番号 the number of the one current entry with
// the same name and legal form; when several match, they wait on the desk
// (/desk/houjin) for an editor to choose. Nothing is written unless the
// whole file reads, and reading it again changes nothing.
//
//	jikenbo delete [--db FILE] [--dry-run] RELEASE-ID... | --source PATH|URL | --case YYYY-NNN
//
// delete deletes releases with all their versions: by ID, or every
// release one import read from a file, a directory or a URL (--source;
// --dry-run lists them and changes nothing). A case left without releases
// is deleted with them; --case deletes a case that holds none. What is
// deleted leaves a tombstone: its ID or number is never handed out again,
// its public URLs answer 410 Gone, and exports carry the tombstones. Every
// deletion is in the audit log with the OS user as actor. Editors delete
// on the desk (a ticked confirmation) and with DELETE
// /api/v1/releases/ID and /api/v1/cases/ID in the write API.
//
//	jikenbo backup [--db FILE] BACKUP-FILE
//
// backup writes a consistent copy of the casebook to a new file (SQLite
// VACUUM INTO), also while a server or an import is using it. The copy
// is written beside BACKUP-FILE and takes its name only once complete and
// checked, so a failed backup leaves nothing behind. On PostgreSQL use
// pg_dump instead.
//
//	jikenbo migrate-store --from DB --to DB
//
// migrate-store copies a casebook into an empty one, either way between
// SQLite (a file) and PostgreSQL (postgres://USER@HOST/DB), in one
// transaction: every table row for row with its IDs (releases and
// their versions, corrections, cases, labels, accounts, tokens, sessions,
// the login throttle and the audit log), the search index rebuilt from
// the texts. It then compares each table's row count and SHA-256 (rows
// in key order) with the source's and exits 1 if any differs.
//
//	jikenbo serve [--db FILE] [--addr 127.0.0.1:8080] [--base-url URL] [--no-sample] [--cache-mb 64] [--trust-proxy] [--allow-private-urls] [--watch]
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
// While the casebook has no public release, the site shows a sample
// casebook of fictional releases instead (labelled サンプル, and said so
// on every page); --no-sample turns it off. The samples are kept in a
// temporary file of their own, never in the casebook, and the casebook
// replaces them as soon as it has a public release, so the two are never
// counted together.
//
//	jikenbo user add NAME --role admin|editor [--password-stdin]
//	jikenbo user passwd NAME [--password-stdin]
//	jikenbo user disable NAME
//	jikenbo user list
//
// user manages the editors' accounts. A password is read without echo
// from the terminal (twice), or as the first line of standard input with
// --password-stdin; it is stored only as an argon2id hash. passwd and
// disable end the account's sessions at once; a disabled account's
// tokens stop working too.
//
//	jikenbo token add --user NAME
//	jikenbo token list [--user NAME]
//	jikenbo token revoke ID
//
// token add prints a new API token for the write API (sent as
// "Authorization: Bearer TOKEN"); the casebook keeps only its SHA-256, so
// it is shown once. Every account and token change is in the audit log.
//
//	jikenbo audit export [--release ID] [--case YYYY-NNN]
//
// audit export writes the audit log as JSON, {"entries": [...]}, oldest
// first: who changed what and when, with the thing before and after.
//
// serve also runs the editors' desk. Editors log in at /login (accounts
// from jikenbo user; sessions are kept in the casebook file and last 12
// hours; 5 wrong passwords for one account, or 20 from one address, in 15
// minutes lock logins for 15 minutes with HTTP 429). At /desk they add a
// release as a draft (pasted text, an uploaded text, HTML or PDF file up
// to 16 MiB, or a URL, which is refused when it resolves to a loopback,
// private or link-local address unless --allow-private-urls), check the
// extracted facts beside the highlighted text, correct any field, file
// the release in the proposed case, another case or a new one, and
// publish it. Drafts wait in the review queue, oldest first, and appear
// on no public page, feed or read API. Every change is in the audit log,
// shown per release and per case on the desk and exported as JSON at
// /api/v1/audit. The write API takes a token (jikenbo token add):
// POST /api/v1/releases with {"text": …} or {"url": …} answers 201 with
// the draft; POST /api/v1/releases/ID/facts {"field", "value"},
// /api/v1/releases/ID/case {"case_id"} ("" for a new case) and
// /api/v1/releases/ID/publish. Every state-changing request needs a
// session or a token, and a cross-site form post is refused with 403
// (http.CrossOriginProtection). With --trust-proxy, a proxy's
// X-Forwarded-Proto: https makes cookies Secure and X-Forwarded-For is
// the address the throttle counts.
//
//	jikenbo source add URL [--kind feed|page|sitemap] [--org ID] [--every 1h]
//	jikenbo source list [--json] | remove ID|URL | import FILE
//
// source keeps the list of places the watcher polls: an organisation's
// RSS or Atom feed, its HTML news list (お知らせ一覧, in any Japanese
// encoding: the list's links with their titles and dates, without menus
// and footers) or its sitemap (or sitemap index, read by lastmod). The
// kind is told from the URL when not given. import reads an OPML file
// (every outline with an xmlUrl is a feed) or a plain list, one
// "URL [kind] [interval]" a line; it adds all or nothing, and the
// sources already watched are counted, not added twice.
//
//	jikenbo watch [--once] [--min-gap 2s] [--allow-private-urls]
//
// watch polls every source that is due, politely: robots.txt obeyed,
// a conditional GET (ETag, If-Modified-Since) so that an unchanged list
// costs a 304, one request at a time per host at least --min-gap apart,
// a User-Agent naming the project and its contact URL, the URL
// importer's timeouts, size limits and SSRF guard. Each new item is
// fetched, read (HTML or PDF) and classified (classify.Default): an
// organisation's notice of a security incident or its follow-up is
// extracted, linked to a case and stored as a draft, whose audit entry
// says which source found it, when, and the classifier's score and
// reasons; the others are kept as passed-over items on the desk
// (/desk/sources), with their score, to be promoted in one click. The
// same bytes under another URL are filed once. A failing source backs off
// exponentially with jitter and shows its last error; the state is in the
// casebook, so a restarted watcher resumes. The source URLs of the
// releases of ongoing cases are re-read daily, less often as a case
// ages; changed bytes become a new version of the release (see history)
// and are shown on /watch. Without --once it polls every minute until
// stopped; serve --watch does the same in the background.
//
//	jikenbo webhook add URL --event EVENT [--event EVENT]... | list | remove ID | log | send | prune [--older-than DUR]
//
// webhook keeps the URLs told about events: release.published (a release
// became public), case.updated (a public case changed) and draft.found (a
// draft was found by watching). add prints the webhook's secret once; each
// delivery is a JSON POST signed with it (X-Jikenbo-Signature:
// t=UNIX,v1=HMAC-SHA256 of "UNIX.body", see the README), retried with
// doubling waits from 30 seconds, up to 8 attempts. Events are queued in
// the casebook with the change that caused them; serve sends them every
// 10 seconds, webhook send once. log shows each delivery's state,
// attempts and last answer, as the desk does at /desk/webhooks. prune
// deletes delivered and failed deliveries older than --older-than (90
// days); serve does so hourly with --webhook-keep.
//
//	jikenbo version | completion bash|zsh | man
//
// version prints the module version and the commit the binary was built
// from; completion prints a bash or zsh completion script; man prints
// this manual as a roff page (jikenbo man | man -l -).
//
// Flags may stand before or after a command's arguments ("--" ends
// them), and each flag can also be set in the environment as JIKENBO_NAME
// (--cache-mb as JIKENBO_CACHE_MB); docs/config.md lists them all.
//
// Set JIKENBO_LOG=debug to log each release's filing decision, and
// JIKENBO_LOG=text (or json) to choose the log's format.
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
	// The first signal asks the command to stop cleanly; a second one
	// stops the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
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
		{"classify", "tell whether documents are organisations' own incident notices, with the reasons", runClassify},
		{"import", "add releases, casebook pages and exports to the casebook", runImport},
		{"reextract", "read every release again with the current extractor", runReextract},
		{"history", "show the versions of a release: text diff and changed facts", runHistory},
		{"export", "write the casebook as JSON or CSV, or its public cases as VERIS or STIX", runExport},
		{"orgs", "give organisations their 法人番号 from the National Tax Agency's corporate-number CSV", runOrgs},
		{"delete", "delete releases (by ID or by the source they were imported from) or an empty case", runDelete},
		{"backup", "copy the casebook to a file, safely while it is in use", runBackup},
		{"migrate-store", "copy a SQLite casebook into PostgreSQL and verify the copy", runMigrateStore},
		{"serve", "serve the casebook as a website, Atom feeds and a JSON API", runServe},
		{"source", "add, list, remove and import the sources the watcher polls", runSource},
		{"watch", "poll the watched sources and ongoing cases' releases; file incidents as drafts", runWatch},
		{"user", "add, list, disable editors' accounts and change passwords", runUser},
		{"token", "make, list and revoke editors' API tokens", runToken},
		{"webhook", "add, list, remove webhooks; show their delivery log; send due deliveries", runWebhook},
		{"audit", "export the audit log of editors' changes as JSON", runAudit},
		{"version", "print the version and how this binary was built", runVersion},
		{"completion", "print shell completion for bash or zsh", runCompletion},
		{"man", "print the manual page (roff)", runMan},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return 0
	case "-version", "--version":
		return runVersion(ctx, nil, stdin, stdout, stderr)
	case "help":
		// "help import" is "import --help".
		if len(args) == 1 {
			usage(stdout)
			return 0
		}
		args = []string{args[1], "--help"}
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
	fmt.Fprintln(w, "\nRun 'jikenbo help COMMAND' (or 'jikenbo COMMAND --help') for a command's flags.")
}

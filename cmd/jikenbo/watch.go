package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/watch"
)

const sourceUsage = `usage: jikenbo source add URL [--kind feed|page|sitemap] [--org ID] [--every 1h] [--db FILE]
       jikenbo source list [--json] [--db FILE]
       jikenbo source remove ID|URL [--db FILE]
       jikenbo source import FILE [--db FILE]   (OPML, or one "URL [kind] [interval]" a line)`

func runSource(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, sourceUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("source "+sub, sourceUsage, stderr)
	db := dbFlag(fs)
	kind := fs.String("kind", "", "add: feed, page or sitemap (default: told from the URL)")
	org := fs.Int64("org", 0, "add: the ID of the organisation publishing there")
	every := fs.Duration("every", jikenbo.DefaultWatchEvery, "add: how often to poll it")
	asJSON := fs.Bool("json", false, "list: print JSON, one array of sources")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch {
	case sub == "list" && len(rest) > 0:
		return usageError(fs, "unexpected argument %q", rest[0])
	case sub != "list" && len(rest) != 1:
		return usageError(fs, "want one argument, got %d", len(rest))
	}
	mode := mustExist
	if sub == "add" || sub == "import" {
		mode = create
	}
	s, err := openStore(ctx, *db, mode)
	if err != nil {
		return fail(stderr, "source", err)
	}
	defer s.Close()
	switch sub {
	case "add":
		k := jikenbo.WatchKind(*kind)
		if k == "" {
			k = jikenbo.GuessWatchKind(rest[0])
		}
		src := &jikenbo.WatchSource{URL: rest[0], Kind: k, OrganizationID: *org, Every: *every}
		if err := s.CreateWatchSource(ctx, src); err != nil {
			return fail(stderr, "source add", err)
		}
		fmt.Fprintf(stdout, "source %d: %s (%s, every %s)\n", src.ID, src.URL, src.Kind, src.Every)
	case "list":
		srcs, err := s.FindWatchSources(ctx)
		if err != nil {
			return fail(stderr, "source list", err)
		}
		if *asJSON {
			out := make([]sourceJSON, len(srcs))
			for i, src := range srcs {
				out[i] = newSourceJSON(src)
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(out); err != nil {
				return fail(stderr, "source list", err)
			}
			return 0
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tEVERY\tNEXT DUE\tFAILURES\tLAST ERROR\tURL")
		for _, src := range srcs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", src.ID, src.Kind, src.Every, src.NextDue.UTC().Format(time.RFC3339), src.Failures,
				src.LastError, src.URL)
		}
		tw.Flush()
	case "remove":
		id, err := sourceID(ctx, s, rest[0])
		if err == nil {
			err = s.DeleteWatchSource(ctx, id)
		}
		if err != nil {
			return fail(stderr, "source remove", err)
		}
		fmt.Fprintf(stdout, "source %d removed\n", id)
	case "import":
		b, err := os.ReadFile(rest[0])
		if err != nil {
			return fail(stderr, "source import", err)
		}
		srcs, err := watch.ParseSources(rest[0], b)
		if err != nil {
			return fail(stderr, "source import", err)
		}
		added, present := 0, 0
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			added, present = 0, 0
			known, err := tx.FindWatchSources(ctx)
			if err != nil {
				return err
			}
			have := map[string]bool{}
			for _, k := range known {
				have[k.URL] = true
			}
			for _, src := range srcs {
				if have[src.URL] {
					present++
					continue
				}
				have[src.URL] = true
				if err := tx.CreateWatchSource(ctx, src); err != nil {
					return err
				}
				added++
			}
			return nil
		})
		if err != nil {
			return fail(stderr, "source import", err)
		}
		fmt.Fprintf(stdout, "%s: %d added, %d already watched\n", rest[0], added, present)
	default:
		return usageError(fs, "unknown subcommand %q (add, list, remove, import)", sub)
	}
	return 0
}

// sourceID reads a source's ID, or finds it by its URL.
func sourceID(ctx context.Context, s store, arg string) (int64, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		return id, nil
	}
	srcs, err := s.FindWatchSources(ctx)
	if err != nil {
		return 0, err
	}
	for _, src := range srcs {
		if src.URL == arg {
			return src.ID, nil
		}
	}
	return 0, jikenbo.Errorf(jikenbo.ENOTFOUND, "no source %s", arg)
}

// sourceJSON is a source in source list --json and the API.
type sourceJSON struct {
	ID             int64   `json:"id"`
	URL            string  `json:"url"`
	Kind           string  `json:"kind"`
	OrganizationID int64   `json:"organization_id,omitempty"`
	EverySeconds   int64   `json:"every_seconds"`
	NextDue        string  `json:"next_due"`
	LastSuccess    *string `json:"last_success"`
	Failures       int     `json:"failures"`
	LastError      string  `json:"last_error,omitempty"`
}

func newSourceJSON(s *jikenbo.WatchSource) sourceJSON {
	out := sourceJSON{ID: s.ID, URL: s.URL, Kind: string(s.Kind), OrganizationID: s.OrganizationID, EverySeconds: int64(s.Every / time.Second),
		NextDue: s.NextDue.UTC().Format(time.RFC3339), Failures: s.Failures, LastError: s.LastError}
	if !s.LastSuccess.IsZero() {
		t := s.LastSuccess.UTC().Format(time.RFC3339)
		out.LastSuccess = &t
	}
	return out
}

func runWatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("watch", "usage: jikenbo watch [--once] [--db FILE] [--min-gap 2s] [--allow-private-urls]", stderr)
	db := dbFlag(fs)
	once := fs.Bool("once", false, "poll what is due once and exit")
	gap := fs.Duration("min-gap", watch.DefaultMinGap, "least time between two requests to one host")
	allowPrivate := fs.Bool("allow-private-urls", false, "let the watcher fetch URLs on loopback and private networks")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	s, err := openStore(ctx, *db, create)
	if err != nil {
		return fail(stderr, "watch", err)
	}
	defer s.Close()
	w := newWatcher(s, *allowPrivate, *gap, newLogger(stderr))
	if !*once {
		if err := w.Run(ctx); err != nil && ctx.Err() == nil {
			return fail(stderr, "watch", err)
		}
		return 0
	}
	r, err := w.RunOnce(ctx)
	fmt.Fprintf(stdout, "%d sources polled (%d not modified, %d failed), %d new items: %d drafts, %d passed over, %d known, %d failed; "+
		"%d releases of ongoing cases checked, %d changed; %d requests\n",
		r.Polled, r.NotModified, r.Failed, r.Items, r.Drafts, r.Passed, r.Known, r.ItemFailures+r.Disallowed, r.Checked, r.Changed, r.Requests)
	if err != nil {
		return fail(stderr, "watch", err)
	}
	return 0
}

// newWatcher is the watcher of serve --watch and watch: new releases as
// drafts by the fitted classifier, audited as "watch".
func newWatcher(s store, allowPrivate bool, gap time.Duration, logger *slog.Logger) *watch.Watcher {
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}, Log: logger, Draft: true, Actor: "watch"}
	return &watch.Watcher{Store: s, Importer: im, Classifier: classify.Default(), AllowPrivate: allowPrivate, MinGap: gap, Log: logger}
}

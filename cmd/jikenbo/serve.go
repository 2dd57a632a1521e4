package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/watch"
	"github.com/jikenbo/jikenbo/web"
	"github.com/jikenbo/jikenbo/webhook"
)

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "usage: jikenbo serve [--db FILE] [--addr 127.0.0.1:8080] [--base-url URL] [--no-sample] [--cache-mb 64] [--memory-mb auto] [--trust-proxy] [--allow-private-urls] [--watch] [--webhook-keep 2160h] [--print-config]", stderr)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	base := fs.String("base-url", "", "public URL of the site for canonical links and feeds (default http://ADDR)")
	noSample := fs.Bool("no-sample", false, "do not show the sample casebook while the casebook has no public release")
	cacheMB := fs.Int("cache-mb", 64, "memory for whole responses, kept until the casebook changes (0: off)")
	memoryMB := fs.String("memory-mb", "auto", "soft limit of the server's Go memory in MiB, response cache included: the collector works harder as it nears it (auto: 96 + --cache-mb; off: none; GOMEMLIMIT, when set, wins)")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: believe X-Forwarded-Proto and X-Forwarded-For")
	allowPrivate := fs.Bool("allow-private-urls", false, "let the desk and the watcher fetch URLs, and webhooks deliver, on loopback and private networks")
	watchToo := fs.Bool("watch", false, "also poll the watched sources in the background (jikenbo watch)")
	watchGap := fs.Duration("watch-min-gap", watch.DefaultMinGap, "with --watch: least time between two requests to one host")
	webhookKeep := fs.Duration("webhook-keep", jikenbo.DefaultWebhookKeep, "how long delivered and failed webhook deliveries stay in the log; older ones are deleted hourly (0: kept)")
	printCfg := fs.Bool("print-config", false, "print the settings serve would run with and where each comes from, then exit")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	if *printCfg {
		printConfig(fs, stdout)
		return 0
	}
	limit, err := memoryLimit(*memoryMB, *cacheMB, os.Getenv("GOMEMLIMIT"))
	if err != nil {
		return usageError(fs, "%v", err)
	}
	// The server logs JSON, one object a line, for log collectors.
	logger := logSettings(stderr, "json", slog.LevelInfo)
	if limit > 0 {
		// Put back when serve returns (the tests run it in their process).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
		logger.Info("memory limit", "mib", limit>>20)
	}
	s, err := openStore(ctx, *db, create)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	defer s.Close()
	var site web.Store = s
	if !*noSample {
		shown, closeSample, err := withSamples(ctx, s, logger)
		if err != nil {
			return fail(stderr, "serve", err)
		}
		defer closeSample()
		site = shown
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	baseURL := *base
	if baseURL == "" {
		baseURL = "http://" + ln.Addr().String()
	}
	// The desk promotes passed-over items through the watcher, polling or not.
	watcher := newWatcher(s, *allowPrivate, *watchGap, logger)
	cacheBytes := *cacheMB << 20
	if *cacheMB <= 0 {
		cacheBytes = -1
	}
	h, err := web.New(web.Config{Store: site, BaseURL: baseURL, Log: logger, AccessLog: true, SampleLabel: sample.Label, CacheBytes: cacheBytes,
		Desk: &web.DeskConfig{Store: s, TrustProxy: *trustProxy, Watch: watcher, Editor: &casebook.Desk{Store: s, Extract: extract.Extract, Linker: &link.Linker{},
			AllowPrivate: *allowPrivate}}})
	if err != nil {
		ln.Close()
		return fail(stderr, "serve", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	if *watchToo {
		// The watcher works on the user's casebook, never the samples: with
		// no source added it makes no request.
		go watcher.Run(ctx)
	}
	fmt.Fprintf(stdout, "jikenbo: serving %s on %s (%s)\n", dbName(*db), ln.Addr(), baseURL)
	// Webhook deliveries go out from here, never from the import or the
	// request that queued them.
	sendCtx, stopSending := context.WithCancel(ctx)
	sent := make(chan struct{})
	sender := &webhook.Sender{Store: s, Client: ingest.FetchOptions{RefusePrivate: !*allowPrivate, Timeout: 30 * time.Second}.Client(),
		UserAgent: ingest.UserAgent(), Log: logger, Keep: *webhookKeep}
	go func() { defer close(sent); sender.Run(sendCtx, 10*time.Second) }()
	defer func() { stopSending(); <-sent }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fail(stderr, "serve", err)
	case <-ctx.Done():
	}
	// Finish the requests in flight, then close the store. A request
	// still running after the grace period (a client reading a large
	// original slowly) is cut off, said so, and the exit is still clean.
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdown); errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("shutting down: cut off the requests still running", "after", shutdownGrace.String())
		srv.Close()
	} else if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(stderr, "serve", err)
	}
	return 0
}

// memoryLimit is the soft memory limit --memory-mb spec asks for, in
// bytes; 0 leaves Go's (none, or the GOMEMLIMIT environment variable's).
// At 100,000 releases the server holds about 55 MB of per-version data,
// and Go's collector lets the heap reach twice what is live: the auto
// limit of 96 MiB (plus the response cache) keeps serve under 150 MB of
// RSS, SQLite's and the binary's own memory included
// (docs/measurements/serve-memory.md).
func memoryLimit(spec string, cacheMB int, goMemLimit string) (int64, error) {
	if goMemLimit != "" {
		return 0, nil
	}
	switch spec {
	case "off":
		return 0, nil
	case "auto", "":
		return int64(96+max(cacheMB, 0)) << 20, nil
	}
	mb, err := strconv.Atoi(spec)
	if err != nil || mb <= 0 {
		return 0, fmt.Errorf("--memory-mb %q: want a number of MiB, auto or off", spec)
	}
	return int64(mb) << 20, nil
}

// shutdownGrace is how long serve waits for the requests in flight when
// told to stop.
const shutdownGrace = 10 * time.Second

// withSamples returns what the website shows of the casebook s: s itself
// when it has a public release, else the sample casebook until it has one.
// The samples are imported into a casebook file of their own in a
// temporary folder, never into s, so they are never counted with a user's
// releases; closeSample removes that file.
func withSamples(ctx context.Context, s store, logger *slog.Logger) (shown web.Store, closeSample func(), err error) {
	page, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 1})
	if err != nil {
		return nil, nil, err
	}
	if len(page.Releases) > 0 {
		return s, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "jikenbo-sample-")
	if err != nil {
		return nil, nil, fmt.Errorf("sample casebook: %w", err)
	}
	closeSample = func() { os.RemoveAll(dir) }
	ss, err := sqlite.Open(ctx, filepath.Join(dir, "sample.db"), sqlite.Options{})
	if err != nil {
		closeSample()
		return nil, nil, fmt.Errorf("sample casebook: %w", err)
	}
	closeSample = func() { ss.Close(); os.RemoveAll(dir) }
	im := &casebook.Importer{Store: ss, Extract: extract.Extract, Linker: &link.Linker{}, Log: logger}
	_, sum, err := sample.Load(ctx, im)
	if err != nil {
		closeSample()
		return nil, nil, err
	}
	logger.Info("the casebook has no public release yet: showing the sample casebook until it has one",
		"added", sum.Added, "cases", sum.NewCases, "failed", sum.Failed)
	return sample.NewOverlay(s, ss, func() {
		logger.Info("the casebook has its first public release: the sample casebook is no longer shown")
	}), closeSample, nil
}

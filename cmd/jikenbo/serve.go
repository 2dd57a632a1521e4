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
	"time"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/web"
)

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "usage: jikenbo serve [--db FILE] [--addr 127.0.0.1:8080] [--base-url URL] [--no-sample] [--cache-mb 64] [--trust-proxy] [--allow-private-urls]", stderr)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	base := fs.String("base-url", "", "public URL of the site for canonical links and feeds (default http://ADDR)")
	noSample := fs.Bool("no-sample", false, "do not load the sample casebook into an empty casebook")
	cacheMB := fs.Int("cache-mb", 64, "memory for whole responses, kept until the casebook changes (0: off)")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: believe X-Forwarded-Proto and X-Forwarded-For")
	allowPrivate := fs.Bool("allow-private-urls", false, "let the desk fetch URLs on loopback and private networks")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	// The server logs JSON, one object a line, for log collectors.
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))
	s, err := openStore(ctx, *db, create)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	defer s.Close()
	if !*noSample {
		im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}, Log: logger}
		loaded, sum, err := sample.Load(ctx, im)
		if err != nil {
			return fail(stderr, "serve", err)
		}
		if loaded {
			logger.Info("empty casebook: loaded the sample casebook", "added", sum.Added, "cases", sum.NewCases, "failed", sum.Failed)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	baseURL := *base
	if baseURL == "" {
		baseURL = "http://" + ln.Addr().String()
	}
	cacheBytes := *cacheMB << 20
	if *cacheMB <= 0 {
		cacheBytes = -1
	}
	h, err := web.New(web.Config{Store: s, BaseURL: baseURL, Log: logger, SampleLabel: sample.Label, CacheBytes: cacheBytes,
		Desk: &web.DeskConfig{Store: s, TrustProxy: *trustProxy, Editor: &casebook.Desk{Store: s, Extract: extract.Extract, Linker: &link.Linker{},
			AllowPrivate: *allowPrivate}}})
	if err != nil {
		ln.Close()
		return fail(stderr, "serve", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "jikenbo: serving %s on %s (%s)\n", dbName(*db), ln.Addr(), baseURL)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fail(stderr, "serve", err)
	case <-ctx.Done():
	}
	// Finish the requests in flight, then close the store.
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(stderr, "serve", err)
	}
	return 0
}

// logLevel is info for the server unless JIKENBO_LOG=debug.
func logLevel() slog.Level {
	if os.Getenv("JIKENBO_LOG") == "debug" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// Command pageprof serves the public website of a casebook the way
// `jikenbo serve` does (the same web.Server, access log on, the response
// cache as -cache-mb says, off by default), with Go's profiler on a
// second address, so that a load generator can hit the pages while the
// profile is taken:
//
//	go run ./tools/pageprof -db /tmp/pages100k.db -addr 127.0.0.1:8301 -pprof 127.0.0.1:8302 &
//	wrk -t2 -c16 -d30s http://127.0.0.1:8301/ &
//	go tool pprof -proto -output cpu.pb.gz 'http://127.0.0.1:8302/debug/pprof/profile?seconds=20'
//	go tool pprof -proto -output allocs.pb.gz http://127.0.0.1:8302/debug/pprof/allocs
//
// docs/measurements/scripts/page-profile.sh runs that for each page.
// The desk is left out: only the public pages are profiled.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"

	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/web"
)

func main() {
	db := flag.String("db", "jikenbo.db", "casebook file or postgres:// URL")
	addr := flag.String("addr", "127.0.0.1:8301", "address of the site")
	pprofAddr := flag.String("pprof", "127.0.0.1:8302", "address of /debug/pprof/")
	cacheMB := flag.Int("cache-mb", 0, "response cache in MiB (0: off, as measured)")
	flag.Parse()
	if err := run(*db, *addr, *pprofAddr, *cacheMB); err != nil {
		fmt.Fprintln(os.Stderr, "pageprof:", err)
		os.Exit(1)
	}
}

func run(db, addr, pprofAddr string, cacheMB int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var store web.Store
	if postgres.IsDSN(db) {
		s, err := postgres.Open(ctx, db, postgres.Options{})
		if err != nil {
			return err
		}
		defer s.Close()
		store = s
	} else {
		s, err := sqlite.Open(ctx, db, sqlite.Options{})
		if err != nil {
			return err
		}
		defer s.Close()
		store = s
	}
	cacheBytes := cacheMB << 20
	if cacheMB <= 0 {
		cacheBytes = -1
	}
	// serve logs every request; so does this, to a sink, so that the
	// cost of the access log is in the profile as it is in production.
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	h, err := web.New(web.Config{Store: store, BaseURL: "http://" + addr, Log: logger, AccessLog: true, CacheBytes: cacheBytes})
	if err != nil {
		return err
	}
	dbg := http.NewServeMux()
	dbg.HandleFunc("/debug/pprof/", pprof.Index)
	dbg.HandleFunc("/debug/pprof/profile", pprof.Profile)
	pl, err := net.Listen("tcp", pprofAddr)
	if err != nil {
		return err
	}
	go http.Serve(pl, dbg)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h}
	go func() { <-ctx.Done(); srv.Close(); pl.Close() }()
	fmt.Printf("pageprof: %s on http://%s, profiles on http://%s/debug/pprof/\n", db, addr, pprofAddr)
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

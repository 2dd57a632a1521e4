// Command searchprof profiles the /search page in process: it serves the
// queries of docs/measurements/scripts/search-wrk.lua (read from that
// file) through the web handler with the response cache off, from -c
// goroutines at once, and writes a CPU and an allocation profile of the
// timed requests. The first pass over the list is not profiled (it reads
// each term from the index once, as a server does once per casebook
// version).
//
//	go run ./tools/searchprof -db /tmp/search100k.db -n 2000 -cpuprofile /tmp/search.cpu -memprofile /tmp/search.mem
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/web"
)

func main() {
	db := flag.String("db", "jikenbo.db", "casebook file or postgres:// URL")
	script := flag.String("queries", "docs/measurements/scripts/search-wrk.lua", "the wrk script whose query list is served")
	n := flag.Int("n", 2000, "timed requests")
	c := flag.Int("c", 4, "requests at once")
	cpu := flag.String("cpuprofile", "", "write a CPU profile to this file")
	mem := flag.String("memprofile", "", "write an allocation profile to this file")
	flag.Parse()
	if err := run(*db, *script, *n, *c, *cpu, *mem); err != nil {
		fmt.Fprintln(os.Stderr, "searchprof:", err)
		os.Exit(1)
	}
}

func run(db, script string, n, c int, cpu, mem string) error {
	ctx := context.Background()
	var s interface {
		jikenbo.Store
		jikenbo.QueryStore
	}
	var err error
	if postgres.IsDSN(db) {
		s, err = postgres.Open(ctx, db, postgres.Options{})
	} else {
		s, err = sqlite.Open(ctx, db, sqlite.Options{})
	}
	if err != nil {
		return err
	}
	defer s.Close()
	b, err := os.ReadFile(script)
	if err != nil {
		return err
	}
	var urls []string
	for _, m := range regexp.MustCompile(`"([^"]+)",`).FindAllStringSubmatch(string(b), -1) {
		if m[1] != "" && m[1][0] != '&' {
			urls = append(urls, "/search?q="+url.QueryEscape(m[1]))
		}
	}
	h, err := web.New(web.Config{Store: s, BaseURL: "http://127.0.0.1:8080", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), CacheBytes: -1})
	if err != nil {
		return err
	}
	get := func(u string) (time.Duration, error) {
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
		if rec.Code != http.StatusOK {
			return 0, fmt.Errorf("%s: %d %s", u, rec.Code, rec.Body.String())
		}
		return time.Since(start), nil
	}
	for _, u := range urls { // the first pass reads every term once
		if _, err := get(u); err != nil {
			return err
		}
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var ds []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				d, err := get(urls[int(i)%len(urls)])
				mu.Lock()
				ds = append(ds, d)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if cpu != "" {
		pprof.StopCPUProfile()
	}
	if firstErr != nil {
		return firstErr
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	slices.Sort(ds)
	fmt.Printf("%d requests of %d queries, %d at once: %.0f req/s, p50 %.2f ms, p99 %.2f ms\n", n, len(urls), c,
		float64(n)/wall.Seconds(), float64(ds[len(ds)/2].Microseconds())/1000, float64(ds[len(ds)*99/100].Microseconds())/1000)
	return nil
}

// Command watchwalk measures the re-reading of ongoing cases at scale: a
// casebook of N ongoing cases, one release each whose source is a page on
// a loopback server (with an ETag), and three rounds of the watcher: the
// first check of every release, a round an hour later when nothing is due
// (the cost of finding what is due), and a round a day later when every
// check is due again. It uses only the watcher's and the store's public
// API, so the same file builds against an older commit to compare
// (docs/measurements/scripts/watchwalk.sh runs both, interleaved).
//
//	go run ./tools/watchwalk -cases 10000
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/watch"
)

func page(i int) []byte {
	return []byte(fmt.Sprintf("<!doctype html><html><head><meta charset=\"utf-8\"><title>不正アクセスに関するお詫び(%d)</title></head>"+
		"<body><main><h1>不正アクセスに関するお詫び</h1><p>見本事業者%dのサーバーが不正アクセスを受けました。調査中です。</p></main></body></html>", i, i))
}

func main() {
	n := flag.Int("cases", 10000, "ongoing cases, one release each")
	label := flag.String("label", "", "name of this build in the output")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the rounds to this file")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "watchwalk-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	var requests, notModified, bodyBytes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/r/"), ".html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		body := page(i)
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		bodyBytes.Add(int64(len(body)))
		w.Write(body)
	}))
	defer srv.Close()

	s, err := sqlite.Open(ctx, filepath.Join(dir, "walk.db"), sqlite.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	pub := jikenbo.Date{Year: 2026, Month: 3, Day: 25}
	err = s.InTx(ctx, func(tx jikenbo.Store) error {
		for i := range *n {
			body := page(i)
			r := &jikenbo.Release{Original: body, Text: string(body), Encoding: "UTF-8", Source: fmt.Sprintf("%s/r/%d.html", srv.URL, i),
				Extracted: jikenbo.Facts{Title: "不正アクセスに関するお詫び", Published: pub, Status: jikenbo.StatusOngoing}}
			if err := tx.CreateRelease(ctx, r); err != nil {
				return err
			}
			c := &jikenbo.Case{Year: 2026}
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
			if err := tx.AddCaseRelease(ctx, c.ID, r.ID, jikenbo.StageFirst); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	var clock atomic.Int64
	clock.Store(start.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}, Draft: true, Actor: "watch"}
	w := &watch.Watcher{Store: s, Importer: im, Classifier: classify.Default(), AllowPrivate: true, MinGap: time.Nanosecond, Now: now}

	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("| build | cases | round | checked | changed | requests | 304 | bytes of bodies | wall |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, step := range []struct {
		name    string
		advance time.Duration
	}{{"first check of every release", 0}, {"an hour later: nothing due", time.Hour}, {"a day later: every check due", 24 * time.Hour}} {
		clock.Add(int64(step.advance))
		requests.Store(0)
		notModified.Store(0)
		bodyBytes.Store(0)
		t0 := time.Now()
		r, err := w.RunOnce(ctx)
		wall := time.Since(t0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("| %s | %d | %s | %d | %d | %d | %d | %d | %s |\n", *label, *n, step.name, r.Checked, r.Changed, requests.Load(),
			notModified.Load(), bodyBytes.Load(), wall.Round(time.Millisecond))
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// TestLargeReleaseMemory stores a 19 MB release and, against a real
// `serve`, opens 20 views of its page and 50 slow readers of its
// original at once: the server stays under 300 MB (it once held every
// reader's copy of the file), each page shows the start of the text with
// a link to the whole original, and every reader gets every byte.
func TestLargeReleaseMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	bin := attackBinary(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "jikenbo.db")
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := string(bigText(19 << 20))
	r := &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: "/data/big.txt",
		Extracted: jikenbo.Facts{Title: "不正アクセスによる個人情報漏えいのお知らせ"}}
	if err := s.CreateRelease(ctx, r); err != nil {
		t.Fatal(err)
	}
	s.Close()
	srv := &attackServer{startServeProcess(t, bin, "--db", db)}
	base := srv.peakRSS(t)

	get := func(path string) (*http.Response, error) {
		res, err := http.Get(srv.base + path)
		if err == nil && res.StatusCode != http.StatusOK {
			res.Body.Close()
			return nil, fmt.Errorf("GET %s: %s", path, res.Status)
		}
		return res, err
	}
	var wg sync.WaitGroup
	errs := make(chan error, 70)
	page := fmt.Sprintf("/releases/%d", r.ID)
	for range 20 {
		wg.Go(func() {
			res, err := get(page)
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if !strings.Contains(string(b), "KBのみ表示しています") || !strings.Contains(string(b), page+"/original") || len(b) > 4<<20 {
				errs <- fmt.Errorf("page of %d bytes without the cut and the link to the original", len(b))
			}
		})
	}
	// The slow readers all hold their response half read at once.
	var started sync.WaitGroup
	started.Add(50)
	release := make(chan struct{})
	for range 50 {
		wg.Go(func() {
			res, err := get(page + "/original")
			if err != nil {
				started.Done()
				errs <- err
				return
			}
			defer res.Body.Close()
			n, err := io.CopyN(io.Discard, res.Body, 1<<20)
			started.Done()
			<-release
			m, err2 := io.Copy(io.Discard, res.Body)
			if err != nil || err2 != nil || n+m != int64(len(text)) {
				errs <- fmt.Errorf("original: read %d bytes (%v, %v), want %d", n+m, err, err2, len(text))
			}
		})
	}
	started.Wait()
	time.Sleep(time.Second)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	rss := srv.peakRSS(t)
	t.Logf("19 MB release: peak RSS %.1f MB (%.1f MB at start) after 20 page views and 50 slow readers of the original",
		float64(rss)/(1<<20), float64(base)/(1<<20))
	if rss > rssLimit {
		t.Errorf("peak RSS %d MB, want under %d MB", rss>>20, rssLimit>>20)
	}

	// A reader that stops reading is still there when serve is told to
	// stop: it is cut off after the grace period, and serve exits 0.
	res, err := get(page + "/original")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if _, err := io.CopyN(io.Discard, res.Body, 1<<20); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	srv.cmd.Process.Signal(os.Interrupt)
	err = srv.cmd.Wait()
	t.Logf("serve stopped %v after SIGINT with a stalled reader: %v", time.Since(start).Round(100*time.Millisecond), err)
	if err != nil {
		t.Errorf("serve with a stalled reader at shutdown: %v, want exit 0\n%s", err, srv.stderr.String())
	}
	if !strings.Contains(srv.stderr.String(), "cut off the requests still running") {
		t.Errorf("serve did not say it cut off the stalled reader:\n%s", srv.stderr.String())
	}
}

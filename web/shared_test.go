package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/web"
)

// slowStats is a casebook whose statistics take until release is closed,
// counting how often they are computed.
type slowStats struct {
	testStore
	release chan struct{}
	calls   atomic.Int32
}

func (s *slowStats) CasebookStats(ctx context.Context) (*jikenbo.Stats, error) {
	s.calls.Add(1)
	<-s.release
	return s.testStore.CasebookStats(ctx)
}

// TestStatsDoNotBlockPages holds the statistics computation open: other
// pages still answer meanwhile, and the statistics requests waiting on it
// share one computation.
func TestStatsDoNotBlockPages(t *testing.T) {
	ctx := context.Background()
	st, err := openTestStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := &casebook.Importer{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}
	if loaded, _, err := sample.Load(ctx, im); err != nil || !loaded {
		t.Fatalf("sample: %v, %v", loaded, err)
	}
	slow := &slowStats{testStore: st, release: make(chan struct{})}
	h, err := web.New(web.Config{Store: slow, BaseURL: "http://casebook.test", CacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	done := make(chan int, 3)
	for range 3 {
		go func() {
			res, err := http.Get(srv.URL + "/stats")
			if err != nil {
				done <- 0
				return
			}
			res.Body.Close()
			done <- res.StatusCode
		}()
	}
	// Wait until a statistics request is inside the computation.
	for deadline := time.Now().Add(10 * time.Second); slow.calls.Load() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no statistics request reached the store")
		}
	}
	// Before, the server held one lock across the statistics query, and
	// every page waited behind it.
	client := &http.Client{Timeout: 5 * time.Second}
	for _, p := range []string{"/", "/labels"} {
		res, err := client.Get(srv.URL + p)
		if err != nil {
			close(slow.release)
			t.Fatalf("GET %s while the statistics are computed: %v", p, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s while the statistics are computed: %d", p, res.StatusCode)
		}
	}
	close(slow.release)
	for range 3 {
		if code := <-done; code != http.StatusOK {
			t.Errorf("GET /stats: %d", code)
		}
	}
	if n := slow.calls.Load(); n != 1 {
		t.Errorf("statistics computed %d times for one version, want 1", n)
	}
}

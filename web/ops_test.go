package web_test

import (
	"io"
	"net/http"
	"testing"
)

// /readyz follows the casebook: 200 while it answers, 503 once it does
// not; /healthz answers as long as the process runs.
func TestHealthAndReadiness(t *testing.T) {
	fx := newFixture(t)
	body := func(path string, want int) {
		t.Helper()
		res := fx.get(t, path)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %q (Cache-Control %q), want %d", path, res.StatusCode, b, res.Header.Get("Cache-Control"), want)
		}
	}
	body("/healthz", http.StatusOK)
	body("/readyz", http.StatusOK)
	fx.store.Close()
	body("/healthz", http.StatusOK)
	body("/readyz", http.StatusServiceUnavailable)
}

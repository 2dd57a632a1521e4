package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs serve on a free port with a new casebook: the sample
// casebook is shown (and not stored in the casebook), the home page says
// so, the first imported release replaces the samples, and cancelling
// stops the server cleanly.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "jikenbo.db")
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, strings.NewReader(""), &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`on (127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			base = "http://" + m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve did not start: %s %s", stdout.String(), stderr.String())
	}
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "サンプルデータ") || !strings.Contains(string(body), `<link rel="canonical" href="`+base+`/">`) {
		t.Errorf("home page: %d\n%.400s", res.StatusCode, body)
	}
	if !strings.Contains(stderr.String(), "showing the sample casebook") {
		t.Errorf("no log line about the sample: %s", stderr.String())
	}
	// The samples are shown, never stored: the user's casebook is empty.
	if code, out, errOut := casebookCLI(t, "export", "--db", db, "--format", "csv"); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("the samples went into the user's casebook: exit %d\n%s%s", code, out, errOut)
	}
	// The first real release replaces the samples at once, and only it
	// is counted.
	rel := filepath.Join(t.TempDir(), "rel.txt")
	writeFile(t, rel, "【セキュリティ事件簿#2025-041】株式会社見本商事 メール誤送信に関するお詫び 2025/7/3\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。\n")
	if code, out, errOut := casebookCLI(t, "import", "--db", db, rel); code != 0 {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	get := func(path string) string {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if got := get(path); got != "ok\n" {
			t.Errorf("%s = %q, want ok", path, got)
		}
	}
	if !regexp.MustCompile(`"msg":"request","method":"GET","path":"/healthz",.*"status":200`).MatchString(stderr.String()) {
		t.Errorf("no access log line for /healthz: %s", stderr.String())
	}
	if home := get("/"); strings.Contains(home, "サンプルデータ") || !strings.Contains(home, "見本商事") {
		t.Errorf("home page after the first import still shows the samples:\n%.600s", home)
	}
	if api := get("/api/v1/releases"); !regexp.MustCompile(`"total": *1\b`).MatchString(api) {
		t.Errorf("the API counts more than the one real release: %.300s", api)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// --memory-mb sets Go's soft memory limit: auto leaves 96 MiB besides the
// response cache; GOMEMLIMIT, Go's own setting, wins over it.
func TestMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		spec, env string
		cacheMB   int
		want      int64
	}{
		{"auto", "", 64, 160 << 20},
		{"auto", "", 0, 96 << 20},
		{"auto", "", -1, 96 << 20},
		{"200", "", 64, 200 << 20},
		{"off", "", 64, 0},
		{"auto", "1GiB", 64, 0},
		{"200", "off", 64, 0},
	} {
		got, err := memoryLimit(tt.spec, tt.cacheMB, tt.env)
		if err != nil || got != tt.want {
			t.Errorf("memoryLimit(%q, %d, GOMEMLIMIT=%q) = %d, %v; want %d", tt.spec, tt.cacheMB, tt.env, got, err, tt.want)
		}
	}
	for _, bad := range []string{"lots", "0", "-5", "1.5"} {
		if _, err := memoryLimit(bad, 64, ""); err == nil || !strings.Contains(err.Error(), "--memory-mb") {
			t.Errorf("memoryLimit(%q): %v; want an error naming --memory-mb", bad, err)
		}
	}
	code, _, errOut := casebookCLI(t, "serve", "--memory-mb", "lots", "--db", filepath.Join(t.TempDir(), "m.db"))
	if code != 2 || !strings.Contains(errOut, `--memory-mb "lots"`) {
		t.Errorf("serve --memory-mb lots: exit %d, %q; want 2 and the flag named", code, errOut)
	}
}

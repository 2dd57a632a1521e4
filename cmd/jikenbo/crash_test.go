package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// TestImportSurvivesKill builds the binary, kills an import with SIGKILL
// midway, checks that the casebook is consistent (every stored release
// filed in a case with its decision, the index complete, the file sound),
// and runs the import again to completion without duplicates.
func TestImportSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 1,500 releases")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "jikenbo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 1500
	src := filepath.Join(dir, "in")
	os.MkdirAll(src, 0o755)
	g := synth.New(7, n)
	for range n {
		r := g.Next()
		if err := os.WriteFile(filepath.Join(src, r.Name), []byte(r.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "casebook.db")
	ctx := context.Background()

	cmd := exec.Command(bin, "import", "--db", db, src)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a good part, but not all, is stored.
	deadline := time.Now().Add(2 * time.Minute)
	for stored := 0; stored < n/4; {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("import stored only %d releases in 2 minutes", stored)
		}
		time.Sleep(50 * time.Millisecond)
		stored = countReleases(t, db)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("import finished before it was killed (%v); make the input larger", err)
	}

	killed := checkConsistent(t, db)
	if killed >= n {
		t.Fatalf("all %d releases stored before the kill", n)
	}
	t.Logf("killed after %d of %d releases", killed, n)

	out, err := exec.Command(bin, "import", "--db", db, src).CombinedOutput()
	if err != nil {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
	want := fmt.Sprintf("%d files: %d added, %d already present", n, n-killed, killed)
	if !strings.Contains(string(out), want) {
		t.Errorf("re-run summary: %s, want %q", out, want)
	}
	if got := checkConsistent(t, db); got != n {
		t.Errorf("releases after the re-run: %d, want %d", got, n)
	}
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if hits, total, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "お詫び"}); err != nil || total != n || len(hits) == 0 {
		t.Errorf("search over the completed casebook: %d of %d, %v", total, n, err)
	}
}

func countReleases(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	s, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		return 0 // the importer is still creating the schema
	}
	defer s.Close()
	_, n, err := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkConsistent returns the number of releases after checking that
// each one is whole: filed in an existing case, with one decision, and
// indexed.
func checkConsistent(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	rs, n, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	decisions := 0
	cs, _, err := s.FindCases(ctx, jikenbo.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	inCase := map[int64]bool{}
	for _, c := range cs {
		if len(c.Releases) == 0 {
			t.Errorf("case %s has no releases: a release was lost half-way", c.ID)
		}
		for _, r := range c.Releases {
			inCase[r.ReleaseID] = true
		}
		decisions += len(c.Decisions)
	}
	for _, r := range rs {
		if r.CaseID == "" || !inCase[r.ID] {
			t.Errorf("%s is stored but not filed in a case", r)
		}
	}
	if decisions != n {
		t.Errorf("%d decisions for %d releases", decisions, n)
	}
	return n
}

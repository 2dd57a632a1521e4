package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/store/storetest"
)

func mustOpen(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) jikenbo.Store {
		return mustOpen(tb, filepath.Join(tb.TempDir(), "jikenbo.db"))
	})
}

// TestTwoProcesses numbers cases from two separate connections to one
// file, as two `jikenbo import` processes would.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jikenbo.db")
	storetest.RunTwoProcesses(t, func() jikenbo.Store { return mustOpen(t, path) })
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, filepath.Join(dir, "jikenbo.db"))
	defer s.Close()
	ctx := context.Background()
	storetest.MustCreateRelease(t, s, "a.txt", "個人情報の紛失", jikenbo.Facts{})
	out := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("backup over an existing file: %v, want conflict", err)
	}
	c := mustOpen(t, out)
	defer c.Close()
	hits, _, err := c.SearchReleases(ctx, jikenbo.SearchQuery{Q: "紛失"})
	if err != nil || len(hits) != 1 {
		t.Errorf("search in backup: %d hits, %v", len(hits), err)
	}
	if v, err := c.SchemaVersion(ctx); err != nil || v < 1 {
		t.Errorf("schema version of backup: %d, %v", v, err)
	}
}

// TestBackupLeavesNothingBehind: a backup is written beside its target
// and renamed when complete and checked, so neither a finished nor a
// refused nor an interrupted backup leaves a temporary file, and only a
// finished one leaves a file at the target.
func TestBackupLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, filepath.Join(dir, "jikenbo.db"))
	defer s.Close()
	storetest.MustCreateRelease(t, s, "a.txt", "個人情報の紛失", jikenbo.Facts{})
	out := filepath.Join(t.TempDir(), "copy.db")
	files := func() []string {
		t.Helper()
		es, err := os.ReadDir(filepath.Dir(out))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Backup(canceled, out); err == nil {
		t.Fatal("a backup whose context was canceled succeeded")
	}
	if got := files(); len(got) != 0 {
		t.Errorf("an interrupted backup left %v", got)
	}

	if err := s.Backup(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	if got := files(); !slices.Equal(got, []string{"copy.db"}) {
		t.Errorf("after a backup: %v, want only copy.db", got)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(context.Background(), out); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("backup over an existing file: %v, want conflict", err)
	}
	if got := files(); !slices.Equal(got, []string{"copy.db"}) {
		t.Errorf("after a refused backup: %v, want only copy.db", got)
	}
	if st2, err := os.Stat(out); err != nil || !os.SameFile(st, st2) || st2.Size() != st.Size() {
		t.Errorf("a refused backup touched the existing file")
	}
}

func TestCheck(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "jikenbo.db"))
	defer s.Close()
	storetest.MustCreateRelease(t, s, "a.txt", "個人情報の紛失", jikenbo.Facts{})
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

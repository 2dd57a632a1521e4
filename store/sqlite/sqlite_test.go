package sqlite_test

import (
	"context"
	"path/filepath"
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

func TestCheck(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "jikenbo.db"))
	defer s.Close()
	storetest.MustCreateRelease(t, s, "a.txt", "個人情報の紛失", jikenbo.Facts{})
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

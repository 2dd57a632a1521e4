package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/storetest"
)

func TestQueryStore(t *testing.T) {
	storetest.RunQuery(t, func(tb testing.TB) storetest.QueryableStore {
		return mustOpen(tb, filepath.Join(tb.TempDir(), "jikenbo.db"))
	})
}

// TestQueryAfterReopen checks that what the store wrote is kept and
// that opening the file again (which runs the migrations) changes
// nothing a cached page depends on.
func TestQueryAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jikenbo.db")
	s := mustOpen(t, path)
	storetest.MustCreateRelease(t, s, "a.txt", "本文", jikenbo.Facts{Published: jikenbo.Date{Year: 2024, Month: 1, Day: 2}})
	v, err := s.CasebookVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpen(t, path)
	defer s.Close()
	p, err := s.FindReleaseSummaries(context.Background(), jikenbo.ReleaseQuery{})
	if err != nil || p.Total != 1 {
		t.Fatalf("after reopen: %+v, %v", p, err)
	}
	if v2, _ := s.CasebookVersion(context.Background()); v2 != v {
		t.Errorf("reopening changed the version: %+v, then %+v", v, v2)
	}
}

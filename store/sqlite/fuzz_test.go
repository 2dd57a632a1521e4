package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/jikenbo/jikenbo/store/storetest"
)

// FuzzSearch: FTS5 MATCH strings made from any query (storetest.FuzzSearch).
func FuzzSearch(f *testing.F) {
	s := mustOpen(f, filepath.Join(f.TempDir(), "jikenbo.db"))
	f.Cleanup(func() { s.Close() })
	storetest.FuzzSearch(f, s)
}

// FuzzCursor: any cursor and page size (storetest.FuzzCursor).
func FuzzCursor(f *testing.F) {
	s := mustOpen(f, filepath.Join(f.TempDir(), "jikenbo.db"))
	f.Cleanup(func() { s.Close() })
	storetest.FuzzCursor(f, s)
}

package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestConnectionSettings: the readers are query-only with a small page
// cache of their own (the operating system caches the file for all of
// them); the one writer keeps a large one for an import's batches and
// checkpoints the WAL less often and keeps its savepoints' journal in
// memory.
func TestConnectionSettings(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "jikenbo.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var cache, queryOnly int
	if err := st.read.QueryRowContext(ctx, `SELECT * FROM pragma_cache_size(), pragma_query_only()`).Scan(&cache, &queryOnly); err != nil {
		t.Fatal(err)
	}
	if cache != -512 || queryOnly != 1 {
		t.Errorf("reader: cache_size %d, query_only %d; want -512 (KiB), 1", cache, queryOnly)
	}
	var checkpoint int
	if err := st.write.QueryRowContext(ctx, `SELECT * FROM pragma_cache_size(), pragma_query_only()`).Scan(&cache, &queryOnly); err != nil {
		t.Fatal(err)
	}
	// The one writer connection (the pool holds one).
	if err := st.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&checkpoint); err != nil {
		t.Fatal(err)
	}
	var tempStore int
	if err := st.write.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&tempStore); err != nil {
		t.Fatal(err)
	}
	if cache != -32768 || queryOnly != 0 || checkpoint != 10000 || tempStore != 2 {
		t.Errorf("writer: cache_size %d, query_only %d, wal_autocheckpoint %d, temp_store %d; want -32768 (KiB), 0, 10000, 2 (memory)",
			cache, queryOnly, checkpoint, tempStore)
	}
}

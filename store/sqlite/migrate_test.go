package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/store/sqlstore"
	"github.com/jikenbo/jikenbo/store/storetest"
)

// TestMigrateSharedVersionText writes a casebook at schema 5, where every
// version held its own text, and opens it: migration 00006 leaves one
// copy of each current text and every version reads as before.
func TestMigrateSharedVersionText(t *testing.T) {
	ctx := context.Background()
	path, db := oldCasebook(t, 5, storetest.UnsharedVersions)
	db.Close()
	s := mustOpen(t, path)
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v < 6 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var shared int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_versions WHERE text IS NULL`).Scan(&shared); err != nil || shared != storetest.SharedAfterMigration {
		t.Errorf("%d versions share their release's text, %v; want %d", shared, err, storetest.SharedAfterMigration)
	}
	storetest.CheckUnsharedVersions(t, s)
}

// TestMigrateDuplicatesAndUndated writes a casebook at schema 8 holding one
// release twice and an undated release dated by its import, and opens it:
// migration 00009 and the one-time steps merge the copy, undate the
// release and summarise its case again.
func TestMigrateDuplicatesAndUndated(t *testing.T) {
	path, db := oldCasebook(t, 8, storetest.DuplicatesBeforeMerge)
	db.Close()
	s := mustOpen(t, path)
	defer s.Close()
	if s.Upgraded.Merged != 1 || s.Upgraded.Banded != 3 || s.Upgraded.Refreshed != 1 {
		t.Errorf("upgrade report %+v, want 3 banded, 1 merged, 1 case refreshed", s.Upgraded)
	}
	storetest.CheckDuplicatesMerged(t, s)
	// The steps run once.
	s.Close()
	again := mustOpen(t, path)
	defer again.Close()
	if again.Upgraded != (sqlstore.UpgradeReport{}) {
		t.Errorf("second open upgraded again: %+v", again.Upgraded)
	}
}

// TestMigrateFacetsToGo writes a casebook at schema 12, whose triggers
// kept the query tables, and opens it: migration 00013 drops the triggers
// and the view, the one-time step writes every facet again in Go, and the
// public queries show the same corrected facts.
func TestMigrateFacetsToGo(t *testing.T) {
	ctx := context.Background()
	path, db := oldCasebook(t, 12, storetest.FacetsByTriggers)
	var triggers, facets int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type IN ('trigger', 'view')),
		(SELECT COUNT(*) FROM release_facets)`).Scan(&triggers, &facets); err != nil || triggers == 0 || facets != 1 {
		t.Fatalf("schema 12: %d triggers and views, %d facet rows, %v", triggers, facets, err)
	}
	db.Close()
	s := mustOpen(t, path)
	defer s.Close()
	if s.Upgraded.Faceted != 2 {
		t.Errorf("upgrade report %+v, want 2 releases faceted", s.Upgraded)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type IN ('trigger', 'view')`).Scan(&triggers); err != nil || triggers != 0 {
		t.Errorf("%d triggers and views left, %v", triggers, err)
	}
	storetest.CheckFacetsInGo(t, s)
}

// oldCasebook makes a casebook file at the schema version given, writes
// rows into it and returns its path and the open connection, which the
// caller closes before opening the store.
func oldCasebook(t *testing.T, version int64, rows []storetest.Statement) (string, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.MigrateTo(ctx, db, version); err != nil {
		t.Fatal(err)
	}
	for _, st := range rows {
		if _, err := db.ExecContext(ctx, st.Query, st.Args...); err != nil {
			t.Fatalf("%s: %v", st.Query, err)
		}
	}
	return path, db
}

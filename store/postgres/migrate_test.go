package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/storetest"
)

// TestMigrateSharedVersionText writes a casebook at schema 2, where every
// version held its own text, and opens it: migration 00003 leaves one
// copy of each current text and every version reads as before.
func TestMigrateSharedVersionText(t *testing.T) {
	ctx := context.Background()
	dsn, db := oldCasebook(t, 2, storetest.UnsharedVersions)
	s := mustOpen(t, dsn)
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v < 3 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	var shared int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM release_versions WHERE text IS NULL`).Scan(&shared); err != nil || shared != storetest.SharedAfterMigration {
		t.Errorf("%d versions share their release's text, %v; want %d", shared, err, storetest.SharedAfterMigration)
	}
	storetest.CheckUnsharedVersions(t, s)
}

// TestMigrateDuplicatesAndUndated writes a casebook at schema 5 holding one
// release twice and an undated release dated by its import, and opens it:
// migration 00006 and the one-time steps merge the copy, undate the
// release and summarise its case again.
func TestMigrateDuplicatesAndUndated(t *testing.T) {
	dsn, _ := oldCasebook(t, 5, storetest.DuplicatesBeforeMerge)
	s := mustOpen(t, dsn)
	defer s.Close()
	if s.Upgraded.Merged != 1 || s.Upgraded.Banded != 3 || s.Upgraded.Refreshed != 1 {
		t.Errorf("upgrade report %+v, want 3 banded, 1 merged, 1 case refreshed", s.Upgraded)
	}
	storetest.CheckDuplicatesMerged(t, s)
}

// TestMigrateFacetsToGo writes a casebook at schema 9, whose triggers and
// functions kept the query tables, and opens it: migration 00010 drops
// them and the view, the one-time step writes every facet again in Go,
// and the public queries show the same corrected facts.
func TestMigrateFacetsToGo(t *testing.T) {
	ctx := context.Background()
	dsn, db := oldCasebook(t, 9, storetest.FacetsByTriggers)
	// The schema's own triggers, functions and views (search_path's
	// first schema is the test's).
	const count = `SELECT (SELECT COUNT(*) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal AND c.relnamespace = current_schema()::regnamespace)
		+ (SELECT COUNT(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace)
		+ (SELECT COUNT(*) FROM pg_views WHERE schemaname = current_schema())`
	var objects int
	if err := db.QueryRowContext(ctx, count).Scan(&objects); err != nil || objects == 0 {
		t.Fatalf("schema 9: %d triggers, functions and views, %v", objects, err)
	}
	s := mustOpen(t, dsn)
	defer s.Close()
	if s.Upgraded.Faceted != 2 {
		t.Errorf("upgrade report %+v, want 2 releases faceted", s.Upgraded)
	}
	if err := db.QueryRowContext(ctx, count).Scan(&objects); err != nil || objects != 0 {
		t.Errorf("%d triggers, functions and views left, %v", objects, err)
	}
	storetest.CheckFacetsInGo(t, s)
}

// oldCasebook makes a test schema at the schema version given, writes
// rows into it and returns its URL and a connection to it.
func oldCasebook(t *testing.T, version int64, rows []storetest.Statement) (string, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.Schema(t)
	if err := postgres.MigrateTo(ctx, dsn, version); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, st := range rows {
		q, args := postgres.Rebind(st.Query, st.Args)
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", st.Query, err)
		}
	}
	return dsn, db
}

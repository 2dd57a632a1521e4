package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/storetest"
)

func mustOpen(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 4})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	pgtest.DSN(t)
	storetest.Run(t, func(tb testing.TB) jikenbo.Store { return mustOpen(tb, pgtest.Schema(tb)) })
}

func TestQueryStore(t *testing.T) {
	pgtest.DSN(t)
	storetest.RunQuery(t, func(tb testing.TB) storetest.QueryableStore { return mustOpen(tb, pgtest.Schema(tb)) })
}

// TestTwoProcesses numbers cases from two separate pools on one
// database, as two `jikenbo import` processes would.
func TestTwoProcesses(t *testing.T) {
	dsn := pgtest.Schema(t)
	storetest.RunTwoProcesses(t, func() jikenbo.Store { return mustOpen(t, dsn) })
}

// TestOpenTwice migrates a new schema from two processes at once and
// opens a migrated one again without change.
func TestOpenTwice(t *testing.T) {
	dsn := pgtest.Schema(t)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dsn, postgres.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s := mustOpen(t, dsn)
	defer s.Close()
	if v, err := s.SchemaVersion(context.Background()); err != nil || v < 2 {
		t.Errorf("schema version %d, %v", v, err)
	}
	if err := s.Check(context.Background()); err != nil {
		t.Error(err)
	}
	// The tables the importer's ANALYZE names all exist.
	if err := s.Analyze(context.Background()); err != nil {
		t.Error(err)
	}
}

// Package pgtest gives tests a PostgreSQL casebook of their own: a new
// schema in the database named by JIKENBO_TEST_POSTGRES, dropped when the
// test ends. Without the variable the test is skipped with a message
// saying so (it fails under CI=true, see internal/testenv); with it set
// and the server unreachable the test fails, so a CI run never passes
// without PostgreSQL.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jikenbo/jikenbo/internal/testenv"
	"github.com/jikenbo/jikenbo/store/postgres"
)

// EnvVar names the database the PostgreSQL tests use, as a URL:
// postgres://USER@HOST:PORT/DB?sslmode=disable.
const EnvVar = "JIKENBO_TEST_POSTGRES"

// Hint says how to run the PostgreSQL tests.
const Hint = "set " + EnvVar + "=postgres://USER@HOST:5432/DB?sslmode=disable to run the PostgreSQL tests"

// DSN returns the test database's URL, or skips tb when none is set.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvVar)
	if dsn == "" {
		testenv.Missing(tb, "a PostgreSQL server", Hint)
	}
	return dsn
}

// Schema creates an empty schema in the test database and returns a URL
// whose connections use it (search_path), dropping it at the end of the
// test unless JIKENBO_TEST_KEEP is set. It skips like DSN and fails when
// the server cannot be reached.
func Schema(tb testing.TB) string {
	tb.Helper()
	dsn, drop, err := NewSchema(context.Background(), DSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	if os.Getenv("JIKENBO_TEST_KEEP") != "" {
		tb.Logf("keeping %s", dsn)
	} else {
		tb.Cleanup(func() {
			if err := drop(); err != nil {
				tb.Error(err)
			}
		})
	}
	return dsn
}

// NewSchema creates an empty schema in the database dsn and returns a
// URL whose connections use it, and a function dropping it: for fixtures
// that outlive one test.
func NewSchema(ctx context.Context, dsn string) (string, func() error, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fmt.Errorf("%s: want a postgres:// URL, got %q", EnvVar, dsn)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("%s is set but PostgreSQL is unreachable: %w", EnvVar, err)
	}
	defer conn.Close(context.Background())
	b := make([]byte, 8)
	rand.Read(b)
	schema := "jikenbo_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return fmt.Errorf("drop schema %s: %w", schema, err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			return fmt.Errorf("drop schema %s: %w", schema, err)
		}
		return nil
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// Open returns a store on a new schema, closed at the end of the test.
func Open(tb testing.TB) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), Schema(tb), postgres.Options{MaxConns: 4})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/testenv"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// The web tests run on SQLite and, when JIKENBO_TEST_POSTGRES names a
// server, once more on PostgreSQL: TestMain runs the test binary again
// with JIKENBO_TEST_WEB_ENGINE=postgres, and openTestStore gives every
// fixture a schema of its own there.
const engineVar = "JIKENBO_TEST_WEB_ENGINE"

// testStore is what the web tests need of either store.
type testStore interface {
	jikenbo.Store
	jikenbo.QueryStore
}

// openTestStore opens a new casebook for a fixture: a SQLite file in dir,
// or a new PostgreSQL schema dropped when the store is closed.
func openTestStore(dir string) (testStore, error) {
	ctx := context.Background()
	if os.Getenv(engineVar) != "postgres" {
		return sqlite.Open(ctx, filepath.Join(dir, "jikenbo.db"), sqlite.Options{})
	}
	dsn, drop, err := pgtest.NewSchema(ctx, os.Getenv(pgtest.EnvVar))
	if err != nil {
		return nil, err
	}
	s, err := postgres.Open(ctx, dsn, postgres.Options{MaxConns: 4})
	if err != nil {
		drop()
		return nil, err
	}
	return &pgTestStore{Store: s, drop: drop}, nil
}

// pgTestStore drops its schema when closed.
type pgTestStore struct {
	*postgres.Store
	drop func() error
}

func (s *pgTestStore) Close() error {
	err := s.Store.Close()
	if derr := s.drop(); err == nil {
		err = derr
	}
	return err
}

// rerunOnPostgres runs this test binary again on PostgreSQL when a
// server is configured and this is not that run already, and returns its
// exit code.
func rerunOnPostgres() int {
	if os.Getenv(engineVar) != "" {
		return 0
	}
	if os.Getenv(pgtest.EnvVar) == "" {
		// What testenv.Missing does for a test, for the whole package.
		if testenv.CI() {
			fmt.Fprintln(os.Stderr, "CI=true needs the web tests on PostgreSQL:", pgtest.Hint)
			return 1
		}
		fmt.Println("SKIPPING the web tests on PostgreSQL:", pgtest.Hint)
		return 0
	}
	var args []string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-test.testlogfile") {
			args = append(args, a)
		}
	}
	fmt.Println("== the web tests again, on PostgreSQL")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), engineVar+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "rerun on PostgreSQL:", err)
		return 1
	}
	return 0
}

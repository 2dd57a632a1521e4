package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo/store/sqlstore"
)

// The read pool keeps its statements prepared (sqlstore.KeepReadStatements).
// A query run again while its first rows are still open, in one read
// transaction, must not disturb them; and a kept statement must give the
// same answer in every later transaction.
func TestKeptStatements(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "jikenbo.db"))
	defer s.Close()
	const list = `SELECT value FROM json_each('[1,2,3,4]') ORDER BY value`
	read := func(q sqlstore.Querier) ([]int, error) {
		rows, err := q.QueryContext(ctx, list)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				return nil, err
			}
			out = append(out, n)
		}
		return out, rows.Err()
	}
	for run := range 3 {
		err := s.ReadTx(ctx, func(q sqlstore.Querier) error {
			outer, err := q.QueryContext(ctx, list)
			if err != nil {
				return err
			}
			defer outer.Close()
			var got []int
			for outer.Next() {
				var n int
				if err := outer.Scan(&n); err != nil {
					return err
				}
				if got = append(got, n); len(got) > 4 {
					t.Fatalf("run %d: the outer query never ends: %v", run, got)
				}
				inner, err := read(q) // the same query, its outer rows open
				if err != nil {
					return err
				}
				if !slices.Equal(inner, []int{1, 2, 3, 4}) {
					t.Errorf("run %d: the inner query gave %v", run, inner)
				}
			}
			if err := outer.Err(); err != nil {
				return err
			}
			if !slices.Equal(got, []int{1, 2, 3, 4}) {
				t.Errorf("run %d: the outer query gave %v", run, got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlstore"
)

// The read pool keeps its statements prepared (sqlstore.KeepReadStatements),
// and so does a write transaction. A query run again while its first rows
// are still open, in one transaction, must not disturb them; and a kept
// statement must give the same answer every later time.
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
	inTx := []struct {
		name string
		run  func(fn func(q sqlstore.Querier) error) error
	}{
		{"read", func(fn func(q sqlstore.Querier) error) error { return s.ReadTx(ctx, fn) }},
		{"write", func(fn func(q sqlstore.Querier) error) error {
			return s.InTx(ctx, func(tx jikenbo.Store) error { return tx.(*sqlstore.Store).ReadTx(ctx, fn) })
		}},
	}
	for i := range 6 {
		tx, run := inTx[i%2], i/2
		err := tx.run(func(q sqlstore.Querier) error {
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
					t.Fatalf("%s run %d: the outer query never ends: %v", tx.name, run, got)
				}
				inner, err := read(q) // the same query, its outer rows open
				if err != nil {
					return err
				}
				if !slices.Equal(inner, []int{1, 2, 3, 4}) {
					t.Errorf("%s run %d: the inner query gave %v", tx.name, run, inner)
				}
				var first int
				if err := q.QueryRowContext(ctx, list).Scan(&first); err != nil || first != 1 {
					t.Errorf("%s run %d: the query as a row gave %d, %v", tx.name, run, first, err)
				}
			}
			if err := outer.Err(); err != nil {
				return err
			}
			if !slices.Equal(got, []int{1, 2, 3, 4}) {
				t.Errorf("%s run %d: the outer query gave %v", tx.name, run, got)
			}
			// Once the outer rows are closed the statement is free again.
			for range 3 {
				if again, err := read(q); err != nil || !slices.Equal(again, []int{1, 2, 3, 4}) {
					t.Errorf("%s run %d: the query after the outer one gave %v, %v", tx.name, run, again, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

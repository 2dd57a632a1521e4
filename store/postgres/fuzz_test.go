package postgres_test

import (
	"testing"

	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/storetest"
)

// FuzzSearch: tsquery strings made from any query (storetest.FuzzSearch).
func FuzzSearch(f *testing.F) {
	storetest.FuzzSearch(f, pgtest.Open(f))
}

// FuzzCursor: any cursor and page size (storetest.FuzzCursor).
func FuzzCursor(f *testing.F) {
	storetest.FuzzCursor(f, pgtest.Open(f))
}

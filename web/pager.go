package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/jikenbo/jikenbo"
)

// Lists are read newest first with the store's cursors, which only go
// forward. A list's links carry the page number beside the cursor
// (?cursor=…&page=3) so that a page can say where it is ("41–60 /
// 345件") and link to the newer page as well: that page's cursor is
// found again by reading the list from its start, up to 200 a query.
// A link without a page number (an old one) still works; its page just
// cannot say its position.

// pageSize is the length of a release list's page.
const pageSize = 20

// pager is the navigation under a list.
type pager struct {
	// Newer and Older link the neighbouring pages, "" at either end.
	Newer, Older string
	// From and To number the items shown (1-based), 0 when unknown.
	From, To int
	Total    int
}

// listPosition reads a list's cursor and page number; the first page has
// no cursor and is page 1, a cursor without a number is page 0
// (unknown).
func listPosition(p params) (cursor string, n int, err error) {
	cursor = p.str("cursor")
	if cursor == "" {
		return "", 1, nil
	}
	n, err = p.intIn("page", 2, 1_000_000)
	return cursor, n, err
}

// pageLink is the address of a list's page: path with v's parameters,
// and the cursor with the page number unless it is the first page.
func pageLink(path string, v url.Values, cursor string, n int) string {
	q := url.Values{}
	for k, vs := range v {
		if k != "cursor" && k != "page" {
			q[k] = vs
		}
	}
	if cursor != "" {
		q.Set("cursor", cursor)
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
	}
	if enc := q.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

// cursorAfter returns the cursor that starts a list after its first k
// items, reading it from the start with fetch (which returns the cursor
// after the limit items it read from cursor, "" at the end); "" when the
// list is not that long.
func cursorAfter(k int, fetch func(cursor string, limit int) (string, error)) (string, error) {
	cursor := ""
	for k > 0 {
		limit := min(k, 200)
		next, err := fetch(cursor, limit)
		if err != nil || next == "" {
			return "", err
		}
		cursor, k = next, k-limit
	}
	return cursor, nil
}

// newPager makes the navigation of page n (0: unknown) of a list of
// total items that shows shown items, size a page, next being the
// store's cursor of the following page.
func newPager(path string, v url.Values, n, size, shown, total int, next string,
	fetch func(cursor string, limit int) (string, error)) (*pager, error) {
	pg := &pager{Total: total}
	if next != "" {
		older := 0
		if n > 0 {
			older = n + 1
		}
		pg.Older = pageLink(path, v, next, older)
	}
	if n == 0 {
		return pg, nil
	}
	if shown > 0 {
		pg.From = (n-1)*size + 1
		pg.To = pg.From + shown - 1
	}
	switch {
	case n == 2:
		pg.Newer = pageLink(path, v, "", 1)
	case n > 2:
		c, err := cursorAfter((n-2)*size, fetch)
		if err != nil {
			return nil, err
		}
		if c != "" {
			pg.Newer = pageLink(path, v, c, n-1)
		}
	}
	return pg, nil
}

// releaseCursors reads a release list for cursorAfter.
func (s *Server) releaseCursors(ctx context.Context, q jikenbo.ReleaseQuery) func(string, int) (string, error) {
	return func(cursor string, limit int) (string, error) {
		q.Cursor, q.Limit, q.NoTotal = cursor, limit, true
		res, err := s.store.FindReleaseSummaries(ctx, q)
		if err != nil {
			return "", err
		}
		return res.Next, nil
	}
}

// caseCursors reads a case list for cursorAfter.
func (s *Server) caseCursors(ctx context.Context, q jikenbo.CaseQuery) func(string, int) (string, error) {
	return func(cursor string, limit int) (string, error) {
		q.Cursor, q.Limit, q.NoTotal = cursor, limit, true
		res, err := s.store.FindCaseSummaries(ctx, q)
		if err != nil {
			return "", err
		}
		return res.Next, nil
	}
}

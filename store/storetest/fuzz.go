package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// The fuzz targets of the contract: each engine calls them from a
// FuzzX function of its own (go test -fuzz needs one target per
// package function), on one store per fuzzing process.

// FuzzSearch checks the full-text index with the engine's own query
// strings (FTS5 MATCH, tsquery): a release is always found by any piece
// of its normalised text that does not cut a Latin or digit word in two
// (recall), a release found by a query holds every word of it
// (precision), and no query, however odd, is an error other than
// EINVALID. Each input stores one release and deletes it again.
func FuzzSearch(f *testing.F, s QueryableStore) {
	for _, d := range searchDocs {
		f.Add(d, 0, 4, "情報 年")
	}
	f.Add("個人情報の漏えい 17,171件 ＵＳＢメモリ", 2, 9, `"*`+"\ue000"+`:* & | ! <-> ( ) NEAR(`)
	f.Add("令和6年度の今年3月、ｶﾞｲﾄﾞ〆切ヶ所々", 5, 12, "年3月 '\\")
	f.Add("İstanbul ﬁle Ⅻ ㍻", 0, 30, "a OR b AND NOT c")
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text string, i, j int, query string) {
		if !utf8.ValidString(text) || strings.TrimSpace(text) == "" || strings.ContainsRune(text, 0) {
			return // ingest refuses such text before it reaches a store
		}
		r := &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: "fuzz"}
		if err := s.CreateRelease(ctx, r); err != nil {
			t.Fatalf("CreateRelease(%q): %v", text, err)
		}
		defer func() {
			if err := s.DeleteRelease(ctx, r.ID); err != nil {
				t.Fatalf("DeleteRelease: %v", err)
			}
		}()
		norm := textindex.Normalize(text)
		found := func(q string) (bool, error) {
			page, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: q, Limit: 5})
			if err != nil {
				return false, err
			}
			hits, total, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: q, Limit: 5})
			if err != nil {
				return false, err
			}
			inPage := slices.Contains(summaryIDs(page), r.ID)
			inHits := slices.ContainsFunc(hits, func(h jikenbo.SearchHit) bool { return h.Release.ID == r.ID })
			if inPage != inHits || page.Total != total {
				t.Fatalf("query %q: FindReleaseSummaries found it %v (%d in all), SearchReleases %v (%d)", q, inPage, page.Total, inHits, total)
			}
			return inPage, nil
		}

		// Recall: a piece of the text finds it.
		if piece, ok := textPiece(norm, i, j); ok {
			if got, err := found(piece); err != nil {
				t.Fatalf("search %q in %q: %v", piece, text, err)
			} else if !got {
				t.Errorf("search %q does not find %q (normalised %q)", piece, text, norm)
			}
		}

		// Any query: EINVALID or an answer, and only texts holding its words.
		got, err := found(query)
		if err != nil {
			if code := jikenbo.ErrorCode(err); code != jikenbo.EINVALID {
				t.Fatalf("search %q: %s error %v", query, code, err)
			}
			return
		}
		if !got {
			return
		}
		tq, _ := textindex.ParseQuery(query)
		for _, term := range tq.Terms {
			for _, w := range strings.FieldsFunc(term, func(c rune) bool { return classOf(c) == classOther }) {
				if !strings.Contains(norm, w) {
					t.Errorf("search %q found %q, whose normalised text %q lacks %q", query, text, norm, w)
				}
			}
		}
	})
}

// Character classes as the index tokenizer sees them (package
// textindex): Japanese script, Latin letters and digits (whole words),
// and the rest, which separates.
const (
	classOther = iota
	classCJK
	classWord
)

func classOf(c rune) int {
	switch {
	case unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana) || strings.ContainsRune("ー々〆ヶ", c):
		return classCJK
	case (c < 0xE000 || c > 0xF8FF) && (unicode.IsLetter(c) || unicode.IsDigit(c)):
		return classWord
	}
	return classOther
}

// textPiece returns the characters i to j of the normalised text norm,
// widened so as not to cut a word of Latin letters or digits (the index
// keeps such a word whole, so half of one is no match by design), and
// false when there is no searchable piece.
func textPiece(norm string, i, j int) (string, bool) {
	rs := []rune(norm)
	n := len(rs)
	if n == 0 {
		return "", false
	}
	i, j = min(max(i, 0), n-1), min(max(j, 0), n)
	if j <= i {
		j = min(i+1, n)
	}
	j = min(j, i+40)
	for i > 0 && classOf(rs[i-1]) == classWord && classOf(rs[i]) == classWord {
		i--
	}
	for j < n && classOf(rs[j-1]) == classWord && classOf(rs[j]) == classWord {
		j++
	}
	piece := string(rs[i:j])
	// The piece is searched as a user would type it, so it goes through
	// Normalize again; a piece that normalises to something else (a
	// character that changes when cut from its neighbours) proves nothing.
	for _, w := range strings.Fields(textindex.Normalize(piece)) {
		if !strings.Contains(norm, w) {
			return "", false
		}
	}
	if _, ok := textindex.ParseQuery(piece); !ok {
		return "", false
	}
	return piece, true
}

// FuzzCursor checks the paging parameters: any cursor string is a page
// or EINVALID, never another error; and paging through the casebook with
// any page size gives every release and case once, in order.
func FuzzCursor(f *testing.F, s QueryableStore) {
	ctx := context.Background()
	mustQueryFixture(f, s)
	all, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 100})
	if err != nil {
		f.Fatal(err)
	}
	allCases, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{Limit: 100})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("", 1)
	f.Add("!!not-a-cursor", 2)
	f.Add("MjAyNC0xMy0wMXx4", 3) // "2024-13-01|x"
	f.Add("eA", 0)
	f.Add(all.Next, 100)
	f.Fuzz(func(t *testing.T, cursor string, limit int) {
		for _, q := range []jikenbo.CaseQuery{{Cursor: cursor, Limit: 3}, {Cursor: cursor, Limit: 3, Order: jikenbo.CaseStalest}} {
			if _, err := s.FindCaseSummaries(ctx, q); err != nil && jikenbo.ErrorCode(err) != jikenbo.EINVALID {
				t.Fatalf("FindCaseSummaries(cursor %q): %v", cursor, err)
			}
		}
		if _, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Cursor: cursor, Limit: 3}); err != nil && jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Fatalf("FindReleaseSummaries(cursor %q): %v", cursor, err)
		}
		limit = 1 + (limit%7+7)%7
		var got []int64
		q := jikenbo.ReleaseQuery{Limit: limit}
		for range len(all.Releases) + 1 {
			p, err := s.FindReleaseSummaries(ctx, q)
			if err != nil {
				t.Fatalf("page after %q: %v", q.Cursor, err)
			}
			got = append(got, summaryIDs(p)...)
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
		if want := summaryIDs(all); !slices.Equal(got, want) {
			t.Errorf("release pages of %d: %v, want %v", limit, got, want)
		}
		var gotCases []string
		cq := jikenbo.CaseQuery{Limit: limit}
		for range len(allCases.Cases) + 1 {
			p, err := s.FindCaseSummaries(ctx, cq)
			if err != nil {
				t.Fatalf("case page after %q: %v", cq.Cursor, err)
			}
			gotCases = append(gotCases, caseIDs(p)...)
			if p.Next == "" {
				break
			}
			cq.Cursor = p.Next
		}
		if want := caseIDs(allCases); !slices.Equal(gotCases, want) {
			t.Errorf("case pages of %d: %v, want %v", limit, gotCases, want)
		}
	})
}

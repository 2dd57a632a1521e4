package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/store/storetest"
	"github.com/jikenbo/jikenbo/textindex"
)

// TestSearchSameAsSQLite stores the same synthetic releases in both
// stores and checks that every query finds the same releases, and as
// many as a substring scan of the normalised texts.
func TestSearchSameAsSQLite(t *testing.T) {
	pg := pgtest.Open(t)
	lite, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	ctx := context.Background()
	g := synth.New(7, 300)
	var texts []string
	for i := range 300 {
		r := g.Next()
		texts = append(texts, textindex.Normalize(r.Text))
		for _, s := range []jikenbo.Store{pg, lite} {
			storetest.MustCreateRelease(t, s, fmt.Sprintf("r%d", i), r.Text, jikenbo.Facts{})
		}
	}
	for _, q := range []string{"院", "町", "漏", "ス", "紛失", "漏洩", "漏えい", "誤送", "住所", "個人情報", "情報漏洩",
		"メール配", "令和6年", "年3月", "月", "不正アクセス 調査", "2024", "存在しない"} {
		var got [2][]int64
		var n [2]int
		for i, s := range []jikenbo.Store{pg, lite} {
			hits, total, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: q, Limit: 1000})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			for _, h := range hits {
				got[i] = append(got[i], h.Release.ID)
			}
			n[i] = total
		}
		truth := 0
		for _, text := range texts {
			if containsAll(text, strings.Fields(textindex.Normalize(q))) {
				truth++
			}
		}
		if n[0] != n[1] || n[0] != truth || !sameSet(got[0], got[1]) {
			t.Errorf("%q: postgres %d, sqlite %d, substring scan %d", q, n[0], n[1], truth)
		}
	}
}

// TestSearchLongText checks the texts too long for a tsvector's
// positions: a phrase past position 16,383 is found, and tokens present
// but apart are no match.
func TestSearchLongText(t *testing.T) {
	s := pgtest.Open(t)
	ctx := context.Background()
	filler := strings.Repeat("あいうえおかきくけこさしすせそたちつてと。", 1000) // 20,000 bigram positions
	long := storetest.MustCreateRelease(t, s, "long", filler+"最後に個人情報の紛失が判明", jikenbo.Facts{})
	storetest.MustCreateRelease(t, s, "apart", filler+"個人と情報、紛れて失う", jikenbo.Facts{})
	for q, want := range map[string]int{"個人情報": 1, "情報の紛失": 1, "紛失": 1, "判明": 1, "あいう": 2, "個人 情報": 2, "人情": 1} {
		hits, n, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if n != want || len(hits) != want {
			t.Errorf("%q: %d hits (count %d), want %d", q, len(hits), n, want)
		}
		if want == 1 && len(hits) == 1 && hits[0].Release.ID != long.ID {
			t.Errorf("%q found release %d, want %d", q, hits[0].Release.ID, long.ID)
		}
	}
}

func containsAll(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

func sameSet(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[int64]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

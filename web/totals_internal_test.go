package web

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// The largest incidents are kept while the cases stream past: the same
// ten, in the same order (most people first, then by number), as sorting
// every case would give, whatever order the cases come in.
func TestCaseCounterLargest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var cases []*jikenbo.CaseSummary
	for i := range 300 {
		c := &jikenbo.CaseSummary{ID: fmt.Sprintf("2024-%03d", i+1)}
		switch i % 3 {
		case 0: // unknown
		case 1:
			p := 0
			c.Facts.AffectedPersons = &p
		default:
			p := rng.IntN(40) * 100 // many ties
			c.Facts.AffectedPersons = &p
		}
		cases = append(cases, c)
	}
	var want []*jikenbo.CaseSummary
	for _, c := range cases {
		if p := c.Facts.AffectedPersons; p != nil && *p > 0 {
			want = append(want, c)
		}
	}
	slices.SortFunc(want, func(a, b *jikenbo.CaseSummary) int {
		return cmp.Or(cmp.Compare(*b.Facts.AffectedPersons, *a.Facts.AffectedPersons), cmp.Compare(a.ID, b.ID))
	})
	want = want[:largestShown]
	for run := range 5 {
		rng.Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
		k := newCaseCounter()
		for _, c := range cases {
			k.add(c)
		}
		got := k.totals(&jikenbo.Facets{}).Largest
		if !slices.Equal(got, want) {
			t.Fatalf("run %d: largest %v, want %v", run, ids(got), ids(want))
		}
	}
	if got := newCaseCounter().totals(&jikenbo.Facets{}).Largest; len(got) != 0 {
		t.Errorf("no cases: largest %v", ids(got))
	}
}

func ids(cs []*jikenbo.CaseSummary) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s:%d", c.ID, *c.Facts.AffectedPersons))
	}
	return out
}

// Command dupeval measures how alike release texts are, to choose the
// near-duplicate threshold (textindex.DuplicateThreshold): it reads every
// release of the given files (casebook pages split into their posts, as
// import reads them), compares every pair by textindex.Similarity, and
// prints the pairs above -min, most similar first, and a histogram of all
// pairs' similarity. It writes nothing.
//
//	go run ./tools/dupeval ../shared/corpus/pages/label-final-report.txt ../shared/corpus/dev/*.txt
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/textindex"
)

func main() {
	min := flag.Float64("min", 0.2, "print the pairs at least this similar")
	reposts := flag.Bool("reposts", false, "add a casebook repost (headline added) of every release without a headline")
	flag.Parse()
	type doc struct {
		source string
		set    map[uint64]struct{}
		bands  []int64
	}
	var docs []doc
	for _, f := range flag.Args() {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, t := range read(f, b) {
			set := textindex.Shingles(t.text)
			docs = append(docs, doc{t.source, set, textindex.Bands(set)})
			if *reposts && !strings.HasPrefix(t.text, "【") {
				// The same release reposted by a casebook: its headline
				// added above the organisation's own text.
				rp := "【セキュリティ事件簿#2024-999】" + firstLine(t.text) + " 2024/11/25\n\n" + t.text
				set := textindex.Shingles(rp)
				docs = append(docs, doc{t.source + " (repost)", set, textindex.Bands(set)})
			}
		}
	}
	type pair struct {
		a, b      string
		sim       float64
		candidate bool
	}
	var pairs []pair
	hist := make([]int, 11)
	missed := 0
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			s := textindex.Jaccard(docs[i].set, docs[j].set)
			hist[int(s*10)]++
			shared := 0
			for k := range docs[i].bands {
				if docs[i].bands[k] == docs[j].bands[k] {
					shared++
				}
			}
			cand := shared >= textindex.MinSharedBands
			if s >= textindex.DuplicateThreshold && !cand {
				missed++
			}
			if s >= *min {
				pairs = append(pairs, pair{docs[i].source, docs[j].source, s, cand})
			}
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].sim > pairs[j].sim })
	fmt.Printf("%d releases, %d pairs\n", len(docs), len(docs)*(len(docs)-1)/2)
	for _, p := range pairs {
		fmt.Printf("%.3f candidate=%v  %s  %s\n", p.sim, p.candidate, p.a, p.b)
	}
	fmt.Println("similarity histogram (pairs per tenth):")
	for i, n := range hist {
		fmt.Printf("  %.1f-%.1f %6d\n", float64(i)/10, float64(i+1)/10, n)
	}
	fmt.Printf("pairs at or above %.2f that share fewer than %d band keys (missed candidates): %d\n", textindex.DuplicateThreshold, textindex.MinSharedBands, missed)
}

type text struct{ source, text string }

// read gives the releases of one input as import reads them: a text file
// split into its posts, HTML and PDF decoded.
func read(name string, b []byte) []text {
	var r ingest.Reader
	res, err := r.Read(context.Background(), name, "", b)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out []text
	if res.Kind == ingest.KindText {
		posts, err := ingest.ReadText(name, b)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, p := range posts {
			out = append(out, text{p.Source, p.Text})
		}
		return out
	}
	for _, d := range res.Documents {
		out = append(out, text{d.Source, d.Text})
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40])
	}
	return s
}

// Command searchbench measures full-text search latency on a casebook,
// for 1-, 2- and 4-character queries:
//
//   - the search page's store calls (FindReleaseSummaries, a page of 20
//     newest first with the total, and ReleaseFacets), as /search makes
//     them: the time of the first search of each query (which reads its
//     terms from the index; the very first also builds the snapshot of
//     the casebook's facets) and p50/p99 of the runs after it;
//   - SearchReleases (top 20 by rank plus the total count).
//
// Every count is checked against a plain substring scan of the releases'
// normalised texts. -db is a SQLite file or a PostgreSQL URL, so both
// stores are measured the same way; -cpuprofile writes a CPU profile of
// the timed runs.
//
//	go run ./tools/searchbench -db /tmp/synth.db [-runs 50]
//	go run ./tools/searchbench -db postgres://postgres@127.0.0.1/bench [-runs 50]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/textindex"
)

// queries by length: common and rare terms, kanji and kana, and the
// spelling variant 漏えい.
var queries = map[int][]string{
	1: {"院", "町", "漏", "盗", "菫", "ス"},
	2: {"紛失", "漏洩", "誤送", "暗号", "住所", "椿楓"},
	4: {"個人情報", "情報漏洩", "暗号化さ", "メール配", "多要素認", "冬木春日"},
}

// hard are queries the index cannot answer alone: a lone kanji or kana
// followed by more (digits, a word), whose first character may end a
// longer run in the text. They are timed as the search page runs them
// (a page of results with the total, and the facets), and may be
// refused when they would check too many texts.
var hard = []string{"年3", "月1", "日2", "第1", "院2", "件1", "年3月", "名1"}

func main() {
	db := flag.String("db", "jikenbo.db", "casebook file or postgres:// URL")
	runs := flag.Int("runs", 50, "timed runs per query")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	only := flag.String("only", "", "page: only the search page's calls; rank: only SearchReleases")
	flag.Parse()
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, "searchbench:", err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "searchbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*db, *runs, *only); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(db string, runs int, only string) error {
	ctx := context.Background()
	var s interface {
		jikenbo.Store
		jikenbo.QueryStore
	}
	var err error
	if postgres.IsDSN(db) {
		s, err = postgres.Open(ctx, db, postgres.Options{})
	} else {
		s, err = sqlite.Open(ctx, db, sqlite.Options{})
	}
	if err != nil {
		return err
	}
	defer s.Close()
	// Every normalised text once, for the substring truth; the search
	// page finds public releases only.
	var texts []string
	var public []bool
	for after := int64(0); ; {
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{AfterID: after, Limit: 2000})
		if err != nil {
			return err
		}
		for _, r := range rs {
			texts, public = append(texts, textindex.Normalize(r.Text)), append(public, !r.Draft)
			after = r.ID
		}
		if len(rs) < 2000 {
			break
		}
	}
	fmt.Printf("%d releases\n", len(texts))
	truth := func(q string, publicOnly bool) int {
		n := 0
		terms := strings.Fields(textindex.Normalize(q))
		for i, t := range texts {
			if publicOnly && !public[i] {
				continue
			}
			ok := true
			for _, term := range terms {
				ok = ok && strings.Contains(t, term)
			}
			if ok {
				n++
			}
		}
		return n
	}
	if only != "rank" {
		if err := pageRuns(ctx, s, runs, truth); err != nil {
			return err
		}
	}
	if only == "page" {
		return nil
	}
	fmt.Println("SearchReleases (top 20 by rank and the total):")
	for _, n := range []int{1, 2, 4} {
		var all []time.Duration
		for _, q := range queries[n] {
			truth := truth(q, false)
			var ds []time.Duration
			var total int
			for i := range runs + 1 {
				start := time.Now()
				_, total, err = s.SearchReleases(ctx, jikenbo.SearchQuery{Q: q, Limit: 20})
				if err != nil {
					return err
				}
				if i > 0 { // the first run warms the cache
					ds = append(ds, time.Since(start))
				}
			}
			slices.Sort(ds)
			all = append(all, ds...)
			exact := "exact"
			if total != truth {
				exact = fmt.Sprintf("MISMATCH (substring scan %d)", truth)
			}
			fmt.Printf("  %-10s %6d hits  p50 %7.2f ms  p99 %7.2f ms  %s\n", q, total, ms(pct(ds, 50)), ms(pct(ds, 99)), exact)
		}
		slices.Sort(all)
		fmt.Printf("%d-character queries: p50 %.2f ms, p99 %.2f ms (%d runs)\n", n, ms(pct(all, 50)), ms(pct(all, 99)), len(all))
	}
	var worst time.Duration
	for _, q := range hard {
		var ds []time.Duration
		outcome := ""
		for i := range runs + 1 {
			start := time.Now()
			rq := jikenbo.ReleaseQuery{Q: q, Limit: 20}
			page, err := s.FindReleaseSummaries(ctx, rq)
			if err == nil {
				_, err = s.ReleaseFacets(ctx, rq)
			}
			d := time.Since(start)
			switch {
			case jikenbo.ErrorCode(err) == jikenbo.EINVALID:
				outcome = "refused: " + jikenbo.ErrorMessage(err)
			case err != nil:
				return err
			default:
				outcome = fmt.Sprintf("%d hits", page.Total)
			}
			if i > 0 {
				ds = append(ds, d)
			}
		}
		slices.Sort(ds)
		worst = max(worst, ds[len(ds)-1])
		fmt.Printf("  %-6s search page p50 %7.2f ms  max %7.2f ms  %s\n", q, ms(pct(ds, 50)), ms(ds[len(ds)-1]), outcome)
	}
	fmt.Printf("queries the index cannot answer alone: worst %.2f ms\n", ms(worst))
	return nil
}

// pageRuns times the search page's store calls for each query.
func pageRuns(ctx context.Context, s jikenbo.QueryStore, runs int, truth func(string, bool) int) error {
	fmt.Println("search page (FindReleaseSummaries page of 20 with the total, and ReleaseFacets):")
	for _, n := range []int{1, 2, 4} {
		var all, firsts []time.Duration
		for _, q := range queries[n] {
			want := truth(q, true)
			var ds []time.Duration
			var first time.Duration
			var total int
			for i := range runs + 1 {
				start := time.Now()
				rq := jikenbo.ReleaseQuery{Q: q, Limit: 20}
				page, err := s.FindReleaseSummaries(ctx, rq)
				if err != nil {
					return err
				}
				if _, err := s.ReleaseFacets(ctx, rq); err != nil {
					return err
				}
				total = page.Total
				if i == 0 {
					first = time.Since(start)
				} else {
					ds = append(ds, time.Since(start))
				}
			}
			slices.Sort(ds)
			all, firsts = append(all, ds...), append(firsts, first)
			exact := "exact"
			if total != want {
				exact = fmt.Sprintf("MISMATCH (substring scan %d)", want)
			}
			fmt.Printf("  %-10s %6d hits  first %7.2f ms  p50 %7.2f ms  p99 %7.2f ms  %s\n", q, total, ms(first), ms(pct(ds, 50)), ms(pct(ds, 99)), exact)
		}
		slices.Sort(all)
		slices.Sort(firsts)
		fmt.Printf("%d-character queries: p50 %.2f ms, p99 %.2f ms (%d runs); first searches: worst %.2f ms\n",
			n, ms(pct(all, 50)), ms(pct(all, 99)), len(all), ms(firsts[len(firsts)-1]))
	}
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, len(ds)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Command searchbench measures full-text search latency on a casebook:
// p50 and p99 of SearchReleases (top 20 by rank plus the total count) for
// 1-, 2- and 4-character queries, and checks each count against a plain
// substring scan of every release's normalised text. -db is a SQLite file
// or a PostgreSQL URL, so both stores are measured the same way.
//
//	go run ./tools/searchbench -db /tmp/synth.db [-runs 50]
//	go run ./tools/searchbench -db postgres://postgres@127.0.0.1/bench [-runs 50]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
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
	flag.Parse()
	if err := run(*db, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(db string, runs int) error {
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
	// Every normalised text once, for the substring truth.
	var texts []string
	for after := int64(0); ; {
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{AfterID: after, Limit: 2000})
		if err != nil {
			return err
		}
		for _, r := range rs {
			texts = append(texts, textindex.Normalize(r.Text))
			after = r.ID
		}
		if len(rs) < 2000 {
			break
		}
	}
	fmt.Printf("%d releases\n", len(texts))
	for _, n := range []int{1, 2, 4} {
		var all []time.Duration
		for _, q := range queries[n] {
			truth := 0
			for _, t := range texts {
				if strings.Contains(t, textindex.Normalize(q)) {
					truth++
				}
			}
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

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, len(ds)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

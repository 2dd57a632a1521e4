// Command linkeval measures case linking on the dev corpus: it strips the
// case numbers from the posts' headlines, imports the posts together with
// the raw releases into a new casebook, and reports pairwise precision and
// recall of the cases it made against the groups the corpus implies.
//
//	go run ./tools/linkeval [-corpus ../shared/corpus/dev] [-v]
//
// Gold groups: posts by their headline number; raw releases copied from
// casebook post pages by the number in their source address (027 is
// 2024-217); and the groups the texts themselves state: 075 and 080 both
// report the ransomware attack on their vendor 株式会社エムケイシステム.
// Every other release is alone.
//
// With -synth DIR -db FILE it instead scores a casebook imported from
// tools/gen output against the generator's incidents.tsv:
//
//	go run ./tools/linkeval -synth /tmp/synth -db /tmp/synth.db
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// textGroups are releases the corpus texts tie together without a number.
var textGroups = [][]string{{"075", "080"}}

var (
	headlineNumber = regexp.MustCompile(`#\s*\d{4}-\d{1,4}`)
	urlNumber      = regexp.MustCompile(`/(?:sec)?(20\d\d)-(\d{3})[^/]*$`)
)

type gold struct {
	CaseID *string `json:"case_id"`
	Kind   string  `json:"kind"`
	Source string  `json:"source"`
}

func main() {
	corpus := flag.String("corpus", "../shared/corpus/dev", "dev corpus folder (NNN.txt + NNN.gold.json)")
	verbose := flag.Bool("v", false, "print every case made and the filing reasons")
	synthDir := flag.String("synth", "", "score a casebook imported from tools/gen output in this folder")
	db := flag.String("db", "", "with -synth: the casebook file")
	flag.Parse()
	var err error
	if *synthDir != "" {
		err = runSynth(*synthDir, *db)
	} else {
		err = run(*corpus, *verbose)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "linkeval:", err)
		os.Exit(1)
	}
}

func run(corpus string, verbose bool) error {
	ctx := context.Background()
	golds, err := filepath.Glob(filepath.Join(corpus, "*.gold.json"))
	if err != nil || len(golds) == 0 {
		return fmt.Errorf("no gold files in %s", corpus)
	}
	tmp, err := os.MkdirTemp("", "linkeval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	want := map[string]string{} // doc → gold group
	for _, g := range golds {
		doc := strings.TrimSuffix(filepath.Base(g), ".gold.json")
		b, err := os.ReadFile(g)
		if err != nil {
			return err
		}
		var gd gold
		if err := json.Unmarshal(b, &gd); err != nil {
			return fmt.Errorf("%s: %w", g, err)
		}
		want[doc] = "alone:" + doc
		if gd.CaseID != nil {
			want[doc] = *gd.CaseID
		} else if m := urlNumber.FindStringSubmatch(gd.Source); m != nil {
			want[doc] = m[1] + "-" + m[2]
		}
		text, err := os.ReadFile(filepath.Join(corpus, doc+".txt"))
		if err != nil {
			return err
		}
		// Strip the number from the headline only; the post stays a post.
		lines := strings.SplitN(string(text), "\n", 2)
		lines[0] = headlineNumber.ReplaceAllString(lines[0], "")
		if err := os.WriteFile(filepath.Join(tmp, doc+".txt"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			return err
		}
	}
	for _, g := range textGroups {
		for _, d := range g[1:] {
			want[d] = want[g[0]]
		}
	}
	s, err := sqlite.Open(ctx, filepath.Join(tmp, "eval.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
	sum, err := im.Import(ctx, []string{tmp})
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d failed: %v", sum.Failed, sum.Failures)
	}
	got := map[string]string{}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		return err
	}
	for _, r := range rs {
		got[strings.TrimSuffix(filepath.Base(r.Source), ".txt")] = r.CaseID
	}
	docs := make([]string, 0, len(want))
	for d := range want {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	var tp, fp, fn int
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := docs[i], docs[j]
			sameGot := got[a] != "" && got[a] == got[b]
			sameWant := want[a] == want[b]
			switch {
			case sameGot && sameWant:
				tp++
			case sameGot:
				fp++
				fmt.Printf("false pair: %s + %s (case %s)\n", a, b, got[a])
			case sameWant:
				fn++
				fmt.Printf("missed pair: %s + %s (gold %s; got %s, %s)\n", a, b, want[a], got[a], got[b])
			}
		}
	}
	if verbose {
		cs, _, _ := s.FindCases(ctx, jikenbo.CaseFilter{})
		for _, c := range cs {
			if len(c.Releases) > 1 {
				fmt.Printf("case %s: %d releases\n", c.ID, len(c.Releases))
				for _, d := range c.Decisions {
					fmt.Printf("  release %d %s: %s\n", d.ReleaseID, d.Action, strings.Join(d.Reasons, " / "))
				}
			}
		}
	}
	prec, rec := ratio(tp, tp+fp), ratio(tp, tp+fn)
	fmt.Printf("%d releases (%d added), %d cases; gold pairs %d, made pairs %d, correct %d\n", len(docs), sum.Added, sum.NewCases, tp+fn, tp+fp, tp)
	fmt.Printf("pairwise precision %.3f, recall %.3f\n", prec, rec)
	return nil
}

func runSynth(dir, db string) error {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join(dir, "incidents.tsv"))
	if err != nil {
		return err
	}
	want := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		name, inc, _ := strings.Cut(l, "\t")
		want[name] = inc
	}
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	got := map[string]string{}
	for after := int64(0); ; {
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{AfterID: after, Limit: 1000})
		if err != nil {
			return err
		}
		for _, r := range rs {
			got[filepath.Base(r.Source)] = r.CaseID
			after = r.ID
		}
		if len(rs) < 1000 {
			break
		}
	}
	// Pair counts from the contingency table: n releases give n(n-1)/2
	// pairs, so no pair is visited.
	pairs := func(n int) int { return n * (n - 1) / 2 }
	cell, gotN, wantN := map[[2]string]int{}, map[string]int{}, map[string]int{}
	for name, w := range want {
		g, ok := got[name]
		if !ok || g == "" {
			g = "missing:" + name
		}
		cell[[2]string{g, w}]++
		gotN[g]++
		wantN[w]++
	}
	var tp, made, gold int
	for _, n := range cell {
		tp += pairs(n)
	}
	for _, n := range gotN {
		made += pairs(n)
	}
	for _, n := range wantN {
		gold += pairs(n)
	}
	fmt.Printf("%d releases, %d cases made, %d incidents; gold pairs %d, made pairs %d, correct %d\n", len(want), len(gotN), len(wantN), gold, made, tp)
	fmt.Printf("pairwise precision %.3f, recall %.3f\n", ratio(tp, made), ratio(tp, gold))
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Command classifyfit fits the incident classifier on the labelled set
// under testdata/classify and writes the weights embedded in package
// classify, or reports cross-validated precision and recall.
//
//	go run ./tools/classifyfit                  # rewrite classify/weights.json
//	go run ./tools/classifyfit -cv 10           # 10-fold cross-validation, Markdown on stdout
//	go run ./tools/classifyfit -cv 10 -corpus ../shared/corpus/dev
//
// The embedded model is fitted on the set's own files only, so that it and
// its tests do not need the development corpus; with -corpus, the
// cross-validation adds the corpus files named in
// testdata/classify/corpus-dev.list as further incident notices, and the
// embedded model is also scored on them (it was not fitted on them).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jikenbo/jikenbo/classify"
)

func main() {
	set := flag.String("set", "testdata/classify", "the labelled set")
	out := flag.String("o", "classify/weights.json", "where to write the fitted weights")
	cv := flag.Int("cv", 0, "report k-fold cross-validation instead of writing the weights")
	corpus := flag.String("corpus", "", "the development corpus directory (for -cv)")
	flag.Parse()
	if err := run(*set, *out, *cv, *corpus); err != nil {
		fmt.Fprintln(os.Stderr, "classifyfit:", err)
		os.Exit(1)
	}
}

func run(set, out string, k int, corpus string) error {
	own, err := classify.LoadSet(set)
	if err != nil {
		return err
	}
	if k == 0 {
		m := classify.Fit(own, classify.FitOptions{})
		return os.WriteFile(out, m.JSON(), 0o644)
	}
	pos, neg := count(own)
	fmt.Printf("own set: %d incident notices, %d other documents\n\n", pos, neg)
	report("own set", classify.CrossValidate(own, k, classify.FitOptions{}), k)
	if corpus == "" {
		return nil
	}
	dev, err := classify.LoadList(filepath.Join(set, "corpus-dev.list"), corpus)
	if err != nil {
		return err
	}
	all := append(append([]classify.Example{}, own...), dev...)
	pos, neg = count(all)
	fmt.Printf("\nown set + corpus: %d incident notices, %d other documents\n\n", pos, neg)
	report("own set + corpus", classify.CrossValidate(all, k, classify.FitOptions{}), k)
	fmt.Println()
	s := classify.Default().Evaluate(dev)
	fmt.Printf("embedded model (fitted on the own set only) on the %d corpus notices: recall %.3f (%d of %d)\n",
		len(dev), s.Recall(), s.TP, s.TP+s.FN)
	for _, m := range s.Misses {
		fmt.Println("  -", m)
	}
	return nil
}

func count(es []classify.Example) (pos, neg int) {
	for _, e := range es {
		if e.Incident {
			pos++
		} else {
			neg++
		}
	}
	return pos, neg
}

func report(name string, s classify.Scores, k int) {
	fmt.Printf("%s, %d-fold: precision %.3f, recall %.3f, F1 %.3f (TP %d, FP %d, FN %d, TN %d)\n",
		name, k, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN, s.TN)
	for _, m := range s.Misses {
		fmt.Println("  -", m)
	}
}

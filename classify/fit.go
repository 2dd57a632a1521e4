package classify

import (
	"fmt"
	"sort"
)

// Example is one labelled document of the development set.
type Example struct {
	Name     string // where it came from, for reports
	Title    string
	Text     string
	Incident bool
}

// FitOptions are the settings of the fit. The zero value uses the
// defaults, which are the ones the embedded model was fitted with.
type FitOptions struct {
	L2         float64 // ridge penalty on the weights (not the bias); default 0.02
	Iterations int     // full-batch gradient steps; default 3000
	Rate       float64 // step size; default 1
}

func (o FitOptions) withDefaults() FitOptions {
	if o.L2 == 0 {
		o.L2 = 0.02
	}
	if o.Iterations == 0 {
		o.Iterations = 3000
	}
	if o.Rate == 0 {
		o.Rate = 1
	}
	return o
}

// row is an example reduced to its features and label.
type row struct {
	feats []string
	y     bool
}

func rows(examples []Example) []row {
	out := make([]row, len(examples))
	for i, e := range examples {
		out[i] = row{Features(e.Title, e.Text), e.Incident}
	}
	return out
}

// Fit fits a logistic regression on the examples: L2-penalised, each class
// weighted to half of the total (the set has more negatives than
// positives), full-batch gradient descent from zero. The result depends
// only on the examples, not on their order or on chance.
func Fit(examples []Example, opt FitOptions) *Model {
	return fitRows(rows(examples), opt)
}

func fitRows(rs []row, opt FitOptions) *Model {
	opt = opt.withDefaults()
	index := map[string]int{}
	var names []string
	for _, r := range rs {
		for _, f := range r.feats {
			if _, ok := index[f]; !ok {
				index[f] = len(names)
				names = append(names, f)
			}
		}
	}
	var npos, nneg float64
	for _, r := range rs {
		if r.y {
			npos++
		} else {
			nneg++
		}
	}
	if npos == 0 || nneg == 0 {
		return &Model{Weights: map[string]float64{}}
	}
	// Sample weights: each class counts for half.
	wpos, wneg := 0.5/npos, 0.5/nneg
	idx := make([][]int, len(rs))
	for i, r := range rs {
		for _, f := range r.feats {
			idx[i] = append(idx[i], index[f])
		}
	}
	w := make([]float64, len(names))
	g := make([]float64, len(names))
	var b float64
	for it := 0; it < opt.Iterations; it++ {
		for j := range g {
			g[j] = opt.L2 * w[j]
		}
		var gb float64
		for i, r := range rs {
			z := b
			for _, j := range idx[i] {
				z += w[j]
			}
			p := sigmoid(z)
			y, sw := 0.0, wneg
			if r.y {
				y, sw = 1, wpos
			}
			d := sw * (p - y)
			gb += d
			for _, j := range idx[i] {
				g[j] += d
			}
		}
		b -= opt.Rate * gb
		for j := range w {
			w[j] -= opt.Rate * g[j]
		}
	}
	m := &Model{Bias: b, Weights: map[string]float64{}}
	for j, n := range names {
		m.Weights[n] = w[j]
	}
	return m
}

// Scores are precision and recall of the incident class, with the counts
// they are computed from.
type Scores struct {
	TP, FP, TN, FN int
	// Misses names the examples judged wrongly, with their score.
	Misses []string
}

// Precision is TP/(TP+FP), 0 when nothing was judged an incident.
func (s Scores) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP/(TP+FN), 0 when there is no positive.
func (s Scores) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Scores) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *Scores) add(name string, want bool, v Verdict) {
	switch {
	case want && v.Incident:
		s.TP++
	case want:
		s.FN++
		s.Misses = append(s.Misses, fmt.Sprintf("missed %s (%.2f)", name, v.Score))
	case v.Incident:
		s.FP++
		s.Misses = append(s.Misses, fmt.Sprintf("false alarm %s (%.2f)", name, v.Score))
	default:
		s.TN++
	}
}

// Evaluate scores the model on examples.
func (m *Model) Evaluate(examples []Example) Scores {
	var s Scores
	for _, e := range examples {
		s.add(e.Name, e.Incident, m.Classify(e.Title, e.Text))
	}
	return s
}

// CrossValidate scores k-fold cross-validation: the examples are dealt
// into k folds, stratified by label in name order (deterministic), and
// each fold is judged by a model fitted on the other k-1 folds only.
func CrossValidate(examples []Example, k int, opt FitOptions) Scores {
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return examples[order[a]].Name < examples[order[b]].Name })
	fold := make([]int, len(examples))
	var npos, nneg int
	for _, i := range order {
		if examples[i].Incident {
			fold[i] = npos % k
			npos++
		} else {
			fold[i] = nneg % k
			nneg++
		}
	}
	rs := rows(examples)
	var s Scores
	for f := 0; f < k; f++ {
		var train []row
		for i, r := range rs {
			if fold[i] != f {
				train = append(train, r)
			}
		}
		m := fitRows(train, opt)
		for i, r := range rs {
			if fold[i] == f {
				s.add(examples[i].Name, r.y, m.classifyFeatures(r.feats))
			}
		}
	}
	return s
}

package extract

import "strings"

// findAll returns the spans of every occurrence of word in d.low (the
// normalised, ASCII-lower-cased text). Words in vocabularies are written
// in that form: ASCII lower case, half-width digits.
func (d *doc) findAll(word string) []span {
	var out []span
	for i := 0; ; {
		k := strings.Index(d.low[i:], word)
		if k < 0 {
			return out
		}
		out = append(out, span{i + k, i + k + len(word)})
		i += k + len(word)
	}
}

// findFirst returns the first occurrence of any of words, the earliest in
// the text.
func (d *doc) findFirst(words []string) (span, bool) {
	best := span{-1, -1}
	for _, w := range words {
		if k := strings.Index(d.low, w); k >= 0 && (best.start < 0 || k < best.start) {
			best = span{k, k + len(w)}
		}
	}
	return best, best.start >= 0
}

// lineOf returns the index of the line holding normalised offset off.
func (d *doc) lineOf(off int) int {
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.lines[mid].start <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// sentenceAround returns the span of the sentence holding off: from the
// previous 。 or line start to the next 。 or line end.
func (d *doc) sentenceAround(off int) span {
	l := d.lines[d.lineOf(off)]
	s := strings.LastIndex(d.norm[l.start:off], "。")
	if s < 0 {
		s = l.start
	} else {
		s = l.start + s + len("。")
	}
	e := strings.Index(d.norm[off:l.end], "。")
	if e < 0 {
		e = l.end
	} else {
		e = off + e + len("。")
	}
	return span{s, e}
}

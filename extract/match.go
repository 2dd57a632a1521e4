package extract

import (
	"sort"
	"strings"
)

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
// previous 。 or line start to the next 。 (included) or line end.
func (d *doc) sentenceAround(off int) span {
	i := sort.SearchInts(d.sents, off+1) - 1
	if i < 0 {
		i = 0
	}
	start := d.sents[i]
	end := len(d.norm)
	if i+1 < len(d.sents) {
		end = d.sents[i+1]
	}
	l := d.lines[d.lineOf(off)]
	if end > l.end {
		end = l.end
	}
	return span{start, end}
}

// sentenceStarts returns the offsets where sentences start: each line
// start and each position after a 。 that is not inside brackets.
func sentenceStarts(norm string, lines []line) []int {
	out := make([]int, 0, len(lines)*2)
	for _, l := range lines {
		out = append(out, l.start)
		for i := l.start; i < l.end; {
			k := strings.Index(norm[i:l.end], "。")
			if k < 0 {
				break
			}
			i += k + len("。")
			// 。 right before a closing bracket ends a sentence quoted
			// inside another: (以下「施設」といいます。)
			if i < l.end && !strings.HasPrefix(norm[i:], ")") && !strings.HasPrefix(norm[i:], "」") && !strings.HasPrefix(norm[i:], "』") {
				out = append(out, i)
			}
		}
	}
	return out
}

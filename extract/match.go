package extract

import (
	"sort"
	"strings"
	"unicode/utf8"
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

// segmentsAround returns windows of text from before bytes ahead of each
// anchor to after bytes past it, overlapping windows merged; anchors must
// be ascending. Rules whose patterns need an anchor (a date needs 月 or a
// separator, a count needs 件, 名 or 人) run their regular expressions over
// these windows only, not the whole text.
func segmentsAround(text string, anchors []int, before, after int) []span {
	var segs []span
	for _, k := range anchors {
		s, e := max(0, k-before), min(len(text), k+after)
		for s > 0 && !utf8.RuneStart(text[s]) {
			s--
		}
		for e < len(text) && !utf8.RuneStart(text[e]) {
			e++
		}
		if n := len(segs); n > 0 && s <= segs[n-1].end {
			segs[n-1].end = max(segs[n-1].end, e)
			continue
		}
		segs = append(segs, span{s, e})
	}
	return segs
}

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

// The sentence model, computed once per document in newDoc and shared by
// every rule family. A sentence ends at a line break, or after a 。 that
// does not close a bracketed or quoted note: a 。 directly before ) ] 」 』
// 】 ends the sentence quoted inside another ((以下「施設」といいます。),
// (転出、死亡者含む。)), not the one around it. Sentences do not hold the
// line break; every line holds at least one sentence, empty lines an empty
// one.
func sentences(norm string, lines []line) []span {
	out := make([]span, 0, len(lines)*2)
	for _, l := range lines {
		start := l.start
		for i := l.start; i < l.end; {
			k := strings.Index(norm[i:l.end], "。")
			if k < 0 {
				break
			}
			i += k + len("。")
			if i < l.end && hasAnyPrefix(norm[i:], sentenceQuoteClosers) {
				continue
			}
			out = append(out, span{start, i})
			start = i
		}
		if start < l.end || start == l.start {
			out = append(out, span{start, l.end})
		}
	}
	return out
}

// sentenceQuoteClosers close a note whose last sentence ends inside it.
var sentenceQuoteClosers = []string{")", "]", "」", "』", "】"}

// sentenceAt returns the sentence holding normalised offset off; an offset
// on a line break or past the text belongs to the sentence after it, or
// the last one.
func (d *doc) sentenceAt(off int) span {
	k := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].end > off })
	if k == len(d.sents) {
		return d.sents[len(d.sents)-1]
	}
	return d.sents[k]
}

// lineSentences returns the sentences of line l.
func (d *doc) lineSentences(l line) []span {
	i := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].start >= l.start })
	j := i
	for j < len(d.sents) && d.sents[j].end <= l.end && (j == i || d.sents[j].start < l.end) {
		j++
	}
	return d.sents[i:j]
}

// isHiragana reports whether r is a hiragana letter or the hiragana
// iteration marks (ゝ ゞ ゟ); not the combining voiced marks.
func isHiragana(r rune) bool { return r >= 0x3041 && r <= 0x3096 || r >= 0x309D && r <= 0x309F }

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

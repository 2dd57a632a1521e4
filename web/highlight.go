package web

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// Release text is untrusted. It is cut into segments of plain text that
// the templates write through html/template's escaping, with the marked
// parts flagged; no HTML is ever built from it here.

// segment is a piece of release text, marked or not.
type segment struct {
	Text string
	Mark bool
	// Class lists the fields whose evidence covers the piece.
	Class string
	Title string
	// Anchors are the ids of evidence spans that start here.
	Anchors []string
}

// fieldNames are the facts fields in display order with their Japanese
// names.
var fieldNames = []struct{ Field, Name string }{
	{"case_id", "事件番号"},
	{"organization", "組織"},
	{"title", "題名"},
	{"published", "公表日"},
	{"status", "調査の状況"},
	{"categories", "分類"},
	{"affected_persons", "被害人数"},
	{"affected_cards", "カード件数"},
	{"data_types", "漏えい等した情報"},
	{"third_party", "委託先・第三者で発生"},
	{"related_organizations", "関係する組織"},
	{"detected", "発覚日"},
}

func fieldName(f string) string {
	for _, n := range fieldNames {
		if n.Field == f {
			return n.Name
		}
	}
	return f
}

// fieldClass makes a CSS class of a field name, keeping only what a
// class may hold whatever the database says.
func fieldClass(f string) string {
	var b strings.Builder
	b.WriteString("ev-")
	for _, r := range f {
		if r == '_' || r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// evidenceAnchor is the id of the k-th evidence span.
func evidenceAnchor(k int) string { return "ev-" + strconv.Itoa(k) }

// evidenceSegments cuts text at the boundaries of the evidence spans.
// Spans may nest or overlap (a category word inside the title); each
// piece lists every field covering it. Offsets out of range are dropped
// and offsets inside a character are moved to its edges, so a wrong span
// can never split a character.
func evidenceSegments(text string, ev []jikenbo.Evidence) []segment {
	type span struct {
		k, start, end int
		field         string
	}
	var spans []span
	cuts := map[int]bool{0: true, len(text): true}
	for k, e := range ev {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			continue
		}
		s, t := e.Start, e.End
		for s > 0 && !utf8.RuneStart(text[s]) {
			s--
		}
		for t < len(text) && !utf8.RuneStart(text[t]) {
			t++
		}
		spans = append(spans, span{k, s, t, e.Field})
		cuts[s], cuts[t] = true, true
	}
	bounds := make([]int, 0, len(cuts))
	for c := range cuts {
		bounds = append(bounds, c)
	}
	sort.Ints(bounds)
	var out []segment
	for i := 0; i+1 < len(bounds); i++ {
		a, b := bounds[i], bounds[i+1]
		seg := segment{Text: text[a:b]}
		var classes, titles []string
		for _, sp := range spans {
			if sp.start == a {
				seg.Anchors = append(seg.Anchors, evidenceAnchor(sp.k))
			}
			if sp.start <= a && sp.end >= b {
				if c := fieldClass(sp.field); !contains(classes, c) {
					classes = append(classes, c)
					titles = append(titles, fieldName(sp.field))
				}
			}
		}
		if len(classes) > 0 {
			seg.Mark, seg.Class, seg.Title = true, "ev "+strings.Join(classes, " "), strings.Join(titles, "・")
		}
		out = append(out, seg)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// spellings lists the forms the index folds together
// (textindex.Normalize), so that a snippet marks 漏えい for a search for
// 漏洩 too.
var spellings = [][]string{{"漏洩", "漏えい", "漏泄", "ろうえい"}}

// searchTerms returns the words of a query as the text will be compared:
// normalised, with each folded spelling's other forms.
func searchTerms(q string) []string {
	var out []string
	for _, t := range strings.Fields(textindex.Normalize(q)) {
		out = append(out, t)
		for _, forms := range spellings {
			if strings.Contains(t, forms[0]) {
				for _, f := range forms[1:] {
					out = append(out, strings.ReplaceAll(t, forms[0], f))
				}
			}
		}
	}
	return out
}

// snippet returns about width characters of text around the first match
// of a term, with every match marked and whitespace runs shown as one
// space. Matching is on the normalised text (full-width digits find
// half-width ones) mapped back character by character.
func snippet(text string, terms []string, width int) []segment {
	runes := []rune(text)
	// norm is the text normalised rune by rune; owner[i] is the rune of
	// text that byte i of norm came from (int32: a search page makes
	// twenty snippets of whole texts).
	norm := make([]byte, 0, len(text))
	owner := make([]int32, 0, len(text))
	for i, r := range runes {
		if plainRune(r) {
			norm = utf8.AppendRune(norm, r)
		} else {
			norm = append(norm, textindex.Normalize(string(r))...)
		}
		for len(owner) < len(norm) {
			owner = append(owner, int32(i))
		}
	}
	marked := make([]bool, len(runes))
	first := -1
	for _, t := range terms {
		if t == "" {
			continue
		}
		tb := []byte(t)
		for off := 0; ; {
			i := bytes.Index(norm[off:], tb)
			if i < 0 {
				break
			}
			a, b := int(owner[off+i]), int(owner[off+i+len(t)-1])
			for k := a; k <= b; k++ {
				marked[k] = true
			}
			if first < 0 || a < first {
				first = a
			}
			off += i + len(t)
		}
	}
	if first < 0 {
		first = 0
	}
	start := max(0, first-width/3)
	end := min(len(runes), start+width)
	var out []segment
	if start > 0 {
		out = append(out, segment{Text: "…"})
	}
	space := false
	var piece []rune // the segment being read, marked as lastMark
	lastMark := false
	flush := func() {
		if len(piece) > 0 {
			out = append(out, segment{Text: string(piece), Mark: lastMark})
			piece = piece[:0]
		}
	}
	for i := start; i < end; i++ {
		r := runes[i]
		if unicode.IsSpace(r) {
			if space {
				continue
			}
			space, r = true, ' '
		} else {
			space = false
		}
		if marked[i] != lastMark {
			flush()
		}
		piece, lastMark = append(piece, r), marked[i]
	}
	flush()
	if end < len(runes) {
		out = append(out, segment{Text: "…"})
	}
	return out
}

// plainRune reports whether r is its own normal form (textindex.Normalize
// leaves it as it is): kana and the unified ideographs, which are most of
// a Japanese text, and ASCII other than capitals. snippet normalises
// every other rune on its own.
func plainRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r < 'A' || r > 'Z'
	case r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA, r == 0x30FC, r >= 0x4E00 && r <= 0x9FFF:
		return true
	}
	return false
}

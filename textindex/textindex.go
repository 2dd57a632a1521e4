// Package textindex turns Japanese text into the tokens of the full-text
// index and search queries into index queries, the same way for every
// store (SQLite FTS5, a PostgreSQL tsvector: see Vector).
//
// Japanese has no spaces between words and morphological analysis loses
// recall (engineering-notes §1), so text is indexed as overlapping
// character bigrams: each run of Han/Hiragana/Katakana of two or more
// characters gives its bigrams, and its last character is also kept apart
// (Tail) so a one-character query finds a character that ends a run. A
// Latin/digit run is one word. Between two runs that are not adjacent in
// the text a gap token is written, so a phrase spanning runs matches only
// where the runs really touch: results are exact substrings, not near
// misses.
//
// Before tokenizing, text and queries are normalised alike (Normalize):
// NFKC (full-width digits and Latin, half-width kana), lower case, and
// spelling variants folded (漏えい and 漏洩 find each other).
package textindex

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Gap is the token written between two runs separated by spaces or
// punctuation. It is a private-use character, which the tokenizer never
// emits inside a token, so no text or query word can equal it.
const Gap = "\ue000"

// variants folds spellings of one word to one form. Officials write 漏えい
// (the 常用漢字 form) as often as 漏洩; a reader searching either wants both.
var variants = strings.NewReplacer(
	"漏えい", "漏洩",
	"漏泄", "漏洩",
	"ろうえい", "漏洩",
)

// Normalize returns s in the form both the index and queries use.
func Normalize(s string) string {
	return variants.Replace(strings.ToLower(norm.NFKC.String(s)))
}

// class of a rune for tokenizing.
type class int

const (
	other class = iota
	cjk
	word
)

func classOf(r rune) class {
	switch {
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r),
		r == 'ー' || r == '々' || r == '〆' || r == 'ヶ':
		return cjk
	case r < 0xE000 || r > 0xF8FF:
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return word
		}
	}
	return other
}

// token is one run of the normalised text.
type run struct {
	cls   class
	runes []rune
	gap   bool // separated from the previous run by other characters
}

func runs(s string) []run {
	var out []run
	var cur run
	gap := false
	flush := func() {
		if len(cur.runes) > 0 {
			out = append(out, cur)
		}
		cur = run{}
	}
	for _, r := range s {
		c := classOf(r)
		if c == other {
			flush()
			gap = true
			continue
		}
		if c != cur.cls || len(cur.runes) == 0 {
			flush()
			cur = run{cls: c, gap: gap && len(out) > 0}
			gap = false
		}
		cur.runes = append(cur.runes, r)
	}
	flush()
	return out
}

// Tokens returns the two index columns of a text: Bi, the space-separated
// tokens in order (bigrams, one-character runs, words, gap tokens), and
// Tail, the last character of every CJK run of two or more.
func Tokens(text string) (bi, tail string) {
	var b, t strings.Builder
	add := func(sb *strings.Builder, s string) {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s)
	}
	for _, r := range runs(Normalize(text)) {
		if r.gap {
			add(&b, Gap)
		}
		writeRun(&b, r, add)
		if r.cls == cjk && len(r.runes) >= 2 {
			add(&t, string(r.runes[len(r.runes)-1]))
		}
	}
	return b.String(), t.String()
}

func writeRun(b *strings.Builder, r run, add func(*strings.Builder, string)) {
	if r.cls != cjk || len(r.runes) == 1 {
		add(b, string(r.runes))
		return
	}
	for i := 0; i+1 < len(r.runes); i++ {
		add(b, string(r.runes[i:i+2]))
	}
}

// Query is a search translated for the index.
type Query struct {
	// Terms are the normalised words of the query; a release matches when
	// its normalised text contains every one.
	Terms []string
	// Match is the FTS5 MATCH expression over columns bi and tail.
	Match string
	// TSQuery is Match for a PostgreSQL tsvector made by Vector, and
	// TSLoose the query of every token without positions, for a text
	// whose tsvector is not exact (see Vector).
	TSQuery, TSLoose string
	// Verify is set when Match may return releases that do not contain
	// every term (a term that starts with a lone CJK character followed by
	// more, whose first character may end a longer run in the text): the
	// store must then check Terms against the normalised text.
	Verify bool
}

// ParseQuery translates a user's query: whitespace separates terms that
// must all occur. It returns ok=false when the query has no searchable
// character.
func ParseQuery(q string) (Query, bool) {
	q = queryText(q)
	var out Query
	var parts, strict, loose []string
	for _, term := range strings.Fields(Normalize(q)) {
		rs := runs(term)
		if len(rs) == 0 {
			continue
		}
		out.Terms = append(out.Terms, term)
		parts = append(parts, termMatch(rs, &out.Verify))
		strict, loose = append(strict, tsTerm(rs, true)), append(loose, tsTerm(rs, false))
	}
	if len(parts) == 0 {
		return Query{}, false
	}
	out.Match = strings.Join(parts, " AND ")
	out.TSQuery, out.TSLoose = strings.Join(strict, " & "), strings.Join(loose, " & ")
	return out, true
}

// queryText is a query as ParseQuery reads it. NUL and invalid UTF-8
// occur in no stored text (ingest removes them) and PostgreSQL refuses
// them in a query: they separate words.
func queryText(q string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(q, "\x00", " "), " ")
}

func termMatch(rs []run, verify *bool) string {
	first := rs[0]
	if len(rs) == 1 && first.cls == cjk && len(first.runes) == 1 {
		c := string(first.runes)
		return "(bi : " + quote(c) + "* OR tail : " + quote(c) + ")"
	}
	phrase := func(rs []run) string {
		var b strings.Builder
		add := func(sb *strings.Builder, s string) {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(s)
		}
		for i, r := range rs {
			if r.gap && i > 0 {
				add(&b, Gap)
			}
			writeRun(&b, r, add)
		}
		s := "bi : " + quote(b.String())
		// A lone CJK character at the end may begin a longer run in the
		// text ("令和6年" in "令和6年度"): match it as a prefix.
		if last := rs[len(rs)-1]; last.cls == cjk && len(last.runes) == 1 {
			s += " *"
		}
		return s
	}
	if first.cls == cjk && len(first.runes) == 1 {
		// The text may have this character at the end of a longer run
		// ("今年3月" for "年3月"), where no token starts with it. Find the
		// rest as a phrase and the character as the end of a run (a run
		// it begins is followed by CJK, not by the rest), then verify.
		*verify = true
		c := string(first.runes)
		rest := append([]run(nil), rs[1:]...)
		rest[0].gap = false
		return "((" + phrase(rs) + ") OR ((" + phrase(rest) + ") AND tail : " + quote(c) + "))"
	}
	return "(" + phrase(rs) + ")"
}

// quote writes s as an FTS5 string.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Snippet returns about width characters of text around the first place
// where one of the terms occurs, with "…" where it was cut. Offsets are
// found in the normalised text and mapped back rune by rune, which is
// close enough for display: NFKC rarely changes the number of characters
// in Japanese text.
func Snippet(text string, terms []string, width int) string {
	rs := []rune(text)
	nrs := []rune(Normalize(text))
	at := -1
	for _, t := range terms {
		if i := strings.Index(string(nrs), t); i >= 0 {
			k := len([]rune(string(nrs)[:i]))
			if at < 0 || k < at {
				at = k
			}
		}
	}
	if at < 0 {
		at = 0
	}
	if len(nrs) != len(rs) && at > len(rs) {
		at = len(rs)
	}
	start := max(0, at-width/3)
	end := min(len(rs), start+width)
	s := strings.Join(strings.Fields(string(rs[start:end])), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(rs) {
		s += "…"
	}
	return s
}

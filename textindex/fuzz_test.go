package textindex

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"個人情報の漏えい", "USBメモリ紛失 17,171件", "令和６年７月", "年3月", "県", "、。", "漏えい 県",
	"ﾗﾝｻﾑｳｪｱ ＳＭＳ", `"'\` + Gap + `:*&|!<->()`, "İ ﬁ Ⅻ ㍻ 々〆ヶー", "\u200b\ufeff\u3000",
}

// FuzzTokens: the index columns of any text are valid UTF-8 and made of
// the tokens the index expects: bigrams or single characters of
// Japanese script, whole Latin/digit words, gap tokens between runs, and
// single tail characters; text and its normalised form index alike.
func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		bi, tail := Tokens(text)
		if !utf8.ValidString(bi) || !utf8.ValidString(tail) {
			t.Fatalf("Tokens(%q) = %q, %q: invalid UTF-8", text, bi, tail)
		}
		for _, tok := range strings.Split(bi, " ") {
			if tok == "" && bi != "" {
				t.Fatalf("empty token in %q", bi)
			}
			if tok == Gap || tok == "" {
				continue
			}
			rs := []rune(tok)
			c := classOf(rs[0])
			for _, r := range rs {
				if classOf(r) != c || c == other {
					t.Fatalf("token %q of %q mixes classes", tok, text)
				}
			}
			if c == cjk && len(rs) > 2 {
				t.Fatalf("Japanese token %q of %q is longer than a bigram", tok, text)
			}
		}
		if strings.HasPrefix(bi, Gap) || strings.HasSuffix(bi, Gap) || strings.Contains(bi, Gap+" "+Gap) {
			t.Fatalf("gap token at an end or twice in %q", bi)
		}
		for _, tok := range strings.Fields(tail) {
			if utf8.RuneCountInString(tok) != 1 || classOf([]rune(tok)[0]) != cjk {
				t.Fatalf("tail token %q of %q", tok, text)
			}
		}
		if n := Normalize(text); Normalize(n) == n {
			if bi2, tail2 := Tokens(n); bi2 != bi || tail2 != tail {
				t.Fatalf("Tokens(%q) = %q %q, but Tokens of its normal form = %q %q", text, bi, tail, bi2, tail2)
			}
		}
	})
}

// lexeme is one entry of a tsvector literal: the quoted text (quotes
// and backslashes doubled) and, when exact, its positions.
var lexeme = regexp.MustCompile(`^'((?:[^'\\]|''|\\\\)*)'(?::((?:\d+[AB],?)+))?$`)

// FuzzVector: the tsvector literal of any text is well formed, holds
// each token of Tokens exactly once, and keeps positions only within
// PostgreSQL's limits.
func FuzzVector(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v := Vector(text)
		bi, tail := Tokens(text)
		want := map[string]bool{}
		for _, tok := range strings.Fields(bi + " " + tail) {
			if len(tok) <= maxTSLexeme {
				want[tok] = true
			}
		}
		got := map[string]bool{}
		rest := v.Literal
		for rest != "" {
			// Lexemes are separated by single spaces outside quotes.
			end, quoted := 0, false
			for end < len(rest) {
				c := rest[end]
				switch {
				case c == '\\' && quoted:
					end++
				case c == '\'':
					quoted = !quoted
				case c == ' ' && !quoted:
					goto done
				}
				end++
			}
		done:
			m := lexeme.FindStringSubmatch(rest[:end])
			if m == nil {
				t.Fatalf("malformed lexeme %q in %q", rest[:end], v.Literal)
			}
			tok := strings.NewReplacer(`''`, `'`, `\\`, `\`).Replace(m[1])
			if got[tok] {
				t.Fatalf("lexeme %q twice in %q", tok, v.Literal)
			}
			got[tok] = true
			if (m[2] != "") != v.Exact {
				t.Fatalf("lexeme %q positions %q in a vector with Exact %v", tok, m[2], v.Exact)
			}
			for p := range strings.SplitSeq(m[2], ",") {
				if p == "" {
					continue
				}
				n := 0
				for _, d := range p[:len(p)-1] {
					n = n*10 + int(d-'0')
				}
				if n < 1 || n > maxTSPos {
					t.Fatalf("position %d of %q out of range", n, tok)
				}
			}
			rest = strings.TrimPrefix(rest[end:], " ")
		}
		if len(got) != len(want) {
			t.Fatalf("vector of %q has %d lexemes, the tokens %d", text, len(got), len(want))
		}
		for tok := range want {
			if !got[tok] {
				t.Fatalf("token %q missing from %q", tok, v.Literal)
			}
		}
	})
}

// FuzzParseQuery: any query is refused (nothing to search for) or gives
// terms that are words of its normal form and index queries whose
// strings are closed and brackets balanced, in FTS5 and tsquery alike.
func FuzzParseQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		tq, ok := ParseQuery(q)
		if !ok {
			if len(runs(Normalize(queryText(q)))) != 0 {
				t.Fatalf("ParseQuery(%q) refused a query with searchable characters", q)
			}
			return
		}
		words := strings.Fields(Normalize(queryText(q)))
		if len(tq.Terms) == 0 || tq.Match == "" || tq.TSQuery == "" || tq.TSLoose == "" {
			t.Fatalf("ParseQuery(%q) = %+v", q, tq)
		}
		for _, term := range tq.Terms {
			if !slices.Contains(words, term) {
				t.Fatalf("term %q is no word of %q", term, q)
			}
		}
		for _, s := range []string{tq.Match, tq.TSQuery, tq.TSLoose} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		checkQuoted(t, tq.Match, '"', 0)
		checkQuoted(t, tq.TSQuery, '\'', '\\')
		checkQuoted(t, tq.TSLoose, '\'', '\\')
	})
}

// checkQuoted checks that strings quoted with q (doubled inside, or
// escaped with esc) are closed and that the brackets outside them
// balance.
func checkQuoted(t *testing.T, s string, q, esc byte) {
	t.Helper()
	depth, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && esc != 0 && c == esc:
			i++
		case c == q && in && i+1 < len(s) && s[i+1] == q:
			i++
		case c == q:
			in = !in
		case !in && c == '(':
			depth++
		case !in && c == ')':
			if depth--; depth < 0 {
				t.Fatalf("unbalanced ) in %q", s)
			}
		}
	}
	if in || depth != 0 {
		t.Fatalf("open string or bracket in %q", s)
	}
}

// FuzzSnippet: a snippet is valid UTF-8, no longer than its width (and
// the two ellipses), and a piece of the text with its spaces collapsed.
func FuzzSnippet(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(strings.Repeat(s+"。", 20), s, 40)
	}
	f.Fuzz(func(t *testing.T, text, q string, width int) {
		width = 1 + (width%200+200)%200
		tq, _ := ParseQuery(q)
		s := Snippet(text, tq.Terms, width)
		if !utf8.ValidString(s) {
			t.Fatalf("Snippet(%q) = %q: invalid UTF-8", text, s)
		}
		if !utf8.ValidString(text) {
			return // bad bytes come back as U+FFFD, no longer a piece of the text
		}
		core := strings.TrimSuffix(strings.TrimPrefix(s, "…"), "…")
		if n := utf8.RuneCountInString(core); n > width {
			t.Fatalf("snippet of %d characters, width %d", n, width)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), core) {
			t.Fatalf("snippet %q is not a piece of %q", core, text)
		}
	})
}

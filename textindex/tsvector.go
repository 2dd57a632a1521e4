package textindex

import (
	"sort"
	"strconv"
	"strings"
)

// PostgreSQL keeps the same tokens in a tsvector (engineering-notes §7):
// bigrams, one-character runs, words and gap tokens with weight A at
// their positions, the tail characters with weight B. The literal is made
// here rather than by to_tsvector, whose parser would drop the gap token
// (a private-use character is no word character to it) and so let a
// phrase match across runs that do not touch.
//
// A tsvector keeps positions up to 16,383 and at most 256 of them per
// lexeme. Past those limits a phrase could be missed, so such a text is
// indexed without positions (Exact false) and the store checks its
// normalised text instead; results stay exact substring matches.

const (
	maxTSPos     = 16383 // larger positions are stored as 16383
	maxTSPosLex  = 256   // a lexeme keeps at most 256 positions
	maxTSLexeme  = 2046  // bytes; longer lexemes are refused
	weightBigram = "A"
	weightTail   = "B"
)

// TSVector is the tsvector of a text.
type TSVector struct {
	// Literal is the tsvector's text form, to be cast with ::tsvector.
	Literal string
	// Exact is false when positions were left out: a phrase query cannot
	// be trusted on this text, which the store must check instead.
	Exact bool
}

// Vector returns the tsvector of text.
func Vector(text string) TSVector {
	type lex struct{ pos []string }
	lexemes := map[string]*lex{}
	pos, exact := 0, true
	addTok := func(tok string, weight string, at int) {
		if len(tok) > maxTSLexeme {
			exact = false
			return
		}
		l := lexemes[tok]
		if l == nil {
			l = &lex{}
			lexemes[tok] = l
		}
		if at > maxTSPos || len(l.pos) >= maxTSPosLex {
			exact = false
			return
		}
		l.pos = append(l.pos, strconv.Itoa(at)+weight)
	}
	for _, r := range runs(Normalize(text)) {
		if r.gap {
			pos++
			addTok(Gap, weightBigram, pos)
		}
		if r.cls != cjk || len(r.runes) == 1 {
			pos++
			addTok(string(r.runes), weightBigram, pos)
		} else {
			for i := 0; i+1 < len(r.runes); i++ {
				pos++
				addTok(string(r.runes[i:i+2]), weightBigram, pos)
			}
			addTok(string(r.runes[len(r.runes)-1]), weightTail, max(1, min(pos, maxTSPos)))
		}
	}
	keys := make([]string, 0, len(lexemes))
	for k := range lexemes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsQuote(k))
		if exact {
			b.WriteByte(':')
			b.WriteString(strings.Join(lexemes[k].pos, ","))
		}
	}
	return TSVector{Literal: b.String(), Exact: exact}
}

// tsQuote writes s as a quoted tsvector or tsquery lexeme.
func tsQuote(s string) string {
	if !strings.ContainsAny(s, `'\`) {
		return "'" + s + "'"
	}
	return "'" + tsEscaper.Replace(s) + "'"
}

// tsEscaper is built once: a Replacer builds its tables on first use, which
// per call cost more than the rest of Vector.
var tsEscaper = strings.NewReplacer(`'`, `''`, `\`, `\\`)

// tsTerm is the tsquery of one term: strict uses positions and weights
// (phrases of bigram tokens, exactly as Match), loose only asks for every
// token anywhere, for texts indexed without positions.
func tsTerm(rs []run, strict bool) string {
	first := rs[0]
	char := func(c string) string {
		if strict {
			return "(" + tsQuote(c) + ":*" + weightBigram + " | " + tsQuote(c) + ":" + weightTail + ")"
		}
		return tsQuote(c) + ":*"
	}
	if len(rs) == 1 && first.cls == cjk && len(first.runes) == 1 {
		return char(string(first.runes))
	}
	phrase := func(rs []run) string {
		var toks []string
		for i, r := range rs {
			if r.gap && i > 0 {
				toks = append(toks, tsQuote(Gap))
			}
			if r.cls != cjk || len(r.runes) == 1 {
				toks = append(toks, tsQuote(string(r.runes)))
			} else {
				for j := 0; j+1 < len(r.runes); j++ {
					toks = append(toks, tsQuote(string(r.runes[j:j+2])))
				}
			}
		}
		last := rs[len(rs)-1]
		prefix := last.cls == cjk && len(last.runes) == 1
		for i := range toks {
			switch {
			case i == len(toks)-1 && prefix && strict:
				toks[i] += ":*" + weightBigram
			case i == len(toks)-1 && prefix:
				toks[i] += ":*"
			case strict:
				toks[i] += ":" + weightBigram
			}
		}
		if strict {
			return "(" + strings.Join(toks, " <-> ") + ")"
		}
		return "(" + strings.Join(toks, " & ") + ")"
	}
	if first.cls == cjk && len(first.runes) == 1 {
		c := string(first.runes)
		rest := append([]run(nil), rs[1:]...)
		rest[0].gap = false
		end := tsQuote(c) + ":" + weightTail // the end of a longer run, as in Match
		if !strict {
			end = char(c)
		}
		return "(" + phrase(rs) + " | (" + phrase(rest) + " & " + end + "))"
	}
	return phrase(rs)
}

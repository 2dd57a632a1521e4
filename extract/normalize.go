package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// doc is one release being read: the original text, a normalised copy that
// every rule matches against, and the map back from normalised byte offsets
// to original ones, so that evidence spans point into the input.
//
// Normalisation is NFKC (full-width digits and letters become ASCII,
// half-width katakana become full-width, Kangxi radicals such as ⼈ become
// 人), every kind of space becomes ' ', and every tilde or wave dash
// (〜 ～ ∼) becomes '~'. low is norm with ASCII letters lower-cased, at the
// same offsets, for case-insensitive keyword matching.
type doc struct {
	src  string
	norm string
	low  string
	// pos[i] is the offset in src of the rune that produced norm[i];
	// pos[len(norm)] == len(src).
	pos   []int32
	lines []line
	sents []span // the sentences, in order (see sentences)
}

// line is one line of the normalised text, without its line break.
type line struct {
	start, end int // byte offsets in norm
}

func (d *doc) text(l line) string { return d.norm[l.start:l.end] }

// span converts a normalised span into an evidence span over src.
func (d *doc) span(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(d.norm) {
		end = len(d.norm)
	}
	if end < start {
		end = start
	}
	s := int(d.pos[start])
	e := len(d.src)
	if end < len(d.norm) {
		e = int(d.pos[end])
	}
	// A span that ends inside the expansion of one source rune still has
	// to cover that rune.
	if end > start && e <= s {
		_, size := utf8.DecodeRuneInString(d.src[s:])
		e = s + size
	}
	return s, e
}

// srcText returns the original text behind a normalised span, trimmed of
// spaces at both ends. Organisation names and titles are reported as
// written, not in their normalised form.
func (d *doc) srcText(start, end int) string {
	s, e := d.span(start, end)
	return strings.ToValidUTF8(strings.TrimFunc(d.src[s:e], unicode.IsSpace), "\uFFFD")
}

// foldCache keeps the NFKC form of runes outside the fast paths.
var foldCache sync.Map // rune -> string

// fold returns the normalised form of r.
func fold(r rune) string {
	switch {
	case r < utf8.RuneSelf:
		if r == '\t' || r == '\v' || r == '\f' {
			return " "
		}
		return ""
	case r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA, r == 0x30FC,
		r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		return "" // kana and kanji are already in NFKC
	case r == '\u301C' || r == '\u223C' || r == '\uFF5E' || r == '\u2053' || r == '\u3030':
		return "~"
	case r >= 0x2010 && r <= 0x2015, r == 0x2212:
		return "-"
	case r == '\u00A0' || r == '\u3000':
		return " "
	case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\uFEFF' || r == '\u2060':
		return "\x00" // zero-width: dropped
	case r >= 0xFF01 && r <= 0xFF5E:
		return string(r - 0xFEE0)
	case unicode.IsSpace(r) && r != '\n':
		return " "
	}
	if v, ok := foldCache.Load(r); ok {
		return v.(string)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	s := norm.NFKC.String(string(buf[:n]))
	if s == string(buf[:n]) {
		s = ""
	}
	foldCache.Store(r, s)
	return s
}

// newDoc normalises src in one pass: every source rune is folded once and
// appended, so the work is linear in len(src). A half-width voiced mark
// (ｶﾞ) is composed with the character just written, in place at the end of
// the buffer.
func newDoc(src string) *doc {
	b := make([]byte, 0, len(src))
	pos := make([]int32, 0, len(src)+1)
	emit := func(s string, at int32) {
		b = append(b, s...)
		for k := 0; k < len(s); k++ {
			pos = append(pos, at)
		}
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		f := fold(r)
		if r == utf8.RuneError && size == 1 {
			f = "\uFFFD" // an invalid byte reads as U+FFFD, at its own offset
		}
		switch {
		case f == "":
			emit(src[i:i+size], int32(i))
		case f == "\x00":
			// dropped
		case (f == "\u3099" || f == "\u309A") && len(b) > 0:
			// A half-width voiced mark after a katakana: compose them.
			prev, psize := utf8.DecodeLastRune(b)
			if c, ok := composeVoiced(prev, f); ok {
				start := pos[len(pos)-psize]
				b, pos = b[:len(b)-psize], pos[:len(pos)-psize]
				emit(c, start)
			} else {
				emit(f, int32(i))
			}
		default:
			emit(f, int32(i))
		}
		i += size
	}
	pos = append(pos, int32(len(src)))
	d := &doc{src: src, norm: string(b), pos: pos}
	d.low = lowerASCII(d.norm)
	start := 0
	for i := 0; i <= len(d.norm); i++ {
		if i == len(d.norm) || d.norm[i] == '\n' {
			end := i
			if end > start && d.norm[end-1] == '\r' {
				end--
			}
			d.lines = append(d.lines, line{start, end})
			start = i + 1
		}
	}
	d.sents = sentences(d.norm, d.lines)
	return d
}

// composeVoiced composes a character with a following combining voiced or
// semi-voiced mark (カ + ゛ → ガ), when Unicode has one character for them.
// Results are cached: a text of half-width katakana asks for the same few
// pairs again and again.
func composeVoiced(prev rune, mark string) (string, bool) {
	key := voicedKey{prev, mark == "\u309A"}
	if v, ok := voicedCache.Load(key); ok {
		c := v.(string)
		return c, c != ""
	}
	c := norm.NFC.String(string(prev) + mark)
	if utf8.RuneCountInString(c) != 1 {
		c = ""
	}
	voicedCache.Store(key, c)
	return c, c != ""
}

type voicedKey struct {
	r    rune
	semi bool
}

var voicedCache sync.Map // voicedKey -> composed string, "" when none

// lowerASCII lower-cases ASCII letters only, so byte offsets stay the same.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

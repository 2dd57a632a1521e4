// Package ingest turns what organisations publish (text files, HTML pages,
// PDF files, casebook exports) into release text for the extractor and the
// store.
package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Encodings reported by Decode.
const (
	UTF8      = "UTF-8"
	ShiftJIS  = "Shift_JIS"
	EUCJP     = "EUC-JP"
	ISO2022JP = "ISO-2022-JP"
)

// Decode returns b as UTF-8 text and the name of the encoding it was read
// in. Japanese sites publish in UTF-8, Shift_JIS (often as Windows-31J) and
// EUC-JP, usually without saying which, so the encoding is detected: valid
// UTF-8 wins; otherwise each Japanese decoding is tried and the one that
// reads with the fewest errors and the most Japanese wins.
// A UTF-8 byte-order mark is dropped.
func Decode(b []byte) (text, enc string) {
	text, enc, _ = decodeCounting(b)
	return text, enc
}

// decodeCounting is Decode that also says how many bytes of b were not
// valid in the encoding it chose (each read as U+FFFD): what a message
// about a nearly right file counts.
func decodeCounting(b []byte) (text, enc string, invalid int) {
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		b = b[3:]
	}
	if utf8.Valid(b) {
		if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) {
			if s, err := japanese.ISO2022JP.NewDecoder().Bytes(b); err == nil {
				return string(s), ISO2022JP, 0
			}
		}
		return string(b), UTF8, 0
	}
	// A UTF-8 file with a few bad bytes (a download cut mid-character, a
	// stray byte) is UTF-8: read as Shift_JIS it would be mojibake from
	// end to end.
	if nearlyUTF8(b) {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD"))), UTF8, invalidUTF8(b)
	}
	best, bestEnc, bestScore := "", "", -1<<62
	for _, c := range []struct {
		name string
		enc  encoding.Encoding
	}{{ShiftJIS, japanese.ShiftJIS}, {EUCJP, japanese.EUCJP}} {
		out, err := c.enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		s := string(out)
		if sc := plausibility(s); sc > bestScore {
			best, bestEnc, bestScore = s, c.name, sc
		}
	}
	if bestEnc == "" {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD"))), UTF8, invalidUTF8(b)
	}
	// The Japanese decoders read each invalid byte as one U+FFFD; a
	// U+FFFD written in the file itself is three bytes of valid UTF-8
	// and cannot be in Shift_JIS or EUC-JP.
	return best, bestEnc, strings.Count(best, "\uFFFD")
}

// invalidUTF8 counts the bytes of b that are not part of valid UTF-8.
func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

// invalidNote is the note a document carries when n bytes were not valid
// in the encoding it was read as.
func invalidNote(n int, enc string) string {
	if n == 1 {
		return fmt.Sprintf("1 byte is not valid %s and was replaced with U+FFFD (a file cut mid-character?)", enc)
	}
	return fmt.Sprintf("%d bytes are not valid %s and were replaced with U+FFFD (a file cut mid-character?)", n, enc)
}

// nearlyUTF8 reports bytes that are UTF-8 but for at most one invalid
// sequence in a hundred characters (and no more than 16): Shift_JIS or
// EUC-JP Japanese read as UTF-8 fails on nearly every character.
func nearlyUTF8(b []byte) bool {
	bad, n := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			if bad++; bad > 16 {
				return false
			}
			// Skip the rest of the broken sequence: continuation bytes.
			for size < len(b) && b[size]&0xC0 == 0x80 {
				size++
			}
		}
		n++
		b = b[size:]
	}
	return bad*100 <= n
}

// plausibility scores decoded text: common Japanese characters count for
// it; replacement characters, half-width katakana and private-use
// characters (the usual results of a wrong guess) count against it.
func plausibility(s string) int {
	score := 0
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			score -= 20
		case r >= 0x3041 && r <= 0x3096: // hiragana
			score += 2
		case unicode.Is(unicode.Han, r), r >= 0x30A1 && r <= 0x30FA:
			score++
		case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana
			score -= 2
		case unicode.Is(unicode.Co, r):
			score -= 5
		}
	}
	return score
}

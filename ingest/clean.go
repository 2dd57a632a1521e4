package ingest

import (
	"fmt"
	"strings"
)

// CleanText is the one rule for control characters in release text,
// applied to every text ingest returns (files, casebook pages, HTML, PDF,
// Blogger posts) and to text pasted at the desk: NUL bytes, the other C0
// control characters but tab, line feed, carriage return and form feed
// (pdftotext's page break), DEL and the C1 controls are removed. They
// carry nothing a reader sees, PostgreSQL refuses NUL in text while
// SQLite keeps it, and a release must be stored the same on both engines.
// Files that are mostly control characters are refused before this, as
// binary. It returns the text and how many characters it removed.
func CleanText(s string) (string, int) {
	i := strings.IndexFunc(s, isStrayControl)
	if i < 0 {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	n := 0
	for _, r := range s[i:] {
		if isStrayControl(r) {
			n++
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), n
}

func isStrayControl(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == '\f':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// controlNote is the note a document carries when CleanText removed n
// characters from it.
func controlNote(n int) string {
	if n == 1 {
		return "removed 1 control character (a NUL byte or another invisible control) from the text"
	}
	return fmt.Sprintf("removed %d control characters (NUL bytes or other invisible controls) from the text", n)
}

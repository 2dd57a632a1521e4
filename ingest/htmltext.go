package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// htmlText renders the text of n for the extractor: one line per block
// (paragraph, heading, list item, table row, <br>), inline markup
// dropped, runs of spaces collapsed, and no empty lines. A line break in
// the page's source between two Japanese characters is dropped rather
// than turned into a space, because Japanese pages wrap their source
// mid-sentence and a space there would split words the extractor's rules
// read whole (個人\n情報).
func htmlText(n *html.Node) string {
	var r htmlRenderer
	r.node(n, false)
	r.flush()
	return strings.TrimSuffix(r.out.String(), "\n")
}

type htmlRenderer struct {
	out  strings.Builder
	line strings.Builder
	last rune // last rune written to line, 0 at the start of a line
	// space is a pending collapsed space; spaceNL says it held a newline.
	space, spaceNL bool
}

// blockElements start and end a line.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "caption": true, "center": true,
	"dd": true, "details": true, "dialog": true, "dir": true, "div": true, "dl": true, "dt": true,
	"fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true,
	"hr": true, "legend": true, "li": true, "main": true, "menu": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true, "tfoot": true,
	"thead": true, "tr": true, "ul": true, "body": true, "html": true,
}

// skippedElements never hold release text.
var skippedElements = map[string]bool{
	"head": true, "script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"svg": true, "math": true, "canvas": true, "object": true, "embed": true, "select": true,
	"button": true, "input": true, "textarea": true, "video": true, "audio": true, "map": true, "img": true,
}

func (r *htmlRenderer) node(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data, pre)
		return
	case html.ElementNode:
		if skippedElements[n.Data] || isHidden(n) {
			return
		}
		switch n.Data {
		case "br":
			r.flush()
			return
		case "td", "th":
			r.space = r.line.Len() > 0
		}
	case html.DocumentNode:
	default:
		return
	}
	block := n.Type == html.ElementNode && blockElements[n.Data]
	if block {
		r.flush()
	}
	pre = pre || n.Data == "pre" || n.Data == "textarea"
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.node(c, pre)
	}
	if block {
		r.flush()
	}
}

func (r *htmlRenderer) text(s string, pre bool) {
	for _, c := range s {
		if pre && c == '\n' {
			r.flush()
			continue
		}
		if collapsible(c) && !pre {
			r.space = true
			r.spaceNL = r.spaceNL || c == '\n' || c == '\r'
			continue
		}
		if r.space && r.last != 0 && !(r.spaceNL && isCJK(r.last) && isCJK(c)) {
			r.line.WriteByte(' ')
		}
		r.space, r.spaceNL = false, false
		r.line.WriteRune(c)
		r.last = c
	}
}

// flush ends the current line; empty lines are not written.
func (r *htmlRenderer) flush() {
	if s := strings.TrimSpace(r.line.String()); s != "" {
		r.out.WriteString(s)
		r.out.WriteByte('\n')
	}
	r.line.Reset()
	r.last = 0
	r.space, r.spaceNL = false, false
}

// collapsible is the white space HTML collapses. The ideographic space
// U+3000 is not: Japanese text uses it as a separator and it is kept,
// except at the ends of a line.
func collapsible(c rune) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0'
}

// isCJK reports Japanese characters, between which no space belongs:
// kana, kanji, full-width forms and Japanese punctuation.
func isCJK(c rune) bool {
	return unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		(c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || c == 'ー'
}

// isHidden reports elements a browser would not show.
func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// attr returns the value of n's attribute key.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

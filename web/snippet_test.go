package web

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/jikenbo/jikenbo/textindex"
)

// TestPlainRune: every rune plainRune lets snippet copy as it is is its
// own normal form.
func TestPlainRune(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		if plainRune(r) {
			n++
			if got := textindex.Normalize(string(r)); got != string(r) {
				t.Errorf("plainRune(%U) but it normalises to %q", r, got)
			}
		}
	}
	if n < 20000 {
		t.Errorf("only %d plain runes: kana and kanji should be", n)
	}
}

// snippetByRune is snippet as it was first written, normalising every
// rune and growing segments rune by rune: the reference the faster one
// must equal.
func snippetByRune(text string, terms []string, width int) []segment {
	runes := []rune(text)
	var norm strings.Builder
	var owner []int
	for i, r := range runes {
		n := textindex.Normalize(string(r))
		norm.WriteString(n)
		for range len(n) {
			owner = append(owner, i)
		}
	}
	ns := norm.String()
	marked := make([]bool, len(runes))
	first := -1
	for _, t := range terms {
		if t == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(ns[off:], t)
			if i < 0 {
				break
			}
			a, b := owner[off+i], owner[off+i+len(t)-1]
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
		if n := len(out); n > 0 && out[n-1].Mark == marked[i] && out[n-1].Text != "…" {
			out[n-1].Text += string(r)
		} else {
			out = append(out, segment{Text: string(r), Mark: marked[i]})
		}
	}
	if end < len(runes) {
		out = append(out, segment{Text: "…"})
	}
	return out
}

func TestSnippetMatchesReference(t *testing.T) {
	long := strings.Repeat("当社が運営するサイトにおいて、", 12)
	for _, tt := range []struct {
		text string
		q    string
	}{
		{"個人情報の漏えいについて", "漏洩"},
		{long + "ＵＳＢメモリを紛失しました。 \n\n 個人情報が含まれます。" + long, "usb 紛失"},
		{long + "顧客の個人情報が漏洩した可能性" + long, "個人情報"},
		{"令和６年３月１２日　個人情報", "3月12日"},
		{"ｶﾀｶﾅのメール誤送信 メール誤送信", "メール 誤送信"},
		{"一致しない本文", "存在しない"},
		{"", "語"},
		{"　全角空白　　で始まる本文　", "本文"},
		{"ＡＢＣ株式会社　ABC社 abc", "abc"},
		{"㈱テストの件、株式会社テスト", "(株)"},
	} {
		terms := searchTerms(tt.q)
		for _, width := range []int{10, 80, 120} {
			got, want := snippet(tt.text, terms, width), snippetByRune(tt.text, terms, width)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("snippet(%q, %q, %d):\n got %+v\nwant %+v", tt.text, tt.q, width, got, want)
			}
		}
	}
}

// BenchmarkSnippet: a search page makes twenty snippets of whole texts.
func BenchmarkSnippet(b *testing.B) {
	text := strings.Repeat("当社が運営する通販サイトに第三者による不正アクセスがあり、お客様のクレジットカード情報(最大1,234件)が漏洩した可能性があります。\n", 8)
	b.ReportAllocs()
	for b.Loop() {
		snippet(text, []string{"漏洩", "カード"}, 120)
	}
}

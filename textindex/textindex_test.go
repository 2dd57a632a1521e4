package textindex_test

import (
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/textindex"
)

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"１２，３４５件", "12,345件"},
		{"ＳＭＳ", "sms"},
		{"ﾗﾝｻﾑｳｪｱ", "ランサムウェア"},
		{"個人情報の漏えい", "個人情報の漏洩"},
		{"漏泄", "漏洩"},
		{"個⼈情報", "個人情報"}, // Kangxi radical ⼈ (U+2F08)
	} {
		if got := textindex.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	g := textindex.Gap
	for _, tt := range []struct {
		in, bi, tail string
	}{
		{"個人情報", "個人 人情 情報", "報"},
		{"県", "県", ""},
		{"USBメモリ紛失", "usb メモ モリ リ紛 紛失", "失"},
		{"令和６年７月", "令和 6 年 7 月", "和"},
		{"個人 情報", "個人 " + g + " 情報", "人 報"},
		{"17,171件", "17 " + g + " 171 件", ""},
		{"、。", "", ""},
	} {
		bi, tail := textindex.Tokens(tt.in)
		if bi != tt.bi || tail != tt.tail {
			t.Errorf("Tokens(%q) = %q, %q; want %q, %q", tt.in, bi, tail, tt.bi, tt.tail)
		}
	}
}

func TestParseQuery(t *testing.T) {
	g := textindex.Gap
	for _, tt := range []struct {
		q, match string
		verify   bool
	}{
		{"県", `(bi : "県"* OR tail : "県")`, false},
		{"紛失", `(bi : "紛失")`, false},
		{"漏えい", `(bi : "漏洩")`, false},
		{"個人情報", `(bi : "個人 人情 情報")`, false},
		{"令和6年", `(bi : "令和 6 年" *)`, false},
		{"ＵＳＢ 紛失", `(bi : "usb") AND (bi : "紛失")`, false},
		{"12,345件", `(bi : "12 ` + g + ` 345 件" *)`, false},
		{"年3月", `((bi : "年 3 月" *) OR ((bi : "3 月" *) AND tail : "年"))`, true},
		{`"`, ``, false},
	} {
		q, ok := textindex.ParseQuery(tt.q)
		if !ok {
			if tt.match != "" {
				t.Errorf("ParseQuery(%q) not ok", tt.q)
			}
			continue
		}
		if q.Match != tt.match || q.Verify != tt.verify {
			t.Errorf("ParseQuery(%q) = %q verify=%v; want %q verify=%v", tt.q, q.Match, q.Verify, tt.match, tt.verify)
		}
	}
}

func TestSnippet(t *testing.T) {
	text := strings.Repeat("前置き。", 30) + "個人情報の漏えいが判明しました。" + strings.Repeat("後書き。", 30)
	s := textindex.Snippet(text, []string{"漏洩"}, 40)
	if !strings.Contains(s, "漏えい") || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Errorf("Snippet = %q, want the match with … on both ends", s)
	}
}

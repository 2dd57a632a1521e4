package extract

import (
	"reflect"
	"strings"
	"testing"
)

// TestSentences: one sentence model for every rule family. A sentence ends
// at a line break or after 。, except a 。 that closes a bracketed or quoted
// note.
func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"雨が降った。風も吹いた。", []string{"雨が降った。", "風も吹いた。"}},
		{"一行目\n二行目。続き", []string{"一行目", "二行目。", "続き"}},
		{"当会(以下「本会」といいます。)は発表した。次。", []string{"当会(以下「本会」といいます。)は発表した。", "次。"}},
		{"「終わりました。」と述べた。", []string{"「終わりました。」と述べた。"}},
		{"件数(転出者を含む。)は3件。", []string{"件数(転出者を含む。)は3件。"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"", []string{""}},
		{"末尾。\r\n次", []string{"末尾。", "次"}},
	} {
		d := newDoc(tc.in)
		var got []string
		for _, s := range d.sents {
			got = append(got, d.norm[s.start:s.end])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("sentences(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSentenceAt(t *testing.T) {
	d := newDoc("雨が降った。風も吹いた。\n次の行")
	for _, tc := range []struct {
		at   string // the text at the offset
		want string
	}{
		{"雨", "雨が降った。"},
		{"た。風", "雨が降った。"},
		{"風", "風も吹いた。"},
		{"\n", "次の行"},
		{"行", "次の行"},
	} {
		off := strings.Index(d.norm, tc.at)
		s := d.sentenceAt(off)
		if got := d.norm[s.start:s.end]; got != tc.want {
			t.Errorf("sentenceAt(%q) = %q, want %q", tc.at, got, tc.want)
		}
	}
	if s := d.sentenceAt(len(d.norm) + 5); d.norm[s.start:s.end] != "次の行" {
		t.Errorf("an offset past the end gives %q", d.norm[s.start:s.end])
	}
	l := d.lines[0]
	if got := d.lineSentences(l); len(got) != 2 {
		t.Errorf("lineSentences of the first line = %v, want 2 sentences", got)
	}
}

func TestIsHiragana(t *testing.T) {
	for r, want := range map[rune]bool{'あ': true, 'ゖ': true, 'ゝ': true, 'ゞ': true, 'ア': false, '\u3099': false, '亜': false, 'a': false} {
		if isHiragana(r) != want {
			t.Errorf("isHiragana(%q) = %v", r, !want)
		}
	}
}

package jpname

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestVocabulary: every word is written as the extractor matches it (NFKC,
// ASCII lower case, no spaces), appears once across both lists, and has a
// defined kind and place; the lists are longest first.
func TestVocabulary(t *testing.T) {
	seen := map[string]string{}
	check := func(list, w string) {
		t.Helper()
		if w == "" {
			t.Errorf("%s: empty word", list)
			return
		}
		if n := strings.ToLower(norm.NFKC.String(w)); n != w {
			t.Errorf("%s: %q is not in normalised lower-case form (%q)", list, w, n)
		}
		if strings.ContainsAny(w, " \t\u3000") {
			t.Errorf("%s: %q holds a space", list, w)
		}
		if prev, ok := seen[w]; ok {
			t.Errorf("%s: %q is already in %s", list, w, prev)
		}
		seen[w] = list
	}
	for i, f := range Forms {
		check("Forms", f.Word)
		if f.Place == 0 || f.Place&^Either != 0 {
			t.Errorf("Forms: %q has no valid place (%d)", f.Word, f.Place)
		}
		if !f.Kind.Valid() {
			t.Errorf("Forms: %q has an undefined kind %q", f.Word, f.Kind)
		}
		if i > 0 && len(Forms[i-1].Word) < len(f.Word) {
			t.Errorf("Forms: %q comes after the shorter %q", f.Word, Forms[i-1].Word)
		}
		if f.Abbrev != (strings.HasPrefix(f.Word, "(") || strings.ContainsAny(f.Word, "abcdefghijklmnopqrstuvwxyz")) {
			t.Errorf("Forms: %q is marked abbreviated = %v", f.Word, f.Abbrev)
		}
	}
	for i, s := range Suffixes {
		check("Suffixes", s.Word)
		if !s.Kind.Valid() {
			t.Errorf("Suffixes: %q has an undefined kind %q", s.Word, s.Kind)
		}
		if i > 0 && len(Suffixes[i-1].Word) < len(s.Word) {
			t.Errorf("Suffixes: %q comes after the shorter %q", s.Word, Suffixes[i-1].Word)
		}
	}
	// the full-width and enclosed spellings reach the vocabulary through
	// normalisation
	for _, w := range []string{"㈱", "（株）", "㈲", "ＮＰＯ法人", "（一社）"} {
		if _, ok := FormAt(strings.ToLower(norm.NFKC.String(w))); !ok {
			t.Errorf("%q does not normalise to a legal form", w)
		}
	}
}

func TestLastForm(t *testing.T) {
	for _, tc := range []struct {
		in         string
		start, end int // in runes
	}{
		{"サクラ株式会社", 3, 7},
		{"社会医療法人", -1, -1}, // the whole word is one form, written before a name
		{"サクラ社会医療法人", -1, -1},
		{"サクラ有限責任監査法人", 3, 11},
		{"サクラ監査法人", 3, 7},
		{"株式会社サクラ", 0, 4},
		{"サクラ", -1, -1},
	} {
		s, e := LastForm(tc.in)
		if s >= 0 {
			s, e = utf8.RuneCountInString(tc.in[:s]), utf8.RuneCountInString(tc.in[:e])
		}
		if s != tc.start || e != tc.end {
			t.Errorf("LastForm(%q) = %d, %d runes; want %d, %d", tc.in, s, e, tc.start, tc.end)
		}
	}
}

func TestStripForms(t *testing.T) {
	for in, want := range map[string]string{
		"地方独立行政法人サクラ病院": "サクラ病院",
		"医療法人社団サクラ会":    "サクラ会",
		"(一社)サクラ協会":     "サクラ協会",
		"サクラ株式会社":       "サクラ",
		"サクラ健康保険組合":     "サクラ健康保険組合",
	} {
		if got := StripForms(in); got != want {
			t.Errorf("StripForms(%q) = %q, want %q", in, got, want)
		}
	}
}

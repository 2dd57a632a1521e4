package textindex

import (
	"strings"
	"testing"
)

func TestVector(t *testing.T) {
	v := Vector("令和6年度、個人情報")
	for _, want := range []string{"'令和':1A", "'6':2A", "'年度':3A", "'" + Gap + "':4A", "'個人':5A", "'情報':7A", "'報':7B"} {
		if !strings.Contains(v.Literal, want) {
			t.Errorf("Vector: %s lacks %s", v.Literal, want)
		}
	}
	if !v.Exact {
		t.Error("a short text is exact")
	}
	long := Vector(strings.Repeat("あい。", 9000)) // 18,000 positions, 9,000 of one lexeme
	if long.Exact || strings.Contains(long.Literal, ":") {
		t.Errorf("a text past the tsvector's limits keeps positions: exact %v", long.Exact)
	}
}

func TestTSQuery(t *testing.T) {
	for q, want := range map[string][2]string{
		"県":     {"('県':*A | '県':B)", "'県':*"},
		"紛失":    {"('紛失':A)", "('紛失')"},
		"令和6年":  {"('令和':A <-> '6':A <-> '年':*A)", "('令和' & '6' & '年':*)"},
		"漏えい 県": {"('漏洩':A) & ('県':*A | '県':B)", "('漏洩') & '県':*"},
	} {
		got, ok := ParseQuery(q)
		if !ok || got.TSQuery != want[0] || got.TSLoose != want[1] {
			t.Errorf("ParseQuery(%q): %q / %q, want %q / %q", q, got.TSQuery, got.TSLoose, want[0], want[1])
		}
	}
}

package extract

import (
	"runtime"
	"strings"
	"testing"
)

// TestNormalizeComposesHalfWidthVoicedMarks: ｶﾞ becomes ガ, ﾊﾟ becomes パ,
// and the composed character maps back to the whole source pair.
func TestNormalizeComposesHalfWidthVoicedMarks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ｶﾞｲﾄﾞ", "ガイド"},
		{"ﾊﾟｽﾜｰﾄﾞ", "パスワード"},
		{"ﾞ", "\u3099"},      // a mark with nothing before it stays
		{"aﾞ", "a\u3099"},    // nothing to compose with
		{"ｳﾞｪ", "ヴェ"},        // ウ + ゛ composes too
		{"ｶﾞ\u200bｷﾞ", "ガギ"}, // a dropped zero-width space between
	} {
		d := newDoc(tc.in)
		if d.norm != tc.want {
			t.Errorf("newDoc(%q).norm = %q, want %q", tc.in, d.norm, tc.want)
		}
		if len(d.pos) != len(d.norm)+1 {
			t.Fatalf("newDoc(%q): %d offsets for %d bytes", tc.in, len(d.pos), len(d.norm))
		}
	}
	d := newDoc("xｶﾞy")
	if s, e := d.span(1, 1+len("ガ")); d.src[s:e] != "ｶﾞ" {
		t.Errorf("span of ガ covers %q, want ｶﾞ", d.src[s:e])
	}
}

// TestNormalizeIsLinear: the bytes allocated to normalise a text of
// half-width voiced katakana grow with its length, not with its square.
// Four times the input may cost at most about four times the memory; the
// quadratic path this guards against cost sixteen times.
func TestNormalizeIsLinear(t *testing.T) {
	small := strings.Repeat("ｶﾞ", 4<<10)
	large := strings.Repeat("ｶﾞ", 16<<10)
	a, b := allocatedBy(func() { newDoc(small) }), allocatedBy(func() { newDoc(large) })
	ratio := float64(b) / float64(a)
	t.Logf("allocated %d bytes for %d, %d for %d: ratio %.2f", a, len(small), b, len(large), ratio)
	if ratio > 6 {
		t.Errorf("normalising 4x the input allocates %.1fx the memory: not linear", ratio)
	}
	if per := float64(b) / float64(len(large)); per > 16 {
		t.Errorf("normalising allocates %.0f bytes per input byte", per)
	}
}

func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BenchmarkNormalizeVoiced normalises 468 KB of half-width katakana with
// voiced marks (ｶﾞ), the worst case of composition.
func BenchmarkNormalizeVoiced(b *testing.B) {
	in := strings.Repeat("ｶﾞ", 468<<10/len("ｶﾞ"))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		newDoc(in)
	}
}

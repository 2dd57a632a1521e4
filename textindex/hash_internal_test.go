package textindex

import (
	"hash/fnv"
	"testing"
)

// TestHashRunes: the shingle hash is hash/fnv's FNV-1a of the UTF-8
// bytes, so that the band keys kept in a casebook stay valid.
func TestHashRunes(t *testing.T) {
	for _, s := range []string{"", "a", "個人情報漏", "abc12", "\U0001F600x", string([]rune{0xD800, 'a'}), "ｶﾀｶﾅ"} {
		h := fnv.New64a()
		h.Write([]byte(string([]rune(s))))
		if got, want := hashRunes([]rune(s)), h.Sum64(); got != want {
			t.Errorf("hashRunes(%q) = %x, want %x", s, got, want)
		}
	}
}

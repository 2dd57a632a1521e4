package textindex

import (
	"unicode"
	"unicode/utf8"
)

// Near-duplicate releases: the same release arrives again from another
// source (a casebook post that adds its headline to the organisation's
// text, an HTML page and its PDF). Two texts are compared by the Jaccard
// similarity of their sets of shingles (ShingleSize consecutive letters
// or digits after Normalize, spaces, punctuation and line breaks
// dropped), which layout, markup and a headline move little; the
// candidates are found without reading every text by MinHash bands
// (Bands) kept in an index.

// ShingleSize is the number of characters of a shingle.
const ShingleSize = 5

// DuplicateThreshold is the similarity from which two texts are one
// release, measured on the development corpus, the seed label page and
// HTML/PDF pairs (docs/measurements/duplicates.md): copies of one release
// score 0.91 and above (a casebook repost of a short release with its
// headline added), distinct releases 0.31 at most (two web shops' notices
// written from one template; two clients' notices about one contractor
// incident under 0.2). The threshold sits in the middle of that gap.
const DuplicateThreshold = 0.6

// MinHash layout: NumBands bands of bandRows rows each. A stored text
// is a candidate when it shares at least MinSharedBands band keys with the
// new one: for Jaccard similarity s each band matches with probability
// s^3, so a pair at the threshold 0.6 is a candidate with probability
// 0.95, one at 0.9 (the copies measured score 0.91 and above) 0.99999,
// while a pair at 0.3 (two notices from one template) is one with 0.10
// and at 0.1 with 0.0002: an import reads a handful of stored texts, not
// all that are somewhat alike.
const (
	bandRows = 3
	// NumBands is the number of band keys of a text (Bands).
	NumBands = 20
	// MinSharedBands is how many band keys a candidate shares.
	MinSharedBands = 2
)

// Shingles returns the set of hashed shingles of s.
func Shingles(s string) map[uint64]struct{} {
	var rs []rune
	for _, r := range Normalize(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	set := make(map[uint64]struct{}, len(rs))
	if len(rs) == 0 {
		return set
	}
	if len(rs) < ShingleSize {
		set[hashRunes(rs)] = struct{}{}
		return set
	}
	for i := 0; i+ShingleSize <= len(rs); i++ {
		set[hashRunes(rs[i:i+ShingleSize])] = struct{}{}
	}
	return set
}

func hashRunes(rs []rune) uint64 {
	// FNV-1a, 64 bits, of the runes' UTF-8 bytes (hash/fnv's, without
	// its allocations: an import hashes every shingle of the texts a
	// new release is compared with).
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	var buf [utf8.UTFMax]byte
	for _, r := range rs {
		n := utf8.EncodeRune(buf[:], r)
		for _, c := range buf[:n] {
			h ^= uint64(c)
			h *= prime64
		}
	}
	return h
}

// Jaccard is |a∩b| / |a∪b|; two empty sets are not similar.
func Jaccard(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if _, ok := b[k]; ok {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// Similarity is the Jaccard similarity of the shingles of two texts.
func Similarity(a, b string) float64 { return Jaccard(Shingles(a), Shingles(b)) }

// Bands returns the MinHash band keys of a shingle set (see NumBands).
// An empty set has no keys. Keys are int64 so that both stores keep them
// in an integer column.
func Bands(set map[uint64]struct{}) []int64 {
	if len(set) == 0 {
		return nil
	}
	var mins [NumBands * bandRows]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for k := range set {
		for i := range mins {
			if h := mix(k ^ seeds[i]); h < mins[i] {
				mins[i] = h
			}
		}
	}
	out := make([]int64, NumBands)
	for b := range out {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for r := 0; r < bandRows; r++ {
			h = mix(h ^ mins[b*bandRows+r])
		}
		out[b] = int64(h)
	}
	return out
}

// mix is splitmix64's finaliser: a cheap, well-spread 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// seeds make the MinHash functions independent; fixed, because the band
// keys are stored.
var seeds = func() [NumBands * bandRows]uint64 {
	var s [NumBands * bandRows]uint64
	x := uint64(0x6a09e667f3bcc908)
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

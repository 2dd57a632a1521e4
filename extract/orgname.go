package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo/internal/jpname"
)

// The vocabulary of organisation names - legal forms written before or
// after a name and the words that end the name of a municipality, school,
// hospital, bank or other body - is shared with the linker in
// internal/jpname. Both the headline rules and the raw-release rules
// recognise a publisher with it.
var (
	// formsBefore may stand before a name (株式会社銀時, 医療法人久仁会),
	// allForms before or after it (銀時株式会社).
	formsBefore = jpname.FormWords(jpname.Before)
	allForms    = jpname.FormWords(jpname.Either)
	// bodySuffixes end the name of a body that has no legal form in its
	// name, longest first so that 大学病院 wins over 病院.
	bodySuffixes = jpname.SuffixWords()
	// genericNames are bodies named only by their type (県立高等学校, 市立病院,
	// 区立高齢者施設): they never identify a publisher.
	// A place name may stand before the type (所沢市立小学校): still no
	// school of its own.
	genericNames = regexp.MustCompile(`^(?:(?:[\p{Han}\p{Katakana}ー]{1,6}?)?(?:[都道府県市区町村]立|公立|国立|私立)(?:高等学校|高校|中学校|小学校|義務教育学校|特別支援学校|学校|幼稚園|保育園|保育所|こども園|病院|大学|施設|センター)$|本|当|弊|同|各|全|貴|他|両|副|・)`)
)

// nameRune reports whether r may stand inside an organisation's proper
// name: kanji, katakana, the long-vowel mark, the middle dot, Latin
// letters, digits and a few symbols seen in company names.
func nameRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r == '々', r == 'ヶ', r == 'ケ':
		return true
	case r >= 0x30A1 && r <= 0x30FA, r == 'ー', r == '・':
		return true
	case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' || r == '.' || r == '\''):
		return true
	}
	return false
}

// orgAt recognises an organisation name starting at the beginning of s and
// returns its length in bytes, or 0. It accepts
//
//	legal form + name      株式会社銀時, 株式会社 東玉, 医療法人久仁会 鳴門山上病院
//	name + legal form      READYFOR株式会社, H&F BELX NET株式会社
//	name + body suffix     岡垣町, 静清信用金庫, 産業医科大学病院
//
// and prefers the longest reading. Hiragana is allowed in a name only after
// a legal form (株式会社ほくせん), where the form already marks the name.
func orgAt(s string) int {
	s = lowerASCII(s) // the vocabulary is lower case (npo法人); offsets stay
	best := 0
	for _, lf := range formsBefore {
		if strings.HasPrefix(s, lf) {
			rest := s[len(lf):]
			skip := 0
			if strings.HasPrefix(rest, " ") {
				skip = 1
			}
			n := nameRun(rest[skip:], true)
			if n == 0 {
				continue
			}
			// 社会医療法人 緑風会 みなと中央病院: the name after the form
			// may itself be followed by the body's name
			if m := suffixedNameHira(rest[skip:]); m > n {
				n = m
			}
			end := len(lf) + skip + n
			// 医療法人久仁会 鳴門山上病院, 社会医療法人 緑風会 みなと中央病院:
			// a following word that is itself a body name belongs to the
			// same organisation.
			if strings.HasPrefix(s[end:], " ") {
				if m := suffixedNameHira(s[end+1:]); m > 0 {
					end += 1 + m
				}
			}
			if end > best {
				best = end
			}
		}
	}
	if n := suffixedName(s); n > best {
		best = n
	}
	return best
}

// nameRun returns the length of the run of name characters at the start
// of s. With hira, hiragana count as name characters too. Latin words may
// be separated by single spaces (H&F BELX NET).
func nameRun(s string, hira bool) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		// 株式会社サクラにおいて: hiragana after the name's other
		// characters that begin a particle end the name
		if hira && isHiragana(r) && n > 0 && hasAnyPrefix(s[n:], relParticles) {
			if prev, _ := utf8.DecodeLastRuneInString(s[:n]); !isHiragana(prev) {
				break
			}
		}
		if nameRune(r) || hira && isHiragana(r) {
			n += size
			continue
		}
		if r == ' ' && n > 0 && n+1 < len(s) {
			prev, _ := utf8.DecodeLastRuneInString(s[:n])
			next, _ := utf8.DecodeRuneInString(s[n+1:])
			if prev < utf8.RuneSelf && next < utf8.RuneSelf && unicode.IsLetter(prev) && unicode.IsLetter(next) {
				n += size
				continue
			}
		}
		break
	}
	return n
}

// suffixedName recognises "name + legal form" or "name + body suffix" at
// the start of s and returns its length, choosing the longest such name
// within the run of name characters. A name may start with hiragana
// (ひまわり住宅設備株式会社, ながれ川市) when the name stands at the start of
// s: callers only try places where a name can begin.
func suffixedName(s string) int {
	if n := suffixedNameHira(s); n > 0 {
		return n
	}
	return suffixedNameRun(s, nameRun(s, false))
}

// suffixedNameHira reads a name whose first characters are hiragana.
func suffixedNameHira(s string) int {
	h := hiraPrefix(s)
	if h == 0 || h > 15 {
		return suffixedNameRun(s, nameRun(s, false))
	}
	// なお県では, また市は: adverbs and particles are not names
	if hasAnyPrefix(s, notNameStarts) {
		return 0
	}
	run := nameRun(s[h:], false)
	if run == 0 {
		return 0
	}
	return suffixedNameRun(s, h+run)
}

// notNameStarts are hiragana words that begin sentences, never names.
var notNameStarts = []string{"なお", "また", "さら", "その", "この", "あの", "どの", "これ", "それ", "ご", "お",
	"および", "ならび", "ただ", "まず", "すで", "すべ", "いず", "ほか", "もし", "よう", "ため", "とく", "まだ", "こと", "もの"}

func suffixedNameRun(s string, run int) int {
	if run == 0 {
		return 0
	}
	// サクラ(株): a bracketed form after the name, outside its run
	if f, ok := jpname.FormAt(s[run:]); ok && f.Place&jpname.After != 0 {
		return run + len(f.Word)
	}
	// the last legal form written after the name: 銀時株式会社
	if k, e := jpname.LastForm(s[:run]); k > 0 {
		return e
	}
	for end := run; end > 0; {
		last, _ := utf8.DecodeLastRuneInString(s[:end])
		for _, suf := range suffixesByLast[last] {
			if strings.HasSuffix(s[:end], suf) && end > len(suf) {
				if genericNames.MatchString(s[:end]) {
					return 0
				}
				return end
			}
		}
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	return 0
}

// orgCandidates returns every prefix of s that reads as an organisation
// name ending in a body suffix or legal form, shortest first. The headline
// rules use it when the name runs straight into the title
// (岡垣町職員の懲戒処分について).
func orgCandidates(s string) []int {
	s = lowerASCII(s)
	var out []int
	for _, lf := range formsBefore {
		if strings.HasPrefix(s, lf) {
			if n := nameRun(s[len(lf):], true); n > 0 {
				out = append(out, len(lf)+n)
			}
		}
	}
	run := nameRun(s, false)
	if h := hiraPrefix(s); h > 0 && h <= 15 && !hasAnyPrefix(s, notNameStarts) {
		run = h + nameRun(s[h:], false) // ながれ川市児童手当…
	}
	for end := 0; end < run; {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		for _, suf := range orgEndings {
			if strings.HasSuffix(s[:end], suf) && end > len(suf) && !genericNames.MatchString(s[:end]) {
				out = append(out, end)
				break
			}
		}
	}
	return out
}

// suffixesByLast groups the body suffixes by their last rune, longest
// first, so that the walk back over a name tries only those that can end
// where it stands.
var suffixesByLast = func() map[rune][]string {
	m := map[rune][]string{}
	for _, s := range bodySuffixes {
		r, _ := utf8.DecodeLastRuneInString(s)
		m[r] = append(m[r], s)
	}
	return m
}()

// orgEndings end a name: a body suffix or a legal form written after it.
var orgEndings = append(slices.Clone(bodySuffixes), jpname.FormWords(jpname.After)...)

// hiraPrefix returns the length of the hiragana at the start of s.
func hiraPrefix(s string) int {
	h := 0
	for h < len(s) {
		r, size := utf8.DecodeRuneInString(s[h:])
		if !isHiragana(r) {
			break
		}
		h += size
	}
	return h
}

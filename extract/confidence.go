package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Confidence: every field is marked high or low from how it was read. High
// is an explicit statement: a casebook headline, a date followed at once by
// the word of notice (11月21日に判明), a labelled or de-duplicated total, a
// status cue in the title. Low is an inference: a date a clause away from
// its notice or one of several days of notice, the first of several
// different counts, a status decided by no cue at all, a raw release's
// publisher or title. A field left empty where the text may well hold it
// (a notice word without a date read, a card leak without a card count) is
// marked low by an entry without a span.
//
// The rules were calibrated by cross-validation on the development corpus
// (docs/measurements/extract-folds-calibrated.md): an editor who checks the
// fields marked low should leave fewer than 3 wrong fields in 100, with at
// most a third of the fields marked.

// readings records how the readers read each field.
type readings struct {
	headline headline
	pubScore int
	orgSpan  span
	// the rules of the names family that read each field ("" for none)
	orgRule, titleRule, thirdRule nameRule
	relatedRules                  []nameRule
	relatedInferred               bool
	detected                      detReading
	status                        string
	persons                       countReading
	cards                         countReading
}

// pubExplicit is the least releaseDate score of a line that states the
// release date outright (a letterhead, 発表日:, 令和6年2月9日発表).
const pubExplicit = 80

// lowFields decides which fields of f are low.
func lowFields(d *doc, f *jikenbo.Facts, rd readings) map[string]bool {
	low := map[string]bool{}

	// The names family says which rule read each of its fields. A line
	// that holds the name alone (a headline, letterhead or signature)
	// states the publisher; a definition or a sentence's subject is an
	// inference. No rule reading a publisher mostly means the excerpt does
	// not name one, which is left high,
	switch rd.orgRule {
	case ruleDefinition, ruleSubject:
		low["organization"] = true
	case "":
		// unless a line at the top opens with a name no rule took for
		// the publisher (株式会社X 不正アクセスのお知らせ)
		low["organization"] = nameOpensTopLine(d)
	}

	// detected: several days given as days of notice, or a notice told
	// without a day read
	low["detected"] = rd.detected.days > 1
	// a day read from a sentence it does not open, or from the line or
	// sentence after it (2024年5月1日、…を送信しました。同日…気づき…), or
	// the only day left between the incident and the first response, is an
	// inference; a day that opens the sentence of notice
	// (2024年5月1日、…の連絡を受けました。) or stands against its verb
	// (…が5月1日に判明) is stated
	low["detected"] = low["detected"] || !f.Detected.IsZero() && !rd.detected.stated && !rd.detected.opens
	if f.Detected.IsZero() {
		// a mis-send or a loss is often noticed the day it happens, which
		// the release gives without a word of notice
		low["detected"] = rd.detected.cueSeen || slices.Contains(f.Categories, jikenbo.CatMisdelivery) ||
			slices.Contains(f.Categories, jikenbo.CatLossTheft)
	}

	// the release date: read from a line that does not say it dates the
	// release (a date alone, a first line). An empty one is left high: a
	// raw release without a date line mostly has none to read.
	low["published"] = !f.Published.IsZero() && rd.pubScore < pubExplicit

	// a headline whose name runs into the title without a space was split
	// by the suffixes of names, which may end a name too early (…市|立…)
	if h := rd.headline; h.org != "" && f.Organization != "" && h.orgSpan.end < len(d.norm) && d.norm[h.orgSpan.end] != ' ' {
		low["organization"], low["title"] = true, true
	}
	// a name holds no comma or sentence end: a phrase was taken for it
	if strings.ContainsAny(f.Organization, "、。,") {
		low["organization"] = true
	}

	// a title that begins with a particle, a bullet number or a symbol
	// was cut from its headline or heading in the wrong place
	// A title is read from the headline or a heading line (the rules
	// headline and title-line); none read mostly means the excerpt has no
	// heading, which is left high.
	low["title"] = low["title"] || f.Title != "" && oddTitleStart(f.Title)

	// status: ongoing from a word in the body (調査中 may be about one
	// measure only), rather than from the title or a final-report cue
	low["status"] = rd.status == stOngoing
	// concluded for want of any cue, after an attack: investigations of
	// attacks mostly run on past the first release, whether it says so in
	// a word the cues know or not
	low["status"] = low["status"] || rd.status == stNone && hasAny(f.Categories, attackCategories)

	// counts: the first of several different counts of the leak, a count
	// repeated outside any sentence about the leak, or counts of the leak
	// none of which was taken
	switch rd.persons.how {
	case cntDedup, cntTotal, cntSum, cntLabel:
	case cntNone:
		low["affected_persons"] = rd.persons.values > 0
	default:
		low["affected_persons"] = rd.persons.values > 1 || rd.persons.how == cntRepeated
	}
	if f.AffectedCards == nil {
		low["affected_cards"] = slices.Contains(f.Categories, jikenbo.CatWebSkimming) ||
			slices.Contains(f.DataTypes, jikenbo.DataCardNumber)
	} else {
		low["affected_cards"] = rd.cards.values > 1 && rd.cards.how == cntLeak
	}

	// categories: none or only other found, several at once (one may be
	// a word that only mentions it), or an insider deed or misuse, which
	// releases often name as what did not happen
	low["categories"] = len(f.Categories) != 1 || slices.Contains(f.Categories, jikenbo.CatOther) ||
		slices.Contains(f.Categories, jikenbo.CatInsider) || slices.Contains(f.Categories, jikenbo.CatMisuse)
	// unauthorized access alone is often only the surface of what the
	// text tells in other words (a skimming, a phishing, a ransomware)
	low["categories"] = low["categories"] || slices.Equal(f.Categories, []string{jikenbo.CatUnauthorizedAccess})

	// data types: a list is right only when it is whole, and no shape of
	// list is reliable enough to leave unchecked. On folds 0-3 long lists,
	// lists with other, lists gathered from several lines (advice, the
	// service described) and empty lists were wrong most often, but even a
	// short list from one line was wrong in 3 of 19 releases, where every
	// other field left high was right in at least 96 of 100.
	low["data_types"] = true

	// related organisations: a third-party incident whose party was not
	// named with a legal form
	low["related_organizations"] = f.ThirdParty && len(f.RelatedOrganizations) == 0
	// an organisation read from running text with no word that makes it
	// a party (the site of the incident, a name written X社)
	low["related_organizations"] = low["related_organizations"] || rd.relatedInferred
	// no third party read, though the text names a party that holds the
	// publisher's data (委託先, 指定管理者…): the party rules may have missed
	// how the text ties it to the incident
	if !f.ThirdParty && relPartySet.contains(d.low) {
		low["third_party"] = true
		low["related_organizations"] = len(f.RelatedOrganizations) == 0
	}
	return low
}

// assessConfidence marks every evidence entry of f high or low, and adds
// an entry without a span for each empty field that is low.
func assessConfidence(d *doc, f *jikenbo.Facts, rd readings) {
	low := lowFields(d, f, rd)
	has := map[string]bool{}
	for i := range f.Evidence {
		e := &f.Evidence[i]
		has[e.Field] = true
		e.Confidence = jikenbo.ConfidenceHigh
		if low[e.Field] {
			e.Confidence = jikenbo.ConfidenceLow
		}
	}
	for _, field := range jikenbo.FactFields {
		if low[field] && !has[field] {
			f.Evidence = append(f.Evidence, jikenbo.Evidence{Field: field, Confidence: jikenbo.ConfidenceLow})
		}
	}
}

// oddTitleStart: a title does not begin with hiragana (への不正アクセス…, a
// name cut off before it), a digit or a symbol (- 滋賀県, 2. …).
func oddTitleStart(t string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(t))
	return isHiragana(r) || unicode.IsDigit(r) || unicode.IsPunct(r) && !strings.ContainsRune("【「『(<", r) || unicode.IsSymbol(r)
}

// attackCategories are the categories of an outside attack.
var attackCategories = []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware, jikenbo.CatMalware,
	jikenbo.CatWebSkimming}

func hasAny(list, words []string) bool {
	for _, w := range words {
		if slices.Contains(list, w) {
			return true
		}
	}
	return false
}

// nameOpensTopLine: one of the first three lines of the text begins with
// an organisation's name.
func nameOpensTopLine(d *doc) bool {
	head, _ := d.edgeLines(3)
	for _, i := range head {
		if orgAt(strings.TrimSpace(d.text(d.lines[i]))) > 0 {
			return true
		}
	}
	return false
}

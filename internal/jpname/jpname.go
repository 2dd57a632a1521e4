// Package jpname is the shared vocabulary of Japanese organisation names:
// the legal forms written before or after a name (株式会社, 医療法人社団,
// (一社) …) and the words that end the name of a body with no legal form in
// it (…市, …県警察, …信用金庫, …大学病院). The extractor reads publishers
// and related organisations with it; the linker makes alias keys with it.
//
// Every word is written in the form the extractor matches against: NFKC
// (full-width letters and brackets become ASCII, ㈱ becomes (株)) with ASCII
// letters lower-cased. Callers match against text normalised the same way.
package jpname

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Place says where a legal form is written relative to the name.
type Place int

const (
	Before Place = 1 << iota // 株式会社サクラ, 医療法人サクラ会
	After                    // サクラ株式会社, サクラ監査法人
	Either = Before | After
)

// Form is a legal form of organisation.
type Form struct {
	Word  string
	Place Place
	// Kind is what a body with this form usually is; "" when the form
	// does not say.
	Kind jikenbo.OrgKind
	// Abbrev marks a short written form: (株), (一社), npo法人.
	Abbrev bool
}

// Suffix ends the name of a body that has no legal form in its name, or
// whose type is part of its name (…農業協同組合, …健康保険組合): unlike a
// legal form, a suffix stays in the alias key, since サクラ健康保険組合 is
// not サクラ株式会社.
type Suffix struct {
	Word string
	Kind jikenbo.OrgKind
	// Public marks a police force, a regulator or a ministry, which is
	// never a publisher's contractor or vendor.
	Public bool
	// Contractor marks a body type that takes on work for others (a
	// cooperative, a council of social welfare): such a name may be a
	// related organisation even without a legal form. Banks are not: a
	// bank named in a release is where money is paid, like a card
	// company, not who held the data.
	Contractor bool
}

const (
	company      = jikenbo.OrgCompany
	municipality = jikenbo.OrgMunicipality
	school       = jikenbo.OrgSchool
	hospital     = jikenbo.OrgHospital
	financial    = jikenbo.OrgFinancial
	government   = jikenbo.OrgGovernment
	other        = jikenbo.OrgOther
)

// Forms are the legal forms, longest first.
var Forms = sortedForms([]Form{
	{"株式会社", Either, company, false},
	{"有限会社", Either, company, false},
	{"合同会社", Either, company, false},
	{"合資会社", Either, company, false},
	{"合名会社", Either, company, false},
	{"(株)", Either, company, true},
	{"(有)", Either, company, true},
	{"(同)", Either, company, true},
	{"(資)", Either, company, true},
	{"(名)", Either, company, true},
	{"一般社団法人", Before, other, false},
	{"公益社団法人", Before, other, false},
	{"一般財団法人", Before, other, false},
	{"公益財団法人", Before, other, false},
	{"(一社)", Before, other, true},
	{"(公社)", Before, other, true},
	{"(一財)", Before, other, true},
	{"(公財)", Before, other, true},
	{"(社)", Before, other, true},
	{"(財)", Before, other, true},
	{"社会福祉法人", Before, other, false},
	{"(福)", Before, other, true},
	{"(社福)", Before, other, true},
	{"社会医療法人", Before, hospital, false},
	{"医療法人社団", Before, hospital, false},
	{"医療法人財団", Before, hospital, false},
	{"医療法人", Before, hospital, false},
	{"(医)", Before, hospital, true},
	{"学校法人", Before, school, false},
	{"国立大学法人", Before, school, false},
	{"公立大学法人", Before, school, false},
	{"(学)", Before, school, true},
	{"独立行政法人", Before, government, false},
	{"国立研究開発法人", Before, government, false},
	{"地方独立行政法人", Before, government, false},
	{"(独)", Before, government, true},
	{"特定非営利活動法人", Before, other, false},
	{"npo法人", Before, other, true},
	{"宗教法人", Before, other, false},
	{"弁護士法人", Either, other, false},
	{"税理士法人", Either, other, false},
	{"監査法人", Either, other, false},
	{"有限責任監査法人", Either, other, false},
	{"司法書士法人", Either, other, false},
	{"行政書士法人", Either, other, false},
	{"社会保険労務士法人", Either, other, false},
	{"特許業務法人", Either, other, false},
})

// Suffixes are the body suffixes, longest first, so that 大学病院 is tried
// before 病院 and 県警察 before 県.
var Suffixes = sortedSuffixes([]Suffix{
	// municipalities and their parts
	{"市", municipality, false, false},
	{"町", municipality, false, false},
	{"村", municipality, false, false},
	{"区", municipality, false, false},
	{"県", municipality, false, false},
	{"都", municipality, false, false},
	{"府", municipality, false, false},
	// 道 ends only 北海道, which has nothing before it; as a suffix it
	// would read 水道 and 報道 as names, so it is not one.
	{"広域連合", municipality, false, false},
	{"事務組合", municipality, false, false},
	{"教育委員会", school, false, false},
	{"社会福祉協議会", other, false, true},
	// the state
	{"省", government, true, false},
	{"庁", government, true, false},
	{"委員会", government, true, false},
	{"警察", government, true, false},
	{"警察本部", government, true, false},
	{"警察署", government, true, false},
	{"県警", government, true, false},
	{"府警", government, true, false},
	{"道警", government, true, false},
	{"機構", government, false, false},
	// schools and hospitals
	{"大学", school, false, false},
	{"学園", school, false, false},
	{"小学校", school, false, false},
	{"中学校", school, false, false},
	{"高等学校", school, false, false},
	{"義務教育学校", school, false, false},
	{"特別支援学校", school, false, false},
	{"中等教育学校", school, false, false},
	{"幼稚園", school, false, false},
	{"保育園", school, false, false},
	{"保育所", school, false, false},
	{"こども園", school, false, false},
	{"高等専門学校", school, false, false},
	{"大学病院", hospital, false, false},
	{"病院", hospital, false, false},
	{"医院", hospital, false, false},
	{"クリニック", hospital, false, false},
	{"医療センター", hospital, false, false},
	// money
	{"銀行", financial, false, false},
	{"信用金庫", financial, false, false},
	{"信用組合", financial, false, false},
	{"農業協同組合", financial, false, true},
	{"漁業協同組合", other, false, true},
	{"生活協同組合", other, false, true},
	{"事業協同組合", other, false, true},
	{"協同組合", other, false, true},
	{"健康保険組合", other, false, true},
	// other bodies
	{"商工会議所", other, false, false},
	{"商工会", other, false, false},
	{"協議会", other, false, false},
	{"連合会", other, false, false},
	{"ホールディングス", company, false, false},
	{"新聞社", company, false, false},
	{"研究所", other, false, false},
	{"事業団", other, false, false},
	{"センター", other, false, false},
	{"協会", other, false, false},
	{"連盟", other, false, false},
	{"学会", other, false, false},
	{"組合", other, false, false},
	{"公社", other, false, false},
	{"財団", other, false, false},
})

func sortedForms(fs []Form) []Form {
	slices.SortStableFunc(fs, func(a, b Form) int { return cmp.Compare(len(b.Word), len(a.Word)) })
	return fs
}

func sortedSuffixes(ss []Suffix) []Suffix {
	slices.SortStableFunc(ss, func(a, b Suffix) int { return cmp.Compare(len(b.Word), len(a.Word)) })
	return ss
}

// FormWords returns the words of the legal forms that may stand at place,
// longest first.
func FormWords(place Place) []string {
	var out []string
	for _, f := range Forms {
		if f.Place&place != 0 {
			out = append(out, f.Word)
		}
	}
	return out
}

// SuffixWords returns the body suffixes, longest first.
func SuffixWords() []string {
	out := make([]string, len(Suffixes))
	for i, s := range Suffixes {
		out[i] = s.Word
	}
	return out
}

// formsByFirst groups the forms by their first rune, longest first, so
// that FormAt tries only those that can start where it stands.
var formsByFirst = func() map[rune][]Form {
	m := map[rune][]Form{}
	for _, f := range Forms {
		r, _ := utf8.DecodeRuneInString(f.Word)
		m[r] = append(m[r], f)
	}
	return m
}()

// FormAt returns the longest legal form at the start of s, or false.
func FormAt(s string) (Form, bool) {
	r, _ := utf8.DecodeRuneInString(s)
	for _, f := range formsByFirst[r] {
		if strings.HasPrefix(s, f.Word) {
			return f, true
		}
	}
	return Form{}, false
}

// LastForm finds the last legal form in s that may be written after a
// name and returns where it starts and ends; a form inside a longer one
// counts as the longer one (社会医療法人, not 医療法人 after a name 社会).
// It returns -1, -1 when s holds no such form.
func LastForm(s string) (start, end int) {
	start, end = -1, -1
	for i := 0; i < len(s); {
		if f, ok := FormAt(s[i:]); ok {
			if f.Place&After != 0 {
				start, end = i, i+len(f.Word)
			}
			i += len(f.Word)
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return start, end
}

// StripForms removes every legal form from s, longest first, so that
// 地方独立行政法人 goes whole, not as 独立行政法人 and a stray 地方.
func StripForms(s string) string {
	for _, f := range Forms {
		if strings.Contains(s, f.Word) {
			s = strings.ReplaceAll(s, f.Word, "")
		}
	}
	return s
}

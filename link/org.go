package link

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/jpname"
)

// latinForms are legal forms of names written in Latin letters, matched
// as whole words at the end.
var latinForms = regexp.MustCompile(`[\s,.]*(co\.?,?\s*ltd\.?|inc\.?|corp\.?|corporation|ltd\.?|llc|k\.k\.)\s*$`)

// katakanaSha is a company written as katakana plus 社 (イセトー社): the 社
// is an honorific suffix, not part of the name. Kanji names are left
// alone, where 社 is usually the name's own (日本経済新聞社).
var katakanaSha = regexp.MustCompile(`^([\p{Katakana}ー]+)社$`)

// OrgKey returns the form two spellings of one organisation's name share:
// NFKC (width forms, ㈱ → (株)), lower case, legal forms, a katakana name's
// 社 suffix, spaces and punctuation removed. "" means the name has nothing
// to match by.
func OrgKey(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	s = strings.Join(strings.Fields(s), "")
	s = latinForms.ReplaceAllString(s, "")
	// 株式会社イセトー, (株)イセトー and イセトー株式会社 are one company;
	// the shared vocabulary removes longer forms first, so that
	// 地方独立行政法人 goes whole, not as 独立行政法人 plus a stray 地方.
	s = jpname.StripForms(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == 'ー' || r == '々' || r == '&' {
			return r
		}
		return -1
	}, s)
	if m := katakanaSha.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	return s
}

// kindRules guess an organisation's kind from its name; the first match
// wins, so more specific words come first (a university hospital is a
// hospital, a 信用金庫 is financial whatever else its name says).
var kindRules = []struct {
	kind     jikenbo.OrgKind
	words    []string
	suffixes []string
}{
	{jikenbo.OrgHospital, []string{"病院", "医療センター", "クリニック", "診療所", "医療法人", "医院"}, nil},
	{jikenbo.OrgFinancial, []string{"銀行", "信用金庫", "信用組合", "信金", "証券", "保険", "労働金庫", "農業協同組合", "カード株式会社"}, nil},
	{jikenbo.OrgSchool, []string{"大学", "学校", "学園", "高校", "高等学校", "中学校", "小学校", "幼稚園", "学院", "高専", "教育委員会"}, nil},
	{jikenbo.OrgGovernment, []string{"省", "庁", "独立行政法人", "国立研究開発法人", "機構", "委員会", "警察", "裁判所", "国税局"}, nil},
	{jikenbo.OrgMunicipality, nil, []string{"都", "道", "府", "県", "市", "区", "町", "村", "市役所", "町役場", "村役場", "広域連合", "事務組合"}},
	{jikenbo.OrgCompany, []string{"株式会社", "有限会社", "合同会社", "(株)", "㈱", "(有)", "inc", "ltd", "corporation"}, nil},
}

// companyForms are the legal forms of a company; financialWords the kinds
// of business a company may be that make it financial.
var (
	companyForms   = []string{"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "(同)"}
	financialWords = []string{"銀行", "証券", "保険", "信託", "カード", "ファイナンス"}
)

func normName(name string) string {
	return strings.NewReplacer("（", "(", "）", ")").Replace(strings.ToLower(norm.NFKC.String(strings.TrimSpace(name))))
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// HasLegalForm reports whether a name is written with its legal form
// (株式会社イセトー, ㈱イセトー, 学校法人…): the fuller spelling of a name
// that is also written without one (イセトー).
func HasLegalForm(name string) bool {
	s := normName(name)
	return containsAny(s, companyForms) || strings.Contains(s, "法人")
}

// GuessKind guesses an organisation's kind from its name; editors correct
// it when it is wrong. A company's legal form decides before the words of
// other kinds, unless it is a bank, an insurer, a securities or card
// company: 株式会社東海信金ビジネス (a shinkin bank's subsidiary) is a company.
func GuessKind(name string) jikenbo.OrgKind {
	s := normName(name)
	if containsAny(s, companyForms) {
		if containsAny(s, financialWords) {
			return jikenbo.OrgFinancial
		}
		return jikenbo.OrgCompany
	}
	for _, r := range kindRules {
		for _, w := range r.words {
			if strings.Contains(s, w) {
				return r.kind
			}
		}
		for _, suf := range r.suffixes {
			if strings.HasSuffix(s, suf) && len([]rune(s)) <= 8 {
				return r.kind
			}
		}
	}
	return jikenbo.OrgOther
}

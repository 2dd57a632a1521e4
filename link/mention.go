package link

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
)

// Mentions of organisations the text names as the outside party where an
// incident happened. The extractor's related_organizations is the first
// source; these patterns catch the contractor names it may miss, because a
// missed contractor splits one incident into many cases.
var (
	nameChars = `[\p{Han}\p{Katakana}ーA-Za-z0-9&・]`
	// 株式会社イセトー, 株式会社 東海信金ビジネス
	prefixedCompany = regexp.MustCompile(`(?:株式会社|有限会社|合同会社|\(株\))\s?(` + nameChars + `{2,20})`)
	// リコージャパン株式会社
	suffixedCompany = regexp.MustCompile(`(` + nameChars + `{2,20})(?:株式会社|\(株\))`)
	// イセトー社 (katakana names only: 当社, 弊社, 本社 are not names)
	katakanaCompany = regexp.MustCompile(`([\p{Katakana}ー]{3,20})社`)
	// contractorCue near a name says it is an outside party.
	contractorCue = regexp.MustCompile(`委託|受託|業者|ベンダー|運営会社|保守|取引先|提供|製品|導入|事業者|システム会社|開発会社|利用している`)
)

// Mention is an organisation named in a release's text.
type Mention struct {
	Name string
	Key  string
}

// contractorMentions returns the companies the text names within a few
// characters of a contractor cue (業務委託先である株式会社倉業サービス,
// 再委託先のイセトー社), each once, in order of appearance.
func contractorMentions(text string) []Mention { return nfkcMentions(norm.NFKC.String(text)) }

// nfkcMentions is contractorMentions of a text already in NFKC.
func nfkcMentions(s string) []Mention {
	var out []Mention
	seen := map[string]bool{}
	add := func(name string, start, end int) {
		lo, hi := max(0, start-60), min(len(s), end+60)
		if !contractorCue.MatchString(s[lo:hi]) {
			return
		}
		key := OrgKey(name)
		if len([]rune(key)) < 2 || seen[key] || generic[key] {
			return
		}
		seen[key] = true
		out = append(out, Mention{Name: strings.TrimSpace(name), Key: key})
	}
	for _, m := range prefixedCompany.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[0]:m[1]], m[0], m[1])
	}
	for _, m := range suffixedCompany.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[0]:m[1]], m[0], m[1])
	}
	for _, m := range katakanaCompany.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[2]:m[3]], m[0], m[1])
	}
	return out
}

// generic keys are words the patterns catch that name no one.
var generic = map[string]bool{
	"委託先": true, "同社": true, "当該": true, "関係": true, "グループ": true, "システム": true, "サーバー": true,
	"サービス": true, "データ": true, "セキュリティ": true, "委託": true, "業務委託先": true,
}

// citedRelease finds earlier releases a text refers to by date:
// 「2024年1月26日に公表いたしました」, 「7月4日付で当金庫ホームページに公表」,
// 「(令和6年7月4日公表済)」, 「9月24日にお知らせいたしました」.
var citedRelease = regexp.MustCompile(`(?:(\d{4})\s*年|令和\s*(\d{1,2}|元)\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\([^)]{1,3}\))?\s*(?:付け?|に|で)?\s*(?:で|に)?\s*(?:当[^\s、。]{0,12}に|弊社[^\s、。]{0,12}に)?\s*(?:公表|お知らせ|発表|公開|掲載|ご報告|リリース|ご案内|お伝え)`)

// citedDates returns the dates of earlier releases the text cites. A date
// without a year takes the year of ref (the release's own date), or the
// year before when the month lies after ref's; with ref unknown it is
// skipped rather than guessed.
func citedDates(text string, ref jikenbo.Date) []jikenbo.Date {
	return nfkcCitedDates(norm.NFKC.String(text), ref)
}

// nfkcCitedDates is citedDates of a text already in NFKC.
func nfkcCitedDates(s string, ref jikenbo.Date) []jikenbo.Date {
	var out []jikenbo.Date
	for _, m := range citedRelease.FindAllStringSubmatch(s, -1) {
		month, _ := strconv.Atoi(m[3])
		day, _ := strconv.Atoi(m[4])
		var year int
		switch {
		case m[1] != "":
			year, _ = strconv.Atoi(m[1])
		case m[2] == "元":
			year = 2019
		case m[2] != "":
			n, _ := strconv.Atoi(m[2])
			year = 2018 + n
		case !ref.IsZero():
			year = ref.Year
			if month > ref.Month {
				year--
			}
		default:
			continue
		}
		if month < 1 || month > 12 || day < 1 || day > 31 {
			continue
		}
		d := jikenbo.Date{Year: year, Month: month, Day: day}
		if !ref.IsZero() && !d.Before(ref) {
			continue // not earlier than the release itself
		}
		if !containsDate(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func containsDate(ds []jikenbo.Date, d jikenbo.Date) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// Reading is what File reads in a release's text besides its facts: the
// dates of earlier releases it cites and the contractors it names. An
// import's workers read it ahead, beside the one writer that files the
// releases (it was 4 % of the writer's time), and give it in the Hint;
// File reads the text itself when the Hint has none.
type Reading struct {
	text     string
	ref      jikenbo.Date
	cited    []jikenbo.Date
	mentions []Mention
}

// Read reads the text of a release whose facts are f and whose source
// says h, dated as File dates it.
func Read(text string, f jikenbo.Facts, h Hint) *Reading { return read(text, h.published(f)) }

// read reads text published on ref.
func read(text string, ref jikenbo.Date) *Reading {
	s := norm.NFKC.String(text)
	return &Reading{text: text, ref: ref, cited: nfkcCitedDates(s, ref), mentions: nfkcMentions(s)}
}

// of returns what File reads in text published on ref: rd's when it was
// read from the same, or read now.
func (rd *Reading) of(text string, ref jikenbo.Date) *Reading {
	if rd != nil && rd.ref == ref && rd.text == text {
		return rd
	}
	return read(text, ref)
}

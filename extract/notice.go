package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// More ways a release tells the day of notice, beyond a date with a word of
// notice in its own clause (when.go):
//
//   - a label: "発覚日:2024年5月12日", "2 発覚時期⏎令和7年11月25日";
//   - a day written without its month in a timeline, with its weekday:
//     "10月22日(木曜日)…。⏎26日(月曜日)…ないことに気がつき";
//   - a day named relative to the one before: "5月15日、…紛失しました。
//     翌日、紛失に気づき" (16th), "同日中に…ご指摘により判明";
//   - a paragraph that opens with a date and tells, without another date
//     or a word of later time, how the thing was noticed: "5月28日午後5時
//     過ぎ、…網棚に置きました。途中、…。…ないことに気づきました。".
//
// And one way a date is not the day of notice although the notice follows
// in its sentence: a later date stands between, after a clause of its own
// ("5月1日にマルウェアに感染し、5月3日に…判明": the 3rd).

// reNoticeLabel is a label naming the day of notice, at the start of a
// line, after a bullet number; the date follows on the line or on the next.
// 発見 is not among them: in a loss it is the day the thing was found
// again.
var reNoticeLabel = regexp.MustCompile(`^ *(?:[0-9]{1,2} *[.、)]? *|\( *[0-9]{1,2} *\) *|[①-⑳] *|[・■●◆○□◇▼▶◎〇] *)?[【\[<(]? *(?:事案|事故|本件|本事案|漏えい|漏洩|紛失|誤送信|誤送付|不正アクセス|被害)?の?(?:発覚|判明|覚知|検知|認知)(?:した)?(?:年月日|日時|日付|時期|日) *[】\]>)]? *[:: ]? *`)

// relativeDays are the words of a day named by the one before it, and how
// many days after it they fall.
var relativeDays = []struct {
	word string
	add  int
}{{"翌々日", 2}, {"翌日", 1}, {"翌朝", 1}, {"同日", 0}, {"当日", 0}}

// relativeNotAfter: a relative day followed by these is a period, not a
// day (翌日以降).
var relativeNotAfter = []string{"以降", "以後", "から", "より", "まで", "までに"}

// laterMarks in a paragraph that opens with a date say that what follows
// happened on another day.
var laterMarks = []string{"その後", "後日", "翌", "数日", "日後", "週間", "か月", "ヶ月", "カ月", "ヵ月", "後になって",
	"調査の結果", "調査したところ", "調査により", "調査を行", "週明け", "以降", "同月", "同年", "月末", "年度"}

// soonMarks make a その後 the same day.
var soonMarks = []string{"その後すぐ", "その後直ちに", "その後まもなく", "その後間もなく"}

// clauseEndParticles end a clause with a comma without ending its verb:
// 当社において、 本件について、 委託先として、.
var clauseEndParticles = []string{"について", "において", "につきまして", "におきまして", "に関して", "に対して", "に際して",
	"に関し", "に対し", "に際し", "として", "にて", "につき", "により", "によって", "に伴い", "を受け", "ところ",
	"では", "には", "とも", "ため"}

// verbCommaEnds are the kana a verb's continuative form ends in before a
// comma: 感染し、 受け、 送信して、 あり、 され、.
const verbCommaEnds = "しきけてでりれえせぎみびちいず"

// labelledNotice finds a labelled day of notice (発覚日 2024年5月12日):
// the index of its mention, or -1.
func (ds dateSet) labelledNotice() int {
	d := ds.d
	for i, m := range ds.mentions {
		li := d.lineOf(m.sp.start)
		l := d.lines[li]
		before := d.norm[l.start:m.sp.start]
		if strings.TrimSpace(before) == "" {
			// the label alone on the line above
			for j := li - 1; j >= 0 && j >= li-2; j-- {
				t := d.text(d.lines[j])
				if strings.TrimSpace(t) == "" {
					continue
				}
				before = t
				break
			}
		}
		// More than 30 characters: the byte length decides first, since a
		// text on one line would make counting its characters quadratic.
		if len(before) > 30*utf8.UTFMax || utf8.RuneCountInString(before) > 30 {
			continue
		}
		if k := reNoticeLabel.FindStringIndex(before); k != nil && k[1] == len(before) {
			return i
		}
	}
	return -1
}

// dayOnlyMentions finds the days a timeline writes without their month,
// with a weekday after them (26日(月曜日)) or after 同月 (同月10日), and
// gives each the month of the date written last before it, a few lines
// above; its year comes later
// from fullDate, which also checks the weekday. ms is in text order; the
// result is too.
func dayOnlyMentions(norm string, ms []dateMention) []dateMention {
	var out []dateMention
	j := 0 // ms[:j] end before the current position
	for i := 0; ; {
		k := strings.Index(norm[i:], "日")
		if k < 0 {
			break
		}
		at := i + k
		i = at + len("日")
		start := at
		for start > 0 && isDigit(norm[start-1]) {
			start--
		}
		if start == at || at-start > 2 {
			continue
		}
		sameMonth := strings.HasSuffix(norm[:start], "同月")
		if start > 0 && !sameMonth {
			if r, _ := utf8.DecodeLastRuneInString(norm[:start]); r == '月' || r == '/' || r == '.' || r == '-' || r == ' ' && start > 1 && isDigit(norm[start-2]) {
				continue
			}
		}
		w := reWeekday.FindStringSubmatchIndex(norm[at+len("日") : min(len(norm), at+len("日")+40)])
		if w == nil && !sameMonth {
			continue
		}
		for j < len(ms) && ms[j].sp.end <= start {
			j++
		}
		if j < len(ms) && ms[j].sp.start < at+len("日") {
			continue // inside a date already read
		}
		if j == 0 {
			continue
		}
		prev := ms[j-1]
		if strings.Count(norm[prev.sp.end:start], "\n") > 3 {
			continue
		}
		day := smallNumber(norm[start:at])
		if day < prev.date.Day {
			continue // a later month, which the text does not say
		}
		if _, ok := validDate(0, prev.date.Month, day); !ok {
			continue
		}
		wd := ""
		if w != nil {
			wd = norm[at+len("日")+w[2] : at+len("日")+w[3]]
		}
		out = append(out, dateMention{date: jikenbo.Date{Month: prev.date.Month, Day: day}, sp: span{start, at + len("日")}, weekday: wd})
	}
	if len(out) == 0 {
		return ms
	}
	merged := make([]dateMention, 0, len(ms)+len(out))
	a, b := 0, 0
	for a < len(ms) || b < len(out) {
		if b == len(out) || a < len(ms) && ms[a].sp.start < out[b].sp.start {
			merged = append(merged, ms[a])
			a++
		} else {
			merged = append(merged, out[b])
			b++
		}
	}
	return merged
}

// laterDateCut returns clause cut before the next date of its sentence
// when a clause of its own ends with a verb and a comma between the two
// ("に当社サーバーがマルウェアに感染し、|5月3日に判明"): the words after
// that date tell what happened on it. A date right after the first
// (5月10日、5月8日に送信した…) belongs to a phrase inside the sentence and
// cuts nothing.
func (ds dateSet) laterDateCut(i int, clause string) string {
	if i+1 >= len(ds.mentions) {
		return clause
	}
	m, n := ds.mentions[i], ds.mentions[i+1]
	if n.sp.start-m.sp.end > len(clause) || ds.d.sentenceAt(m.sp.start) != ds.d.sentenceAt(n.sp.start) {
		return clause
	}
	between := ds.d.norm[m.sp.end:n.sp.start]
	if !verbComma(between) {
		return clause
	}
	return between
}

// inRelativeClause: the date after which clause comes is joined by に to
// a verb that qualifies a noun (5月8日に送信したメールについて、…;
// 5月8日に発生した不正アクセスが…): it is the day of that verb, not of
// the notice the sentence goes on to.
func inRelativeClause(clause string) bool {
	head := trimWeekday(clause)
	if m := reTimeOfDay.FindStringIndex(head); m != nil {
		head = head[m[1]:]
	}
	rest, ok := strings.CutPrefix(head, "に")
	if !ok || hasAnyPrefix(strings.TrimLeft(rest, "、 "), noticeStems) {
		return false
	}
	if k := strings.IndexAny(rest, "、。"); k >= 0 {
		rest = rest[:k]
	}
	for _, v := range []string{"した", "された", "していた", "されていた"} {
		for i := 0; ; {
			k := strings.Index(rest[i:], v)
			if k < 0 {
				break
			}
			i += k + len(v)
			if r, _ := utf8.DecodeRuneInString(rest[i:]); r >= 0x4E00 && r <= 0x9FFF || r >= 0x30A1 && r <= 0x30FA {
				return true
			}
		}
	}
	return false
}

// verbComma: s holds a comma after the continuative form of a verb, past
// its first word.
func verbComma(s string) bool {
	for k := 0; ; {
		j := strings.Index(s[k:], "、")
		if j < 0 {
			return false
		}
		at := k + j
		k = at + len("、")
		head := s[:at]
		if kwHasAnySuffix(head, clauseEndParticles) {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(head)
		if r != utf8.RuneError && strings.ContainsRune(verbCommaEnds, r) && utf8.RuneCountInString(head) > 2 {
			return true
		}
	}
}

// relativeNotice is a day of notice named by the day before it.
type relativeNotice struct {
	date jikenbo.Date
	sp   span
}

// relativeNotices finds the days of notice named as 翌日, 翌朝, 同日 … at
// the head of a sentence that tells the notice, counted from the last date
// written before it, in its sentence or a few lines above.
func (ds dateSet) relativeNotices() []relativeNotice {
	d := ds.d
	var out []relativeNotice
	for _, rel := range relativeDays {
		for _, sp := range d.findAll(rel.word) {
			if hasAnyPrefix(d.norm[sp.end:], relativeNotAfter) || strings.HasPrefix(d.norm[max(0, sp.start-len("翌")):], "翌翌") {
				continue
			}
			sent := d.sentenceAt(sp.start)
			head := strings.TrimSpace(d.norm[sent.start:sp.start])
			head = strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(head, "その"), "・-"))
			if head != "" && !bulletOnly(head) {
				continue
			}
			rest := d.norm[sp.end:sent.end]
			if !hasDetectionCue(rest) || len(findDates(rest)) > 0 {
				continue
			}
			// the date it counts from
			p := -1
			for k, m := range ds.mentions {
				if m.sp.end > sp.start {
					break
				}
				p = k
			}
			if p < 0 || d.lineOf(sp.start)-d.lineOf(ds.mentions[p].sp.start) > 3 {
				continue
			}
			if ds.pubOK && ds.mentions[p].sp == ds.pubSpan || ds.h.dateSpan == ds.mentions[p].sp && ds.h.dateSpan.end > 0 {
				continue
			}
			base, ok := ds.fullDate(p)
			if !ok {
				continue
			}
			date := jikenbo.DateOf(base.Time().AddDate(0, 0, rel.add))
			out = append(out, relativeNotice{date, sp})
		}
	}
	return out
}

// bulletOnly: s is a list mark or number (・, (3), 2.).
func bulletOnly(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("・-*●■◆○□◇▼▶◎〇()0123456789.、) ", r) {
			return false
		}
	}
	return true
}

// narrativeNotice: the date opens a sentence, and the sentences after it
// in its paragraph (line) go on to the notice with no other date and no
// word of later time between: what they tell happened on that day.
func (ds dateSet) narrativeNotice(m dateMention) bool {
	d := ds.d
	sent := d.sentenceAt(m.sp.start)
	if strings.TrimSpace(d.norm[sent.start:m.sp.start]) != "" {
		return false
	}
	l := d.lines[d.lineOf(m.sp.start)]
	// the sentences after it on its line, a few at most (a text on one
	// line must not make this quadratic)
	k := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].start >= sent.end })
	for n := 0; n < 4 && k+n < len(d.sents); n++ {
		s := d.sents[k+n]
		if s.end > l.end || s.start-sent.end > 600 {
			return false
		}
		t := d.norm[s.start:s.end]
		if len(findDates(t)) > 0 || containsAny(t, laterMarks) && !containsAny(t, soonMarks) {
			return false
		}
		if hasDetectionCue(t) {
			return !priorEvent(t)
		}
	}
	return false
}

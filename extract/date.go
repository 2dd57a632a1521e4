package extract

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Date patterns, matched against the normalised text (digits are ASCII,
// every tilde is '~'). Numbers may be written in kanji (令和六年十一月十二日)
// and spaces may stand between the parts (2024 年 7 月 5 日), as PDF
// converters leave them.
const num = `([0-9]{1,4}|[〇一二三四五六七八九十]{1,3})`

var (
	// 2024年11月25日, 2024 年 7 月 5 日
	reWesternDate = regexp.MustCompile(`([0-9]{4}) *年 *` + num + ` *月 *` + num + ` *日`)
	// 2024/11/25, 2024.11.25, 2024-11-25
	reNumericDate = regexp.MustCompile(`([0-9]{4}) *([/.\-]) *([0-9]{1,2}) *([/.\-]) *([0-9]{1,2})`)
	// 令和6年11月12日, 令和元年, 平成31年, 令和7年(2025年)6月20日
	reEraDate = regexp.MustCompile(`(令和|平成|昭和) *([0-9]{1,2}|元|[一二三四五六七八九十]{1,3}) *年 *(?:\( *[0-9]{4} *年 *\) *)?` + num + ` *月 *` + num + ` *日`)
	// R6.11.12, H31.4.1
	reEraAbbrDate = regexp.MustCompile(`([RHSrhs]) ?([0-9]{1,2}) *[./] *([0-9]{1,2}) *[./] *([0-9]{1,2})`)
	// 11月12日 (the year comes from the context)
	reMonthDay = regexp.MustCompile(num + ` *月 *` + num + ` *日`)
	// a weekday in brackets after a date: (木), (木曜日), (木曜)
	reWeekday = regexp.MustCompile(`^ *\( *([日月火水木金土])(?:曜日?)? *(?:・[^)]*)?\)`)
)

// eraBase maps an era to the Western year before its first year.
var eraBase = map[string]int{"令和": 2018, "平成": 1988, "昭和": 1925, "r": 2018, "h": 1988, "s": 1925}

var weekdays = map[string]time.Weekday{"日": time.Sunday, "月": time.Monday, "火": time.Tuesday,
	"水": time.Wednesday, "木": time.Thursday, "金": time.Friday, "土": time.Saturday}

// dateMention is one date written in the text.
type dateMention struct {
	date    jikenbo.Date // year 0 when the text gives none
	sp      span
	weekday string // the weekday written after the date, if any
}

func (m dateMention) hasYear() bool { return m.date.Year != 0 }

// kanjiDigits maps kanji numerals to their values.
var kanjiDigits = map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// smallNumber reads 1–4 ASCII digits or a kanji numeral up to 99 (十一, 二十五).
func smallNumber(s string) int {
	if s == "" {
		return -1
	}
	if s[0] >= '0' && s[0] <= '9' {
		n := 0
		for i := 0; i < len(s); i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	if s == "元" {
		return 1
	}
	n, cur := 0, -1
	for _, r := range s {
		if r == '十' {
			if cur < 0 {
				cur = 1
			}
			n += cur * 10
			cur = -1
			continue
		}
		v, ok := kanjiDigits[r]
		if !ok {
			return -1
		}
		if cur < 0 {
			cur = 0
		}
		cur = cur*10 + v
	}
	if cur > 0 {
		n += cur
	}
	return n
}

// validDate returns the date if it exists in the calendar and lies in the
// years releases can speak of.
func validDate(y, m, d int) (jikenbo.Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return jikenbo.Date{}, false
	}
	if y != 0 && (y < 1950 || y > 2100) {
		return jikenbo.Date{}, false
	}
	yy := y
	if yy == 0 {
		yy = 2000 // a leap year, so 2月29日 is accepted without a year
	}
	t := time.Date(yy, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return jikenbo.Date{}, false
	}
	return jikenbo.Date{Year: y, Month: m, Day: d}, true
}

// findDates returns every date written in text, in order. Full dates win
// over the year-less dates inside them.
func findDates(text string) []dateMention {
	var out []dateMention
	for _, seg := range dateSegments(text) {
		out = append(out, findDatesIn(text, seg)...)
	}
	return out
}

// dateSegments returns the parts of text that can hold a date: windows
// around every 月 and every '/', '.' or '-' next to a digit. Most of a
// release holds no date.
func dateSegments(text string) []span {
	var anchors []int
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '/', '.', '-':
			if i > 0 && isDigit(text[i-1]) || i+1 < len(text) && isDigit(text[i+1]) {
				anchors = append(anchors, i)
			}
		case 0xE6: // the first byte of 月 (U+6708: E6 9C 88)
			if strings.HasPrefix(text[i:], "月") {
				anchors = append(anchors, i)
			}
		}
	}
	return segmentsAround(text, anchors, 48, 32)
}

// findDatesIn returns the dates of text[seg.start:seg.end], in order.
// Full dates win over the year-less dates inside them.
func findDatesIn(text string, seg span) []dateMention {
	part := text[seg.start:seg.end]
	var out []dateMention
	add := func(y, mo, d, s, e int) {
		s, e = s+seg.start, e+seg.start
		for _, m := range out {
			if s < m.sp.end && e > m.sp.start {
				return // inside a date already read
			}
		}
		if dt, ok := validDate(y, mo, d); ok {
			m := dateMention{date: dt, sp: span{s, e}}
			if w := reWeekday.FindStringSubmatchIndex(text[e:min(len(text), e+40)]); w != nil {
				m.weekday = text[e+w[2] : e+w[3]]
			}
			out = append(out, m)
		}
	}
	at := func(m []int, i int) string { return part[m[i]:m[i+1]] }
	// each pattern runs only where its fixed words occur
	find := func(re *regexp.Regexp, ok bool) [][]int {
		if !ok {
			return nil
		}
		return re.FindAllStringSubmatchIndex(part, -1)
	}
	hasYear := strings.Contains(part, "年")
	hasMonth := strings.Contains(part, "月")
	hasEra := hasYear && hasMonth && (strings.Contains(part, "令和") || strings.Contains(part, "平成") || strings.Contains(part, "昭和"))
	hasSep := strings.ContainsAny(part, "/.-")
	for _, m := range find(reEraDate, hasEra) {
		add(eraBase[at(m, 2)]+smallNumber(at(m, 4)), smallNumber(at(m, 6)), smallNumber(at(m, 8)), m[0], m[1])
	}
	for _, m := range find(reWesternDate, hasYear && hasMonth) {
		add(smallNumber(at(m, 2)), smallNumber(at(m, 4)), smallNumber(at(m, 6)), m[0], m[1])
	}
	for _, m := range find(reNumericDate, hasSep) {
		// Both separators must agree (2024/11/25, not 2024/11.25), and the
		// date must not run on into more digits (a phone number).
		s, e := m[0]+seg.start, m[1]+seg.start
		if at(m, 4) != at(m, 8) || e < len(text) && isDigit(text[e]) || s > 0 && isDigit(text[s-1]) {
			continue
		}
		add(smallNumber(at(m, 2)), smallNumber(at(m, 6)), smallNumber(at(m, 10)), m[0], m[1])
	}
	for _, m := range find(reEraAbbrDate, hasSep) {
		s, e := m[0]+seg.start, m[1]+seg.start
		if s > 0 && isWordByte(text[s-1]) || e < len(text) && isDigit(text[e]) {
			continue
		}
		add(eraBase[strings.ToLower(at(m, 2))]+smallNumber(at(m, 4)), smallNumber(at(m, 6)), smallNumber(at(m, 8)), m[0], m[1])
	}
	for _, m := range find(reMonthDay, hasMonth) {
		if s := m[0] + seg.start; s > 0 && isDigit(text[s-1]) {
			continue
		}
		add(0, smallNumber(at(m, 2)), smallNumber(at(m, 4)), m[0], m[1])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].sp.start < out[j].sp.start })
	return out
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// withYear gives a year-less date the year y, stepping back a year when
// the date would fall after limit (a January release about December), and
// checks a written weekday when there is one.
func withYear(m dateMention, y int, limit jikenbo.Date) (jikenbo.Date, bool) {
	try := func(y int) (jikenbo.Date, bool) {
		d, ok := validDate(y, m.date.Month, m.date.Day)
		if !ok {
			return d, false
		}
		if m.weekday != "" && d.Time().Weekday() != weekdays[m.weekday] {
			return d, false
		}
		return d, true
	}
	d, ok := try(y)
	if ok && !limit.IsZero() && limit.Before(d) {
		if e, ok2 := try(y - 1); ok2 {
			return e, true
		}
	}
	if !ok && m.weekday != "" {
		// The weekday disagrees: the year before is the usual slip.
		if e, ok2 := try(y - 1); ok2 {
			return e, true
		}
		return jikenbo.Date{}, false
	}
	return d, ok
}

package extract

import (
	"regexp"
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
	taken := func(s, e int) bool {
		for _, m := range out {
			if s < m.sp.end && e > m.sp.start {
				return true
			}
		}
		return false
	}
	add := func(y, mo, d, s, e int) {
		if taken(s, e) {
			return
		}
		if dt, ok := validDate(y, mo, d); ok {
			m := dateMention{date: dt, sp: span{s, e}}
			if w := reWeekday.FindStringSubmatchIndex(text[e:]); w != nil {
				m.weekday = text[e+w[2] : e+w[3]]
			}
			out = append(out, m)
		}
	}
	// The date patterns all need a 年, 月, '/', '.' or '-' next to a digit;
	// most lines of a release have none, so cheap checks skip them.
	if !strings.ContainsAny(text, "年月/.-") {
		return nil
	}
	for _, m := range reEraDate.FindAllStringSubmatchIndex(text, -1) {
		era := text[m[2]:m[3]]
		add(eraBase[era]+smallNumber(text[m[4]:m[5]]), smallNumber(text[m[6]:m[7]]), smallNumber(text[m[8]:m[9]]), m[0], m[1])
	}
	for _, m := range reWesternDate.FindAllStringSubmatchIndex(text, -1) {
		add(smallNumber(text[m[2]:m[3]]), smallNumber(text[m[4]:m[5]]), smallNumber(text[m[6]:m[7]]), m[0], m[1])
	}
	for _, m := range reNumericDate.FindAllStringSubmatchIndex(text, -1) {
		// Both separators must agree (2024/11/25, not 2024/11.25), and the
		// date must not run on into more digits (a phone number).
		if text[m[4]:m[5]] != text[m[8]:m[9]] || m[1] < len(text) && isDigit(text[m[1]]) || m[0] > 0 && isDigit(text[m[0]-1]) {
			continue
		}
		add(smallNumber(text[m[2]:m[3]]), smallNumber(text[m[6]:m[7]]), smallNumber(text[m[10]:m[11]]), m[0], m[1])
	}
	for _, m := range reEraAbbrDate.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && isWordByte(text[m[0]-1]) || m[1] < len(text) && isDigit(text[m[1]]) {
			continue
		}
		era := strings.ToLower(text[m[2]:m[3]])
		add(eraBase[era]+smallNumber(text[m[4]:m[5]]), smallNumber(text[m[6]:m[7]]), smallNumber(text[m[8]:m[9]]), m[0], m[1])
	}
	for _, m := range reMonthDay.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && isDigit(text[m[0]-1]) {
			continue
		}
		add(0, smallNumber(text[m[2]:m[3]]), smallNumber(text[m[4]:m[5]]), m[0], m[1])
	}
	sortMentions(out)
	return out
}

func sortMentions(ms []dateMention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].sp.start < ms[j-1].sp.start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
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

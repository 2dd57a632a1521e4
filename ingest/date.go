package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
)

// releaseDate matches the dates a release prints near its top: 2025年3月14日,
// 2025/3/14, 2025.3.14, 2025-03-14, 令和7年3月14日, 令和元年…, 平成31年…
// (after NFKC, so full-width digits match too).
var releaseDate = regexp.MustCompile(`(?:(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\D|$))|(令和|平成)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)`)

// dateInText returns the first date in the first ten non-empty lines of a
// release, where its date of publication is printed; dates further down
// are those of events. The extractor reads dates with more care; this one
// is only the document's date for listing.
func dateInText(text string) jikenbo.Date {
	n := 0
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if d := parseTextDate(line); !d.IsZero() {
			return d
		}
		if n++; n == 10 {
			break
		}
	}
	return jikenbo.Date{}
}

// parseTextDate returns the first date in s, or the zero Date.
func parseTextDate(s string) jikenbo.Date {
	m := releaseDate.FindStringSubmatch(norm.NFKC.String(s))
	if m == nil {
		return jikenbo.Date{}
	}
	var y, mo, d int
	switch {
	case m[2] != "":
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
	case m[4] != "":
		y, mo, d = atoi(m[1]), atoi(m[4]), atoi(m[5])
	default:
		era := 1
		if m[7] != "元" {
			era = atoi(m[7])
		}
		base := 2018 // 令和1 = 2019
		if m[6] == "平成" {
			base = 1988
		}
		y, mo, d = base+era, atoi(m[8]), atoi(m[9])
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if !plausibleYear(y) || t.Month() != time.Month(mo) || t.Day() != d {
		return jikenbo.Date{}
	}
	return jikenbo.Date{Year: y, Month: mo, Day: d}
}

// plausibleYear reports a year a release can be dated in: a date from
// before 1990 or after 2100 is a placeholder (0001-01-01) or a typo.
func plausibleYear(y int) bool { return y >= 1990 && y <= 2100 }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseMachineDate reads the dates of meta and time elements: RFC 3339
// with or without time, and the date alone, in the years of
// plausibleYear. The day is the one in the
// time's own zone, which for a Japanese publisher is JST.
func parseMachineDate(s string) (jikenbo.Date, time.Time) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			if d := jikenbo.DateOf(t); plausibleYear(d.Year) {
				return d, t
			}
			return jikenbo.Date{}, time.Time{}
		}
	}
	if d := parseTextDate(s); !d.IsZero() {
		return d, time.Time{}
	}
	return jikenbo.Date{}, time.Time{}
}

// ParseTextDate returns the first date written in s (2025年3月14日,
// 2025/3/14, 令和7年3月14日 and their full-width forms), or the zero Date:
// the date beside an entry of a news list.
func ParseTextDate(s string) jikenbo.Date { return parseTextDate(s) }

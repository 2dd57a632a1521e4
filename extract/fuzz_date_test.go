package extract

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzFindDates: the extractor's date reader finds, in any normalised
// text, dates that exist (a year from 1950 to 2100, or none), in order,
// without overlapping, each span inside the text and holding the month;
// and a date written in any of the usual forms is read back as itself.
func FuzzFindDates(f *testing.F) {
	f.Add("令和元年5月1日から2024/11/25まで、R6.11.12(火)と十一月十二日に", 2024, 2, 29, uint8(0))
	f.Add("2024年13月1日 2023/2/29 令和99年1月1日 03-1234-5678", 2019, 5, 1, uint8(1))
	f.Add("2024 年 7 月 5 日~8月1日", 1989, 1, 8, uint8(2))
	f.Fuzz(func(t *testing.T, text string, y, m, d int, form uint8) {
		text = newDoc(text).norm
		prev := -1
		for _, dm := range findDates(text) {
			sp := dm.sp
			if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end || sp.start < prev {
				t.Fatalf("span %v after %d in %d bytes of %q", sp, prev, len(text), text)
			}
			prev = sp.end
			if _, ok := validDate(dm.date.Year, dm.date.Month, dm.date.Day); !ok {
				t.Fatalf("date %+v from %q", dm.date, text[sp.start:sp.end])
			}
			if s := text[sp.start:sp.end]; !strings.Contains(s, "月") && !strings.ContainsAny(s, "/.-") {
				t.Fatalf("date %+v read from %q, which has no month", dm.date, s)
			}
		}

		want, ok := validDate(y, m, d)
		if !ok || y == 0 {
			return
		}
		var written string
		switch form % 4 {
		case 0:
			written = fmt.Sprintf("%d年%d月%d日", y, m, d)
		case 1:
			written = fmt.Sprintf("%d/%02d/%02d", y, m, d)
		case 2:
			if y < 2019 || (y == 2019 && m < 5) {
				return
			}
			written = fmt.Sprintf("令和%d年%d月%d日", y-2018, m, d)
		case 3:
			written = fmt.Sprintf("%d-%d-%d", y, m, d)
		}
		got := findDates(newDoc("本日" + written + "に公表").norm)
		if len(got) != 1 || got[0].date != want {
			t.Fatalf("%q read as %+v, want %v", written, got, want)
		}
	})
}

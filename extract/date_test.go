package extract

import (
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestFindDates(t *testing.T) {
	tests := []struct {
		name, text string
		want       []jikenbo.Date // Year 0: written without a year
	}{
		{"slashes", "公表日 2024/11/25", []jikenbo.Date{ymd(2024, 11, 25)}},
		{"kanji separators", "2024年11月25日に判明", []jikenbo.Date{ymd(2024, 11, 25)}},
		{"spaces left by PDF converters", "2024 年 7 月 5 日", []jikenbo.Date{ymd(2024, 7, 5)}},
		{"full-width digits", "２０２４年１１月２５日", []jikenbo.Date{ymd(2024, 11, 25)}},
		{"Reiwa era", "令和6年11月12日", []jikenbo.Date{ymd(2024, 11, 12)}},
		{"first year of an era is 元年", "令和元年5月1日", []jikenbo.Date{ymd(2019, 5, 1)}},
		{"Heisei 31 is 2019", "平成31年4月30日", []jikenbo.Date{ymd(2019, 4, 30)}},
		{"abbreviated era", "R6.11.12 掲載", []jikenbo.Date{ymd(2024, 11, 12)}},
		{"kanji numerals", "令和六年十一月十二日", []jikenbo.Date{ymd(2024, 11, 12)}},
		{"dots", "2025.05.19", []jikenbo.Date{ymd(2025, 5, 19)}},
		{"year-less date", "9月12日(木)に障害", []jikenbo.Date{ymd(0, 9, 12)}},
		{"range with wave dash", "2021年6月28日〜2024年5月30日", []jikenbo.Date{ymd(2021, 6, 28), ymd(2024, 5, 30)}},
		{"range with full-width tilde", "2021年6月28日～2024年5月30日", []jikenbo.Date{ymd(2021, 6, 28), ymd(2024, 5, 30)}},
		{"impossible day is no date", "2024年2月30日", nil},
		{"phone numbers are no dates", "電話 03-1234-5678", nil},
		{"month without a day is no date", "令和6年10月に聴取", nil},
		{"mixed separators are no date", "2024/11.25", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.text)
			got := findDates(d.norm)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d dates %+v, want %v", len(got), got, tt.want)
			}
			for i := range got {
				if got[i].date != tt.want[i] {
					t.Errorf("date %d: got %v, want %v", i, got[i].date, tt.want[i])
				}
			}
		})
	}
}

func TestWeekdayWrittenAfterDate(t *testing.T) {
	got := findDates(newDoc("9月12日(木)").norm)
	if len(got) != 1 || got[0].weekday != "木" {
		t.Fatalf("got %+v, want one date with weekday 木", got)
	}
	// 2024-09-12 is a Thursday, 2023-09-12 a Tuesday: the weekday picks
	// the year when the given one disagrees.
	d, ok := withYear(got[0], 2025, jikenbo.Date{})
	if !ok || d != (jikenbo.Date{Year: 2024, Month: 9, Day: 12}) {
		t.Errorf("withYear(2025) = %v %v, want 2024-09-12 (2025-09-12 is a Friday)", d, ok)
	}
}

func TestWithYearStepsBackOverNewYear(t *testing.T) {
	// A release of 2024-01-10 that speaks of 12月25日 means the year before.
	m := dateMention{date: jikenbo.Date{Month: 12, Day: 25}}
	d, ok := withYear(m, 2024, jikenbo.Date{Year: 2024, Month: 1, Day: 10})
	if !ok || d != (jikenbo.Date{Year: 2023, Month: 12, Day: 25}) {
		t.Errorf("got %v %v, want 2023-12-25", d, ok)
	}
}

func TestSmallNumber(t *testing.T) {
	for in, want := range map[string]int{"7": 7, "12": 12, "元": 1, "六": 6, "十": 10, "十一": 11, "二十五": 25, "三十一": 31, "x": -1} {
		if got := smallNumber(in); got != want {
			t.Errorf("smallNumber(%q) = %d, want %d", in, got, want)
		}
	}
}

func ymd(y, m, d int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: d} }

func TestEraWithWesternYearInBrackets(t *testing.T) {
	got := findDates(newDoc("令和7年(2025年)6月20日に判明").norm)
	if len(got) != 1 || got[0].date != ymd(2025, 6, 20) {
		t.Fatalf("got %+v, want 2025-06-20", got)
	}
}

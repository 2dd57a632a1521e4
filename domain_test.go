package jikenbo_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

func intp(n int) *int { return &n }

func TestParseCaseID(t *testing.T) {
	for _, tt := range []struct {
		id        string
		year, seq int
		ok        bool
	}{
		{"2024-217", 2024, 217, true},
		{"2024-1516", 2024, 1516, true},
		{"2024-000", 0, 0, false},
		{"24-1", 0, 0, false},
		{"2024-21", 0, 0, false},
		{"", 0, 0, false},
	} {
		y, s, err := jikenbo.ParseCaseID(tt.id)
		if (err == nil) != tt.ok || y != tt.year || s != tt.seq {
			t.Errorf("ParseCaseID(%q) = %d, %d, %v", tt.id, y, s, err)
		}
		if tt.ok && jikenbo.FormatCaseID(y, s) != tt.id {
			t.Errorf("FormatCaseID(%d, %d) = %q, want %q", y, s, jikenbo.FormatCaseID(y, s), tt.id)
		}
	}
}

func TestApplyOverrides(t *testing.T) {
	f := jikenbo.Facts{Title: "題", AffectedPersons: intp(10), Categories: []string{jikenbo.CatMalware},
		Evidence: []jikenbo.Evidence{{Field: "title", Start: 0, End: 3}, {Field: "affected_persons", Start: 5, End: 8}}}
	for _, tt := range []struct {
		name  string
		ovs   []jikenbo.Override
		check func(jikenbo.Facts) bool
		err   bool
	}{
		{"None", nil, func(g jikenbo.Facts) bool { return g.Title == "題" && len(g.Evidence) == 2 }, false},
		{"Count", []jikenbo.Override{{Field: "affected_persons", Value: json.RawMessage(`12`)}},
			func(g jikenbo.Facts) bool {
				return *g.AffectedPersons == 12 && len(g.Evidence) == 1 && g.Evidence[0].Field == "title"
			}, false},
		{"Clear", []jikenbo.Override{{Field: "affected_persons", Value: json.RawMessage(`null`)}},
			func(g jikenbo.Facts) bool { return g.AffectedPersons == nil }, false},
		{"List", []jikenbo.Override{{Field: "categories", Value: json.RawMessage(`["ransomware","unauthorized_access"]`)}},
			func(g jikenbo.Facts) bool {
				return slices.Equal(g.Categories, []string{jikenbo.CatRansomware, jikenbo.CatUnauthorizedAccess})
			}, false},
		{"LaterWins", []jikenbo.Override{{Field: "title", Value: json.RawMessage(`"一"`)}, {Field: "title", Value: json.RawMessage(`"二"`)}},
			func(g jikenbo.Facts) bool { return g.Title == "二" }, false},
		{"Date", []jikenbo.Override{{Field: "published", Value: json.RawMessage(`"2024-07-05"`)}},
			func(g jikenbo.Facts) bool { return g.Published == jikenbo.Date{Year: 2024, Month: 7, Day: 5} }, false},
		{"BadDate", []jikenbo.Override{{Field: "published", Value: json.RawMessage(`"7月5日"`)}}, nil, true},
		{"Evidence", []jikenbo.Override{{Field: "evidence", Value: json.RawMessage(`[]`)}}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jikenbo.ApplyOverrides(f, tt.ovs)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want error %v", err, tt.err)
			}
			if err == nil && !tt.check(got) {
				t.Errorf("got %+v", got)
			}
		})
	}
	if *f.AffectedPersons != 10 || len(f.Evidence) != 2 {
		t.Errorf("ApplyOverrides changed its input")
	}
}

func TestAutoLabels(t *testing.T) {
	got := jikenbo.AutoLabels(jikenbo.Facts{Status: jikenbo.StatusConcluded, Categories: []string{jikenbo.CatMisdelivery, jikenbo.CatRansomware}})
	if want := []string{"誤送信・誤送付", "ランサムウェア", "最終報告"}; !slices.Equal(got, want) {
		t.Errorf("AutoLabels = %v, want %v", got, want)
	}
	if got := jikenbo.AutoLabels(jikenbo.Facts{Status: jikenbo.StatusOngoing}); len(got) != 0 {
		t.Errorf("AutoLabels of an ongoing release without categories = %v", got)
	}
}

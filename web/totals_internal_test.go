package web

import (
	"fmt"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// The totals count each case's classes, and the largest incidents are
// the first cases of the store's CaseLargest order that have affected
// people, at most largestShown.
func TestCaseTotals(t *testing.T) {
	p := func(n int) *int { return &n }
	k := newCaseCounter()
	for _, c := range []jikenbo.CaseClass{
		{ID: "2024-001", FirstPublished: jikenbo.Date{Year: 2024, Month: 7, Day: 1}, Categories: []string{jikenbo.CatRansomware}, DataTypes: []string{"name", "address"}, AffectedPersons: p(1200)},
		{ID: "2024-002", FirstPublished: jikenbo.Date{Year: 2024, Month: 8, Day: 2}, Categories: []string{jikenbo.CatRansomware, jikenbo.CatMisdelivery}, AffectedPersons: p(30)},
		{ID: "2023-001", FirstPublished: jikenbo.Date{Year: 2023, Month: 1, Day: 9}, DataTypes: []string{"name"}},
		{ID: "2023-002"}, // undated, nothing known
	} {
		k.add(c)
	}
	var order []*jikenbo.CaseSummary // as CaseLargest lists them
	for i, n := range []int{5000, 4000, 4000, 900, 800, 700, 600, 500, 400, 300, 200, 100, 0} {
		order = append(order, &jikenbo.CaseSummary{ID: fmt.Sprintf("2024-%03d", i+1), Facts: jikenbo.CaseFacts{AffectedPersons: p(n)}})
	}
	order = append(order, &jikenbo.CaseSummary{ID: "2024-100"}) // unknown
	tot := k.totals(&jikenbo.Facets{}, order)

	if got, want := tot.ByFirstYear, map[int]yearTotal{2024: {2, 1230}, 2023: {1, 0}}; len(got) != len(want) || got[2024] != want[2024] || got[2023] != want[2023] {
		t.Errorf("by first year %v, want %v", got, want)
	}
	if got := fmt.Sprint(tot.ByCategory); got != "[{ransomware ランサムウェア 2} {misdelivery 誤送信・誤送付 1}]" {
		t.Errorf("by category %s", got)
	}
	types := map[string]int{}
	for _, c := range tot.ByDataType {
		types[c.Code] = c.Count
	}
	if types["name"] != 2 || types["address"] != 1 || len(types) != 2 {
		t.Errorf("by data type %v: want name 2, address 1", tot.ByDataType)
	}
	bands := map[string]int{}
	for _, b := range tot.PersonBands {
		bands[b.Code] = b.Count
	}
	if bands["unknown"] != 2 {
		t.Errorf("person bands %v: want 2 cases unknown", tot.PersonBands)
	}
	var ids []string
	for _, c := range tot.Largest {
		ids = append(ids, c.ID)
	}
	if want := []string{"2024-001", "2024-002", "2024-003", "2024-004", "2024-005", "2024-006", "2024-007", "2024-008", "2024-009", "2024-010"}; !slices.Equal(ids, want) {
		t.Errorf("largest %v, want %v", ids, want)
	}
	if got := newCaseCounter().totals(&jikenbo.Facets{}, order[11:]).Largest; len(got) != 1 || got[0].ID != "2024-012" {
		t.Errorf("largest of a list with no one affected but one: %v", got)
	}
}

// The classes are kept until both the lens data and the totals have been
// counted from them, then let go.
func TestDoneWithClasses(t *testing.T) {
	for _, order := range [][2]int{{byLens, byTotals}, {byTotals, byLens}} {
		d := &derived{classes: &jikenbo.Classes{}}
		d.doneWithClasses(order[0])
		if d.classes == nil {
			t.Fatalf("dropped after %d alone; the other count still needs them", order[0])
		}
		d.doneWithClasses(order[0])
		if d.classes == nil {
			t.Fatalf("dropped after %d twice", order[0])
		}
		d.doneWithClasses(order[1])
		if d.classes != nil {
			t.Errorf("kept after both counts (%v)", order)
		}
	}
}

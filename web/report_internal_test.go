package web

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/damage"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// The table of JO estimates lists the largest first; its CSV has every
// case, the page the first joShown and the total of all, and says so.
func TestReportEstimatesShown(t *testing.T) {
	rd := &reportData{}
	var want int64
	for i := range 3 * joShown {
		// Totals in no order: 7·i mod 151 are all different for i < 151.
		total := int64(1000 + (7*i)%151)
		want += total
		p := int(total)
		rd.cases = append(rd.cases, reportCase{ID: fmt.Sprintf("2024-%03d", i+1), Persons: &p, JO: &damage.Estimate{Persons: p, PerPerson: 1, Total: total}})
	}
	rd.cases = append(rd.cases, reportCase{ID: "2024-999"}) // no estimate
	l, _ := taxonomy.ParseLens("jnsa")
	tables, total, n := reportTables(rd, l)
	if total != want || n != 3*joShown {
		t.Fatalf("total %d of %d cases, want %d of %d", total, n, want, 3*joShown)
	}
	var jt reportTable
	for _, tt := range tables {
		if tt.ID == "jo-estimate" {
			jt = tt
		}
	}
	if len(jt.Rows) != 3*joShown+1 || len(jt.Links) != 3*joShown {
		t.Fatalf("CSV table: %d rows, %d links; want every case and the total", len(jt.Rows), len(jt.Links))
	}
	prev := int64(-1)
	for i, row := range jt.Rows[:len(jt.Rows)-1] {
		v, _ := strconv.ParseInt(row[4], 10, 64)
		if prev >= 0 && v > prev {
			t.Fatalf("row %d: %d after %d, want the largest first", i, v, prev)
		}
		if jt.Links[i] != casePath(row[0]) {
			t.Errorf("row %d links %s, want %s", i, jt.Links[i], casePath(row[0]))
		}
		prev = v
	}
	pg := jt.onPage()
	if len(pg.Rows) != joShown+1 || len(pg.Links) != joShown {
		t.Fatalf("page: %d rows, %d links; want %d and the total", len(pg.Rows), len(pg.Links), joShown)
	}
	if last := pg.Rows[joShown]; last[0] != "合計" || last[4] != num64(want) {
		t.Errorf("page's last row %v, want the total %s", last, num64(want))
	}
	if pg.Rows[0][0] != jt.Rows[0][0] || pg.Rows[joShown-1][0] != jt.Rows[joShown-1][0] {
		t.Errorf("page shows %s…%s, want the CSV's first %d", pg.Rows[0][0], pg.Rows[joShown-1][0], joShown)
	}
	if !strings.Contains(pg.Note, strconv.Itoa(3*joShown)+"件は CSV") {
		t.Errorf("note %q does not say where the rest is", pg.Note)
	}
	// A table within the limit is shown whole.
	small := reportTable{Rows: [][]string{{"a", "1200"}, {"合計", "1200"}}, Shown: joShown}
	if pg := small.onPage(); len(pg.Rows) != 2 || pg.Rows[0][1] != "1,200" || pg.Note != "" {
		t.Errorf("small table on the page: %+v", pg)
	}
}

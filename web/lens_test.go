package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// tableTotal is the 件数 of a count table's 合計 row.
func tableTotal(t *testing.T, s *goquery.Selection) int {
	t.Helper()
	last := s.Find("tbody tr").Last()
	if last.Find("th").Text() != "合計" {
		t.Fatalf("last row %q, want 合計", last.Find("th").Text())
	}
	n, err := strconv.Atoi(strings.ReplaceAll(last.Find("td").First().Text(), ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func readCSV(t *testing.T, fx *fixture, path string) [][]string {
	t.Helper()
	res := fx.get(t, path)
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	recs, err := csv.NewReader(res.Body).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("GET %s: %v", path, err)
	}
	recs[0][0] = strings.TrimPrefix(recs[0][0], "\ufeff")
	return recs
}

// TestStatsLens: /stats counts the same charts in each taxonomy, every
// case once, and the CSV follow the switch.
func TestStatsLens(t *testing.T) {
	fx := sharedFixture(t)
	ctx := context.Background()
	st, err := fx.store.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range taxonomy.Lenses {
		t.Run(string(l.Lens), func(t *testing.T) {
			d := fx.doc(t, "/stats?tax="+string(l.Lens), http.StatusOK)
			if got := d.Find(".lens-switch [aria-current]").Text(); got != l.Name {
				t.Errorf("current lens %q, want %q", got, l.Name)
			}
			var these []string
			d.Find("figure.chart").Each(func(_ int, f *goquery.Selection) { these = append(these, f.AttrOr("id", "")) })
			if ids == nil {
				ids = these
			} else if !slices.Equal(these, ids) {
				t.Errorf("charts %v, want the same as in the other lenses %v", these, ids)
			}
			byCause := d.Find("figure#cases-by-cause")
			if byCause.Length() != 1 {
				t.Fatal("no chart of cases by cause")
			}
			// Every case counts once: the stacked chart's 合計 column adds
			// up to the cases.
			classes := append(l.Lens.CauseClasses(), "合計")
			total := -1
			byCause.Find("table thead th").Each(func(i int, h *goquery.Selection) {
				if h.Text() == "合計" {
					total = i - 1
				}
				if i > 0 && !slices.Contains(classes, h.Text()) {
					t.Errorf("class %q is not one of %s's", h.Text(), l.Name)
				}
			})
			sum := 0
			byCause.Find("table tbody tr").Each(func(_ int, r *goquery.Selection) {
				n, _ := strconv.Atoi(strings.ReplaceAll(r.Find("td").Eq(total).Text(), ",", ""))
				sum += n
			})
			if total < 0 || sum != st.Cases {
				t.Errorf("cases by cause add up to %d, want %d", sum, st.Cases)
			}
			if l.Lens != taxonomy.LensOurs {
				d.Find("figure#releases-by-month table thead th").Each(func(i int, h *goquery.Selection) {
					if i > 0 && !slices.Contains(classes, h.Text()) {
						t.Errorf("monthly chart: class %q is not one of %s's", h.Text(), l.Name)
					}
				})
			}
			href := byCause.Find(".csv a").AttrOr("href", "")
			if want := "tax=" + string(l.Lens); l.Lens != taxonomy.LensOurs && !strings.Contains(href, want) {
				t.Errorf("CSV link %q does not keep %s", href, want)
			}
			recs := readCSV(t, fx, href)
			if got := byCause.Find("table tbody tr").Length(); len(recs) != got+1 {
				t.Errorf("CSV %d records, table %d rows", len(recs), got)
			}
			if d.Find(".lens-reports a").Length() == 0 {
				t.Error("no link to the yearly reports")
			}
		})
	}
	fx.doc(t, "/stats?tax=dbir", http.StatusBadRequest)
	if res := fx.get(t, "/stats/cases-by-cause.csv?tax=dbir"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("CSV of an unknown lens: %d, want 400", res.StatusCode)
	}
}

// TestReport: /report/2024 counts the year's public cases in JNSA's
// tables, with a CSV for each, and sums the JO estimates the case API
// gives.
func TestReport(t *testing.T) {
	fx := sharedFixture(t)
	ctx := context.Background()
	pg, err := fx.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{Year: 2024, Limit: 200})
	if err != nil || pg.Total == 0 {
		t.Fatalf("2024 cases: %v, %v", pg, err)
	}
	var joSum int64
	joCases := 0
	for _, c := range pg.Cases {
		var out struct {
			JO *struct {
				Total int64 `json:"total"`
			} `json:"jo_estimate"`
		}
		fx.jsonBody(t, "/api/v1/cases/"+c.ID, http.StatusOK, &out)
		if out.JO != nil {
			joSum += out.JO.Total
			joCases++
		}
	}

	d := fx.doc(t, "/report/2024", http.StatusOK)
	if got := d.Find("h1").Text(); got != "2024年の年報" {
		t.Errorf("h1 %q", got)
	}
	if got := d.Find(".lens-switch [aria-current]").Text(); got != "JNSA" {
		t.Errorf("default lens %q, want JNSA", got)
	}
	for _, id := range []string{"cause", "medium", "org-kind", "size"} {
		sec := d.Find("section#" + id)
		if sec.Length() != 1 {
			t.Errorf("no table %s", id)
			continue
		}
		if n := tableTotal(t, sec); n != pg.Total {
			t.Errorf("%s: total %d, want the %d cases of 2024", id, n, pg.Total)
		}
	}
	d.Find("section#cause tbody th").Each(func(_ int, h *goquery.Selection) {
		if c := h.Text(); c != "合計" && !slices.Contains(taxonomy.LensJNSA.CauseClasses(), c) {
			t.Errorf("cause %q is not a JNSA class", c)
		}
	})
	largest := d.Find("section#largest tbody tr")
	if largest.Length() == 0 || largest.Length() > 10 {
		t.Errorf("%d largest incidents, want 1 to 10", largest.Length())
	}
	prev := -1
	largest.Each(func(_ int, r *goquery.Selection) {
		n, err := strconv.Atoi(strings.ReplaceAll(r.Find("td").Eq(2).Text(), ",", ""))
		if err != nil {
			t.Errorf("persons %q: %v", r.Find("td").Eq(2).Text(), err)
		}
		if prev >= 0 && n > prev {
			t.Errorf("largest incidents out of order: %d after %d", n, prev)
		}
		prev = n
		if href := r.Find("th a").AttrOr("href", ""); !strings.HasPrefix(href, "/cases/2024-") {
			t.Errorf("row links %q, want a 2024 case", href)
		}
	})
	jo := d.Find("section#jo-estimate tbody tr").Last().Find("td").Last().Text()
	if jo != num64(joSum) {
		t.Errorf("JO sum %s, want %d, the sum of the case API's estimates", jo, joSum)
	}
	if !strings.Contains(d.Find(".jo-sum").Text(), "推定") || !strings.Contains(d.Find(".jo-sum").Text(), strconv.Itoa(joCases)+"件") {
		t.Errorf("JO summary %q: want it labelled 推定 with %d cases", d.Find(".jo-sum").Text(), joCases)
	}
	// Each table's CSV holds the table.
	d.Find("section.report-table").Each(func(_ int, sec *goquery.Selection) {
		recs := readCSV(t, fx, sec.Find(".csv a").AttrOr("href", ""))
		var head []string
		sec.Find("thead th").Each(func(_ int, h *goquery.Selection) { head = append(head, h.Text()) })
		if !slices.Equal(recs[0], head) {
			t.Errorf("%s: CSV header %v, table %v", sec.AttrOr("id", ""), recs[0], head)
		}
		rows := sec.Find("tbody tr")
		if len(recs) != rows.Length()+1 {
			t.Fatalf("%s: CSV %d records, table %d rows", sec.AttrOr("id", ""), len(recs), rows.Length())
		}
		rows.Each(func(i int, r *goquery.Selection) {
			var cells []string
			r.Children().Each(func(_ int, c *goquery.Selection) { cells = append(cells, c.Text()) })
			for j := range cells {
				if j > 0 && j < len(recs[i+1]) && strings.ReplaceAll(cells[j], ",", "") != strings.ReplaceAll(recs[i+1][j], ",", "") {
					t.Errorf("%s row %d col %d: CSV %q, table %q", sec.AttrOr("id", ""), i, j, recs[i+1][j], cells[j])
				}
			}
		})
	})
	// In another lens the same cases are counted in its classes.
	tsr := fx.doc(t, "/report/2024?tax=tsr", http.StatusOK)
	if n := tableTotal(t, tsr.Find("section#cause")); n != pg.Total {
		t.Errorf("TSR causes total %d, want %d", n, pg.Total)
	}
	tsr.Find("section#cause tbody th").Each(func(_ int, h *goquery.Selection) {
		if c := h.Text(); c != "合計" && !slices.Contains(taxonomy.TSRCauses, c) && c != taxonomy.Unknown {
			t.Errorf("cause %q is not a TSR class", c)
		}
	})
	if blog := fx.doc(t, "/report/2024?tax=blog", http.StatusOK); blog.Find("section#medium").Length() != 0 {
		t.Error("the blog's labels have no medium, yet a medium table is shown")
	}
	// Linked from the year's archive.
	if href := fx.doc(t, "/archive/2024", http.StatusOK).Find(`a[href="/report/2024"]`); href.Length() != 1 {
		t.Error("the archive of 2024 does not link its report")
	}
	for path, status := range map[string]int{"/report/1999": 404, "/report/2024/nope.csv": 404, "/report/2024/cause.txt": 404,
		"/report/2024?tax=dbir": 400, "/report/2024/cause.csv?tax=dbir": 400, "/report/20x4": 404} {
		if res := fx.get(t, path); res.StatusCode != status {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, status)
		}
	}
}

// TestCaseJOEstimate: the case API and page show the JO estimate with
// its inputs, arithmetic that holds, and the word 推定.
func TestCaseJOEstimate(t *testing.T) {
	fx := sharedFixture(t)
	ctx := context.Background()
	pg, err := fx.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	with, without := 0, 0
	for _, c := range pg.Cases {
		var raw map[string]json.RawMessage
		fx.jsonBody(t, "/api/v1/cases/"+c.ID, http.StatusOK, &raw)
		if _, ok := raw["jo_estimate"]; !ok {
			t.Fatalf("%s: no jo_estimate field", c.ID)
		}
		var e struct {
			Estimate bool `json:"estimate"`
			Formula  string
			Inputs   struct {
				DataTypes       []string `json:"data_types"`
				AffectedPersons int      `json:"affected_persons"`
			} `json:"inputs"`
			Base     int   `json:"base_value"`
			Sens     int   `json:"sensitivity"`
			Ident    int   `json:"identifiability"`
			Social   int   `json:"social_responsibility"`
			Response int   `json:"response"`
			Per      int   `json:"per_person"`
			Persons  int   `json:"persons"`
			Total    int64 `json:"total"`
		}
		page := fx.doc(t, "/cases/"+c.ID, http.StatusOK)
		if string(raw["jo_estimate"]) == "null" {
			without++
			if c.Facts.AffectedPersons != nil && *c.Facts.AffectedPersons > 0 {
				t.Errorf("%s: %d persons but no estimate", c.ID, *c.Facts.AffectedPersons)
			}
			if page.Find(".jo-estimate").Length() != 0 {
				t.Errorf("%s: the page shows an estimate the API does not give", c.ID)
			}
			continue
		}
		with++
		if err := json.Unmarshal(raw["jo_estimate"], &e); err != nil {
			t.Fatal(err)
		}
		if !e.Estimate || e.Base != 500 || e.Per != e.Base*e.Sens*e.Ident*e.Social*e.Response ||
			e.Total != int64(e.Per)*int64(e.Persons) || e.Persons != *c.Facts.AffectedPersons || e.Inputs.AffectedPersons != e.Persons {
			t.Errorf("%s: estimate does not add up: %s", c.ID, raw["jo_estimate"])
		}
		if !slices.Equal(e.Inputs.DataTypes, c.Facts.DataTypes) && len(c.Facts.DataTypes) > 0 {
			t.Errorf("%s: inputs %v, case data types %v", c.ID, e.Inputs.DataTypes, c.Facts.DataTypes)
		}
		sec := page.Find("section.jo-estimate")
		if !strings.Contains(sec.Find("h2").Text(), "推定") || sec.Find(".estimate-label").Text() != "推定" {
			t.Errorf("%s: the estimate is not labelled 推定", c.ID)
		}
		if want := num64(e.Total) + "円"; sec.Find(".jo-total strong").Text() != want {
			t.Errorf("%s: page shows %q, want %q", c.ID, sec.Find(".jo-total strong").Text(), want)
		}
	}
	if with == 0 || without == 0 {
		t.Errorf("%d cases with an estimate, %d without: the sample should have both", with, without)
	}
}

func num64(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

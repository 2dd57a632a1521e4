package web

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/csvout"
	"github.com/jikenbo/jikenbo/taxonomy"
)

func (s *Server) registerStatsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /stats", s.html(s.handleStats))
	mux.HandleFunc("GET /stats/{file}", s.html(s.handleStatsCSV))
}

type statsPage struct {
	page
	Stats  *jikenbo.Stats
	Charts []chartView
	// Lens is the taxonomy switch (lens.go).
	Lens *lensSwitch
}

// monthsShown is how many months the monthly chart covers: two years
// read well on a phone and still show a trend.
const monthsShown = 24

// statsCharts turns the aggregates into the page's charts.
func statsCharts(st *jikenbo.Stats) []chart {
	var charts []chart

	// Releases per month by category, the last monthsShown months up to
	// the newest month with a release.
	byMonth := chart{ID: "releases-by-month", Title: "月別・分類別の公表件数", Kind: stackedChart, Unit: "件", LabelHead: "月",
		Desc: fmt.Sprintf("直近%dか月の公表文の件数を分類別に積み上げた棒グラフ。複数の分類を持つ公表文はそれぞれに数えます。", monthsShown)}
	if n := len(st.ReleasesByMonth); n > 0 {
		last := st.ReleasesByMonth[n-1]
		end := last.Year*12 + last.Month - 1
		start := end - monthsShown + 1
		counts := map[string][]float64{}
		for _, m := range st.ReleasesByMonth {
			k := m.Year*12 + m.Month - 1
			if k < start {
				continue
			}
			if counts[m.Category] == nil {
				counts[m.Category] = make([]float64, monthsShown)
			}
			counts[m.Category][k-start] += float64(m.Count)
		}
		for k := start; k <= end; k++ {
			y, mo := k/12, k%12+1
			byMonth.Labels = append(byMonth.Labels, fmt.Sprintf("%02d/%02d", y%100, mo))
			byMonth.Tips = append(byMonth.Tips, fmt.Sprintf("%d年%d月", y, mo))
		}
		for _, c := range jikenbo.Categories {
			if v := counts[c.Code]; v != nil {
				byMonth.Series = append(byMonth.Series, series{Name: c.Name, Values: v})
			}
		}
	}
	charts = append(charts, byMonth)

	persons := chart{ID: "persons-by-year", Title: "年別の被害人数", Kind: barChart, Unit: "人", LabelHead: "年",
		Desc:   "事件ごとの最新の被害人数(続報で訂正された数)を、事件の第1報の年ごとに合計した棒グラフ。",
		Series: []series{{Name: "被害人数"}}}
	third := chart{ID: "third-party-share", Title: "委託先・第三者で発生した事件の割合", Kind: lineChart, Unit: "%", Decimals: 1, LabelHead: "年",
		Desc: "事件のうち、委託先など外部の組織で発生したものの割合を年ごとに示す折れ線グラフ。", Series: []series{{Name: "委託先・第三者で発生"}}}
	lag := chart{ID: "detection-to-publication", Title: "発覚から公表までの日数", Kind: lineChart, Unit: "日", Decimals: 1, LabelHead: "年",
		Desc:   "事件の発覚日から第1報の公表日までの日数の中央値と90パーセンタイルを年ごとに示す折れ線グラフ。",
		Series: []series{{Name: "中央値"}, {Name: "90パーセンタイル"}}}
	for _, y := range st.ByYear {
		l := strconv.Itoa(y.Year)
		persons.Labels = append(persons.Labels, l)
		persons.Series[0].Values = append(persons.Series[0].Values, float64(y.Persons))
		third.Labels = append(third.Labels, l)
		third.Tips = append(third.Tips, fmt.Sprintf("%d年(%d件中%d件)", y.Year, y.Cases, y.ThirdParty))
		share := 0.0
		if y.Cases > 0 {
			share = 100 * float64(y.ThirdParty) / float64(y.Cases)
		}
		third.Series[0].Values = append(third.Series[0].Values, share)
		lag.Labels = append(lag.Labels, l)
		lag.Tips = append(lag.Tips, fmt.Sprintf("%d年(%d件)", y.Year, y.LagCases))
		med, p90 := math.NaN(), math.NaN()
		if y.LagCases > 0 {
			med, p90 = y.LagMedianDays, y.LagP90Days
		}
		lag.Series[0].Values = append(lag.Series[0].Values, med)
		lag.Series[1].Values = append(lag.Series[1].Values, p90)
	}
	charts = append(charts, persons, third, lag)

	contractors := chart{ID: "contractors", Title: "委託元への影響が大きい委託先", Kind: barChart, Horizontal: true, Unit: "組織", LabelHead: "委託先",
		Desc:   "委託先(発生元)として事件に関わった組織を、同じ事件で公表した委託元などの組織の数が多い順に示す横棒グラフ。",
		Series: []series{{Name: "影響を受けた組織数"}}}
	for _, c := range st.TopContractors {
		contractors.Labels = append(contractors.Labels, c.Name)
		contractors.Series[0].Values = append(contractors.Series[0].Values, float64(c.Clients))
	}
	return append(charts, contractors)
}

// statsRequest reads the lens of a statistics request (?tax=) and the
// charts counted in it.
func (s *Server) statsRequest(r *http.Request) (*derived, *jikenbo.Stats, *lensSwitch, []chart, error) {
	p, err := parseParams(r)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	l, err := parseLens(p)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return nil, nil, nil, nil, err
	}
	st, err := s.stats(r.Context(), d)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ld, err := s.lens(r.Context(), d)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return d, st, newLensSwitch("/stats", l, taxonomy.LensOurs, ld.years), lensCharts(st, ld, l), nil
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) error {
	d, st, sw, charts, err := s.statsRequest(r)
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	sp := &statsPage{Stats: st, Lens: sw}
	for _, c := range charts {
		sp.Charts = append(sp.Charts, c.layout("/stats/"+c.ID+".csv"+lensQuery(sw.Current.Lens, taxonomy.LensOurs)))
	}
	sp.page = page{Title: "統計", Description: fmt.Sprintf("公表文 %s件・事件 %s件の統計: 月別・分類別の公表件数、年別の被害人数、委託先起因の割合、発覚から公表までの日数、影響の大きい委託先。",
		num(st.Releases), num(st.Cases)), d: d}
	if l := sw.Current; l.Lens != taxonomy.LensOurs {
		sp.Title = "統計(" + l.Name + ")"
		sp.Canonical = s.abs("/stats" + lensQuery(l.Lens, taxonomy.LensOurs))
	}
	return s.render(w, r, http.StatusOK, "stats", sp)
}

// handleStatsCSV writes a chart's numbers as CSV, with a byte-order mark
// so that spreadsheet programs read the Japanese headings as UTF-8.
func (s *Server) handleStatsCSV(w http.ResponseWriter, r *http.Request) error {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return notFound("ファイル")
	}
	d, _, _, charts, err := s.statsRequest(r)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(charts, func(c chart) bool { return c.ID == id })
	if i < 0 {
		return notFound("グラフ")
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	return writeCSV(w, id+".csv", charts[i].csvRecords())
}

// writeCSV answers with records as a CSV download named filename,
// written whole before anything is sent so that an error is an error
// page, not half a file.
func writeCSV(w http.ResponseWriter, filename string, records [][]string) error {
	var buf bytes.Buffer
	if err := csvout.NewWriter(&buf).WriteAll(records); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(buf.Bytes())
	return nil
}

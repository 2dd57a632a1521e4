package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/damage"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// The yearly report, /report/{YYYY}: the public cases whose first
// release is of that year, in tables laid out like those of JNSA's
// 情報セキュリティインシデントに関する調査報告書 (by cause, medium,
// organisation kind and size band, the largest incidents, the JO model
// estimate), counted in the taxonomy of ?tax= (JNSA's by default), each
// table also as CSV.

func (s *Server) registerReportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /report/{year}", s.html(s.handleReport))
	mux.HandleFunc("GET /report/{year}/{file}", s.html(s.handleReportCSV))
}

// reportData is what a year's report counts, read once per casebook
// version.
type reportData struct {
	cases []reportCase

	// byLens are the tables of each lens, counted on first use: the
	// cases are the casebook version's, so are the tables.
	mu     sync.Mutex
	byLens map[taxonomy.Lens]*lensTables
}

// lensTables are a report's tables in one lens: as the CSV has them and
// as the page shows them (onPage), with the sum of the JO estimates.
type lensTables struct {
	tables, page []reportTable
	joTotal      int64
	joCases      int
}

// tables returns the report's tables in lens l; year makes their CSV links.
func (rd *reportData) tables(year int, l taxonomy.LensInfo) *lensTables {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if lt, ok := rd.byLens[l.Lens]; ok {
		return lt
	}
	lt := &lensTables{}
	lt.tables, lt.joTotal, lt.joCases = reportTables(rd, l)
	for i := range lt.tables {
		lt.tables[i].CSV = reportPath(year) + "/" + lt.tables[i].ID + ".csv" + lensQuery(l.Lens, taxonomy.LensJNSA)
		lt.page = append(lt.page, lt.tables[i].onPage())
	}
	if rd.byLens == nil {
		rd.byLens = map[taxonomy.Lens]*lensTables{}
	}
	rd.byLens[l.Lens] = lt
	return lt
}

// reportCase is one public case as the report counts it.
type reportCase struct {
	ID, Title  string
	Persons    *int
	Categories []string
	// Kind is the kind of its first publisher ("" unknown).
	Kind jikenbo.OrgKind
	// Media are those its public releases state (extract.Media).
	Media []string
	JO    *damage.Estimate
}

// report returns the data of year's report, nil when no public case is
// of that year.
func (s *Server) report(ctx context.Context, d *derived, year int) (*reportData, error) {
	ld, err := s.lens(ctx, d)
	if err != nil {
		return nil, err
	}
	d.reportsMu.Lock()
	defer d.reportsMu.Unlock()
	if rd, ok := d.reports[year]; ok {
		return rd, nil
	}
	var sums []*jikenbo.CaseSummary
	if err := s.eachCase(ctx, jikenbo.CaseQuery{Year: year}, func(c *jikenbo.CaseSummary) { sums = append(sums, c) }); err != nil {
		return nil, err
	}
	var rd *reportData
	if len(sums) > 0 {
		rd = &reportData{}
		kinds := map[int64]jikenbo.OrgKind{}
		for _, c := range sums {
			rc := reportCase{ID: c.ID, Title: titleOf(c.Facts.Title), Persons: c.Facts.AffectedPersons, Categories: c.Facts.Categories}
			pk, err := s.publisherKinds(ctx, c.Organizations, kinds)
			if err != nil {
				return nil, err
			}
			if len(c.Facts.Publishers) > 0 && c.Facts.Publishers[0].OrganizationID != 0 {
				rc.Kind = kinds[c.Facts.Publishers[0].OrganizationID]
			} else if len(pk) > 0 {
				rc.Kind = pk[0]
			}
			for _, id := range ld.caseReleases[c.ID] {
				r, err := s.store.FindPublicRelease(ctx, id)
				if err != nil {
					return nil, err
				}
				for _, m := range extract.Media(r.Text) {
					if !slices.Contains(rc.Media, m) {
						rc.Media = append(rc.Media, m)
					}
				}
			}
			if e, ok := caseEstimate(c.Facts, pk); ok {
				rc.JO = &e
			}
			rd.cases = append(rd.cases, rc)
		}
	}
	if d.reports == nil {
		d.reports = map[int]*reportData{}
	}
	d.reports[year] = rd
	return rd, nil
}

// reportTable is one table of the report.
type reportTable struct {
	ID, Title, Note string
	Head            []string
	Rows            [][]string
	// Link is the URL of each row's first cell, when it has one.
	Links []string
	CSV   string
	// Shown, when set, is how many rows the page shows before the last
	// (a total); the CSV has every row.
	Shown int
}

// joShown is how many cases the page's table of estimates lists.
const joShown = 50

// onPage is t as the page shows it: figures with thousands separators
// (the CSV keeps plain numbers for spreadsheets), and with Shown set only
// that many rows before the last.
func (t reportTable) onPage() reportTable {
	rows := make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = slices.Clone(row)
		for j, c := range rows[i] {
			if j == 0 || c == "" || (c[0] < '0' || c[0] > '9') && c[0] != '-' {
				continue
			}
			if n, err := strconv.ParseInt(c, 10, 64); err == nil {
				rows[i][j] = num64(n)
			}
		}
	}
	if t.Shown > 0 && len(rows) > t.Shown+1 {
		t.Note += fmt.Sprintf(" 大きい順に %d件を表示しています。全 %s件は CSV にあります。", t.Shown, num(len(rows)-1))
		rows = append(rows[:t.Shown:t.Shown], rows[len(rows)-1])
		t.Links = t.Links[:min(t.Shown, len(t.Links))]
	}
	t.Rows = rows
	return t
}

type reportPage struct {
	page
	Year   int
	Lens   *lensSwitch
	Cases  int
	Tables []reportTable
	// JO sums the JO model estimates of the year.
	JOTotal, JOCases string
}

func pct(n, of int) string {
	if of == 0 {
		return "0.0"
	}
	return strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64)
}

func yen(v int64) string {
	if v < 0 {
		return "-"
	}
	return num64(v) + "円"
}

func num64(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// countTable counts cases by a class in the order of classes, with the
// share and the affected persons of each, and a total row.
func countTable(id, title, head string, classes []string, cases []reportCase, classOf func(reportCase) string) reportTable {
	t := reportTable{ID: id, Title: title, Head: []string{head, "件数", "割合(%)", "被害人数"}}
	n, persons := map[string]int{}, map[string]int{}
	for _, c := range cases {
		k := classOf(c)
		n[k]++
		if c.Persons != nil {
			persons[k] += *c.Persons
		}
	}
	total, totalPersons := 0, 0
	for _, k := range classes {
		t.Rows = append(t.Rows, []string{k, strconv.Itoa(n[k]), pct(n[k], len(cases)), strconv.Itoa(persons[k])})
		total += n[k]
		totalPersons += persons[k]
	}
	t.Rows = append(t.Rows, []string{"合計", strconv.Itoa(total), pct(total, len(cases)), strconv.Itoa(totalPersons)})
	return t
}

// reportTables lays out a year's tables in lens l.
func reportTables(rd *reportData, l taxonomy.LensInfo) (tables []reportTable, joTotal int64, joCases int) {
	cases := rd.cases
	tables = append(tables, countTable("cause", l.Cause+"別の事件件数", l.Cause, l.Lens.CauseClasses(), cases,
		func(c reportCase) string { return l.Lens.Cause(c.Categories) }))
	if l.Medium != "" {
		t := countTable("medium", l.Medium+"別の事件件数", l.Medium, l.Lens.MediumClasses(), cases,
			func(c reportCase) string { return l.Lens.Medium(c.Categories, c.Media) })
		t.Note = "媒体は公表文に書かれたもの(USBメモリ、書類、パソコン、FAX、メール、サーバー)を、書かれていないときは分類から読み替えられるものを数えます。"
		tables = append(tables, t)
	}
	var kinds []string
	for _, k := range jikenbo.OrgKinds {
		kinds = append(kinds, kindName(k))
	}
	kinds = append(kinds, taxonomy.Unknown)
	tables = append(tables, countTable("org-kind", "組織の種類別の事件件数", "組織の種類", kinds, cases, func(c reportCase) string {
		if c.Kind == "" {
			return taxonomy.Unknown
		}
		return kindName(c.Kind)
	}))
	var bands []string
	for _, r := range jikenbo.PersonRanges {
		bands = append(bands, r.Name)
	}
	tables = append(tables, countTable("size", "被害人数の規模別の事件件数", "被害人数", bands, cases, func(c reportCase) string {
		for _, r := range jikenbo.PersonRanges {
			if c.Persons != nil && *c.Persons >= r.Min && (r.Max == 0 || *c.Persons <= r.Max) && r.Code != "unknown" {
				return r.Name
			}
		}
		return jikenbo.PersonRanges[len(jikenbo.PersonRanges)-1].Name
	}))

	top := slices.Clone(cases)
	top = slices.DeleteFunc(top, func(c reportCase) bool { return c.Persons == nil || *c.Persons == 0 })
	slices.SortStableFunc(top, func(a, b reportCase) int { return *b.Persons - *a.Persons })
	top = top[:min(10, len(top))]
	tt := reportTable{ID: "largest", Title: "被害人数の多い事件(上位10件)", Head: []string{"事件番号", "事件", l.Cause, "被害人数", "想定損害賠償額(推定)"}}
	for _, c := range top {
		jo := "-"
		if c.JO != nil {
			jo = strconv.FormatInt(c.JO.Total, 10)
		}
		tt.Rows = append(tt.Rows, []string{c.ID, c.Title, l.Lens.Cause(c.Categories), strconv.Itoa(*c.Persons), jo})
		tt.Links = append(tt.Links, casePath(c.ID))
	}
	tables = append(tables, tt)

	// Every case with an estimate, the largest first: the CSV has them
	// all, the page the first joShown (a year of a large casebook has
	// thousands) and the total of all.
	jt := reportTable{ID: "jo-estimate", Title: "想定損害賠償額(JOモデルによる推定)",
		Head: []string{"事件番号", "事件", "被害人数", "1人あたり(円)", "想定損害賠償額(円)"},
		Note: joNote, Shown: joShown}
	est := slices.DeleteFunc(slices.Clone(cases), func(c reportCase) bool { return c.JO == nil })
	slices.SortStableFunc(est, func(a, b reportCase) int { return cmp.Compare(b.JO.Total, a.JO.Total) })
	for _, c := range est {
		joCases++
		if joTotal+c.JO.Total >= joTotal {
			joTotal += c.JO.Total
		}
		jt.Rows = append(jt.Rows, []string{c.ID, c.Title, strconv.Itoa(c.JO.Persons), strconv.Itoa(c.JO.PerPerson), strconv.FormatInt(c.JO.Total, 10)})
		jt.Links = append(jt.Links, casePath(c.ID))
	}
	jt.Rows = append(jt.Rows, []string{"合計", fmt.Sprintf("推定できた事件 %d件 / %d件", joCases, len(cases)), "", "", strconv.FormatInt(joTotal, 10)})
	tables = append(tables, jt)
	return tables, joTotal, joCases
}

// reportRequest reads the year and lens of a report request and its data.
func (s *Server) reportRequest(r *http.Request) (int, taxonomy.LensInfo, *derived, *reportData, error) {
	var l taxonomy.LensInfo
	year, err := archiveNumber(r.PathValue("year"), 1900, 9999)
	if err != nil {
		return 0, l, nil, nil, err
	}
	p, err := parseParams(r)
	if err != nil {
		return 0, l, nil, nil, err
	}
	if p.str("tax") == "" {
		l, _ = taxonomy.ParseLens(string(taxonomy.LensJNSA))
	} else if l, err = parseLens(p); err != nil {
		return 0, l, nil, nil, err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return 0, l, nil, nil, err
	}
	rd, err := s.report(r.Context(), d, year)
	if err != nil {
		return 0, l, nil, nil, err
	}
	if rd == nil {
		return 0, l, nil, nil, notFound(fmt.Sprintf("%d年の事件", year))
	}
	return year, l, d, rd, nil
}

func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) error {
	year, l, d, rd, err := s.reportRequest(r)
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	ld, err := s.lens(r.Context(), d)
	if err != nil {
		return err
	}
	rp := &reportPage{Year: year, Cases: len(rd.cases)}
	// The report's own default is JNSA's, whose tables it follows.
	rp.Lens = newLensSwitch(reportPath(year), l, taxonomy.LensJNSA, ld.years)
	lt := rd.tables(year, l)
	rp.Tables = lt.page
	rp.JOTotal, rp.JOCases = yen(lt.joTotal), strconv.Itoa(lt.joCases)
	rp.page = page{Title: fmt.Sprintf("%d年の年報(%s)", year, l.Name),
		Description: fmt.Sprintf("%d年に第1報が公表された事件 %s件を、%sで原因・媒体・組織の種類・被害人数の規模別に数えた表と、被害人数の多い事件、想定損害賠償額(推定)。", year, num(len(rd.cases)), l.Source),
		Canonical:   s.abs(reportPath(year) + lensQuery(l.Lens, taxonomy.LensJNSA)), d: d}
	return s.render(w, r, http.StatusOK, "report", rp)
}

// handleReportCSV writes one table of a report as CSV.
func (s *Server) handleReportCSV(w http.ResponseWriter, r *http.Request) error {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return notFound("ファイル")
	}
	year, l, d, rd, err := s.reportRequest(r)
	if err != nil {
		return err
	}
	tables := rd.tables(year, l).tables
	i := slices.IndexFunc(tables, func(t reportTable) bool { return t.ID == id })
	if i < 0 {
		return notFound("表")
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	return writeCSV(w, fmt.Sprintf("report-%04d-%s-%s.csv", year, id, l.Lens), append([][]string{tables[i].Head}, tables[i].Rows...))
}

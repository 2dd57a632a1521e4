package web

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/damage"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// The Japanese lenses: the statistics and the yearly report counted in
// another taxonomy (taxonomy.Lens) through the one mapping table, and
// JNSA's JO model damage estimate of each case (package damage).

// lensSwitch is the taxonomy switch of /stats and /report/{YYYY}.
type lensSwitch struct {
	Current taxonomy.LensInfo
	Options []lensOption
	// Reports link the yearly reports, newest first.
	Reports []reportLink
}

type lensOption struct {
	Name, Source, URL string
	Current           bool
}

type reportLink struct {
	Year int
	URL  string
}

// parseLens reads ?tax=; an unknown value is EINVALID, not a silent
// default, so a mistyped link says so.
func parseLens(p params) (taxonomy.LensInfo, error) {
	l, ok := taxonomy.ParseLens(p.str("tax"))
	if !ok {
		return l, jikenbo.Errorf(jikenbo.EINVALID, "分類 tax=%q はありません(ours, jnsa, tsr, veris, blog のいずれか)", p.str("tax"))
	}
	return l, nil
}

// lensQuery is the query string that keeps lens l in a link of a page
// whose default lens is def ("" for the default).
func lensQuery(l, def taxonomy.Lens) string {
	if l == def {
		return ""
	}
	return "?tax=" + url.QueryEscape(string(l))
}

// newLensSwitch is the switch of the page at path showing lens cur, whose
// default is def; reports link the yearly reports in cur.
func newLensSwitch(path string, cur taxonomy.LensInfo, def taxonomy.Lens, years []int) *lensSwitch {
	sw := &lensSwitch{Current: cur}
	for _, l := range taxonomy.Lenses {
		sw.Options = append(sw.Options, lensOption{Name: l.Name, Source: l.Source, URL: path + lensQuery(l.Lens, def), Current: l.Lens == cur.Lens})
	}
	for _, y := range years {
		sw.Reports = append(sw.Reports, reportLink{y, reportPath(y) + lensQuery(cur.Lens, taxonomy.LensJNSA)})
	}
	return sw
}

func reportPath(y int) string { return fmt.Sprintf("/report/%04d", y) }

// lensData is what the lenses count, read once per casebook version:
// every public release's month and categories, every public case's year
// and categories.
type lensData struct {
	releases []lensRelease
	cases    []lensRelease
	// years with a public case, newest first.
	years []int
	// caseReleases are the public releases of each case, for the report's
	// media.
	caseReleases map[string][]int64
}

type lensRelease struct {
	Year, Month int
	Categories  []string
}

// lens returns the lens data of the current version, computed once.
func (s *Server) lens(ctx context.Context, d *derived) (*lensData, error) {
	d.lensMu.Lock()
	defer d.lensMu.Unlock()
	if d.lens != nil {
		return d.lens, nil
	}
	cl, err := s.classes(ctx, d)
	if err != nil {
		return nil, err
	}
	ld := &lensData{caseReleases: map[string][]int64{}}
	for _, r := range cl.Releases {
		if r.CaseID != "" {
			ld.caseReleases[r.CaseID] = append(ld.caseReleases[r.CaseID], r.ID)
		}
		if !r.Date.IsZero() {
			ld.releases = append(ld.releases, lensRelease{r.Date.Year, r.Date.Month, r.Categories})
		}
	}
	for _, c := range cl.Cases {
		ld.cases = append(ld.cases, lensRelease{Year: c.Year, Categories: c.Categories})
		if !slices.Contains(ld.years, c.Year) {
			ld.years = append(ld.years, c.Year)
		}
	}
	slices.Sort(ld.years)
	slices.Reverse(ld.years)
	d.lens = ld
	d.doneWithClasses(byLens)
	return ld, nil
}

// The counts made from the classes (derived.classesDone).
const (
	byLens = iota
	byTotals
)

// classes returns the version's classes, read once.
func (s *Server) classes(ctx context.Context, d *derived) (*jikenbo.Classes, error) {
	d.classesMu.Lock()
	defer d.classesMu.Unlock()
	if d.classes == nil {
		cl, err := s.store.Classes(ctx)
		if err != nil {
			return nil, err
		}
		d.classes = cl
	}
	return d.classes, nil
}

// doneWithClasses says that the count by (byLens, byTotals) has been made
// from the classes. Once both have, nothing reads them again in this
// version and they are let go: 20 MB at 100,000 releases.
func (d *derived) doneWithClasses(by int) {
	d.classesMu.Lock()
	defer d.classesMu.Unlock()
	d.classesDone[by] = true
	if d.classesDone[byLens] && d.classesDone[byTotals] {
		d.classes = nil
	}
}

// eachCase calls fn with every public case q selects.
func (s *Server) eachCase(ctx context.Context, q jikenbo.CaseQuery, fn func(*jikenbo.CaseSummary)) error {
	q.Limit, q.NoTotal = 200, true
	for {
		pg, err := s.store.FindCaseSummaries(ctx, q)
		if err != nil {
			return err
		}
		for _, c := range pg.Cases {
			fn(c)
		}
		if q.Cursor = pg.Next; q.Cursor == "" {
			return nil
		}
	}
}

// lensCharts returns the statistics' charts counted in lens l: the
// monthly chart's categories become the lens's classes (each release
// once, under the class of its first category in the table's order), and
// a chart of cases by year and class follows the first. For our own
// codes the monthly chart is left as it is.
func lensCharts(st *jikenbo.Stats, ld *lensData, l taxonomy.LensInfo) []chart {
	charts := statsCharts(st)
	i := slices.IndexFunc(charts, func(c chart) bool { return c.ID == "releases-by-month" })
	if i < 0 {
		return charts
	}
	if l.Lens != taxonomy.LensOurs && len(st.ReleasesByMonth) > 0 {
		last := st.ReleasesByMonth[len(st.ReleasesByMonth)-1]
		end := last.Year*12 + last.Month - 1
		start := end - monthsShown + 1
		counts := map[string][]float64{}
		for _, r := range ld.releases {
			k := r.Year*12 + r.Month - 1
			if k < start || k > end {
				continue
			}
			c := l.Lens.Cause(r.Categories)
			if counts[c] == nil {
				counts[c] = make([]float64, monthsShown)
			}
			counts[c][k-start]++
		}
		m := &charts[i]
		m.Title = "月別・" + l.Cause + "別の公表件数(" + l.Name + ")"
		m.Desc = fmt.Sprintf("直近%dか月の公表文の件数を、%sの「%s」に読み替えて積み上げた棒グラフ。公表文ごとに、その分類のうち対応表で最初に来るものの区分で1件と数えます。",
			monthsShown, l.Source, l.Cause)
		m.Series = nil
		for _, class := range l.Lens.CauseClasses() {
			if v := counts[class]; v != nil {
				m.Series = append(m.Series, series{Name: class, Values: v})
			}
		}
	}
	byYear := chart{ID: "cases-by-cause", Title: "年別・" + l.Cause + "別の事件件数(" + l.Name + ")", Kind: stackedChart, Unit: "件", LabelHead: "年",
		Desc: "事件の件数を第1報の年ごとに、" + l.Source + "の「" + l.Cause + "」で積み上げた棒グラフ。事件ごとに、その分類のうち対応表で最初に来るものの区分で1件と数えます。"}
	counts := map[string]map[int]float64{}
	years := map[int]bool{}
	for _, c := range ld.cases {
		class := l.Lens.Cause(c.Categories)
		if counts[class] == nil {
			counts[class] = map[int]float64{}
		}
		counts[class][c.Year]++
		years[c.Year] = true
	}
	ys := slices.Sorted(maps.Keys(years))
	for _, y := range ys {
		byYear.Labels = append(byYear.Labels, strconv.Itoa(y))
	}
	for _, class := range l.Lens.CauseClasses() {
		if m := counts[class]; m != nil {
			s := series{Name: class}
			for _, y := range ys {
				s.Values = append(s.Values, m[y])
			}
			byYear.Series = append(byYear.Series, s)
		}
	}
	return slices.Insert(charts, i+1, byYear)
}

// joNote is what every JO estimate says of itself.
const joNote = "JNSA の JO モデルによる推定値です。実際の賠償額・損害額ではありません。係数は専門家の判断で定められたものです。"

// caseEstimate is the JO estimate of a case, from its merged facts and
// its publishers' kinds.
func caseEstimate(cf jikenbo.CaseFacts, kinds []jikenbo.OrgKind) (damage.Estimate, bool) {
	if cf.AffectedPersons == nil {
		return damage.Estimate{}, false
	}
	return damage.JO(damage.Inputs{DataTypes: cf.DataTypes, Persons: *cf.AffectedPersons, OrgKinds: kinds})
}

// publisherKinds returns the kinds of a case's public publishers, read
// through cache (organisation ID → kind).
func (s *Server) publisherKinds(ctx context.Context, orgs []jikenbo.CaseOrganization, cache map[int64]jikenbo.OrgKind) ([]jikenbo.OrgKind, error) {
	var out []jikenbo.OrgKind
	for _, o := range orgs {
		if o.Role != jikenbo.RolePublisher {
			continue
		}
		k, ok := cache[o.OrganizationID]
		if !ok {
			org, err := s.store.FindPublicOrganization(ctx, o.OrganizationID)
			if err != nil {
				return nil, err
			}
			k = org.Kind
			if cache != nil {
				cache[o.OrganizationID] = k
			}
		}
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// joView is a JO estimate as the case page shows it.
type joView struct {
	Total, PerPerson string
	Rows             []factRow
	Explain, Formula string
	Note             string
	Assumptions      []string
}

func newJOView(e damage.Estimate) *joView {
	from := func(code string) string {
		if code == "" {
			return ""
		}
		return "(" + jikenbo.TermName(jikenbo.DataTypes, code) + ")"
	}
	return &joView{Total: yen(e.Total), PerPerson: yen(int64(e.PerPerson)), Explain: e.Explain(), Formula: damage.Formula, Note: joNote,
		Assumptions: e.Assumptions,
		Rows: []factRow{
			{Name: "基礎情報価値", Value: strconv.Itoa(e.BaseValue)},
			{Name: "精神的苦痛レベル x", Value: strconv.Itoa(e.Privacy) + from(e.PrivacyFrom)},
			{Name: "経済的損失レベル y", Value: strconv.Itoa(e.Economic) + from(e.EconomicFrom)},
			{Name: "機微情報度", Value: strconv.Itoa(e.Sensitivity)},
			{Name: "本人特定容易度", Value: strconv.Itoa(e.Identifiability)},
			{Name: "社会的責任度", Value: strconv.Itoa(e.Social)},
			{Name: "事後対応評価", Value: strconv.Itoa(e.Response)},
			{Name: "被害人数", Value: num(e.Persons) + "人"},
		}}
}

package web

import (
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Names and URLs shared by pages, feeds and the API.

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// num writes an integer with thousands separators, as Japanese releases
// do (12,905).
func num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// slashDate is the casebook headline's date form, 2024/11/25.
func slashDate(d jikenbo.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day)
}

// jaDate is 2024年11月25日.
func jaDate(d jikenbo.Date) string {
	if d.IsZero() {
		return "不明"
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

func statusName(s jikenbo.Status) string {
	switch s {
	case jikenbo.StatusOngoing:
		return "調査中"
	case jikenbo.StatusConcluded:
		return "調査完了"
	}
	return "不明"
}

var kindNames = map[jikenbo.OrgKind]string{
	jikenbo.OrgCompany: "企業", jikenbo.OrgMunicipality: "自治体", jikenbo.OrgSchool: "学校",
	jikenbo.OrgHospital: "医療機関", jikenbo.OrgFinancial: "金融機関", jikenbo.OrgGovernment: "官公庁", jikenbo.OrgOther: "その他",
}

func kindName(k jikenbo.OrgKind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return string(k)
}

func roleName(r jikenbo.Role) string {
	switch r {
	case jikenbo.RolePublisher:
		return "公表元"
	case jikenbo.RoleContractor:
		return "委託先(発生元)"
	case jikenbo.RoleClient:
		return "委託元"
	}
	return string(r)
}

func stageName(s jikenbo.Stage) string {
	switch s {
	case jikenbo.StageFirst:
		return "第1報"
	case jikenbo.StageFollowUp:
		return "続報"
	case jikenbo.StageFinal:
		return "最終報告"
	}
	return ""
}

func categoryName(code string) string { return jikenbo.TermName(jikenbo.Categories, code) }
func dataTypeName(code string) string { return jikenbo.TermName(jikenbo.DataTypes, code) }

func categoryNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = categoryName(c)
	}
	return strings.Join(names, "・")
}

func dataTypeNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = dataTypeName(c)
	}
	return strings.Join(names, "、")
}

func personRangeName(code string) string {
	if r, ok := jikenbo.FindPersonRange(code); ok {
		return r.Name
	}
	return code
}

// Site paths. Label names are Japanese and may hold any character, so
// they are escaped as one path segment.

func releasePath(id int64) string   { return "/releases/" + itoa(id) }
func casePath(id string) string     { return "/cases/" + url.PathEscape(id) }
func labelPath(name string) string  { return "/labels/" + url.PathEscape(name) }
func orgPath(id int64) string       { return "/orgs/" + itoa(id) }
func yearPath(y int) string         { return fmt.Sprintf("/archive/%04d", y) }
func monthPath(y, m int) string     { return fmt.Sprintf("/archive/%04d/%02d", y, m) }
func labelFeedPath(n string) string { return labelPath(n) + "/feed.atom" }

// headline writes a release the way casebook readers know it:
// 【セキュリティ事件簿#2024-244】株式会社銀時 <title> 2024/11/25.
func headline(r *jikenbo.ReleaseSummary) string {
	num := r.CaseID
	if num == "" {
		num = r.SourceCaseID
	}
	var b strings.Builder
	b.WriteString("【セキュリティ事件簿")
	if num != "" {
		b.WriteString("#" + num)
	}
	b.WriteString("】")
	if org := orgName(r); org != "" {
		b.WriteString(org + " ")
	}
	b.WriteString(titleOf(r.Facts.Title))
	if !r.Facts.Published.IsZero() {
		b.WriteString(" " + slashDate(r.Facts.Published))
	}
	return b.String()
}

func orgName(r *jikenbo.ReleaseSummary) string {
	if r.OrganizationName != "" {
		return r.OrganizationName
	}
	return r.Facts.Organization
}

func titleOf(t string) string {
	if strings.TrimSpace(t) == "" {
		return "(題名不明)"
	}
	return t
}

// factLine is the one line of facts under a headline: category, people
// and cards affected, status.
func factLine(f jikenbo.Facts) []string {
	var out []string
	if len(f.Categories) > 0 {
		out = append(out, categoryNames(f.Categories))
	}
	if f.AffectedPersons != nil {
		out = append(out, "被害 "+num(*f.AffectedPersons)+"人")
	}
	if f.AffectedCards != nil {
		out = append(out, "カード "+num(*f.AffectedCards)+"件")
	}
	if f.ThirdParty {
		out = append(out, "委託先・第三者で発生")
	}
	if f.Status != "" {
		out = append(out, statusName(f.Status))
	}
	return out
}

// releaseItem is a release in a list, set the way a newsroom lists its
// releases: the date first, the organisation in bold, the title (or the
// text's first sentence, marked as such), the people affected, the
// categories and the case as chips.
type releaseItem struct {
	ID  int64
	URL string
	// DateISO is the datetime attribute, DateJa the date as read;
	// Undated is set when the release states no 公表日.
	DateISO, DateJa string
	Undated         bool
	Org             string
	OrgURL          string
	// Title is the release's title; FromText says it is the first
	// sentence of the text, the release having no title.
	Title    string
	FromText bool
	CaseID   string
	CaseURL  string
	Stage    string
	// Persons is the number of people affected ("12,905"), "" unknown.
	Persons    string
	Categories []chipLink
	// Facts are the other facts: cards, third party, status.
	Facts  []string
	Labels []labelLink
	// Snippet is the search hit's context with the matches marked.
	Snippet []segment
}

type labelLink struct {
	Name, URL string
}

// chipLink is a small labelled link (a category).
type chipLink struct {
	Name, URL string
}

func categoryChips(codes []string) []chipLink {
	out := make([]chipLink, len(codes))
	for i, c := range codes {
		out[i] = chipLink{categoryName(c), "/search?category=" + url.QueryEscape(c)}
	}
	return out
}

// otherFacts are the facts a list item shows after people and
// categories.
func otherFacts(f jikenbo.Facts) []string {
	var out []string
	if f.AffectedCards != nil {
		out = append(out, "カード "+num(*f.AffectedCards)+"件")
	}
	if f.ThirdParty {
		out = append(out, "委託先・第三者で発生")
	}
	if f.Status != "" {
		out = append(out, statusName(f.Status))
	}
	return out
}

func isoDate(d jikenbo.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func newReleaseItem(r *jikenbo.ReleaseSummary) releaseItem {
	it := releaseItem{ID: r.ID, URL: releasePath(r.ID), CaseID: r.CaseID, Org: orgName(r),
		DateISO: isoDate(r.Date), DateJa: jaDate(r.Date), Undated: r.Date.IsZero(), Stage: stageName(r.Stage),
		Title: strings.TrimSpace(r.Facts.Title), Categories: categoryChips(r.Facts.Categories), Facts: otherFacts(r.Facts)}
	if it.Title == "" {
		if it.Title = firstSentence(r.Lead); it.Title != "" {
			it.FromText = true
		} else {
			it.Title = titleOf("")
		}
	}
	if r.Facts.AffectedPersons != nil {
		it.Persons = num(*r.Facts.AffectedPersons)
	}
	if r.CaseID != "" {
		it.CaseURL = casePath(r.CaseID)
	}
	if r.OrganizationID != 0 {
		it.OrgURL = orgPath(r.OrganizationID)
	}
	for _, l := range r.Labels {
		it.Labels = append(it.Labels, labelLink{l, labelPath(l)})
	}
	return it
}

// firstSentence returns the first sentence of a release's opening text
// to stand for its missing title: the first line that says something
// (not a bare date, number or short name line such as the organisation's
// or its president's), up to its first 「。」, at most 60 characters.
func firstSentence(lead string) string {
	const max = 60
	for _, line := range strings.Split(lead, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if utf8.RuneCountInString(line) < 12 || dateLine.MatchString(line) {
			continue
		}
		if i := strings.Index(line, "。"); i >= 0 {
			line = line[:i+len("。")]
		}
		if r := []rune(line); len(r) > max {
			line = string(r[:max-1]) + "…"
		}
		return line
	}
	return ""
}

// dateLine matches a line that holds only a date, maybe labelled
// (更新日: 2025年9月22日) or with a weekday: a letterhead line, not a
// sentence.
var dateLine = regexp.MustCompile(`^(?:(?:更新|公開|掲載|発表|公表|作成|発行|最終更新)日?\s*[:：]?\s*)?(令和|平成)?[0-9０-９元]+[年/.\-][0-9０-９]+[月/.\-][0-9０-９]+日?(\s*[(（][^)）]*[)）])?(\s*(更新|公開|掲載|発表))?$`)

func releaseItems(rs []*jikenbo.ReleaseSummary) []releaseItem {
	out := make([]releaseItem, len(rs))
	for i, r := range rs {
		out[i] = newReleaseItem(r)
	}
	return out
}

// caseItem is a case in a list.
type caseItem struct {
	ID, URL     string
	Title       string
	Status      string
	Ongoing     bool
	Orgs        []orgRole
	Facts       []string
	First, Last string
	// FirstISO and LastISO are the datetime attributes of First and Last.
	FirstISO, LastISO string
	// Persons is the number of people affected ("69,403"), "" unknown.
	Persons    string
	Categories []chipLink
	Releases   int
	// DaysSince is the days since the last release (watch list), -1
	// when unknown.
	DaysSince int
}

type orgRole struct {
	Name, URL, Role string
}

func newCaseItem(c *jikenbo.CaseSummary, today jikenbo.Date) caseItem {
	it := caseItem{ID: c.ID, URL: casePath(c.ID), Title: titleOf(c.Facts.Title), Status: statusName(c.Status),
		Ongoing: c.Status == jikenbo.StatusOngoing, First: slashDate(c.Facts.FirstPublished), Last: slashDate(c.Facts.LastPublished),
		Releases: c.Releases, DaysSince: -1}
	it.FirstISO, it.LastISO = isoDate(c.Facts.FirstPublished), isoDate(c.Facts.LastPublished)
	it.Categories = categoryChips(c.Facts.Categories)
	if c.Facts.AffectedPersons != nil {
		it.Persons = num(*c.Facts.AffectedPersons)
	}
	it.Facts = otherFacts(jikenbo.Facts{AffectedCards: c.Facts.AffectedCards, ThirdParty: c.Facts.ThirdParty})
	for _, o := range c.Organizations {
		it.Orgs = append(it.Orgs, orgRole{o.Name, orgPath(o.OrganizationID), roleName(o.Role)})
	}
	if !c.Facts.LastPublished.IsZero() {
		it.DaysSince = int(today.Time().Sub(c.Facts.LastPublished.Time()).Hours() / 24)
	}
	return it
}

func (s *Server) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"num":          num,
		"jaDate":       jaDate,
		"slashDate":    slashDate,
		"statusName":   statusName,
		"kindName":     kindName,
		"roleName":     roleName,
		"stageName":    stageName,
		"categoryName": categoryName,
		"dataTypes":    dataTypeNames,
		"categories":   categoryNames,
		"labelPath":    labelPath,
		"casePath":     casePath,
		"orgPath":      orgPath,
		"releasePath":  releasePath,
		"yearPath":     yearPath,
		"monthPath":    monthPath,
		"deref":        func(p *int) int { return *p },
		"add":          func(a, b int) int { return a + b },
		"jstTime":      func(t time.Time) string { return t.In(jst).Format("2006/01/02 15:04:05") },
		"deliveryState": func(s string) string {
			return map[string]string{jikenbo.DeliveryPending: "再試行待ち", jikenbo.DeliveryDelivered: "配信済み", jikenbo.DeliveryFailed: "失敗(打ち切り)"}[s]
		},
	}
}

package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerCaseRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /cases/{id}", s.html(s.handleCase))
	mux.HandleFunc("GET /cases/{id}/feed.atom", s.html(s.handleCaseFeed))
}

// casePage shows a case: merged facts, organisations, timeline and
// related cases.
type casePage struct {
	page
	Case     *jikenbo.Case
	Title    string
	Status   string
	Ongoing  bool
	Facts    []factRow
	Orgs     []caseOrg
	Timeline []timelineItem
	Related  []relatedCase
	Releases []releaseItem
	// Figures are the case's headline figures, each with the releases it
	// was merged from; Publishers the table of who published what.
	Figures    []caseFigure
	Publishers []publisherRow
	FeedURL    string
	// VerisURL and StixURL are the case's interchange exports.
	VerisURL, StixURL string
	// Undated is how many public releases have no known 公表日.
	Undated int
	// JO is the JO model estimate, nil without affected persons.
	JO *joView
}

// caseFigure is one headline figure of a case with its evidence.
type caseFigure struct {
	Class, Name, Value, Note string
	From                     []releaseRef
}

// releaseRef links to a release a merged value came from.
type releaseRef struct {
	URL, Text string
}

// publisherRow is one publisher of a case: its latest release's date,
// figure and stage.
type publisherRow struct {
	Name, URL              string
	ReleaseURL, Date       string
	Undated                bool
	Persons, Stage, Status string
	Contractor             bool
	Releases               int
}

type caseOrg struct {
	Name, URL string
	Roles     []string
}

type timelineItem struct {
	Date    string
	Kind    string
	Title   string
	URL     string
	Org     string
	Stage   string
	Earlier bool
	// Edited marks a silent edit: the watcher found the release changed
	// at its source after it was published.
	Edited bool
}

// editedNote is what the timeline says of a silent edit.
const editedNote = "公表後に内容が変更されました"

// caseEdits returns the silent edits of a case's public releases with
// the day each was found (JST), oldest first.
func (s *Server) caseEdits(ctx context.Context, caseID string, public func(int64) bool) ([]jikenbo.ReleaseEdit, []jikenbo.Date, error) {
	all, err := s.store.FindReleaseEdits(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	var edits []jikenbo.ReleaseEdit
	var days []jikenbo.Date
	for _, e := range all {
		if public(e.ReleaseID) {
			edits = append(edits, e)
			days = append(days, jikenbo.DateOf(e.FoundAt.In(jst)))
		}
	}
	return edits, days, nil
}

// versionsPath is where a release's versions are listed.
func versionsPath(id int64) string { return releasePath(id) + "#versions" }

// mergeEdits interleaves silent edits (oldest first, found on days) with
// a timeline of dated entries: each edit goes after the entries of its
// day and before later ones; undated entries do not move it.
func mergeEdits(entries []jikenbo.Date, edits []jikenbo.ReleaseEdit, days []jikenbo.Date, entry func(i int), edit func(e jikenbo.ReleaseEdit, day jikenbo.Date)) {
	k := 0
	for i, d := range entries {
		for !d.IsZero() && k < len(edits) && days[k].Before(d) {
			edit(edits[k], days[k])
			k++
		}
		entry(i)
	}
	for ; k < len(edits); k++ {
		edit(edits[k], days[k])
	}
}

type relatedCase struct {
	ID, URL, Kind, Reason string
}

func linkKindName(k jikenbo.LinkKind) string {
	switch k {
	case jikenbo.LinkSameContractor:
		return "同じ委託先の事件"
	case jikenbo.LinkSameOrganization:
		return "同じ組織の以前の事件"
	}
	return string(k)
}

// findCase reads the case of the request for a page at path(id): nil
// with no error when the answer was sent already (304, or a redirect of a
// merged-away number).
func (s *Server) findCase(w http.ResponseWriter, r *http.Request, path func(string) string) (*jikenbo.Case, *derived, error) {
	id := r.PathValue("id")
	if _, _, err := jikenbo.ParseCaseID(id); err != nil {
		return nil, nil, notFound("事件")
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return nil, nil, err
	}
	if s.fresh(w, r, d.version, "") {
		return nil, nil, nil
	}
	c, err := s.store.FindPublicCase(r.Context(), id)
	if err != nil {
		return nil, nil, pageNotFound(s.redirectMergedCase(w, r, id, err, path, http.StatusMovedPermanently), "事件")
	}
	return c, d, nil
}

func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) error {
	c, d, err := s.findCase(w, r, casePath)
	if c == nil {
		return err
	}
	rels, err := s.store.FindReleaseSummaries(r.Context(), jikenbo.ReleaseQuery{CaseID: c.ID, Limit: 200})
	if err != nil {
		return err
	}
	public := map[int64]*jikenbo.ReleaseSummary{}
	for _, rs := range rels.Releases {
		public[rs.ID] = rs
	}
	cp := &casePage{Case: c, Title: titleOf(c.Facts.Title), Status: statusName(c.Status), Ongoing: c.Status == jikenbo.StatusOngoing,
		Releases: releaseItems(rels.Releases), FeedURL: casePath(c.ID) + "/feed.atom", Undated: c.Facts.Undated,
		VerisURL: "/api/v1" + casePath(c.ID) + ".veris.json", StixURL: "/api/v1" + casePath(c.ID) + ".stix.json"}
	cf := c.Facts
	cp.Figures, cp.Publishers = caseFigures(c, public)
	cp.Facts = factRows(jikenbo.Facts{Categories: cf.Categories, DataTypes: cf.DataTypes, ThirdParty: cf.ThirdParty,
		AffectedPersons: cf.AffectedPersons, AffectedCards: cf.AffectedCards, RelatedOrganizations: cf.RelatedOrganizations,
		Detected: cf.Detected, Published: cf.FirstPublished, Status: c.Status}, nil)
	// The case's own page has no evidence spans and shows only the merged
	// fields.
	keep := map[string]bool{"published": true, "status": true, "categories": true, "affected_persons": true, "affected_cards": true,
		"data_types": true, "third_party": true, "related_organizations": true, "detected": true}
	rows := cp.Facts[:0]
	for _, f := range cp.Facts {
		if keep[f.Field] {
			if f.Field == "published" {
				f.Name = "第1報の公表日"
			}
			rows = append(rows, f)
		}
	}
	cp.Facts = append(rows, factRow{Field: "last_published", Name: "最新の公表日", Value: jaDate(cf.LastPublished)})
	// One entry per organisation with all its roles, in the case's order.
	at := map[int64]int{}
	for _, o := range c.Organizations {
		i, ok := at[o.OrganizationID]
		if !ok {
			i = len(cp.Orgs)
			at[o.OrganizationID] = i
			cp.Orgs = append(cp.Orgs, caseOrg{Name: o.Name, URL: orgPath(o.OrganizationID)})
		}
		cp.Orgs[i].Roles = append(cp.Orgs[i].Roles, roleName(o.Role))
	}
	edits, days, err := s.caseEdits(r.Context(), c.ID, func(id int64) bool { return public[id] != nil })
	if err != nil {
		return err
	}
	dates := make([]jikenbo.Date, len(c.Timeline))
	for i, e := range c.Timeline {
		dates[i] = e.Date
	}
	mergeEdits(dates, edits, days, func(i int) {
		e := c.Timeline[i]
		switch e.Kind {
		case jikenbo.TimelineRelease:
			rs := public[e.ReleaseID]
			if rs == nil {
				return // beyond the first 200
			}
			t := timelineItem{Date: jaDate(e.Date), Kind: "公表", Title: titleOf(rs.Facts.Title),
				URL: releasePath(rs.ID), Org: orgName(rs), Stage: stageName(rs.Stage)}
			if e.Date.IsZero() {
				t.Date = "公表日不明"
			}
			cp.Timeline = append(cp.Timeline, t)
		case jikenbo.TimelineEarlierRelease:
			t := timelineItem{Date: jaDate(e.Date), Kind: "以前の公表", Title: "【" + jaDate(e.Date) + "リリース分】(本文は未収録)", Earlier: true}
			// the note is often the casebook's own 【…リリース分】 line, which
			// the title already says
			if e.Note != "" && !strings.Contains(e.Note, "リリース分") {
				t.Title += " " + e.Note
			}
			cp.Timeline = append(cp.Timeline, t)
		}
	}, func(e jikenbo.ReleaseEdit, day jikenbo.Date) {
		rs := public[e.ReleaseID]
		cp.Timeline = append(cp.Timeline, timelineItem{Date: jaDate(day), Kind: "変更", Edited: true, URL: versionsPath(e.ReleaseID),
			Title: editedNote + "(" + titleOf(rs.Facts.Title) + "、第" + strconv.Itoa(e.Version) + "版)", Org: orgName(rs)})
	})
	for _, l := range c.Links {
		cp.Related = append(cp.Related, relatedCase{ID: l.CaseID, URL: casePath(l.CaseID), Kind: linkKindName(l.Kind), Reason: l.Reason})
	}
	var orgs []string
	for _, o := range cp.Orgs {
		orgs = append(orgs, o.Name)
	}
	desc := "事件番号 " + c.ID + "(" + strings.Join(orgs, "、") + ")。" + strings.Join(factLine(jikenbo.Facts{Categories: cf.Categories,
		AffectedPersons: cf.AffectedPersons, AffectedCards: cf.AffectedCards, Status: c.Status}), "、") + "。公表文 " + num(len(rels.Releases)) + "件の経過。"
	kinds, err := s.publisherKinds(r.Context(), c.Organizations, nil)
	if err != nil {
		return err
	}
	if e, ok := caseEstimate(cf, kinds); ok {
		cp.JO = newJOView(e)
	}
	cp.page = page{Title: "【セキュリティ事件簿#" + c.ID + "】" + cp.Title, Description: desc, d: d, Article: true, Published: isoDate(c.Facts.FirstPublished),
		Feed: &feedLink{cp.FeedURL, "事件 #" + c.ID}}
	return s.render(w, r, http.StatusOK, "case", cp)
}

// caseFigures gives a case's headline figures and publishers table from
// its merged facts; links go only to public releases.
func caseFigures(c *jikenbo.Case, public map[int64]*jikenbo.ReleaseSummary) ([]caseFigure, []publisherRow) {
	cf := c.Facts
	refs := func(field string) []releaseRef {
		var out []releaseRef
		for _, id := range cf.Sources[field] {
			if public[id] != nil {
				out = append(out, releaseRef{URL: releasePath(id), Text: "公表文 " + strconv.FormatInt(id, 10)})
			}
		}
		return out
	}
	persons := caseFigure{Class: "persons", Name: "被害人数", Value: "不明", From: refs("affected_persons")}
	if cf.AffectedPersons != nil {
		persons.Value = num(*cf.AffectedPersons) + "人"
	}
	switch cf.PersonsRule {
	case jikenbo.MergeSum:
		persons.Note = "公表元ごとの人数の合計(委託元各社の公表は別々の人を数えるため)"
	case jikenbo.MergeMax:
		persons.Note = "公表元ごとの人数の最大値(同じ人を数えている可能性があるため)"
	}
	status := caseFigure{Class: "status", Name: "状況", Value: statusName(c.Status), From: refs("status")}
	if c.Status == jikenbo.StatusConcluded {
		status.Note = "すべての公表元の最新の公表が調査完了"
	} else if len(status.From) > 0 {
		status.Note = "調査中とする公表元の最新の公表"
	}
	first := caseFigure{Class: "first", Name: "第1報の公表日", Value: jaDate(cf.FirstPublished), From: refs("first_published")}
	last := caseFigure{Class: "last", Name: "最新の公表日", Value: jaDate(cf.LastPublished), From: refs("last_published")}
	if cf.Undated > 0 {
		last.Note = "公表日不明の公表文 " + num(cf.Undated) + "件は日付の比較に含まない"
	}
	figs := []caseFigure{persons,
		{Class: "orgs", Name: "公表した組織", Value: num(cf.Organizations) + "組織"},
		first, last, status}
	var rows []publisherRow
	for _, p := range cf.Publishers {
		row := publisherRow{Name: p.Name, Date: jaDate(p.Published), Undated: p.Published.IsZero(), Persons: "不明",
			Stage: stageName(p.Stage), Status: statusName(p.Status), Contractor: p.Contractor, Releases: p.Releases}
		if row.Name == "" {
			row.Name = "公表元不明"
		}
		if row.Undated {
			row.Date = "公表日不明"
		}
		if p.OrganizationID != 0 {
			row.URL = orgPath(p.OrganizationID)
		}
		if public[p.ReleaseID] != nil {
			row.ReleaseURL = releasePath(p.ReleaseID)
		}
		if p.AffectedPersons != nil {
			row.Persons = num(*p.AffectedPersons) + "人"
		}
		rows = append(rows, row)
	}
	return figs, rows
}

// handleCaseFeed is the Atom feed of one case's releases.
func (s *Server) handleCaseFeed(w http.ResponseWriter, r *http.Request) error {
	c, d, err := s.findCase(w, r, func(id string) string { return casePath(id) + "/feed.atom" })
	if c == nil {
		return err
	}
	return s.writeFeed(w, r, casePath(c.ID)+"/feed.atom", "【セキュリティ事件簿#"+c.ID+"】"+titleOf(c.Facts.Title), casePath(c.ID),
		jikenbo.ReleaseQuery{CaseID: c.ID}, d)
}

// redirectMergedCase answers a request for a case that was not found: when
// its number was merged into another case, with a permanent redirect to
// that case's URL (path gives it); when the case was deleted, with 410
// Gone; otherwise with err. The query string is
// kept.
func (s *Server) redirectMergedCase(w http.ResponseWriter, r *http.Request, id string, err error, path func(string) string, status int) error {
	if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return err
	}
	to, rerr := s.store.FindCaseRedirect(r.Context(), id)
	if rerr == nil {
		// A case merged into one that is not public (of drafts only)
		// is not public either.
		_, rerr = s.store.FindPublicCase(r.Context(), to)
	}
	if rerr != nil {
		if jikenbo.ErrorCode(rerr) == jikenbo.ENOTFOUND {
			if ret, gerr := s.store.FindRetiredCase(r.Context(), id); gerr == nil && ret.Target == "" {
				return jikenbo.Errorf(jikenbo.EGONE, "事件 #%s は削除されました", id)
			}
			return err
		}
		return rerr
	}
	permanentRedirect(w, r, path(to), status)
	return nil
}

// permanentRedirect sends a client to where a page moved for good. The
// validators set for the old URL do not belong to the redirect.
func permanentRedirect(w http.ResponseWriter, r *http.Request, path string, status int) {
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, path, status)
}

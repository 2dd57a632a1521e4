package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/damage"
)

// The JSON API, read-only. Its response types are its own, apart from
// the domain's, so that a field added to the store never reaches the
// API by accident; /api/v1/openapi.json documents them and a test checks
// real responses against that document.

func (s *Server) registerAPIRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/releases", s.api(s.apiReleases))
	mux.HandleFunc("GET /api/v1/releases/{id}", s.api(s.apiRelease))
	mux.HandleFunc("GET /api/v1/cases", s.api(s.apiCases))
	mux.HandleFunc("GET /api/v1/cases/{id}", s.api(s.apiCase))
	mux.HandleFunc("GET /api/v1/orgs/{id}", s.api(s.apiOrganization))
	mux.HandleFunc("GET /api/v1/labels", s.api(s.apiLabels))
	mux.HandleFunc("GET /api/v1/stats", s.api(s.apiStats))
	mux.HandleFunc("GET /api/v1/openapi.json", s.api(s.apiOpenAPI))
	mux.HandleFunc("/api/", s.api(func(w http.ResponseWriter, r *http.Request) error {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "API のエンドポイント %s %s はありません", r.Method, r.URL.Path)
	}))
}

type apiOrgRef struct {
	ID   *int64  `json:"id"`
	Name string  `json:"name"`
	URL  *string `json:"url"`
}

type apiReleaseSummary struct {
	ID              int64      `json:"id"`
	URL             string     `json:"url"`
	Headline        string     `json:"headline"`
	CaseID          *string    `json:"case_id"`
	Stage           *string    `json:"stage"`
	Organization    *apiOrgRef `json:"organization"`
	Title           *string    `json:"title"`
	Date            *string    `json:"date"`
	Published       *string    `json:"published"`
	Status          *string    `json:"status"`
	Categories      []string   `json:"categories"`
	AffectedPersons *int       `json:"affected_persons"`
	AffectedCards   *int       `json:"affected_cards"`
	ThirdParty      bool       `json:"third_party"`
	Labels          []string   `json:"labels"`
}

type apiReleasePage struct {
	Releases   []apiReleaseSummary `json:"releases"`
	Total      int                 `json:"total"`
	NextCursor *string             `json:"next_cursor"`
	Next       *string             `json:"next"`
}

type apiRelease struct {
	apiReleaseSummary
	Text       string        `json:"text"`
	Source     string        `json:"source"`
	SourceURL  *string       `json:"source_url"`
	Facts      jikenbo.Facts `json:"facts"`
	Overridden []string      `json:"overridden_fields"`
	// LowConfidence lists the fields the extractor marked low (from
	// facts.evidence), for a reader who wants to know what to doubt.
	LowConfidence []string `json:"low_confidence_fields"`
	ImportedAt    string   `json:"imported_at"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) apiReleaseSummary(rs *jikenbo.ReleaseSummary) apiReleaseSummary {
	out := apiReleaseSummary{ID: rs.ID, URL: s.abs(releasePath(rs.ID)), Headline: headline(rs), CaseID: strp(rs.CaseID),
		Stage: strp(string(rs.Stage)), Title: strp(rs.Facts.Title), Date: strp(rs.Date.String()), Published: strp(rs.Facts.Published.String()),
		Status: strp(string(rs.Facts.Status)), Categories: nonNilStrings(rs.Facts.Categories), AffectedPersons: rs.Facts.AffectedPersons,
		AffectedCards: rs.Facts.AffectedCards, ThirdParty: rs.Facts.ThirdParty, Labels: nonNilStrings(rs.Labels)}
	if name := orgName(rs); name != "" {
		out.Organization = &apiOrgRef{Name: name}
		if rs.OrganizationID != 0 {
			id, u := rs.OrganizationID, s.abs(orgPath(rs.OrganizationID))
			out.Organization.ID, out.Organization.URL = &id, &u
		}
	}
	return out
}

func (s *Server) apiReleases(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	q, err := p.releaseQuery()
	if err != nil {
		return err
	}
	if q.Limit, err = p.limit(20, 100); err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	res, err := s.findReleasePage(r.Context(), d, q)
	if err != nil {
		return err
	}
	out := apiReleasePage{Releases: []apiReleaseSummary{}, Total: res.Total}
	for _, rs := range res.Releases {
		out.Releases = append(out.Releases, s.apiReleaseSummary(rs))
	}
	if res.Next != "" {
		out.NextCursor = &res.Next
		next := s.abs("/api/v1/releases?" + withCursor(p.v, res.Next))
		out.Next = &next
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// withCursor is the query string of the next page.
func withCursor(v url.Values, cursor string) string {
	n := cloneValues(v)
	n.Set("cursor", cursor)
	return n.Encode()
}

func (s *Server) apiRelease(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "公表 %q が見つかりません", r.PathValue("id"))
	}
	v, err := s.store.CasebookVersion(r.Context())
	if err != nil {
		return err
	}
	rel, err := s.store.FindPublicRelease(r.Context(), id)
	if err != nil {
		return s.goneRelease(r.Context(), id, err, func(d *jikenbo.DeletedRelease) string {
			return fmt.Sprintf("release %d was deleted on %s", id, d.DeletedAt.UTC().Format("2006-01-02"))
		})
	}
	if s.fresh(w, r, v, "") {
		return nil
	}
	// The list's summary of the release gives its labels, date and
	// organisation the same way everywhere.
	page, err := s.store.FindReleaseSummaries(r.Context(), jikenbo.ReleaseQuery{CaseID: rel.CaseID, Limit: 200})
	if err != nil {
		return err
	}
	var sum *jikenbo.ReleaseSummary
	for _, rs := range page.Releases {
		if rs.ID == id {
			sum = rs
		}
	}
	f := rel.Facts()
	if sum == nil {
		sum = &jikenbo.ReleaseSummary{ID: rel.ID, CaseID: rel.CaseID, Stage: rel.Stage, SourceCaseID: rel.SourceCaseID, Facts: f,
			OrganizationID: rel.OrganizationID, Date: f.Published}
		for _, l := range rel.Labels {
			if !contains(sum.Labels, l.Name) {
				sum.Labels = append(sum.Labels, l.Name)
			}
		}
		if rel.OrganizationID != 0 {
			if o, err := s.store.FindPublicOrganization(r.Context(), rel.OrganizationID); err == nil {
				sum.OrganizationName = o.Name
			}
		}
	}
	out := apiRelease{apiReleaseSummary: s.apiReleaseSummary(sum), Text: rel.Text, Facts: f, Overridden: []string{},
		LowConfidence: nonNilStrings(f.LowConfidence()), ImportedAt: atomTime(rel.ImportedAt)}
	link, name := sourceLink(rel.Source)
	out.Source, out.SourceURL = name, strp(link)
	for _, o := range rel.Overrides {
		out.Overridden = append(out.Overridden, o.Field)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiCaseOrg struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	URL  string `json:"url"`
}

type apiCaseSummary struct {
	ID              string       `json:"id"`
	URL             string       `json:"url"`
	Status          string       `json:"status"`
	Title           *string      `json:"title"`
	FirstPublished  *string      `json:"first_published"`
	LastPublished   *string      `json:"last_published"`
	Categories      []string     `json:"categories"`
	AffectedPersons *int         `json:"affected_persons"`
	AffectedCards   *int         `json:"affected_cards"`
	ThirdParty      bool         `json:"third_party"`
	Organizations   []apiCaseOrg `json:"organizations"`
	Releases        int          `json:"releases"`
}

type apiCasePage struct {
	Cases      []apiCaseSummary `json:"cases"`
	Total      int              `json:"total"`
	NextCursor *string          `json:"next_cursor"`
	Next       *string          `json:"next"`
}

func (s *Server) apiCaseOrgs(os []jikenbo.CaseOrganization) []apiCaseOrg {
	out := []apiCaseOrg{}
	for _, o := range os {
		out = append(out, apiCaseOrg{ID: o.OrganizationID, Name: o.Name, Role: string(o.Role), URL: s.abs(orgPath(o.OrganizationID))})
	}
	return out
}

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	var q jikenbo.CaseQuery
	if q.Status, err = p.status(); err != nil {
		return err
	}
	if q.Category, err = p.category(); err != nil {
		return err
	}
	if q.Limit, err = p.limit(20, 100); err != nil {
		return err
	}
	q.Cursor = p.str("cursor")
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	res, err := s.findCasePage(r.Context(), d, q)
	if err != nil {
		return err
	}
	out := apiCasePage{Cases: []apiCaseSummary{}, Total: res.Total}
	for _, c := range res.Cases {
		out.Cases = append(out.Cases, apiCaseSummary{ID: c.ID, URL: s.abs(casePath(c.ID)), Status: string(c.Status), Title: strp(c.Facts.Title),
			FirstPublished: strp(c.Facts.FirstPublished.String()), LastPublished: strp(c.Facts.LastPublished.String()),
			Categories: nonNilStrings(c.Facts.Categories), AffectedPersons: c.Facts.AffectedPersons, AffectedCards: c.Facts.AffectedCards,
			ThirdParty: c.Facts.ThirdParty, Organizations: s.apiCaseOrgs(c.Organizations), Releases: c.Releases})
	}
	if res.Next != "" {
		out.NextCursor = &res.Next
		next := s.abs("/api/v1/cases?" + withCursor(p.v, res.Next))
		out.Next = &next
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiCase struct {
	ID            string             `json:"id"`
	URL           string             `json:"url"`
	Status        string             `json:"status"`
	Facts         jikenbo.CaseFacts  `json:"facts"`
	Organizations []apiCaseOrg       `json:"organizations"`
	Releases      []apiCaseRelease   `json:"releases"`
	Timeline      []apiTimelineEntry `json:"timeline"`
	Related       []apiRelatedCase   `json:"related"`
	// JOEstimate is JNSA's JO model estimate, nil without affected
	// persons.
	JOEstimate *apiJOEstimate `json:"jo_estimate"`
}

// apiJOEstimate is a JO model estimate with its inputs and formula,
// marked as an estimate.
type apiJOEstimate struct {
	Model string `json:"model"`
	// IsEstimate is always true: a reader of the JSON alone is told.
	IsEstimate bool        `json:"estimate"`
	Formula    string      `json:"formula"`
	Note       string      `json:"note"`
	Inputs     apiJOInputs `json:"inputs"`
	damage.Estimate
}

type apiJOInputs struct {
	DataTypes       []string `json:"data_types"`
	AffectedPersons int      `json:"affected_persons"`
	OrgKinds        []string `json:"organization_kinds"`
}

// apiJO is the API form of a case's estimate.
func apiJO(cf jikenbo.CaseFacts, kinds []jikenbo.OrgKind) *apiJOEstimate {
	e, ok := caseEstimate(cf, kinds)
	if !ok {
		return nil
	}
	in := apiJOInputs{DataTypes: nonNilStrings(cf.DataTypes), AffectedPersons: e.Persons, OrgKinds: []string{}}
	for _, k := range kinds {
		in.OrgKinds = append(in.OrgKinds, string(k))
	}
	return &apiJOEstimate{Model: "JNSA JO model (情報セキュリティインシデントに関する調査報告書)", IsEstimate: true, Formula: damage.Formula,
		Note: joNote, Inputs: in, Estimate: e}
}

type apiCaseRelease struct {
	ID             int64   `json:"id"`
	URL            string  `json:"url"`
	Stage          *string `json:"stage"`
	Published      *string `json:"published"`
	Title          *string `json:"title"`
	OrganizationID *int64  `json:"organization_id"`
}

type apiTimelineEntry struct {
	Date      *string `json:"date"`
	Kind      string  `json:"kind"`
	ReleaseID *int64  `json:"release_id"`
	Note      string  `json:"note"`
	// Version and VersionsURL are those of an "edited" entry: the version
	// the silent edit made and where the release's versions are listed.
	Version     int    `json:"version,omitempty"`
	VersionsURL string `json:"versions_url,omitempty"`
}

// timelineEdited is the kind of a silent edit in the API's timeline.
const timelineEdited = "edited"

type apiRelatedCase struct {
	CaseID string `json:"case_id"`
	URL    string `json:"url"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

func int64p(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if cid, format := splitExport(id); format != "" {
		return s.apiCaseExport(w, r, cid, format)
	}
	if _, _, err := jikenbo.ParseCaseID(id); err != nil {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "事件 %q が見つかりません", id)
	}
	v, err := s.store.CasebookVersion(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, v, "") {
		return nil
	}
	c, err := s.store.FindPublicCase(r.Context(), id)
	if err != nil {
		// 308 keeps the method: a client that follows it repeats its
		// request at the surviving case.
		return s.redirectMergedCase(w, r, id, err, func(id string) string { return "/api/v1/cases/" + url.PathEscape(id) },
			http.StatusPermanentRedirect)
	}
	rels, err := s.store.FindReleaseSummaries(r.Context(), jikenbo.ReleaseQuery{CaseID: id, Limit: 200})
	if err != nil {
		return err
	}
	public := map[int64]bool{}
	for _, rs := range rels.Releases {
		public[rs.ID] = true
	}
	cf := c.Facts
	cf.Categories, cf.DataTypes, cf.RelatedOrganizations = nonNilStrings(cf.Categories), nonNilStrings(cf.DataTypes), nonNilStrings(cf.RelatedOrganizations)
	out := apiCase{ID: c.ID, URL: s.abs(casePath(c.ID)), Status: string(c.Status), Facts: cf, Organizations: s.apiCaseOrgs(c.Organizations),
		Releases: []apiCaseRelease{}, Timeline: []apiTimelineEntry{}, Related: []apiRelatedCase{}}
	kinds, err := s.publisherKinds(r.Context(), c.Organizations, nil)
	if err != nil {
		return err
	}
	out.JOEstimate = apiJO(c.Facts, kinds)
	for _, cr := range c.Releases {
		if !public[cr.ReleaseID] {
			continue
		}
		out.Releases = append(out.Releases, apiCaseRelease{ID: cr.ReleaseID, URL: s.abs(releasePath(cr.ReleaseID)), Stage: strp(string(cr.Stage)),
			Published: strp(cr.Published.String()), Title: strp(cr.Title), OrganizationID: int64p(cr.OrganizationID)})
	}
	edits, days, err := s.caseEdits(r.Context(), c.ID, func(id int64) bool { return public[id] })
	if err != nil {
		return err
	}
	dates := make([]jikenbo.Date, len(c.Timeline))
	for i, e := range c.Timeline {
		dates[i] = e.Date
	}
	mergeEdits(dates, edits, days, func(i int) {
		e := c.Timeline[i]
		if e.Kind == jikenbo.TimelineRelease && !public[e.ReleaseID] {
			return
		}
		out.Timeline = append(out.Timeline, apiTimelineEntry{Date: strp(e.Date.String()), Kind: string(e.Kind), ReleaseID: int64p(e.ReleaseID), Note: e.Note})
	}, func(e jikenbo.ReleaseEdit, day jikenbo.Date) {
		out.Timeline = append(out.Timeline, apiTimelineEntry{Date: strp(day.String()), Kind: timelineEdited, ReleaseID: int64p(e.ReleaseID),
			Note: editedNote, Version: e.Version, VersionsURL: s.abs(versionsPath(e.ReleaseID))})
	})
	for _, l := range c.Links {
		out.Related = append(out.Related, apiRelatedCase{CaseID: l.CaseID, URL: s.abs(casePath(l.CaseID)), Kind: string(l.Kind), Reason: l.Reason})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiOrganization struct {
	ID      int64    `json:"id"`
	URL     string   `json:"url"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Aliases []string `json:"aliases"`
	// CorporateNumber is the 法人番号 and RegisteredAddress its address.
	CorporateNumber   *string      `json:"corporate_number"`
	RegisteredAddress *string      `json:"registered_address"`
	Cases             []apiOrgCase `json:"cases"`
	CasesTotal        int          `json:"cases_total"`
}

type apiOrgCase struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	Status string   `json:"status"`
	Title  *string  `json:"title"`
	Roles  []string `json:"roles"`
}

func (s *Server) apiOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "組織")
	if err != nil {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "組織 %q が見つかりません", r.PathValue("id"))
	}
	v, err := s.store.CasebookVersion(r.Context())
	if err != nil {
		return err
	}
	o, err := s.store.FindPublicOrganization(r.Context(), id)
	if err != nil {
		return err
	}
	if s.fresh(w, r, v, "") {
		return nil
	}
	cases, err := s.store.FindCaseSummaries(r.Context(), jikenbo.CaseQuery{OrganizationID: id, Limit: 100})
	if err != nil {
		return err
	}
	out := apiOrganization{ID: o.ID, URL: s.abs(orgPath(o.ID)), Name: o.Name, Kind: string(o.Kind), Aliases: []string{},
		CorporateNumber: strp(o.CorporateNumber), RegisteredAddress: strp(o.RegisteredAddress), Cases: []apiOrgCase{}, CasesTotal: cases.Total}
	for _, a := range o.Aliases {
		if !contains(out.Aliases, a.Name) {
			out.Aliases = append(out.Aliases, a.Name)
		}
	}
	for _, c := range cases.Cases {
		oc := apiOrgCase{ID: c.ID, URL: s.abs(casePath(c.ID)), Status: string(c.Status), Title: strp(c.Facts.Title), Roles: []string{}}
		for _, co := range c.Organizations {
			if co.OrganizationID == id && !contains(oc.Roles, string(co.Role)) {
				oc.Roles = append(oc.Roles, string(co.Role))
			}
		}
		out.Cases = append(out.Cases, oc)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiLabel struct {
	Name    string `json:"name"`
	Count   int    `json:"count"`
	URL     string `json:"url"`
	FeedURL string `json:"feed_url"`
}

func (s *Server) apiLabels(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	out := struct {
		Labels []apiLabel `json:"labels"`
	}{Labels: []apiLabel{}}
	for _, l := range d.labels {
		out.Labels = append(out.Labels, apiLabel{Name: l.Name, Count: l.Count, URL: s.abs(labelPath(l.Name)), FeedURL: s.abs(labelFeedPath(l.Name))})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiStats struct {
	Releases        int             `json:"releases"`
	Cases           int             `json:"cases"`
	Organizations   int             `json:"organizations"`
	ReleasesByMonth []apiMonthCount `json:"releases_by_month"`
	ByYear          []apiYearStats  `json:"by_year"`
	TopContractors  []apiContractor `json:"top_contractors"`
	// The totals counted per case (totals.go), and releases per kind of
	// their organisation.
	CasesByCategory   []apiCount     `json:"cases_by_category"`
	CasesByDataType   []apiCount     `json:"cases_by_data_type"`
	CasesByPersons    []apiCount     `json:"cases_by_persons"`
	ReleasesByOrgKind []apiCount     `json:"releases_by_org_kind"`
	LargestCases      []apiLargeCase `json:"largest_cases"`
}

// apiCount is a value of a dimension (a vocabulary code) with its count.
type apiCount struct {
	Value string `json:"value"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// apiLargeCase is a row of the table of the largest incidents.
type apiLargeCase struct {
	ID              string  `json:"id"`
	URL             string  `json:"url"`
	Title           string  `json:"title"`
	AffectedPersons int     `json:"affected_persons"`
	FirstPublished  *string `json:"first_published"`
	Status          string  `json:"status"`
}

func apiCounts(ts []termCount) []apiCount {
	out := make([]apiCount, len(ts))
	for i, t := range ts {
		out[i] = apiCount{t.Code, t.Name, t.Count}
	}
	return out
}

type apiMonthCount struct {
	Year     int    `json:"year"`
	Month    int    `json:"month"`
	Category string `json:"category"`
	Count    int    `json:"count"`
}

type apiYearStats struct {
	Year             int      `json:"year"`
	Cases            int      `json:"cases"`
	AffectedPersons  int      `json:"affected_persons"`
	AffectedCards    int      `json:"affected_cards"`
	CasesWithPersons int      `json:"cases_with_persons"`
	ThirdParty       int      `json:"third_party"`
	LagCases         int      `json:"lag_cases"`
	LagMedianDays    *float64 `json:"lag_median_days"`
	LagP90Days       *float64 `json:"lag_p90_days"`
}

type apiContractor struct {
	OrganizationID int64  `json:"organization_id"`
	Name           string `json:"name"`
	URL            string `json:"url"`
	Cases          int    `json:"cases"`
	Clients        int    `json:"clients"`
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	st, err := s.stats(r.Context(), d)
	if err != nil {
		return err
	}
	out := apiStats{Releases: st.Releases, Cases: st.Cases, Organizations: st.Organizations,
		ReleasesByMonth: []apiMonthCount{}, ByYear: []apiYearStats{}, TopContractors: []apiContractor{}}
	for _, m := range st.ReleasesByMonth {
		out.ReleasesByMonth = append(out.ReleasesByMonth, apiMonthCount{m.Year, m.Month, m.Category, m.Count})
	}
	for _, y := range st.ByYear {
		ys := apiYearStats{Year: y.Year, Cases: y.Cases, AffectedPersons: y.Persons, AffectedCards: y.Cards, CasesWithPersons: y.CasesWithPersons,
			ThirdParty: y.ThirdParty, LagCases: y.LagCases}
		if y.LagCases > 0 {
			med, p90 := y.LagMedianDays, y.LagP90Days
			ys.LagMedianDays, ys.LagP90Days = &med, &p90
		}
		out.ByYear = append(out.ByYear, ys)
	}
	for _, c := range st.TopContractors {
		out.TopContractors = append(out.TopContractors, apiContractor{c.OrganizationID, c.Name, s.abs(orgPath(c.OrganizationID)), c.Cases, c.Clients})
	}
	t, err := s.totals(r.Context(), d)
	if err != nil {
		return err
	}
	out.CasesByCategory, out.CasesByDataType = apiCounts(t.ByCategory), apiCounts(t.ByDataType)
	out.CasesByPersons, out.ReleasesByOrgKind = apiCounts(t.PersonBands), apiCounts(t.ByOrgKind)
	out.LargestCases = []apiLargeCase{}
	for _, c := range t.Largest {
		lc := apiLargeCase{ID: c.ID, URL: s.abs(casePath(c.ID)), Title: c.Facts.Title, AffectedPersons: *c.Facts.AffectedPersons, Status: string(c.Status)}
		if d := isoDate(c.Facts.FirstPublished); d != "" {
			lc.FirstPublished = &d
		}
		out.LargestCases = append(out.LargestCases, lc)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

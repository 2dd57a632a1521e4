package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerOrganizationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /orgs/{id}", s.html(s.handleOrganization))
}

// orgPage shows an organisation's incidents over the years, its aliases
// and the cases where it was the contractor.
type orgPage struct {
	page
	Org        *jikenbo.Organization
	Kind       string
	Aliases    []string
	Cases      []caseItem
	CaseTotal  int
	Contractor []caseItem
	Releases   []releaseItem
	Pager      *pager
	Years      chartView
	HasYears   bool
}

func (s *Server) handleOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "組織")
	if err != nil {
		return err
	}
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	cursor, n, err := listPosition(p)
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	ctx := r.Context()
	o, err := s.store.FindPublicOrganization(ctx, id)
	if err != nil {
		return pageNotFound(err, "組織")
	}
	op := &orgPage{Org: o, Kind: kindName(o.Kind)}
	for _, a := range o.Aliases {
		if a.Name != o.Name && !contains(op.Aliases, a.Name) {
			op.Aliases = append(op.Aliases, a.Name)
		}
	}
	today := s.today()
	cases, err := s.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{OrganizationID: id, Limit: 100})
	if err != nil {
		return err
	}
	op.CaseTotal = cases.Total
	for _, c := range cases.Cases {
		op.Cases = append(op.Cases, newCaseItem(c, today))
	}
	contractor, err := s.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{OrganizationID: id, Role: jikenbo.RoleContractor, Limit: 100})
	if err != nil {
		return err
	}
	for _, c := range contractor.Cases {
		op.Contractor = append(op.Contractor, newCaseItem(c, today))
	}
	// The releases are paged like every list: its own and, as the
	// contractor, its clients'.
	rq := jikenbo.ReleaseQuery{OrganizationID: id, AsContractor: true}
	q := rq
	q.Cursor, q.Limit = cursor, pageSize
	rels, err := s.store.FindReleaseSummaries(ctx, q)
	if err != nil {
		return err
	}
	op.Releases = releaseItems(rels.Releases)
	if op.Pager, err = newPager(orgPath(id), nil, n, pageSize, len(rels.Releases), rels.Total, rels.Next, s.releaseCursors(ctx, rq)); err != nil {
		return err
	}
	facets, err := s.store.ReleaseFacets(ctx, jikenbo.ReleaseQuery{OrganizationID: id})
	if err != nil {
		return err
	}
	years := facets.Years
	sort.Slice(years, func(i, j int) bool { return years[i].Value < years[j].Value })
	ch := chart{ID: "org-years", Title: "年別の公表件数", Desc: o.Name + "が公表した公表文の年別件数", Kind: barChart,
		Series: []series{{Name: "公表件数"}}, Unit: "件", LabelHead: "年"}
	for _, y := range years {
		ch.Labels = append(ch.Labels, y.Value)
		ch.Series[0].Values = append(ch.Series[0].Values, float64(y.Count))
	}
	op.Years, op.HasYears = ch.layout(""), len(years) > 0
	desc := o.Name + "(" + op.Kind + ")が関係したセキュリティ事件 " + strconv.Itoa(cases.Total) + "件"
	if len(contractor.Cases) > 0 {
		desc += "、うち委託先として " + strconv.Itoa(contractor.Total) + "件"
	}
	op.page = page{Title: o.Name, Description: desc + "の一覧と公表文。", Feed: &feedLink{orgPath(id) + "/feed.atom", o.Name}, d: d}
	if cursor != "" {
		op.NoIndex = true
		op.Canonical = s.abs(pageLink(orgPath(id), nil, cursor, n))
	}
	return s.render(w, r, http.StatusOK, "org", op)
}

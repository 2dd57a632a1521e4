package web

import (
	"net/http"
	"sort"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerLabelRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /labels", s.html(s.handleLabels))
	mux.HandleFunc("GET /labels/{name}", s.html(s.handleLabel))
}

type labelsPage struct {
	page
	Labels []labelCount
}

type labelCount struct {
	Name, URL string
	Count     int
}

func (s *Server) handleLabels(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	lp := &labelsPage{}
	for _, l := range d.labels {
		lp.Labels = append(lp.Labels, labelCount{l.Name, labelPath(l.Name), l.Count})
	}
	sort.SliceStable(lp.Labels, func(i, j int) bool { return lp.Labels[i].Count > lp.Labels[j].Count })
	lp.page = page{Title: "ラベル一覧", Description: "公表文に付いたラベル(分類、最終報告など)と、それぞれの投稿数の一覧です。", d: d}
	return s.render(w, r, http.StatusOK, "labels", lp)
}

// labelName validates a label from the path.
func labelName(s string) (string, error) {
	if s == "" || !utf8.ValidString(s) || len(s) > maxValue {
		return "", notFound("ラベル")
	}
	return s, nil
}

func (s *Server) handleLabel(w http.ResponseWriter, r *http.Request) error {
	name, err := labelName(r.PathValue("name"))
	if err != nil {
		return err
	}
	p, err := parseParams(r)
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
	// The label's count is in the version's shared data; a label no
	// public release carries is no page.
	total := 0
	for _, l := range d.labels {
		if l.Name == name {
			total = l.Count
		}
	}
	if total == 0 {
		return s.redirectRenamedLabel(w, r, name, labelPath)
	}
	cursor, n, err := listPosition(p)
	if err != nil {
		return err
	}
	res, err := s.store.FindReleaseSummaries(r.Context(), jikenbo.ReleaseQuery{Label: name, Cursor: cursor, Limit: pageSize, NoTotal: true})
	if err != nil {
		return err
	}
	res.Total = total
	lp := &listPage{Heading: name, Releases: releaseItems(res.Releases), Total: res.Total, Paged: cursor != ""}
	if lp.Pager, err = newPager(labelPath(name), nil, n, pageSize, len(res.Releases), res.Total, res.Next,
		s.releaseCursors(r.Context(), jikenbo.ReleaseQuery{Label: name})); err != nil {
		return err
	}
	lp.page = page{Title: "ラベル: " + name, Description: "ラベル「" + name + "」の付いた公表文 " + num(res.Total) + "件を新しい順に表示しています。",
		Feed: &feedLink{labelFeedPath(name), "ラベル「" + name + "」"}, d: d}
	if cursor != "" {
		lp.NoIndex = true
		lp.Canonical = s.abs(pageLink(labelPath(name), nil, cursor, n))
	}
	return s.render(w, r, http.StatusOK, "label", lp)
}

// redirectRenamedLabel answers a request for a label no public release
// carries: when the label was renamed, with a permanent redirect to the
// new name's page (path gives it, without the query: a cursor belongs to
// the old list); otherwise 404.
func (s *Server) redirectRenamedLabel(w http.ResponseWriter, r *http.Request, name string, path func(string) string) error {
	to, err := s.store.FindLabelRedirect(r.Context(), name)
	if err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return err
	}
	// A label renamed to one only drafts carry is not public yet, nor is
	// the name it had.
	d, derr := s.shared(r.Context())
	if derr != nil {
		return derr
	}
	if err != nil || !slicesContainsLabel(d.labels, to) {
		return notFound("ラベル「" + name + "」")
	}
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	http.Redirect(w, r, path(to), http.StatusMovedPermanently)
	return nil
}

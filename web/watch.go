package web

import (
	"net/http"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerWatchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /watch", s.html(s.handleWatch))
}

// watchPage lists the ongoing cases, the longest silent first.
type watchPage struct {
	page
	Cases []caseItem
	Total int
	Pager *pager
}

func (s *Server) handleWatch(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	today := s.today()
	// The page counts days up to today, so it changes at midnight too.
	if s.fresh(w, r, d.version, today.String()) {
		return nil
	}
	cursor, n, err := listPosition(p)
	if err != nil {
		return err
	}
	cq := jikenbo.CaseQuery{Status: jikenbo.StatusOngoing, Order: jikenbo.CaseStalest}
	res, err := s.store.FindCaseSummaries(r.Context(), jikenbo.CaseQuery{Status: jikenbo.StatusOngoing, Order: jikenbo.CaseStalest, Cursor: cursor, Limit: 50})
	if err != nil {
		return err
	}
	wp := &watchPage{Total: res.Total}
	for _, c := range res.Cases {
		wp.Cases = append(wp.Cases, newCaseItem(c, today))
	}
	if wp.Pager, err = newPager("/watch", nil, n, 50, len(res.Cases), res.Total, res.Next, s.caseCursors(r.Context(), cq)); err != nil {
		return err
	}
	wp.page = page{Title: "ウォッチリスト: 調査中の事件", Description: "最終報告がまだ公表されていない調査中の事件 " + num(res.Total) + "件を、最後の公表から日が経っている順に表示しています。", d: d}
	if cursor != "" {
		wp.NoIndex = true
		wp.Canonical = s.abs(pageLink("/watch", nil, cursor, n))
	}
	return s.render(w, r, http.StatusOK, "watch", wp)
}

package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerWatchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /watch", s.html(s.handleWatch))
}

// watchPage lists the ongoing cases, the longest silent first, with
// when the watcher last re-read their releases and what changed.
type watchPage struct {
	page
	Cases []watchCase
	Total int
	Pager *pager
}

type watchCase struct {
	caseItem
	// Checked is when a release of the case was last re-read at its
	// source ("" never); Changed says which release changed and when.
	Checked     string
	Changed     string
	ChangedURL  string
	CheckFailed string
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
	cursor, n, err := listPosition(p)
	if err != nil {
		return err
	}
	cq := jikenbo.CaseQuery{Status: jikenbo.StatusOngoing, Order: jikenbo.CaseStalest}
	res, err := s.findCasePage(r.Context(), d, jikenbo.CaseQuery{Status: jikenbo.StatusOngoing, Order: jikenbo.CaseStalest, Cursor: cursor, Limit: 50})
	if err != nil {
		return err
	}
	ids := make([]string, len(res.Cases))
	for i, c := range res.Cases {
		ids[i] = c.ID
	}
	checks, err := s.store.FindCaseChecks(r.Context(), ids)
	if err != nil {
		return err
	}
	byCase := map[string]jikenbo.CaseCheck{}
	var latest time.Time
	for _, c := range checks {
		byCase[c.CaseID] = c
		if c.CheckedAt.After(latest) {
			latest = c.CheckedAt
		}
	}
	// The page counts days up to today, so it changes at midnight too,
	// and with every check of the watcher.
	if s.fresh(w, r, d.version, today.String()+"/"+latest.UTC().Format(time.RFC3339)) {
		return nil
	}
	wp := &watchPage{Total: res.Total}
	for _, c := range res.Cases {
		wc := watchCase{caseItem: newCaseItem(c, today)}
		if cc, ok := byCase[c.ID]; ok {
			wc.Checked = cc.CheckedAt.In(jst).Format("2006/01/02 15:04")
			if !cc.ChangedAt.IsZero() {
				wc.Changed = fmt.Sprintf("%s に公表 %d の本文が変わりました(第%d版)", cc.ChangedAt.In(jst).Format("2006/01/02"), cc.ReleaseID, cc.Version)
				wc.ChangedURL = releasePath(cc.ReleaseID)
			}
			if cc.Failing > 0 {
				wc.CheckFailed = fmt.Sprintf("%d件の公表元を読めませんでした: %s", cc.Failing, cc.LastError)
			}
		}
		wp.Cases = append(wp.Cases, wc)
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

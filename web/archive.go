package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerArchiveRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /archive/{year}", s.html(s.handleArchive))
	mux.HandleFunc("GET /archive/{year}/{month}", s.html(s.handleArchive))
}

// archiveYear is a year of the archive list with its months, as the
// sidebar of a casebook blog shows it.
type archiveYear struct {
	Year, Count int
	URL         string
	Months      []archiveMonth
}

type archiveMonth struct {
	Year, Month, Count int
	URL                string
}

// groupArchive groups month counts (newest first) by year.
func groupArchive(ms []jikenbo.MonthCount) []archiveYear {
	var out []archiveYear
	for _, m := range ms {
		if len(out) == 0 || out[len(out)-1].Year != m.Year {
			out = append(out, archiveYear{Year: m.Year, URL: yearPath(m.Year)})
		}
		y := &out[len(out)-1]
		y.Count += m.Count
		y.Months = append(y.Months, archiveMonth{m.Year, m.Month, m.Count, monthPath(m.Year, m.Month)})
	}
	return out
}

// archiveNumber parses a year or month from the path: digits only, in
// range; anything else is no page.
func archiveNumber(s string, lo, hi int) (int, error) {
	if len(s) == 0 || len(s) > 4 {
		return 0, notFound("アーカイブ")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi || s[0] == '+' || s[0] == '-' {
		return 0, notFound("アーカイブ")
	}
	return n, nil
}

func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) error {
	year, err := archiveNumber(r.PathValue("year"), 1900, 9999)
	if err != nil {
		return err
	}
	month := 0
	if m := r.PathValue("month"); m != "" {
		if month, err = archiveNumber(m, 1, 12); err != nil {
			return err
		}
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
	// The period's count comes from the archive list; a period without
	// releases is no page.
	total := 0
	for _, y := range d.archive {
		for _, m := range y.Months {
			if m.Year == year && (month == 0 || m.Month == month) {
				total += m.Count
			}
		}
	}
	if total == 0 {
		return notFound("この期間の投稿")
	}
	cursor := p.str("cursor")
	res, err := s.store.FindReleaseSummaries(r.Context(), jikenbo.ReleaseQuery{Year: year, Month: month, Cursor: cursor, Limit: 20, NoTotal: true})
	if err != nil {
		return err
	}
	res.Total = total
	period, path := fmt.Sprintf("%d年", year), yearPath(year)
	if month != 0 {
		period, path = fmt.Sprintf("%d年%d月", year, month), monthPath(year, month)
	}
	lp := &listPage{Heading: period, Releases: releaseItems(res.Releases), Total: res.Total, Paged: cursor != ""}
	if month == 0 {
		ld, err := s.lens(r.Context(), d)
		if err != nil {
			return err
		}
		if slices.Contains(ld.years, year) {
			lp.Report = reportPath(year)
		}
	}
	if res.Next != "" {
		lp.Next = path + "?cursor=" + url.QueryEscape(res.Next)
	}
	lp.page = page{Title: period + "の公表", Description: period + "に公表されたセキュリティ事件の公表文 " + num(res.Total) + "件を新しい順に表示しています。",
		Canonical: s.abs(path), d: d}
	if cursor != "" {
		lp.NoIndex = true
		lp.Canonical = s.abs(path + "?cursor=" + url.QueryEscape(cursor))
	}
	return s.render(w, r, http.StatusOK, "archive", lp)
}

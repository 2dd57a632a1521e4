package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Promoter makes an item the watcher passed over a draft (watch.Watcher).
type Promoter interface {
	Promote(ctx context.Context, actor string, id int64) (*jikenbo.Release, error)
}

// watchRoutes are the desk's watched sources and found items, and their
// write API.
func (s *Server) watchRoutes() []route {
	return []route{
		{"GET /desk/sources", s.editorPage(s.handleDeskSources)},
		{"POST /desk/sources", s.editorPage(s.handleDeskAddSource)},
		{"POST /desk/sources/{id}/delete", s.editorPage(s.handleDeskRemoveSource)},
		{"POST /desk/watch-items/{id}/promote", s.editorPage(s.handleDeskPromote)},
		{"GET /api/v1/sources", s.editorAPI(s.apiSources)},
		{"POST /api/v1/sources", s.editorAPI(s.apiAddSource)},
		{"DELETE /api/v1/sources/{id}", s.editorAPI(s.apiRemoveSource)},
		{"GET /api/v1/watch-items", s.editorAPI(s.apiWatchItems)},
		{"POST /api/v1/watch-items/{id}/promote", s.editorAPI(s.apiPromote)},
	}
}

type deskSourcesPage struct {
	page
	User    *jikenbo.User
	Message string
	Sources []deskSource
	// Found are the drafts the watcher filed; Passed the items it judged
	// not to be incidents; Failed those it could not fetch or read.
	Found, Passed, Failed []deskWatchItem
	CanPromote            bool
}

type deskSource struct {
	ID                                     int64
	URL, Kind, Every, LastSuccess, NextDue string
	Failures                               int
	LastError                              string
}

type deskWatchItem struct {
	ID                      int64
	URL, Title, Found, Kind string
	Score                   string
	Reasons                 []string
	Release                 string
	Error                   string
}

func jstTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(jst).Format("2006/01/02 15:04")
}

func newDeskWatchItem(it *jikenbo.WatchItem) deskWatchItem {
	d := deskWatchItem{ID: it.ID, URL: it.URL, Title: it.Title, Found: jstTime(it.FoundAt), Score: fmt.Sprintf("%.2f", it.Score), Error: it.Error}
	if d.Title == "" {
		d.Title = it.URL
	}
	for i, r := range it.Reasons {
		if i == 5 {
			break
		}
		d.Reasons = append(d.Reasons, fmt.Sprintf("%s (%+.2f)", r.Cue, r.Weight))
	}
	if it.ReleaseID != 0 {
		d.Release = deskReleasePath(it.ReleaseID)
	}
	return d
}

var watchKindNames = map[jikenbo.WatchKind]string{jikenbo.WatchFeed: "フィード", jikenbo.WatchPage: "お知らせ一覧", jikenbo.WatchSitemap: "サイトマップ"}

func (s *Server) handleDeskSources(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	ctx := r.Context()
	srcs, err := s.desk.Store.FindWatchSources(ctx)
	if err != nil {
		return err
	}
	p := &deskSourcesPage{User: u, Message: doneMessages[r.URL.Query().Get("done")], CanPromote: s.desk.Watch != nil}
	for _, src := range srcs {
		p.Sources = append(p.Sources, deskSource{ID: src.ID, URL: src.URL, Kind: watchKindNames[src.Kind], Every: src.Every.String(),
			LastSuccess: jstTime(src.LastSuccess), NextDue: jstTime(src.NextDue), Failures: src.Failures, LastError: src.LastError})
	}
	for _, list := range []struct {
		into   *[]deskWatchItem
		status jikenbo.WatchItemStatus
	}{{&p.Found, jikenbo.ItemDraft}, {&p.Passed, jikenbo.ItemPassed}, {&p.Failed, jikenbo.ItemFailed}} {
		its, err := s.desk.Store.FindWatchItems(ctx, jikenbo.WatchItemFilter{Status: list.status, Limit: 100})
		if err != nil {
			return err
		}
		for _, it := range its {
			*list.into = append(*list.into, newDeskWatchItem(it))
		}
	}
	p.page = page{Title: "巡回元と見つけた公表", NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_sources", p)
}

// newSource reads a source from a form or JSON: kind told from the URL
// when empty, the interval as a Go duration ("1h") or empty for the
// default.
func newSource(rawURL, kind, every string, org int64) (*jikenbo.WatchSource, error) {
	src := &jikenbo.WatchSource{URL: strings.TrimSpace(rawURL), Kind: jikenbo.WatchKind(kind), OrganizationID: org, Every: jikenbo.DefaultWatchEvery}
	if src.Kind == "" {
		src.Kind = jikenbo.GuessWatchKind(src.URL)
	}
	if every = strings.TrimSpace(every); every != "" {
		d, err := time.ParseDuration(every)
		if err != nil {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "巡回間隔 %q を読み取れません(例: 30m, 1h, 24h)", every)
		}
		src.Every = d
	}
	return src, nil
}

func (s *Server) handleDeskAddSource(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	var org int64
	if o := strings.TrimSpace(r.FormValue("org")); o != "" {
		var err error
		if org, err = strconv.ParseInt(o, 10, 64); err != nil {
			return jikenbo.Errorf(jikenbo.EINVALID, "組織 ID %q は数字ではありません", o)
		}
	}
	src, err := newSource(r.FormValue("url"), r.FormValue("kind"), r.FormValue("every"), org)
	if err != nil {
		return err
	}
	if err := s.desk.Store.CreateWatchSource(r.Context(), src); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/sources?done=source-added", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskRemoveSource(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "巡回元")
	if err != nil {
		return err
	}
	if err := s.desk.Store.DeleteWatchSource(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/sources?done=source-removed", http.StatusSeeOther)
	return nil
}

func (s *Server) promote(ctx context.Context, u *jikenbo.User, raw string) (*jikenbo.Release, error) {
	id, err := pathID(raw, "項目")
	if err != nil {
		return nil, err
	}
	if s.desk.Watch == nil {
		return nil, jikenbo.Errorf(jikenbo.EUNAVAILABLE, "このサーバーには巡回が設定されていません")
	}
	return s.desk.Watch.Promote(ctx, u.Name, id)
}

func (s *Server) handleDeskPromote(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	rel, err := s.promote(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, deskReleasePath(rel.ID), http.StatusSeeOther)
	return nil
}

// apiSource is a watched source in the write API.
type apiSource struct {
	ID             int64   `json:"id"`
	URL            string  `json:"url"`
	Kind           string  `json:"kind"`
	OrganizationID *int64  `json:"organization_id"`
	EverySeconds   int64   `json:"every_seconds"`
	NextDue        string  `json:"next_due"`
	LastSuccess    *string `json:"last_success"`
	Failures       int     `json:"failures"`
	LastError      *string `json:"last_error"`
}

func apiSourceOf(src *jikenbo.WatchSource) apiSource {
	out := apiSource{ID: src.ID, URL: src.URL, Kind: string(src.Kind), EverySeconds: int64(src.Every / time.Second),
		NextDue: src.NextDue.UTC().Format(time.RFC3339), Failures: src.Failures, LastError: strp(src.LastError)}
	if src.OrganizationID != 0 {
		out.OrganizationID = &src.OrganizationID
	}
	if !src.LastSuccess.IsZero() {
		out.LastSuccess = strp(src.LastSuccess.UTC().Format(time.RFC3339))
	}
	return out
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	srcs, err := s.desk.Store.FindWatchSources(r.Context())
	if err != nil {
		return err
	}
	out := make([]apiSource, len(srcs))
	for i, src := range srcs {
		out[i] = apiSourceOf(src)
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": out})
	return nil
}

func (s *Server) apiAddSource(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		URL            string `json:"url"`
		Kind           string `json:"kind"`
		OrganizationID int64  `json:"organization_id"`
		Every          string `json:"every"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	src, err := newSource(in.URL, in.Kind, in.Every, in.OrganizationID)
	if err != nil {
		return err
	}
	if err := s.desk.Store.CreateWatchSource(r.Context(), src); err != nil {
		return err
	}
	w.Header().Set("Location", s.abs("/api/v1/sources"))
	writeJSON(w, http.StatusCreated, apiSourceOf(src))
	return nil
}

func (s *Server) apiRemoveSource(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "巡回元")
	if err != nil {
		return err
	}
	if err := s.desk.Store.DeleteWatchSource(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiWatchItem is an item a watched source listed, with what became of it.
type apiWatchItem struct {
	ID        int64                 `json:"id"`
	SourceID  int64                 `json:"source_id"`
	URL       string                `json:"url"`
	Title     string                `json:"title"`
	FoundAt   string                `json:"found_at"`
	Status    string                `json:"status"`
	Score     float64               `json:"score"`
	Reasons   []jikenbo.WatchReason `json:"reasons"`
	ReleaseID *int64                `json:"release_id"`
	Error     *string               `json:"error"`
}

func (s *Server) apiWatchItems(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	st := jikenbo.WatchItemStatus(r.URL.Query().Get("status"))
	switch st {
	case "", jikenbo.ItemDraft, jikenbo.ItemPassed, jikenbo.ItemKnown, jikenbo.ItemFailed, jikenbo.ItemRobots, jikenbo.ItemPromoted:
	default:
		return jikenbo.Errorf(jikenbo.EINVALID, "status %q: want draft, passed, known, failed, robots or promoted", st)
	}
	its, err := s.desk.Store.FindWatchItems(r.Context(), jikenbo.WatchItemFilter{Status: st, Limit: 500})
	if err != nil {
		return err
	}
	out := make([]apiWatchItem, len(its))
	for i, it := range its {
		out[i] = apiWatchItem{ID: it.ID, SourceID: it.SourceID, URL: it.URL, Title: it.Title, FoundAt: it.FoundAt.UTC().Format(time.RFC3339),
			Status: string(it.Status), Score: it.Score, Reasons: it.Reasons, Error: strp(it.Error)}
		if out[i].Reasons == nil {
			out[i].Reasons = []jikenbo.WatchReason{}
		}
		if it.ReleaseID != 0 {
			id := it.ReleaseID
			out[i].ReleaseID = &id
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiPromote(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	rel, err := s.promote(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.abs("/api/v1/releases/"+itoa(rel.ID)))
	writeJSON(w, http.StatusCreated, s.apiDraftOf(rel))
	return nil
}

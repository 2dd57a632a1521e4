package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// Case and label operations on the desk and in the write API: merge and
// split cases, put labels on releases and take them off, rename labels.

func deskCasePath(id string) string { return "/desk/cases/" + url.PathEscape(id) }

// caseOpRoutes are the routes of case and label operations, part of
// deskRoutes.
func (s *Server) caseOpRoutes() []route {
	return []route{
		{"POST /desk/cases/{id}/merge", s.editorPage(s.handleDeskMerge)},
		{"POST /desk/cases/{id}/split", s.editorPage(s.handleDeskSplit)},
		{"POST /desk/cases/{id}/title", s.editorPage(s.handleDeskCaseTitle)},
		{"POST /desk/releases/{id}/labels", s.editorPage(s.handleDeskAddLabel)},
		{"POST /desk/releases/{id}/labels/remove", s.editorPage(s.handleDeskRemoveLabel)},
		{"GET /desk/labels", s.editorPage(s.handleDeskLabels)},
		{"POST /desk/labels/rename", s.editorPage(s.handleDeskRenameLabel)},
		{"POST /api/v1/cases/{id}/merge", s.editorAPI(s.apiMerge)},
		{"POST /api/v1/cases/{id}/split", s.editorAPI(s.apiSplit)},
		{"POST /api/v1/releases/{id}/labels", s.editorAPI(s.apiAddLabel)},
		{"DELETE /api/v1/releases/{id}/labels/{name}", s.editorAPI(s.apiRemoveLabel)},
		{"POST /api/v1/labels/{name}/rename", s.editorAPI(s.apiRenameLabel)},
		{"POST /desk/releases/{id}/delete", s.editorPage(s.handleDeskDeleteRelease)},
		{"POST /desk/cases/{id}/delete", s.editorPage(s.handleDeskDeleteCase)},
		{"DELETE /api/v1/releases/{id}", s.editorAPI(s.apiDeleteRelease)},
		{"DELETE /api/v1/cases/{id}", s.editorAPI(s.apiDeleteCase)},
	}
}

// deskForm reads a small desk form.
func deskForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	return nil
}

// caseNumber is a case number as an editor types it ("#2024-217").
func caseNumber(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "#") }

func (s *Server) handleDeskMerge(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := deskForm(w, r); err != nil {
		return err
	}
	into := caseNumber(r.PostForm.Get("into"))
	if into == "" {
		return jikenbo.Errorf(jikenbo.EINVALID, "統合先の事件番号を入力してください")
	}
	into, err := s.desk.Editor.MergeCases(r.Context(), u.Name, r.PathValue("id"), into)
	if err != nil {
		return err
	}
	http.Redirect(w, r, deskCasePath(into)+"?done=merged", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskCaseTitle(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := deskForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.desk.Editor.SetCaseTitle(r.Context(), u.Name, id, r.PostForm.Get("title")); err != nil {
		return err
	}
	http.Redirect(w, r, deskCasePath(id)+"?done=titled", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskSplit(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := deskForm(w, r); err != nil {
		return err
	}
	var ids []int64
	for _, v := range r.PostForm["release"] {
		id, err := pathID(v, "公表")
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return jikenbo.Errorf(jikenbo.EINVALID, "新しい事件に移す公表を選んでください")
	}
	newID, err := s.desk.Editor.SplitCase(r.Context(), u.Name, r.PathValue("id"), ids)
	if err != nil {
		return err
	}
	http.Redirect(w, r, deskCasePath(newID)+"?done=split", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskAddLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := deskForm(w, r); err != nil {
		return err
	}
	if err := s.desk.Editor.AddLabel(r.Context(), u.Name, id, r.PostForm.Get("name")); err != nil {
		return err
	}
	http.Redirect(w, r, deskReleasePath(id)+"?done=labelled", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskRemoveLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := deskForm(w, r); err != nil {
		return err
	}
	if err := s.desk.Editor.RemoveLabel(r.Context(), u.Name, id, r.PostForm.Get("name")); err != nil {
		return err
	}
	http.Redirect(w, r, deskReleasePath(id)+"?done=unlabelled", http.StatusSeeOther)
	return nil
}

type deskLabelsPage struct {
	page
	User    *jikenbo.User
	Labels  []labelCount
	Message string
}

func (s *Server) handleDeskLabels(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	ls, err := s.desk.Store.FindLabels(r.Context())
	if err != nil {
		return err
	}
	p := &deskLabelsPage{User: u, Message: doneMessages[r.URL.Query().Get("done")]}
	for _, l := range ls {
		p.Labels = append(p.Labels, labelCount{Name: l.Name, URL: labelPath(l.Name), Count: l.Count})
	}
	p.page = page{Title: "編集: ラベル", NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_labels", p)
}

func (s *Server) handleDeskRenameLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := deskForm(w, r); err != nil {
		return err
	}
	if _, err := s.desk.Editor.RenameLabel(r.Context(), u.Name, r.PostForm.Get("old"), r.PostForm.Get("new")); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/labels?done=renamed", http.StatusSeeOther)
	return nil
}

// apiCaseRef is a case as the write API returns it after an operation.
type apiCaseRef struct {
	ID       string  `json:"id"`
	URL      string  `json:"url"`
	DeskURL  string  `json:"desk_url"`
	Releases []int64 `json:"releases"`
}

func (s *Server) apiCaseRefOf(r *http.Request, id string) (apiCaseRef, error) {
	c, err := s.desk.Store.FindCaseByID(r.Context(), id)
	if err != nil {
		return apiCaseRef{}, err
	}
	out := apiCaseRef{ID: c.ID, URL: s.abs(casePath(c.ID)), DeskURL: s.abs(deskCasePath(c.ID)), Releases: []int64{}}
	for _, cr := range c.Releases {
		out.Releases = append(out.Releases, cr.ReleaseID)
	}
	return out, nil
}

func (s *Server) apiMerge(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		Into string `json:"into"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if caseNumber(in.Into) == "" {
		return jikenbo.Errorf(jikenbo.EINVALID, `"into" (the surviving case, YYYY-NNN) required`)
	}
	into, err := s.desk.Editor.MergeCases(r.Context(), u.Name, r.PathValue("id"), caseNumber(in.Into))
	if err != nil {
		return err
	}
	out, err := s.apiCaseRefOf(r, into)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Case   apiCaseRef `json:"case"`
		Merged string     `json:"merged"`
	}{out, r.PathValue("id")})
	return nil
}

func (s *Server) apiSplit(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		Releases []int64 `json:"releases"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if len(in.Releases) == 0 {
		return jikenbo.Errorf(jikenbo.EINVALID, `"releases" (the IDs of the releases to move) required`)
	}
	id := r.PathValue("id")
	newID, err := s.desk.Editor.SplitCase(r.Context(), u.Name, id, in.Releases)
	if err != nil {
		return err
	}
	old, err := s.apiCaseRefOf(r, id)
	if err != nil {
		return err
	}
	nc, err := s.apiCaseRefOf(r, newID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.abs("/api/v1/cases/"+url.PathEscape(newID)))
	writeJSON(w, http.StatusCreated, struct {
		Case    apiCaseRef `json:"case"`
		NewCase apiCaseRef `json:"new_case"`
	}{old, nc})
	return nil
}

func (s *Server) apiAddLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if err := s.desk.Editor.AddLabel(r.Context(), u.Name, id, in.Name); err != nil {
		return err
	}
	return s.apiWriteRelease(w, r, id)
}

func (s *Server) apiRemoveLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := s.desk.Editor.RemoveLabel(r.Context(), u.Name, id, r.PathValue("name")); err != nil {
		return err
	}
	return s.apiWriteRelease(w, r, id)
}

func (s *Server) apiRenameLabel(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		To string `json:"to"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	old := r.PathValue("name")
	n, err := s.desk.Editor.RenameLabel(r.Context(), u.Name, old, in.To)
	if err != nil {
		return err
	}
	to := strings.TrimSpace(in.To)
	writeJSON(w, http.StatusOK, struct {
		Name     string `json:"name"`
		Releases int    `json:"releases"`
		URL      string `json:"url"`
		Renamed  string `json:"renamed"`
	}{to, n, s.abs(labelPath(to)), old})
	return nil
}

// apiLabel of a release in the write API: its name and who gave it.
type apiReleaseLabel struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

func apiReleaseLabels(ls []jikenbo.ReleaseLabel) []apiReleaseLabel {
	out := []apiReleaseLabel{}
	for _, l := range ls {
		out = append(out, apiReleaseLabel{Name: l.Name, Source: string(l.Source)})
	}
	slices.SortFunc(out, func(a, b apiReleaseLabel) int { return strings.Compare(a.Name+"\x00"+a.Source, b.Name+"\x00"+b.Source) })
	return out
}

// deskLabelItem is a label on the desk's release page; only labels from
// an editor or a source page can be taken off there (one that follows
// from the facts comes back at re-extraction).
type deskLabelItem struct {
	Name, Source string
	Removable    bool
}

func deskLabels(ls []jikenbo.ReleaseLabel) []deskLabelItem {
	var out []deskLabelItem
	seen := map[string]int{}
	for _, l := range apiReleaseLabels(ls) {
		removable := l.Source != string(jikenbo.LabelAuto)
		if i, ok := seen[l.Name]; ok {
			out[i].Removable = out[i].Removable || removable
			out[i].Source += "・" + labelSourceName(l.Source)
			continue
		}
		seen[l.Name] = len(out)
		out = append(out, deskLabelItem{Name: l.Name, Source: labelSourceName(l.Source), Removable: removable})
	}
	return out
}

func labelSourceName(s string) string {
	switch jikenbo.LabelSource(s) {
	case jikenbo.LabelAuto:
		return "自動"
	case jikenbo.LabelImported:
		return "取り込み元"
	case jikenbo.LabelEditor:
		return "編集者"
	}
	return s
}

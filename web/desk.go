package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// Editor is what editors do to the casebook (casebook.Desk): every
// action writes its audit entry in the same transaction.
type Editor interface {
	AddText(ctx context.Context, actor, text string) (*jikenbo.Added, error)
	AddFile(ctx context.Context, actor, name string, b []byte) (*jikenbo.Added, error)
	AddURL(ctx context.Context, actor, url string) (*jikenbo.Added, error)
	Correct(ctx context.Context, actor string, id int64, field string, value json.RawMessage) error
	Publish(ctx context.Context, actor string, id int64) error
	FileRelease(ctx context.Context, actor string, id int64, caseID string) (string, error)
	// MergeCases merges case from into case into and returns the
	// surviving case (into, or where into was merged).
	MergeCases(ctx context.Context, actor, from, into string) (string, error)
	// SplitCase moves releases of a case to a new case and returns it.
	SplitCase(ctx context.Context, actor, id string, releaseIDs []int64) (string, error)
	AddLabel(ctx context.Context, actor string, id int64, name string) error
	RemoveLabel(ctx context.Context, actor string, id int64, name string) error
	// RenameLabel renames a label on every release and returns how many.
	RenameLabel(ctx context.Context, actor, old, new string) (int, error)
	// DeleteRelease deletes a release with its versions (and its case
	// when no release is left there); DeleteCase deletes an empty case.
	DeleteRelease(ctx context.Context, actor string, id int64) error
	DeleteCase(ctx context.Context, actor, id string) error
	// SetCaseTitle gives a case its own title ("" for the made one).
	SetCaseTitle(ctx context.Context, actor, id, title string) error
	// ChooseCorporateNumber gives an organisation the 法人番号 of one of
	// the candidates an import of the registry left for it.
	ChooseCorporateNumber(ctx context.Context, actor string, orgID int64, number string) error
}

// maxUpload bounds a desk form or API body: the largest file the desk
// takes (16 MiB) plus room for the form.
const maxUpload = 16<<20 + 64<<10

// route is a pattern and its handler.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// deskRoutes are login, the desk and the write API. Every route that is
// not GET changes state, and each is guarded: editorPage or editorAPI,
// or the login form itself (desk_test walks them all).
func (s *Server) deskRoutes() []route {
	return append([]route{
		{"GET /login", s.html(s.handleLoginForm)},
		{"POST /login", s.html(s.handleLogin)},
		{"POST /logout", s.html(s.handleLogout)},
		{"GET /desk", s.editorPage(s.handleDesk)},
		{"POST /desk/releases", s.editorPage(s.handleDeskAdd)},
		{"GET /desk/releases/{id}", s.editorPage(s.handleDeskRelease)},
		{"POST /desk/releases/{id}/facts", s.editorPage(s.handleDeskCorrect)},
		{"POST /desk/releases/{id}/case", s.editorPage(s.handleDeskFile)},
		{"POST /desk/releases/{id}/publish", s.editorPage(s.handleDeskPublish)},
		{"GET /desk/cases/{id}", s.editorPage(s.handleDeskCase)},
		{"GET /api/v1/audit", s.editorAPI(s.apiAudit)},
		{"POST /api/v1/releases", s.editorAPI(s.apiAddRelease)},
		{"POST /api/v1/releases/{id}/facts", s.editorAPI(s.apiCorrect)},
		{"POST /api/v1/releases/{id}/publish", s.editorAPI(s.apiPublish)},
		{"POST /api/v1/releases/{id}/case", s.editorAPI(s.apiFile)},
	}, append(append(append(s.caseOpRoutes(), s.watchRoutes()...), s.webhookRoutes()...), s.houjinRoutes()...)...)
}

// registerDeskRoutes adds login, the desk and the write API when the
// server has a desk.
func (s *Server) registerDeskRoutes(mux *http.ServeMux) {
	if s.desk == nil {
		return
	}
	for _, rt := range s.deskRoutes() {
		mux.HandleFunc(rt.pattern, rt.handler)
	}
}

type deskPage struct {
	page
	User    *jikenbo.User
	Queue   []deskItem
	Message string
}

type deskItem struct {
	ID               int64
	URL, Title, Case string
	Imported         string
	// Low is how many facts the extractor marked low confidence: the
	// fields to check before publishing.
	Low int
}

func (s *Server) handleDesk(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	yes := true
	drafts, _, err := s.desk.Store.FindReleases(r.Context(), jikenbo.ReleaseFilter{Draft: &yes, Limit: 200})
	if err != nil {
		return err
	}
	p := &deskPage{User: u, Message: doneMessages[r.URL.Query().Get("done")]}
	// Oldest first: a queue is worked from its front. IDs grow with
	// import time.
	for _, d := range drafts {
		f := d.Facts()
		p.Queue = append(p.Queue, deskItem{ID: d.ID, URL: deskReleasePath(d.ID), Title: titleOf(f.Title), Case: d.CaseID,
			Imported: d.ImportedAt.In(jst).Format("2006/01/02 15:04"), Low: len(f.LowConfidence())})
	}
	p.page = page{Title: "編集デスク", NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk", p)
}

// doneMessages are what a desk page says after an action; the URL names
// one by key, so a link cannot make the desk say anything else.
var doneMessages = map[string]string{
	"corrected":      "修正を保存しました。再抽出しても残ります。",
	"filed":          "事件に分類しました。",
	"published":      "公開しました。",
	"deleted":        "削除しました。元のURLは「削除済み」(410)を返します。",
	"merged":         "事件を統合しました。統合された事件の番号とページはこの事件に転送されます。",
	"titled":         "事件の題を保存しました。",
	"split":          "選んだ公表を新しい事件に分けました。",
	"labelled":       "ラベルを付けました。",
	"unlabelled":     "ラベルを外しました。",
	"renamed":        "ラベルの名前を変えました。元のラベルのページとフィードは新しい名前に転送されます。",
	"houjin":         "法人番号を登録しました。",
	"source-added":   "巡回元を追加しました。次の巡回で読みます。",
	"source-removed": "巡回元を削除しました。見つけた項目は残ります。",
	"source":         "ほぼ同じ本文の公表が登録済みだったため、新しい公表にはせず、この公表の別の出典として記録しました(出典の一覧を参照)。",
}

func deskReleasePath(id int64) string { return "/desk/releases/" + strconv.FormatInt(id, 10) }

func (s *Server) handleDeskAdd(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	var rel *jikenbo.Added
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return formError(err)
		}
		defer r.MultipartForm.RemoveAll()
	} else if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	file, hdr, ferr := r.FormFile("file")
	switch {
	case ferr == nil:
		defer file.Close()
		rel, err = s.addUpload(r.Context(), u, file, hdr)
	case strings.TrimSpace(r.FormValue("url")) != "":
		rel, err = s.desk.Editor.AddURL(r.Context(), u.Name, strings.TrimSpace(r.FormValue("url")))
	case strings.TrimSpace(r.FormValue("text")) != "":
		rel, err = s.desk.Editor.AddText(r.Context(), u.Name, r.FormValue("text"))
	default:
		return jikenbo.Errorf(jikenbo.EINVALID, "本文、ファイル、URL のいずれかを入力してください")
	}
	if err != nil {
		return err
	}
	to := deskReleasePath(rel.ID)
	if rel.AnotherSource {
		to += "?done=source"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// formError turns an oversized or malformed form into a 400 that says so.
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return jikenbo.Errorf(jikenbo.EINVALID, "送信されたデータが大きすぎます(上限 16 MiB)")
	}
	if readTimedOut(err) {
		return errSlowBody
	}
	return jikenbo.Errorf(jikenbo.EINVALID, "フォームを読み取れません")
}

// errSlowBody answers a request whose body did not arrive within the
// server's read timeout: the upload was too slow, not malformed.
var errSlowBody = jikenbo.Errorf(jikenbo.EINVALID, "送信に時間がかかりすぎたため、サーバーが受信を打ち切りました(読み取りの制限時間を超えました)。回線の速い環境で、もう一度送信してください")

// readTimedOut reports a body read cut off by the server's read deadline.
func readTimedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// uploadTypes are the declared types an upload may have; the bytes are
// checked again by the ingest sniffer.
var uploadTypes = []string{"text/plain", "text/html", "application/pdf", "application/octet-stream", ""}

func (s *Server) addUpload(ctx context.Context, u *jikenbo.User, f multipart.File, hdr *multipart.FileHeader) (*jikenbo.Added, error) {
	ct, _, _ := strings.Cut(hdr.Header.Get("Content-Type"), ";")
	ok := false
	for _, t := range uploadTypes {
		ok = ok || strings.EqualFold(strings.TrimSpace(ct), t)
	}
	if !ok {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "受け付けるのはテキスト、HTML、PDF のみです(%s)", ct)
	}
	b, err := io.ReadAll(io.LimitReader(f, 16<<20+1))
	if err != nil {
		return nil, formError(err)
	}
	return s.desk.Editor.AddFile(ctx, u.Name, hdr.Filename, b)
}

type deskReleasePage struct {
	page
	User      *jikenbo.User
	Release   *jikenbo.Release
	Headline  string
	Facts     []factRow
	Segments  []deskSegment
	Case      *jikenbo.Case
	Decisions []jikenbo.Decision
	Fields    []fieldOption
	Audit     auditLog
	Labels    []deskLabelItem
	Message   string
}

// LowCount is how many facts the extractor marked low confidence.
func (p *deskReleasePage) LowCount() int {
	n := 0
	for _, r := range p.Facts {
		if r.Low {
			n++
		}
	}
	return n
}

type fieldOption struct{ Field, Name string }

type auditRow struct {
	At, Actor, Action, Before, After string
	Release                          int64
	Case                             string
}

// auditLog is one page of a desk page's change history.
type auditLog struct {
	Rows []auditRow
	// Next is the link to the following page, "" on the last.
	Next string
}

// auditPage is how many history entries a desk page shows at a time.
const auditPage = 50

// auditLog reads the page of the history the request's audit_after
// names (the start without it); path is the desk page's own.
func (s *Server) auditLog(r *http.Request, f jikenbo.AuditFilter, path string) (auditLog, error) {
	var out auditLog
	if v := r.URL.Query().Get("audit_after"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return out, jikenbo.Errorf(jikenbo.EINVALID, "変更履歴の位置 %q が正しくありません", v)
		}
		f.AfterID = id
	}
	f.Limit = auditPage
	es, err := s.desk.Store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return out, err
	}
	for _, e := range es {
		out.Rows = append(out.Rows, auditRow{At: e.At.In(jst).Format("2006/01/02 15:04:05"), Actor: e.Actor, Action: e.Action,
			Before: string(e.Before), After: string(e.After), Release: e.ReleaseID, Case: e.CaseID})
	}
	if len(es) == auditPage {
		out.Next = path + "?audit_after=" + strconv.FormatInt(es[len(es)-1].ID, 10) + "#audit-h"
	}
	return out, nil
}

func (s *Server) handleDeskRelease(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	ctx := r.Context()
	rel, err := s.desk.Store.FindReleaseByID(ctx, id)
	if err != nil {
		return err
	}
	f := rel.Facts()
	p := &deskReleasePage{User: u, Release: rel, Facts: lowFirst(factRows(f, rel.Overrides)), Segments: revealSegments(evidenceSegments(rel.Text, f.Evidence)),
		Headline: titleOf(f.Title), Labels: deskLabels(rel.Labels), Message: doneMessages[r.URL.Query().Get("done")]}
	for _, n := range fieldNames {
		p.Fields = append(p.Fields, fieldOption{n.Field, n.Name})
	}
	if rel.CaseID != "" {
		if p.Case, err = s.desk.Store.FindCaseByID(ctx, rel.CaseID); err != nil {
			return err
		}
		for _, d := range p.Case.Decisions {
			if d.ReleaseID == rel.ID {
				p.Decisions = append(p.Decisions, d)
			}
		}
	}
	if p.Audit, err = s.auditLog(r, jikenbo.AuditFilter{ReleaseID: &id}, deskReleasePath(id)); err != nil {
		return err
	}
	p.page = page{Title: "編集: " + p.Headline, NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_release", p)
}

// formValue turns what an editor typed into the field's JSON: numbers
// without separators, yes/no, lists split at commas, text as a string,
// and nothing as null.
func formValue(field, v string) json.RawMessage {
	v = strings.TrimSpace(v)
	if v == "" {
		return json.RawMessage("null")
	}
	switch field {
	case "affected_persons", "affected_cards":
		n := strings.NewReplacer(",", "", "，", "", "件", "", "名", "", "人", "").Replace(v)
		if _, err := strconv.Atoi(n); err == nil {
			return json.RawMessage(n)
		}
	case "third_party":
		switch strings.ToLower(v) {
		case "true", "はい", "yes", "1":
			return json.RawMessage("true")
		case "false", "いいえ", "no", "0":
			return json.RawMessage("false")
		}
	case "categories", "data_types", "related_organizations":
		var items []string
		for _, it := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '、' || r == '，' || r == '\n' }) {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return jikenbo.AuditJSON(items)
	}
	return jikenbo.AuditJSON(v)
}

func (s *Server) handleDeskCorrect(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	field := r.PostForm.Get("field")
	if err := s.desk.Editor.Correct(r.Context(), u.Name, id, field, formValue(field, r.PostForm.Get("value"))); err != nil {
		return err
	}
	http.Redirect(w, r, deskReleasePath(id)+"?done=corrected", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskFile(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	target := strings.TrimPrefix(strings.TrimSpace(r.PostForm.Get("case")), "#")
	if r.PostForm.Get("new") != "" {
		target = ""
	} else if target == "" {
		return jikenbo.Errorf(jikenbo.EINVALID, "事件番号を入力してください")
	}
	_, err = s.desk.Editor.FileRelease(r.Context(), u.Name, id, target)
	if err != nil {
		return err
	}
	http.Redirect(w, r, deskReleasePath(id)+"?done=filed", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskPublish(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := s.desk.Editor.Publish(r.Context(), u.Name, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk?done=published", http.StatusSeeOther)
	return nil
}

type deskCasePage struct {
	page
	User    *jikenbo.User
	Case    *jikenbo.Case
	Audit   auditLog
	Message string
}

func (s *Server) handleDeskCase(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id := r.PathValue("id")
	c, err := s.desk.Store.FindCaseByID(r.Context(), id)
	if err != nil {
		return s.redirectMergedCase(w, r, id, err, deskCasePath, http.StatusSeeOther)
	}
	p := &deskCasePage{User: u, Case: c, Message: doneMessages[r.URL.Query().Get("done")]}
	if p.Audit, err = s.auditLog(r, jikenbo.AuditFilter{CaseID: &id}, deskCasePath(c.ID)); err != nil {
		return err
	}
	p.page = page{Title: "編集: 事件 #" + c.ID, NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_case", p)
}

// invisibleRunes are characters that change how text reads without
// showing: bidi controls and zero-width characters. The desk shows each
// as a visible code so an editor sees what the text holds.
func invisibleRune(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}

// revealSegments splits each segment's text at invisible characters, so
// the template can show them as codes; the text itself is unchanged.
func revealSegments(segs []segment) []deskSegment {
	out := make([]deskSegment, 0, len(segs))
	for _, sg := range segs {
		ds := deskSegment{segment: sg}
		var cur strings.Builder
		for _, r := range sg.Text {
			if invisibleRune(r) {
				if cur.Len() > 0 {
					ds.Parts = append(ds.Parts, textPart{Text: cur.String()})
					cur.Reset()
				}
				ds.Parts = append(ds.Parts, textPart{Text: "U+" + strings.ToUpper(strconv.FormatInt(int64(r), 16)), Invisible: true})
				continue
			}
			cur.WriteRune(r)
		}
		if cur.Len() > 0 {
			ds.Parts = append(ds.Parts, textPart{Text: cur.String()})
		}
		out = append(out, ds)
	}
	return out
}

type deskSegment struct {
	segment
	Parts []textPart
}

type textPart struct {
	Text      string
	Invisible bool
}

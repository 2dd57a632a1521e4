package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// The write API mirrors the desk for programs, with a token.

// apiDraft is a release as the write API returns it.
type apiDraft struct {
	ID         int64         `json:"id"`
	Draft      bool          `json:"draft"`
	CaseID     *string       `json:"case_id"`
	Source     string        `json:"source"`
	SHA256     string        `json:"sha256"`
	Facts      jikenbo.Facts `json:"facts"`
	Overridden []string      `json:"overridden_fields"`
	// LowConfidence lists the fields the extractor marked low: what the
	// editor should check before publishing.
	LowConfidence []string          `json:"low_confidence_fields"`
	Labels        []apiReleaseLabel `json:"labels"`
	DeskURL       string            `json:"desk_url"`
	// AnotherSource is set on an add whose text was nearly that of a
	// release already kept: the answer is that release, which now lists
	// the added bytes among its sources.
	AnotherSource bool `json:"another_source,omitempty"`
}

func (s *Server) apiDraftOf(rel *jikenbo.Release) apiDraft {
	f := rel.Facts()
	out := apiDraft{ID: rel.ID, Draft: rel.Draft, CaseID: strp(rel.CaseID), Source: rel.Source, SHA256: rel.SHA256, Facts: f,
		Overridden: []string{}, LowConfidence: nonNilStrings(f.LowConfidence()), Labels: apiReleaseLabels(rel.Labels), DeskURL: s.abs(deskReleasePath(rel.ID))}
	for _, o := range rel.Overrides {
		out.Overridden = append(out.Overridden, o.Field)
	}
	return out
}

// decodeJSON reads a small JSON body strictly.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return jikenbo.Errorf(jikenbo.EINVALID, "body too large")
		}
		return jikenbo.Errorf(jikenbo.EINVALID, "body: want JSON (%v)", err)
	}
	return nil
}

func (s *Server) apiAddRelease(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		Text string `json:"text"`
		URL  string `json:"url"`
	}
	if err := decodeJSON(w, r, maxUpload, &in); err != nil {
		return err
	}
	var rel *jikenbo.Added
	var err error
	switch {
	case strings.TrimSpace(in.Text) != "" && strings.TrimSpace(in.URL) != "":
		return jikenbo.Errorf(jikenbo.EINVALID, `give "text" or "url", not both`)
	case strings.TrimSpace(in.URL) != "":
		rel, err = s.desk.Editor.AddURL(r.Context(), u.Name, strings.TrimSpace(in.URL))
	case strings.TrimSpace(in.Text) != "":
		rel, err = s.desk.Editor.AddText(r.Context(), u.Name, in.Text)
	default:
		return jikenbo.Errorf(jikenbo.EINVALID, `"text" or "url" required`)
	}
	if err != nil {
		return err
	}
	out := s.apiDraftOf(rel.Release)
	if rel.AnotherSource {
		out.AnotherSource = true
		w.Header().Set("Content-Location", s.abs("/api/v1/releases/"+itoa(rel.ID)))
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	w.Header().Set("Location", s.abs("/api/v1/releases/"+itoa(rel.ID)))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiCorrect(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	var in struct {
		Field string          `json:"field"`
		Value json.RawMessage `json:"value"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if err := s.desk.Editor.Correct(r.Context(), u.Name, id, in.Field, in.Value); err != nil {
		return err
	}
	return s.apiWriteRelease(w, r, id)
}

func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := s.desk.Editor.Publish(r.Context(), u.Name, id); err != nil {
		return err
	}
	return s.apiWriteRelease(w, r, id)
}

func (s *Server) apiFile(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	var in struct {
		CaseID string `json:"case_id"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if _, err := s.desk.Editor.FileRelease(r.Context(), u.Name, id, in.CaseID); err != nil {
		return err
	}
	return s.apiWriteRelease(w, r, id)
}

func (s *Server) apiWriteRelease(w http.ResponseWriter, r *http.Request, id int64) error {
	rel, err := s.desk.Store.FindReleaseByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiDraftOf(rel))
	return nil
}

// apiAudit exports the audit log as JSON, oldest first, filtered by
// release or case.
// auditPageSize and auditMaxPage bound a page of the audit log.
const (
	auditPageSize = 100
	auditMaxPage  = 500
)

// apiAudit pages through the audit log in the order it happened:
// next_cursor, when set, gives the following page.
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	q := r.URL.Query()
	f := jikenbo.AuditFilter{Limit: auditPageSize}
	if v := q.Get("release"); v != "" {
		id, err := pathID(v, "公表")
		if err != nil {
			return err
		}
		f.ReleaseID = &id
	}
	if v := q.Get("case"); v != "" {
		f.CaseID = &v
	}
	if v := q.Get("cursor"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return jikenbo.Errorf(jikenbo.EINVALID, "cursor %q: not a cursor from next_cursor", v)
		}
		f.AfterID = id
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > auditMaxPage {
			return jikenbo.Errorf(jikenbo.EINVALID, "limit %q: want 1 to %d", v, auditMaxPage)
		}
		f.Limit = n
	}
	es, err := s.desk.Store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []*jikenbo.AuditEntry{}
	}
	var next *string
	if len(es) == f.Limit {
		c := strconv.FormatInt(es[len(es)-1].ID, 10)
		next = &c
	}
	writeJSON(w, http.StatusOK, struct {
		Entries    []*jikenbo.AuditEntry `json:"entries"`
		NextCursor *string               `json:"next_cursor"`
	}{es, next})
	return nil
}

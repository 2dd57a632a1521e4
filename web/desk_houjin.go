package web

import (
	"net/http"

	"github.com/jikenbo/jikenbo"
)

// The desk's list of organisations an import of the corporate-number data
// (jikenbo orgs import-houjin) found several entries for: an editor picks
// the right one.

func (s *Server) houjinRoutes() []route {
	return []route{
		{"GET /desk/houjin", s.editorPage(s.handleDeskHoujin)},
		{"POST /desk/houjin/{id}", s.editorPage(s.handleDeskChooseHoujin)},
	}
}

type deskHoujinPage struct {
	page
	User    *jikenbo.User
	Orgs    []houjinChoice
	Message string
}

// houjinChoice is an organisation with its candidates.
type houjinChoice struct {
	ID         int64
	Name, URL  string
	Action     string
	Candidates []jikenbo.HoujinCandidate
}

func (s *Server) handleDeskHoujin(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	cands, err := s.desk.Store.FindHoujinCandidates(r.Context())
	if err != nil {
		return err
	}
	p := &deskHoujinPage{User: u, Message: doneMessages[r.URL.Query().Get("done")]}
	for _, c := range cands {
		if n := len(p.Orgs); n == 0 || p.Orgs[n-1].ID != c.OrganizationID {
			o, err := s.desk.Store.FindOrganizationByID(r.Context(), c.OrganizationID)
			if err != nil {
				return err
			}
			p.Orgs = append(p.Orgs, houjinChoice{ID: o.ID, Name: o.Name, URL: orgPath(o.ID), Action: "/desk/houjin/" + itoa(o.ID)})
		}
		last := &p.Orgs[len(p.Orgs)-1]
		last.Candidates = append(last.Candidates, c)
	}
	p.page = page{Title: "編集: 法人番号", NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_houjin", p)
}

func (s *Server) handleDeskChooseHoujin(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "組織")
	if err != nil {
		return err
	}
	if err := deskForm(w, r); err != nil {
		return err
	}
	if err := s.desk.Editor.ChooseCorporateNumber(r.Context(), u.Name, id, r.PostForm.Get("number")); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/houjin?done=houjin", http.StatusSeeOther)
	return nil
}

package web

import (
	"net/http"

	"github.com/jikenbo/jikenbo"
)

// Deleting releases and empty cases on the desk and in the write API.
// What is deleted leaves a tombstone: its public URL answers 410 Gone.

// confirmed reads a desk form whose confirm box must be ticked: a
// deletion is not undone by a second click.
func confirmed(w http.ResponseWriter, r *http.Request) error {
	if err := deskForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "1" {
		return jikenbo.Errorf(jikenbo.EINVALID, "削除するには確認の欄にチェックを入れてください")
	}
	return nil
}

func (s *Server) handleDeskDeleteRelease(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if err := confirmed(w, r); err != nil {
		return err
	}
	if err := s.desk.Editor.DeleteRelease(r.Context(), u.Name, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk?done=deleted", http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeskDeleteCase(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := confirmed(w, r); err != nil {
		return err
	}
	if err := s.desk.Editor.DeleteCase(r.Context(), u.Name, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk?done=deleted", http.StatusSeeOther)
	return nil
}

func (s *Server) apiDeleteRelease(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "release")
	if err != nil {
		return err
	}
	if err := s.desk.Editor.DeleteRelease(r.Context(), u.Name, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiDeleteCase(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := s.desk.Editor.DeleteCase(r.Context(), u.Name, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

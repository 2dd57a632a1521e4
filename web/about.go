package web

import "net/http"

func (s *Server) registerAboutRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /about", s.html(s.handleAbout))
}

// aboutPage says what the casebook is, how its facts are read and how
// they are corrected.
type aboutPage struct {
	page
	Releases, Undated int
	// Desk is set when the site has an editors' desk.
	Desk bool
}

func (s *Server) handleAbout(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	st, err := s.stats(r.Context(), d)
	if err != nil {
		return err
	}
	ap := &aboutPage{Releases: st.Releases, Undated: st.Undated, Desk: s.desk != nil}
	ap.page = page{Title: "このサイトについて", Description: "公表文から機械で読み取った事実と、その根拠の示し方、日付の扱い、事件ごとのまとめ方、誤りの訂正のしかたを説明します。", d: d}
	return s.render(w, r, http.StatusOK, "about", ap)
}

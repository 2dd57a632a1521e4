package web

import "net/http"

// routes registers every route, grouped by resource.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{hash}/{name}", s.html(s.handleStatic))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.static.url("icon.svg"), http.StatusMovedPermanently)
	})
	s.registerReleaseRoutes(mux)
	s.registerOriginalRoutes(mux)
	s.registerCaseRoutes(mux)
	s.registerLabelRoutes(mux)
	s.registerArchiveRoutes(mux)
	s.registerOrganizationRoutes(mux)
	s.registerSearchRoutes(mux)
	s.registerStatsRoutes(mux)
	s.registerReportRoutes(mux)
	s.registerWatchRoutes(mux)
	s.registerFeedRoutes(mux)
	s.registerAPIRoutes(mux)
	s.registerInterchangeRoutes(mux)
	s.registerDeskRoutes(mux)
	s.registerAboutRoutes(mux)
	s.registerSEORoutes(mux)
	mux.HandleFunc("/", s.html(func(w http.ResponseWriter, r *http.Request) error { return notFound("ページ") }))
}

package web

import (
	"bufio"
	"net/http"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/stix"
	"github.com/jikenbo/jikenbo/veris"
)

// The interchange exports: a case, or the cases of a label or search, as
// VERIS incidents or a STIX 2.1 bundle, made from the public casebook
// only. A case's export is /api/v1/cases/{id}.veris.json (or .stix.json),
// served by the case route, since a route's wildcard is a whole path
// segment; a selection's is /api/v1/cases.veris.json?label=&q=.

// interchangeFormats maps the suffix of an export's path to its format.
var interchangeFormats = map[string]string{".veris.json": "veris", ".stix.json": "stix"}

// splitExport splits "2024-001.veris.json" into the case number and the
// format; format is "" for a plain case number.
func splitExport(id string) (caseID, format string) {
	for suffix, f := range interchangeFormats {
		if c, ok := strings.CutSuffix(id, suffix); ok {
			return c, f
		}
	}
	return id, ""
}

// source names this casebook in the exports: by the host of its base URL.
func (s *Server) source() veris.Source {
	return veris.Source{ID: s.base.Host, BaseURL: s.base.String()}
}

func (s *Server) registerInterchangeRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/cases.veris.json", s.api(s.apiSelectionExport("veris")))
	mux.HandleFunc("GET /api/v1/cases.stix.json", s.api(s.apiSelectionExport("stix")))
}

// isStreamedExport reports whether a path is a selection export, which is
// written as it is read and never kept whole by the response cache.
func isStreamedExport(path string) bool {
	return path == "/api/v1/cases.veris.json" || path == "/api/v1/cases.stix.json"
}

// apiCaseExport answers /api/v1/cases/{id}.veris.json and .stix.json.
func (s *Server) apiCaseExport(w http.ResponseWriter, r *http.Request, id, format string) error {
	if _, _, err := jikenbo.ParseCaseID(id); err != nil {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "case %q not found", id)
	}
	v, err := s.store.CasebookVersion(r.Context())
	if err != nil {
		return err
	}
	rec, err := jikenbo.LoadCaseRecord(r.Context(), s.store, id)
	if err != nil {
		return s.redirectMergedCase(w, r, id, err, func(id string) string { return "/api/v1/cases/" + id + "." + format + ".json" },
			http.StatusPermanentRedirect)
	}
	if s.fresh(w, r, v, format) {
		return nil
	}
	src := s.source()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if format == "veris" {
		b, err := veris.Marshal(veris.FromCase(rec, src))
		if err != nil {
			return err
		}
		w.Write(b)
		return nil
	}
	bw := bufio.NewWriter(w)
	sw := stix.NewWriter(bw, src, id)
	for _, o := range stix.FromCase(rec, src) {
		sw.Write(o)
	}
	if err := sw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// apiSelectionExport answers /api/v1/cases.veris.json and .stix.json:
// every public case, or those of a label or a search, written a case at
// a time.
func (s *Server) apiSelectionExport(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		sel := jikenbo.CaseSelection{Label: q.Get("label"), Q: strings.TrimSpace(q.Get("q"))}
		if len([]rune(sel.Q)) > 200 {
			return jikenbo.Errorf(jikenbo.EINVALID, "q: at most 200 characters")
		}
		v, err := s.store.CasebookVersion(r.Context())
		if err != nil {
			return err
		}
		if s.fresh(w, r, v, format) {
			return nil
		}
		// Read the first case before answering, so that a bad query is an
		// error response rather than a broken body.
		first := true
		src := s.source()
		bw := bufio.NewWriter(w)
		start := func() {
			if first {
				first = false
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.Header().Set("Content-Disposition", `attachment; filename="jikenbo-cases.`+format+`.json"`)
			}
		}
		var write func(*jikenbo.CaseRecord) error
		var closeOut func() error
		if format == "veris" {
			vw := veris.NewWriter(bw)
			write = func(rec *jikenbo.CaseRecord) error { start(); return vw.Write(veris.FromCase(rec, src)) }
			closeOut = vw.Close
		} else {
			var sw *stix.Writer
			open := func() {
				if sw == nil {
					start()
					sw = stix.NewWriter(bw, src, "label="+sel.Label+"&q="+sel.Q)
				}
			}
			write = func(rec *jikenbo.CaseRecord) error {
				open()
				for _, o := range stix.FromCase(rec, src) {
					if err := sw.Write(o); err != nil {
						return err
					}
				}
				return nil
			}
			closeOut = func() error { open(); return sw.Close() }
		}
		if err := jikenbo.EachPublicCase(r.Context(), s.store, sel, write); err != nil {
			if first {
				return err
			}
			// The body has begun: the status cannot change any more, so
			// the error is logged and the body left unfinished (invalid
			// JSON), which a client cannot take for a complete export.
			s.logError(r, http.StatusInternalServerError, err)
			bw.Flush()
			return nil
		}
		start()
		if err := closeOut(); err != nil {
			return err
		}
		return bw.Flush()
	}
}

package web

import (
	"context"
	"net/http"
	"time"
)

// withOps adds what operators and load balancers use, in front of the
// site and outside its response cache: /healthz answers while the process
// runs, /readyz only while the casebook answers too; with an access log
// each request is logged once it is answered.
func (s *Server) withOps(next http.Handler) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			opsText(w, http.StatusOK, "ok")
		case "/readyz":
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			if _, err := s.store.CasebookVersion(ctx); err != nil {
				s.log.Warn("readyz: the casebook does not answer", "err", err)
				opsText(w, http.StatusServiceUnavailable, "the casebook does not answer")
				return
			}
			opsText(w, http.StatusOK, "ok")
		default:
			next.ServeHTTP(w, r)
		}
	})
	if !s.accessLog {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", redactQuery(r.URL.RawQuery),
			"status", rec.status, "bytes", rec.bytes, "duration_ms", time.Since(start).Milliseconds(),
			"remote", r.RemoteAddr, "user_agent", r.UserAgent(), "referer", r.Referer())
	})
}

func opsText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(msg + "\n"))
}

// statusRecorder remembers the status and size of a response for the
// access log.
type statusRecorder struct {
	http.ResponseWriter
	status, bytes int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (deadlines,
// flushing) through the recorder.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

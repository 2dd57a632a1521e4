package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/jikenbo/jikenbo"
)

// handlerFunc is a handler that returns its error instead of writing it;
// html and api turn errors into responses in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statuses maps application error codes to HTTP statuses.
var statuses = map[string]int{
	jikenbo.ECONFLICT:       http.StatusConflict,
	jikenbo.EINVALID:        http.StatusBadRequest,
	jikenbo.ENOTFOUND:       http.StatusNotFound,
	jikenbo.EGONE:           http.StatusGone,
	jikenbo.EUNAUTHORIZED:   http.StatusUnauthorized,
	jikenbo.EFORBIDDEN:      http.StatusForbidden,
	jikenbo.ENOTIMPLEMENTED: http.StatusNotImplemented,
	jikenbo.EINTERNAL:       http.StatusInternalServerError,
	jikenbo.EUNAVAILABLE:    http.StatusServiceUnavailable,
}

func errorStatus(err error) int {
	if st, ok := statuses[jikenbo.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// logError logs server errors with the request; client errors are the
// client's business, a cancelled request is nobody's and a busy answer
// is on purpose.
func (s *Server) logError(r *http.Request, status int, err error) {
	if status < 500 || status == http.StatusServiceUnavailable || errors.Is(err, context.Canceled) {
		return
	}
	s.log.Error("request failed", "err", err, slog.Group("request", "method", r.Method, "path", r.URL.Path, "query", redactQuery(r.URL.RawQuery)))
}

// retryBusy tells a client answered 503 when to try again.
func retryBusy(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
}

// html adapts a page handler: an error becomes the HTML error page with
// the status of its code.
func (s *Server) html(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status := errorStatus(err)
			s.logError(r, status, err)
			retryBusy(w, status)
			s.renderError(w, r, status, userMessage(err))
		}
	}
}

// api adapts an API handler: an error becomes {"error": {...}}.
func (s *Server) api(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status := errorStatus(err)
			s.logError(r, status, err)
			retryBusy(w, status)
			writeJSONError(w, status, jikenbo.ErrorCode(err), userMessage(err))
		}
	}
}

// apiError is the body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, apiError{apiErrorBody{Code: code, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"内部エラーが発生しました"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	page
	Status  int
	Message string
}

// renderError writes the error page inside the site layout, or plain
// text when even the layout cannot be rendered (the store is down).
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	w.Header().Set("Cache-Control", "no-store")
	title := map[int]string{404: "ページが見つかりません", 400: "リクエストが正しくありません", 410: "削除されました",
		401: "ログインが必要です", 403: "権限がありません", 409: "変更が衝突しました", 500: "内部エラー", 503: "混み合っています"}[status]
	if title == "" {
		title = "エラー"
	}
	p := &errorPage{Status: status, Message: msg}
	p.page = page{Title: title, Description: title + "。" + msg + "。トップページや検索からお探しください。", NoIndex: true}
	if err := s.render(w, r, status, "error", p); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// codeMessages say in Japanese what an error code means, for an error
// whose own message is not in Japanese (a store's or a library's).
var codeMessages = map[string]string{
	jikenbo.ECONFLICT:       "ほかの変更と衝突しました。読み込み直してからやり直してください",
	jikenbo.EINVALID:        "リクエストの内容が正しくありません",
	jikenbo.ENOTFOUND:       "お探しのものが見つかりません",
	jikenbo.EGONE:           "削除されました",
	jikenbo.EUNAUTHORIZED:   "ログインが必要です",
	jikenbo.EFORBIDDEN:      "この操作をする権限がありません",
	jikenbo.ENOTIMPLEMENTED: "この操作には対応していません",
	jikenbo.EUNAVAILABLE:    "混み合っています。しばらくしてからやり直してください",
}

// userMessage is what a reader (or an API client) is told of err: its
// message when it is in Japanese, as the site's own are, else the
// meaning of its code, so that pages and the API speak one language.
func userMessage(err error) string {
	msg := jikenbo.ErrorMessage(err)
	if strings.ContainsFunc(msg, func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
	}) {
		return msg
	}
	if m, ok := codeMessages[jikenbo.ErrorCode(err)]; ok {
		return m
	}
	return jikenbo.ErrorMessage(err)
}

// notFound is the error of a path no route serves.
func notFound(what string) error {
	return jikenbo.Errorf(jikenbo.ENOTFOUND, "%sが見つかりません", what)
}

// pageNotFound says in Japanese that what a page shows is not found (or
// not public: the two answer alike), and passes other errors on.
func pageNotFound(err error, what string) error {
	if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
		return notFound(what)
	}
	return err
}

// Conditional requests.

// validators returns the ETag and Last-Modified of a response that
// depends on version v (and on extra, such as today's date). The build's
// hash is part of the tag so that a new binary's pages are not taken for
// the old ones.
func (s *Server) validators(v jikenbo.Version, extra string) (etag string, modified time.Time) {
	etag = `"v` + itoa(v.N) + "-" + s.pages.hash
	if extra != "" {
		etag += "-" + extra
	}
	etag += `"`
	modified = v.Changed.UTC().Truncate(time.Second)
	if modified.Before(s.started) {
		modified = s.started
	}
	return etag, modified
}

// fresh writes the validators of a response and reports whether the
// client's copy is current, in which case it has written 304 and the
// handler must stop. If-None-Match takes precedence over
// If-Modified-Since (RFC 9110 §13.2.2).
func (s *Server) fresh(w http.ResponseWriter, r *http.Request, v jikenbo.Version, extra string) bool {
	etag, modified := s.validators(v, extra)
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatch(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !modified.After(t) {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// etagMatch compares an If-None-Match list weakly, as GET requires.
func etagMatch(header, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

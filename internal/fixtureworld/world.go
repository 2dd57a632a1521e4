// Package fixtureworld serves, on loopback, a small world of fictional
// organisation sites for the watcher's tests and measurements: each site
// lists its notices as an RSS or Atom feed, an HTML news list (UTF-8,
// Shift_JIS or EUC-JP) or a sitemap index, serves them as HTML pages or
// PDFs, and answers conditional GETs with 304. Its content changes on
// command (a new notice, a 第2報, a silent edit, a removed or moved page),
// and it misbehaves when told to: server errors, slow answers, robots.txt
// disallowing. It counts the requests each site receives. Every
// organisation, notice and sentence here is made up.
package fixtureworld

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/jikenbo/jikenbo"
)

// Notice is one document a site publishes.
type Notice struct {
	// Path is where the site serves it ("/news/2026/0401.html").
	Path  string
	Title string
	// Body is its text, one paragraph a line.
	Body string
	Date time.Time
	// PDF serves it as a PDF instead of an HTML page.
	PDF bool

	// modified is when it was published or last edited: its
	// Last-Modified.
	modified time.Time
}

// Fault makes a site misbehave.
type Fault struct {
	// Status, when set, is the answer to every request but robots.txt.
	Status int
	// Delay holds every answer back.
	Delay time.Duration
	// Disallow is robots.txt's Disallow line ("/" for everything).
	Disallow string
	// NoValidators sends no ETag or Last-Modified and ignores conditional
	// requests, as many sites do.
	NoValidators bool
}

// Site is one fictional organisation's web site.
type Site struct {
	Name string
	Kind jikenbo.WatchKind
	// Encoding of its HTML: "UTF-8", "Shift_JIS" or "EUC-JP".
	Encoding string

	world   *World
	srv     *httptest.Server
	mu      sync.Mutex
	notices []*Notice
	moved   map[string]string
	fault   Fault
	changed time.Time
}

// World is the set of sites.
type World struct {
	Sites []*Site

	mu       sync.Mutex
	requests map[string]int
	inflight map[string]int
	maxPar   int
	bytes    int64
	// notModified counts the 304s answered.
	notModified int
	now         func() time.Time
}

// New starts n sites on loopback, each on a port of its own, with kinds
// and encodings in turn (feed, page, sitemap; UTF-8, Shift_JIS, EUC-JP for
// pages) and two ordinary notices each. now dates the changes (the
// Last-Modified headers). Close stops them.
func New(n int, now func() time.Time) *World {
	if now == nil {
		now = time.Now
	}
	w := &World{requests: map[string]int{}, inflight: map[string]int{}, now: now}
	kinds := []jikenbo.WatchKind{jikenbo.WatchFeed, jikenbo.WatchPage, jikenbo.WatchSitemap}
	encs := []string{"UTF-8", "Shift_JIS", "EUC-JP"}
	for i := range n {
		s := &Site{Name: orgName(i), Kind: kinds[i%3], Encoding: encs[(i/3)%3], world: w, moved: map[string]string{}, changed: now()}
		s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
		day := now().AddDate(0, 0, -10)
		s.notices = append(s.notices,
			&Notice{Path: "/news/seminar.html", Title: s.Name + " 情報セキュリティセミナー開催のご案内", Body: Ordinary(s.Name, 0), Date: day, modified: day},
			&Notice{Path: "/news/maintenance.html", Title: "システムメンテナンスに伴うサービス停止のお知らせ", Body: Ordinary(s.Name, 1), Date: day.AddDate(0, 0, 3), modified: day.AddDate(0, 0, 3)})
		w.Sites = append(w.Sites, s)
	}
	return w
}

// Close stops every site.
func (w *World) Close() {
	for _, s := range w.Sites {
		s.srv.Close()
	}
}

// URL is the site's origin.
func (s *Site) URL() string { return s.srv.URL }

// Host is the site's host:port, as the watcher counts hosts.
func (s *Site) Host() string { return strings.TrimPrefix(s.srv.URL, "http://") }

// ListURL is where the site lists its notices.
func (s *Site) ListURL() string {
	switch s.Kind {
	case jikenbo.WatchFeed:
		return s.URL() + "/feed.xml"
	case jikenbo.WatchSitemap:
		return s.URL() + "/sitemap.xml"
	}
	return s.URL() + "/news/"
}

// Publish adds a notice to the site's list.
func (s *Site) Publish(n Notice) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n.Date.IsZero() {
		n.Date = s.world.now()
	}
	n.modified = s.world.now()
	s.notices = append(s.notices, &n)
	s.changed = s.world.now()
}

// Edit replaces a notice's body in place without listing it anew: a
// silent edit.
func (s *Site) Edit(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.notices {
		if n.Path == path {
			n.Body = body
			n.modified = s.world.now()
		}
	}
}

// Remove takes a notice off the site: it answers 404.
func (s *Site) Remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, n := range s.notices {
		if n.Path == path {
			s.notices = append(s.notices[:i], s.notices[i+1:]...)
			break
		}
	}
	s.changed = s.world.now()
}

// Move serves a notice at a new path; the old one redirects there (301)
// and the list names the new one.
func (s *Site) Move(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.notices {
		if n.Path == from {
			n.Path = to
			s.moved[from] = to
		}
	}
	s.changed = s.world.now()
}

// SetFault makes the site misbehave (the zero Fault heals it).
func (s *Site) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Requests returns how many requests each host received since the last
// reset.
func (w *World) Requests() map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]int, len(w.requests))
	for k, v := range w.requests {
		out[k] = v
	}
	return out
}

// MaxParallel is the most requests one host was answering at once.
func (w *World) MaxParallel() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.maxPar
}

// BytesServed is the size of the bodies of lists and notices served
// since the last reset.
func (w *World) BytesServed() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bytes
}

// NotModified is how many requests were answered 304 since the last
// reset.
func (w *World) NotModified() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.notModified
}

// ResetRequests sets the counts (requests, bytes, 304s) to zero.
func (w *World) ResetRequests() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.requests = map[string]int{}
	w.bytes = 0
	w.notModified = 0
}

func (s *Site) serve(rw http.ResponseWriter, r *http.Request) {
	s.world.mu.Lock()
	s.world.requests[s.Host()]++
	s.world.inflight[s.Host()]++
	s.world.maxPar = max(s.world.maxPar, s.world.inflight[s.Host()])
	s.world.mu.Unlock()
	defer func() {
		s.world.mu.Lock()
		s.world.inflight[s.Host()]--
		s.world.mu.Unlock()
	}()
	s.mu.Lock()
	f := s.fault
	s.mu.Unlock()
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if r.URL.Path == "/robots.txt" {
		rw.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(rw, "User-agent: *\nDisallow: %s\n", f.Disallow)
		return
	}
	if f.Status != 0 {
		http.Error(rw, http.StatusText(f.Status), f.Status)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if to, ok := s.moved[r.URL.Path]; ok {
		http.Redirect(rw, r, to, http.StatusMovedPermanently)
		return
	}
	switch r.URL.Path {
	case "/feed.xml", "/news/", "/sitemap.xml", "/sitemap-news.xml":
		var body []byte
		ct := "application/xml; charset=utf-8"
		switch {
		case r.URL.Path == "/feed.xml" && s.Kind == jikenbo.WatchFeed:
			body = s.feed()
		case r.URL.Path == "/news/" && s.Kind == jikenbo.WatchPage:
			body, ct = s.encode(s.list()), "text/html; charset="+s.Encoding
		case r.URL.Path == "/sitemap.xml" && s.Kind == jikenbo.WatchSitemap:
			body = s.sitemapIndex()
		case r.URL.Path == "/sitemap-news.xml" && s.Kind == jikenbo.WatchSitemap:
			body = s.sitemap()
		default:
			http.NotFound(rw, r)
			return
		}
		s.answer(rw, r, f, ct, body, s.changed)
		return
	}
	for _, n := range s.notices {
		if n.Path == r.URL.Path {
			if n.PDF {
				s.answer(rw, r, f, "application/pdf", PDF(n.Title, n.Body), n.modified)
			} else {
				s.answer(rw, r, f, "text/html; charset="+s.Encoding, s.encode(s.page(n)), n.modified)
			}
			return
		}
	}
	http.NotFound(rw, r)
}

// answer writes a list or a notice with its validators (an ETag of its
// bytes, Last-Modified the time it last changed), or 304 when the client
// has it: by If-None-Match, else by If-Modified-Since (RFC 9110 13.2.2).
func (s *Site) answer(rw http.ResponseWriter, r *http.Request, f Fault, ct string, body []byte, modified time.Time) {
	rw.Header().Set("Content-Type", ct)
	if !f.NoValidators {
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		rw.Header().Set("ETag", etag)
		rw.Header().Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
		inm := r.Header.Get("If-None-Match")
		ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
		if inm == etag || inm == "" && err == nil && !modified.Truncate(time.Second).After(ims) {
			s.world.mu.Lock()
			s.world.notModified++
			s.world.mu.Unlock()
			rw.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.world.mu.Lock()
	s.world.bytes += int64(len(body))
	s.world.mu.Unlock()
	rw.Write(body)
}

// sorted returns the notices newest first.
func (s *Site) sorted() []*Notice {
	ns := append([]*Notice(nil), s.notices...)
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].Date.After(ns[j].Date) })
	return ns
}

func (s *Site) feed() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><title>` + html.EscapeString(s.Name) + ` お知らせ</title><link>` + s.URL() + "/</link>\n")
	for _, n := range s.sorted() {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s%s</link><pubDate>%s</pubDate></item>\n", html.EscapeString(n.Title), s.URL(), n.Path,
			n.Date.UTC().Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func (s *Site) sitemapIndex() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>` + s.URL() + `/sitemap-news.xml</loc><lastmod>` +
		s.changed.UTC().Format(time.RFC3339) + `</lastmod></sitemap></sitemapindex>
`)
}

func (s *Site) sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, n := range s.sorted() {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", s.URL(), n.Path, n.Date.UTC().Format("2006-01-02"))
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// chrome is the menu and footer every page has, which a list reader must
// leave out.
func (s *Site) chrome(main string) string {
	return `<!DOCTYPE html><html lang="ja"><head><meta charset="` + s.Encoding + `"><title>` + html.EscapeString(s.Name) + `</title></head><body>
<header><a href="/">` + html.EscapeString(s.Name) + ` トップページ</a></header>
<nav><ul><li><a href="/about/">` + "組織概要のご紹介" + `</a></li><li><a href="/news/">お知らせ一覧を見る</a></li><li><a href="/contact/">お問い合わせ窓口</a></li></ul></nav>
<main>` + main + `</main>
<footer><a href="/privacy/">個人情報保護方針について</a> <a href="/sitemap/">サイトマップはこちら</a> Copyright ` + html.EscapeString(s.Name) + `</footer>
</body></html>
`
}

func (s *Site) list() string {
	var b strings.Builder
	b.WriteString("<h1>お知らせ一覧</h1>\n<ul class=\"news-list\">\n")
	for _, n := range s.sorted() {
		fmt.Fprintf(&b, "<li><span class=\"date\">%d年%d月%d日</span> <a href=\"%s\">%s</a></li>\n", n.Date.Year(), n.Date.Month(), n.Date.Day(),
			n.Path, html.EscapeString(n.Title))
	}
	b.WriteString("</ul>\n")
	return s.chrome(b.String())
}

func (s *Site) page(n *Notice) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<article><h1>%s</h1>\n<p>%d年%d月%d日</p>\n<p>%s</p>\n", html.EscapeString(n.Title), n.Date.Year(), n.Date.Month(), n.Date.Day(),
		html.EscapeString(s.Name))
	for line := range strings.Lines(n.Body) {
		if l := strings.TrimSpace(line); l != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(l))
		}
	}
	b.WriteString("</article>")
	return s.chrome(b.String())
}

// encode writes a page in the site's encoding.
func (s *Site) encode(page string) []byte {
	switch s.Encoding {
	case "Shift_JIS":
		b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(page))
		if err == nil {
			return b
		}
	case "EUC-JP":
		b, err := japanese.EUCJP.NewEncoder().Bytes([]byte(page))
		if err == nil {
			return b
		}
	}
	return []byte(page)
}

// Package web serves the public casebook: server-rendered Japanese pages,
// Atom feeds and a read-only JSON API over a casebook store.
//
// Pages are html/template files embedded in the binary, parsed once at
// start-up and rendered into a buffer from one typed struct per page.
// Everything a response shows derives from the casebook's version
// (jikenbo.QueryStore.CasebookVersion), which is also the ETag of pages,
// feeds and API responses, so revalidation costs one small query.
// Release text comes from the wild and is only ever written through
// html/template's escaping; the pages carry no script at all and a
// Content-Security-Policy that forbids any.
package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"golang.org/x/sync/singleflight"
)

// Store is what the public site needs of a casebook: reads of its
// public part only (jikenbo.QueryStore), so that no page can show a
// draft; the desk reads drafts through DeskConfig.Store. The versions
// are those of a release already found public.
type Store interface {
	FindVersionHeads(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseVersion, error)
	ReadOriginal(ctx context.Context, releaseID int64, n int, p []byte, off int64) (int, error)
	FindCaseRedirect(ctx context.Context, id string) (string, error)
	FindRetiredCase(ctx context.Context, id string) (*jikenbo.RetiredCase, error)
	FindDeletedRelease(ctx context.Context, id int64) (*jikenbo.DeletedRelease, error)
	FindLabelRedirect(ctx context.Context, name string) (string, error)
	FindReleaseRedirect(ctx context.Context, id int64) (int64, error)
	FindReleaseSources(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseSource, error)
	FindCaseChecks(ctx context.Context, caseIDs []string) ([]jikenbo.CaseCheck, error)
	FindReleaseEdits(ctx context.Context, caseID string) ([]jikenbo.ReleaseEdit, error)
	jikenbo.QueryStore
}

// Config configures a Server.
type Config struct {
	Store Store
	// BaseURL is the public origin the site is reached at
	// ("https://casebook.example"), used for canonical links, feed IDs
	// and absolute URLs in the API.
	BaseURL string
	Log     *slog.Logger
	// SiteName is shown in titles and feeds.
	SiteName string
	// Now returns the current time (days since a case's last release).
	Now func() time.Time
	// SampleLabel is the label of sample releases: while a public release
	// carries it, the footer says the casebook holds sample data.
	SampleLabel string
	// Desk, when set, adds login, the editors' desk and the write API.
	Desk *DeskConfig
	// CacheBytes bounds the response cache (cache.go): 0 means 64 MiB, a
	// negative value turns it off.
	CacheBytes int
	// AccessLog logs every request at info level on Log (ops.go).
	AccessLog bool
}

// Server is the casebook's HTTP handler.
type Server struct {
	store    Store
	base     *url.URL
	log      *slog.Logger
	siteName string
	now      func() time.Time
	sample   string
	pages    *templates
	static   *staticFiles
	handler  http.Handler
	desk     *DeskConfig
	started  time.Time
	// accessLog logs every request (ops.go).
	accessLog bool
	// hashSlots bounds the password checks running at once.
	hashSlots chan struct{}
	// passwordChecks counts the password hashes computed for logins.
	passwordChecks atomic.Int64
	// largePages bounds the pages of large releases rendered at once
	// (release.go).
	largePages chan struct{}
	// originals spools the large originals being read (original.go).
	originals *originalSpool

	// mu guards cur only; no query runs under it. flight makes the
	// requests of one casebook version share one computation of the
	// per-version data, and of its statistics, without making the
	// requests of other pages wait for the statistics.
	mu     sync.Mutex
	cur    *derived
	flight singleflight.Group
	// cache keeps whole responses per casebook version (nil: off).
	cache *responseCache
}

// derived holds what many pages share, computed once per casebook
// version: the archive list on every page, the labels, the statistics.
type derived struct {
	version jikenbo.Version
	archive []archiveYear
	// archiveHTML is the archive column, rendered (templates.archiveHTML).
	archiveHTML template.HTML
	labels      []*jikenbo.Label
	sample      bool

	statsMu sync.Mutex // guards stats
	stats   *jikenbo.Stats
	// totals are counted from the case summaries (totals.go); the home
	// page needs them, so they do not wait for the statistics.
	totalsMu sync.Mutex
	totals   *caseTotals
	// classes are every public release's and case's classes, which the
	// totals and the lenses count (QueryStore.Classes); dropped once both
	// have (classesDone), being the largest of this data.
	classesMu   sync.Mutex // guards classes and classesDone
	classes     *jikenbo.Classes
	classesDone [2]bool // by the lens data, by the totals
	// lens and reports are what the taxonomy switch and the yearly
	// reports count (lens.go, report.go), read when first asked for;
	// like stats, each has its own lock so that only the requests that
	// need them wait.
	lensMu    sync.Mutex // guards lens
	lens      *lensData
	reportsMu sync.Mutex // guards reports
	reports   map[int]*reportData
	// counts are the totals of the lists read so far (counts.go).
	countsMu sync.Mutex // guards counts
	counts   counts
	// band is the home page's row of figures on bandDay (band.go).
	bandMu  sync.Mutex // guards band and bandDay
	band    *homeBand
	bandDay jikenbo.Date
}

// New returns a server; it fails when a template does not parse or is
// left out of the page table.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("web: a store is required")
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("web: base URL %q: want http(s)://host", cfg.BaseURL)
	}
	s := &Server{store: cfg.Store, base: base, log: cfg.Log, siteName: cfg.SiteName, now: cfg.Now, sample: cfg.SampleLabel,
		started: time.Now().UTC().Truncate(time.Second), accessLog: cfg.AccessLog, largePages: make(chan struct{}, largePageSlots),
		originals: newOriginalSpool()}
	if cfg.Desk != nil {
		if cfg.Desk.Store == nil || cfg.Desk.Editor == nil {
			return nil, fmt.Errorf("web: the desk needs a store and an editor")
		}
		d := *cfg.Desk
		d.defaults()
		s.desk = &d
		s.hashSlots = make(chan struct{}, d.HashSlots)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.siteName == "" {
		s.siteName = "セキュリティ事件簿"
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(s.templateFuncs()); err != nil {
		return nil, err
	}
	switch {
	case cfg.CacheBytes == 0:
		s.cache = newResponseCache(64 << 20)
	case cfg.CacheBytes > 0:
		s.cache = newResponseCache(cfg.CacheBytes)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = s.withOps(http.NewCrossOriginProtection().Handler(securityHeaders(s.wellFormed(s.cached(compress(mux.ServeHTTP))))))
	return s, nil
}

// ServeHTTP serves the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// securityHeaders sets what every response carries. The pages need no
// script, so the policy allows none: even a tag that slipped through
// escaping would not run. connect-src 'self' lets a browser's own tools
// (Lighthouse reads robots.txt from the page) fetch from the site; with
// no script allowed, no page can use it.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		next.ServeHTTP(w, r)
	})
}

// wellFormed answers 400 to a URL whose path or parameters hold a NUL
// byte, another control character than tab and line breaks, or bytes
// that are not UTF-8, before
// any handler or store sees them: SQLite would take such a string and
// PostgreSQL refuse it, so both engines answer alike.
func (s *Server) wellFormed(next http.HandlerFunc) http.HandlerFunc {
	bad := func(v string) bool {
		return !utf8.ValidString(v) ||
			strings.ContainsFunc(v, func(r rune) bool { return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f })
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok := !bad(r.URL.Path)
		if ok {
			q, err := url.ParseQuery(r.URL.RawQuery)
			ok = err == nil
			for k, vs := range q {
				ok = ok && !bad(k) && !slices.ContainsFunc(vs, bad)
			}
		}
		if ok {
			next(w, r)
			return
		}
		refuse := func(http.ResponseWriter, *http.Request) error {
			return jikenbo.Errorf(jikenbo.EINVALID, "URL に制御文字か UTF-8 でない文字が含まれています")
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.api(refuse)(w, r)
		} else {
			s.html(refuse)(w, r)
		}
	}
}

// abs returns the absolute URL of a site path.
func (s *Server) abs(path string) string { return s.base.String() + path }

// shared returns the per-version data, computing it when the casebook
// changed since the last request. The requests of one version share one
// computation, so a burst after an import runs the aggregates once.
func (s *Server) shared(ctx context.Context) (*derived, error) {
	v, err := s.store.CasebookVersion(ctx)
	if err != nil {
		return nil, err
	}
	if d := s.current(); d != nil && d.version == v {
		return d, nil
	}
	// The computation outlives a waiter that gives up: the others still
	// want its result.
	ctx = context.WithoutCancel(ctx)
	res, err, _ := s.flight.Do(fmt.Sprintf("%d/%d", v.N, v.Changed.UnixNano()), func() (any, error) {
		if d := s.current(); d != nil && d.version == v {
			return d, nil
		}
		d := &derived{version: v}
		months, err := s.store.ArchiveCounts(ctx)
		if err != nil {
			return nil, err
		}
		d.archive = groupArchive(months)
		if d.archiveHTML, err = s.pages.archiveHTML(d.archive); err != nil {
			return nil, err
		}
		if d.labels, err = s.store.PublicLabels(ctx); err != nil {
			return nil, err
		}
		for _, l := range d.labels {
			if s.sample != "" && l.Name == s.sample {
				d.sample = true
			}
		}
		s.mu.Lock()
		s.cur = d
		s.mu.Unlock()
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	return res.(*derived), nil
}

// current is the per-version data last computed (nil before the first).
func (s *Server) current() *derived {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// stats returns the statistics of d's version, computed once: the
// requests that need them wait for one computation, the others do not.
func (s *Server) stats(ctx context.Context, d *derived) (*jikenbo.Stats, error) {
	d.statsMu.Lock()
	defer d.statsMu.Unlock()
	if d.stats != nil {
		return d.stats, nil
	}
	st, err := s.store.CasebookStats(ctx)
	if err != nil {
		return nil, err
	}
	d.stats = st
	return st, nil
}

// jst is the casebook's time zone: releases are dated in Japan.
var jst = time.FixedZone("JST", 9*60*60)

// today is the current day in Japan.
func (s *Server) today() jikenbo.Date { return jikenbo.DateOf(s.now().In(jst)) }

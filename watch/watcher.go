package watch

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/ingest"
)

// Classifier tells an organisation's notice of a security incident (or
// its follow-up) from everything else it publishes: classify.Default(),
// or a test double.
type Classifier interface {
	Classify(title, text string) classify.Verdict
}

// Defaults of Watcher.
const (
	DefaultMinGap   = 2 * time.Second
	DefaultMaxItems = 30
	DefaultLease    = 10 * time.Minute
	// MaxAttempts is how often an item that cannot be fetched or read is
	// tried, on successive polls, before it stays failed.
	MaxAttempts = 5
	// robotsTTL is how long a host's robots.txt is believed (RFC 9309
	// asks for no more than a day).
	robotsTTL = 24 * time.Hour
)

// Watcher polls the due sources and the releases of ongoing cases.
type Watcher struct {
	Store jikenbo.Store
	// Importer files what is found: new releases as drafts (Draft set),
	// new bytes of a release's source as its new version.
	Importer   *casebook.Importer
	Classifier Classifier
	// Reader reads fetched HTML and PDF (zero Reader when nil).
	Reader *ingest.Reader
	// AllowPrivate lets the watcher fetch loopback and private addresses
	// (tests, an intranet); otherwise the desk's SSRF guard applies.
	AllowPrivate bool
	// UserAgent is sent with every request (ingest.UserAgent when "": it
	// names the project and its contact URL).
	UserAgent string
	// MinGap is the least time between two requests to one host.
	MinGap time.Duration
	// Timeout bounds each request (ingest's default when 0).
	Timeout time.Duration
	// MaxItems bounds the new items fetched per source and poll; the rest
	// wait for the next poll.
	MaxItems int
	// Workers is how many hosts are polled at once (default 4).
	Workers int
	// Lease is how long a claimed source is this watcher's alone.
	Lease time.Duration
	// Now and Rand (in [0,1), for backoff jitter) may be replaced in tests.
	Now  func() time.Time
	Rand func() float64
	Log  *slog.Logger

	mu    sync.Mutex
	hosts map[string]*host
}

// host is the politeness state of one host: one request at a time, at
// least MinGap apart, and its robots.txt.
type host struct {
	mu       sync.Mutex
	last     time.Time
	robots   *robotstxt.RobotsData
	robotsAt time.Time
}

// Round counts what one RunOnce did.
type Round struct {
	Polled, NotModified, Failed                            int
	Items, Drafts, Passed, Known, ItemFailures, Disallowed int
	Checked, CheckNotModified, Changed, CheckFailures      int
	Requests                                               int
}

func (r *Round) add(o Round) {
	r.Polled += o.Polled
	r.NotModified += o.NotModified
	r.Failed += o.Failed
	r.Items += o.Items
	r.Drafts += o.Drafts
	r.Passed += o.Passed
	r.Known += o.Known
	r.ItemFailures += o.ItemFailures
	r.Disallowed += o.Disallowed
	r.Checked += o.Checked
	r.CheckNotModified += o.CheckNotModified
	r.Changed += o.Changed
	r.CheckFailures += o.CheckFailures
	r.Requests += o.Requests
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (w *Watcher) rand() float64 {
	if w.Rand != nil {
		return w.Rand()
	}
	return rand.Float64()
}

// Run polls every minute until ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if r, err := w.RunOnce(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			w.log().Error("watch round failed", "err", err)
		} else if r.Polled+r.Checked > 0 {
			w.log().Info("watch round", "polled", r.Polled, "not_modified", r.NotModified, "failed", r.Failed, "drafts", r.Drafts,
				"passed", r.Passed, "known", r.Known, "checked", r.Checked, "check_not_modified", r.CheckNotModified, "changed", r.Changed, "requests", r.Requests)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RunOnce polls every source due now, then re-reads the releases of
// ongoing cases whose check is due. A source that fails is recorded with
// its error and backs off; it never stops the others.
func (w *Watcher) RunOnce(ctx context.Context) (Round, error) {
	var total Round
	lease := w.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	for {
		srcs, err := w.Store.ClaimDueWatchSources(ctx, w.now(), lease, 500)
		if err != nil {
			return total, err
		}
		if len(srcs) == 0 {
			break
		}
		total.add(w.pollAll(ctx, srcs))
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
	r, err := w.checkOpenCases(ctx)
	total.add(r)
	return total, err
}

// pollAll polls sources host by host: the sources of one host one after
// another, Workers hosts at once.
func (w *Watcher) pollAll(ctx context.Context, srcs []*jikenbo.WatchSource) Round {
	byHost := map[string][]*jikenbo.WatchSource{}
	var order []string
	for _, s := range srcs {
		h := hostOf(s.URL)
		if byHost[h] == nil {
			order = append(order, h)
		}
		byHost[h] = append(byHost[h], s)
	}
	workers := w.Workers
	if workers <= 0 {
		workers = 4
	}
	sem := make(chan struct{}, workers)
	var mu sync.Mutex
	var total Round
	var wg sync.WaitGroup
	for _, h := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			for _, s := range byHost[h] {
				r := w.pollSource(ctx, s)
				mu.Lock()
				total.add(r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return total
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host)
}

// Backoff is how long a source waits after its failures-th failure in a
// row: its interval doubled for each, up to a day (or its interval when
// longer), with ±10% jitter so that sources failing together spread out.
func Backoff(every time.Duration, failures int, jitter float64) time.Duration {
	d := every << min(max(failures, 1), 16)
	limit := max(24*time.Hour, every)
	if d <= 0 || d > limit {
		d = limit
	}
	return time.Duration(float64(d) * (0.9 + 0.2*jitter))
}

// pollSource polls one source, files its new items and records the poll.
func (w *Watcher) pollSource(ctx context.Context, s *jikenbo.WatchSource) (r Round) {
	r.Polled++
	links, etag, lastMod, notModified, err := w.readSource(ctx, s, &r)
	at := w.now()
	poll := jikenbo.WatchPoll{At: at, ETag: etag, LastModified: lastMod, NextDue: at.Add(s.Every)}
	if err != nil {
		r.Failed++
		poll.Err = jikenbo.ErrorMessage(err)
		if jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
			poll.Err = err.Error()
		}
		poll.NextDue = at.Add(Backoff(s.Every, s.Failures+1, w.rand()))
		w.log().Warn("watch source failed", "source_url", s.URL, "failures", s.Failures+1, "err", err, "next_due", poll.NextDue)
	} else if notModified {
		r.NotModified++
	} else {
		r.add(w.fileItems(ctx, s, links))
	}
	if err := w.Store.FinishWatchPoll(ctx, s.ID, poll); err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		w.log().Error("recording a poll", "source_url", s.URL, "err", err)
	}
	return r
}

// readSource fetches a source (conditionally) and reads its list; a
// sitemap index's child sitemaps changed since the last success are read
// too.
func (w *Watcher) readSource(ctx context.Context, s *jikenbo.WatchSource, r *Round) (links []Link, etag, lastMod string, notModified bool, err error) {
	h := http.Header{}
	if s.ETag != "" {
		h.Set("If-None-Match", s.ETag)
	}
	if s.LastModified != "" {
		h.Set("If-Modified-Since", s.LastModified)
	}
	f, err := w.get(ctx, s.URL, h, r)
	if err != nil {
		return nil, "", "", false, err
	}
	if f.Status == http.StatusNotModified {
		return nil, "", "", true, nil
	}
	links, err = ReadList(s.Kind, f.URL, f.ContentType, f.Body)
	if err != nil {
		return nil, "", "", false, fmt.Errorf("%s: %w", f.URL, err)
	}
	var out []Link
	for _, l := range links {
		if !l.Sitemap {
			out = append(out, l)
			continue
		}
		// A child sitemap unchanged since the last success is not read
		// again. lastmod is often a day, or a time to the second, so a
		// day's margin keeps a change made the same day.
		if !s.LastSuccess.IsZero() && !l.Date.IsZero() && l.Date.Add(24*time.Hour).Before(s.LastSuccess) {
			continue
		}
		cf, err := w.get(ctx, l.URL, nil, r)
		if err != nil {
			return nil, "", "", false, err
		}
		child, err := ReadList(jikenbo.WatchSitemap, cf.URL, cf.ContentType, cf.Body)
		if err != nil {
			return nil, "", "", false, fmt.Errorf("%s: %w", cf.URL, err)
		}
		for _, c := range child {
			if !c.Sitemap { // an index in an index is not followed
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.After(out[j].Date) })
	return out, f.Header.Get("ETag"), f.Header.Get("Last-Modified"), false, nil
}

// get fetches u politely: robots.txt allowing, one request at a time to
// its host, at least MinGap after the previous one. Only a 2xx (or a 304
// when validators were sent) is an answer; anything else is an error.
func (w *Watcher) get(ctx context.Context, u string, header http.Header, r *Round) (*ingest.Fetched, error) {
	hk := hostOf(u)
	h := w.host(hk)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !strings.HasSuffix(u, "/robots.txt") {
		ok, err := w.allowedLocked(ctx, h, u, r)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errDisallowed(u)
		}
	}
	f, err := w.fetchLocked(ctx, h, u, header, r)
	if err != nil {
		return nil, err
	}
	if f.Status == http.StatusNotModified && header != nil {
		return f, nil
	}
	if f.Status < 200 || f.Status > 299 {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: the server answered %d %s", f.URL, f.Status, http.StatusText(f.Status))
	}
	return f, nil
}

// disallowedError is a URL robots.txt does not let the watcher fetch.
type disallowedError struct{ url string }

func (e *disallowedError) Error() string { return e.url + ": robots.txt disallows it" }

func errDisallowed(u string) error { return &disallowedError{u} }

func (w *Watcher) host(k string) *host {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.hosts == nil {
		w.hosts = map[string]*host{}
	}
	h := w.hosts[k]
	if h == nil {
		h = &host{}
		w.hosts[k] = h
	}
	return h
}

// fetchLocked makes one request, after waiting for the host's gap; h.mu
// is held.
func (w *Watcher) fetchLocked(ctx context.Context, h *host, u string, header http.Header, r *Round) (*ingest.Fetched, error) {
	gap := w.MinGap
	if gap == 0 {
		gap = DefaultMinGap
	}
	if wait := time.Until(h.last.Add(gap)); wait > 0 && !h.last.IsZero() {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	defer func() { h.last = time.Now() }()
	r.Requests++
	return ingest.Fetch(ctx, u, ingest.FetchOptions{RefusePrivate: !w.AllowPrivate, UserAgent: w.UserAgent, Timeout: w.Timeout,
		Header: header, AnyStatus: true, MaxBytes: ingest.MaxPDFSize})
}

// allowedLocked reports whether the host's robots.txt lets the watcher
// fetch u. A missing robots.txt (4xx) allows everything; a server error
// disallows everything until it answers (RFC 9309). h.mu is held.
func (w *Watcher) allowedLocked(ctx context.Context, h *host, u string, r *Round) (bool, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return false, jikenbo.Errorf(jikenbo.EINVALID, "%s: %v", u, err)
	}
	if h.robots == nil || w.now().Sub(h.robotsAt) >= robotsTTL {
		ru := pu.Scheme + "://" + pu.Host + "/robots.txt"
		f, err := w.fetchLocked(ctx, h, ru, nil, r)
		status, body := 0, []byte(nil)
		if err == nil {
			status, body = f.Status, f.Body
		} else {
			status = http.StatusServiceUnavailable
		}
		rd, perr := robotstxt.FromStatusAndBytes(status, body)
		if perr != nil {
			rd, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // unparsable: as if absent
		}
		h.robots, h.robotsAt = rd, w.now()
	}
	agent := w.UserAgent
	if agent == "" {
		agent = ingest.UserAgent()
	}
	path := pu.EscapedPath()
	if pu.RawQuery != "" {
		path += "?" + pu.RawQuery
	}
	return h.robots.TestAgent(path, agent), nil
}

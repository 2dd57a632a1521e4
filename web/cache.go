package web

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
)

// A response is fully determined by the casebook's version, the build
// and the URL (and the day, for the watch list), so responses are kept
// in memory per version: the first request of a URL after a change
// renders it, the next ones copy it. Any write to the casebook, also by
// another process, changes the version and empties the cache. The cache
// holds at most maxBytes of bodies; when full, an arbitrary entry makes
// room, which is enough for a working set of hot pages.

type responseCache struct {
	mu       sync.Mutex
	maxBytes int
	size     int
	version  int64
	day      string
	entries  map[string]*cachedResponse
}

type cachedResponse struct {
	status int
	header http.Header
	body   []byte
}

// cachedHeaders are the headers a cached response repeats.
var cachedHeaders = []string{"Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Disposition", "Access-Control-Allow-Origin",
	"Content-Encoding", "Vary"}

func newResponseCache(maxBytes int) *responseCache {
	if maxBytes <= 0 {
		return nil
	}
	return &responseCache{maxBytes: maxBytes, entries: map[string]*cachedResponse{}}
}

func (c *responseCache) get(version int64, day, key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.day != day {
		c.version, c.day, c.size = version, day, 0
		clear(c.entries)
		return nil
	}
	return c.entries[key]
}

func (c *responseCache) put(version int64, day, key string, e *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.day != day || len(e.body) > c.maxBytes/4 {
		return
	}
	if old := c.entries[key]; old != nil {
		c.size -= len(old.body)
	}
	for k, v := range c.entries {
		if c.size+len(e.body) <= c.maxBytes {
			break
		}
		c.size -= len(v.body)
		delete(c.entries, k)
	}
	c.entries[key] = e
	c.size += len(e.body)
}

// recorder keeps a copy of what a handler writes.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

// cached serves GET requests from the response cache, answering
// revalidation from the cached validators, and fills it with the
// handler's complete 200 responses.
func (s *Server) cached(next http.HandlerFunc) http.HandlerFunc {
	if s.cache == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		// The watch list shows the watcher's checks too, which change no
		// casebook version: it is rendered each time (fifty cases). A
		// selection export is streamed, never held whole.
		if r.Method != http.MethodGet || r.URL.Path == "/watch" || isStreamedExport(r.URL.Path) {
			next(w, r)
			return
		}
		v, err := s.store.CasebookVersion(r.Context())
		if err != nil {
			next(w, r)
			return
		}
		// Each encoding of a URL is its own entry (compress.go).
		day, key := s.today().String(), acceptedEncoding(r)+" "+r.URL.RequestURI()
		if e := s.cache.get(v.N, day, key); e != nil {
			h := w.Header()
			for k, vs := range e.header {
				h[k] = vs
			}
			if notModified(r, e.header.Get("ETag"), e.header.Get("Last-Modified")) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.WriteHeader(e.status)
			w.Write(e.body)
			return
		}
		rec := &recorder{ResponseWriter: w}
		next(rec, r)
		if rec.status != http.StatusOK || rec.Header().Get("ETag") == "" {
			return
		}
		// The handler may have seen a newer version than v; its response
		// then belongs to that version and is not kept under v.
		if etag, _ := s.validators(v, ""); !sameVersion(rec.Header().Get("ETag"), etag) {
			return
		}
		e := &cachedResponse{status: rec.status, header: http.Header{}, body: bytes.Clone(rec.buf.Bytes())}
		for _, k := range cachedHeaders {
			if vs := rec.Header().Values(k); len(vs) > 0 {
				e.header[http.CanonicalHeaderKey(k)] = vs
			}
		}
		s.cache.put(v.N, day, key, e)
	}
}

// sameVersion compares the version part of two ETags ("v12-build…").
func sameVersion(a, b string) bool {
	prefix := func(s string) string {
		s = strings.TrimPrefix(s, "W/")
		for i := 1; i < len(s); i++ {
			if s[i] == '-' {
				return s[:i]
			}
		}
		return s
	}
	return prefix(a) == prefix(b)
}

// notModified applies If-None-Match, then If-Modified-Since, to cached
// validators.
func notModified(r *http.Request, etag, lastModified string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etag != "" && etagMatch(inm, etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && lastModified != "" {
		t, err1 := http.ParseTime(ims)
		lm, err2 := http.ParseTime(lastModified)
		return err1 == nil && err2 == nil && !lm.After(t)
	}
	return false
}

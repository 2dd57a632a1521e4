package web

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Pages, feeds, the API and the stylesheet are text and shrink to a
// fifth or less, so they are sent compressed to a client that accepts it:
// brotli (github.com/andybalholm/brotli, a pure-Go port of the reference
// encoder, so builds stay CGO-free) when offered, else gzip. The
// middleware sits inside the response cache, which keeps each encoding
// of a URL apart (cacheKey), so a cached page is compressed once per
// version, not once per request.
//
// A compressed response carries Vary: Accept-Encoding and its ETag made
// weak (W/"v12-…"): the bytes differ from the identity response's, the
// meaning does not, and If-None-Match compares weakly, so revalidation
// answers 304 whichever encoding the client holds.

// compressible are the media types worth compressing.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/plain": true, "text/csv": true,
	"application/json": true, "application/atom+xml": true, "application/xml": true,
	"application/problem+json": true, "image/svg+xml": true, "application/javascript": true,
}

// Levels chosen for speed at a small loss of size (measured in
// docs/measurements/pages.md): a page is compressed once per version.
const (
	brotliLevel = 5
	gzipLevel   = 6
)

var (
	brotliPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }}
	gzipPool   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel); return w }}
)

// acceptedEncoding picks the encoding for r: "br", "gzip" or "" (none),
// by the client's Accept-Encoding with its q-values; brotli wins a tie.
// A range request gets none: ranges address the identity bytes.
func acceptedEncoding(r *http.Request) string {
	if r.Header.Get("Range") != "" {
		return ""
	}
	q := map[string]float64{}
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		v := 1.0
		if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil {
				continue
			}
			v = f
		}
		q[name] = v
	}
	weight := func(enc string) float64 {
		if v, ok := q[enc]; ok {
			return v
		}
		if v, ok := q["*"]; ok {
			return v
		}
		return 0
	}
	br, gz := weight("br"), weight("gzip")
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// compress compresses next's responses for clients that accept it.
func compress(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		enc := acceptedEncoding(r)
		if enc == "" {
			next(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, enc: enc, head: r.Method == http.MethodHead}
		defer cw.close()
		next(cw, r)
	}
}

// compressWriter decides at the first WriteHeader whether to compress,
// by status, media type and whether the handler encoded the body itself.
type compressWriter struct {
	http.ResponseWriter
	enc  string
	head bool
	// identity: the handler sends its body as it is (leaveUncompressed).
	identity    bool
	wroteHeader bool
	w           io.WriteCloser
}

func (c *compressWriter) WriteHeader(status int) {
	if c.wroteHeader {
		return
	}
	c.wroteHeader = true
	h := c.Header()
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	compressing := status == http.StatusOK && compressible[mt] && h.Get("Content-Encoding") == "" && h.Get("Content-Range") == "" && !c.identity
	if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") && (compressing || status == http.StatusNotModified) {
		// A 304 carries the validator the client holds: the weak one.
		h.Set("ETag", "W/"+etag)
	}
	if !compressing {
		c.ResponseWriter.WriteHeader(status)
		return
	}
	h.Set("Content-Encoding", c.enc)
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	if !c.head {
		switch c.enc {
		case "br":
			bw := brotliPool.Get().(*brotli.Writer)
			bw.Reset(c.ResponseWriter)
			c.w = bw
		case "gzip":
			gw := gzipPool.Get().(*gzip.Writer)
			gw.Reset(c.ResponseWriter)
			c.w = gw
		}
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *compressWriter) Write(b []byte) (int, error) {
	if !c.wroteHeader {
		if c.Header().Get("Content-Type") == "" {
			c.Header().Set("Content-Type", http.DetectContentType(b))
		}
		c.WriteHeader(http.StatusOK)
	}
	if c.w != nil {
		return c.w.Write(b)
	}
	if c.head && c.Header().Get("Content-Encoding") != "" {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}

// close ends the compressed stream and returns its encoder to the pool.
func (c *compressWriter) close() {
	if c.w == nil {
		return
	}
	c.w.Close()
	switch w := c.w.(type) {
	case *brotli.Writer:
		brotliPool.Put(w)
	case *gzip.Writer:
		gzipPool.Put(w)
	}
	c.w = nil
}

// Unwrap lets http.ResponseController reach the connection.
func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// leaveUncompressed makes w send the body as the handler writes it: a
// release's original is served byte for byte with ranges (and a large one
// streamed from a file, so that a slow reader holds a connection, not a
// compressed copy).
func leaveUncompressed(w http.ResponseWriter) {
	for {
		switch v := w.(type) {
		case *compressWriter:
			v.identity = true
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return
		}
	}
}

package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// rawGet fetches path with the given Accept-Encoding, without the
// transport's transparent gzip, and returns the response with its body
// decoded as its Content-Encoding says.
func rawGet(t *testing.T, fx *fixture, path, accept string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", fx.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", accept)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = bytes.NewReader(raw)
	enc := res.Header.Get("Content-Encoding")
	if res.StatusCode == http.StatusNotModified {
		enc = ""
	}
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		if r, err = gzip.NewReader(r); err != nil {
			t.Fatalf("%s (%s): %v", path, accept, err)
		}
	case "":
	default:
		t.Fatalf("%s: Content-Encoding %q", path, res.Header.Get("Content-Encoding"))
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s (%s): decode: %v", path, accept, err)
	}
	res.ContentLength = int64(len(raw))
	return res, body
}

// TestCompression: pages, feeds, the API and the stylesheet come
// brotli- or gzip-compressed as negotiated, with Vary, the same bytes as
// the identity response once decoded, a weak ETag that revalidates to
// 304 (also from the response cache), and never twice compressed.
func TestCompression(t *testing.T) {
	fx := newFixture(t)
	css := fx.doc(t, "/", http.StatusOK).Find(`link[rel="stylesheet"]`).AttrOr("href", "")
	paths := []string{"/", "/cases/2024-359", "/stats", "/feed.atom", "/api/v1/stats", "/api/v1/releases", "/sitemap.xml", css}
	for _, tt := range []struct{ accept, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=0, gzip;q=0.8", "gzip"},
		{"*", "br"},
		{"gzip;q=0", ""},
	} {
		for _, p := range paths {
			plain, want := rawGet(t, fx, p, "")
			// Twice: the second answer comes from the response cache.
			for round := range 2 {
				res, body := rawGet(t, fx, p, tt.accept)
				if got := res.Header.Get("Content-Encoding"); got != tt.want {
					t.Errorf("%s (Accept-Encoding %q, round %d): Content-Encoding %q, want %q", p, tt.accept, round, got, tt.want)
				}
				if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("%s (%q): Vary %q", p, tt.accept, res.Header.Get("Vary"))
				}
				if !bytes.Equal(body, want) {
					t.Errorf("%s (%q, round %d): decoded body differs from the identity body (%d vs %d bytes)", p, tt.accept, round, len(body), len(want))
				}
				etag := res.Header.Get("ETag")
				if tt.want != "" && int(res.ContentLength)*2 > len(want) {
					t.Errorf("%s (%q): %d bytes compressed of %d", p, tt.accept, res.ContentLength, len(want))
				}
				if etag == "" {
					continue
				}
				if weak := strings.HasPrefix(etag, "W/"); tt.want != "" && !weak || tt.want == "" && etag != plain.Header.Get("ETag") {
					t.Errorf("%s (%q): ETag %q (identity %q)", p, tt.accept, etag, plain.Header.Get("ETag"))
				}
				for _, inm := range []string{etag, plain.Header.Get("ETag")} {
					if r, b := rawGet(t, fx, p, tt.accept, "If-None-Match", inm); r.StatusCode != http.StatusNotModified || len(b) != 0 {
						t.Errorf("%s (%q) with If-None-Match %s: %d", p, tt.accept, inm, r.StatusCode)
					}
				}
			}
		}
	}
	// A handler's own encoding is left alone, and a range request gets
	// identity bytes.
	if res, _ := rawGet(t, fx, css, "br", "Range", "bytes=0-9"); res.Header.Get("Content-Encoding") != "" || res.StatusCode != http.StatusPartialContent {
		t.Errorf("range request: %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	// A release's original goes out byte for byte, with ranges, whatever
	// the client accepts.
	orig := "/releases/" + itoa(fx.xssID) + "/original"
	if res, _ := rawGet(t, fx, orig, "gzip, br"); res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "" ||
		res.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("%s: %d, Content-Encoding %q, Accept-Ranges %q; want the bytes as kept", orig, res.StatusCode,
			res.Header.Get("Content-Encoding"), res.Header.Get("Accept-Ranges"))
	}
}

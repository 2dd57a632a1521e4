package ingest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/testenv"
)

// newServer starts a real HTTP server on 127.0.0.1.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	page := mustRead(t, "testdata/html/news-sjis.html")
	pdf := mustRead(t, "testdata/pdf/cid-ucs2.pdf")
	var gotUA string
	mux := http.NewServeMux()
	mux.HandleFunc("/news/1.html", func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.UserAgent()
		w.Header().Set("Content-Type", "text/html; charset=Shift_JIS")
		w.Write(page)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/1.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/release.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	})
	srv := newServer(t, mux)

	f, err := Fetch(context.Background(), srv.URL+"/old", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.URL != srv.URL+"/news/1.html" || f.ContentType != "text/html; charset=Shift_JIS" || len(f.Body) != len(page) {
		t.Errorf("got %s %q %d bytes", f.URL, f.ContentType, len(f.Body))
	}
	if !strings.HasPrefix(gotUA, "jikenbo/") || !strings.HasSuffix(gotUA, " (+https://github.com/jikenbo/jikenbo)") {
		t.Errorf("User-Agent %q", gotUA)
	}
	// What Fetch returns goes straight into Read, the final URL as source.
	var r Reader
	res, err := r.Read(context.Background(), f.URL, f.ContentType, f.Body)
	if err != nil || res.Documents[0].Source != srv.URL+"/news/1.html" || res.Documents[0].Encoding != ShiftJIS {
		t.Errorf("read: %v %+v", err, res)
	}

	// A PDF comes as bytes whatever is installed; reading it needs
	// pdftotext.
	f, err = Fetch(context.Background(), srv.URL+"/release.pdf", FetchOptions{})
	if err != nil || f.ContentType != "application/pdf" {
		t.Fatalf("pdf: %v", err)
	}
	t.Run("ReadPDF", func(t *testing.T) {
		testenv.PopplerData(t)
		res, err := r.Read(context.Background(), f.URL, f.ContentType, f.Body)
		if err != nil || res.Kind != KindPDF || !strings.Contains(res.Documents[0].Text, "みさき町教育委員会") {
			t.Errorf("pdf read: %v %+v", err, res)
		}
	})
}

func TestFetchErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: the limit must hold while reading.
		for range 3 {
			w.Write(make([]byte, 1<<20))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/declared-big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(100<<20))
		w.Write([]byte("x"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := newServer(t, mux)
	tests := []struct {
		path string
		opts FetchOptions
		want string
	}{
		{"/missing", FetchOptions{}, "/missing: the server answered 404 Not Found"},
		{"/loop/0", FetchOptions{}, "/loop/0: more than 5 redirects"},
		{"/big", FetchOptions{MaxBytes: 2 << 20}, "/big: the body is more than the 2 MB limit"},
		{"/declared-big", FetchOptions{}, "/declared-big: 100 MB is more than the 64 MB limit"},
		{"/slow", FetchOptions{Timeout: 300 * time.Millisecond}, "/slow: no answer within 300ms"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := Fetch(context.Background(), srv.URL+tt.path, tt.opts)
			if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x", "not a url"} {
		if _, err := Fetch(context.Background(), u, FetchOptions{}); err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "not an http or https URL") {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestFetchRefusePrivate(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("internal")) }))
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	// Off (the CLI's default): loopback is fine.
	if _, err := Fetch(context.Background(), srv.URL, FetchOptions{}); err != nil {
		t.Fatal(err)
	}
	// On: refused, by IP and by a name that resolves to loopback.
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/"} {
		_, err := Fetch(context.Background(), u, FetchOptions{RefusePrivate: true})
		if err == nil || jikenbo.ErrorCode(err) != jikenbo.EFORBIDDEN || !strings.Contains(jikenbo.ErrorMessage(err), "loopback, private or link-local") {
			t.Errorf("%s: got %v, want refused", u, err)
		}
	}
	// Redirects need no check of their own: every connection, the first
	// or one after a redirect, is dialled through the same Control hook.
}

func TestPublicAddr(t *testing.T) {
	for s, want := range map[string]bool{
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "0.1.2.3": false, "224.0.0.1": false, "::1": false, "fe80::1": false,
		"fc00::1": false, "::ffff:127.0.0.1": false, "::": false,
		"8.8.8.8": true, "133.242.0.1": true, "2001:4860:4860::8888": true,
		// IPv6 forms that carry an IPv4 address are judged by it.
		"64:ff9b::127.0.0.1": false, "64:ff9b::10.0.0.1": false, "64:ff9b::169.254.169.254": false, "64:ff9b::8.8.8.8": true,
		"64:ff9b:1::a00:1": false, "2002:7f00:1::": false, "2002:a9fe:a9fe::1": false, "2002:808:808::1": true,
		"::127.0.0.1": false, "::10.0.0.1": false, "::ffff:0:127.0.0.1": false, "::ffff:0:192.168.0.1": false,
		"2001:0:7f00:1::1": false, "2001:0:808:808::80f7:f7fe": false, "2001:0:808:808::f7f7:f7f7": true,
	} {
		if got := publicAddr(netip.MustParseAddr(s)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", s, got, want)
		}
	}
}

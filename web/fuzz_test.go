package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRoutes are the public GET routes whose path and query come from
// anyone; {x} is replaced by the fuzzed path segment.
var fuzzRoutes = []string{
	"/api/v1/releases", "/api/v1/cases", "/api/v1/releases/{x}", "/api/v1/cases/{x}", "/api/v1/orgs/{x}", "/api/v1/labels", "/api/v1/stats",
	"/", "/search", "/search/feed.atom", "/feed.atom", "/archive/{x}", "/archive/2024/{x}", "/cases/{x}", "/releases/{x}",
	"/releases/{x}/original", "/orgs/{x}", "/orgs/{x}/feed.atom", "/labels", "/labels/{x}", "/labels/{x}/feed.atom", "/watch", "/stats",
	"/api/v1/cases.veris.json", "/api/v1/cases.stix.json", "/api/v1/cases/{x}.veris.json", "/api/v1/cases/{x}.stix.json",
}

// FuzzPublicRequest sends the public routes any query string (cursor,
// limit, q, filters, in any encoding) and any path segment: the answer
// is never a server error, an API answer is JSON, a page is UTF-8, a
// draft shows nowhere, and an API page's next link is itself a page.
func FuzzPublicRequest(f *testing.F) {
	dir := f.TempDir()
	fx, err := buildFixture(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { fx.srv.Close(); fx.store.Close(); os.RemoveAll(dir) })
	h := fx.srv.Config.Handler
	for i := range fuzzRoutes {
		f.Add(uint8(i), "1", "")
	}
	f.Add(uint8(0), "1", "limit=2&q=%E6%BC%8F%E3%81%88%E3%81%84")
	f.Add(uint8(0), "1", "cursor=MjAyNC0xMy0wMXx4&limit=0")
	f.Add(uint8(1), "1", "cursor=eA&status=concluded&limit=100")
	f.Add(uint8(8), "1", "q=%E5%B9%B43%E6%9C%88&category=x&persons=1-10&third_party=maybe&year=20245&since=2024-02-30&org=-1")
	f.Add(uint8(8), "1", "q=%22%2A%3A%26%7C%21%28&cursor=%00&label=%FF")
	f.Add(uint8(14), "99999999999999999999", "version=-1")
	f.Add(uint8(19), "%E4%B8%8D%E6%AD%A3", "cursor=x")
	f.Fuzz(func(t *testing.T, route uint8, segment, query string) {
		path := strings.ReplaceAll(fuzzRoutes[int(route)%len(fuzzRoutes)], "{x}", url.PathEscape(segment))
		res := serve(h, path, query)
		if res.Code >= 500 {
			t.Fatalf("GET %s?%s: %d %s", path, query, res.Code, res.Body)
		}
		body := res.Body.String()
		if res.Code == http.StatusOK && !strings.HasSuffix(path, "/original") && !utf8.ValidString(body) {
			t.Fatalf("GET %s?%s: invalid UTF-8 in the answer", path, query)
		}
		if strings.Contains(body, "下書きの公表文") {
			t.Fatalf("GET %s?%s shows the draft", path, query)
		}
		if !strings.HasPrefix(path, "/api/") {
			return
		}
		if !json.Valid(res.Body.Bytes()) {
			t.Fatalf("GET %s?%s: %d, not JSON: %s", path, query, res.Code, body)
		}
		var page struct {
			Next *string `json:"next"`
		}
		if res.Code == http.StatusOK && json.Unmarshal(res.Body.Bytes(), &page) == nil && page.Next != nil {
			u, err := url.Parse(*page.Next)
			if err != nil {
				t.Fatalf("next link %q: %v", *page.Next, err)
			}
			if next := serve(h, u.Path, u.RawQuery); next.Code != http.StatusOK {
				t.Fatalf("GET %s?%s: its next link %s answers %d %s", path, query, *page.Next, next.Code, next.Body)
			}
		}
	})
}

// serve answers one GET in process, as the server would.
func serve(h http.Handler, path, rawQuery string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, "", rawQuery
	if p, err := url.PathUnescape(path); err == nil {
		req.URL.Path, req.URL.RawPath = p, path
	}
	req.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

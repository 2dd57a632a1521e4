package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadHTML: any bytes give a document or an error, never a panic, and
// a document's text is valid UTF-8 without empty lines.
func FuzzReadHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, file := range files {
		f.Add(mustRead(f, file), "")
	}
	f.Add([]byte("<p>個人\n情報<br>漏えい<td>件数</td>"), "text/html; charset=shift_jis")
	f.Add([]byte("<html><head><title>a | b</title><meta property=og:title content='c｜b'></head><h1></h1>"), "text/html; charset=euc-jp")
	f.Fuzz(func(t *testing.T, b []byte, contentType string) {
		d, err := ReadHTML("fuzz.html", contentType, b)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
			t.Errorf("invalid UTF-8 out of %q", b)
		}
		if strings.Contains(d.Text, "\n\n") {
			t.Errorf("empty line in %q", d.Text)
		}
	})
}

// FuzzReadBlogger: any bytes give posts and problems or an error, never a
// panic, and every post has a source.
func FuzzReadBlogger(f *testing.F) {
	f.Add(mustRead(f, "testdata/blogger/broken.xml"))
	b := string(mustRead(f, "testdata/blogger/takeout-feed.atom"))
	// The first two entries are enough for the fuzzer to mutate.
	if i := strings.Index(b, "<entry>"); i > 0 {
		if j := strings.Index(b[i+1:], "<entry>"); j > 0 {
			if k := strings.Index(b[i+1+j+1:], "<entry>"); k > 0 {
				f.Add([]byte(b[:i+1+j+1+k] + "</feed>"))
			}
		}
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><published>2024-01-01T00:00:00Z</published><link rel="alternate" href="https://b.example/1.html"/><content type="html">&lt;p&gt;a&lt;/p&gt;</content></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := ReadBlogger("fuzz.xml", b)
		if err != nil {
			return
		}
		for _, p := range res.Posts {
			if p.Source == "" {
				t.Errorf("post without source out of %q", b)
			}
		}
	})
}

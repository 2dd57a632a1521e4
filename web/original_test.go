package web_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

// TestOriginal serves the archived bytes of each version of an HTML
// release: never as text/html, with nosniff and a CSP that runs nothing.
func TestOriginal(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	im := &casebook.Importer{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	v1, err := os.ReadFile("../ingest/testdata/html/news-utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir() + "/news.html"
	if err := os.WriteFile(src, v1, 0o600); err != nil {
		t.Fatal(err)
	}
	if sum, err := im.Import(ctx, []string{src}); err != nil || sum.Added != 1 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	rel, err := fx.store.FindReleaseBySource(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	v2 := []byte(strings.Replace(string(v1), "418件", "512件", 1))
	if err := os.WriteFile(src, v2, 0o600); err != nil {
		t.Fatal(err)
	}
	if sum, err := im.Import(ctx, []string{src}); err != nil || sum.Versions != 1 {
		t.Fatalf("re-import: %+v, %v", sum, err)
	}
	id := strings.TrimSpace(strings.Split(rel.String(), " ")[1])
	for _, tt := range []struct {
		path string
		want []byte
	}{
		{"/releases/" + id + "/original", v2},
		{"/releases/" + id + "/original?version=1", v1},
		{"/releases/" + id + "/original?version=2", v2},
	} {
		res := fx.get(t, tt.path)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(body) != string(tt.want) {
			t.Errorf("%s: status %d, %d bytes; want 200 and the stored %d bytes", tt.path, res.StatusCode, len(body), len(tt.want))
		}
		h := res.Header
		if ct := h.Get("Content-Type"); strings.Contains(ct, "html") || !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s: Content-Type %q, want text/plain", tt.path, ct)
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".html") {
			t.Errorf("%s: Content-Disposition %q, want an .html attachment", tt.path, cd)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: nosniff %q, CSP %q", tt.path, h.Get("X-Content-Type-Options"), h.Get("Content-Security-Policy"))
		}
	}
	if res := fx.get(t, "/releases/"+id+"/original?version=3"); res.StatusCode != http.StatusNotFound {
		t.Errorf("version 3: status %d, want 404", res.StatusCode)
	}
	if res := fx.get(t, "/releases/"+id+"/original?version=x"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("version x: status %d, want 400", res.StatusCode)
	}
	d := fx.doc(t, "/releases/"+id, http.StatusOK)
	if href, _ := d.Find("a.original-link").Attr("href"); href != "/releases/"+id+"/original" {
		t.Errorf("release page links the original at %q", href)
	}
	if n := d.Find("ol.versions a.version-link").Length(); n != 2 {
		t.Errorf("release page lists %d versions, want 2", n)
	}
	if !strings.Contains(d.Find(".release-text").Text(), "512件") {
		t.Errorf("release page does not show the latest version's text")
	}
}

// TestPastedPDFIsText: text pasted at the desk that looks like a PDF, down
// to its end mark, is served as the text it is, never as a PDF.
func TestPastedPDFIsText(t *testing.T) {
	fx := newDeskFixture(t, nil)
	ctx := context.Background()
	d := &casebook.Desk{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	pasted := "%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n株式会社貼付 不正アクセスのお知らせ\n%%EOF\n"
	rel, err := d.AddText(ctx, "hanako", pasted)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Publish(ctx, "hanako", rel.ID); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(fx.srv.URL + "/releases/" + itoa(rel.ID) + "/original")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || ct != "text/plain; charset=utf-8" || body != pasted {
		t.Errorf("pasted %%PDF- text: %d, Content-Type %q, want 200 text/plain with the pasted text", res.StatusCode, ct)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

const testdata = "../../ingest/testdata"

// TestImportKinds imports each kind of committed fixture through run():
// HTML in three encodings, Chromium PDFs and Blogger exports, then bad
// inputs, each named in its error while the import goes on.
func TestImportKinds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	code, out, errs := casebookCLI(t, "import", "--db", db, filepath.Join(testdata, "html"))
	// Two of the pages are others' copies of one release (the same text
	// under another charset label): kept as its sources.
	if code != 0 || !strings.Contains(out, "7 files: 5 added") || !strings.Contains(out, "2 releases already in the casebook came from another source") {
		t.Fatalf("import html: %d\n%s%s", code, out, errs)
	}
	code, out, errs = casebookCLI(t, "import", "--db", db, filepath.Join(testdata, "blogger", "legacy-export.xml"))
	if code != 0 || !strings.Contains(out, "Blogger entries skipped (not live posts):") || strings.Contains(out, " 0 added") {
		t.Fatalf("import blogger: %d\n%s%s", code, out, errs)
	}
	var doc struct {
		Releases []struct {
			Source string   `json:"source"`
			Labels []string `json:"labels"`
		} `json:"releases"`
	}
	code, exp, errs := casebookCLI(t, "export", "--db", db, "--format", "json")
	if code != 0 || json.Unmarshal([]byte(exp), &doc) != nil {
		t.Fatalf("export: %d %s", code, errs)
	}
	posts := 0
	for _, r := range doc.Releases {
		if strings.HasPrefix(r.Source, "http") {
			posts++
			if len(r.Labels) == 0 {
				t.Errorf("post %s has no labels", r.Source)
			}
		}
	}
	if posts == 0 {
		t.Errorf("no release has a post URL as its source")
	}

	t.Run("PDF", func(t *testing.T) {
		testenv.PopplerData(t)
		code, out, errs := casebookCLI(t, "import", "--db", db, filepath.Join(testdata, "pdf", "pdf-release.pdf"), filepath.Join(testdata, "pdf", "pdf-twocol.pdf"))
		if code != 0 || !strings.Contains(out, "2 files: 2 added") {
			t.Errorf("import pdf: %d\n%s%s", code, out, errs)
		}
	})

	// Bad inputs: each is named, the good file after them still goes in.
	dir := t.TempDir()
	pdf, err := os.ReadFile(filepath.Join(testdata, "pdf", "pdf-release.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "a-truncated.pdf")
	writeFile(t, truncated, string(pdf[:len(pdf)/3]))
	huge := filepath.Join(dir, "b-huge.html")
	writeFile(t, huge, "<html><body><p>"+strings.Repeat("個人情報", 50<<20/12)+"</p></body></html>")
	invalid := filepath.Join(dir, "c-invalid.txt")
	writeFile(t, invalid, strings.Repeat("\xff\xfe\x80\x81 ", 400))
	good := filepath.Join(dir, "d-good.txt")
	writeFile(t, good, "株式会社見本工業\nメール誤送信に関するお詫び\n\n2025年3月3日、お客様12名のメールアドレスが他のお客様に表示される誤送信がありました。\n")
	bad := []string{truncated, filepath.Join(testdata, "bad", "really-html.pdf"), huge, filepath.Join(testdata, "blogger", "broken.xml"), invalid, good}
	code, out, errs = casebookCLI(t, append([]string{"import", "--db", db}, bad...)...)
	if code != 1 {
		t.Errorf("bad inputs: exit %d, want 1", code)
	}
	for _, p := range bad[:5] {
		// Paths are made absolute: one file is one source however it is spelled.
		if p, _ = filepath.Abs(p); !strings.Contains(errs, p) {
			t.Errorf("no error names %s:\n%s", p, errs)
		}
	}
	if !strings.Contains(errs, "HTML, not a PDF") || !strings.Contains(errs, "broken XML") {
		t.Errorf("errors do not say what is wrong:\n%s", errs)
	}
	if !strings.Contains(out, "1 added") {
		t.Errorf("the good file after the bad ones was not imported: %s", out)
	}
	code, exp2, _ := casebookCLI(t, "export", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(exp2, "見本工業") {
		t.Errorf("export after bad inputs: %d", code)
	}
}

// TestURLVersions re-imports a URL whose page changed: the second import
// is a new version of the same release with the changed facts, the third
// (same bytes) adds nothing; history shows the diff, and the export keeps
// the versions through a round trip.
func TestURLVersions(t *testing.T) {
	v1 := "<html><head><title>お知らせ</title></head><body><h1>個人情報漏えいに関するお詫び</h1><p>株式会社見本通販</p><p>2025年5月10日</p><p>当社通販サイトが不正アクセスを受け、お客様1,200名のクレジットカード情報が漏えいした可能性があります。</p><p>現在調査中です。</p></body></html>"
	v2 := strings.Replace(v1, "1,200名", "2,400名", 1)
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if n.Add(1) == 1 {
			w.Write([]byte(v1))
		} else {
			w.Write([]byte(v2))
		}
	}))
	defer srv.Close()
	url := srv.URL + "/news/2025/0510.html"
	db := filepath.Join(t.TempDir(), "c.db")
	for i, want := range []string{"1 added", "1 new version of", "1 already present"} {
		code, out, errs := casebookCLI(t, "import", "--db", db, url)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("import %d: %d, want %q\n%s%s", i+1, code, want, out, errs)
		}
	}
	code, out, errs := casebookCLI(t, "history", "--db", db, url)
	if code != 0 {
		t.Fatalf("history: %d %s", code, errs)
	}
	for _, want := range []string{"(2 versions)", "version 1", "version 2", "affected_persons: 1200 -> 2400", "- 当社通販サイトが不正アクセスを受け、お客様1,200名", "+ 当社通販サイトが不正アクセスを受け、お客様2,400名"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	if c, _, _ := casebookCLI(t, "history", "--db", db, "1"); c != 0 {
		t.Errorf("history by ID: exit %d", c)
	}

	code, exp, errs := casebookCLI(t, "export", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	type versionJSON struct {
		ImportedAt   string            `json:"imported_at"`
		SHA256       string            `json:"sha256"`
		Text         string            `json:"text"`
		ChangedFacts []json.RawMessage `json:"changed_facts"`
	}
	var doc struct {
		Releases []struct {
			Text     string        `json:"text"`
			Versions []versionJSON `json:"versions"`
		} `json:"releases"`
	}
	if err := json.Unmarshal([]byte(exp), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Releases) != 1 || len(doc.Releases[0].Versions) != 2 {
		t.Fatalf("export: %d releases, want 1 with 2 versions", len(doc.Releases))
	}
	vs := doc.Releases[0].Versions
	if !strings.Contains(vs[0].Text, "1,200名") || !strings.Contains(vs[1].Text, "2,400名") || len(vs[0].ChangedFacts) != 0 || len(vs[1].ChangedFacts) == 0 {
		t.Errorf("versions not oldest first with changed facts: %+v", vs)
	}
	if !strings.Contains(doc.Releases[0].Text, "2,400名") {
		t.Errorf("the release's text is not the latest version's")
	}

	// Round trip: the export imported into a new casebook exports the same.
	file := filepath.Join(t.TempDir(), "export.json")
	writeFile(t, file, exp)
	db2 := filepath.Join(t.TempDir(), "c2.db")
	if code, out, errs := casebookCLI(t, "import", "--db", db2, file); code != 0 {
		t.Fatalf("restore: %d %s%s", code, out, errs)
	}
	_, exp2, _ := casebookCLI(t, "export", "--db", db2, "--format", "json")
	if !bytes.Equal([]byte(exp), []byte(exp2)) {
		t.Errorf("export after restore differs:\n%s\n---\n%s", exp, exp2)
	}
	code, out, _ = casebookCLI(t, "history", "--db", db2, url)
	if code != 0 || !strings.Contains(out, "affected_persons: 1200 -> 2400") {
		t.Errorf("history after restore: %d\n%s", code, out)
	}
}

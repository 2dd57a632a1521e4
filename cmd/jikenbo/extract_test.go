package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// runCLI runs jikenbo with args and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestExtractOneFile(t *testing.T) {
	out, stderr, code := runCLI(t, "", "extract", "../../extract/testdata/post-skimming.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if got["case_id"] != "2025-118" || got["organization"] != "株式会社みどり書房" {
		t.Errorf("got case %v org %v", got["case_id"], got["organization"])
	}
	for _, field := range []string{"case_id", "organization", "title", "published", "status", "categories", "third_party",
		"affected_persons", "affected_cards", "data_types", "related_organizations", "detected", "evidence"} {
		if _, ok := got[field]; !ok {
			t.Errorf("field %s missing", field)
		}
	}
}

func TestExtractSeveralFilesKeepsOrderAndReportsFailures(t *testing.T) {
	out, stderr, code := runCLI(t, "", "extract",
		"../../extract/testdata/post-discipline.txt", "no-such-file.txt", "../../ingest/testdata/raw-hospital-usb.sjis.txt")
	if code != 1 {
		t.Errorf("exit %d, want 1 for a missing file", code)
	}
	if !strings.Contains(stderr, "no-such-file.txt") {
		t.Errorf("stderr does not name the file: %q", stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(got) != 3 {
		t.Fatalf("got %d results, want 3", len(got))
	}
	if got[0]["case_id"] != "2025-077" || got[1]["error"] == nil || got[2]["organization"] != "医療法人青葉会 東山中央病院" {
		t.Errorf("results out of order or wrong: %v / %v / %v", got[0]["case_id"], got[1]["error"], got[2]["organization"])
	}
	if got[2]["encoding"] != "Shift_JIS" || got[2]["offsets"] != "utf-8" {
		t.Errorf("the Shift_JIS input says encoding=%v offsets=%v", got[2]["encoding"], got[2]["offsets"])
	}
}

func TestExtractStdin(t *testing.T) {
	b, err := os.ReadFile("../../extract/testdata/raw-misdelivery.txt")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, string(b), "extract", "--pretty", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "\n  \"organization\": \"青葉市\"") {
		t.Errorf("pretty output lacks the indented organisation:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	if _, stderr, code := runCLI(t, "", "nonsense"); code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, _, code := runCLI(t, "", "extract"); code != 2 {
		t.Errorf("extract without files: exit %d, want 2", code)
	}
}

func TestExtractHTMLPDFAndBlogger(t *testing.T) {
	testenv.PopplerData(t)
	out, stderr, code := runCLI(t, "", "extract",
		"../../ingest/testdata/html/table-sjis.html", "../../ingest/testdata/pdf/pdf-release.pdf", "../../ingest/testdata/blogger/legacy-export.xml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(got) != 2+12 {
		t.Fatalf("got %d results, want 1 page + 1 PDF + 12 posts", len(got))
	}
	if got[0]["organization"] != "有限会社さくら精機" || got[0]["encoding"] != "Shift_JIS" || got[0]["title"] != "弊社サーバーへの不正アクセスについて" {
		t.Errorf("HTML: %v %v %v", got[0]["organization"], got[0]["encoding"], got[0]["title"])
	}
	if got[1]["organization"] != "株式会社あおば電子" || got[1]["status"] != "concluded" {
		t.Errorf("PDF: %v %v", got[1]["organization"], got[1]["status"])
	}
	if _, ok := got[1]["encoding"]; ok {
		t.Errorf("PDF has an encoding: %v", got[1]["encoding"])
	}
	post := got[2]
	if post["case_id"] != "2024-201" || post["source"] != "https://jikenbo-sample.blogspot.com/2024/10/kotori-foods.html" {
		t.Errorf("post: %v %v", post["case_id"], post["source"])
	}
	if !strings.Contains(stderr, "legacy-export.xml: 12 posts; skipped 3 comment, 2 draft, 1 page, 2 settings, 1 template") {
		t.Errorf("no summary of skipped entries: %q", stderr)
	}
}

func TestExtractBadInputs(t *testing.T) {
	out, stderr, code := runCLI(t, "", "extract", "../../ingest/testdata/bad/really-html.pdf", "../../ingest/testdata/blogger/broken.xml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"really-html.pdf: HTML, not a PDF", "broken.xml: entry 2 (line 3)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// the PDF's error, the two readable posts and the three broken entries
	if len(got) != 1+2+3 || got[0]["error"] == nil || got[1]["case_id"] != "2024-201" {
		t.Errorf("got %d results: %v", len(got), got)
	}
}

func TestExtractURL(t *testing.T) {
	page, err := os.ReadFile("../../ingest/testdata/html/news-utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news/2025/0314.html" {
			http.Redirect(w, r, "/news/2025/0314.html", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	out, stderr, code := runCLI(t, "", "extract", srv.URL+"/n?id=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["source"] != srv.URL+"/news/2025/0314.html" || got["organization"] != "株式会社やまびこ運輸" || got["affected_persons"] != 418.0 {
		t.Errorf("got source %v org %v persons %v", got["source"], got["organization"], got["affected_persons"])
	}
}

// A casebook page gives one object per post, as import files them.
func TestExtractCasebookPagePerPost(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"extract", "../../ingest/testdata/casebook-page.txt"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got []struct {
		Source string `json:"source"`
		CaseID string `json:"case_id"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("want an array: %v\n%s", err, out.String())
	}
	if len(got) < 2 {
		t.Fatalf("%d objects for a page of several posts", len(got))
	}
	for i, g := range got {
		if want := fmt.Sprintf("../../ingest/testdata/casebook-page.txt#%d", i+1); g.Source != want || g.CaseID == "" {
			t.Errorf("object %d: source %q case %q, want %s with its number", i, g.Source, g.CaseID, want)
		}
	}
}

package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/internal/exporttest"
)

// TestInterchangeExports fetches a case's VERIS and STIX exports and a
// label's selection: valid VERIS, the same ids on every request, 304 on
// revalidation, only the selected cases.
func TestInterchangeExports(t *testing.T) {
	fx := sharedFixture(t)
	schema := exporttest.Compile(t, filepath.Join(exporttest.Shared(), "schemas", "veris"),
		"file://"+filepath.Join(exporttest.Shared(), "schemas", "veris", "verisc-merged.json"))
	body := func(path string) (*http.Response, []byte) {
		t.Helper()
		res := fx.get(t, path)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, b
	}
	res, b := body("/api/v1/cases/2024-359.veris.json")
	if res.StatusCode != 200 {
		t.Fatalf("veris: status %d %s", res.StatusCode, b)
	}
	exporttest.Validate(t, schema, "2024-359.veris.json", b)
	var inc struct {
		IncidentID string `json:"incident_id"`
		SourceID   string `json:"source_id"`
		Reference  string
	}
	json.Unmarshal(b, &inc)
	host := strings.TrimPrefix(fx.srv.URL, "http://")
	if inc.SourceID != host || !strings.Contains(inc.Reference, fx.srv.URL+"/cases/2024-359") {
		t.Errorf("veris: source_id %q, reference %q; want the site's host and case page", inc.SourceID, inc.Reference)
	}
	if res2 := fx.get(t, "/api/v1/cases/2024-359.veris.json", "If-None-Match", res.Header.Get("ETag")); res2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", res2.StatusCode)
	}

	_, b = body("/api/v1/cases/2024-359.stix.json")
	_, again := body("/api/v1/cases/2024-359.stix.json")
	if string(b) != string(again) {
		t.Error("stix: two exports of one case differ")
	}
	var bundle struct {
		Type    string
		Objects []map[string]any
	}
	if err := json.Unmarshal(b, &bundle); err != nil || bundle.Type != "bundle" {
		t.Fatalf("stix: %v %s", err, b)
	}
	var incidents, reports int
	for _, o := range bundle.Objects {
		switch o["type"] {
		case "incident":
			incidents++
		case "report":
			reports++
		}
	}
	if incidents != 1 || reports == 0 {
		t.Errorf("stix: %d incidents, %d reports; want 1 and at least 1", incidents, reports)
	}

	// A label's selection holds exactly the cases of its releases.
	var label struct {
		Releases []struct {
			CaseID *string `json:"case_id"`
		}
	}
	fx.jsonBody(t, "/api/v1/releases?limit=100&label="+url.QueryEscape("最終報告"), 200, &label)
	want := map[string]bool{}
	for _, r := range label.Releases {
		if r.CaseID != nil {
			want[*r.CaseID] = true
		}
	}
	res, b = body("/api/v1/cases.veris.json?label=" + url.QueryEscape("最終報告"))
	var incs []struct {
		Plus struct {
			Jikenbo struct {
				CaseID string `json:"case_id"`
			}
		}
	}
	if err := json.Unmarshal(b, &incs); err != nil || res.StatusCode != 200 {
		t.Fatalf("selection: %d %v %s", res.StatusCode, err, b)
	}
	got := map[string]bool{}
	for _, i := range incs {
		got[i.Plus.Jikenbo.CaseID] = true
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Errorf("selection by label: %d cases, want %d", len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("selection by label: case %s missing", id)
		}
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("selection: Content-Disposition %q", cd)
	}
	for _, p := range []string{"/api/v1/cases/2099-001.veris.json", "/api/v1/cases/bad.stix.json"} {
		if res, _ := body(p); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
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

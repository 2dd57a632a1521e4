package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestClassifyCommand(t *testing.T) {
	code, out, errOut := casebookCLI(t, "classify", "../../testdata/classify/incident/pos-01.txt", "../../testdata/classify/other/maint-01.txt")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], "pos-01.txt\tincident notice\t") || !strings.Contains(out, "maint-01.txt\tnot an incident notice\t") {
		t.Errorf("verdicts wrong:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], "  +") {
		t.Errorf("first reason line %q, want a signed weight", lines[1])
	}

	code, out, _ = casebookCLI(t, "classify", "--json", "../../testdata/classify/other/phishing-01.txt")
	var got []classifyResult
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 {
		t.Fatalf("--json: exit %d %q", code, out)
	}
	if got[0].Incident || got[0].Title != "当行を装った不審なメール・SMSにご注意ください" || len(got[0].Reasons) == 0 {
		t.Errorf("--json: %+v", got[0])
	}

	code, _, errOut = casebookCLI(t, "classify", "no-such-file.txt", "../../testdata/classify/other/maint-01.txt")
	if code != 1 || !strings.Contains(errOut, "no-such-file.txt") {
		t.Errorf("missing file: exit %d, stderr %q; want 1 naming the file", code, errOut)
	}
}

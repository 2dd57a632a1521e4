package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMissing runs a test that needs a program that does not exist, once
// as on a developer's machine and once under CI, in a child process.
func TestMissing(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") != "" {
		Command(t, "jikenbo-no-such-program", "apt-get install nothing")
		t.Log("REACHED: the test went on without the program")
		return
	}
	tests := []struct {
		ci       string
		wantFail bool
		want     string
	}{
		{"", false, "SKIPPING: jikenbo-no-such-program is not available (apt-get install nothing)"},
		{"false", false, "SKIPPING: jikenbo-no-such-program"},
		{"true", true, "CI=true needs jikenbo-no-such-program is not available (apt-get install nothing)"},
		{"1", true, "CI=true needs jikenbo-no-such-program"},
	}
	for _, tt := range tests {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissing$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", "CI="+tt.ci)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tt.wantFail {
			t.Errorf("CI=%q: failed %v, want %v\n%s", tt.ci, failed, tt.wantFail, out)
		}
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("CI=%q: output lacks %q:\n%s", tt.ci, tt.want, out)
		}
		if strings.Contains(string(out), "REACHED") {
			t.Errorf("CI=%q: the test ran on without the program:\n%s", tt.ci, out)
		}
	}
}

func TestCommandFound(t *testing.T) {
	// The Go test binary itself is surely there; go is on PATH in any
	// environment that runs go test.
	if p := Command(t, "go", "https://go.dev/dl/"); p == "" {
		t.Error("go not found")
	}
}

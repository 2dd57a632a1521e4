package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readmeSetup returns the two commands of the README's set-up block.
func readmeSetup(t *testing.T) (runCmd, testCmd string) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Set-up.*?```sh\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README has no set-up block")
	}
	var cmds []string
	for _, l := range strings.Split(string(m[1]), "\n") {
		if c, _, _ := strings.Cut(l, "#"); strings.TrimSpace(c) != "" {
			cmds = append(cmds, strings.TrimSpace(c))
		}
	}
	if len(cmds) != 2 {
		t.Fatalf("the set-up block has %d commands, want 2 (run, test): %q", len(cmds), cmds)
	}
	return cmds[0], cmds[1]
}

// The README's set-up: CI runs its test command, and its run command
// serves the sample casebook from a fresh clone (on a free port, given
// as JIKENBO_ADDR so that the command is run as written).
func TestReadmeSetup(t *testing.T) {
	runCmd, testCmd := readmeSetup(t)
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	runs := false
	for _, l := range strings.Split(string(ci), "\n") {
		runs = runs || (!strings.HasPrefix(strings.TrimSpace(l), "#") && strings.Contains(l, testCmd))
	}
	if !runs {
		t.Errorf(".ci/run does not run the README's test command %q", testCmd)
	}
	if testing.Short() {
		t.Skip("-short: the run command is not started")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: the run command is not tried on a clone", tool)
		}
	}
	clone := filepath.Join(t.TempDir(), "jikenbo")
	if out, err := exec.Command("git", "clone", "-q", "../..", clone).CombinedOutput(); err != nil {
		t.Skipf("not a git checkout (%v: %s): the run command is not tried on a clone", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := strings.Fields(runCmd)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = clone
	cmd.Env = append(os.Environ(), "JIKENBO_ADDR=127.0.0.1:0", "JIKENBO_DB=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving") {
				line <- sc.Text()
			}
		}
	}()
	var base string
	select {
	case l := <-line:
		m := regexp.MustCompile(`on (127\.0\.0\.1:\d+)`).FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("no address in %q", l)
		}
		base = "http://" + m[1]
	case <-ctx.Done():
		t.Fatal("the README's run command did not start serving in 5 minutes")
	}
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "サンプル") {
		t.Errorf("home page of a fresh clone: %d, no sample casebook", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(clone, "jikenbo.db")); err != nil {
		t.Errorf("the run command did not make ./jikenbo.db: %v", err)
	}
	// Ctrl-C stops it (TestServe checks the server's own clean exit; go
	// run reports its child's signal as exit status 1).
	syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Errorf("the run command did not stop on SIGINT")
	}
}

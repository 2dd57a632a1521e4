package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImportOnlyRegularFiles imports a directory, through a link to it,
// holding a FIFO, a socket and links to a device and to a directory
// beside its releases: only the regular files are read (a FIFO once made
// import wait forever), the others are skipped and counted by reason,
// and a FIFO named on the command line is refused.
func TestImportOnlyRegularFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	writeSynth(t, in, 11, 5)
	if err := syscall.Mkfifo(filepath.Join(in, "fifo.txt"), 0o644); err != nil {
		t.Skipf("SKIPPING: no FIFOs here: %v", err)
	}
	l, err := net.Listen("unix", filepath.Join(in, "sock.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	os.Symlink("/dev/zero", filepath.Join(in, "zero.txt"))
	os.Mkdir(filepath.Join(dir, "other.txt"), 0o755)
	os.Symlink(filepath.Join(dir, "other.txt"), filepath.Join(in, "dir.txt"))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t, dir)
	db := filepath.Join(dir, "casebook.db")
	cmd := exec.Command(bin, "import", "--db", db, link)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := runWithin(t, cmd, 60*time.Second); err != nil {
		t.Fatalf("import: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"5 files: 5 added", "3 not regular files (devices, FIFOs, sockets or links to them)", "1 links to directories inside a directory (not followed)"} {
		if !strings.Contains(out, want) {
			t.Errorf("import said %q, want %q in it", out, want)
		}
	}
	cmd = exec.Command(bin, "import", "--db", db, filepath.Join(in, "fifo.txt"))
	b, err := runOutput(t, cmd, 30*time.Second)
	if err == nil || !strings.Contains(string(b), "fifo.txt: not a regular file (a FIFO)") {
		t.Errorf("import of a FIFO: %v, want a failure saying so\n%s", err, b)
	}
}

// TestImportStopsOnSignal sends SIGTERM to an import of many releases:
// it stops within seconds at a release boundary, says so, exits 130 and
// leaves no -wal or -shm file beside the casebook; what it added stays.
func TestImportStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports")
	}
	dir := t.TempDir()
	writeSynth(t, filepath.Join(dir, "in"), 12, 300)
	bin := buildBinary(t, dir)
	db := filepath.Join(dir, "casebook.db")
	cmd := exec.Command(bin, "import", "--db", db, filepath.Join(dir, "in"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ { // until it has stored something
		if st, err := os.Stat(db + "-wal"); err == nil && st.Size() > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
			t.Errorf("import after SIGTERM: %v, want exit status 130", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("import still running 30 s after SIGTERM\n%s", stderr.String())
	}
	t.Logf("stopped %v after SIGTERM: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(stdout.String()))
	if !strings.Contains(stderr.String(), "interrupted; run it again to finish") {
		t.Errorf("stderr %q, want it to say the import was interrupted", stderr.String())
	}
	for _, f := range []string{db + "-wal", db + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s left behind", filepath.Base(f))
		}
	}
	code, out, errs := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "in"))
	if code != 0 || !strings.Contains(out, "300 files:") || !strings.Contains(out, " 0 failed") {
		t.Errorf("import again: %d %s %s", code, out, errs)
	}
}

// runWithin runs cmd and fails the test if it has not finished in d.
func runWithin(t *testing.T, cmd *exec.Cmd, d time.Duration) error {
	t.Helper()
	if err := cmd.Start(); err != nil {
		return err
	}
	timer := time.AfterFunc(d, func() { cmd.Process.Kill() })
	defer timer.Stop()
	return cmd.Wait()
}

func runOutput(t *testing.T, cmd *exec.Cmd, d time.Duration) ([]byte, error) {
	t.Helper()
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := runWithin(t, cmd, d)
	return b.Bytes(), err
}

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The tests in this file attack a real `serve` process from outside, as
// a tester on loopback would, and read its peak memory (VmHWM) from
// /proc. JIKENBO_ATTACK_BIN runs them against another build (an older
// one, to measure "before").

const attackPassword = "attack-test-password-1"

// rssLimit is the most a server under attack may hold.
const rssLimit = 300 << 20

// attackServer is a running `serve` with a desk and one editor.
type attackServer struct {
	base   string
	pid    int
	stderr *syncBuffer
}

func startAttackServer(t *testing.T) *attackServer {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("SKIPPING: reading a process's memory needs Linux's /proc")
	}
	dir := t.TempDir()
	bin := os.Getenv("JIKENBO_ATTACK_BIN")
	if bin == "" {
		bin = buildBinary(t, dir)
	}
	db := filepath.Join(dir, "jikenbo.db")
	add := exec.Command(bin, "user", "add", "hanako", "--role", "editor", "--password-stdin", "--db", db)
	add.Stdin = strings.NewReader(attackPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--no-sample", "--cache-mb", "0", "--trust-proxy")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	m := regexp.MustCompile(` on (\S+) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve said %q", line)
	}
	go io.Copy(io.Discard, out)
	return &attackServer{base: "http://" + m[1], pid: cmd.Process.Pid, stderr: stderr}
}

// peakRSS is the process's peak resident memory so far.
func (s *attackServer) peakRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", s.pid)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb << 10
}

// login posts the login form from addr (the server trusts
// X-Forwarded-For) and returns the status and the session cookie.
func (s *attackServer) login(t *testing.T, name, pw, addr string) (int, *http.Cookie) {
	req, _ := http.NewRequest("POST", s.base+"/login", strings.NewReader(url.Values{"name": {name}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	for _, k := range res.Cookies() {
		if k.Name == "jikenbo_session" {
			return res.StatusCode, k
		}
	}
	return res.StatusCode, nil
}

// TestLoginBurstMemory sends 200 wrong logins at once on one account and
// 200 on 200 names, from two addresses: the server stays under 300 MB,
// checks no more passwords than the throttle allows (5 on the account,
// 20 from an address: each check logs "login failed"), and the editor
// still logs in from an address that was not guessing.
func TestLoginBurstMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	s := startAttackServer(t)
	burst := func(name func(i int) string, addr string) map[int]int {
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Go(func() {
				code, _ := s.login(t, name(i), fmt.Sprintf("wrong-password-%d", i), addr)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			})
		}
		wg.Wait()
		return codes
	}
	one := burst(func(int) string { return "hanako" }, "203.0.113.9")
	checked1 := strings.Count(s.stderr.String(), `"login failed"`)
	spread := burst(func(i int) string { return fmt.Sprintf("user%d", i) }, "203.0.113.10")
	checked2 := strings.Count(s.stderr.String(), `"login failed"`) - checked1
	rss := s.peakRSS(t)
	t.Logf("peak RSS %.1f MB; one account: %v, %d checked; 200 names: %v, %d checked", float64(rss)/(1<<20), one, checked1, spread, checked2)
	if rss > rssLimit {
		t.Errorf("peak RSS %d MB under the login burst, want under %d MB", rss>>20, rssLimit>>20)
	}
	if checked1 > 5 || checked2 > 20 {
		t.Errorf("passwords checked: %d on one account (want at most 5), %d from one address (want at most 20)", checked1, checked2)
	}
	if code, c := s.login(t, "hanako", attackPassword, "198.51.100.7"); code != http.StatusSeeOther || c == nil {
		t.Errorf("right password from another address: %d, want 303 with a session", code)
	}
}

var _ = bytes.MinRead

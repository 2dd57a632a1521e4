package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
)

// buildBinary builds the command into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "jikenbo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeSynth writes releases from..to of a synthetic stream into dir.
func writeSynth(t *testing.T, dir string, seed uint64, n int) []string {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	g := synth.New(seed, n)
	var paths []string
	for range n {
		r := g.Next()
		p := filepath.Join(dir, r.Name)
		if err := os.WriteFile(p, []byte(r.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// startServe starts `jikenbo serve` on a free port and returns its base
// URL; the process is stopped at the end of the test.
func startServe(t *testing.T, bin, db string) string {
	t.Helper()
	return startServeProcess(t, bin, "--db", db).base
}

// servedProcess is a running `jikenbo serve`.
type servedProcess struct {
	base   string
	pid    int
	stderr *syncBuffer
	cmd    *exec.Cmd
}

// startServeProcess starts `jikenbo serve` on a free port without the
// sample or the response cache, with more flags after, and stops it at
// the end of the test.
func startServeProcess(t *testing.T, bin string, flags ...string) *servedProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--no-sample", "--cache-mb", "0"}, flags...)...)
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
	return &servedProcess{base: "http://" + m[1], pid: cmd.Process.Pid, stderr: stderr, cmd: cmd}
}

// TestSeveralProcesses runs two `serve` and two `import` processes on one
// PostgreSQL casebook at once, with corrections sent to both servers while
// the imports run, and checks that no case number or release is there
// twice, every release is filed, and no correction was lost; and that a
// session made on one server is good on the other.
func TestSeveralProcesses(t *testing.T) {
	db := pgtest.Schema(t)
	if testing.Short() {
		t.Skip("builds the binary and imports 450 releases from two processes")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("jikenbo %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out)
	}
	writeSynth(t, filepath.Join(dir, "seed"), 3, 50)
	run("", "import", "--db", db, filepath.Join(dir, "seed"))
	const pw = "correct horse battery staple"
	run(pw+"\n", "user", "add", "hanako", "--role", "editor", "--password-stdin", "--db", db)
	token := strings.TrimSpace(run("", "token", "add", "--user", "hanako", "--db", db))

	// 400 new releases; the two imports share 200 of them.
	all := writeSynth(t, filepath.Join(dir, "all"), 11, 400)
	for i, p := range all {
		sub := []string{"a"}
		switch {
		case i >= 300:
			sub = []string{"b"}
		case i >= 100:
			sub = []string{"a", "b"}
		}
		b, _ := os.ReadFile(p)
		for _, s := range sub {
			os.MkdirAll(filepath.Join(dir, s), 0o755)
			os.WriteFile(filepath.Join(dir, s, filepath.Base(p)), b, 0o644)
		}
	}

	servers := []string{startServe(t, bin, db), startServe(t, bin, db)}
	ctx := context.Background()
	s, err := postgres.Open(ctx, db, postgres.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seeded, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil || len(seeded) != 50 {
		t.Fatalf("seed: %d releases, %v", len(seeded), err)
	}

	var wg sync.WaitGroup
	for _, sub := range []string{"a", "b"} {
		wg.Go(func() {
			cmd := exec.Command(bin, "import", "--db", db, filepath.Join(dir, sub))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("import %s: %v\n%s", sub, err, out)
			}
		})
	}
	// Each seeded release gets two corrections, one through each server.
	correct := func(base string, id int64, field string, value int) {
		body := fmt.Sprintf(`{"field": %q, "value": %d}`, field, value)
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/releases/%d/facts", base, id), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("correct %d %s on %s: %d %s", id, field, base, resp.StatusCode, b)
		}
	}
	for i, r := range seeded {
		wg.Go(func() { correct(servers[0], r.ID, "affected_persons", 1000+i) })
		wg.Go(func() { correct(servers[1], r.ID, "affected_cards", 2000+i) })
		if i%10 == 0 {
			for _, base := range servers {
				wg.Go(func() {
					resp, err := http.Get(base + "/search?q=" + url.QueryEscape("紛失"))
					if err == nil {
						resp.Body.Close()
					}
					if err != nil || resp.StatusCode != http.StatusOK {
						t.Errorf("search on %s: %v %v", base, resp, err)
					}
				})
			}
		}
	}
	wg.Wait()

	rs, n, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 450 {
		t.Errorf("%d releases, want 450", n)
	}
	// The 200 files both imports read are one release each.
	sums := map[string]bool{}
	for _, r := range rs {
		if sums[r.SHA256] {
			t.Errorf("release %s is there twice", r.Source)
		}
		sums[r.SHA256] = true
		if r.CaseID == "" {
			t.Errorf("release %d (%s) is in no case", r.ID, r.Source)
		}
	}
	cs, nc, err := s.FindCases(ctx, jikenbo.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	filed := 0
	for _, c := range cs {
		if ids[c.ID] {
			t.Errorf("case number %s twice", c.ID)
		}
		ids[c.ID] = true
		filed += len(c.Releases)
	}
	if filed != n {
		t.Errorf("%d cases hold %d releases, want %d", nc, filed, n)
	}
	for i, r := range seeded {
		got, err := s.FindReleaseByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		f := got.Facts()
		if f.AffectedPersons == nil || *f.AffectedPersons != 1000+i || f.AffectedCards == nil || *f.AffectedCards != 2000+i {
			t.Errorf("release %d: corrections %v/%v, want %d/%d", r.ID, f.AffectedPersons, f.AffectedCards, 1000+i, 2000+i)
		}
	}
	t.Logf("%d releases in %d cases; %d corrections", n, nc, 2*len(seeded))

	// A session made by one server is good on the other.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(servers[0]+"/login", url.Values{"name": {"hanako"}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u0, _ := url.Parse(servers[0])
	u1, _ := url.Parse(servers[1])
	jar.SetCookies(u1, jar.Cookies(u0))
	resp, err = c.Get(servers[1] + "/desk")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("desk on the second server with the first one's session: %d", resp.StatusCode)
	}
}

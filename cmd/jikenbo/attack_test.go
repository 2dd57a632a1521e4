package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
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

	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/internal/testenv"
)

// The tests in this file attack a real `serve` process from outside, as
// a tester on loopback would, and read its peak memory (VmHWM) from
// /proc. JIKENBO_ATTACK_BIN runs them against another build (an older
// one, to measure "before").

const attackPassword = "attack-test-password-1"

// rssLimit is the most a server under attack may hold.
const rssLimit = 300 << 20

// attackServer is a running `serve` with a desk and one editor, which
// believes X-Forwarded-For.
type attackServer struct{ *servedProcess }

// attackBinary is the command under attack: JIKENBO_ATTACK_BIN, or this
// one built into a folder of the test.
func attackBinary(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("SKIPPING: reading a process's memory needs Linux's /proc")
	}
	if bin := os.Getenv("JIKENBO_ATTACK_BIN"); bin != "" {
		return bin
	}
	return buildBinary(t, t.TempDir())
}

func startAttackServer(t *testing.T, bin string) *attackServer {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "jikenbo.db")
	add := exec.Command(bin, "user", "add", "hanako", "--role", "editor", "--password-stdin", "--db", db)
	add.Stdin = strings.NewReader(attackPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	return &attackServer{startServeProcess(t, bin, "--db", db, "--trust-proxy")}
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
	s := startAttackServer(t, attackBinary(t))
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

// upload sends a file to the desk as a logged-in editor and returns the
// status and the body.
func (s *attackServer) upload(t *testing.T, session *http.Cookie, name, contentType string, b []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", contentType)
	fw, _ := mw.CreatePart(h)
	fw.Write(b)
	mw.Close()
	req, _ := http.NewRequest("POST", s.base+"/desk/releases", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(session)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

// bigText is n bytes of Japanese release text, whole lines.
func bigText(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n-200; i++ {
		fmt.Fprintf(&b, "株式会社試験%d 不正アクセスによる個人情報漏えいのお知らせ。お客様の氏名、住所、電話番号 %d件が流出した可能性があります。\n", i, i%9000)
	}
	return b.Bytes()
}

// bigHTML is an HTML page of about n bytes: many paragraphs in nested
// blocks, as a page saved with its whole site around it would be.
func bigHTML(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>大きなページ</title></head><body><main><h1>不正アクセスに関するお知らせ</h1>\n")
	for i := 0; b.Len() < n-300; i++ {
		fmt.Fprintf(&b, "<div class=\"c%d\"><p>当社サーバーへの不正アクセスにより、お客様の個人情報 %d件が流出した可能性があります。<a href=\"/n/%d\">詳細</a></p></div>\n", i%7, i, i)
	}
	b.WriteString("</main></body></html>\n")
	return b.Bytes()
}

// TestUploadMemory uploads 16 MB of text, HTML and PDF to the desk of a
// real server, one server each, and reads each server's peak RSS: every
// kind stays under 300 MB, refused with a reason (a release's text is at
// most 2 MiB at the desk), and so does the largest HTML page the desk
// reads. A 5,000-page
// PDF of about 4 MB, whose layout runs to hundreds of MB, is refused at
// the limit text files have.
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	testenv.Pdftotext(t)
	bin := attackBinary(t)
	const size = 16<<20 - 4096
	for _, tt := range []struct {
		name, file, ctype string
		body              []byte
		want              int    // status
		says              string // in the answer, when refused
	}{
		{"text", "big.txt", "text/plain", bigText(size), http.StatusBadRequest, "公表文1件の本文は 2 MiB まで"},
		{"html", "big.html", "text/html", bigHTML(size), http.StatusBadRequest, "HTML のページが大きすぎます"},
		{"html-under-the-limit", "page.html", "text/html", bigHTML(5 << 19), http.StatusSeeOther, ""},
		{"pdf", "big.pdf", "application/pdf", synth.PDF(size/940, 10), http.StatusBadRequest, "too large to be one release"},
		{"pdf-5000-pages", "pages.pdf", "application/pdf", synth.PDF(5000, 10), http.StatusBadRequest, "too large to be one release"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startAttackServer(t, bin)
			_, session := s.login(t, "hanako", attackPassword, "198.51.100.1")
			if session == nil {
				t.Fatal("no session")
			}
			code, body := s.upload(t, session, tt.file, tt.ctype, tt.body)
			rss := s.peakRSS(t)
			t.Logf("%s, %.1f MB: %d, peak RSS %.1f MB", tt.file, float64(len(tt.body))/(1<<20), code, float64(rss)/(1<<20))
			if code != tt.want || (tt.says != "" && !strings.Contains(body, tt.says)) {
				t.Errorf("upload: %d, want %d saying %q\n%s", code, tt.want, tt.says, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
			}
			if rss > rssLimit {
				t.Errorf("peak RSS %d MB, want under %d MB", rss>>20, rssLimit>>20)
			}
		})
	}
}

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/internal/password"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/web"
)

const (
	editorPassword = "kakushi-aji-8102"
	pastedRelease  = `株式会社デスク試験 不正アクセスによる個人情報漏えいのお知らせ
2025年3月4日
当社サーバーへの不正アクセスにより、お客様の個人情報 1,234件が流出した可能性があります。調査中です。
`
)

// deskFixture is a server with the desk on a new SQLite file, one editor
// and a log buffer.
type deskFixture struct {
	srv    *httptest.Server
	web    *web.Server
	store  testStore
	user   *jikenbo.User
	logBuf *syncBuffer
}

// deskDoc fetches a desk page with c (logged in), checks that it is 200
// and parses it.
func (fx *deskFixture) deskDoc(t *testing.T, c *http.Client, path string) *goquery.Document {
	t.Helper()
	res, err := c.Get(fx.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fastHash keeps tests quick; Verify reads the parameters from the hash.
var fastHash = password.Params{Time: 1, Memory: 64, Threads: 1}

func newDeskFixture(t *testing.T, mod func(*web.DeskConfig)) *deskFixture {
	t.Helper()
	ctx := context.Background()
	st, err := openTestStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := password.Hash(editorPassword, fastHash)
	if err != nil {
		t.Fatal(err)
	}
	u := &jikenbo.User{Name: "hanako", Role: jikenbo.RoleEditor, PasswordHash: h}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	logBuf := &syncBuffer{}
	dc := &web.DeskConfig{Store: st, Editor: &casebook.Desk{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}, DummyParams: fastHash}
	if mod != nil {
		mod(dc)
	}
	ws, err := web.New(web.Config{Store: st, BaseURL: "http://casebook.test", Log: slog.New(slog.NewTextHandler(logBuf, nil)), Desk: dc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	return &deskFixture{srv: srv, web: ws, store: st, user: u, logBuf: logBuf}
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects, and sends requests as a same-origin browser would.
func (fx *deskFixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (fx *deskFixture) post(t *testing.T, c *http.Client, path string, form url.Values, hdr map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", fx.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (fx *deskFixture) login(t *testing.T) *http.Client {
	t.Helper()
	c := fx.client()
	res := fx.post(t, c, "/login", url.Values{"name": {"hanako"}, "password": {editorPassword}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/desk" {
		t.Fatalf("login: got %d to %q, want 303 to /desk", res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLogin(t *testing.T) {
	fx := newDeskFixture(t, nil)
	c := fx.client()
	res, _ := c.Get(fx.srv.URL + "/desk")
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fdesk" {
		t.Errorf("GET /desk without session: got %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = fx.post(t, c, "/login", url.Values{"name": {"hanako"}, "password": {"wrong-password-123"}}, nil)
	body := readBody(t, res)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "名前またはパスワードが正しくありません") {
		t.Errorf("wrong password: got %d", res.StatusCode)
	}
	res = fx.post(t, c, "/login", url.Values{"name": {"hanako"}, "password": {editorPassword}, "next": {"//evil.example/"}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/desk" {
		t.Errorf("login with foreign next: got %d to %q, want 303 to /desk", res.StatusCode, res.Header.Get("Location"))
	}
	var sc *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == "jikenbo_session" {
			sc = k
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure {
		t.Errorf("session cookie: got %+v, want HttpOnly, SameSite=Lax, not Secure over plain HTTP", sc)
	}
	res, _ = c.Get(fx.srv.URL + "/desk")
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || doc.Find("h1").Text() != "編集デスク" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET /desk with session: got %d %q, Cache-Control %q", res.StatusCode, doc.Find("h1").Text(), res.Header.Get("Cache-Control"))
	}
	// The database keeps sessions: a second server on the same file
	// knows this one.
	ws2, err := web.New(web.Config{Store: fx.store, BaseURL: "http://casebook.test", Desk: &web.DeskConfig{Store: fx.store, Editor: &casebook.Desk{}}})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/desk", nil)
	req.AddCookie(sc)
	rec := httptest.NewRecorder()
	ws2.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("session on a second server: got %d, want 200", rec.Code)
	}
	res = fx.post(t, c, "/logout", nil, nil)
	res.Body.Close()
	rec = httptest.NewRecorder()
	ws2.ServeHTTP(rec, req)
	if res.StatusCode != http.StatusSeeOther || rec.Code != http.StatusSeeOther {
		t.Errorf("after logout: logout %d, old cookie %d, want 303 and 303 (to /login)", res.StatusCode, rec.Code)
	}
	// Disabling the account ends its sessions.
	c = fx.login(t)
	yes := true
	if _, err := fx.store.UpdateUser(context.Background(), fx.user.ID, jikenbo.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	res, _ = c.Get(fx.srv.URL + "/desk")
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account's session: got %d, want 303 to /login", res.StatusCode)
	}
	for _, secret := range []string{editorPassword, "wrong-password-123"} {
		if strings.Contains(fx.logBuf.String(), secret) {
			t.Errorf("the log holds a password: %s", fx.logBuf.String())
		}
	}
}

// TestLoginNext: after login, next= leads only to a path on this site.
func TestLoginNext(t *testing.T) {
	fx := newDeskFixture(t, nil)
	for _, tt := range []struct{ next, want string }{
		{"/desk/releases/3", "/desk/releases/3"},
		{"/search?q=%E6%BC%8F", "/search?q=%E6%BC%8F"},
		{"//evil.example/", "/desk"},
		{"/\\evil.example/", "/desk"},
		{"/\t/evil.example/", "/desk"},
		{"/\n/evil.example/", "/desk"},
		{"/x\\y", "/desk"},
		{"/\x7f", "/desk"},
		{"/\u0085", "/desk"},
		{"https://evil.example/", "/desk"},
		{"javascript:alert(1)", "/desk"},
		{"desk", "/desk"},
		{"", "/desk"},
	} {
		res := fx.post(t, fx.client(), "/login", url.Values{"name": {"hanako"}, "password": {editorPassword}, "next": {tt.next}}, nil)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", tt.next, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
}

func TestSecureCookieBehindProxy(t *testing.T) {
	fx := newDeskFixture(t, func(c *web.DeskConfig) { c.TrustProxy = true })
	res := fx.post(t, fx.client(), "/login", url.Values{"name": {"hanako"}, "password": {editorPassword}}, map[string]string{"X-Forwarded-Proto": "https"})
	res.Body.Close()
	if cs := res.Cookies(); len(cs) != 1 || !cs[0].Secure {
		t.Errorf("behind a TLS proxy: cookies %v, want one Secure cookie", cs)
	}
}

func TestLoginThrottle(t *testing.T) {
	lock := 400 * time.Millisecond
	fx := newDeskFixture(t, func(c *web.DeskConfig) {
		c.Login.Pair = jikenbo.Throttle{Max: 3, Window: time.Minute, Lock: lock}
		c.Login.Address = jikenbo.Throttle{Max: 5, Window: time.Minute, Lock: lock}
	})
	c := fx.client()
	wrong := url.Values{"name": {"hanako"}, "password": {"not-the-password"}}
	var codes []int
	for range 3 {
		res := fx.post(t, c, "/login", wrong, nil)
		body := readBody(t, res)
		codes = append(codes, res.StatusCode)
		if res.StatusCode == http.StatusTooManyRequests && (!strings.Contains(body, "一時的に停止") || res.Header.Get("Retry-After") == "") {
			t.Errorf("429 without a clear message or Retry-After")
		}
	}
	if codes[0] != 401 || codes[1] != 401 || codes[2] != 429 {
		t.Errorf("three wrong passwords: got %v, want 401 401 429", codes)
	}
	// The right password does not open a locked account.
	res := fx.post(t, c, "/login", url.Values{"name": {"hanako"}, "password": {editorPassword}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password while locked: got %d, want 429", res.StatusCode)
	}
	// Another account from the same address: the address limit (5).
	other := url.Values{"name": {"nobody"}, "password": {"x"}}
	res = fx.post(t, c, "/login", other, nil)
	res.Body.Close()
	res = fx.post(t, c, "/login", other, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("5th failure from one address: got %d, want 429", res.StatusCode)
	}
	time.Sleep(lock + 100*time.Millisecond)
	fx.login(t)
}

// burst sends n logins at once, each with the form and headers form(i)
// gives, and counts the answers by status.
func (fx *deskFixture) burst(t *testing.T, n int, form func(i int) (url.Values, map[string]string)) map[int]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			f, h := form(i)
			res := fx.post(t, fx.client(), "/login", f, h)
			res.Body.Close()
			if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			mu.Lock()
			codes[res.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return codes
}

// TestLoginBurst sends 200 wrong logins at once: the throttle counts
// each before its password is checked, so exactly as many passwords are
// checked as a sequence would get checked, and a lock-out on one address
// does not keep the editor out from another.
func TestLoginBurst(t *testing.T) {
	fx := newDeskFixture(t, func(c *web.DeskConfig) { c.TrustProxy, c.HashSlots = true, 200 })
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }
	codes := fx.burst(t, 200, func(i int) (url.Values, map[string]string) {
		return url.Values{"name": {"hanako"}, "password": {fmt.Sprintf("wrong-password-%d", i)}}, from("203.0.113.9")
	})
	if n := fx.web.PasswordChecks(); n != 5 || codes[401] != 4 || codes[429] != 196 {
		t.Errorf("200 wrong logins on one account: %d passwords checked, answers %v; want 5 checked, 4×401 and 196×429", n, codes)
	}
	right := url.Values{"name": {"hanako"}, "password": {editorPassword}}
	res := fx.post(t, fx.client(), "/login", right, from("203.0.113.9"))
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password from the guessing address: %d, want 429", res.StatusCode)
	}
	res = fx.post(t, fx.client(), "/login", right, from("198.51.100.7"))
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("right password from another address while the account is under attack: %d, want 303", res.StatusCode)
	}
	before := fx.web.PasswordChecks()
	codes = fx.burst(t, 200, func(i int) (url.Values, map[string]string) {
		return url.Values{"name": {fmt.Sprintf("user%d", i)}, "password": {"wrong-password"}}, from("203.0.113.10")
	})
	if n := fx.web.PasswordChecks() - before; n != 20 || codes[401] != 19 || codes[429] != 181 {
		t.Errorf("200 wrong logins on 200 names from one address: %d passwords checked, answers %v; want 20", n, codes)
	}
}

// TestLoginHashSlots: with one slot, logins that find it taken are
// answered 503 at once with Retry-After, and neither checked nor
// counted.
func TestLoginHashSlots(t *testing.T) {
	slow, err := password.Hash(editorPassword, password.Params{Time: 2, Memory: 16 << 10, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	fx := newDeskFixture(t, func(c *web.DeskConfig) { c.TrustProxy, c.HashSlots = true, 1 })
	if _, err := fx.store.UpdateUser(context.Background(), fx.user.ID, jikenbo.UserUpdate{PasswordHash: &slow}); err != nil {
		t.Fatal(err)
	}
	codes := fx.burst(t, 40, func(i int) (url.Values, map[string]string) {
		return url.Values{"name": {"hanako"}, "password": {editorPassword}}, map[string]string{"X-Forwarded-For": fmt.Sprintf("192.0.2.%d", i)}
	})
	if n := fx.web.PasswordChecks(); codes[503] == 0 || int(n) != codes[303] || codes[303]+codes[503] != 40 {
		t.Errorf("40 logins at once with one slot: %v, %d passwords checked; want some 503 and a check for each 303", codes, n)
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	fx := newDeskFixture(t, nil)
	c := fx.login(t)
	for _, hdr := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "", "Origin": "https://evil.example"}} {
		res := fx.post(t, c, "/desk/releases", url.Values{"text": {pastedRelease}}, hdr)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post %v with a valid session: got %d, want 403", hdr, res.StatusCode)
		}
	}
	if _, n, _ := fx.store.FindReleases(context.Background(), jikenbo.ReleaseFilter{}); n != 0 {
		t.Errorf("a refused post stored %d releases", n)
	}
}

// TestDeskFlow takes a pasted release to published with one correction,
// counting what an editor does.
func TestDeskFlow(t *testing.T) {
	fx := newDeskFixture(t, nil)
	c := fx.login(t)
	ctx := context.Background()
	res := fx.post(t, c, "/desk/releases", url.Values{"text": {pastedRelease}}, nil)
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/desk/releases/") {
		t.Fatalf("add: got %d to %q", res.StatusCode, loc)
	}
	rels, _, _ := fx.store.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if len(rels) != 1 || !rels[0].Draft || rels[0].CaseID == "" {
		t.Fatalf("after add: %v, want one draft filed in a case", rels)
	}
	id := rels[0].ID
	// A draft is on no public page.
	for _, p := range []string{"/releases/" + itoa(id), "/api/v1/releases/" + itoa(id)} {
		res, _ := http.Get(fx.srv.URL + p)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s of a draft: got %d, want 404", p, res.StatusCode)
		}
	}
	res, _ = http.Get(fx.srv.URL + "/cases/" + rels[0].CaseID)
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET the case of only a draft: got %d, want 404", res.StatusCode)
	}
	res, _ = c.Get(fx.srv.URL + "/desk")
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if doc.Find(".queue-item").Length() != 1 {
		t.Errorf("queue: got %d items, want 1", doc.Find(".queue-item").Length())
	}
	if got := doc.Find(".queue .low-mark").Text(); got != "要確認 5" {
		t.Errorf("queue: low-confidence mark %q, want 要確認 5", got)
	}
	res, _ = c.Get(fx.srv.URL + loc)
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if doc.Find(".release-text mark").Length() == 0 || doc.Find(".proposal .reasons li").Length() == 0 {
		t.Errorf("desk release: %d evidence marks, %d reasons; want both", doc.Find(".release-text mark").Length(), doc.Find(".proposal .reasons li").Length())
	}
	// The pasted release names no publisher and no data, dates itself
	// on a line that does not say so, and says 調査中 only in its body:
	// those five facts are low confidence, marked and listed first, in
	// contract order; the rest follow unmarked.
	var order []string
	doc.Find("dl.facts .fact").Each(func(i int, s *goquery.Selection) {
		mark := ""
		if s.HasClass("low") && s.Find(".low-mark").Length() == 1 {
			mark = "!"
		}
		order = append(order, mark+strings.TrimSpace(s.Find("dt").Contents().First().Text()))
	})
	if len(order) < 6 || strings.Join(order[:6], " ") != "!組織 !公表日 !調査の状況 !分類 !漏えい等した情報 事件番号" {
		t.Errorf("desk facts: got %q, want the five low facts first and marked", order)
	}
	if !strings.Contains(doc.Find(".low-note").Text(), "5件") {
		t.Errorf("desk low note: %q", doc.Find(".low-note").Text())
	}
	res = fx.post(t, c, loc+"/facts", url.Values{"field": {"affected_persons"}, "value": {"1,300"}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correct: got %d", res.StatusCode)
	}
	res = fx.post(t, c, loc+"/publish", nil, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: got %d", res.StatusCode)
	}
	rel, _ := fx.store.FindReleaseByID(ctx, id)
	if rel.Draft || rel.Facts().AffectedPersons == nil || *rel.Facts().AffectedPersons != 1300 {
		t.Errorf("after correct and publish: draft %v, persons %v", rel.Draft, rel.Facts().AffectedPersons)
	}
	res, _ = http.Get(fx.srv.URL + "/releases/" + itoa(id))
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("published release: got %d", res.StatusCode)
	}
	// The correction survives re-extraction.
	if _, err := casebook.Reextract(ctx, fx.store, "", extract.Extract, nil); err != nil {
		t.Fatalf("reextract: %v", err)
	}
	if rel, _ := fx.store.FindReleaseByID(ctx, id); *rel.Facts().AffectedPersons != 1300 {
		t.Errorf("after re-extraction: persons %v", *rel.Facts().AffectedPersons)
	}
	es, _ := fx.store.FindAuditEntries(ctx, jikenbo.AuditFilter{ReleaseID: &id})
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action+"/"+e.Actor)
	}
	want := "release.add/hanako release.correct/hanako release.publish/hanako"
	if strings.Join(actions, " ") != want {
		t.Errorf("audit: got %v, want %s", actions, want)
	}
	if !strings.Contains(string(es[1].Before), "1234") || !strings.Contains(string(es[1].After), "1300") {
		t.Errorf("audit of the correction: before %s, after %s", es[1].Before, es[1].After)
	}
	// A new case, then back: the emptied case's number is retired.
	res = fx.post(t, c, loc+"/case", url.Values{"new": {"1"}}, nil)
	res.Body.Close()
	rel, _ = fx.store.FindReleaseByID(ctx, id)
	if res.StatusCode != http.StatusSeeOther || rel.CaseID == rels[0].CaseID {
		t.Errorf("new case: got %d, case %s", res.StatusCode, rel.CaseID)
	}
	if _, err := fx.store.FindCaseByID(ctx, rels[0].CaseID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("the emptied case %s: %v, want deleted", rels[0].CaseID, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestWriteAPI(t *testing.T) {
	fx := newDeskFixture(t, nil)
	ctx := context.Background()
	secret := jikenbo.NewSecret()
	tok := &jikenbo.Token{UserID: fx.user.ID, Hash: jikenbo.HashSecret(secret)}
	if err := fx.store.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	call := func(method, path, bearer, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, fx.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	body := jsonString(map[string]string{"text": pastedRelease})
	if code, _ := call("POST", "/api/v1/releases", "", body); code != http.StatusUnauthorized {
		t.Errorf("no token: got %d, want 401", code)
	}
	if code, _ := call("POST", "/api/v1/releases", "jkb_wrong", body); code != http.StatusUnauthorized {
		t.Errorf("wrong token: got %d, want 401", code)
	}
	code, out := call("POST", "/api/v1/releases", "jkb_"+secret, body)
	if code != http.StatusCreated || out["draft"] != true {
		t.Fatalf("POST /api/v1/releases: got %d %v, want 201 and a draft", code, out)
	}
	if got := jsonString(out["low_confidence_fields"]); got != `["organization","published","status","categories","data_types"]` {
		t.Errorf("draft low_confidence_fields: %s", got)
	}
	lowEvidence := 0
	for _, e := range out["facts"].(map[string]any)["evidence"].([]any) {
		e := e.(map[string]any)
		if e["confidence"] != "high" && e["confidence"] != "low" {
			t.Errorf("evidence without confidence: %v", e)
		}
		if e["confidence"] == "low" {
			lowEvidence++
		}
	}
	if lowEvidence != 5 {
		t.Errorf("draft: %d low evidence entries, want 5", lowEvidence)
	}
	id := itoa(int64(out["id"].(float64)))
	if code, _ := call("POST", "/api/v1/releases", "jkb_"+secret, body); code != http.StatusConflict {
		t.Errorf("same text again: got %d, want 409", code)
	}
	// NUL bytes and other controls are removed by ingest's one rule, on
	// both engines (PostgreSQL would refuse a NUL with a 500).
	code, nul := call("POST", "/api/v1/releases", "jkb_"+secret, jsonString(map[string]string{"text": "株式会社制御\x00 不正アクセスのお知らせ\n個人情報\x01 300件\x00が流出"}))
	if code != http.StatusCreated {
		t.Errorf("text with NUL bytes: got %d %v, want 201", code, nul)
	} else if rel, err := fx.store.FindReleaseByID(ctx, int64(nul["id"].(float64))); err != nil || rel.Text != "株式会社制御 不正アクセスのお知らせ\n個人情報 300件が流出" {
		t.Errorf("text with NUL bytes stored as %q, %v", rel.Text, err)
	}
	code, out = call("POST", "/api/v1/releases/"+id+"/facts", "jkb_"+secret, `{"field":"affected_persons","value":1300}`)
	if code != http.StatusOK || out["facts"].(map[string]any)["affected_persons"] != float64(1300) {
		t.Errorf("correct: got %d %v", code, out)
	}
	if code, _ := call("POST", "/api/v1/releases/"+id+"/facts", "jkb_"+secret, `{"field":"evidence","value":[]}`); code != http.StatusBadRequest {
		t.Errorf("correct evidence: got %d, want 400", code)
	}
	code, out = call("POST", "/api/v1/releases/"+id+"/publish", "jkb_"+secret, "")
	if code != http.StatusOK || out["draft"] != false {
		t.Errorf("publish: got %d %v", code, out)
	}
	code, out = call("GET", "/api/v1/audit?release="+id, "jkb_"+secret, "")
	if code != http.StatusOK || len(out["entries"].([]any)) != 3 {
		t.Errorf("audit export: got %d %v", code, out)
	}
	// The public API carries the confidence too; a field the editor
	// corrected is no longer the extractor's reading.
	if code, out = call("GET", "/api/v1/releases/"+id, "", ""); code != http.StatusOK || jsonString(out["low_confidence_fields"]) != `["organization","published","status","categories","data_types"]` {
		t.Errorf("public release: got %d, low_confidence_fields %v", code, out["low_confidence_fields"])
	}
	code, out = call("POST", "/api/v1/releases/"+id+"/facts", "jkb_"+secret, `{"field":"status","value":"ongoing"}`)
	if code != http.StatusOK || jsonString(out["low_confidence_fields"]) != `["organization","published","categories","data_types"]` {
		t.Errorf("after correcting status: got %d, low_confidence_fields %v", code, out["low_confidence_fields"])
	}
	if err := fx.store.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if code, _ := call("GET", "/api/v1/audit", "jkb_"+secret, ""); code != http.StatusUnauthorized {
		t.Errorf("revoked token: got %d, want 401", code)
	}
	if strings.Contains(fx.logBuf.String(), secret) {
		t.Error("the log holds a token")
	}
}

// TestWriteRoutesNeedEditor walks every desk route that changes state
// without a session or token: each answers 401, 403 or a redirect to
// /login, and the casebook is unchanged.
func TestWriteRoutesNeedEditor(t *testing.T) {
	fx := newDeskFixture(t, nil)
	ctx := context.Background()
	c := fx.login(t)
	res := fx.post(t, c, "/desk/releases", url.Values{"text": {pastedRelease}}, nil)
	res.Body.Close()
	// A label to rename or remove, and a case to merge into.
	const label = "要確認"
	first, _, _ := fx.store.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err := fx.store.AddReleaseLabel(ctx, first[0].ID, jikenbo.ReleaseLabel{Name: label, Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	other := &jikenbo.Case{Year: 2025}
	if err := fx.store.CreateCase(ctx, other); err != nil {
		t.Fatal(err)
	}
	before, _ := fx.store.CasebookVersion(ctx)
	rels, _, _ := fx.store.FindReleases(ctx, jikenbo.ReleaseFilter{})
	auditBefore, _ := fx.store.FindAuditEntries(ctx, jikenbo.AuditFilter{})
	id := itoa(rels[0].ID)
	anon := fx.client()
	walked := 0
	for _, p := range fx.web.DeskRoutePatterns() {
		method, path, _ := strings.Cut(p, " ")
		if method == "GET" || path == "/login" {
			continue
		}
		if strings.Contains(path, "/cases/{id}") {
			path = strings.ReplaceAll(path, "{id}", rels[0].CaseID)
		}
		path = strings.ReplaceAll(path, "{id}", id)
		path = strings.ReplaceAll(path, "{name}", url.PathEscape(label))
		for _, body := range []struct{ ct, b string }{
			{"application/x-www-form-urlencoded", url.Values{"text": {"x" + pastedRelease}, "field": {"title"}, "value": {"改ざん"}, "new": {"1"},
				"into": {other.ID}, "release": {id}, "name": {label}, "old": {label}}.Encode()},
			{"application/json", `{"text":"y","field":"title","value":"改ざん","case_id":"","into":"` + other.ID + `","releases":[` + id + `],"name":"` + label + `","to":"改名"}`},
		} {
			req, _ := http.NewRequest(method, fx.srv.URL+path, strings.NewReader(body.b))
			req.Header.Set("Content-Type", body.ct)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			res, err := anon.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			ok := res.StatusCode == 401 || res.StatusCode == 403 ||
				(res.StatusCode == 303 && strings.HasPrefix(res.Header.Get("Location"), "/login"))
			if path == "/logout" {
				ok = res.StatusCode == 303 // logging out without a session changes nothing
			}
			if !ok {
				t.Errorf("%s %s without a session: got %d (%s)", method, path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		walked++
	}
	if walked < 17 {
		t.Errorf("walked %d write routes, want all 17", walked)
	}
	after, _ := fx.store.CasebookVersion(ctx)
	rels2, _, _ := fx.store.FindReleases(ctx, jikenbo.ReleaseFilter{})
	auditAfter, _ := fx.store.FindAuditEntries(ctx, jikenbo.AuditFilter{})
	if _, err := fx.store.FindCaseByID(ctx, other.ID); err != nil {
		t.Errorf("case %s: %v", other.ID, err)
	}
	if after.N != before.N || len(rels2) != 1 || rels2[0].Draft != true || len(rels2[0].Overrides) != 0 || len(auditAfter) != len(auditBefore) ||
		!rels2[0].HasLabel(label) || rels2[0].CaseID != rels[0].CaseID {
		t.Errorf("casebook changed: version %d → %d, %d releases, overrides %v, audit %d → %d", before.N, after.N, len(rels2),
			rels2[0].Overrides, len(auditBefore), len(auditAfter))
	}
}

// TestDeskAuditPaged: a release's change history on the desk is shown 50
// entries at a time, with a link to the rest.
func TestDeskAuditPaged(t *testing.T) {
	fx := newDeskFixture(t, nil)
	ctx := context.Background()
	d := &casebook.Desk{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	rel, err := d.AddText(ctx, "hanako", pastedRelease)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if err := fx.store.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: "hanako", Action: jikenbo.AuditCorrect, ReleaseID: rel.ID,
			Before: jikenbo.AuditJSON(map[string]int{"affected_persons": i}), After: jikenbo.AuditJSON(map[string]int{"affected_persons": i + 1})}); err != nil {
			t.Fatal(err)
		}
	}
	c := fx.login(t)
	rows := 0
	for next, pages := "/desk/releases/"+itoa(rel.ID), 0; next != ""; pages++ {
		res, err := c.Get(fx.srv.URL + next)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := goquery.NewDocumentFromReader(res.Body)
		res.Body.Close()
		n := doc.Find("table.audit-log tbody tr").Length()
		if res.StatusCode != http.StatusOK || n > 50 || pages > 3 {
			t.Fatalf("%s: %d, %d history rows", next, res.StatusCode, n)
		}
		rows += n
		next, _ = doc.Find("section.audit a").Attr("href")
	}
	if rows != 61 {
		t.Errorf("history rows over every page: %d, want 61 (the add and 60 corrections)", rows)
	}
}

// TestDeskRepostIsSource pastes a notice and then the same notice with a
// line added: the second paste lands on the first release's desk page,
// which says it was kept as another source, and no second draft exists.
func TestDeskRepostIsSource(t *testing.T) {
	fx := newDeskFixture(t, nil)
	c := fx.login(t)
	first := fx.post(t, c, "/desk/releases", url.Values{"text": {pastedRelease}}, nil)
	first.Body.Close()
	second := fx.post(t, c, "/desk/releases", url.Values{"text": {pastedRelease + "以上\n"}}, nil)
	second.Body.Close()
	if want := first.Header.Get("Location") + "?done=source"; second.StatusCode != http.StatusSeeOther || second.Header.Get("Location") != want {
		t.Fatalf("repost: got %d to %q, want %q", second.StatusCode, second.Header.Get("Location"), want)
	}
	res, err := c.Get(fx.srv.URL + second.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "別の出典として記録しました") {
		t.Errorf("the desk page does not say the repost became a source")
	}
	if rels, _, _ := fx.store.FindReleases(context.Background(), jikenbo.ReleaseFilter{}); len(rels) != 1 {
		t.Errorf("%d releases after a repost, want 1", len(rels))
	}
}

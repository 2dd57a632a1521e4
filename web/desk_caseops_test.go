package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

// caseOpsFixture is a desk with three published releases: A and C in
// case 2025-101, B in 2025-102.
type caseOpsFixture struct {
	*deskFixture
	a, b, c int64
}

func newCaseOpsFixture(t *testing.T) *caseOpsFixture {
	t.Helper()
	fx := &caseOpsFixture{deskFixture: newDeskFixture(t, nil)}
	dir := t.TempDir()
	files := map[string]string{
		"a.txt": "【セキュリティ事件簿#2025-101】株式会社一号商事 不正アクセスによる個人情報漏えいについて 2025/6/2\n\n当社サーバーが不正アクセスを受け、会員 1,200名の氏名が漏えいした可能性があります。現在調査中です。\n",
		"b.txt": "【セキュリティ事件簿#2025-102】株式会社二号印刷 ランサムウェア被害について 2025/6/5\n\n当社サーバーがランサムウェアに感染し、委託元のお客様情報が暗号化されました。現在調査中です。\n",
		"c.txt": "【セキュリティ事件簿#2025-101】株式会社三号物産 メール誤送信について 2025/7/1\n\nメールの誤送信により、取引先 30名のメールアドレスが他の受信者に表示されました。\n",
	}
	var paths []string
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte(files[n]), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	im := &casebook.Importer{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	if sum, err := im.Import(context.Background(), paths); err != nil || sum.Added != 3 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	rs, _, _ := fx.store.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	for _, r := range rs {
		switch {
		case strings.HasSuffix(r.Source, "a.txt"):
			fx.a = r.ID
		case strings.HasSuffix(r.Source, "b.txt"):
			fx.b = r.ID
		case strings.HasSuffix(r.Source, "c.txt"):
			fx.c = r.ID
		}
	}
	for id, want := range map[int64]string{fx.a: "2025-101", fx.b: "2025-102", fx.c: "2025-101"} {
		if r, _ := fx.store.FindReleaseByID(context.Background(), id); r.CaseID != want {
			t.Fatalf("fixture: release %d in case %q, want %s", id, r.CaseID, want)
		}
	}
	return fx
}

// get fetches a path without following redirects.
func (fx *caseOpsFixture) get(t *testing.T, c *http.Client, path string) *http.Response {
	t.Helper()
	res, err := c.Get(fx.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func wantRedirect(t *testing.T, res *http.Response, status int, to string) {
	t.Helper()
	res.Body.Close()
	if res.StatusCode != status || res.Header.Get("Location") != to {
		t.Errorf("%s: got %d to %q, want %d to %q", res.Request.URL.Path, res.StatusCode, res.Header.Get("Location"), status, to)
	}
}

func (fx *caseOpsFixture) audit(t *testing.T, f jikenbo.AuditFilter) []string {
	t.Helper()
	es, err := fx.store.FindAuditEntries(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action+"/"+e.Actor)
	}
	return out
}

func caseReleaseIDs(t *testing.T, fx *caseOpsFixture, id string) []int64 {
	t.Helper()
	c, err := fx.store.FindCaseByID(context.Background(), id)
	if err != nil {
		t.Fatalf("case %s: %v", id, err)
	}
	var ids []int64
	for _, r := range c.Releases {
		ids = append(ids, r.ReleaseID)
	}
	return ids
}

// TestDeskCaseOps merges, splits and moves on the desk with a session,
// and checks the redirects of the merged-away number and the audit log.
func TestDeskCaseOps(t *testing.T) {
	fx := newCaseOpsFixture(t)
	c := fx.login(t)
	anon := fx.client()
	ctx := context.Background()

	res := fx.get(t, c, "/desk/cases/2025-102")
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if doc.Find(`form[action="/desk/cases/2025-102/merge"] input[name="into"]`).Length() != 1 {
		t.Errorf("desk case page has no merge form")
	}
	// A cross-site form is refused even with the session cookie.
	res = fx.post(t, c, "/desk/cases/2025-102/merge", url.Values{"into": {"2025-101"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site merge: got %d, want 403", res.StatusCode)
	}
	if _, err := fx.store.FindCaseByID(ctx, "2025-102"); err != nil {
		t.Fatalf("after a refused merge: %v", err)
	}
	res = fx.post(t, c, "/desk/cases/2025-102/merge", url.Values{"into": {"#2025-101"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk/cases/2025-101?done=merged")
	if got := caseReleaseIDs(t, fx, "2025-101"); !slices.Equal(got, []int64{fx.a, fx.b, fx.c}) {
		t.Errorf("after merge: 2025-101 has %v, want %d, %d, %d", got, fx.a, fx.b, fx.c)
	}
	// The old number redirects everywhere: the public page, the API and
	// the desk; and it is not handed out again.
	wantRedirect(t, fx.get(t, anon, "/cases/2025-102"), http.StatusMovedPermanently, "/cases/2025-101")
	wantRedirect(t, fx.get(t, anon, "/api/v1/cases/2025-102"), http.StatusPermanentRedirect, "/api/v1/cases/2025-101")
	wantRedirect(t, fx.get(t, c, "/desk/cases/2025-102"), http.StatusSeeOther, "/desk/cases/2025-101")
	res = fx.get(t, anon, "/cases/2025-199")
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown case: got %d, want 404", res.StatusCode)
	}
	res, _ = http.Get(fx.srv.URL + "/cases/2025-102") // following the redirect
	d, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if canon := d.Find(`link[rel="canonical"]`).AttrOr("href", ""); res.StatusCode != 200 || !strings.HasSuffix(canon, "/cases/2025-101") {
		t.Errorf("following the redirect: %d, canonical %q", res.StatusCode, canon)
	}
	if err := fx.store.CreateCase(ctx, &jikenbo.Case{ID: "2025-102"}); jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
		t.Errorf("reusing the merged-away number: %v, want conflict", err)
	}
	cid := "2025-101"
	if got := fx.audit(t, jikenbo.AuditFilter{CaseID: &cid}); !slices.Contains(got, "case.merge/hanako") {
		t.Errorf("audit of 2025-101: %v, want case.merge by hanako", got)
	}
	es, _ := fx.store.FindAuditEntries(ctx, jikenbo.AuditFilter{CaseID: &cid})
	merge := es[len(es)-1]
	if !strings.Contains(string(merge.Before), `"2025-102"`) || !strings.Contains(string(merge.After), `"redirect":{"2025-102":"2025-101"}`) {
		t.Errorf("merge audit: before %s, after %s", merge.Before, merge.After)
	}

	// Split C off: it gets the next number.
	res = fx.post(t, c, "/desk/cases/2025-101/split", url.Values{"release": {itoa(fx.c)}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk/cases/2025-103?done=split")
	if got := caseReleaseIDs(t, fx, "2025-103"); !slices.Equal(got, []int64{fx.c}) {
		t.Errorf("new case 2025-103: %v, want %d", got, fx.c)
	}
	res = fx.post(t, c, "/desk/cases/2025-101/split", url.Values{"release": {itoa(fx.a), itoa(fx.b)}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("splitting off every release: got %d, want 400", res.StatusCode)
	}
	for _, id := range []string{"2025-101", "2025-103"} {
		if got := fx.audit(t, jikenbo.AuditFilter{CaseID: &id}); !slices.Contains(got, "case.split/hanako") {
			t.Errorf("audit of %s: %v, want case.split", id, got)
		}
	}
	res, _ = http.Get(fx.srv.URL + "/api/v1/cases?limit=100")
	var list struct {
		Cases []struct {
			ID string `json:"id"`
		} `json:"cases"`
	}
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	var ids []string
	for _, c := range list.Cases {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"2025-103", "2025-101"}) {
		t.Errorf("public case list: %v, want 2025-103, 2025-101", ids)
	}

	// Move C back by the merged-away number: it goes to where that number
	// lives, and the case it leaves empty is merged into that one, so its
	// page redirects instead of going missing.
	res = fx.post(t, c, deskReleasePath(fx.c)+"/case", url.Values{"case": {"2025-102"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, deskReleasePath(fx.c)+"?done=filed")
	if r, _ := fx.store.FindReleaseByID(ctx, fx.c); r.CaseID != "2025-101" {
		t.Errorf("moved to 2025-102 (merged into 2025-101): in %s", r.CaseID)
	}
	if _, err := fx.store.FindCaseByID(ctx, "2025-103"); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("emptied case 2025-103: %v, want it gone", err)
	}
	wantRedirect(t, fx.get(t, anon, "/cases/2025-103"), http.StatusMovedPermanently, "/cases/2025-101")
	if got := fx.audit(t, jikenbo.AuditFilter{ReleaseID: &fx.c}); !slices.Contains(got, "release.file/hanako") {
		t.Errorf("audit of the move: %v", got)
	}
}

func deskReleasePath(id int64) string { return "/desk/releases/" + itoa(id) }

// TestDeskLabels adds, renames and removes a label on the desk; the old
// label page and feed redirect to the new name.
func TestDeskLabels(t *testing.T) {
	fx := newCaseOpsFixture(t)
	c := fx.login(t)
	anon := fx.client()
	res := fx.post(t, c, deskReleasePath(fx.a)+"/labels", url.Values{"name": {" 注目 "}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, deskReleasePath(fx.a)+"?done=labelled")
	res = fx.get(t, c, deskReleasePath(fx.a))
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if !slices.Contains(doc.Find(".release-labels .label-name").Map(func(_ int, s *goquery.Selection) string { return s.Text() }), "注目") {
		t.Errorf("desk release page does not list the label")
	}
	old := "/labels/" + url.PathEscape("注目")
	res = fx.get(t, anon, old)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", old, res.StatusCode)
	}
	for _, bad := range []string{"", "a/b", "x\u202ey", strings.Repeat("長", 65)} {
		res = fx.post(t, c, deskReleasePath(fx.a)+"/labels", url.Values{"name": {bad}}, nil)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("label %q: got %d, want 400", bad, res.StatusCode)
		}
	}

	res = fx.get(t, c, "/desk/labels")
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if doc.Find(`form.rename input[name="old"][value="注目"]`).Length() != 1 {
		t.Errorf("desk labels page has no rename form for 注目")
	}
	res = fx.post(t, c, "/desk/labels/rename", url.Values{"old": {"注目"}, "new": {"要チェック"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk/labels?done=renamed")
	newPath := "/labels/" + url.PathEscape("要チェック")
	wantRedirect(t, fx.get(t, anon, old), http.StatusMovedPermanently, newPath)
	wantRedirect(t, fx.get(t, anon, old+"/feed.atom"), http.StatusMovedPermanently, newPath+"/feed.atom")
	res = fx.get(t, anon, newPath)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", newPath, res.StatusCode)
	}
	// An automatic label cannot be renamed or removed.
	auto := jikenbo.TermName(jikenbo.Categories, jikenbo.CatUnauthorizedAccess)
	if r, _ := fx.store.FindReleaseByID(context.Background(), fx.a); !r.HasLabel(auto) {
		t.Fatalf("release A lacks the automatic label %s: %v", auto, r.Labels)
	}
	res = fx.post(t, c, "/desk/labels/rename", url.Values{"old": {auto}, "new": {"侵入"}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("renaming an automatic label: got %d, want 400", res.StatusCode)
	}
	res = fx.post(t, c, deskReleasePath(fx.a)+"/labels/remove", url.Values{"name": {auto}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("removing an automatic label: got %d, want 400", res.StatusCode)
	}

	res = fx.post(t, c, deskReleasePath(fx.a)+"/labels/remove", url.Values{"name": {"要チェック"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, deskReleasePath(fx.a)+"?done=unlabelled")
	if r, _ := fx.store.FindReleaseByID(context.Background(), fx.a); r.HasLabel("要チェック") {
		t.Errorf("label still on the release: %v", r.Labels)
	}
	res = fx.post(t, c, deskReleasePath(fx.a)+"/labels/remove", url.Values{"name": {"要チェック"}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("removing it again: got %d, want 404", res.StatusCode)
	}
	if got := fx.audit(t, jikenbo.AuditFilter{ReleaseID: &fx.a}); !slices.Equal(got, []string{"label.add/hanako", "label.remove/hanako"}) {
		t.Errorf("audit of release A: %v", got)
	}
	all := fx.audit(t, jikenbo.AuditFilter{})
	if !slices.Contains(all, "label.rename/hanako") {
		t.Errorf("audit: %v, want label.rename", all)
	}
	es, _ := fx.store.FindAuditEntries(context.Background(), jikenbo.AuditFilter{})
	for _, e := range es {
		if e.Action == jikenbo.AuditRenameLabel && (!strings.Contains(string(e.Before), "注目") || !strings.Contains(string(e.After), "要チェック")) {
			t.Errorf("rename audit: before %s, after %s", e.Before, e.After)
		}
	}
}

// apiCall sends a write API request with a token and returns the status,
// the body and the Location.
func (fx *caseOpsFixture) apiCall(t *testing.T, token, method, path, body string) (int, []byte, string) {
	t.Helper()
	req, _ := http.NewRequest(method, fx.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := fx.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header.Get("Location")
}

func (fx *caseOpsFixture) token(t *testing.T) string {
	t.Helper()
	secret := jikenbo.NewSecret()
	if err := fx.store.CreateToken(context.Background(), &jikenbo.Token{UserID: fx.user.ID, Hash: jikenbo.HashSecret(secret)}); err != nil {
		t.Fatal(err)
	}
	return "jkb_" + secret
}

// TestOpenAPIWrite drives every documented write operation with a token
// and validates each response against the document's schema; it also
// covers the 308 of a merged-away case in the read API.
func TestOpenAPIWrite(t *testing.T) {
	fx := newCaseOpsFixture(t)
	tok := fx.token(t)
	var doc map[string]any
	_, b, _ := fx.apiCall(t, "", "GET", "/api/v1/openapi.json", "")
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	exercised := map[string]bool{}
	type call struct {
		method, docPath, path, body string
		status                      int
	}
	check := func(c call) map[string]any {
		t.Helper()
		code, body, loc := fx.apiCall(t, tok, c.method, c.path, c.body)
		if code != c.status {
			t.Errorf("%s %s: got %d %s, want %d", c.method, c.path, code, body, c.status)
		}
		op, ok := paths[c.docPath].(map[string]any)[strings.ToLower(c.method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s is not documented", c.method, c.docPath)
			return nil
		}
		exercised[c.method+" "+c.docPath] = true
		resp, ok := op["responses"].(map[string]any)[fmt.Sprint(code)].(map[string]any)
		if !ok {
			t.Errorf("%s %s: status %d is not documented", c.method, c.path, code)
			return nil
		}
		if code == http.StatusCreated && loc == "" {
			t.Errorf("%s %s: 201 without Location", c.method, c.path)
		}
		content, ok := resp["content"].(map[string]any)
		if !ok {
			return nil
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		val := validator{doc: doc}
		val.check(c.method+" "+c.path, content["application/json"].(map[string]any)["schema"], v)
		for _, e := range val.errs {
			t.Error(e)
		}
		m, _ := v.(map[string]any)
		return m
	}
	a, cc := itoa(fx.a), itoa(fx.c)
	out := check(call{"POST", "/releases", "/api/v1/releases", jsonString(map[string]string{"text": pastedRelease}), 201})
	draft := itoa(int64(out["id"].(float64)))
	// The same notice pasted again with a line added is another source of
	// the draft, answered 200 with that release.
	again := check(call{"POST", "/releases", "/api/v1/releases", jsonString(map[string]string{"text": pastedRelease + "以上\n"}), 200})
	if again["another_source"] != true || itoa(int64(again["id"].(float64))) != draft {
		t.Errorf("repost: got %v, want release %s with another_source", again, draft)
	}
	check(call{"POST", "/releases", "/api/v1/releases", `{"text":""}`, 400})
	check(call{"POST", "/releases/{id}/facts", "/api/v1/releases/" + draft + "/facts", `{"field":"affected_persons","value":1300}`, 200})
	check(call{"POST", "/releases/{id}/publish", "/api/v1/releases/" + draft + "/publish", "", 200})
	check(call{"POST", "/releases/{id}/publish", "/api/v1/releases/" + draft + "/publish", "", 409})
	check(call{"POST", "/releases/{id}/case", "/api/v1/releases/" + draft + "/case", `{"case_id":"2025-101"}`, 200})

	out = check(call{"POST", "/cases/{id}/merge", "/api/v1/cases/2025-102/merge", `{"into":"2025-101"}`, 200})
	if out["merged"] != "2025-102" || out["case"].(map[string]any)["id"] != "2025-101" {
		t.Errorf("merge: %v", out)
	}
	check(call{"POST", "/cases/{id}/merge", "/api/v1/cases/2025-102/merge", `{"into":"2025-101"}`, 404})
	check(call{"POST", "/cases/{id}/merge", "/api/v1/cases/2025-101/merge", `{"into":"2025-101"}`, 400})
	check(call{"POST", "/cases/{id}/merge", "/api/v1/cases/2025-101/merge", `{"into":2025}`, 400})
	// The read API redirects the merged-away number, keeping the method.
	check(call{"GET", "/cases/{id}", "/api/v1/cases/2025-102", "", 308})

	out = check(call{"POST", "/cases/{id}/split", "/api/v1/cases/2025-101/split", `{"releases":[` + cc + `]}`, 201})
	// 2025-103 went to the draft's first case, emptied when it was moved.
	if nc := out["new_case"].(map[string]any); nc["id"] != "2025-104" || len(nc["releases"].([]any)) != 1 {
		t.Errorf("split: %v", out)
	}
	check(call{"POST", "/cases/{id}/split", "/api/v1/cases/2025-101/split", `{"releases":[]}`, 400})
	check(call{"POST", "/cases/{id}/split", "/api/v1/cases/2025-101/split", `{"releases":[` + cc + `]}`, 404})

	out = check(call{"POST", "/releases/{id}/labels", "/api/v1/releases/" + a + "/labels", `{"name":"API注目"}`, 200})
	if !strings.Contains(jsonString(out["labels"]), `{"name":"API注目","source":"editor"}`) {
		t.Errorf("labels after adding: %v", out["labels"])
	}
	check(call{"POST", "/releases/{id}/labels", "/api/v1/releases/999999/labels", `{"name":"x"}`, 404})
	out = check(call{"POST", "/labels/{name}/rename", "/api/v1/labels/" + url.PathEscape("API注目") + "/rename", `{"to":"API要確認"}`, 200})
	if out["name"] != "API要確認" || out["releases"] != float64(1) || out["renamed"] != "API注目" {
		t.Errorf("rename: %v", out)
	}
	check(call{"POST", "/labels/{name}/rename", "/api/v1/labels/" + url.PathEscape("API注目") + "/rename", `{"to":"x"}`, 404})
	out = check(call{"DELETE", "/releases/{id}/labels/{name}", "/api/v1/releases/" + a + "/labels/" + url.PathEscape("API要確認"), "", 200})
	if strings.Contains(jsonString(out["labels"]), "API要確認") {
		t.Errorf("labels after removing: %v", out["labels"])
	}
	check(call{"DELETE", "/releases/{id}/labels/{name}", "/api/v1/releases/" + a + "/labels/" + url.PathEscape("API要確認"), "", 404})

	// Deleting: the split's new case holds C; deleting C empties and
	// deletes it, and the read API then answers 410 for both.
	check(call{"DELETE", "/cases/{id}", "/api/v1/cases/2025-101", "", 400})
	check(call{"DELETE", "/releases/{id}", "/api/v1/releases/" + cc, "", 204})
	check(call{"DELETE", "/releases/{id}", "/api/v1/releases/" + cc, "", 404})
	check(call{"GET", "/releases/{id}", "/api/v1/releases/" + cc, "", 410})
	check(call{"GET", "/cases/{id}", "/api/v1/cases/2025-104", "", 410})
	check(call{"DELETE", "/cases/{id}", "/api/v1/cases/2025-104", "", 404})
	empty := &jikenbo.Case{Year: 2025}
	if err := fx.store.CreateCase(context.Background(), empty); err != nil {
		t.Fatal(err)
	}
	check(call{"DELETE", "/cases/{id}", "/api/v1/cases/" + empty.ID, "", 204})

	// The audit log, page by page: each entry says what changed, and a
	// label entry only the label.
	var entries []map[string]any
	for next := "/api/v1/audit?limit=2"; next != ""; {
		out := check(call{"GET", "/audit", next, "", 200})
		page := out["entries"].([]any)
		if len(page) > 2 {
			t.Fatalf("audit page of %d entries, want at most 2", len(page))
		}
		for _, e := range page {
			entries = append(entries, e.(map[string]any))
		}
		next = ""
		if c, ok := out["next_cursor"].(string); ok {
			next = "/api/v1/audit?limit=2&cursor=" + c
		}
	}
	var labelAdds, labelRemoves int
	for i, e := range entries {
		if i > 0 && e["id"].(float64) <= entries[i-1]["id"].(float64) {
			t.Errorf("audit pages out of order at %v", e)
		}
		switch e["action"] {
		case jikenbo.AuditAddLabel:
			labelAdds++
			if e["before"] != nil || jsonString(e["after"]) != `{"label":"API注目"}` {
				t.Errorf("label.add entry: before %v, after %v; want null and the label", e["before"], e["after"])
			}
		case jikenbo.AuditRemoveLabel:
			labelRemoves++
			if jsonString(e["before"]) != `{"label":"API要確認"}` || e["after"] != nil {
				t.Errorf("label.remove entry: before %v, after %v; want the label and null", e["before"], e["after"])
			}
		}
	}
	if len(entries) < 8 || labelAdds != 1 || labelRemoves != 1 {
		t.Errorf("audit through the API: %d entries, %d label.add, %d label.remove", len(entries), labelAdds, labelRemoves)
	}
	check(call{"GET", "/audit", "/api/v1/audit?cursor=x", "", 400})
	check(call{"GET", "/audit", "/api/v1/audit?limit=501", "", 400})

	// Watched sources and the items they found.
	src := check(call{"POST", "/sources", "/api/v1/sources", `{"url":"https://city.example/news/","kind":"page","every":"2h"}`, 201})
	check(call{"POST", "/sources", "/api/v1/sources", `{"url":"https://city.example/news/"}`, 409})
	check(call{"POST", "/sources", "/api/v1/sources", `{"url":"ftp://city.example/"}`, 400})
	if list := check(call{"GET", "/sources", "/api/v1/sources", "", 200}); len(list["sources"].([]any)) != 1 {
		t.Errorf("sources: %v", list)
	}
	check(call{"GET", "/watch-items", "/api/v1/watch-items?status=passed", "", 200})
	check(call{"GET", "/watch-items", "/api/v1/watch-items?status=nope", "", 400})
	// This server has no watcher: promotion is refused, saying so.
	check(call{"POST", "/watch-items/{id}/promote", "/api/v1/watch-items/1/promote", "", 503})
	check(call{"DELETE", "/sources/{id}", "/api/v1/sources/" + itoa(int64(src["id"].(float64))), "", 204})
	check(call{"DELETE", "/sources/{id}", "/api/v1/sources/" + itoa(int64(src["id"].(float64))), "", 404})

	for p, item := range paths {
		for m, op := range item.(map[string]any) {
			if op.(map[string]any)["security"] != nil && !exercised[strings.ToUpper(m)+" "+p] {
				t.Errorf("documented write operation %s %s is not exercised", strings.ToUpper(m), p)
			}
		}
	}
	// Without a token nothing changes.
	if code, _, _ := fx.apiCall(t, "", "POST", "/api/v1/cases/2025-101/split", `{"releases":[`+a+`]}`); code != http.StatusUnauthorized {
		t.Errorf("split without a token: %d", code)
	}
	var actions []string
	for _, s := range fx.audit(t, jikenbo.AuditFilter{}) {
		actions = append(actions, strings.TrimSuffix(s, "/hanako"))
	}
	for _, want := range []string{"case.merge", "case.split", "label.add", "label.rename", "label.remove", "release.file"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit: %v lacks %s", actions, want)
		}
	}
}

// TestDeskCaseTitle gives a case a title of its own on the desk: the
// public page shows it, the audit log has it, and clearing it brings back
// the title made from the releases.
func TestDeskCaseTitle(t *testing.T) {
	fx := newCaseOpsFixture(t)
	c := fx.login(t)
	anon := fx.client()
	made := func() string {
		cs, err := fx.store.FindCaseByID(context.Background(), "2025-101")
		if err != nil {
			t.Fatal(err)
		}
		return cs.Facts.Title
	}
	before := made()
	res := fx.get(t, c, "/desk/cases/2025-101")
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if doc.Find(`form[action="/desk/cases/2025-101/title"] input[name="title"]`).Length() != 1 {
		t.Fatal("desk case page has no title form")
	}
	res = fx.post(t, c, "/desk/cases/2025-101/title", url.Values{"title": {"見本データ社のランサムウェア被害と委託元の公表"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk/cases/2025-101?done=titled")
	res = fx.get(t, anon, "/cases/2025-101")
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if h := doc.Find("h1").Text(); !strings.Contains(h, "見本データ社のランサムウェア被害と委託元の公表") {
		t.Errorf("public page heading %q", h)
	}
	cid := "2025-101"
	if es := fx.audit(t, jikenbo.AuditFilter{CaseID: &cid}); !slices.Contains(es, jikenbo.AuditCaseTitle+"/hanako") {
		t.Errorf("audit of 2025-101: %v, want %s by hanako", es, jikenbo.AuditCaseTitle)
	}
	res = fx.post(t, c, "/desk/cases/2025-101/title", url.Values{"title": {strings.Repeat("長", 201)}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("a 201-character title: %d, want 400", res.StatusCode)
	}
	res = fx.post(t, c, "/desk/cases/2025-101/title", url.Values{"title": {""}}, nil)
	res.Body.Close()
	if got := made(); got != before {
		t.Errorf("cleared title: %q, want the made %q", got, before)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/web"
)

// The review-queue feed: drafts only, newest first, for an editor's token
// in the header or in ?token= (feed readers), or a session; 401 for
// anyone else, and the token never reaches the access log.
func TestQueueFeed(t *testing.T) {
	ctx := context.Background()
	fx := newDeskFixture(t, nil)
	for i, text := range []string{
		"株式会社一号商事\n不正アクセスのお知らせ\n2025年1月10日\n当社サーバーが不正アクセスを受けました。調査中です。",
		"株式会社二号商事\n個人情報漏えいのお詫び\n2025年1月11日\nお客様の個人情報(30件)が漏えいしました。",
	} {
		r := &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: "feed-test-" + string(rune('a'+i)), Draft: i == 0 || i == 1}
		r.Extracted.Title = strings.Split(text, "\n")[1]
		if err := fx.store.CreateRelease(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	public := "株式会社三号商事\n公開済みのお知らせ\n当社の公開済みの公表文です。"
	if err := fx.store.CreateRelease(ctx, &jikenbo.Release{Original: []byte(public), Text: public, Encoding: "UTF-8", Source: "feed-test-public",
		Extracted: jikenbo.Facts{Title: "公開済みのお知らせ"}}); err != nil {
		t.Fatal(err)
	}
	secret := jikenbo.NewSecret()
	if err := fx.store.CreateToken(ctx, &jikenbo.Token{UserID: fx.user.ID, Hash: jikenbo.HashSecret(secret)}); err != nil {
		t.Fatal(err)
	}
	logBuf := &syncBuffer{}
	ws, err := web.New(web.Config{Store: fx.store, BaseURL: "http://casebook.test", Log: slog.New(slog.NewTextHandler(logBuf, nil)), AccessLog: true,
		Desk: &web.DeskConfig{Store: fx.store, DummyParams: fastHash,
			Editor: &casebook.Desk{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ws)
	defer srv.Close()
	get := func(path, auth string) (int, http.Header, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Header, readBody(t, res)
	}
	for _, c := range []struct{ path, auth string }{
		{"/desk/queue.atom", ""},
		{"/desk/queue.atom?token=jkb_wrong", ""},
		{"/desk/queue.atom", "Bearer jkb_wrong"},
		// A valid query token does not rescue a wrong header.
		{"/desk/queue.atom?token=jkb_" + secret, "Bearer jkb_wrong"},
	} {
		code, _, body := get(c.path, c.auth)
		if code != http.StatusUnauthorized || strings.Contains(body, "一号商事") {
			t.Errorf("%s with %q: %d, want 401 without the drafts", c.path, c.auth, code)
		}
	}
	for _, c := range []struct{ path, auth string }{
		{"/desk/queue.atom", "Bearer jkb_" + secret},
		{"/desk/queue.atom?token=jkb_" + secret, ""},
	} {
		code, hdr, body := get(c.path, c.auth)
		if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") || hdr.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: %d %v", c.path, code, hdr)
		}
		var feed struct {
			Entries []struct {
				Title string `xml:"title"`
				Link  struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(body), &feed); err != nil {
			t.Fatal(err)
		}
		if len(feed.Entries) != 2 || feed.Entries[0].Title != "個人情報漏えいのお詫び" || !strings.Contains(feed.Entries[0].Link.Href, "/desk/releases/") {
			t.Errorf("feed entries %+v, want the two drafts newest first with desk links", feed.Entries)
		}
		if strings.Contains(body, "公開済み") {
			t.Error("the queue feed lists a published release")
		}
	}
	time.Sleep(10 * time.Millisecond)
	if strings.Contains(logBuf.String(), secret) || !strings.Contains(logBuf.String(), "token=REDACTED") {
		t.Errorf("access log shows the token or no redaction:\n%s", logBuf.String())
	}
}

// The desk's webhook page shows webhooks and the delivery log, to editors.
func TestDeskWebhooksPage(t *testing.T) {
	ctx := context.Background()
	fx := newDeskFixture(t, nil)
	h := &jikenbo.Webhook{URL: "https://hooks.example/jikenbo", Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	if err := fx.store.CreateWebhook(ctx, h); err != nil {
		t.Fatal(err)
	}
	jikenbo.Notify(ctx, fx.store, jikenbo.EventCaseUpdated, jikenbo.CaseEvent{CaseID: "2025-001"})
	ds, _ := fx.store.ClaimWebhookDeliveries(ctx, time.Now().Add(time.Second), time.Minute, 1)
	fx.store.RecordWebhookAttempt(ctx, ds[0].ID, jikenbo.WebhookAttempt{At: time.Now(), Status: 502, Error: "HTTP 502", Retry: time.Now().Add(time.Minute)})

	res, err := fx.client().Get(fx.srv.URL + "/desk/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to the login", res.StatusCode)
	}
	res.Body.Close()
	res, err = fx.login(t).Get(fx.srv.URL + "/desk/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	for _, want := range []string{"https://hooks.example/jikenbo", "case.updated", "再試行待ち", "HTTP 502", `href="/desk/webhooks"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, h.Secret) {
		t.Error("the page shows the webhook's secret")
	}
}

// An editor adds a webhook with the desk's form: the answer shows its
// secret once, the page afterwards never; the form's delete removes it,
// and both are in the audit log.
func TestDeskWebhookForms(t *testing.T) {
	ctx := context.Background()
	fx := newDeskFixture(t, nil)
	c := fx.login(t)
	res := fx.post(t, c, "/desk/webhooks", url.Values{"url": {"https://hooks.example/desk"}, "event": {jikenbo.EventReleasePublished, jikenbo.EventDraftFound}}, nil)
	body := readBody(t, res)
	hooks, err := fx.store.FindWebhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].URL != "https://hooks.example/desk" || len(hooks[0].Events) != 2 {
		t.Fatalf("after the form: %+v, %v", hooks, err)
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(body, hooks[0].Secret) {
		t.Errorf("the answer to the form (%d) does not show the secret", res.StatusCode)
	}
	res, err = c.Get(fx.srv.URL + "/desk/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readBody(t, res), hooks[0].Secret) {
		t.Error("the page shows the secret again")
	}
	bad := fx.post(t, c, "/desk/webhooks", url.Values{"url": {"https://hooks.example/x"}, "event": {"release.deleted"}}, nil)
	if bad.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown event: %d, want 400", bad.StatusCode)
	}
	bad.Body.Close()
	res = fx.post(t, c, "/desk/webhooks/"+itoa(hooks[0].ID)+"/delete", nil, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/desk/webhooks?done=webhook-removed" {
		t.Errorf("delete: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if hooks, _ := fx.store.FindWebhooks(ctx); len(hooks) != 0 {
		t.Errorf("webhooks after the delete: %+v", hooks)
	}
	entries, err := fx.store.FindAuditEntries(ctx, jikenbo.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, jikenbo.AuditWebhookAdd) || !slices.Contains(actions, jikenbo.AuditWebhookRemove) {
		t.Errorf("audit log %v lacks the add and the removal", actions)
	}
}

// TestDeskWebhookLogPages: the desk's delivery log is paged by keyset, 50
// at a time, and the API pages the same way with a next link.
func TestDeskWebhookLogPages(t *testing.T) {
	ctx := context.Background()
	fx := newDeskFixture(t, nil)
	h := &jikenbo.Webhook{URL: "https://hooks.example/jikenbo", Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	if err := fx.store.CreateWebhook(ctx, h); err != nil {
		t.Fatal(err)
	}
	for i := range 53 {
		if err := jikenbo.Notify(ctx, fx.store, jikenbo.EventCaseUpdated, jikenbo.CaseEvent{CaseID: fmt.Sprintf("2025-%03d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	c := fx.login(t)
	page := func(path string) *goquery.Document { t.Helper(); return fx.deskDoc(t, c, path) }
	first := page("/desk/webhooks")
	if n := first.Find("table.deliveries tbody tr").Length(); n != 50 {
		t.Errorf("first page: %d deliveries, want 50", n)
	}
	next, ok := first.Find("nav.pager a.next").Attr("href")
	if !ok {
		t.Fatal("first page has no link to older deliveries")
	}
	second := page(next)
	if n := second.Find("table.deliveries tbody tr").Length(); n != 3 {
		t.Errorf("second page (%s): %d deliveries, want the 3 oldest", next, n)
	}
	if second.Find("nav.pager a.next").Length() != 0 || second.Find("nav.pager a.first").Length() != 1 {
		t.Errorf("second page: want a link back to the newest and none further")
	}
	lastOfFirst := first.Find("table.deliveries tbody tr").Last().Find("td").First().Text()
	firstOfSecond := second.Find("table.deliveries tbody tr").First().Find("td").First().Text()
	if a, _ := strconv.Atoi(lastOfFirst); func() bool { b, _ := strconv.Atoi(firstOfSecond); return b >= a }() {
		t.Errorf("second page starts at %s, want below %s", firstOfSecond, lastOfFirst)
	}
	for _, bad := range []string{"/desk/webhooks?before=x", "/desk/webhooks?before=-1"} {
		res, err := c.Get(fx.srv.URL + bad)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", bad, res.StatusCode)
		}
	}

	// The API: limit, before and a next link with the same filters.
	var out struct {
		Deliveries []struct {
			ID int64 `json:"id"`
		} `json:"deliveries"`
		Next *string `json:"next"`
	}
	get := func(path string) {
		t.Helper()
		res, err := c.Get(fx.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out.Next = nil
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	path := "/api/v1/webhooks/deliveries?state=pending&limit=20"
	for range 5 {
		get(path)
		seen += len(out.Deliveries)
		if out.Next == nil {
			break
		}
		path = *out.Next
	}
	if seen != 53 || out.Next != nil {
		t.Errorf("paging the API by 20 saw %d deliveries, want 53 and then no next", seen)
	}
	if !strings.Contains(path, "state=pending") {
		t.Errorf("next link %q lost the filter", path)
	}
}

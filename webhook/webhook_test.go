package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/store/sqlite"
	"github.com/jikenbo/jikenbo/webhook"
)

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hooks.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"event":"case.updated"}`)
	at := time.Unix(1764670000, 0)
	h := webhook.Sign("whsec_test", at, body)
	if !strings.HasPrefix(h, "t=1764670000,v1=") || len(h) != len("t=1764670000,v1=")+64 {
		t.Fatalf("header %q", h)
	}
	tests := []struct {
		name, secret, header string
		body                 []byte
		now                  time.Time
		ok                   bool
	}{
		{"good", "whsec_test", h, body, at.Add(time.Minute), true},
		{"other secret", "whsec_other", h, body, at, false},
		{"changed body", "whsec_test", h, []byte(`{"event":"case.updated" }`), at, false},
		{"replayed late", "whsec_test", h, body, at.Add(10 * time.Minute), false},
		{"changed timestamp", "whsec_test", strings.Replace(h, "t=1764670000", "t=1764670001", 1), body, at, false},
		{"garbage", "whsec_test", "v1=abc", body, at, false},
	}
	for _, tt := range tests {
		err := webhook.Verify(tt.secret, tt.header, tt.body, tt.now, 5*time.Minute)
		if (err == nil) != tt.ok {
			t.Errorf("%s: Verify = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// receiver is a real HTTP server that verifies each delivery and answers
// with the statuses it is given, in turn.
type receiver struct {
	mu       sync.Mutex
	secret   string
	statuses []int
	got      []jikenbo.EventBody
	headers  []http.Header
	bad      []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err := webhook.Verify(rc.secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
		rc.bad = append(rc.bad, err.Error())
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var e jikenbo.EventBody
	json.Unmarshal(body, &e)
	rc.got = append(rc.got, e)
	rc.headers = append(rc.headers, r.Header.Clone())
	status := http.StatusNoContent
	if len(rc.statuses) > 0 {
		status, rc.statuses = rc.statuses[0], rc.statuses[1:]
	}
	w.WriteHeader(status)
}

func TestSenderDeliversRetriesAndLogs(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rc := &receiver{statuses: []int{500, 503, 200}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook := &jikenbo.Webhook{URL: srv.URL + "/hook", Events: []string{jikenbo.EventReleasePublished}, Secret: jikenbo.NewWebhookSecret()}
	rc.secret = hook.Secret
	if err := s.CreateWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	if err := jikenbo.Notify(ctx, s, jikenbo.EventReleasePublished, jikenbo.ReleaseEvent{ReleaseID: 7, Path: "/releases/7"}); err != nil {
		t.Fatal(err)
	}

	clock := time.Now()
	var waits []time.Duration
	snd := &webhook.Sender{Store: s, Client: ingest.FetchOptions{}.Client(), Now: func() time.Time { return clock },
		Backoff: func(n int) time.Duration {
			d := webhook.DefaultBackoff(n)
			waits = append(waits, d)
			return d
		}}
	// Attempt 1 (500), then nothing until the backoff has passed.
	for i, step := range []time.Duration{0, 10 * time.Second, 21 * time.Second, 59 * time.Second, 2 * time.Second} {
		clock = clock.Add(step)
		n, err := snd.SendDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{0: 1, 1: 0, 2: 1, 3: 0, 4: 1}[i]
		if n != want {
			t.Errorf("step %d: %d attempts, want %d", i, n, want)
		}
	}
	if len(rc.bad) != 0 {
		t.Errorf("receiver refused signatures: %v", rc.bad)
	}
	if len(rc.got) != 3 || rc.got[2].Event != jikenbo.EventReleasePublished || rc.headers[2].Get("X-Jikenbo-Event") != jikenbo.EventReleasePublished {
		t.Fatalf("receiver got %+v", rc.got)
	}
	if len(waits) != 2 || waits[0] != 30*time.Second || waits[1] != time.Minute {
		t.Errorf("backoff waits %v, want [30s 1m]", waits)
	}
	log, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if err != nil || len(log) != 1 {
		t.Fatal(err, len(log))
	}
	if d := log[0]; d.State != jikenbo.DeliveryDelivered || d.Attempts != 3 || d.LastStatus != 200 || d.LastError != "" {
		t.Errorf("log: %+v", d)
	}
}

func TestSenderGivesUp(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rc := &receiver{statuses: []int{500, 500, 500}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook := &jikenbo.Webhook{URL: srv.URL, Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	rc.secret = hook.Secret
	s.CreateWebhook(ctx, hook)
	jikenbo.Notify(ctx, s, jikenbo.EventCaseUpdated, jikenbo.CaseEvent{CaseID: "2024-001"})
	clock := time.Now()
	snd := &webhook.Sender{Store: s, MaxAttempts: 3, Now: func() time.Time { return clock }, Backoff: func(int) time.Duration { return time.Second }}
	for range 5 {
		snd.SendDue(ctx)
		clock = clock.Add(2 * time.Second)
	}
	log, _ := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if d := log[0]; d.State != jikenbo.DeliveryFailed || d.Attempts != 3 || d.LastError != "HTTP 500" || len(rc.got) != 3 {
		t.Errorf("after 3 failures: %+v, %d posts", d, len(rc.got))
	}
}

// The SSRF guard: a client that refuses private addresses never reaches a
// loopback receiver, and the refusal is in the log.
func TestSenderRefusesPrivateAddresses(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook := &jikenbo.Webhook{URL: srv.URL, Events: []string{jikenbo.EventDraftFound}, Secret: jikenbo.NewWebhookSecret()}
	rc.secret = hook.Secret
	s.CreateWebhook(ctx, hook)
	jikenbo.Notify(ctx, s, jikenbo.EventDraftFound, jikenbo.ReleaseEvent{ReleaseID: 1})
	snd := &webhook.Sender{Store: s, Client: ingest.FetchOptions{RefusePrivate: true}.Client()}
	if n, err := snd.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue: %d %v", n, err)
	}
	log, _ := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if len(rc.got) != 0 || !strings.Contains(log[0].LastError, "loopback, private or link-local") || log[0].State != jikenbo.DeliveryPending {
		t.Errorf("private receiver reached or not logged: %d posts, %+v", len(rc.got), log[0])
	}
}

// TestSenderRunPrunes: the sender's loop deletes finished deliveries older
// than Keep, and never a pending one.
func TestSenderRunPrunes(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook := &jikenbo.Webhook{URL: srv.URL, Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	rc.secret = hook.Secret
	if err := s.CreateWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	jikenbo.Notify(ctx, s, jikenbo.EventCaseUpdated, jikenbo.CaseEvent{CaseID: "2024-001"})
	clock := time.Now()
	snd := &webhook.Sender{Store: s, Client: ingest.FetchOptions{}.Client(), Now: func() time.Time { return clock }, Keep: jikenbo.DefaultWebhookKeep}
	if n, err := snd.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("send: %d, %v", n, err)
	}
	// A second event stays pending: its receiver is gone.
	jikenbo.Notify(ctx, s, jikenbo.EventCaseUpdated, jikenbo.CaseEvent{CaseID: "2024-002"})
	srv.Close()
	if n, err := snd.Prune(ctx, jikenbo.DefaultWebhookKeep); err != nil || n != 0 {
		t.Errorf("prune of a fresh log: %d, %v; want 0", n, err)
	}
	clock = clock.Add(jikenbo.DefaultWebhookKeep + time.Hour)
	rctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	snd.Run(rctx, 50*time.Millisecond)
	log, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if err != nil || len(log) != 1 || log[0].State != jikenbo.DeliveryPending {
		t.Errorf("log after 90 days: %+v, %v; want the pending delivery alone", log, err)
	}
	if _, err := snd.Prune(ctx, 0); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("prune keeping nothing: %v, want EINVALID", err)
	}
}

package main

import (
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
	"github.com/jikenbo/jikenbo/webhook"
)

// The webhook commands end to end: add, an import that queues events,
// send to a real receiver that checks each signature, the log, remove.
func TestWebhookCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	var mu sync.Mutex
	var secret string
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		got = append(got, r.Header.Get("X-Jikenbo-Event"))
	}))
	defer srv.Close()

	if code, _, errOut := casebookCLI(t, "import", "--db", db, "../../testdata/classify/incident/pos-01.txt"); code != 0 {
		t.Fatalf("first import: %s", errOut)
	}
	code, out, errOut := casebookCLI(t, "webhook", "add", srv.URL+"/hook", "--event", "release.published,case.updated", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "whsec_") || !strings.Contains(errOut, "webhook 1:") {
		t.Fatalf("add: exit %d %q %q", code, out, errOut)
	}
	mu.Lock()
	secret = strings.TrimSpace(out)
	mu.Unlock()
	if code, _, errOut := casebookCLI(t, "webhook", "add", srv.URL, "--event", "release.deleted", "--db", db); code == 0 || !strings.Contains(errOut, "release.deleted") {
		t.Errorf("unknown event: exit %d %q", code, errOut)
	}
	if code, out, _ := casebookCLI(t, "webhook", "list", "--db", db); code != 0 || !strings.Contains(out, srv.URL+"/hook") || strings.Contains(out, "whsec_") {
		t.Errorf("list (must not show the secret): exit %d %q", code, out)
	}

	if code, _, errOut := casebookCLI(t, "import", "--db", db, "../../testdata/classify/incident/pos-02.txt"); code != 0 {
		t.Fatalf("second import: %s", errOut)
	}
	// Refused on loopback unless allowed; the refusal is logged, not lost.
	if code, out, _ := casebookCLI(t, "webhook", "send", "--db", db); code != 0 || !strings.HasPrefix(out, "2 deliveries") {
		t.Fatalf("send: exit %d %q", code, out)
	}
	code, out, _ = casebookCLI(t, "webhook", "log", "--json", "--db", db)
	var log []jikenbo.DeliveryRecord
	if code != 0 || json.Unmarshal([]byte(out), &log) != nil || len(log) != 2 {
		t.Fatalf("log: exit %d %q", code, out)
	}
	if log[0].State != "pending" || log[0].Attempts != 1 || !strings.Contains(log[0].LastError, "private") || len(got) != 0 {
		t.Errorf("after a refused send: %+v, %d received", log[0], len(got))
	}
	// The retry waits 30 s; a send now attempts nothing.
	if code, out, _ := casebookCLI(t, "webhook", "send", "--db", db, "--allow-private-urls"); code != 0 || !strings.HasPrefix(out, "0 deliveries") {
		t.Errorf("send before the retry is due: %q", out)
	}
	if code, _, errOut := casebookCLI(t, "webhook", "remove", "1", "--db", db); code != 0 {
		t.Fatalf("remove: %s", errOut)
	}
	if code, out, _ := casebookCLI(t, "webhook", "log", "--db", db); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("log after remove: %q", out)
	}

	// A new webhook, a new import, a send that is allowed: delivered and signed.
	code, out, _ = casebookCLI(t, "webhook", "add", srv.URL, "--event", "release.published", "--event", "case.updated", "--db", db)
	if code != 0 {
		t.Fatalf("second add: exit %d", code)
	}
	mu.Lock()
	secret = strings.TrimSpace(out)
	mu.Unlock()
	if code, _, errOut := casebookCLI(t, "import", "--db", db, "../../testdata/classify/incident/pos-05.txt"); code != 0 {
		t.Fatalf("third import: %s", errOut)
	}
	if code, out, _ := casebookCLI(t, "webhook", "send", "--allow-private-urls", "--db", db); code != 0 || !strings.HasPrefix(out, "2 deliveries") {
		t.Fatalf("send allowed: exit %d %q", code, out)
	}
	_, out, _ = casebookCLI(t, "webhook", "log", "--db", db)
	if strings.Count(out, "delivered") != 2 || strings.Join(got, " ") != "release.published case.updated" {
		t.Errorf("log %q, received %v", out, got)
	}
	// Pruning keeps what is younger than --older-than and deletes the
	// delivered ones older.
	if code, out, _ := casebookCLI(t, "webhook", "prune", "--db", db); code != 0 || !strings.HasPrefix(out, "deleted 0 ") {
		t.Errorf("prune of a young log: exit %d %q", code, out)
	}
	if code, out, _ := casebookCLI(t, "webhook", "prune", "--older-than", "1ns", "--db", db); code != 0 || !strings.HasPrefix(out, "deleted 2 ") {
		t.Errorf("prune of everything finished: exit %d %q", code, out)
	}
	if code, out, _ := casebookCLI(t, "webhook", "log", "--db", db); code != 0 || strings.Contains(out, "delivered") {
		t.Errorf("log after the prune: %q", out)
	}
	if code, _, errOut := casebookCLI(t, "webhook", "remove", "99", "--db", db); code == 0 || !strings.Contains(errOut, "99") {
		t.Errorf("remove missing: exit %d %q", code, errOut)
	}
}

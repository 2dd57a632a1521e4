package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// TestDelete deletes releases and an emptied case on the desk and in the
// write API: each needs an editor (and the desk a ticked confirm box),
// leaves a 410 at its public URLs, keeps its number from reuse and is in
// the audit log.
func TestDelete(t *testing.T) {
	fx := newCaseOpsFixture(t)
	c := fx.login(t)
	anon := fx.client()
	ctx := context.Background()
	status := func(cl *http.Client, path string) int {
		t.Helper()
		res := fx.get(t, cl, path)
		res.Body.Close()
		return res.StatusCode
	}

	// Without the confirm box nothing happens.
	res := fx.post(t, c, deskReleasePath(fx.b)+"/delete", url.Values{}, nil)
	if body := readBody(t, res); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "チェック") {
		t.Errorf("delete without confirm: %d", res.StatusCode)
	}
	if _, err := fx.store.FindReleaseByID(ctx, fx.b); err != nil {
		t.Fatalf("release deleted without confirmation: %v", err)
	}
	// B is alone in 2025-102: deleting it deletes the case too.
	res = fx.post(t, c, deskReleasePath(fx.b)+"/delete", url.Values{"confirm": {"1"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk?done=deleted")
	for _, p := range []string{"/releases/" + itoa(fx.b), "/releases/" + itoa(fx.b) + "/original", "/api/v1/releases/" + itoa(fx.b),
		"/cases/2025-102", "/api/v1/cases/2025-102"} {
		if got := status(anon, p); got != http.StatusGone {
			t.Errorf("%s after deletion: %d, want 410", p, got)
		}
	}
	if got := status(anon, "/releases/9999"); got != http.StatusNotFound {
		t.Errorf("an ID never used: %d, want 404", got)
	}
	gone := "2025-102"
	if got := fx.audit(t, jikenbo.AuditFilter{ReleaseID: &fx.b}); !slices.Contains(got, jikenbo.AuditDeleteRelease+"/"+fx.user.Name) {
		t.Errorf("audit of the release: %v", got)
	}
	if got := fx.audit(t, jikenbo.AuditFilter{CaseID: &gone}); !slices.Contains(got, jikenbo.AuditDeleteCase+"/"+fx.user.Name) {
		t.Errorf("audit of the case: %v", got)
	}

	// The write API: a token is needed; C goes, A's case stays.
	tok := fx.token(t)
	if code, _, _ := fx.apiCall(t, "", "DELETE", "/api/v1/releases/"+itoa(fx.c), ""); code != http.StatusUnauthorized {
		t.Errorf("DELETE without a token: %d, want 401", code)
	}
	if code, body, _ := fx.apiCall(t, tok, "DELETE", "/api/v1/releases/"+itoa(fx.c), ""); code != http.StatusNoContent {
		t.Errorf("DELETE release: %d %s", code, body)
	}
	if code, _, _ := fx.apiCall(t, tok, "DELETE", "/api/v1/releases/"+itoa(fx.c), ""); code != http.StatusGone && code != http.StatusNotFound {
		t.Errorf("DELETE again: %d", code)
	}
	if code, body, _ := fx.apiCall(t, tok, "DELETE", "/api/v1/cases/2025-101", ""); code != http.StatusBadRequest || !strings.Contains(string(body), "公表文が 1 件") {
		t.Errorf("DELETE of a case with a release: %d %s, want 400", code, body)
	}
	if got := status(anon, "/cases/2025-101"); got != http.StatusOK {
		t.Errorf("the case keeping A: %d", got)
	}
	// A new case never takes a deleted number.
	nc := &jikenbo.Case{Year: 2025}
	if err := fx.store.CreateCase(ctx, nc); err != nil || nc.ID == "2025-102" {
		t.Errorf("new case %q, %v: deleted numbers are not reused", nc.ID, err)
	}
	if code, body, _ := fx.apiCall(t, tok, "DELETE", "/api/v1/cases/"+nc.ID, ""); code != http.StatusNoContent {
		t.Errorf("DELETE empty case: %d %s", code, body)
	}
}

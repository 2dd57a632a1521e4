package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

// MustCreateUser stores an account with a placeholder hash.
func MustCreateUser(tb testing.TB, s jikenbo.Store, name string, role jikenbo.UserRole) *jikenbo.User {
	tb.Helper()
	u := &jikenbo.User{Name: name, Role: role, PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"}
	if err := s.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("CreateUser(%q): %v", name, err)
	}
	return u
}

func testUsers(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "hanako", jikenbo.RoleEditor)
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Errorf("CreateUser set ID %d, CreatedAt %v", u.ID, u.CreatedAt)
	}
	MustCreateUser(t, s, "admin", jikenbo.RoleAdmin)
	wantCode(t, "CreateUser same name", s.CreateUser(ctx, &jikenbo.User{Name: "hanako", Role: jikenbo.RoleEditor, PasswordHash: "x"}), jikenbo.ECONFLICT)
	wantCode(t, "CreateUser bad name", s.CreateUser(ctx, &jikenbo.User{Name: "Bad Name", Role: jikenbo.RoleEditor, PasswordHash: "x"}), jikenbo.EINVALID)
	wantCode(t, "CreateUser bad role", s.CreateUser(ctx, &jikenbo.User{Name: "x", Role: "root", PasswordHash: "x"}), jikenbo.EINVALID)

	got, err := s.FindUserByName(ctx, "hanako")
	if err != nil || got.ID != u.ID || got.Role != jikenbo.RoleEditor || got.PasswordHash != u.PasswordHash || got.Disabled {
		t.Errorf("FindUserByName: got %+v, %v", got, err)
	}
	_, err = s.FindUserByName(ctx, "nobody")
	wantCode(t, "FindUserByName missing", err, jikenbo.ENOTFOUND)
	_, err = s.FindUserByID(ctx, 999)
	wantCode(t, "FindUserByID missing", err, jikenbo.ENOTFOUND)
	us, err := s.FindUsers(ctx)
	if err != nil || len(us) != 2 || us[0].Name != "admin" || us[1].Name != "hanako" {
		t.Errorf("FindUsers: got %v, %v, want admin, hanako", us, err)
	}

	// Sessions end when the password changes or the account is disabled.
	sess := &jikenbo.Session{Hash: jikenbo.HashSecret("s1"), UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if got, err := s.FindSessionByHash(ctx, sess.Hash); err != nil || got.UserID != u.ID {
		t.Errorf("FindSessionByHash: got %+v, %v", got, err)
	}
	// So do API tokens.
	tok := &jikenbo.Token{UserID: u.ID, Hash: jikenbo.HashSecret("t1")}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	h := "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$bmV3"
	if upd, err := s.UpdateUser(ctx, u.ID, jikenbo.UserUpdate{PasswordHash: &h}); err != nil || upd.PasswordHash != h {
		t.Errorf("UpdateUser password: got %+v, %v", upd, err)
	}
	_, err = s.FindSessionByHash(ctx, sess.Hash)
	wantCode(t, "session after password change", err, jikenbo.ENOTFOUND)
	_, err = s.FindTokenByHash(ctx, tok.Hash)
	wantCode(t, "token after password change", err, jikenbo.ENOTFOUND)
	tok2 := &jikenbo.Token{UserID: u.ID, Hash: jikenbo.HashSecret("t2")}
	if err := s.CreateToken(ctx, tok2); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}

	sess2 := &jikenbo.Session{Hash: jikenbo.HashSecret("s2"), UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, sess2); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	yes := true
	if upd, err := s.UpdateUser(ctx, u.ID, jikenbo.UserUpdate{Disabled: &yes}); err != nil || !upd.Disabled {
		t.Errorf("UpdateUser disable: got %+v, %v", upd, err)
	}
	_, err = s.FindSessionByHash(ctx, sess2.Hash)
	wantCode(t, "session after disable", err, jikenbo.ENOTFOUND)
	no := false
	if _, err := s.UpdateUser(ctx, u.ID, jikenbo.UserUpdate{Disabled: &no}); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindTokenByHash(ctx, tok2.Hash)
	wantCode(t, "token after disable and enable again", err, jikenbo.ENOTFOUND)
	_, err = s.UpdateUser(ctx, 999, jikenbo.UserUpdate{Disabled: &yes})
	wantCode(t, "UpdateUser missing", err, jikenbo.ENOTFOUND)
}

func testSessions(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "taro", jikenbo.RoleEditor)
	old := &jikenbo.Session{Hash: jikenbo.HashSecret("old"), UserID: u.ID, ExpiresAt: time.Now().Add(-time.Second)}
	if err := s.CreateSession(ctx, old); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	_, err := s.FindSessionByHash(ctx, old.Hash)
	wantCode(t, "expired session", err, jikenbo.ENOTFOUND)
	cur := &jikenbo.Session{Hash: jikenbo.HashSecret("cur"), UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, cur); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if err := s.DeleteSession(ctx, cur.Hash); err != nil {
		t.Errorf("DeleteSession: %v", err)
	}
	_, err = s.FindSessionByHash(ctx, cur.Hash)
	wantCode(t, "deleted session", err, jikenbo.ENOTFOUND)
	if err := s.DeleteSession(ctx, cur.Hash); err != nil {
		t.Errorf("DeleteSession again: %v", err)
	}
	wantCode(t, "CreateSession unknown user", s.CreateSession(ctx, &jikenbo.Session{Hash: jikenbo.HashSecret("x"), UserID: 999,
		ExpiresAt: time.Now().Add(time.Hour)}), jikenbo.ENOTFOUND)
}

func testTokens(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "jiro", jikenbo.RoleEditor)
	tok := &jikenbo.Token{UserID: u.ID, Hash: jikenbo.HashSecret(jikenbo.NewSecret())}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if tok.ID == 0 || tok.UserName != "jiro" {
		t.Errorf("CreateToken: got %+v", tok)
	}
	got, err := s.FindTokenByHash(ctx, tok.Hash)
	if err != nil || got.ID != tok.ID || got.UserID != u.ID || !got.RevokedAt.IsZero() {
		t.Errorf("FindTokenByHash: got %+v, %v", got, err)
	}
	wantCode(t, "CreateToken unknown user", s.CreateToken(ctx, &jikenbo.Token{UserID: 999, Hash: jikenbo.HashSecret("y")}), jikenbo.ENOTFOUND)
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Errorf("RevokeToken: %v", err)
	}
	_, err = s.FindTokenByHash(ctx, tok.Hash)
	wantCode(t, "revoked token", err, jikenbo.ENOTFOUND)
	ts, err := s.FindTokens(ctx, 0)
	if err != nil || len(ts) != 1 || ts[0].RevokedAt.IsZero() {
		t.Errorf("FindTokens: got %v, %v, want one revoked token", ts, err)
	}
	wantCode(t, "RevokeToken missing", s.RevokeToken(ctx, 999), jikenbo.ENOTFOUND)
}

func testThrottle(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	lim := jikenbo.LoginLimits{
		Pair:    jikenbo.Throttle{Max: 3, Window: time.Hour, Lock: time.Hour},
		Account: jikenbo.Throttle{Max: 4, Window: time.Hour, Lock: time.Hour},
		Address: jikenbo.Throttle{Max: 6, Window: time.Hour, Lock: time.Hour},
	}
	// Fifty attempts at once on one account from one address: exactly
	// three are let through, the third setting the lock.
	k := jikenbo.NewLoginKeys("a", "192.0.2.1")
	var mu sync.Mutex
	var admitted, locking int
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			adm, err := s.BeginLogin(ctx, k, lim)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if adm.Refused.IsZero() {
				admitted++
			}
			if !adm.Locks.IsZero() {
				locking++
			}
		})
	}
	wg.Wait()
	if admitted != 3 || locking != 1 {
		t.Errorf("50 concurrent attempts: %d admitted, %d set the lock, want 3 and 1", admitted, locking)
	}
	// The account has 3 failures of its 4. A fresh address is let
	// through even once the account is at its limit; an address that has
	// been failing is held back by the account's lock.
	if adm, _ := s.BeginLogin(ctx, jikenbo.NewLoginKeys("a", "192.0.2.2"), lim); !adm.Refused.IsZero() || adm.Locks.IsZero() {
		t.Errorf("4th attempt on the account from a new address: %+v, want admitted, locking the account", adm)
	}
	if adm, _ := s.BeginLogin(ctx, jikenbo.NewLoginKeys("a", "192.0.2.3"), lim); !adm.Refused.IsZero() {
		t.Errorf("locked account, fresh address: refused until %v, want admitted", adm.Refused)
	}
	if adm, _ := s.BeginLogin(ctx, jikenbo.NewLoginKeys("a", "192.0.2.2"), lim); adm.Refused.IsZero() {
		t.Error("locked account, failing address: admitted, want refused")
	}
	// Another account from the first address: the pair is not locked.
	if adm, _ := s.BeginLogin(ctx, jikenbo.NewLoginKeys("b", "192.0.2.1"), lim); !adm.Refused.IsZero() {
		t.Errorf("another account: refused until %v", adm.Refused)
	}
	// A success forgets the pair and account and gives the address its
	// attempt back: the address has 3 of 6 counted, so three more pass,
	// the third locking it.
	kb := jikenbo.NewLoginKeys("b", "192.0.2.1")
	if err := s.LoginSucceeded(ctx, kb); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		adm, _ := s.BeginLogin(ctx, jikenbo.NewLoginKeys(fmt.Sprintf("c%d", i), "192.0.2.1"), lim)
		if (i < 3) != adm.Refused.IsZero() {
			t.Errorf("attempt %d on other accounts from the address: %+v", i, adm)
		}
	}
	// Windows and the lifting of locks are AdmitLogin's (domain_test).
}

func testAudit(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	r := MustCreateRelease(t, s, "a.txt", "本文", jikenbo.Facts{})
	e := &jikenbo.AuditEntry{Actor: "hanako", Action: jikenbo.AuditCorrect, ReleaseID: r.ID,
		Before: json.RawMessage(`{"affected_persons":12}`), After: json.RawMessage(`{"affected_persons":1200}`)}
	if err := s.AddAuditEntry(ctx, e); err != nil {
		t.Fatalf("AddAuditEntry: %v", err)
	}
	if e.ID == 0 || e.At.IsZero() {
		t.Errorf("AddAuditEntry set ID %d, At %v", e.ID, e.At)
	}
	c := &jikenbo.AuditEntry{Actor: "hanako", Action: jikenbo.AuditMergeCases, CaseID: "2024-001"}
	if err := s.AddAuditEntry(ctx, c); err != nil {
		t.Fatalf("AddAuditEntry: %v", err)
	}
	wantCode(t, "AddAuditEntry without actor", s.AddAuditEntry(ctx, &jikenbo.AuditEntry{Action: "x"}), jikenbo.EINVALID)
	all, err := s.FindAuditEntries(ctx, jikenbo.AuditFilter{})
	if err != nil || len(all) != 2 || all[0].ID != e.ID {
		t.Fatalf("FindAuditEntries: got %v, %v", all, err)
	}
	if string(all[0].After) != `{"affected_persons":1200}` || string(all[1].Before) != "null" || all[0].Actor != "hanako" {
		t.Errorf("FindAuditEntries: got %+v, %+v", all[0], all[1])
	}
	byRel, _ := s.FindAuditEntries(ctx, jikenbo.AuditFilter{ReleaseID: &r.ID})
	byCase, _ := s.FindAuditEntries(ctx, jikenbo.AuditFilter{CaseID: &c.CaseID})
	after, _ := s.FindAuditEntries(ctx, jikenbo.AuditFilter{AfterID: e.ID})
	if len(byRel) != 1 || byRel[0].ID != e.ID || len(byCase) != 1 || byCase[0].ID != c.ID || len(after) != 1 || after[0].ID != c.ID {
		t.Errorf("FindAuditEntries filters: by release %v, by case %v, after %v", byRel, byCase, after)
	}
	// The log is written in the caller's transaction: a rolled-back
	// change leaves no entry.
	s.InTx(ctx, func(tx jikenbo.Store) error {
		tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: "x", Action: "y"})
		return jikenbo.Errorf(jikenbo.EINVALID, "roll back")
	})
	if all, _ := s.FindAuditEntries(ctx, jikenbo.AuditFilter{}); len(all) != 2 {
		t.Errorf("rolled-back entry kept: %d entries", len(all))
	}
}

func testDrafts(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	pub := MustCreateRelease(t, s, "pub.txt", "公開", jikenbo.Facts{})
	d := &jikenbo.Release{Original: []byte("下書き"), Text: "下書き", Source: "draft.txt", Draft: true}
	if err := s.CreateRelease(ctx, d); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	drafts, n, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: &yes})
	if err != nil || n != 1 || drafts[0].ID != d.ID {
		t.Errorf("FindReleases drafts: got %v, %d, %v", drafts, n, err)
	}
	published, n, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: &no})
	if n != 1 || published[0].ID != pub.ID {
		t.Errorf("FindReleases published: got %v, %d", published, n)
	}
	// A draft's facts stay off its case until it is published.
	c := MustCreateCase(t, s, "", 2025)
	if err := s.AddCaseRelease(ctx, c.ID, pub.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOverride(ctx, d.ID, jikenbo.Override{Field: "affected_persons", Value: json.RawMessage("99"), Editor: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseRelease(ctx, c.ID, d.ID, jikenbo.StageFollowUp); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCaseByID(ctx, c.ID); got.Facts.AffectedPersons != nil {
		t.Errorf("case facts with a draft: persons %v, want none", *got.Facts.AffectedPersons)
	}
	if _, err := s.UpdateRelease(ctx, d.ID, jikenbo.ReleaseUpdate{Draft: &no}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCaseByID(ctx, c.ID); got.Facts.AffectedPersons == nil || *got.Facts.AffectedPersons != 99 {
		t.Errorf("case facts after publishing: persons %v, want 99", got.Facts.AffectedPersons)
	}
}

func testRemoveCaseRelease(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	r := MustCreateRelease(t, s, "a.txt", "本文", jikenbo.Facts{Title: "お知らせ"})
	c := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseRelease(ctx, c.ID, r.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	got, err := s.RemoveCaseRelease(ctx, r.ID)
	if err != nil || got != c.ID {
		t.Fatalf("RemoveCaseRelease: got %q, %v, want %s", got, err, c.ID)
	}
	if rel, _ := s.FindReleaseByID(ctx, r.ID); rel.CaseID != "" {
		t.Errorf("release still in case %s", rel.CaseID)
	}
	if cc, _ := s.FindCaseByID(ctx, c.ID); len(cc.Releases) != 0 {
		t.Errorf("case still lists %v", cc.Releases)
	}
	_, err = s.RemoveCaseRelease(ctx, r.ID)
	wantCode(t, "RemoveCaseRelease unlinked", err, jikenbo.ENOTFOUND)
	_, err = s.RemoveCaseRelease(ctx, 999)
	wantCode(t, "RemoveCaseRelease missing", err, jikenbo.ENOTFOUND)
	c2 := MustCreateCase(t, s, "", 2024)
	if err := s.AddCaseRelease(ctx, c2.ID, r.ID, jikenbo.StageFirst); err != nil {
		t.Errorf("AddCaseRelease after removal: %v", err)
	}
}

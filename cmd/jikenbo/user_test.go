package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserAndTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	ctx := context.Background()
	runCmd := func(stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(ctx, append(args, "--db", db), strings.NewReader(stdin), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errs := runCmd("short\n", "user", "add", "hanako", "--role", "editor", "--password-stdin"); code != 1 || !strings.Contains(errs, "at least") {
		t.Errorf("short password: exit %d, %q", code, errs)
	}
	if code, out, errs := runCmd("a-long-password\n", "user", "add", "hanako", "--role", "editor", "--password-stdin"); code != 0 || out != "added hanako (editor)\n" {
		t.Fatalf("user add: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs := runCmd("", "user", "add", "taro"); code != 1 || !strings.Contains(errs, "--password-stdin") {
		t.Errorf("user add without a terminal: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd("x-long-password\n", "user", "add", "root", "--role", "superuser", "--password-stdin"); code != 1 {
		t.Errorf("bad role: exit %d", code)
	}
	code, tok, _ := runCmd("", "token", "add", "--user", "hanako")
	if code != 0 || !strings.HasPrefix(tok, "jkb_") || len(strings.TrimSpace(tok)) < 40 {
		t.Fatalf("token add: exit %d, %q", code, tok)
	}
	if _, out, _ := runCmd("", "token", "list"); !strings.Contains(out, "hanako") || strings.Contains(out, strings.TrimSpace(tok)[4:]) {
		t.Errorf("token list: %q (must not show the token)", out)
	}
	var tokens []struct {
		ID      int64   `json:"id"`
		User    string  `json:"user"`
		Revoked *string `json:"revoked"`
	}
	if code, out, errs := runCmd("", "token", "list", "--json"); code != 0 || json.Unmarshal([]byte(out), &tokens) != nil ||
		len(tokens) != 1 || tokens[0].User != "hanako" || tokens[0].Revoked != nil || strings.Contains(out, strings.TrimSpace(tok)[4:]) {
		t.Errorf("token list --json: exit %d, %q %q", code, out, errs)
	}
	var accounts []struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Disabled bool   `json:"disabled"`
	}
	if code, out, errs := runCmd("", "user", "list", "--json"); code != 0 || json.Unmarshal([]byte(out), &accounts) != nil ||
		len(accounts) != 1 || accounts[0].Name != "hanako" || accounts[0].Role != "editor" || strings.Contains(out, "argon2") {
		t.Errorf("user list --json: exit %d, %q %q", code, out, errs)
	}
	if code, _, _ := runCmd("", "token", "revoke", "1"); code != 0 {
		t.Errorf("token revoke: exit %d", code)
	}
	if code, _, _ := runCmd("", "user", "disable", "hanako"); code != 0 {
		t.Errorf("user disable: exit %d", code)
	}
	if _, out, _ := runCmd("", "user", "list"); !strings.Contains(out, "hanako  editor  disabled") {
		t.Errorf("user list: %q", out)
	}
	if code, out, _ := runCmd("", "audit", "export"); code != 0 || strings.Count(out, `"action"`) != 4 || !strings.Contains(out, `"token.revoke"`) {
		t.Errorf("audit export: exit %d, %s", code, out)
	}
	s, err := openStore(ctx, db, mustExist)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _ := s.FindUserByName(ctx, "hanako")
	if strings.Contains(u.PasswordHash, "a-long-password") || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("stored hash %q", u.PasswordHash)
	}
}

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// TestMigrateStore copies a casebook with versions, corrections, drafts,
// accounts, tokens, sessions and audit entries to PostgreSQL and checks
// the copy is verified and reads back the same, then copies it back to a
// new SQLite file whose export is the original's.
func TestMigrateStore(t *testing.T) {
	dsn := pgtest.Schema(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	writeSynth(t, filepath.Join(dir, "in"), 5, 120)
	if code, _, stderr := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	ctx := context.Background()
	src, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs, _, _ := src.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 3})
	if err := src.SetOverride(ctx, rs[0].ID, jikenbo.Override{Field: "affected_persons", Value: []byte("4321"), Editor: "hanako"}); err != nil {
		t.Fatal(err)
	}
	if err := src.AddVersion(ctx, rs[1].ID, &jikenbo.ReleaseVersion{Original: []byte("改訂版の本文 紛失"), Text: "改訂版の本文 紛失", Encoding: "UTF-8"}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := src.UpdateRelease(ctx, rs[2].ID, jikenbo.ReleaseUpdate{Draft: &yes}); err != nil {
		t.Fatal(err)
	}
	u := &jikenbo.User{Name: "hanako", Role: jikenbo.RoleEditor, PasswordHash: "$argon2id$x"}
	if err := src.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := src.CreateToken(ctx, &jikenbo.Token{UserID: u.ID, Hash: strings.Repeat("a", 64)}); err != nil {
		t.Fatal(err)
	}
	if err := src.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: "hanako", Action: jikenbo.AuditCorrect, ReleaseID: rs[0].ID}); err != nil {
		t.Fatal(err)
	}
	wantPage, err := src.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: "紛失", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	wantStats, _ := src.CasebookStats(ctx)
	src.Close()
	_, wantExport, stderr := casebookCLI(t, "export", "--db", db, "--format", "json")
	if !strings.Contains(wantExport, `"releases"`) {
		t.Fatalf("export: %s", stderr)
	}

	code, stdout, stderr := casebookCLI(t, "migrate-store", "--from", db, "--to", dsn)
	if code != 0 || !strings.Contains(stdout, "counts and checksums equal") {
		t.Fatalf("migrate-store: %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := casebookCLI(t, "migrate-store", "--from", db, "--to", dsn); code == 0 || !strings.Contains(stderr, "not empty") {
		t.Errorf("a second copy into the same casebook: %d %s", code, stderr)
	}
	if code, _, stderr := casebookCLI(t, "migrate-store", "--from", filepath.Join(dir, "missing.db"), "--to", filepath.Join(dir, "x.db")); code == 0 || !strings.Contains(stderr, "missing.db: no such casebook") {
		t.Errorf("copy from a missing file: %d %s", code, stderr)
	}

	// And back to a new file: the same casebook, byte for byte in its export.
	back := filepath.Join(dir, "back.db")
	if code, stdout, stderr := casebookCLI(t, "migrate-store", "--from", dsn, "--to", back); code != 0 || !strings.Contains(stdout, "counts and checksums equal") {
		t.Fatalf("migrate-store back to SQLite: %d\n%s\n%s", code, stdout, stderr)
	}
	if _, gotExport, _ := casebookCLI(t, "export", "--db", back, "--format", "json"); gotExport != wantExport {
		t.Errorf("the casebook copied to PostgreSQL and back exports differently (%d bytes, want %d)", len(gotExport), len(wantExport))
	}
	dst, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	got, err := dst.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: "紛失", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != wantPage.Total || len(got.Releases) != len(wantPage.Releases) {
		t.Errorf("search after the copy: %d, want %d", got.Total, wantPage.Total)
	}
	if st, _ := dst.CasebookStats(ctx); st.Releases != wantStats.Releases || st.Cases != wantStats.Cases {
		t.Errorf("stats after the copy: %+v, want %+v", st, wantStats)
	}
	if vs, err := dst.FindVersions(ctx, rs[1].ID); err != nil || len(vs) != 2 {
		t.Errorf("versions after the copy: %d, %v", len(vs), err)
	}
	if tok, err := dst.FindTokenByHash(ctx, strings.Repeat("a", 64)); err != nil || tok.UserName != "hanako" {
		t.Errorf("token after the copy: %+v, %v", tok, err)
	}
	// New rows get new IDs after the copied ones.
	c := &jikenbo.Case{Year: 2031}
	if err := dst.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	u2 := &jikenbo.User{Name: "taro", Role: jikenbo.RoleEditor, PasswordHash: "$argon2id$y"}
	if err := dst.CreateUser(ctx, u2); err != nil || u2.ID != u.ID+1 {
		t.Errorf("user after the copy: id %d, %v", u2.ID, err)
	}
}

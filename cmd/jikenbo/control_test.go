package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/postgres/pgtest"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// TestControlCharacters imports releases holding NUL bytes past the
// first 8 KB and other control characters into SQLite and PostgreSQL:
// both engines accept them and store the same text, without the
// controls, the import says what it removed, and migrate-store copies
// the SQLite casebook into PostgreSQL.
func TestControlCharacters(t *testing.T) {
	dsn := pgtest.Schema(t)
	dir := t.TempDir()
	body := strings.Repeat("当社サーバーへの不正アクセスにより、お客様の個人情報が流出した可能性があります。\n", 120)
	files := map[string]string{
		"nul.txt": "株式会社制御 個人情報漏えいのお知らせ\n2026年1月5日\n" + body + "流出件数は\x00 1,200件\x00です。\n",
		"ctl.txt": "株式会社制御二 不正アクセスのお知らせ\n2026年1月6日\n\x01" + body + "調査\x7fを継続\u0085しています。\f次頁\n",
		"page.html": "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>不正アクセス\x02のお知らせ</title></head><body><main><h1>株式会社制御三 不正アクセスのお知らせ</h1><p>" +
			strings.ReplaceAll(body, "\n", "</p><p>") + "個人情報\x00 300件\x1bが流出</p></main></body></html>",
	}
	var paths []string
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ctx := context.Background()
	texts := map[string]map[string]string{}
	for _, db := range []string{filepath.Join(dir, "casebook.db"), dsn} {
		code, stdout, stderr := casebookCLI(t, append([]string{"import", "--db", db}, paths...)...)
		if code != 0 || !strings.Contains(stdout, "3 added") {
			t.Fatalf("import into %s: %d\n%s\n%s", db, code, stdout, stderr)
		}
		if got := strings.Count(stderr, "control character"); got != 3 {
			t.Errorf("import into %s: %d notes of removed control characters, want 3\n%s", db, got, stderr)
		}
		var s jikenbo.Store
		var err error
		if db == dsn {
			s, err = postgres.Open(ctx, db, postgres.Options{})
		} else {
			s, err = sqlite.Open(ctx, db, sqlite.Options{})
		}
		if err != nil {
			t.Fatal(err)
		}
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
		s.Close()
		if err != nil || len(rs) != 3 {
			t.Fatalf("%s: %d releases, %v", db, len(rs), err)
		}
		texts[db] = map[string]string{}
		for _, r := range rs {
			if strings.ContainsFunc(r.Text, func(c rune) bool { return c == 0 || c == 1 || c == 2 || c == 0x1b || c == 0x7f || c == 0x85 }) {
				t.Errorf("%s: %s keeps a control character: %q", db, r.Source, r.Text[max(0, len(r.Text)-80):])
			}
			texts[db][filepath.Base(r.Source)] = r.Text
		}
	}
	sq, pg := texts[filepath.Join(dir, "casebook.db")], texts[dsn]
	for name := range files {
		if sq[name] != pg[name] || sq[name] == "" {
			t.Errorf("%s: SQLite and PostgreSQL texts differ (%d and %d bytes)", name, len(sq[name]), len(pg[name]))
		}
	}
	if !strings.Contains(sq["nul.txt"], "流出件数は 1,200件です") || !strings.Contains(sq["ctl.txt"], "調査を継続しています。\f次頁") {
		t.Errorf("controls not removed in place: %q / %q", sq["nul.txt"][len(sq["nul.txt"])-40:], sq["ctl.txt"][len(sq["ctl.txt"])-60:])
	}
	code, _, stderr := casebookCLI(t, "migrate-store", "--from", filepath.Join(dir, "casebook.db"), "--to", pgtest.Schema(t))
	if code != 0 {
		t.Errorf("migrate-store: %d\n%s", code, stderr)
	}
	// A casebook written before the rule may hold a NUL in a text, which
	// PostgreSQL refuses: migrate-store names the release.
	raw, err := sql.Open("sqlite", filepath.Join(dir, "casebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE releases SET text = text || char(0) || '追記' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, _, stderr = casebookCLI(t, "migrate-store", "--from", filepath.Join(dir, "casebook.db"), "--to", pgtest.Schema(t))
	if code == 0 || !strings.Contains(stderr, "release 2") {
		t.Errorf("migrate-store of a text with a NUL: %d, want a failure naming release 2\n%s", code, stderr)
	}
}

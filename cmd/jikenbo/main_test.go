package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo/casebook"
)

// casebookCLI runs the command in-process and returns its exit code and
// output.
func casebookCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	src := filepath.Join(dir, "in")
	writeFile(t, filepath.Join(src, "a.txt"), "【セキュリティ事件簿#2025-020】株式会社見本商事 不正アクセスによる個人情報漏えいについて 2025/6/2\n\n当社の会員サイトが第三者による不正アクセスを受け、会員の氏名とメールアドレスが漏えいした可能性があります。現在調査中です。\n")
	writeFile(t, filepath.Join(src, "sub", "b.txt"), "株式会社見本商事\n会員サイトへの不正アクセスに関する調査結果\n\n2025年6月2日に公表いたしました件について、調査が完了しましたのでご報告します。\n漏えいしたのは会員1,024名の氏名とメールアドレスでした。\n")
	writeFile(t, filepath.Join(src, "notes.md"), "not a release")

	code, out, errOut := casebookCLI(t, "import", "--db", db, src)
	if code != 0 || !strings.Contains(out, "2 files: 2 added, 0 already present, 1 linked to existing cases, 1 new case, 0 failed") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(errOut, "\r") {
		t.Errorf("progress bar drawn on a non-terminal: %q", errOut)
	}
	code, out, _ = casebookCLI(t, "import", "--db", db, src)
	if code != 0 || !strings.Contains(out, "0 added, 2 already present") {
		t.Errorf("second import: exit %d %s", code, out)
	}

	t.Setenv("JIKENBO_DB", db)
	code, csv, errOut := casebookCLI(t, "export", "--format", "csv")
	if code != 0 || !strings.Contains(csv, "\n2025-020,") || strings.Count(csv, "\n") != 2 {
		t.Errorf("export csv (JIKENBO_DB): exit %d\n%s%s", code, csv, errOut)
	}
	code, exported, _ := casebookCLI(t, "export", "--db", db)
	if code != 0 || !strings.HasPrefix(exported, "{") {
		t.Fatalf("export json: exit %d", code)
	}

	// The export restores into a new casebook and exports the same.
	jsonFile := filepath.Join(dir, "export.json")
	writeFile(t, jsonFile, exported)
	db2 := filepath.Join(dir, "restored.db")
	if code, out, errOut := casebookCLI(t, "import", "--db", db2, jsonFile); code != 0 {
		t.Fatalf("import export: exit %d\n%s%s", code, out, errOut)
	}
	if _, again, _ := casebookCLI(t, "export", "--db", db2); again != exported {
		t.Errorf("export of the restored casebook differs")
	}

	if code, out, errOut := casebookCLI(t, "reextract", "--db", db); code != 0 || !strings.Contains(out, "2 releases re-read") {
		t.Errorf("reextract: exit %d\n%s%s", code, out, errOut)
	}
	backup := filepath.Join(dir, "backup.db")
	if code, _, errOut := casebookCLI(t, "backup", "--db", db, backup); code != 0 {
		t.Errorf("backup: exit %d %s", code, errOut)
	}
	if _, fromBackup, _ := casebookCLI(t, "export", "--db", backup, "--format", "csv"); fromBackup != csv {
		t.Errorf("backup differs from the casebook:\n%s\nwant\n%s", fromBackup, csv)
	}
	if code, _, errOut := casebookCLI(t, "backup", "--db", db, backup); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("backup over a file: exit %d %s", code, errOut)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, "{\"version\": 1, \"releases\": [{\"sha256\": 5}]}")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoPaths", []string{"import", "--db", db}, 2, "usage: jikenbo import"},
		{"MissingPath", []string{"import", "--db", db, filepath.Join(dir, "nope.txt")}, 1, "nope.txt"},
		{"BadExport", []string{"import", "--db", db, bad}, 1, "bad.json:1: not a jikenbo export"},
		{"BadFormat", []string{"export", "--db", db, "--format", "xml"}, 2, "usage: jikenbo export"},
		{"BackupNoFile", []string{"backup", "--db", db}, 2, "usage: jikenbo backup"},
		{"UnknownCommand", []string{"frobnicate"}, 2, "unknown command"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := casebookCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, output %q; want exit %d and %q", code, out+errOut, tt.code, tt.want)
			}
		})
	}
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := &progressBar{w: &b, start: time.Now().Add(-10 * time.Second)}
	p.update(250, 1000, &casebook.Summary{Added: 40, Present: 10})
	got := b.String()
	for _, want := range []string{"\r[=======", " 25% ", "50 releases", "5/s", "ETA 30s"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress line %q lacks %q", got, want)
		}
	}
}

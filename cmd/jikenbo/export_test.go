package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportInterchange exports VERIS and STIX from the command line: all
// public cases, a label, a query and one case, never a draft.
func TestExportInterchange(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	writeFile(t, filepath.Join(dir, "a.txt"), "【セキュリティ事件簿#2025-020】株式会社見本商事 不正アクセスによる個人情報漏えいについて 2025/6/2\n\n当社の会員サイトが第三者による不正アクセスを受け、会員1,024名の氏名とメールアドレスが漏えいした可能性があります。現在調査中です。\n")
	writeFile(t, filepath.Join(dir, "b.txt"), "【セキュリティ事件簿#2025-021】見本市 メールの誤送信について 2025/6/3\n\n職員が市民35名のメールアドレスを宛先に入れて送信しました。\n")
	writeFile(t, filepath.Join(dir, "draft.txt"), "【セキュリティ事件簿#2025-022】株式会社秘匿商事 ランサムウェア被害について 2025/6/4\n\n当社のサーバがランサムウェアに感染しました。\n")
	if code, _, errOut := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	if code, _, errOut := casebookCLI(t, "import", "--db", db, "--draft", filepath.Join(dir, "draft.txt")); code != 0 {
		t.Fatalf("import --draft: %d %s", code, errOut)
	}
	veris := func(args ...string) []string {
		t.Helper()
		code, out, errOut := casebookCLI(t, append([]string{"export", "--db", db, "--format", "veris"}, args...)...)
		if code != 0 {
			t.Fatalf("export veris %v: exit %d %s", args, code, errOut)
		}
		var incs []struct {
			Plus struct {
				Jikenbo struct {
					CaseID string `json:"case_id"`
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &incs); err != nil {
			t.Fatalf("export veris %v: %v\n%s", args, err, out)
		}
		var ids []string
		for _, i := range incs {
			ids = append(ids, i.Plus.Jikenbo.CaseID)
		}
		return ids
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "2025-021 2025-020"},
		{[]string{"--label", "誤送信・誤送付"}, "2025-021"},
		{[]string{"--query", "会員サイト"}, "2025-020"},
		{[]string{"--case", "2025-020"}, "2025-020"},
		{[]string{"--query", "ランサムウェア"}, ""},
	} {
		if got := strings.Join(veris(c.args...), " "); got != c.want {
			t.Errorf("export veris %v: cases %q, want %q", c.args, got, c.want)
		}
	}
	code, out, errOut := casebookCLI(t, "export", "--db", db, "--format", "stix", "--base-url", "https://jikenbo.example")
	if code != 0 {
		t.Fatalf("export stix: %d %s", code, errOut)
	}
	var bundle struct {
		Type    string
		Objects []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &bundle); err != nil || bundle.Type != "bundle" {
		t.Fatalf("export stix: %v\n%s", err, out)
	}
	incidents := 0
	for _, o := range bundle.Objects {
		if o["type"] == "incident" {
			incidents++
		}
		if name, _ := o["name"].(string); strings.Contains(name, "秘匿") {
			t.Errorf("a draft's organisation is exported: %v", o)
		}
	}
	if incidents != 2 || bundle.Objects[0]["name"] != "jikenbo.example" {
		t.Errorf("stix: %d incidents, producer %v; want 2 and the --base-url host", incidents, bundle.Objects[0]["name"])
	}
	for _, bad := range [][]string{{"--format", "xml"}, {"--format", "csv", "--label", "x"}, {"--format", "veris", "--case", "2025-20"},
		{"--format", "stix", "--case", "2025-020", "--query", "x"}, {"--format", "veris", "--base-url", "ftp://x"}} {
		if code, _, errOut := casebookCLI(t, append([]string{"export", "--db", db}, bad...)...); code != 2 || errOut == "" {
			t.Errorf("export %v: exit %d, stderr %q; want a usage error", bad, code, errOut)
		}
	}
	if code, _, errOut := casebookCLI(t, "export", "--db", db, "--format", "veris", "--case", "2025-022"); code == 0 || !strings.Contains(errOut, "2025-022") {
		t.Errorf("export of a draft's case: exit %d, %q; want not found", code, errOut)
	}
}

// TestOrgsImportHoujin gives an imported organisation its 法人番号 from
// the corporate-number CSV, and the exports carry it.
func TestOrgsImportHoujin(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	writeFile(t, filepath.Join(dir, "a.txt"), "【セキュリティ事件簿#2025-020】株式会社見本商事 不正アクセスによる個人情報漏えいについて 2025/6/2\n\n当社の会員サイトが第三者による不正アクセスを受け、会員1,024名の氏名が漏えいした可能性があります。\n")
	if code, _, errOut := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "a.txt")); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	code, out, errOut := casebookCLI(t, "orgs", "import-houjin", "--db", db, "../../houjin/testdata/zenken-sjis.csv")
	if code != 0 || !strings.Contains(out, "8 records (7 current): 1 organisations given their 法人番号") {
		t.Fatalf("orgs import-houjin: exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = casebookCLI(t, "export", "--db", db, "--format", "veris", "--case", "2025-020")
	if code != 0 || !strings.Contains(out, `"corporate_number": "2130001000001"`) || !strings.Contains(out, "法人番号 2130001000001、所在地 東京都千代田区丸の内一丁目1番1号") {
		t.Errorf("veris export lacks the 法人番号:\n%s", out)
	}
	code, out, _ = casebookCLI(t, "export", "--db", db, "--format", "stix")
	if code != 0 || !strings.Contains(out, `"corporate_number":"2130001000001"`) {
		t.Errorf("stix export lacks the 法人番号:\n%s", out)
	}
	code, out, _ = casebookCLI(t, "audit", "export", "--db", db)
	if code != 0 || !strings.Contains(out, "org.houjin_import") {
		t.Errorf("audit log lacks the import: %s", out)
	}
	bad := filepath.Join(dir, "bad.csv")
	writeFile(t, bad, "1,1111111111111,01\n")
	if code, _, errOut := casebookCLI(t, "orgs", "import-houjin", "--db", db, bad); code != 1 || !strings.Contains(errOut, "bad.csv:1") {
		t.Errorf("bad CSV: exit %d, %q; want an error naming its line", code, errOut)
	}
	if code, _, errOut := casebookCLI(t, "orgs", "import-houjin", "--db", db); code != 2 || errOut == "" {
		t.Errorf("no FILE: exit %d, %q", code, errOut)
	}
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// every command line a user can start with, with its subcommand.
var commandLines = [][]string{
	{"extract"}, {"import"}, {"reextract"}, {"history"}, {"export"}, {"backup"}, {"migrate-store"},
	{"serve"}, {"user", "add"}, {"user", "passwd"}, {"user", "disable"}, {"user", "list"},
	{"token", "add"}, {"token", "list"}, {"token", "revoke"}, {"audit", "export"}, {"version"},
	{"completion"}, {"man"}, {"delete"}, {"classify"}, {"orgs", "import-houjin"},
	{"source", "add"}, {"source", "list"}, {"source", "remove"}, {"source", "import"}, {"watch"},
	{"webhook", "add"}, {"webhook", "list"}, {"webhook", "remove"}, {"webhook", "log"}, {"webhook", "send"}, {"webhook", "prune"},
}

func TestEveryCommandHelp(t *testing.T) {
	if len(commandLines) < len(commands()) {
		t.Fatalf("commandLines lists %d lines for %d commands", len(commandLines), len(commands()))
	}
	for _, c := range commands() {
		found := false
		for _, l := range commandLines {
			found = found || l[0] == c.name
		}
		if !found {
			t.Errorf("command %s is not walked by this test", c.name)
		}
	}
	for _, line := range commandLines {
		for _, help := range []string{"--help", "-h"} {
			code, out, errOut := casebookCLI(t, append(append([]string{}, line...), help)...)
			if code != 0 || !strings.Contains(out, "usage: jikenbo "+line[0]) || errOut != "" {
				t.Errorf("%v %s: exit %d, stdout %q, stderr %q; want usage on stdout and exit 0", line, help, code, out, errOut)
			}
		}
	}
	code, out, _ := casebookCLI(t, "help", "import")
	if code != 0 || !strings.HasPrefix(out, "usage: jikenbo import") {
		t.Errorf("help import: exit %d %q", code, out)
	}
	code, out, _ = casebookCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "commands:") {
		t.Errorf("--help: exit %d %q", code, out)
	}
	code, out, _ = casebookCLI(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "jikenbo ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d %q", code, out)
	}
}

// A command missing its argument says what is missing, on stderr, with exit 2.
func TestMissingArguments(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extract"}, "no file or URL"},
		{[]string{"import"}, "no file, directory or URL"},
		{[]string{"history"}, "want one RELEASE"},
		{[]string{"backup"}, "want one BACKUP-FILE"},
		{[]string{"migrate-store", "--from", "a.db"}, "want both --from and --to"},
		{[]string{"user", "add"}, "want one account NAME"},
		{[]string{"token", "add"}, "want --user NAME"},
		{[]string{"token", "revoke"}, "want one token ID"},
		{[]string{"audit"}, "want the subcommand export"},
		{[]string{"export", "--format", "xml"}, `--format "xml"`},
		{[]string{"export", "--nosuch"}, "flag provided but not defined: -nosuch"},
	} {
		code, out, errOut := casebookCLI(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "usage:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q with the usage on stderr", tc.args, code, out, errOut, tc.want)
		}
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) > 0 {
		t.Errorf("usage errors created files: %v", names)
	}
}

// Flags may follow the paths: "import FILE --db my.db" imports into
// my.db, not into ./jikenbo.db with a file named --db.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "my.db")
	rel := filepath.Join(dir, "rel.txt")
	writeFile(t, rel, "【セキュリティ事件簿#2025-031】株式会社見本商事 メール誤送信に関するお詫び 2025/7/1\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。\n")
	code, out, errOut := casebookCLI(t, "import", rel, "--db", db)
	if code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("import FILE --db: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "jikenbo.db")); err == nil {
		t.Errorf("import FILE --db my.db created ./jikenbo.db")
	}
	code, out, errOut = casebookCLI(t, "extract", rel, "--pretty")
	if code != 0 || !strings.Contains(out, "\n  \"case_id\": \"2025-031\"") {
		t.Errorf("extract FILE --pretty: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = casebookCLI(t, "export", "--format", "csv", "--db", db)
	if code != 0 || !strings.Contains(out, "2025-031") {
		t.Errorf("export --format csv --db: exit %d %q", code, out)
	}
	// "--" ends the flags: a file may be named like one.
	odd := filepath.Join(dir, "--pretty")
	writeFile(t, odd, "株式会社見本商事\nお知らせ\n")
	t.Chdir(dir)
	code, out, errOut = casebookCLI(t, "extract", "--", "--pretty")
	if code != 0 || strings.Contains(out, "\n  ") || !strings.Contains(out, `"source":"--pretty"`) {
		t.Errorf("extract -- --pretty: exit %d\n%s%s", code, out, errOut)
	}
}

// Commands that only read a casebook never create one.
func TestReadOnlyCommandsCreateNothing(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"export"}, {"export", "--format", "csv"}, {"history", "1"}, {"backup", filepath.Join(dir, "copy.db")},
		{"reextract"}, {"audit", "export"}, {"user", "list"}, {"token", "list"}, {"user", "disable", "x"},
		{"migrate-store", "--to", filepath.Join(dir, "to.db")},
	} {
		if args[0] == "migrate-store" {
			args = append(args, "--from", typo)
		} else {
			args = append(args, "--db", typo)
		}
		code, _, errOut := casebookCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "typo.db: no such casebook") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and no such casebook", args, code, errOut)
		}
		if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) > 0 {
			t.Fatalf("%v created %v", args, names)
		}
	}
}

// JIKENBO_NAME sets any flag: JIKENBO_FORMAT=csv is --format csv.
func TestFlagsFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	rel := filepath.Join(dir, "rel.txt")
	writeFile(t, rel, "【セキュリティ事件簿#2025-032】株式会社見本商事 メール誤送信に関するお詫び 2025/7/2\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。\n")
	t.Setenv("JIKENBO_DB", db)
	if code, out, errOut := casebookCLI(t, "import", rel); code != 0 {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	t.Setenv("JIKENBO_FORMAT", "csv")
	code, out, _ := casebookCLI(t, "export")
	if code != 0 || !strings.Contains(out, "\n2025-032,") {
		t.Errorf("JIKENBO_FORMAT=csv export: exit %d %q", code, out)
	}
	code, out, _ = casebookCLI(t, "export", "--format", "json")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("a flag given wins over its environment variable: exit %d %.40q", code, out)
	}
	t.Setenv("JIKENBO_FORMAT", "")
	t.Setenv("JIKENBO_PRETTY", "maybe")
	code, _, errOut := casebookCLI(t, "extract", rel)
	if code != 2 || !strings.Contains(errOut, `JIKENBO_PRETTY="maybe"`) {
		t.Errorf("a bad environment value: exit %d %q", code, errOut)
	}
}

// docs/config.md names every flag of every command with its environment
// variable, so the page cannot fall behind the program.
func TestConfigDocumentsEveryFlag(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	flagLine := regexp.MustCompile(`(?m)^\s+-([a-z-]+)`)
	for _, line := range commandLines {
		_, out, _ := casebookCLI(t, append(append([]string{}, line...), "--help")...)
		for _, m := range flagLine.FindAllStringSubmatch(out, -1) {
			for _, want := range []string{"`--" + m[1] + "`", "`" + envName(m[1]) + "`"} {
				if !strings.Contains(string(doc), want) {
					t.Errorf("docs/config.md does not name %s (%v)", want, line)
				}
			}
		}
	}
}

func TestPrintConfig(t *testing.T) {
	t.Setenv("JIKENBO_CACHE_MB", "8")
	code, out, errOut := casebookCLI(t, "serve", "--print-config", "--addr", ":9999", "--db", "postgres://u:secret@db.example/c")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`--addr\s+JIKENBO_ADDR\s+:9999\s+flag`),
		regexp.MustCompile(`--cache-mb\s+JIKENBO_CACHE_MB\s+8\s+environment`),
		regexp.MustCompile(`--no-sample\s+JIKENBO_NO_SAMPLE\s+false\s+default`),
	} {
		if !want.MatchString(out) {
			t.Errorf("print-config lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("print-config shows the database password:\n%s", out)
	}
}

// A folder holding releases beside other JSON (annotations, notes) imports
// the releases and counts what it passed over; one file under two
// spellings of its path is one source; each failure is printed once.
func TestImportFolderAndSources(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "c.db")
	writeFile(t, filepath.Join(dir, "in", "001.txt"), "【セキュリティ事件簿#2025-051】株式会社見本商事 メール誤送信に関するお詫び 2025/7/1\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。\n")
	writeFile(t, filepath.Join(dir, "in", "001.gold.json"), `{"case_id": "2025-051", "organization": "株式会社見本商事"}`)
	writeFile(t, filepath.Join(dir, "in", "package.json"), `[1, 2]`)
	writeFile(t, filepath.Join(dir, "in", "drafts", "x.txt"), "株式会社見本商事\nお知らせ\n\n2025年7月1日、USBメモリを紛失しました。\n")
	writeFile(t, filepath.Join(dir, "in", "bad.txt"), strings.Repeat("\xff\xfe\x80\x81 ", 400))
	code, out, errOut := casebookCLI(t, "import", "in", "--exclude", "drafts", "--db", db)
	if code != 1 || !strings.Contains(out, "2 files: 1 added") || !strings.Contains(out, "files skipped: 2 JSON files that are not jikenbo exports") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if n := strings.Count(errOut, "bad.txt"); n != 1 {
		t.Errorf("the failure is printed %d times, want once:\n%s", n, errOut)
	}
	if strings.Contains(out, "x.txt") || strings.Contains(errOut, "x.txt") {
		t.Errorf("--exclude drafts did not leave the folder out:\n%s%s", out, errOut)
	}
	// The same file named another way is the same source: nothing new.
	writeFile(t, filepath.Join(dir, "in", "001.txt"), "【セキュリティ事件簿#2025-051】株式会社見本商事 メール誤送信に関するお詫び 2025/7/1\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。訂正版です。\n")
	code, out, errOut = casebookCLI(t, "import", "--db", db, filepath.Join(dir, "in", "..", "in", "001.txt"))
	if code != 0 || !strings.Contains(out, "1 file: 0 added") || !strings.Contains(out, "1 new version of releases") {
		t.Errorf("an edited file under another spelling of its path: exit %d\n%s%s", code, out, errOut)
	}
}

// The bash completion completes commands, subcommands and flags.
func TestCompletion(t *testing.T) {
	bash := testenv.Command(t, "bash", "apt-get install bash; the completion is not tried without it")
	code, script, _ := casebookCLI(t, "completion", "bash")
	if code != 0 {
		t.Fatalf("completion bash: exit %d", code)
	}
	file := filepath.Join(t.TempDir(), "jikenbo.bash")
	writeFile(t, file, script)
	for _, tc := range []struct{ words, want string }{
		{"jikenbo imp", "import"},
		{"jikenbo user di", "disable"},
		{"jikenbo import --ex", "--exclude"},
		{"jikenbo serve --print", "--print-config"},
		{"jikenbo token list --j", "--json"},
	} {
		words := strings.Fields(tc.words)
		sh := fmt.Sprintf(`source %q; COMP_WORDS=(%s); COMP_CWORD=%d; _jikenbo; echo "${COMPREPLY[*]}"`, file, strings.Join(words, " "), len(words)-1)
		out, err := exec.Command(bash, "-c", sh).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("%q completes to %q (%v), want %q", tc.words, out, err, tc.want)
		}
	}
	if code, out, _ := casebookCLI(t, "completion", "zsh"); code != 0 || !strings.HasPrefix(out, "#compdef jikenbo") {
		t.Errorf("completion zsh: exit %d %.60q", code, out)
	}
}

// The man page names every command and renders without a roff warning.
func TestManPage(t *testing.T) {
	code, page, _ := casebookCLI(t, "man")
	if code != 0 || !strings.HasPrefix(page, ".TH JIKENBO 1") {
		t.Fatalf("man: exit %d %.80q", code, page)
	}
	for _, c := range commands() {
		if !strings.Contains(page, ".SS "+c.name+"\n") {
			t.Errorf("the man page lacks the command %s", c.name)
		}
	}
	groff := testenv.Command(t, "groff", "apt-get install groff-base; the page is not rendered without it")
	cmd := exec.Command(groff, "-k", "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(page)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

// delete takes back an import: a dry run lists and keeps, the real run
// deletes every release read from the folder, leaves tombstones that an
// export carries to a new casebook, and writes the audit log.
func TestDeleteBySource(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	writeFile(t, filepath.Join(dir, "keep", "k.txt"), "【セキュリティ事件簿#2025-061】株式会社見本商事 メール誤送信に関するお詫び 2025/7/1\n\n当社従業員が顧客12名にメールを送信する際、宛先をBCCとすべきところTOで送信しました。\n")
	writeFile(t, filepath.Join(dir, "wrong", "a.txt"), "【セキュリティ事件簿#2025-062】株式会社見本工業 USBメモリ紛失のお知らせ 2025/7/2\n\n当社従業員が顧客30名の氏名を保存したUSBメモリを紛失しました。\n")
	writeFile(t, filepath.Join(dir, "wrong", "b.txt"), "【セキュリティ事件簿#2025-063】見本市 書類の誤送付について 2025/7/3\n\n市民5名分の書類を別の市民に誤って送付しました。\n")
	if code, out, errOut := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "keep"), filepath.Join(dir, "wrong")); code != 0 || !strings.Contains(out, "3 added") {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	code, out, _ := casebookCLI(t, "delete", "--source", filepath.Join(dir, "wrong"), "--dry-run", "--db", db)
	if code != 0 || strings.Count(out, "would delete release") != 2 || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: %d\n%s", code, out)
	}
	if _, csv, _ := casebookCLI(t, "export", "--format", "csv", "--db", db); strings.Count(csv, "\n") != 4 {
		t.Fatalf("the dry run deleted something:\n%s", csv)
	}
	code, out, errOut := casebookCLI(t, "delete", "--db", db, "--source", filepath.Join(dir, "wrong"))
	if code != 0 || !strings.Contains(out, "2 releases deleted") {
		t.Fatalf("delete: %d %s%s", code, out, errOut)
	}
	if _, csv, _ := casebookCLI(t, "export", "--format", "csv", "--db", db); strings.Count(csv, "\n") != 2 || !strings.Contains(csv, "2025-061") {
		t.Errorf("after delete, want only 2025-061:\n%s", csv)
	}
	if code, _, errOut := casebookCLI(t, "delete", "--db", db, "--source", filepath.Join(dir, "wrong")); code != 1 || !strings.Contains(errOut, "no release was read from") {
		t.Errorf("deleting again: %d %s", code, errOut)
	}
	if code, out, _ := casebookCLI(t, "audit", "export", "--db", db); code != 0 || strings.Count(out, `"release.delete"`) != 2 || strings.Count(out, `"case.delete"`) != 2 {
		t.Errorf("audit: %d\n%.800s", code, out)
	}
	// The tombstones travel with an export.
	_, exported, _ := casebookCLI(t, "export", "--db", db)
	if !strings.Contains(exported, `"deleted_releases"`) {
		t.Fatalf("export has no tombstones")
	}
	ex := filepath.Join(dir, "export.json")
	writeFile(t, ex, exported)
	db2 := filepath.Join(dir, "c2.db")
	if code, out, errOut := casebookCLI(t, "import", "--db", db2, ex); code != 0 {
		t.Fatalf("restore: %d %s%s", code, out, errOut)
	}
	if _, again, _ := casebookCLI(t, "export", "--db", db2); again != exported {
		t.Errorf("export after restore differs")
	}
}

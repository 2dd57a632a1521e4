package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// TestImportDraft imports with --draft: the releases are filed in a case
// but wait in the review queue, and neither they nor their case are
// public; a plain import of another file publishes at once.
func TestImportDraft(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casebook.db")
	writeFile(t, filepath.Join(dir, "draft.txt"), "【セキュリティ事件簿#2025-031】株式会社下書商事 不正アクセスについて 2025/6/2\n\n当社サーバーが不正アクセスを受け、会員の氏名が漏えいした可能性があります。現在調査中です。\n")
	writeFile(t, filepath.Join(dir, "pub.txt"), "【セキュリティ事件簿#2025-032】株式会社公開商事 メール誤送信について 2025/6/3\n\nメールの誤送信により、取引先のメールアドレスが他の受信者に表示されました。\n")
	if code, out, errOut := casebookCLI(t, "import", "--db", db, "--draft", filepath.Join(dir, "draft.txt")); code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("import --draft: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := casebookCLI(t, "import", "--db", db, filepath.Join(dir, "pub.txt")); code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	yes, no := true, false
	drafts, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: &yes})
	if err != nil || len(drafts) != 1 || !strings.HasSuffix(drafts[0].Source, "draft.txt") || drafts[0].CaseID != "2025-031" {
		t.Fatalf("drafts: got %v, %v, want draft.txt filed in 2025-031", drafts, err)
	}
	if pub, _, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: &no}); len(pub) != 1 || !strings.HasSuffix(pub[0].Source, "pub.txt") {
		t.Errorf("published: got %v, want pub.txt", pub)
	}
	page, err := s.FindCaseSummaries(ctx, jikenbo.CaseQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Cases) != 1 || page.Cases[0].ID != "2025-032" {
		t.Errorf("public cases: got %d, want only 2025-032", len(page.Cases))
	}
	if rs, _ := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{}); rs.Total != 1 {
		t.Errorf("public releases: %d, want 1", rs.Total)
	}
	// Both imports are in the audit log, by the operator's login name.
	es, err := s.FindAuditEntries(ctx, jikenbo.AuditFilter{})
	if err != nil || len(es) != 2 {
		t.Fatalf("audit: %v, %v, want two entries", es, err)
	}
	for i, e := range es {
		draft := i == 0
		if e.Action != jikenbo.AuditAddRelease || e.Actor != cliActor() || !strings.HasPrefix(e.Actor, "cli") ||
			!strings.Contains(string(e.After), fmt.Sprintf(`"draft":%v`, draft)) {
			t.Errorf("audit entry %d: %s by %s, %s", i, e.Action, e.Actor, e.After)
		}
	}
}

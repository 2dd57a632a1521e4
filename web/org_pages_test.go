package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

// TestOrganizationPaged gives one organisation 25 releases: its page
// lists 20 with the position and a link to the older ones, which list
// the other 5 and link back.
func TestOrganizationPaged(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	var files []string
	for i := 1; i <= 25; i++ {
		text := fmt.Sprintf("株式会社頁送商事\n不正アクセスに関するお知らせ(第%d報)\n2023年%d月%d日\n当社の会員サイトで第%d回目の不正ログインを確認しました。お客様%d名のアカウントが影響を受けました。調査中です。\n",
			i, (i-1)%12+1, i, i, 100+i)
		f := filepath.Join(dir, fmt.Sprintf("r%02d.txt", i))
		if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	im := &casebook.Importer{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	if sum, err := im.Import(ctx, files); err != nil || sum.Added != 25 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	rels, _, err := fx.store.FindReleases(ctx, jikenbo.ReleaseFilter{Source: &files[0]})
	if err != nil || len(rels) != 1 || rels[0].OrganizationID == 0 {
		t.Fatalf("release of %s: %v, %v", files[0], rels, err)
	}
	path := "/orgs/" + itoa(rels[0].OrganizationID)
	first := fx.doc(t, path, http.StatusOK)
	if n := first.Find(".release-item").Length(); n != 20 {
		t.Errorf("first page lists %d releases, want 20", n)
	}
	if pos := first.Find(".pager .position").Text(); pos != "1–20 / 25件" {
		t.Errorf("first page position %q", pos)
	}
	older, ok := first.Find(`.pager a[rel="next"]`).Attr("href")
	if !ok || first.Find(`.pager a[rel="prev"]`).Length() != 0 {
		t.Fatalf("first page links: older %q, newer %d", older, first.Find(`.pager a[rel="prev"]`).Length())
	}
	second := fx.doc(t, older, http.StatusOK)
	if n := second.Find(".release-item").Length(); n != 5 {
		t.Errorf("second page lists %d releases, want 5", n)
	}
	if newer, _ := second.Find(`.pager a[rel="prev"]`).Attr("href"); newer != path {
		t.Errorf("second page links back to %q, want %q", newer, path)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

// The totals of lists and the home band are counted once per casebook
// version (counts.go, band.go): a new release must show in every one of
// them at once.
func TestCountsFollowTheVersion(t *testing.T) {
	fx := newFixture(t)
	type totals struct {
		cases, releases int
		ongoing, pager  string
	}
	read := func() totals {
		var tt totals
		for _, c := range []struct {
			path string
			n    *int
		}{{"/api/v1/cases", &tt.cases}, {"/api/v1/releases", &tt.releases}} {
			res := fx.get(t, c.path)
			var page struct{ Total int }
			err := json.NewDecoder(res.Body).Decode(&page)
			res.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			*c.n = page.Total
		}
		d := fx.doc(t, "/", 200)
		tt.ongoing = d.Find(".band .figure").Eq(1).Find("strong").Text()
		tt.pager = strings.TrimSpace(d.Find(".pager .position").Text())
		return tt
	}
	before := read()
	if before.cases == 0 || before.releases == 0 || before.ongoing == "" || before.pager == "" {
		t.Fatalf("before: %+v", before)
	}
	// Read twice, the counts are the same (and come from the version's
	// counts the second time).
	if again := read(); again != before {
		t.Fatalf("read again: %+v, first %+v", again, before)
	}
	path := filepath.Join(t.TempDir(), "new.txt")
	if err := os.WriteFile(path, []byte("2025年11月20日\n株式会社数え直し工業\n\n当社サーバへの不正アクセスに関するお知らせ\n\n"+
		"株式会社数え直し工業は、当社サーバへの不正アクセスにより、お客様の個人情報321件が流出した可能性があることを確認しました。現在調査中です。\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	im := &casebook.Importer{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	if sum, err := im.Import(context.Background(), []string{path}); err != nil || sum.Added != 1 || sum.NewCases != 1 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	after := read()
	if after.cases != before.cases+1 || after.releases != before.releases+1 {
		t.Errorf("API totals: %d cases, %d releases after the import, want %d and %d", after.cases, after.releases, before.cases+1, before.releases+1)
	}
	if after.ongoing == before.ongoing {
		t.Errorf("home band: %s cases under investigation before and after a new ongoing case", after.ongoing)
	}
	if after.pager == before.pager {
		t.Errorf("home pager: %q before and after the import", after.pager)
	}
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// testSearchPaths: the public search answers a text query from a snapshot
// of the casebook held in memory (one per casebook version); a query with
// a label takes the SQL path. Every release here carries the label 全件,
// so the same query with and without it must give the same pages,
// cursors, totals and facets, for every filter.
func testSearchPaths(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	city := MustCreateOrganization(t, s, "検索市", "検索市", jikenbo.OrgMunicipality)
	firm := MustCreateOrganization(t, s, "株式会社検索", "検索", jikenbo.OrgCompany)
	c := MustCreateCase(t, s, "2024-020", 2024)
	words := []string{"個人情報", "漏えい", "ランサムウェア", "誤送信", "USBメモリ"}
	cats := []string{jikenbo.CatRansomware, jikenbo.CatMisdelivery, jikenbo.CatUnauthorizedAccess}
	statuses := []jikenbo.Status{jikenbo.StatusOngoing, jikenbo.StatusConcluded, ""}
	persons := []*int{nil, intp(0), intp(12), intp(500), intp(30000), intp(200000)}
	for i := range 60 {
		text := fmt.Sprintf("公表%d: %s", i, words[i%len(words)])
		if i%3 == 0 {
			text += "、" + words[(i/3)%len(words)] + "の件"
		}
		f := jikenbo.Facts{Status: statuses[i%3], ThirdParty: i%4 == 0, AffectedPersons: persons[i%len(persons)]}
		if i%7 != 0 { // every seventh undated
			f.Published = date(2022+i%3, 1+i%12, 1+i%5) // several releases share a date
		}
		for k, cat := range cats {
			if (i>>k)&1 == 1 {
				f.Categories = append(f.Categories, cat)
			}
		}
		r := MustCreateRelease(t, s, fmt.Sprintf("p%d.txt", i), text, f)
		var org *int64
		switch i % 3 {
		case 1:
			org = &city.ID
		case 2:
			org = &firm.ID
		}
		draft := i%11 == 5
		if _, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{OrganizationID: org, Draft: &draft}); err != nil {
			t.Fatal(err)
		}
		if i%5 == 0 {
			if err := s.AddCaseRelease(ctx, c.ID, r.ID, jikenbo.StageFirst); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddReleaseLabel(ctx, r.ID, jikenbo.ReleaseLabel{Name: "全件", Source: jikenbo.LabelEditor}); err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	filters := []jikenbo.ReleaseQuery{
		{},
		{Category: jikenbo.CatRansomware},
		{Category: jikenbo.CatOther},
		{Year: 2023},
		{Year: 2023, Month: 5},
		{Status: jikenbo.StatusOngoing},
		{OrgKind: jikenbo.OrgCompany},
		{ThirdParty: &yes},
		{ThirdParty: &no, Category: jikenbo.CatMisdelivery},
		{Persons: "unknown"},
		{Persons: "100-999"},
		{Persons: "100000-"},
		{OrganizationID: city.ID},
		{CaseID: c.ID},
		{Since: date(2023, 6, 1)},
		{Year: 2024, Status: jikenbo.StatusConcluded, OrgKind: jikenbo.OrgMunicipality, Persons: "10000-99999"},
	}
	for _, q := range []string{"公表", "個人情報", "漏洩", "情報 漏洩", "usb", "件", "存在しない"} {
		for _, f := range filters {
			f.Q = q
			withLabel := f
			withLabel.Label = "全件"
			name := fmt.Sprintf("%s %+v", q, f)
			if got, want := allPages(t, s, f), allPages(t, s, withLabel); !slices.Equal(got, want) {
				t.Errorf("%s: pages\n got %v\nwant %v", name, got, want)
			}
			got, err := s.ReleaseFacets(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.ReleaseFacets(ctx, withLabel)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: facets\n got %v\nwant %v", name, got, want)
			}
		}
	}

	// Searches running at once (sharing the snapshot's build and each
	// term's read) give what they give one at a time, also just after a
	// change, when the snapshot is built again.
	more := MustCreateRelease(t, s, "more.txt", "公表: 追加の個人情報", jikenbo.Facts{Published: date(2024, 12, 1)})
	if err := s.AddReleaseLabel(ctx, more.ID, jikenbo.ReleaseLabel{Name: "全件", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	queries := []jikenbo.ReleaseQuery{{Q: "公表"}, {Q: "個人情報"}, {Q: "漏洩", Year: 2023}, {Q: "情報 漏洩"}, {Q: "usb", Category: jikenbo.CatRansomware}}
	got := make([][]string, 4*len(queries))
	errs := make([]error, len(got))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i], errs[i] = pages(s, queries[i%len(queries)]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for i, g := range got {
		q := queries[i%len(queries)]
		withLabel := q
		withLabel.Label = "全件"
		if want := allPages(t, s, withLabel); !slices.Equal(g, want) {
			t.Errorf("%+v at once with others:\n got %v\nwant %v", q, g, want)
		}
	}

	// A new release is found at once, also by a term searched before.
	total := func(q string) int {
		t.Helper()
		page, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	before := total("個人情報")
	r := MustCreateRelease(t, s, "new.txt", "新たな個人情報の件", jikenbo.Facts{Published: date(2025, 1, 1)})
	if after := allPages(t, s, jikenbo.ReleaseQuery{Q: "個人情報"}); after[0] != fmt.Sprintf("total %d", before+1) || after[1] != fmt.Sprint(r.ID) {
		t.Errorf("after a new release: got %v, want total %d, first %d", after, before+1, r.ID)
	}

	// Inside a write transaction a search sees its uncommitted releases,
	// and after the rollback nobody does.
	rollback := errors.New("rollback")
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		MustCreateRelease(t, tx, "tx.txt", "取り消される個人情報", jikenbo.Facts{Published: date(2025, 2, 1)})
		page, err := tx.(jikenbo.QueryStore).FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Q: "取り消される"})
		if err != nil || page.Total != 1 {
			t.Errorf("inside the transaction: %+v, %v", page, err)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if n := total("取り消される"); n != 0 {
		t.Errorf("after the rollback: %d found", n)
	}
	if n := total("個人情報"); n != before+1 {
		t.Errorf("個人情報 after the rollback: %d found, want %d", n, before+1)
	}
}

// allPages reads every page of q, 7 at a time, as "total N" followed by
// the IDs and the cursor after each page.
func allPages(t *testing.T, s QueryableStore, q jikenbo.ReleaseQuery) []string {
	t.Helper()
	out, err := pages(s, q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	return out
}

func pages(s QueryableStore, q jikenbo.ReleaseQuery) ([]string, error) {
	q.Limit = 7
	var out []string
	for n := 0; ; n++ {
		page, err := s.FindReleaseSummaries(context.Background(), q)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			out = append(out, fmt.Sprintf("total %d", page.Total))
		}
		for _, r := range page.Releases {
			out = append(out, fmt.Sprint(r.ID))
		}
		if page.Next == "" {
			return out, nil
		}
		out = append(out, "next "+page.Next)
		q.Cursor = page.Next
	}
}

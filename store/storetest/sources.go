package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// releaseBody is a release text long enough for shingles to tell releases
// apart, written for these tests.
const releaseBody = `このたび、当社の業務委託先である株式会社見本印刷のサーバーがランサムウェアに感染し、
当社のお客様の氏名、住所、電話番号が外部に流出した可能性があることが判明いたしました。
お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。
対象となるお客様には、本日より書面にて順次ご連絡を差し上げております。
当社は委託先の管理体制を見直し、再発防止に努めてまいります。`

// testSimilarLike covers FindSimilarReleases with facts to be like: a
// public release whose facts contradict them is left out, one whose facts
// leave them open is kept, and a draft is always kept (its caller
// compares its facts).
func testSimilarLike(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	pub := MustCreateRelease(t, s, "shop.html", releaseBody, jikenbo.Facts{Published: date(2024, 7, 1), Status: jikenbo.StatusOngoing, AffectedPersons: intp(100)})
	open := MustCreateRelease(t, s, "undated.html", releaseBody+"\n以上", jikenbo.Facts{})
	draft := &jikenbo.Release{Original: []byte(releaseBody + "\n(下書き)"), Text: releaseBody + "\n(下書き)", Source: "draft.txt", Draft: true,
		Extracted: jikenbo.Facts{Published: date(2020, 1, 1), AffectedPersons: intp(1)}}
	if err := s.CreateRelease(ctx, draft); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		like *jikenbo.Facts
		want []int64
	}{
		{"NoFacts", nil, []int64{pub.ID, open.ID, draft.ID}},
		{"SameFacts", &jikenbo.Facts{Published: date(2024, 7, 1), Status: jikenbo.StatusOngoing, AffectedPersons: intp(100)}, []int64{pub.ID, open.ID, draft.ID}},
		{"Unknowns", &jikenbo.Facts{}, []int64{pub.ID, open.ID, draft.ID}},
		{"AnotherDay", &jikenbo.Facts{Published: date(2024, 7, 8)}, []int64{open.ID, draft.ID}},
		{"Concluded", &jikenbo.Facts{Status: jikenbo.StatusConcluded}, []int64{open.ID, draft.ID}},
		{"OtherCount", &jikenbo.Facts{AffectedPersons: intp(99)}, []int64{open.ID, draft.ID}},
	} {
		got, err := s.FindSimilarReleases(ctx, jikenbo.SimilarText{Text: releaseBody}, textindex.DuplicateThreshold, tc.like)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var ids []int64
		for _, g := range got {
			ids = append(ids, g.ReleaseID)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, tc.want) {
			t.Errorf("%s: FindSimilarReleases = %v, want %v", tc.name, ids, tc.want)
		}
	}
}

// testSimilarBehindBoilerplate: a copy of an old release is found even
// when more than the releases read per band key (maxBandRows, 32) were
// written later from the same boilerplate, through the keys of what the
// old release says of its own.
func testSimilarBehindBoilerplate(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	own := func(i int) string {
		// Text of its own: kana drawn by a fixed generator.
		var b strings.Builder
		x := uint32(i*7919 + 1)
		for range 300 {
			x = x*1664525 + 1013904223
			b.WriteRune(rune('ぁ' + x>>24%80))
		}
		return b.String()
	}
	old := MustCreateRelease(t, s, "old.txt", releaseBody+own(0), jikenbo.Facts{})
	err := s.InTx(ctx, func(tx jikenbo.Store) error {
		for i := 1; i <= 100; i++ {
			r := &jikenbo.Release{Original: []byte(releaseBody + own(i)), Text: releaseBody + own(i), Encoding: "UTF-8", Source: fmt.Sprintf("later-%d.txt", i)}
			if err := tx.CreateRelease(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindSimilarReleases(ctx, jikenbo.SimilarText{Text: "【再掲】" + releaseBody + own(0)}, textindex.DuplicateThreshold, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ReleaseID != old.ID {
		t.Errorf("FindSimilarReleases(copy of the old release) = %+v, want release %d alone", got, old.ID)
	}
}

// testSources covers the other sources of a release: near duplicates are
// found, kept beside their release, found by their bytes, and a duplicate
// release is merged with its labels, overrides and address.
func testSources(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	printer := MustCreateOrganization(t, s, "株式会社見本印刷", "見本印刷", jikenbo.OrgCompany)
	a := MustCreateCase(t, s, "2024-010", 0)
	b := MustCreateCase(t, s, "2024-020", 0)
	orig := MustCreateRelease(t, s, "shop.html", releaseBody, jikenbo.Facts{Title: "お詫び", Published: date(2024, 7, 1), AffectedPersons: intp(100)})
	other := MustCreateRelease(t, s, "other.txt", "市役所で個人情報を含む書類を紛失した事案について、経緯と今後の対応をお知らせします。",
		jikenbo.Facts{Title: "紛失"})
	mustFile(t, s, a, orig, printer, jikenbo.StageFirst)

	repost := "【セキュリティ事件簿#2024-010】株式会社見本印刷 お詫び 2024/7/1\n\n" + strings.ReplaceAll(releaseBody, "\n", "")
	got, err := s.FindSimilarReleases(ctx, jikenbo.SimilarText{Text: repost}, textindex.DuplicateThreshold, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ReleaseID != orig.ID || got[0].Similarity < textindex.DuplicateThreshold || got[0].Similarity >= 1 {
		t.Errorf("FindSimilarReleases(repost) = %+v, want release %d alone", got, orig.ID)
	}
	if got, err := s.FindSimilarReleases(ctx, jikenbo.SimilarText{Text: "まったく別の話題の文章です。"}, textindex.DuplicateThreshold, nil); err != nil || len(got) != 0 {
		t.Errorf("FindSimilarReleases(unrelated) = %+v, %v", got, err)
	}

	src := &jikenbo.ReleaseSource{ReleaseID: orig.ID, Source: "page.txt#1", Original: []byte(repost), Text: repost, Encoding: "UTF-8", Similarity: got[0].Similarity}
	if err := s.AddReleaseSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if src.ID == 0 || src.SHA256 != jikenbo.SHA256Hex([]byte(repost)) || src.ImportedAt.IsZero() {
		t.Errorf("AddReleaseSource set %+v", src)
	}
	wantCode(t, "AddReleaseSource same bytes", s.AddReleaseSource(ctx, &jikenbo.ReleaseSource{ReleaseID: orig.ID, Source: "x", Original: []byte(repost)}), jikenbo.ECONFLICT)
	wantCode(t, "AddReleaseSource release bytes", s.AddReleaseSource(ctx, &jikenbo.ReleaseSource{ReleaseID: other.ID, Source: "x", Original: []byte(releaseBody)}), jikenbo.ECONFLICT)
	wantCode(t, "AddReleaseSource missing release", s.AddReleaseSource(ctx, &jikenbo.ReleaseSource{ReleaseID: 999, Source: "x", Original: []byte("y")}), jikenbo.ENOTFOUND)
	wantCode(t, "AddReleaseSource empty", s.AddReleaseSource(ctx, &jikenbo.ReleaseSource{ReleaseID: orig.ID, Source: "x"}), jikenbo.EINVALID)
	if r, err := s.FindReleaseBySHA256(ctx, src.SHA256); err != nil || r.ID != orig.ID {
		t.Errorf("FindReleaseBySHA256(source) = %v, %v; want release %d", r, err, orig.ID)
	}

	// A duplicate stored as a release of its own, in a case of its own,
	// with a label and an override: merged, nothing is lost.
	pdf := strings.ReplaceAll(releaseBody, "。", "。\n")
	dup := MustCreateRelease(t, s, "shop.pdf", pdf, jikenbo.Facts{Title: "お詫び(PDF)", Published: date(2024, 7, 1), AffectedPersons: intp(100)})
	mustFile(t, s, b, dup, printer, jikenbo.StageFirst)
	if err := s.AddReleaseLabel(ctx, dup.ID, jikenbo.ReleaseLabel{Name: "委託先", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOverride(ctx, dup.ID, jikenbo.Override{Field: "affected_cards", Value: []byte("5"), Editor: "e"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "MergeDuplicateRelease itself", s.MergeDuplicateRelease(ctx, dup.ID, dup.ID, 1), jikenbo.EINVALID)
	wantCode(t, "MergeDuplicateRelease missing", s.MergeDuplicateRelease(ctx, 999, orig.ID, 1), jikenbo.ENOTFOUND)
	if err := s.MergeDuplicateRelease(ctx, dup.ID, orig.ID, 1); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindReleaseByID(ctx, dup.ID)
	wantCode(t, "FindReleaseByID merged away", err, jikenbo.ENOTFOUND)
	if to, err := s.FindReleaseRedirect(ctx, dup.ID); err != nil || to != orig.ID {
		t.Errorf("FindReleaseRedirect = %d, %v; want %d", to, err, orig.ID)
	}
	_, err = s.FindReleaseRedirect(ctx, other.ID)
	wantCode(t, "FindReleaseRedirect never merged", err, jikenbo.ENOTFOUND)
	srcs, err := s.FindReleaseSources(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range srcs {
		names = append(names, x.Source)
	}
	if !slices.Equal(names, []string{"page.txt#1", "shop.pdf"}) || srcs[1].Text != pdf || string(srcs[1].Original) != pdf || srcs[1].FormerReleaseID != dup.ID {
		t.Errorf("sources %q (%+v)", names, srcs)
	}
	r, err := s.FindReleaseByID(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.HasLabel("委託先") || r.Facts().AffectedCards == nil || *r.Facts().AffectedCards != 5 {
		t.Errorf("merged release: labels %+v, facts %+v", r.Labels, r.Facts())
	}
	// The duplicate's case held nothing else: its number leads to the
	// release's case.
	if to, err := s.FindCaseRedirect(ctx, b.ID); err != nil || to != a.ID {
		t.Errorf("FindCaseRedirect(%s) = %q, %v; want %s", b.ID, to, err, a.ID)
	}
	if srcs, err := s.FindReleaseSources(ctx, other.ID); err != nil || len(srcs) != 0 {
		t.Errorf("FindReleaseSources(none) = %v, %v", srcs, err)
	}
}

// testUndated: a release without a 公表日 is not dated by the day it was
// imported: it lists after the dated ones, is in no month or year, and
// decides nothing of its case while a dated release does.
func testUndated(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	city := MustCreateOrganization(t, s, "試験市", "試験市", jikenbo.OrgMunicipality)
	c := MustCreateCase(t, s, "2024-030", 0)
	final := MustCreateRelease(t, s, "final.txt", "最終報告", jikenbo.Facts{Published: date(2024, 3, 1), Status: jikenbo.StatusConcluded, AffectedPersons: intp(40)})
	undated := MustCreateRelease(t, s, "undated.txt", "日付のない続報", jikenbo.Facts{Status: jikenbo.StatusOngoing, AffectedPersons: intp(78)})
	older := MustCreateRelease(t, s, "older.txt", "以前の公表", jikenbo.Facts{Published: date(2023, 12, 1)})
	mustFile(t, s, c, final, city, jikenbo.StageFinal)
	mustFile(t, s, c, undated, city, jikenbo.StageFollowUp)

	page, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if ids := summaryIDs(page); !slices.Equal(ids, []int64{final.ID, older.ID}) || page.Total != 3 {
		t.Errorf("newest first: %v of %d, want %v of 3", ids, page.Total, []int64{final.ID, older.ID})
	}
	next, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 2, Cursor: page.Next})
	if err != nil {
		t.Fatal(err)
	}
	if ids := summaryIDs(next); !slices.Equal(ids, []int64{undated.ID}) || !next.Releases[0].Date.IsZero() || next.Releases[0].ImportedAt.IsZero() {
		t.Errorf("last page: %v (%+v), want %d undated with its filing time", ids, next.Releases, undated.ID)
	}
	months, err := s.ArchiveCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []jikenbo.MonthCount{{Year: 2024, Month: 3, Count: 1}, {Year: 2023, Month: 12, Count: 1}}; !slices.Equal(months, want) {
		t.Errorf("archive %v, want %v", months, want)
	}
	st, err := s.CasebookStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range st.ReleasesByMonth {
		n += m.Count
	}
	if st.Releases != 3 || st.Undated != 1 || n != 2 {
		t.Errorf("stats: %d releases, %d undated, %d by month; want 3, 1, 2", st.Releases, st.Undated, n)
	}
	f, err := s.ReleaseFacets(ctx, jikenbo.ReleaseQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []jikenbo.FacetCount{{Value: "2024", Count: 1}, {Value: "2023", Count: 1}}; !slices.Equal(f.Years, want) {
		t.Errorf("year facet %v, want %v", f.Years, want)
	}
	got, err := s.FindCaseByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != jikenbo.StatusConcluded || *got.Facts.AffectedPersons != 40 || got.Facts.LastPublished != date(2024, 3, 1) || got.Facts.Undated != 1 {
		t.Errorf("case: %s, %+v; the undated release must not decide it", got.Status, got.Facts)
	}
}

// testContractorReleases: a contractor's releases include its clients'
// releases about the cases where it was the contractor; renaming it
// renames the cases' titles made from its name.
func testContractorReleases(t *testing.T, s QueryableStore) {
	ctx := context.Background()
	fx := mustQueryFixture(t, s)
	own, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{OrganizationID: fx.printer.ID})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{OrganizationID: fx.printer.ID, AsContractor: true})
	if err != nil {
		t.Fatal(err)
	}
	if ids := summaryIDs(own); !slices.Equal(ids, []int64{fx.rs[2].ID}) {
		t.Errorf("own releases %v, want %d", ids, fx.rs[2].ID)
	}
	if ids := summaryIDs(all); !slices.Equal(ids, []int64{fx.rs[1].ID, fx.rs[0].ID, fx.rs[2].ID}) || all.Total != 3 {
		t.Errorf("as contractor: %v of %d, want the clients' %d, %d and its own %d", ids, all.Total, fx.rs[1].ID, fx.rs[0].ID, fx.rs[2].ID)
	}
	name := "株式会社見本印刷ホールディングス"
	kind := jikenbo.OrgCompany
	o, err := s.UpdateOrganization(ctx, fx.printer.ID, jikenbo.OrganizationUpdate{Name: &name, Kind: &kind})
	if err != nil || o.Name != name {
		t.Fatalf("UpdateOrganization: %+v, %v", o, err)
	}
	if c, _ := s.FindCaseByID(ctx, "2024-010"); c.Facts.Title != name+"のランサムウェア被害" {
		t.Errorf("case title after renaming its contractor: %q", c.Facts.Title)
	}
	empty := ""
	_, err = s.UpdateOrganization(ctx, fx.printer.ID, jikenbo.OrganizationUpdate{Name: &empty})
	wantCode(t, "UpdateOrganization empty name", err, jikenbo.EINVALID)
	_, err = s.UpdateOrganization(ctx, 999, jikenbo.OrganizationUpdate{Name: &name})
	wantCode(t, "UpdateOrganization missing", err, jikenbo.ENOTFOUND)
}

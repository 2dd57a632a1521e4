package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// Statement is one SQL statement with ? placeholders and its arguments.
type Statement struct {
	Query string
	Args  []any
}

// UnsharedVersions are the rows of three releases as a casebook held them
// before a release's current version shared the release's text (SQLite
// migration 00006, PostgreSQL 00003), when every version had its own copy:
// a release with two versions, a PDF whose bytes are not its text, and a
// release whose text an editor changed after it was read. An engine's
// test writes them at the schema before that migration, migrates, and
// calls CheckUnsharedVersions.
var UnsharedVersions = []Statement{
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, extracted, extracted_at)
		VALUES (1, ?, NULL, '第2版の本文', 'UTF-8', 'a.txt', '2025-01-02T00:00:00Z', '{}', '2025-01-02T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("第2版の本文"))}},
	{`INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at)
		VALUES (1, 1, ?, NULL, '第1版の本文', 'UTF-8', '2025-01-01T00:00:00Z')`, []any{jikenbo.SHA256Hex([]byte("第1版の本文"))}},
	{`INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at)
		VALUES (1, 2, ?, NULL, '第2版の本文', 'UTF-8', '2025-01-02T00:00:00Z')`, []any{jikenbo.SHA256Hex([]byte("第2版の本文"))}},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, extracted, extracted_at)
		VALUES (2, ?, ?, 'PDFの本文', 'PDF', 'b.pdf', '2025-01-03T00:00:00Z', '{}', '2025-01-03T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("%PDF-1.4 本文")), []byte("%PDF-1.4 本文")}},
	{`INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at)
		VALUES (2, 1, ?, ?, 'PDFの本文', 'PDF', '2025-01-03T00:00:00Z')`, []any{jikenbo.SHA256Hex([]byte("%PDF-1.4 本文")), []byte("%PDF-1.4 本文")}},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, extracted, extracted_at)
		VALUES (3, ?, ?, '訂正後の本文', 'UTF-8', 'c.txt', '2025-01-04T00:00:00Z', '{}', '2025-01-04T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("訂正前の本文")), []byte("訂正前の本文")}},
	{`INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at)
		VALUES (3, 1, ?, NULL, '訂正前の本文', 'UTF-8', '2025-01-04T00:00:00Z')`, []any{jikenbo.SHA256Hex([]byte("訂正前の本文"))}},
}

// SharedAfterMigration is how many of UnsharedVersions' versions share
// their release's text after the migration: the newest of release 1 and
// the PDF's, not the edited release's.
const SharedAfterMigration = 2

// CheckUnsharedVersions checks that s, migrated from UnsharedVersions,
// reads every version as it was written.
func CheckUnsharedVersions(t *testing.T, s jikenbo.Store) {
	t.Helper()
	ctx := context.Background()
	for _, tt := range []struct {
		release        int64
		texts, origins []string
	}{
		{1, []string{"第1版の本文", "第2版の本文"}, []string{"第1版の本文", "第2版の本文"}},
		{2, []string{"PDFの本文"}, []string{"%PDF-1.4 本文"}},
		{3, []string{"訂正前の本文"}, []string{"訂正前の本文"}},
	} {
		vs, err := s.FindVersions(ctx, tt.release)
		if err != nil || len(vs) != len(tt.texts) {
			t.Errorf("release %d: %d versions, %v; want %d", tt.release, len(vs), err, len(tt.texts))
			continue
		}
		for i, v := range vs {
			if v.Text != tt.texts[i] || string(v.Original) != tt.origins[i] || v.SHA256 != jikenbo.SHA256Hex(v.Original) {
				t.Errorf("release %d version %d: %q %q %s, want %q %q", tt.release, i+1, v.Text, v.Original, v.SHA256, tt.texts[i], tt.origins[i])
			}
		}
	}
	// The migrated casebook takes new versions as a new one would.
	if err := s.AddVersion(ctx, 2, &jikenbo.ReleaseVersion{Original: []byte("%PDF-1.4 第2版"), Text: "PDF第2版", Encoding: "PDF"}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.FindVersion(ctx, 2, 1); err != nil || v.Text != "PDFの本文" || string(v.Original) != "%PDF-1.4 本文" {
		t.Errorf("the PDF's first version after a second: %+v, %v", v, err)
	}
}

// duplicateText is a release text written for the migration test, stored
// twice below: once as a casebook post and once as the organisation's
// file with other line breaks.
const duplicateText = `【セキュリティ事件簿#2024-217】株式会社見本印刷 委託先におけるランサムウェア被害について 2024/11/15
当社が印刷業務を委託している株式会社見本印刷のサーバーがランサムウェアに感染し、
当社のお客様の氏名および住所が流出した可能性があることが判明いたしました。
対象となるお客様は69,403名です。調査の結果、流出の事実は確認されませんでした。
お客様には多大なるご心配をおかけしましたことを深くお詫び申し上げます。`

// DuplicatesBeforeMerge are the rows of a casebook written before
// migration 00009 (SQLite; PostgreSQL 00006): one release stored twice
// from two sources, each copy in a case of its own, and an undated
// release that took the import day and decided its case (ongoing, 78
// people). An engine's test writes them at the schema before, opens the
// casebook and calls CheckDuplicatesMerged.
var DuplicatesBeforeMerge = []Statement{
	{`INSERT INTO organizations (id, name, kind, created_at) VALUES (1, '試験信用金庫', 'financial', '2025-01-01T00:00:00Z')`, nil},
	{`INSERT INTO cases (id, year, seq, status, facts, created_at, updated_at) VALUES
		('2024-217', 2024, 217, 'ongoing', '{"title":"古い題","affected_persons":78}', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
		('2024-300', 2024, 300, 'concluded', '{"title":"複製"}', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`, nil},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, case_id, stage, organization_id, extracted, extracted_at)
		VALUES (1, ?, NULL, ?, 'UTF-8', 'page.txt#1', '2025-01-02T00:00:00Z', '2024-217', 'final', 1, ?, '2025-01-02T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte(duplicateText)), duplicateText,
			`{"organization":"試験信用金庫","published":"2024-11-15","status":"concluded","affected_persons":69403,"categories":["ransomware"]}`}},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, case_id, stage, organization_id, extracted, extracted_at)
		VALUES (2, ?, NULL, ?, 'UTF-8', 'shinkin.txt', '2025-01-03T00:00:00Z', '2024-300', 'first', 1, ?, '2025-01-03T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte(duplicateText + "\n")), duplicateText + "\n",
			`{"organization":"試験信用金庫","published":"2024-11-15","status":"concluded","affected_persons":69403,"categories":["ransomware"]}`}},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, case_id, stage, organization_id, extracted, extracted_at)
		VALUES (3, ?, NULL, '日付のない続報です。対象は78件でした。', 'UTF-8', 'undated.txt', '2025-01-04T00:00:00Z', '2024-217', 'followup', NULL, ?, '2025-01-04T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("日付のない続報です。対象は78件でした。")), `{"status":"ongoing","affected_persons":78}`}},
	{`INSERT INTO case_organizations (case_id, organization_id, role) VALUES ('2024-217', 1, 'publisher'), ('2024-300', 1, 'publisher')`, nil},
}

// CheckDuplicatesMerged checks that s, opened on DuplicatesBeforeMerge,
// holds the release once with both sources, redirects the duplicate and
// its case, and summarises the case from its dated release.
func CheckDuplicatesMerged(t *testing.T, s jikenbo.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.FindReleaseByID(ctx, 2); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("duplicate release 2 still there: %v", err)
	}
	if to, err := s.FindReleaseRedirect(ctx, 2); err != nil || to != 1 {
		t.Errorf("release 2 redirects to %d, %v; want 1", to, err)
	}
	srcs, err := s.FindReleaseSources(ctx, 1)
	if err != nil || len(srcs) != 1 || srcs[0].Source != "shinkin.txt" || srcs[0].Text != duplicateText+"\n" || srcs[0].Similarity != 1 {
		t.Errorf("sources of release 1: %+v, %v", srcs, err)
	}
	if to, err := s.FindCaseRedirect(ctx, "2024-300"); err != nil || to != "2024-217" {
		t.Errorf("case 2024-300 redirects to %q, %v; want 2024-217", to, err)
	}
	c, err := s.FindCaseByID(ctx, "2024-217")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != jikenbo.StatusConcluded || c.Facts.AffectedPersons == nil || *c.Facts.AffectedPersons != 69403 || c.Facts.Undated != 1 {
		t.Errorf("case 2024-217: %s %+v; want concluded, 69403 people", c.Status, c.Facts)
	}
	if qs, ok := s.(jikenbo.QueryStore); ok {
		page, err := qs.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Releases) != 2 || page.Releases[0].ID != 1 || page.Releases[1].ID != 3 || !page.Releases[1].Date.IsZero() {
			t.Errorf("releases after the migration: %+v; want 1 then the undated 3", page.Releases)
		}
	}
}

// FacetsByTriggers are the rows of a casebook written before the
// effective facts were computed in Go (SQLite migration 00013, PostgreSQL
// 00010), when triggers kept the query tables: a public release whose
// categories, status and date an editor corrected, in a case with its
// merged facts, and a draft in the same case with a correction of its
// own. An engine's test writes them at the schema before (the triggers
// fill the facets), opens the casebook and calls CheckFacetsInGo.
var FacetsByTriggers = []Statement{
	{`INSERT INTO organizations (id, name, kind, created_at) VALUES (1, '試験商事株式会社', 'company', '2025-01-01T00:00:00Z')`, nil},
	{`INSERT INTO cases (id, year, seq, status, facts, created_at, updated_at) VALUES ('2024-005', 2024, 5, 'concluded',
		'{"title":"訂正済みの事案","first_published":"2023-12-24","last_published":"2023-12-24","affected_persons":500,"categories":["unauthorized_access"]}',
		'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`, nil},
	{`INSERT INTO case_numbers (year, last) VALUES (2024, 5)`, nil},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, draft, case_id, stage, organization_id, extracted, extracted_at)
		VALUES (1, ?, NULL, 'ランサムウェア被害のお知らせ', 'UTF-8', 'a.txt', '2025-01-02T00:00:00Z', ?, '2024-005', 'first', 1, ?, '2025-01-02T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("ランサムウェア被害のお知らせ")), false,
			`{"title":"第1報","published":"2024-03-01","status":"ongoing","categories":["ransomware"],"affected_persons":10}`}},
	{`INSERT INTO releases (id, sha256, original, text, encoding, source, imported_at, draft, case_id, stage, organization_id, extracted, extracted_at)
		VALUES (2, ?, NULL, '下書きの続報', 'UTF-8', 'b.txt', '2025-01-03T00:00:00Z', ?, '2024-005', 'followup', 1, ?, '2025-01-03T00:00:00Z')`,
		[]any{jikenbo.SHA256Hex([]byte("下書きの続報")), true,
			`{"title":"続報","published":"2025-01-05","status":"concluded","categories":["misdelivery"],"affected_persons":99999}`}},
	{`INSERT INTO overrides (release_id, field, value, editor, at) VALUES
		(1, 'categories', '["unauthorized_access"]', 'editor', '2025-01-04T00:00:00Z'),
		(1, 'status', '"concluded"', 'editor', '2025-01-04T00:00:00Z'),
		(1, 'published', '"2023-12-24"', 'editor', '2025-01-04T00:00:00Z'),
		(1, 'affected_persons', '500', 'editor', '2025-01-04T00:00:00Z'),
		(2, 'categories', '["phishing"]', 'editor', '2025-01-04T00:00:00Z')`, nil},
	{`INSERT INTO case_organizations (case_id, organization_id, role) VALUES ('2024-005', 1, 'publisher')`, nil},
}

// CheckFacetsInGo checks that s, opened on FacetsByTriggers, shows the
// corrected facts the triggers showed, leaves the draft out, and that a
// correction made now (by the store, in Go) changes them and the version.
func CheckFacetsInGo(t *testing.T, s QueryableStore) {
	t.Helper()
	ctx := context.Background()
	want := facetView{categories: []string{jikenbo.CatUnauthorizedAccess}, status: jikenbo.StatusConcluded, year: 2023, month: 12,
		persons: 500, caseStatus: jikenbo.StatusConcluded, caseCats: []string{jikenbo.CatUnauthorizedAccess}}
	if v := viewFacets(t, s, 1, "2024-005"); !v.equal(want) {
		t.Errorf("release 1 after the migration: %+v, want %+v", v, want)
	}
	if v := viewFacets(t, s, 2, "2024-005"); v.categories != nil || v.year != 0 {
		t.Errorf("the draft after the migration: %+v", v)
	}
	if st, err := s.CasebookStats(ctx); err != nil || st.Releases != 1 || st.Cases != 1 || st.Undated != 0 {
		t.Errorf("stats after the migration: %+v, %v", st, err)
	}
	v0, err := s.CasebookVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteOverride(ctx, 1, "categories"); err != nil {
		t.Fatal(err)
	}
	if v := viewFacets(t, s, 1, "2024-005"); !slices.Equal(v.categories, []string{jikenbo.CatRansomware}) {
		t.Errorf("categories after the correction was removed: %v, want the extracted ransomware", v.categories)
	}
	if v, _ := s.CasebookVersion(ctx); v.N <= v0.N {
		t.Errorf("a correction after the migration did not move the version: %d then %d", v0.N, v.N)
	}
}

package storetest

import (
	"context"
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

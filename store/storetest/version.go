package storetest

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// testVersions is the contract of jikenbo.VersionStore: every release has
// version 1, AddVersion makes the new bytes the release's own and keeps
// the old ones, and earlier versions' bytes still find their release.
func testVersions(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	r := MustCreateRelease(t, s, "https://example.jp/news/1.html", "<html><body>100人</body></html>", jikenbo.Facts{AffectedPersons: intp(100)})
	MustCreateRelease(t, s, "other.txt", "他の本文", jikenbo.Facts{})

	t.Run("FirstVersion", func(t *testing.T) {
		vs, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(vs) != 1 {
			t.Fatalf("FindVersions = %d versions, %v; want 1", len(vs), err)
		}
		v := vs[0]
		if v.Number != 1 || v.SHA256 != r.SHA256 || string(v.Original) != string(r.Original) || v.Text != r.Text || len(v.ChangedFacts) != 0 {
			t.Errorf("version 1 = %+v, want the release's bytes", v)
		}
		if got := v.ContentType(); got != "text/html; charset=utf-8" {
			t.Errorf("ContentType = %q, want text/html; charset=utf-8", got)
		}
	})
	t.Run("FindReleaseBySource", func(t *testing.T) {
		got, err := s.FindReleaseBySource(ctx, r.Source)
		if err != nil || got.ID != r.ID {
			t.Fatalf("FindReleaseBySource = %v, %v; want release %d", got, err, r.ID)
		}
		_, err = s.FindReleaseBySource(ctx, "https://example.jp/none")
		wantCode(t, "FindReleaseBySource(unknown)", err, jikenbo.ENOTFOUND)
	})

	newFacts := jikenbo.Facts{AffectedPersons: intp(120)}
	changes := jikenbo.DiffFacts(r.Extracted, newFacts)
	v2 := &jikenbo.ReleaseVersion{Original: []byte("<html><body>120人</body></html>"), Text: "120人", Encoding: "UTF-8", ChangedFacts: changes}
	t.Run("AddVersion", func(t *testing.T) {
		if err := s.AddVersion(ctx, r.ID, v2); err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.ReleaseID != r.ID || v2.SHA256 != jikenbo.SHA256Hex(v2.Original) || v2.ImportedAt.IsZero() {
			t.Errorf("AddVersion set %+v", v2)
		}
		got, err := s.FindReleaseByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != "120人" || got.SHA256 != v2.SHA256 || string(got.Original) != string(v2.Original) {
			t.Errorf("release after AddVersion: text %q sha %s, want the new version's", got.Text, got.SHA256)
		}
		// Both versions' bytes find the release.
		for _, sum := range []string{r.SHA256, v2.SHA256} {
			if got, err := s.FindReleaseBySHA256(ctx, sum); err != nil || got.ID != r.ID {
				t.Errorf("FindReleaseBySHA256(%s) = %v, %v; want release %d", sum, got, err, r.ID)
			}
		}
		vs, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(vs) != 2 {
			t.Fatalf("FindVersions = %d, %v; want 2", len(vs), err)
		}
		if vs[0].Number != 1 || vs[1].Number != 2 || string(vs[0].Original) != string(r.Original) {
			t.Errorf("versions not oldest first with their bytes: %d %d", vs[0].Number, vs[1].Number)
		}
		if len(vs[1].ChangedFacts) != 1 || vs[1].ChangedFacts[0].Field != "affected_persons" ||
			string(vs[1].ChangedFacts[0].Before) != "100" || string(vs[1].ChangedFacts[0].After) != "120" {
			t.Errorf("changed facts = %+v, want affected_persons 100 -> 120", vs[1].ChangedFacts)
		}
		// The search index follows the new text.
		hits, _, err := s.SearchReleases(ctx, jikenbo.SearchQuery{Q: "120人"})
		if err != nil || len(hits) != 1 || hits[0].Release.ID != r.ID {
			t.Errorf("search for the new text: %d hits, %v", len(hits), err)
		}
	})
	t.Run("AddVersionErrors", func(t *testing.T) {
		err := s.AddVersion(ctx, r.ID, &jikenbo.ReleaseVersion{Original: []byte("他の本文"), Text: "他の本文"})
		wantCode(t, "AddVersion(bytes of another release)", err, jikenbo.ECONFLICT)
		err = s.AddVersion(ctx, r.ID, &jikenbo.ReleaseVersion{Original: []byte("<html><body>100人</body></html>")})
		wantCode(t, "AddVersion(bytes of an earlier version)", err, jikenbo.ECONFLICT)
		err = s.AddVersion(ctx, 99999, &jikenbo.ReleaseVersion{Original: []byte("x"), Text: "x"})
		wantCode(t, "AddVersion(unknown release)", err, jikenbo.ENOTFOUND)
		err = s.AddVersion(ctx, r.ID, &jikenbo.ReleaseVersion{})
		wantCode(t, "AddVersion(empty)", err, jikenbo.EINVALID)
	})
	t.Run("FindVersion", func(t *testing.T) {
		v, err := s.FindVersion(ctx, r.ID, 1)
		if err != nil || v.Number != 1 || v.SHA256 != r.SHA256 {
			t.Errorf("FindVersion(1) = %+v, %v", v, err)
		}
		_, err = s.FindVersion(ctx, r.ID, 3)
		wantCode(t, "FindVersion(3)", err, jikenbo.ENOTFOUND)
		_, err = s.FindVersions(ctx, 99999)
		wantCode(t, "FindVersions(unknown)", err, jikenbo.ENOTFOUND)
	})
	t.Run("Streaming", func(t *testing.T) {
		// Heads and chunked reads give what FindVersions gives whole, for
		// bytes kept apart from the text (version 1, HTML) and for bytes
		// that are the text (a plain-text release, multibyte).
		plain := MustCreateRelease(t, s, "plain.txt", strings.Repeat("個人情報の漏えい。", 300), jikenbo.Facts{})
		for _, id := range []int64{r.ID, plain.ID} {
			full, err := s.FindVersions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			heads, err := s.FindVersionHeads(ctx, id)
			if err != nil || len(heads) != len(full) {
				t.Fatalf("FindVersionHeads(%d) = %d, %v; want %d", id, len(heads), err, len(full))
			}
			for i, h := range heads {
				f := full[i]
				if h.Number != f.Number || h.SHA256 != f.SHA256 || h.Size != int64(len(f.Original)) || h.IsText != (string(f.Original) == f.Text) ||
					h.Original != nil || h.Text != "" || len(h.ChangedFacts) != len(f.ChangedFacts) {
					t.Errorf("head %d of release %d = %+v, want the version without its bytes (size %d)", i+1, id, h, len(f.Original))
				}
				var got []byte
				buf := make([]byte, 7) // cuts through characters
				for off := int64(0); ; {
					n, err := s.ReadOriginal(ctx, id, h.Number, buf, off)
					got, off = append(got, buf[:n]...), off+int64(n)
					if err == io.EOF {
						break
					} else if err != nil {
						t.Fatalf("ReadOriginal(%d, %d, at %d): %v", id, h.Number, off, err)
					}
				}
				if string(got) != string(f.Original) {
					t.Errorf("ReadOriginal of release %d version %d = %q, want %q", id, h.Number, got, f.Original)
				}
			}
		}
		_, err := s.ReadOriginal(ctx, r.ID, 99, make([]byte, 4), 0)
		wantCode(t, "ReadOriginal(no such version)", err, jikenbo.ENOTFOUND)
		_, err = s.FindVersionHeads(ctx, 99999)
		wantCode(t, "FindVersionHeads(unknown)", err, jikenbo.ENOTFOUND)
		qs, ok := s.(jikenbo.QueryStore)
		if !ok {
			return
		}
		head, err := qs.FindPublicReleaseHead(ctx, plain.ID, 10)
		if err != nil || head.Text != "個人情" || string(head.Original) != head.Text {
			t.Errorf("FindPublicReleaseHead(10 bytes) = %q, %v; want the first whole characters", head.Text, err)
		}
	})
	t.Run("ReplaceVersions", func(t *testing.T) {
		vs, err := s.FindVersions(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceVersions(ctx, r.ID, vs[:1]); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Errorf("ReplaceVersions(without the release's bytes) = %v, want EINVALID", err)
		}
		if err := s.ReplaceVersions(ctx, r.ID, vs); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(again) != 2 {
			t.Fatalf("after ReplaceVersions: %d, %v", len(again), err)
		}
		a, _ := json.Marshal(again[1].ChangedFacts)
		b, _ := json.Marshal(vs[1].ChangedFacts)
		if string(a) != string(b) || !again[0].ImportedAt.Equal(vs[0].ImportedAt) {
			t.Errorf("ReplaceVersions changed the versions: %s vs %s", a, b)
		}
	})
	t.Run("EditedTextKeepsVersions", func(t *testing.T) {
		// An editor's change to the text is not a version: every version
		// keeps the text and bytes it was read as, the newest included.
		before, err := s.FindVersions(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		edited := "120人(訂正)"
		if _, err := s.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{Text: &edited}); err != nil {
			t.Fatal(err)
		}
		after, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(after) != len(before) {
			t.Fatalf("FindVersions after the edit: %d, %v", len(after), err)
		}
		for i := range after {
			if after[i].Text != before[i].Text || string(after[i].Original) != string(before[i].Original) {
				t.Errorf("version %d after the edit: %q %q, want %q %q", i+1, after[i].Text, after[i].Original, before[i].Text, before[i].Original)
			}
		}
		if got, _ := s.FindReleaseByID(ctx, r.ID); got.Text != edited || string(got.Original) != string(v2.Original) {
			t.Errorf("release after the edit: %q %q", got.Text, got.Original)
		}
		// A new version after the edit leaves the old ones as they were.
		v3 := &jikenbo.ReleaseVersion{Original: []byte("130人"), Text: "130人", Encoding: "UTF-8"}
		if err := s.AddVersion(ctx, r.ID, v3); err != nil {
			t.Fatal(err)
		}
		vs, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(vs) != 3 || vs[1].Text != "120人" || vs[2].Text != "130人" || string(vs[2].Original) != "130人" {
			t.Errorf("versions after a third: %d %v", len(vs), err)
		}
	})
	t.Run("DeleteRelease", func(t *testing.T) {
		if err := s.DeleteRelease(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindVersions(ctx, r.ID)
		wantCode(t, "FindVersions(deleted)", err, jikenbo.ENOTFOUND)
		_, err = s.FindReleaseBySHA256(ctx, r.SHA256)
		wantCode(t, "FindReleaseBySHA256(deleted version)", err, jikenbo.ENOTFOUND)
	})
}

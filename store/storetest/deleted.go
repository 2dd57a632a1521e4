package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

// testDeletedReleases: a deleted release leaves a tombstone, its ID is
// never handed out again (also when it was the highest), and retired case
// numbers can be looked up one by one.
func testDeletedReleases(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	a := MustCreateRelease(t, s, "a.txt", "一つ目の公表文\n", jikenbo.Facts{})
	b := MustCreateRelease(t, s, "b.txt", "二つ目の公表文\n", jikenbo.Facts{})
	c := MustCreateCase(t, s, "", 2025)
	if err := s.AddCaseRelease(ctx, c.ID, b.ID, jikenbo.StageFirst); err != nil {
		t.Fatal(err)
	}
	_, err := s.FindDeletedRelease(ctx, b.ID)
	wantCode(t, "FindDeletedRelease of a live release", err, jikenbo.ENOTFOUND)
	if err := s.DeleteRelease(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	d, err := s.FindDeletedRelease(ctx, b.ID)
	if err != nil || d.Source != "b.txt" || d.SHA256 != b.SHA256 || d.CaseID != c.ID || d.DeletedAt.IsZero() {
		t.Errorf("tombstone: %+v, %v", d, err)
	}
	// b had the highest ID: the next release must not take it.
	n := MustCreateRelease(t, s, "n.txt", "三つ目の公表文\n", jikenbo.Facts{})
	if n.ID <= b.ID {
		t.Errorf("new release got ID %d, deleted release had %d: IDs are never reused", n.ID, b.ID)
	}
	dr := MustCreateRelease(t, s, "draft.txt", "下書きの公表文\n", jikenbo.Facts{})
	yes := true
	if _, err := s.UpdateRelease(ctx, dr.ID, jikenbo.ReleaseUpdate{Draft: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRelease(ctx, dr.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindDeletedRelease(ctx, dr.ID); err != nil || !got.Draft {
		t.Errorf("a deleted draft's tombstone: %+v, %v; want Draft", got, err)
	}
	wantCode(t, "AddDeletedRelease of a live release", s.AddDeletedRelease(ctx, jikenbo.DeletedRelease{ID: a.ID, Source: "a.txt"}), jikenbo.ECONFLICT)
	restored := jikenbo.DeletedRelease{ID: 900, Source: "gone.txt", SHA256: "00", DeletedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	for range 2 {
		if err := s.AddDeletedRelease(ctx, restored); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.FindDeletedReleases(ctx)
	if err != nil || len(all) != 3 || all[0].ID != b.ID || all[2] != restored {
		t.Errorf("FindDeletedReleases: %+v, %v", all, err)
	}
	if m := MustCreateRelease(t, s, "m.txt", "四つ目の公表文\n", jikenbo.Facts{}); m.ID <= 900 {
		t.Errorf("new release got ID %d below a restored tombstone 900", m.ID)
	}

	if err := s.DeleteCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := s.FindRetiredCase(ctx, c.ID); err != nil || r.ID != c.ID || r.Target != "" {
		t.Errorf("FindRetiredCase of a deleted case: %+v, %v", r, err)
	}
	_, err = s.FindRetiredCase(ctx, "2025-999")
	wantCode(t, "FindRetiredCase never retired", err, jikenbo.ENOTFOUND)
}

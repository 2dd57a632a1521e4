package casebook

import (
	"context"
	"path/filepath"

	"github.com/jikenbo/jikenbo"
)

// DeleteRelease deletes a release with its versions, leaving a tombstone
// so that its ID is never reused and its URL answers 410 Gone. A case left
// with no release is deleted too, its number retired. Both are in the
// audit log with what they held.
func (d *Desk) DeleteRelease(ctx context.Context, actor string, id int64) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		return deleteRelease(ctx, tx, actor, id)
	})
}

func deleteRelease(ctx context.Context, tx jikenbo.Store, actor string, id int64) error {
	r, err := tx.FindReleaseByID(ctx, id)
	if err != nil {
		return err
	}
	if err := tx.DeleteRelease(ctx, id); err != nil {
		return err
	}
	err = tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditDeleteRelease, ReleaseID: id, CaseID: r.CaseID,
		Before: jikenbo.AuditJSON(map[string]any{"source": r.Source, "sha256": r.SHA256, "case": r.CaseID, "draft": r.Draft,
			"organization": r.Facts().Organization, "title": r.Facts().Title}),
		After: jikenbo.AuditJSON(nil)})
	if err != nil || r.CaseID == "" {
		return err
	}
	c, err := tx.FindCaseByID(ctx, r.CaseID)
	if err != nil || len(c.Releases) > 0 {
		return err
	}
	return deleteCase(ctx, tx, actor, c)
}

// DeleteCase deletes a case that holds no release (move or delete its
// releases first); its number is retired and its URL answers 410 Gone.
func (d *Desk) DeleteCase(ctx context.Context, actor, id string) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		c, err := tx.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		if n := len(c.Releases); n > 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "事件 #%s には公表文が %d 件あります。先に移すか削除してください", id, n)
		}
		return deleteCase(ctx, tx, actor, c)
	})
}

func deleteCase(ctx context.Context, tx jikenbo.Store, actor string, c *jikenbo.Case) error {
	if err := tx.DeleteCase(ctx, c.ID); err != nil {
		return err
	}
	return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditDeleteCase, CaseID: c.ID,
		Before: jikenbo.AuditJSON(map[string]any{"case": caseState(c)}), After: jikenbo.AuditJSON(nil)})
}

// ReleasesFromSource returns the releases read from source: a URL, a file
// (with the posts of a casebook page read from it), or a directory (every
// release read from a file under it). A local path is made absolute and
// clean, as import stores it.
func ReleasesFromSource(ctx context.Context, s jikenbo.Store, source string) ([]*jikenbo.Release, error) {
	if !isURL(source) {
		if abs, err := filepath.Abs(source); err == nil {
			source = abs
		}
	}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Source: &source})
	return rs, err
}

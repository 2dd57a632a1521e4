package casebook

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// Reextracted counts what Reextract did.
type Reextracted struct {
	Releases, Changed int
}

// Reextract reads every release again with extract, replacing the
// extracted facts and the automatic labels; each release whose facts
// changed gets an audit entry naming actor (none when actor is ""). Editors' overrides and other
// labels are kept: they live apart from the extracted facts. Cases are
// not re-linked; their merged facts follow the new facts. Each release is
// updated in its own transaction, so an interrupted run leaves every
// release either old or new, and running it again finishes the job.
func Reextract(ctx context.Context, s jikenbo.Store, actor string, extract func(string) jikenbo.Facts, progress func(done, total int)) (Reextracted, error) {
	var out Reextracted
	_, total, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1})
	if err != nil {
		return out, fmt.Errorf("reextract: %w", err)
	}
	var after int64
	for {
		// Paging by ID, not offset, stays right if releases are added
		// meanwhile.
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: page, AfterID: after})
		if err != nil {
			return out, fmt.Errorf("reextract: %w", err)
		}
		for _, r := range rs {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			after = r.ID
			f := extract(r.Text)
			old, _ := json.Marshal(r.Extracted)
			now, _ := json.Marshal(f)
			out.Releases++
			changed := string(old) != string(now)
			if changed {
				out.Changed++
			}
			err := s.InTx(ctx, func(tx jikenbo.Store) error {
				u, err := tx.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{Extracted: &f})
				if err != nil {
					return err
				}
				if err := tx.ReplaceReleaseLabels(ctx, r.ID, jikenbo.LabelAuto, jikenbo.AutoLabels(u.Facts())); err != nil {
					return err
				}
				diff := jikenbo.DiffFacts(r.Extracted, f)
				if !changed || actor == "" || len(diff) == 0 {
					return nil
				}
				before, after := jikenbo.FactChangesJSON(diff)
				return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditReextract, ReleaseID: r.ID,
					CaseID: r.CaseID, Before: before, After: after})
			})
			if err != nil {
				return out, fmt.Errorf("reextract %s: %w", r, err)
			}
			if progress != nil {
				progress(out.Releases, total)
			}
		}
		if len(rs) < page {
			return out, nil
		}
	}
}

package casebook

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

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
// not re-linked; their merged facts follow the new facts. Releases are
// read a page at a time and extracted by one worker per CPU, then
// updated in write transactions of up to batchMax releases or batchTime,
// so an interrupted run leaves every release either old or new, and
// running it again finishes the job. extract is called from several
// goroutines at once.
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
		facts := make([]jikenbo.Facts, len(rs))
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers() {
			wg.Go(func() {
				for i := range next {
					facts[i] = extract(rs[i].Text)
				}
			})
		}
		for i := range rs {
			next <- i
		}
		close(next)
		wg.Wait()
		for done := 0; done < len(rs); {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			n, changed := 0, 0
			err := s.InTx(ctx, func(tx jikenbo.Store) error {
				start := time.Now()
				n, changed = 0, 0
				for _, r := range rs[done:] {
					if n > 0 && (n >= batchMax || time.Since(start) >= batchTime) {
						break
					}
					ch, err := reextractOne(ctx, tx, r, facts[done+n], actor)
					if err != nil {
						return fmt.Errorf("reextract %s: %w", r, err)
					}
					n++
					if ch {
						changed++
					}
				}
				return nil
			})
			if err != nil {
				return out, err
			}
			done += n
			out.Releases += n
			out.Changed += changed
			after = rs[done-1].ID
			if progress != nil {
				progress(out.Releases, total)
			}
		}
		if len(rs) < page {
			return out, nil
		}
	}
}

// reextractOne replaces the extracted facts of r with f in tx, telling
// whether they changed.
func reextractOne(ctx context.Context, tx jikenbo.Store, r *jikenbo.Release, f jikenbo.Facts, actor string) (bool, error) {
	old, _ := json.Marshal(r.Extracted)
	now, _ := json.Marshal(f)
	changed := string(old) != string(now)
	u, err := tx.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{Extracted: &f})
	if err != nil {
		return false, err
	}
	if err := tx.ReplaceReleaseLabels(ctx, r.ID, jikenbo.LabelAuto, jikenbo.AutoLabels(u.Facts())); err != nil {
		return false, err
	}
	diff := jikenbo.DiffFacts(r.Extracted, f)
	if !changed || actor == "" || len(diff) == 0 {
		return changed, nil
	}
	before, after := jikenbo.FactChangesJSON(diff)
	return changed, tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditReextract, ReleaseID: r.ID,
		CaseID: r.CaseID, Before: before, After: after})
}

package watch

import (
	"context"
	"net/http"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
)

// Batches of the re-reading of ongoing cases.
const (
	// checkBatch is how many due checks are claimed at a time.
	checkBatch = 200
	// checkIdle is how long a due release that is not in an ongoing case
	// waits before it is looked at again.
	checkIdle = 30 * 24 * time.Hour
)

// checkOpenCases re-reads, at its source URL, every release of an ongoing
// case whose check is due, claimed from the store in batches by the due
// index (jikenbo.WatchStore.ClaimDueReleaseChecks): a round costs what is
// due, not a walk of every ongoing case. Each request is conditional on
// the validators of the last answer, so an unchanged page costs a 304.
// Changed bytes become the release's new version (re-extracted, the
// changed facts recorded) and a silent edit of the case's timeline; the
// check records when it was done, when it changed and when it is due
// again: daily while the case is young, less often as it ages
// (jikenbo.CheckInterval).
func (w *Watcher) checkOpenCases(ctx context.Context) (r Round, err error) {
	lease := w.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	for {
		due, err := w.Store.ClaimDueReleaseChecks(ctx, w.now(), lease, checkIdle, checkBatch)
		if err != nil {
			return r, err
		}
		if len(due) == 0 {
			return r, nil
		}
		for _, d := range due {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			w.checkRelease(ctx, d, &r)
		}
	}
}

func (w *Watcher) checkRelease(ctx context.Context, d *jikenbo.DueCheck, r *Round) {
	now := w.now()
	newest := d.Newest
	if newest.IsZero() {
		newest = d.ImportedAt
	}
	every := jikenbo.CheckInterval(now.Sub(newest))
	c := d.ReleaseCheck
	c.CheckedAt = now
	r.Checked++
	h := http.Header{}
	if c.ETag != "" {
		h.Set("If-None-Match", c.ETag)
	}
	if c.LastModified != "" {
		h.Set("If-Modified-Since", c.LastModified)
	}
	doc, f, err := w.fetchDocument(ctx, d.Source, h, r)
	switch {
	case err != nil:
		c.Failures++
		c.LastError = errorText(err)
		c.NextDue = now.Add(Backoff(every/2, c.Failures, w.rand()))
		r.CheckFailures++
	case f.Status == http.StatusNotModified:
		c.Failures, c.LastError, c.NextDue = 0, "", now.Add(every)
		r.CheckNotModified++
	default:
		c.Failures, c.LastError, c.NextDue = 0, "", now.Add(every)
		c.ETag, c.LastModified = f.Header.Get("ETag"), f.Header.Get("Last-Modified")
		// The release keeps its source even when the page now redirects.
		doc.Source = d.Source
		if jikenbo.SHA256Hex(doc.Original) == d.SHA256 {
			break
		}
		filed, err := w.Importer.File(ctx, *doc, nil, "")
		switch {
		case err != nil:
			c.Failures++
			c.LastError = errorText(err)
			c.ETag, c.LastModified = "", "" // read it whole again next time
			r.CheckFailures++
		case filed.Filing == casebook.FiledVersion:
			vs, err := w.Store.FindVersions(ctx, d.ReleaseID)
			if err == nil {
				c.Version = len(vs)
			}
			c.ChangedAt = now
			r.Changed++
			w.log().Info("release edited at its source", "release_id", d.ReleaseID, "source_url", d.Source, "version", c.Version)
		}
	}
	if err := w.Store.SaveReleaseCheck(ctx, c); err != nil {
		w.log().Error("saving a release check", "release_id", d.ReleaseID, "err", err)
	}
}

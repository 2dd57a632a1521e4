package watch

import (
	"context"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
)

// checkOpenCases re-reads, at its source URL, every release of an ongoing
// case whose check is due. Changed bytes become the release's new version
// (re-extracted, the changed facts recorded); the check records when it
// was done, when it changed and when it is due again: daily while the case
// is young, less often as it ages (jikenbo.CheckInterval).
func (w *Watcher) checkOpenCases(ctx context.Context) (r Round, err error) {
	ongoing := jikenbo.StatusOngoing
	cases, _, err := w.Store.FindCases(ctx, jikenbo.CaseFilter{Status: &ongoing})
	if err != nil {
		return r, err
	}
	for _, c := range cases {
		if len(c.Releases) == 0 {
			continue
		}
		// The case's age is that of its newest release.
		var newest time.Time
		for _, cr := range c.Releases {
			if t := cr.Published.Time(); !cr.Published.IsZero() && t.After(newest) {
				newest = t
			}
		}
		for _, cr := range c.Releases {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			w.checkRelease(ctx, cr.ReleaseID, newest, &r)
		}
	}
	return r, nil
}

func (w *Watcher) checkRelease(ctx context.Context, id int64, newest time.Time, r *Round) {
	rel, err := w.Store.FindReleaseByID(ctx, id)
	if err != nil || !(strings.HasPrefix(rel.Source, "https://") || strings.HasPrefix(rel.Source, "http://")) {
		return
	}
	now := w.now()
	prev, err := w.Store.FindReleaseCheck(ctx, id)
	switch {
	case jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND:
		prev = &jikenbo.ReleaseCheck{ReleaseID: id}
	case err != nil:
		w.log().Error("finding a release check", "release_id", id, "err", err)
		return
	case prev.NextDue.After(now):
		return
	}
	if newest.IsZero() {
		newest = rel.ImportedAt
	}
	every := jikenbo.CheckInterval(now.Sub(newest))
	c := *prev
	c.CheckedAt = now
	r.Checked++
	doc, err := w.fetchDocument(ctx, rel.Source, r)
	if err != nil {
		c.Failures++
		c.LastError = errorText(err)
		c.NextDue = now.Add(Backoff(every/2, c.Failures, w.rand()))
		r.CheckFailures++
	} else {
		c.Failures, c.LastError, c.NextDue = 0, "", now.Add(every)
		// The release keeps its source even when the page now redirects.
		doc.Source = rel.Source
		if jikenbo.SHA256Hex(doc.Original) != rel.SHA256 {
			filed, err := w.Importer.File(ctx, *doc, nil, "")
			switch {
			case err != nil:
				c.Failures++
				c.LastError = errorText(err)
				r.CheckFailures++
			case filed.Filing == casebook.FiledVersion:
				vs, err := w.Store.FindVersions(ctx, id)
				if err == nil {
					c.Version = len(vs)
				}
				c.ChangedAt = now
				r.Changed++
				w.log().Info("release edited at its source", "release_id", id, "source_url", rel.Source, "version", c.Version)
			}
		}
	}
	if err := w.Store.SaveReleaseCheck(ctx, c); err != nil {
		w.log().Error("saving a release check", "release_id", id, "err", err)
	}
}

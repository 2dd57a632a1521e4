package watch

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/ingest"
)

// fileItems fetches, reads, classifies and files the source's new items:
// those it never listed, and those that failed fewer than MaxAttempts
// times, newest first, up to MaxItems.
func (w *Watcher) fileItems(ctx context.Context, s *jikenbo.WatchSource, links []Link) (r Round) {
	limit := w.MaxItems
	if limit <= 0 {
		limit = DefaultMaxItems
	}
	for _, l := range links {
		if r.Items >= limit || ctx.Err() != nil {
			break
		}
		it, err := w.Store.FindWatchItem(ctx, l.URL)
		switch {
		case jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND:
			it = &jikenbo.WatchItem{SourceID: s.ID, URL: l.URL, Title: l.Title, Listed: l.Date}
		case err != nil:
			w.log().Error("finding a watch item", "url", l.URL, "err", err)
			continue
		case (it.Status == jikenbo.ItemFailed || it.Status == jikenbo.ItemRobots) && it.Attempts < MaxAttempts:
			// tried again
		default:
			continue // seen
		}
		r.Items++
		w.fileItem(ctx, s, it, &r)
		if err := w.Store.SaveWatchItem(ctx, it); err != nil {
			w.log().Error("saving a watch item", "url", it.URL, "err", err)
		}
	}
	return r
}

// fileItem fetches one item and decides its status.
func (w *Watcher) fileItem(ctx context.Context, s *jikenbo.WatchSource, it *jikenbo.WatchItem, r *Round) {
	it.Attempts++
	doc, _, err := w.fetchDocument(ctx, it.URL, nil, r)
	if err != nil {
		var dis *disallowedError
		if errors.As(err, &dis) {
			it.Status, it.Error = jikenbo.ItemRobots, err.Error()
			r.Disallowed++
			return
		}
		it.Status, it.Error = jikenbo.ItemFailed, errorText(err)
		r.ItemFailures++
		return
	}
	it.FinalURL, it.SHA256, it.Error = doc.Source, jikenbo.SHA256Hex(doc.Original), ""
	if doc.Title != "" {
		it.Title = doc.Title
	}
	// The same bytes under another address (a moved page, a re-posted
	// PDF) are the release or item already found.
	if rel, err := w.Store.FindReleaseBySHA256(ctx, it.SHA256); err == nil {
		it.Status, it.ReleaseID = jikenbo.ItemKnown, rel.ID
		r.Known++
		return
	}
	if prev, err := w.Store.FindWatchItems(ctx, jikenbo.WatchItemFilter{SHA256: it.SHA256, Limit: 1}); err == nil && len(prev) > 0 && prev[0].ID != it.ID {
		it.Status, it.ReleaseID, it.Score, it.Reasons = jikenbo.ItemKnown, prev[0].ReleaseID, prev[0].Score, prev[0].Reasons
		r.Known++
		return
	}
	v := w.Classifier.Classify(it.Title, doc.Text)
	it.Score, it.Reasons = v.Score, make([]jikenbo.WatchReason, len(v.Reasons))
	for i, rs := range v.Reasons {
		it.Reasons[i] = jikenbo.WatchReason{Cue: rs.Cue, Weight: rs.Weight}
	}
	if !v.Incident {
		it.Status = jikenbo.ItemPassed
		r.Passed++
		return
	}
	filed, err := w.Importer.File(ctx, *doc, w.note(s, it), w.orgName(ctx, s.OrganizationID))
	if err != nil {
		it.Status, it.Error = jikenbo.ItemFailed, errorText(err)
		r.ItemFailures++
		return
	}
	it.ReleaseID = filed.ReleaseID
	if filed.Filing == casebook.FiledNew {
		it.Status = jikenbo.ItemDraft
		r.Drafts++
		w.log().Info("draft found", "source_url", s.URL, "url", it.URL, "release_id", filed.ReleaseID, "case", filed.CaseID, "score", v.Score)
	} else {
		it.Status = jikenbo.ItemKnown
		r.Known++
	}
}

// orgName is the name of a source's organisation, "" for none: a new
// release found there is filed under it.
func (w *Watcher) orgName(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	o, err := w.Store.FindOrganizationByID(ctx, id)
	if err != nil {
		return ""
	}
	return o.Name
}

// note is what the audit entry of a watched draft says of its finding.
func (w *Watcher) note(s *jikenbo.WatchSource, it *jikenbo.WatchItem) map[string]any {
	src := map[string]any{"url": it.URL, "found_at": w.now().UTC().Format(time.RFC3339), "score": it.Score, "reasons": it.Reasons}
	if s != nil {
		src["source_id"], src["source_url"] = s.ID, s.URL
	}
	return map[string]any{"watch": src}
}

// fetchDocument fetches and reads one release page or PDF. With
// validators in header, a 304 is an answer: no document, and the fetch
// says so.
func (w *Watcher) fetchDocument(ctx context.Context, u string, header http.Header, r *Round) (*ingest.Document, *ingest.Fetched, error) {
	f, err := w.get(ctx, u, header, r)
	if err != nil {
		return nil, nil, err
	}
	if f.Status == http.StatusNotModified {
		return nil, f, nil
	}
	rd := ingest.Reader{}
	if w.Reader != nil {
		rd = *w.Reader
	}
	res, err := rd.Read(ctx, f.URL, f.ContentType, f.Body)
	if err != nil {
		return nil, nil, err
	}
	if len(res.Documents) != 1 {
		return nil, nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: %d documents, not one release", f.URL, len(res.Documents))
	}
	d := res.Documents[0]
	if d.Encoding == "" {
		d.Encoding = ingest.UTF8
	}
	return &d, f, nil
}

func errorText(err error) string {
	if jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
		return err.Error()
	}
	return jikenbo.ErrorMessage(err)
}

// Promote makes a passed-over item a draft, as an editor asks: it is
// fetched again and filed as the watcher files an incident.
func (w *Watcher) Promote(ctx context.Context, actor string, id int64) (*jikenbo.Release, error) {
	it, err := w.Store.FindWatchItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if it.Status != jikenbo.ItemPassed {
		return nil, jikenbo.Errorf(jikenbo.ECONFLICT, "項目 %d は見送られた項目ではありません(%s)", id, it.Status)
	}
	var r Round
	doc, _, err := w.fetchDocument(ctx, it.URL, nil, &r)
	if err != nil {
		return nil, err
	}
	im := *w.Importer
	im.Actor = actor
	note := w.note(nil, it)
	note["promoted_by"] = actor
	var org int64
	if src, err := w.Store.FindWatchSourceByID(ctx, it.SourceID); err == nil {
		org = src.OrganizationID
	}
	filed, err := im.File(ctx, *doc, note, w.orgName(ctx, org))
	if err != nil {
		return nil, err
	}
	it.Status, it.ReleaseID, it.SHA256 = jikenbo.ItemPromoted, filed.ReleaseID, jikenbo.SHA256Hex(doc.Original)
	if err := w.Store.SaveWatchItem(ctx, it); err != nil {
		return nil, err
	}
	return w.Store.FindReleaseByID(ctx, filed.ReleaseID)
}

package casebook

import (
	"context"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
)

// isURL reports an http or https URL argument, which is fetched rather
// than read from disk.
func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

func (im *Importer) reader() *ingest.Reader {
	if im.Reader == nil {
		return &ingest.Reader{}
	}
	return im.Reader
}

// importURL fetches a page or PDF and imports it with the final URL (after
// redirects) as its source.
func (im *Importer) importURL(ctx context.Context, u string, sum *Summary) error {
	fetch := im.Fetch
	if fetch == nil {
		fetch = func(ctx context.Context, u string) (*ingest.Fetched, error) {
			return ingest.Fetch(ctx, u, ingest.FetchOptions{})
		}
	}
	f, err := fetch(ctx, u)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		sum.fail(u, 0, err)
		return nil
	}
	return im.importFile(ctx, f.URL, f.ContentType, f.Body, 0, 0, 0, sum)
}

// importFile imports one input's bytes: text (one release or a casebook
// page), or an HTML page, a PDF or a Blogger export through the ingest
// Reader. The kind is decided by the bytes.
func (im *Importer) importFile(ctx context.Context, name, contentType string, b []byte, size, done, total int64, sum *Summary) error {
	res, err := im.reader().Read(ctx, name, contentType, b)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		sum.fail(name, 0, err)
		im.log().Debug("import failed", "source", name, "err", err)
		return nil
	}
	if res.Kind == ingest.KindText {
		// Read checked that it is text; a casebook page is split into
		// its posts.
		return im.importText(ctx, name, b, size, done, total, sum)
	}
	for kind, n := range res.Skipped {
		if sum.Skipped == nil {
			sum.Skipped = map[string]int{}
		}
		sum.Skipped[kind] += n
	}
	for _, p := range res.Problems {
		sum.fail(name, 0, p)
		im.log().Debug("import failed", "source", name, "err", p)
	}
	for _, d := range res.Documents {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, n := range d.Notes {
			im.log().Warn("read with a change", "source", d.Source, "note", n)
		}
		in := documentRelease(d)
		if err := im.importRelease(ctx, in, sum); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if Unusable(err) {
				return stop(d.Source, err)
			}
			sum.fail(d.Source, 0, err)
			im.log().Debug("import failed", "source", d.Source, "err", err)
		}
	}
	return nil
}

// documentRelease turns a decoded document into a release to store. A
// Blogger post's title may be a casebook headline
// (【セキュリティ事件簿#2024-244】…), whose number and organisation are kept.
func documentRelease(d ingest.Document) incoming {
	in := incoming{Original: d.Original, Text: d.Text, Encoding: d.Encoding, Source: d.Source, Published: d.Published,
		Hint: link.Hint{Title: d.Title, Published: d.Published}, Versioned: true}
	if in.Encoding == "" {
		in.Encoding = ingest.UTF8 // pdftotext writes UTF-8
	}
	if posts, err := ingest.ReadText(d.Source, []byte(d.Text)); err == nil && len(posts) == 1 && posts[0].Headline.Line != "" {
		h := posts[0].Headline
		in.SourceCaseID = h.CaseID
		in.Hint.CaseID, in.Hint.Organization, in.Hint.Earlier = h.CaseID, h.Organization, posts[0].Earlier
		if h.Title != "" {
			in.Hint.Title = h.Title
		}
		if !h.Published.IsZero() {
			in.Hint.Published = h.Published
		}
	}
	for _, l := range d.Labels {
		in.Labels = append(in.Labels, jikenbo.ReleaseLabel{Name: l, Source: jikenbo.LabelImported})
	}
	return in
}

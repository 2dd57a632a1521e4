package casebook

import (
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

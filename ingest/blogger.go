package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"golang.org/x/net/html"

	"github.com/jikenbo/jikenbo"
)

// Category schemes of Blogger exports (engineering-notes §5).
const (
	bloggerKindScheme = "http://schemas.google.com/g/2005#kind"
	bloggerKindPrefix = "http://schemas.google.com/blogger/2008/kind#"
)

// jst is Japan's time zone, fixed so that no tzdata is needed.
var jst = time.FixedZone("JST", 9*60*60)

// BloggerResult is what a Blogger export or Atom feed gave.
type BloggerResult struct {
	// Posts are the live posts, in the file's order.
	Posts []Document
	// Skipped counts the entries that are not live posts, by kind:
	// "settings", "template", "comment", "page", "draft", "trashed", or
	// another kind or status in lower case.
	Skipped map[string]int
	// Problems are the entries that could not be read, each naming the
	// file, the entry's position and its id.
	Problems []error
}

// BloggerOptions configures ReadBlogger.
type BloggerOptions struct {
	// BlogURL is the blog's address (https://example.blogspot.com). A
	// Takeout feed.atom gives each post only a path
	// (<blogger:filename>/2024/03/slug.html), and its URL is BlogURL plus
	// that path; without BlogURL the feed's own alternate link is used,
	// and without either the source is FILE#/2024/03/slug.html.
	BlogURL string
}

// ReadBlogger reads a Blogger export or feed with default options.
func ReadBlogger(name string, b []byte) (*BloggerResult, error) {
	return BloggerOptions{}.Read(name, b)
}

// Read reads a Blogger export in either format: the legacy export and
// public feed (kinds as categories, drafts as app:draft), and the current
// Takeout feed.atom (blogger:type, blogger:status, blogger:filename). Any
// other Atom feed is read as a feed of posts. Only live posts become
// Documents; settings, templates, comments, pages, drafts and trashed
// posts are counted in Skipped. An entry that cannot be read, even one
// that breaks the XML, is reported in Problems and the others are still
// read. An error is returned only when no entry can be read at all.
func (o BloggerOptions) Read(name string, b []byte) (*BloggerResult, error) {
	if len(b) > MaxBloggerSize {
		return nil, invalidf(name, "the feed is %d MB, more than the %d MB limit", len(b)>>20, MaxBloggerSize>>20)
	}
	res := &BloggerResult{Skipped: map[string]int{}}
	var p atom.Parser
	feed, err := p.Parse(bytes.NewReader(b))
	var entries []*atom.Entry
	var positions []string
	if err == nil {
		entries = feed.Entries
		for i := range entries {
			positions = append(positions, fmt.Sprintf("entry %d", i+1))
		}
	} else {
		// One malformed entry makes the whole document invalid XML; parse
		// the entries one by one to keep the others.
		var header []byte
		var chunks []entryChunk
		header, chunks, feed = splitFeed(b)
		if len(chunks) == 0 {
			return nil, invalidf(name, "not a readable Atom feed: %v", err)
		}
		for i, c := range chunks {
			// An entry never closed would be read as far as it goes and
			// reported for what its missing end lacks (no URL, say).
			if c.open && c.last {
				res.Problems = append(res.Problems, invalidf(name, "entry %d (line %d)%s: truncated: the file ends inside this entry (an interrupted download or copy?)", i+1, c.line, chunkID(c.b)))
				continue
			}
			if c.open {
				res.Problems = append(res.Problems, invalidf(name, "entry %d (line %d)%s: broken XML: the entry is not closed before the next one", i+1, c.line, chunkID(c.b)))
				continue
			}
			doc := append(append(bytes.Clone(header), c.b...), "</feed>"...)
			f, perr := p.Parse(bytes.NewReader(doc))
			if perr != nil || len(f.Entries) != 1 {
				if perr == nil {
					perr = fmt.Errorf("not one entry")
				}
				// The parser's line numbers count within the entry; the
				// entry's own line in the file is given instead.
				msg := xmlLineRef.ReplaceAllString(perr.Error(), "")
				res.Problems = append(res.Problems, invalidf(name, "entry %d (line %d)%s: broken XML: %s", i+1, c.line, chunkID(c.b), msg))
				continue
			}
			entries = append(entries, f.Entries[0])
			positions = append(positions, fmt.Sprintf("entry %d (line %d)", i+1, c.line))
		}
	}
	base := strings.TrimSuffix(o.BlogURL, "/")
	if base == "" && feed != nil {
		for _, l := range feed.Links {
			if l.Rel == "alternate" || l.Rel == "" {
				if u, err := url.Parse(l.Href); err == nil && u.Scheme != "" {
					base = strings.TrimSuffix(u.Scheme+"://"+u.Host, "/")
					break
				}
			}
		}
	}
	for i, e := range entries {
		if kind := skipKind(e); kind != "" {
			res.Skipped[kind]++
			continue
		}
		d, err := bloggerPost(name, base, e)
		if err != nil {
			id := ""
			if e.ID != "" {
				id = ", id " + e.ID
			}
			res.Problems = append(res.Problems, invalidf(name, "%s%s: %v", positions[i], id, err))
			continue
		}
		res.Posts = append(res.Posts, d)
	}
	switch {
	case len(entries) == 0 && len(res.Problems) > 0:
		return nil, invalidf(name, "not a readable Atom feed: no entry could be read (%v)", err)
	case len(entries) == 0:
		return nil, invalidf(name, "the feed has no entries")
	}
	return res, nil
}

// skipKind says why an entry is not a live post ("" for a live post).
func skipKind(e *atom.Entry) string {
	for _, c := range e.Categories {
		if c.Scheme == bloggerKindScheme && strings.HasPrefix(c.Term, bloggerKindPrefix) {
			if k := strings.TrimPrefix(c.Term, bloggerKindPrefix); k != "post" {
				return strings.ToLower(k)
			}
		}
	}
	if t := extValue(e.Extensions, "type"); t != "" && !strings.EqualFold(t, "POST") {
		return strings.ToLower(t)
	}
	if extValue(e.Extensions, "trashed") != "" {
		return "trashed"
	}
	if s := extValue(e.Extensions, "status"); s != "" && !strings.EqualFold(s, "LIVE") {
		if strings.EqualFold(s, "DRAFT") {
			return "draft"
		}
		if strings.Contains(strings.ToUpper(s), "TRASH") {
			return "trashed"
		}
		return strings.ToLower(s)
	}
	if d := extChild(e.Extensions, "control", "draft"); strings.EqualFold(d, "yes") {
		return "draft"
	}
	return ""
}

// extValue finds an extension element by local name whatever prefix the
// file bound its namespace to (blogger:, ns1:, …).
func extValue(x ext.Extensions, local string) string {
	for _, byName := range x {
		for _, e := range byName[local] {
			if v := strings.TrimSpace(e.Value); v != "" {
				return v
			}
		}
	}
	return ""
}

func extChild(x ext.Extensions, local, child string) string {
	for _, byName := range x {
		for _, e := range byName[local] {
			for _, c := range e.Children[child] {
				if v := strings.TrimSpace(c.Value); v != "" {
					return v
				}
			}
		}
	}
	return ""
}

// bloggerPost turns a live post into a Document.
func bloggerPost(name, base string, e *atom.Entry) (Document, error) {
	src := ""
	for _, l := range e.Links {
		if l.Rel == "alternate" && l.Href != "" {
			src = l.Href
			break
		}
	}
	if src == "" {
		if fn := extValue(e.Extensions, "filename"); fn != "" {
			if !strings.HasPrefix(fn, "/") {
				fn = "/" + fn
			}
			if base != "" {
				src = base + fn
			} else {
				src = name + "#" + fn
			}
		}
	}
	if src == "" {
		return Document{}, fmt.Errorf("the post has no URL (no alternate link and no blogger:filename)")
	}
	var published time.Time
	stamp := e.Published
	if stamp == "" {
		stamp = extValue(e.Extensions, "created")
	}
	if stamp == "" {
		return Document{}, fmt.Errorf("the post %s has no published date", src)
	}
	// Parsed here rather than taken from gofeed, which converts to UTC
	// and would move a post published early on a Japanese morning to the
	// day before.
	published, err := time.Parse(time.RFC3339, strings.TrimSpace(stamp))
	if err != nil {
		return Document{}, fmt.Errorf("the post %s has an unreadable published date %q", src, stamp)
	}
	var updated time.Time
	if e.Updated != "" {
		updated, _ = time.Parse(time.RFC3339, strings.TrimSpace(e.Updated))
	}
	// Takeout writes times in UTC; the day of a Japanese casebook's post
	// is the day in Japan.
	if _, off := published.Zone(); off == 0 {
		published = published.In(jst)
	}
	content := ""
	if e.Content != nil {
		content = e.Content.Value
	} else {
		content = e.Summary
	}
	// Titles in Takeout files can be escaped twice (&amp;#39;).
	title := oneLine(html.UnescapeString(e.Title))
	body := ""
	if root, err := html.Parse(strings.NewReader(content)); err == nil {
		// The content is the post itself, without page chrome: it is
		// rendered whole rather than through readability, which would drop
		// a short post.
		body = htmlText(root)
	}
	if strings.TrimSpace(body) == "" && title == "" {
		return Document{}, fmt.Errorf("the post %s has neither title nor text", src)
	}
	// The casebook headline (【セキュリティ事件簿#2024-244】…) is the post's
	// title; it heads the text so that the extractor reads its number.
	text := withTitle(title, body)
	if title == "" {
		title = firstLine(body)
	}
	var labels []string
	seen := map[string]bool{}
	// Labels: every category but the kind. The legacy format's scheme is
	// http://www.blogger.com/atom/ns#; Takeout's is tag:blogger.com,1999:blog-ID.
	for _, c := range e.Categories {
		if c.Scheme == bloggerKindScheme || strings.TrimSpace(c.Term) == "" {
			continue
		}
		if t := strings.TrimSpace(c.Term); !seen[t] {
			seen[t] = true
			labels = append(labels, t)
		}
	}
	return Document{Source: src, ContentType: TypeHTML + "; charset=utf-8", Original: []byte(content), Encoding: UTF8,
		Title: title, Text: text, Published: jikenbo.DateOf(published), PublishedAt: published, UpdatedAt: updated,
		URL: src, Labels: labels, ID: e.ID}, nil
}

// entryChunk is one <entry>…</entry> of a feed that is not valid XML as
// a whole, with the line it starts on. open says no </entry> closes it;
// last that it is the feed's last entry.
type entryChunk struct {
	b          []byte
	line       int
	open, last bool
}

var (
	entryStart = regexp.MustCompile(`<entry[\s>]`)
	entryEnd   = []byte("</entry>")
	entryID    = regexp.MustCompile(`<id>([^<]{1,200})</id>`)
	xmlLineRef = regexp.MustCompile(` on line \d+`)
)

// splitFeed cuts a feed into its header (everything before the first
// entry, which declares the namespaces) and its entries. Blogger escapes
// the HTML of posts, so "<entry" occurs only as a tag. The header's feed
// is parsed too, for the blog's link.
func splitFeed(b []byte) ([]byte, []entryChunk, *atom.Feed) {
	locs := entryStart.FindAllIndex(b, -1)
	if len(locs) == 0 {
		return nil, nil, nil
	}
	header := b[:locs[0][0]]
	var chunks []entryChunk
	for i, loc := range locs {
		end := len(b)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		chunk := b[loc[0]:end]
		open := true
		if j := bytes.LastIndex(chunk, entryEnd); j >= 0 {
			chunk, open = chunk[:j+len(entryEnd)], false
		}
		chunks = append(chunks, entryChunk{b: chunk, line: 1 + bytes.Count(b[:loc[0]], []byte("\n")), open: open, last: i+1 == len(locs)})
	}
	var p atom.Parser
	feed, _ := p.Parse(bytes.NewReader(append(bytes.Clone(header), "</feed>"...)))
	return header, chunks, feed
}

func chunkID(b []byte) string {
	if m := entryID.FindSubmatch(b); m != nil {
		return ", id " + string(m[1])
	}
	return ""
}

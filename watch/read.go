// Package watch polls the sources the casebook watches (organisations'
// feeds, news lists and sitemaps) and the source pages of ongoing cases'
// releases, politely: robots.txt obeyed, conditional GETs, one request at
// a time per host with a minimum gap, exponential backoff with jitter for
// failing sources. Each new item is fetched, read, classified and, when it
// is an incident notice, filed as a draft through the importer; the
// others are kept as passed-over items. Nothing fetched is dropped.
package watch

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
)

// Link is one entry a source lists.
type Link struct {
	URL   string
	Title string
	// Date is the date listed with it (zero when none).
	Date time.Time
	// Sitemap marks a child sitemap of a sitemap index.
	Sitemap bool
}

// ReadList reads the entries a source lists, resolved against base (the
// URL the list was fetched from), newest first where dates are given.
func ReadList(kind jikenbo.WatchKind, base, contentType string, b []byte) ([]Link, error) {
	var links []Link
	var err error
	switch kind {
	case jikenbo.WatchFeed:
		links, err = readFeed(b)
	case jikenbo.WatchPage:
		links, err = readPage(contentType, b)
	case jikenbo.WatchSitemap:
		links, err = readSitemap(b)
	default:
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "unknown kind %q", kind)
	}
	if err != nil {
		return nil, err
	}
	bu, err := url.Parse(base)
	if err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: %v", base, err)
	}
	seen := map[string]bool{}
	out := links[:0]
	for _, l := range links {
		u, err := bu.Parse(strings.TrimSpace(l.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment = ""
		l.URL = u.String()
		if seen[l.URL] {
			continue
		}
		seen[l.URL] = true
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b Link) int { return b.Date.Compare(a.Date) })
	return out, nil
}

func readFeed(b []byte) ([]Link, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "not an RSS or Atom feed: %v", err)
	}
	var out []Link
	for _, it := range f.Items {
		l := Link{URL: it.Link, Title: strings.TrimSpace(it.Title)}
		if l.URL == "" && len(it.Links) > 0 {
			l.URL = it.Links[0]
		}
		switch {
		case it.PublishedParsed != nil:
			l.Date = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			l.Date = *it.UpdatedParsed
		}
		if l.URL != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// skipped are the parts of a page that are not its list: menus, headers,
// footers, side bars, scripts and forms.
var skipped = map[atom.Atom]bool{atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Script: true,
	atom.Style: true, atom.Form: true, atom.Noscript: true, atom.Template: true, atom.Select: true}

// chromeWords mark the class or id of a menu, breadcrumb or footer in pages
// written without HTML5 elements.
var chromeWords = []string{"nav", "menu", "breadcrumb", "footer", "header", "sidebar", "gnav", "pankuzu", "topicpath", "sitemap", "pagetop"}

// readPage reads an HTML news list: the links of its main part with
// their text and the date written beside each. When several links have
// dates, the undated ones (menus the markup did not mark, "more" links)
// are left out.
func readPage(contentType string, b []byte) ([]Link, error) {
	text, _ := ingest.DecodeHTML(contentType, b)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "not an HTML page: %v", err)
	}
	var links []Link
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skipped[n.DataAtom] || isChrome(n) {
				return
			}
			if n.DataAtom == atom.A {
				if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") && !strings.HasPrefix(strings.ToLower(href), "javascript:") &&
					!strings.HasPrefix(strings.ToLower(href), "mailto:") {
					title := oneLine(nodeText(n))
					if title == "" {
						title = attr(n, "title")
					}
					d := ingest.ParseTextDate(title)
					if d.IsZero() {
						d = dateNear(n)
					}
					links = append(links, Link{URL: href, Title: title, Date: dateTime(d)})
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	dated := 0
	for _, l := range links {
		if !l.Date.IsZero() {
			dated++
		}
	}
	out := links[:0]
	for _, l := range links {
		if dated >= 2 && l.Date.IsZero() {
			continue
		}
		if utf8.RuneCountInString(l.Title) < 4 { // 一覧, 戻る, PDF, >>
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

func isChrome(n *html.Node) bool {
	if r := attr(n, "role"); r == "navigation" || r == "banner" || r == "contentinfo" {
		return true
	}
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		if slices.Contains(chromeWords, f) {
			return true
		}
	}
	return false
}

// dateNear is the date written in the list entry holding the link: its
// nearest li, tr, dd/dt pair or block whose text has a date.
func dateNear(a *html.Node) jikenbo.Date {
	for n, depth := a.Parent, 0; n != nil && depth < 4; n, depth = n.Parent, depth+1 {
		if n.Type != html.ElementNode {
			continue
		}
		if d := ingest.ParseTextDate(nodeText(n)); !d.IsZero() && countLinks(n) == 1 {
			return d
		}
		// A dd's date is in the dt before it.
		if n.DataAtom == atom.Dd {
			for p := n.PrevSibling; p != nil; p = p.PrevSibling {
				if p.Type == html.ElementNode && p.DataAtom == atom.Dt {
					return ingest.ParseTextDate(nodeText(p))
				}
			}
		}
		if n.DataAtom == atom.Li || n.DataAtom == atom.Tr || n.DataAtom == atom.Ul || n.DataAtom == atom.Table {
			break
		}
	}
	return jikenbo.Date{}
}

func countLinks(n *html.Node) int {
	c := 0
	if n.Type == html.ElementNode && n.DataAtom == atom.A {
		return 1
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c += countLinks(k)
	}
	return c
}

func dateTime(d jikenbo.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Time()
}

func nodeText(n *html.Node) string {
	var sb strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return sb.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// sitemapXML is a urlset or a sitemapindex.
type sitemapXML struct {
	XMLName  xml.Name
	URLs     []sitemapEntry `xml:"url"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

func readSitemap(b []byte) ([]Link, error) {
	var sm sitemapXML
	if err := xml.Unmarshal(b, &sm); err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "not a sitemap: %v", err)
	}
	if sm.XMLName.Local != "urlset" && sm.XMLName.Local != "sitemapindex" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "not a sitemap: the root element is <%s>", sm.XMLName.Local)
	}
	var out []Link
	for _, e := range sm.URLs {
		out = append(out, Link{URL: e.Loc, Date: lastmod(e.LastMod)})
	}
	for _, e := range sm.Sitemaps {
		out = append(out, Link{URL: e.Loc, Date: lastmod(e.LastMod), Sitemap: true})
	}
	return out, nil
}

// lastmod reads W3C datetime: a day, or a time with a zone.
func lastmod(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// describe names a link for logs and errors.
func (l Link) String() string { return fmt.Sprintf("%s (%s)", l.URL, l.Title) }

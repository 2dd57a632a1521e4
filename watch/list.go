package watch

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// ParseSources reads a list of sources to watch: an OPML file (the
// subscription lists feed readers export: every outline with an xmlUrl
// is a feed) or a plain list, one source a line as
// "URL [feed|page|sitemap] [INTERVAL]" with # comments. A line that is
// not a source is an error naming the file and line; nothing is returned
// then, so an import adds all or nothing.
func ParseSources(name string, b []byte) ([]*jikenbo.WatchSource, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))
	if bytes.HasPrefix(trimmed, []byte("<")) {
		return parseOPML(name, trimmed)
	}
	var out []*jikenbo.WatchSource
	for i, line := range strings.Split(string(trimmed), "\n") {
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		s := &jikenbo.WatchSource{URL: f[0], Kind: jikenbo.GuessWatchKind(f[0]), Every: jikenbo.DefaultWatchEvery}
		for _, w := range f[1:] {
			if k := jikenbo.WatchKind(w); k.Valid() {
				s.Kind = k
				continue
			}
			d, err := time.ParseDuration(w)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q is neither a kind (feed, page, sitemap) nor an interval (1h)", name, i+1, w)
			}
			s.Every = d
		}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("%s:%d: %s", name, i+1, jikenbo.ErrorMessage(err))
		}
		out = append(out, s)
	}
	return out, nil
}

type opmlOutline struct {
	Type     string        `xml:"type,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	HTMLURL  string        `xml:"htmlUrl,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

func parseOPML(name string, b []byte) ([]*jikenbo.WatchSource, error) {
	var doc struct {
		XMLName xml.Name
		Body    struct {
			Outlines []opmlOutline `xml:"outline"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: not OPML: %v", name, err)
	}
	if doc.XMLName.Local != "opml" {
		return nil, fmt.Errorf("%s: not OPML: the root element is <%s>", name, doc.XMLName.Local)
	}
	var out []*jikenbo.WatchSource
	var walk func([]opmlOutline) error
	walk = func(os []opmlOutline) error {
		for _, o := range os {
			if o.XMLURL != "" {
				s := &jikenbo.WatchSource{URL: strings.TrimSpace(o.XMLURL), Kind: jikenbo.WatchFeed, Every: jikenbo.DefaultWatchEvery}
				if err := s.Validate(); err != nil {
					return fmt.Errorf("%s: outline %q: %s", name, o.XMLURL, jikenbo.ErrorMessage(err))
				}
				out = append(out, s)
			}
			if err := walk(o.Outlines); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Body.Outlines); err != nil {
		return nil, err
	}
	return out, nil
}

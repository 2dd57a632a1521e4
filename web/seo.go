package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/jikenbo/jikenbo"
)

// robots.txt and sitemap.xml: what search engines may read, and the
// public pages they should. The sitemap lists only what a reader can open
// without signing in (the store's public queries never return a draft),
// and no page of a list after its first, no search and no original bytes.

func (s *Server) registerSEORoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /robots.txt", s.html(s.handleRobots))
	mux.HandleFunc("GET /sitemap.xml", s.html(s.handleSitemap))
}

// robotsTxt keeps crawlers off the desk, the login, the API (the same
// facts as the pages, as data), the archived original bytes and search
// results (endless parameter combinations; the pages carry noindex too).
const robotsTxt = `User-agent: *
Disallow: /desk
Disallow: /login
Disallow: /logout
Disallow: /api/
Disallow: /search?
Disallow: /releases/*/original
Allow: /

Sitemap: %s
`

func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	fmt.Fprintf(w, robotsTxt, s.abs("/sitemap.xml"))
	return nil
}

// maxSitemapURLs is the sitemap protocol's limit for one file.
const maxSitemapURLs = 50000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.shared(ctx)
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	add := func(path, lastmod string) bool {
		if len(set.URLs) >= maxSitemapURLs {
			return false
		}
		set.URLs = append(set.URLs, sitemapURL{s.abs(path), lastmod})
		return true
	}
	for _, p := range []string{"/", "/about", "/labels", "/stats", "/watch", "/search"} {
		add(p, "")
	}
	for _, y := range d.archive {
		add(y.URL, "")
		for _, m := range y.Months {
			add(m.URL, "")
		}
	}
	for _, l := range d.labels {
		add(labelPath(l.Name), "")
	}
	orgs := map[int64]bool{}
	for cursor := ""; ; {
		res, err := s.store.FindCaseSummaries(ctx, jikenbo.CaseQuery{Cursor: cursor, Limit: 200, NoTotal: true})
		if err != nil {
			return err
		}
		for _, c := range res.Cases {
			add(casePath(c.ID), isoDate(c.Facts.LastPublished))
			for _, o := range c.Organizations {
				orgs[o.OrganizationID] = true
			}
		}
		if cursor = res.Next; cursor == "" {
			break
		}
	}
	for cursor := ""; ; {
		res, err := s.store.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Cursor: cursor, Limit: 200, NoTotal: true})
		if err != nil {
			return err
		}
		for _, rs := range res.Releases {
			add(releasePath(rs.ID), isoDate(rs.Date))
			if rs.OrganizationID != 0 {
				orgs[rs.OrganizationID] = true
			}
		}
		if cursor = res.Next; cursor == "" || len(set.URLs) >= maxSitemapURLs {
			break
		}
	}
	for _, id := range slices.Sorted(maps.Keys(orgs)) {
		add(orgPath(id), "")
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}

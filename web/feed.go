package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerFeedRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /feed.atom", s.html(s.handleFeed))
	mux.HandleFunc("GET /labels/{name}/feed.atom", s.html(s.handleLabelFeed))
	mux.HandleFunc("GET /orgs/{id}/feed.atom", s.html(s.handleOrgFeed))
	mux.HandleFunc("GET /search/feed.atom", s.html(s.handleSearchFeed))
}

// Atom (RFC 4287) written with encoding/xml: the feed libraries at hand
// cannot write a category's term, scheme and label
// (engineering-notes §5).

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// feedEntries is how many releases a feed carries.
const feedEntries = 30

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeFeed renders the releases of q as a feed at path.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, path, title, alternate string, q jikenbo.ReleaseQuery, d *derived) error {
	q.Limit, q.Cursor = feedEntries, ""
	res, err := s.store.FindReleaseSummaries(r.Context(), q)
	if err != nil {
		return err
	}
	f := atomFeed{
		Lang: "ja", ID: s.abs(path), Title: title + " | " + s.siteName,
		Subtitle: "日本の組織が公表したセキュリティ事件の公表文",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.abs(path)},
			{Rel: "alternate", Type: "text/html", Href: s.abs(alternate)}},
		Author: atomPerson{Name: s.siteName, URI: s.abs("/")}, Generator: "jikenbo",
	}
	updated := d.version.Changed
	if updated.IsZero() {
		updated = s.started
	}
	f.Updated = atomTime(updated)
	ids := make([]int64, 0, len(res.Releases))
	for _, rs := range res.Releases {
		ids = append(ids, rs.ID)
	}
	texts, err := s.releaseTexts(r, ids)
	if err != nil {
		return err
	}
	for _, rs := range res.Releases {
		e := atomEntry{ID: s.abs(releasePath(rs.ID)), Title: headline(rs), Updated: atomTime(rs.ImportedAt),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: s.abs(releasePath(rs.ID))}},
			Summary: atomText{Type: "text", Body: strings.Join(factLine(rs.Facts), "、")},
			Content: atomText{Type: "text", Body: texts[rs.ID]}}
		if !rs.Date.IsZero() {
			e.Published = time.Date(rs.Date.Year, time.Month(rs.Date.Month), rs.Date.Day, 0, 0, 0, 0, jst).Format(time.RFC3339)
		}
		if org := orgName(rs); org != "" {
			e.Author = &atomPerson{Name: org}
			if rs.OrganizationID != 0 {
				e.Author.URI = s.abs(orgPath(rs.OrganizationID))
			}
		}
		if rs.CaseID != "" {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: s.abs(casePath(rs.CaseID))})
		}
		for _, l := range rs.Labels {
			e.Categories = append(e.Categories, atomCategory{Term: l, Scheme: s.abs("/labels/"), Label: l})
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}

// releaseTexts loads the text of the feed's releases (lists leave it
// out).
func (s *Server) releaseTexts(r *http.Request, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		rel, err := s.store.FindPublicRelease(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out[id] = rel.Text
	}
	return out, nil
}

func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	return s.writeFeed(w, r, "/feed.atom", "すべての公表", "/", jikenbo.ReleaseQuery{}, d)
}

func (s *Server) handleLabelFeed(w http.ResponseWriter, r *http.Request) error {
	name, err := labelName(r.PathValue("name"))
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if !slicesContainsLabel(d.labels, name) {
		return s.redirectRenamedLabel(w, r, name, labelFeedPath)
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	return s.writeFeed(w, r, labelFeedPath(name), "ラベル「"+name+"」", labelPath(name), jikenbo.ReleaseQuery{Label: name}, d)
}

func slicesContainsLabel(ls []*jikenbo.Label, name string) bool {
	for _, l := range ls {
		if l.Name == name {
			return true
		}
	}
	return false
}

func (s *Server) handleOrgFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "組織")
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	o, err := s.store.FindPublicOrganization(r.Context(), id)
	if err != nil {
		return pageNotFound(err, "組織")
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	// A contractor's feed has its clients' releases about it too.
	return s.writeFeed(w, r, orgPath(id)+"/feed.atom", o.Name, orgPath(id), jikenbo.ReleaseQuery{OrganizationID: id, AsContractor: true}, d)
}

func (s *Server) handleSearchFeed(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	q, err := p.releaseQuery()
	if err != nil {
		return err
	}
	if strings.TrimSpace(q.Q) == "" {
		return jikenbo.Errorf(jikenbo.EINVALID, "検索フィードには q が必要です")
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	// The feed's own URL is rebuilt from the parameters it understands.
	v := url.Values{}
	for _, k := range append([]string{"q"}, filterKeys...) {
		if s := p.str(k); s != "" {
			v.Set(k, s)
		}
	}
	return s.writeFeed(w, r, "/search/feed.atom?"+v.Encode(), "「"+q.Q+"」の検索結果", "/search?"+v.Encode(), q, d)
}

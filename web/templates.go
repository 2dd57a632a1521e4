package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
)

//go:embed all:templates
var templateFS embed.FS

// pageNames is the table of pages: each is templates/NAME.html executed
// inside layout.html with every partial (_*.html). A template file that
// is neither a partial, the layout nor listed here fails start-up, so a
// page cannot be added and forgotten.
var pageNames = []string{
	"home", "release", "case", "labels", "label", "archive", "org", "search", "stats", "report", "watch", "error",
	"login", "desk", "desk_release", "desk_case", "desk_labels", "desk_sources", "desk_webhooks", "desk_houjin", "about",
}

type templates struct {
	pages map[string]*template.Template
	// hash identifies this build's templates and static files; it is
	// part of every ETag.
	hash string
}

func parseTemplates(funcs template.FuncMap) (*templates, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	var partials []string
	for _, e := range entries {
		name := e.Name()
		b, err := fs.ReadFile(templateFS, "templates/"+name)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%s\x00", name, b)
		base := strings.TrimSuffix(name, ".html")
		switch {
		case path.Ext(name) != ".html":
			return nil, fmt.Errorf("web: templates/%s: only .html files belong there", name)
		case strings.HasPrefix(name, "_"):
			partials = append(partials, "templates/"+name)
		case name == "layout.html":
		case !slices.Contains(pageNames, base):
			return nil, fmt.Errorf("web: templates/%s is not in the page table (pageNames)", name)
		}
	}
	h.Write(staticHash())
	t := &templates{pages: map[string]*template.Template{}, hash: hex.EncodeToString(h.Sum(nil))[:12]}
	for _, name := range pageNames {
		files := append([]string{"templates/layout.html"}, partials...)
		files = append(files, "templates/"+name+".html")
		tt, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("web: parse page %s: %w", name, err)
		}
		t.pages[name] = tt
	}
	return t, nil
}

// archiveHTML renders the archive column's list of years and months,
// the same on every page of a version: once per version instead of on
// every request (a hundred months and more, each with its count).
func (t *templates) archiveHTML(archive []archiveYear) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.pages["home"].ExecuteTemplate(&buf, "archive-list", archive); err != nil {
		return "", fmt.Errorf("render the archive list: %w", err)
	}
	return template.HTML(buf.String()), nil
}

// page is what every page shows around its content.
type page struct {
	// Title is the page's own title; the layout adds the site's name.
	Title       string
	Description string
	// Canonical is the page's absolute URL without tracking noise; the
	// request path when left empty.
	Canonical string
	NoIndex   bool
	// Article makes the page an og:type article; Published is its
	// article:published_time (ISO date), left out when unknown.
	Article   bool
	Published string
	Feed      *feedLink
	// Query fills the search box.
	Query  string
	Chrome chrome
	// d is the per-version data the handler already fetched, so that
	// rendering does not ask the store again.
	d *derived
}

type feedLink struct {
	URL, Title string
}

// chrome is the site-wide part of a page.
type chrome struct {
	Site    string
	CSS     string
	Icon    string
	Archive []archiveYear
	// ArchiveHTML is Archive's list, rendered once per version.
	ArchiveHTML template.HTML
	Sample      bool
	// SampleURL is the sample label's page.
	SampleURL string
	// Desk is set on the editors' pages: a workspace without the
	// reader's archive column.
	Desk bool
	Base string
}

func (p *page) base() *page { return p }

// pageData is any page struct (which embeds page).
type pageData interface{ base() *page }

// render executes a page into a buffer and writes it only when it
// rendered completely, so a template error becomes an error page, not half
// a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) error {
	p := data.base()
	p.Chrome = chrome{Site: s.siteName, CSS: s.static.url("app.css"), Icon: s.static.url("icon.svg"), Base: s.base.String(),
		Desk: strings.HasPrefix(name, "desk")}
	d := p.d
	if d == nil {
		var err error
		if d, err = s.shared(r.Context()); err != nil && status < 500 {
			return err
		}
	}
	if d != nil {
		p.Chrome.Archive, p.Chrome.ArchiveHTML, p.Chrome.Sample = d.archive, d.archiveHTML, d.sample
		if d.sample {
			p.Chrome.SampleURL = labelPath(s.sample)
		}
	}
	if p.Canonical == "" {
		p.Canonical = s.abs(r.URL.EscapedPath())
	}
	t := s.pages.pages[name]
	if t == nil {
		return fmt.Errorf("web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

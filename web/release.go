package web

import (
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerReleaseRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.html(s.handleHome))
	mux.HandleFunc("GET /releases/{id}", s.html(s.handleRelease))
}

// listPage is a page listing releases, newest first.
type listPage struct {
	page
	Heading  string
	Releases []releaseItem
	Total    int
	Pager    *pager
	// Paged is set on pages after the first.
	Paged bool
	// Band is the home page's figures (first page only).
	Band *homeBand
	// Report links a year's report (the archive of a year).
	Report string
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	cursor, n, err := listPosition(p)
	if err != nil {
		return err
	}
	// The archive's sum would leave out the releases without a 公表日,
	// which are in no month: count them all.
	res, err := s.findReleasePage(r.Context(), d, jikenbo.ReleaseQuery{Cursor: cursor, Limit: pageSize})
	if err != nil {
		return err
	}
	lp := &listPage{Releases: releaseItems(res.Releases), Total: res.Total, Paged: cursor != ""}
	if lp.Pager, err = newPager("/", nil, n, pageSize, len(res.Releases), res.Total, res.Next,
		s.releaseCursors(r.Context(), jikenbo.ReleaseQuery{})); err != nil {
		return err
	}
	if !lp.Paged {
		if lp.Band, err = s.homeBand(r.Context(), d); err != nil {
			return err
		}
	}
	lp.page = page{Title: "最新の公表", Description: "日本の組織が公表したセキュリティ事件(情報漏えい、ランサムウェア、誤送信、紛失など)の公表文を、事件番号・分類・被害人数とともに新しい順に掲載しています。",
		Feed: &feedLink{"/feed.atom", "すべての公表"}, d: d}
	if cursor != "" {
		lp.Canonical = s.abs(pageLink("/", nil, cursor, n))
		lp.NoIndex = true
	}
	return s.render(w, r, http.StatusOK, "home", lp)
}

// releasePage shows a release's archived text with its facts.
type releasePage struct {
	page
	Headline string
	Release  *jikenbo.Release
	Date     string
	// DateISO is the datetime of Date, "" when the 公表日 is unknown.
	DateISO  string
	Org      *jikenbo.Organization
	Case     *jikenbo.Case
	Stage    string
	Facts    []factRow
	Segments []segment
	// Cut is set when the text is longer than a page shows: the page
	// shows its first TextShown bytes and links the whole original.
	Cut       bool
	TextShown string
	Labels    []labelLink
	// SourceURL is set when the source is a web address; SourceName is
	// what is shown otherwise (a file's name, never the server's path).
	SourceURL, SourceName string
	// Original links the archived bytes of the latest version; Versions
	// lists every version when there are several.
	Original   string
	Versions   []versionLink
	Imported   string
	Overridden []string
	// Sources are the other places the same release was read from.
	Sources []sourceItem
}

// sourceItem is another source of a release.
type sourceItem struct {
	URL, Name, Imported, Similarity string
}

// factRow is one field of the facts with links to its evidence. Low is
// set when the extractor marked the field low confidence: the editor
// should check it.
type factRow struct {
	Field, Name, Value string
	Evidence           []evidenceLink
	Overridden         bool
	Low                bool
}

type evidenceLink struct {
	N      int
	Anchor string
}

func (s *Server) handleRelease(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	d, err := s.shared(r.Context())
	if err != nil {
		return err
	}
	// The size of the latest original tells a large release before it
	// is loaded: a few of those are rendered at a time.
	heads, err := s.store.FindVersionHeads(r.Context(), id)
	if err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return err
	}
	if v := jikenbo.LatestVersion(heads); v != nil && v.Size > largeRelease {
		select {
		case s.largePages <- struct{}{}:
			defer func() { <-s.largePages }()
		case <-r.Context().Done():
			return r.Context().Err()
		}
	}
	rel, err := s.store.FindPublicReleaseHead(r.Context(), id, pageTextLimit+1)
	if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
		// A release merged into the one it duplicated lives there now
		// (when that one is public).
		if to, rerr := s.store.FindReleaseRedirect(r.Context(), id); rerr == nil {
			if _, perr := s.store.FindPublicRelease(r.Context(), to); perr == nil {
				permanentRedirect(w, r, releasePath(to), http.StatusMovedPermanently)
				return nil
			}
		}
	}
	if err != nil {
		return s.goneRelease(r.Context(), id, pageNotFound(err, "公表"), deletedReleaseMessage)
	}
	if s.fresh(w, r, d.version, "") {
		return nil
	}
	f := rel.Facts()
	text, cut := pageText(rel.Text)
	shown := f
	if cut {
		// Evidence past the cut has no mark to link to.
		shown.Evidence = slices.Clone(f.Evidence)
		for i, e := range shown.Evidence {
			if e.End > len(text) {
				shown.Evidence[i].Start, shown.Evidence[i].End = 0, 0
			}
		}
	}
	rp := &releasePage{Release: rel, Segments: evidenceSegments(text, shown.Evidence), Stage: stageName(rel.Stage),
		Imported: rel.ImportedAt.In(jst).Format("2006/01/02 15:04"), Cut: cut}
	if cut {
		rp.TextShown = "最初の " + num(len(text)/1024) + " KB"
	}
	if rel.OrganizationID != 0 {
		if rp.Org, err = s.store.FindPublicOrganization(r.Context(), rel.OrganizationID); err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
			return err
		}
	}
	if rel.CaseID != "" {
		if rp.Case, err = s.store.FindPublicCase(r.Context(), rel.CaseID); err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
			return err
		}
	}
	sum := &jikenbo.ReleaseSummary{ID: rel.ID, CaseID: rel.CaseID, SourceCaseID: rel.SourceCaseID, Facts: f}
	if rp.Org != nil {
		sum.OrganizationName = rp.Org.Name
	}
	rp.Headline = headline(sum)
	rp.Date, rp.DateISO = jaDate(f.Published), isoDate(f.Published)
	if f.Published.IsZero() {
		rp.Date = "公表日不明(本文に日付がありません)"
	}
	rp.Facts = factRows(shown, rel.Overrides)
	for _, o := range rel.Overrides {
		rp.Overridden = append(rp.Overridden, fieldName(o.Field))
	}
	seen := map[string]bool{}
	for _, l := range rel.Labels {
		if !seen[l.Name] {
			seen[l.Name] = true
			rp.Labels = append(rp.Labels, labelLink{l.Name, labelPath(l.Name)})
		}
	}
	rp.SourceURL, rp.SourceName = sourceLink(rel.Source)
	rp.Original = "/releases/" + strconv.FormatInt(rel.ID, 10) + "/original"
	if len(heads) > 1 {
		rp.Versions = versionLinks(rel.ID, heads, jst)
	}
	srcs, err := s.store.FindReleaseSources(r.Context(), rel.ID)
	if err != nil {
		return err
	}
	for _, x := range srcs {
		it := sourceItem{Imported: x.ImportedAt.In(jst).Format("2006/01/02 15:04"), Similarity: strconv.Itoa(int(x.Similarity*100+0.5)) + "%"}
		it.URL, it.Name = sourceLink(x.Source)
		rp.Sources = append(rp.Sources, it)
	}
	desc := strings.Join(factLine(f), "、")
	if desc != "" {
		desc += "。"
	}
	rp.page = page{Title: rp.Headline, Description: desc + excerpt(rel.Text, 90), d: d, Article: true, Published: isoDate(f.Published)}
	return s.render(w, r, http.StatusOK, "release", rp)
}

// pageTextLimit is how much of a release's text its page shows: the
// longest releases in the corpus are well under it, and a 19 MB text
// would be a page no browser wants. The original has the rest.
const pageTextLimit = 256 << 10

// largeRelease is the size of an original from which its page counts as
// large, and largePageSlots how many large pages are rendered at once.
const (
	largeRelease   = 1 << 20
	largePageSlots = 2
)

// pageText returns the part of text a release page shows, cut at a line
// end (or a character) before pageTextLimit, and whether it was cut.
func pageText(text string) (string, bool) {
	if len(text) <= pageTextLimit {
		return text, false
	}
	cut := pageTextLimit
	if i := strings.LastIndexByte(text[:cut], '\n'); i > cut/2 {
		return text[:i+1], true
	}
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut], true
}

// sourceLink returns a web source as a link, and a file source as its
// base name: where the casebook file was read from on the server is
// nobody's business.
func sourceLink(src string) (link, name string) {
	if u, err := url.Parse(src); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.String(), src
	}
	file, post, _ := strings.Cut(src, "#")
	name = path.Base(strings.ReplaceAll(file, "\\", "/"))
	if post != "" {
		name += " (" + post + "件目の投稿)"
	}
	return "", name
}

// excerpt is the first n characters of text on one line.
func excerpt(text string, n int) string {
	// n characters are at most 4n bytes, and spaces folded away are
	// few: the start of the text is enough, whatever its length.
	if limit := 64 * n; len(text) > limit {
		for limit > 0 && !utf8.RuneStart(text[limit]) {
			limit--
		}
		text = text[:limit]
	}
	t := strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(t) <= n {
		return t
	}
	return string([]rune(t)[:n]) + "…"
}

func factRows(f jikenbo.Facts, overrides []jikenbo.Override) []factRow {
	ev := map[string][]evidenceLink{}
	for k, e := range f.Evidence {
		if e.HasSpan() { // an empty field marked low points nowhere
			ev[e.Field] = append(ev[e.Field], evidenceLink{len(ev[e.Field]) + 1, evidenceAnchor(k)})
		}
	}
	low := f.LowConfidence()
	var rows []factRow
	for _, fn := range fieldNames {
		var v string
		switch fn.Field {
		case "case_id":
			v = f.CaseID
		case "organization":
			v = f.Organization
		case "title":
			v = f.Title
		case "published":
			v = dateOrEmpty(f.Published)
		case "detected":
			v = dateOrEmpty(f.Detected)
		case "status":
			if f.Status != "" {
				v = statusName(f.Status)
			}
		case "categories":
			v = categoryNames(f.Categories)
		case "affected_persons":
			if f.AffectedPersons != nil {
				v = num(*f.AffectedPersons) + "人"
			}
		case "affected_cards":
			if f.AffectedCards != nil {
				v = num(*f.AffectedCards) + "件"
			}
		case "data_types":
			v = dataTypeNames(f.DataTypes)
		case "third_party":
			if f.ThirdParty {
				v = "はい"
			} else {
				v = "いいえ"
			}
		case "related_organizations":
			v = strings.Join(f.RelatedOrganizations, "、")
		}
		if v == "" {
			v = "—"
		}
		row := factRow{Field: fn.Field, Name: fn.Name, Value: v, Evidence: ev[fn.Field], Low: slices.Contains(low, fn.Field)}
		for _, o := range overrides {
			if o.Field == fn.Field {
				row.Overridden = true
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func dateOrEmpty(d jikenbo.Date) string {
	if d.IsZero() {
		return ""
	}
	return jaDate(d)
}

// lowFirst returns rows with the fields marked low confidence first, each
// group in contract order: the editor checks those first.
func lowFirst(rows []factRow) []factRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b factRow) int {
		switch {
		case a.Low && !b.Low:
			return -1
		case b.Low && !a.Low:
			return 1
		}
		return 0
	})
	return out
}

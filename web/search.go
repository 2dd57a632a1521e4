package web

import (
	"net/http"
	"net/url"

	"github.com/jikenbo/jikenbo"
)

func (s *Server) registerSearchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /search", s.html(s.handleSearch))
}

// searchPage shows search results with facets.
type searchPage struct {
	page
	Q        string
	Searched bool
	Releases []releaseItem
	Total    int
	Pager    *pager
	Facets   []facetGroup
	// Active are the filters in force, each with a link that removes it.
	Active []facetOption
	Hidden []hiddenField
	// FeedURL is the Atom feed of this search.
	FeedURL string
	// Categories are offered as starting points before a search.
	Categories []jikenbo.Term
}

type facetGroup struct {
	Key, Name string
	Options   []facetOption
}

type facetOption struct {
	Name     string
	Count    int
	URL      string
	Selected bool
}

type hiddenField struct {
	Name, Value string
}

// filterKeys are the search parameters besides q, in form order.
var filterKeys = []string{"category", "year", "status", "kind", "third_party", "persons", "org", "label"}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r)
	if err != nil {
		return err
	}
	q, err := p.releaseQuery()
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
	sp := &searchPage{Q: q.Q, Categories: jikenbo.Categories}
	// Only the known parameters are carried over into links.
	cur := url.Values{}
	for _, k := range append([]string{"q"}, filterKeys...) {
		if v := p.str(k); v != "" {
			cur.Set(k, v)
		}
	}
	for _, k := range filterKeys {
		if v := cur.Get(k); v != "" {
			sp.Hidden = append(sp.Hidden, hiddenField{k, v})
			sp.Active = append(sp.Active, facetOption{Name: filterName(k, v), URL: searchURL(cur, k, "")})
		}
	}
	sp.Searched = len(cur) > 0
	title := "検索"
	if sp.Searched {
		_, n, err := listPosition(p)
		if err != nil {
			return err
		}
		q.Limit = pageSize
		res, err := s.store.FindReleaseSummaries(r.Context(), q)
		if err != nil {
			return err
		}
		terms := searchTerms(q.Q)
		for _, rs := range res.Releases {
			it := newReleaseItem(rs)
			if q.Q != "" {
				it.Snippet = snippet(rs.Text, terms, 120)
			}
			sp.Releases = append(sp.Releases, it)
		}
		sp.Total = res.Total
		all := q
		all.Cursor = ""
		if sp.Pager, err = newPager("/search", cur, n, pageSize, len(res.Releases), res.Total, res.Next, s.releaseCursors(r.Context(), all)); err != nil {
			return err
		}
		fq := q
		fq.Cursor = ""
		facets, err := s.store.ReleaseFacets(r.Context(), fq)
		if err != nil {
			return err
		}
		sp.Facets = facetGroups(facets, cur)
		sp.FeedURL = "/search/feed.atom?" + cur.Encode()
		if q.Q != "" {
			title = "「" + q.Q + "」の検索結果"
		} else {
			title = "絞り込み結果"
		}
	}
	desc := "公表文の全文検索(1〜2文字の日本語も可)。分類・年・状況・組織の種類・被害人数・委託先起因で絞り込めます。"
	if sp.Searched {
		desc = title + ": " + num(sp.Total) + "件。" + desc
	}
	sp.page = page{Title: title, Description: desc, Query: q.Q, d: d, NoIndex: sp.Searched,
		Canonical: s.abs("/search")}
	if sp.Searched {
		sp.Canonical = s.abs("/search?" + cur.Encode())
		sp.Feed = &feedLink{sp.FeedURL, title}
	}
	return s.render(w, r, http.StatusOK, "search", sp)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// searchURL is the current search with key set to value, or removed
// when value is empty; paging starts again.
func searchURL(cur url.Values, key, value string) string {
	v := cloneValues(cur)
	v.Del("cursor")
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return "/search?" + v.Encode()
}

func filterName(key, value string) string {
	switch key {
	case "category":
		return "分類: " + categoryName(value)
	case "year":
		return value + "年"
	case "status":
		return statusName(jikenbo.Status(value))
	case "kind":
		return "組織: " + kindName(jikenbo.OrgKind(value))
	case "third_party":
		if value == "true" || value == "1" {
			return "委託先・第三者で発生"
		}
		return "自組織で発生"
	case "persons":
		return "被害: " + personRangeName(value)
	case "org":
		return "組織ID " + value
	case "label":
		return "ラベル: " + value
	}
	return value
}

func facetGroups(f *jikenbo.Facets, cur url.Values) []facetGroup {
	group := func(key, name string, cs []jikenbo.FacetCount, label func(string) string) facetGroup {
		g := facetGroup{Key: key, Name: name}
		for _, c := range cs {
			o := facetOption{Name: label(c.Value), Count: c.Count, Selected: cur.Get(key) == c.Value}
			if o.Selected {
				o.URL = searchURL(cur, key, "")
			} else {
				o.URL = searchURL(cur, key, c.Value)
			}
			g.Options = append(g.Options, o)
		}
		return g
	}
	third := func(v string) string {
		if v == "true" {
			return "委託先・第三者で発生"
		}
		return "自組織で発生"
	}
	return []facetGroup{
		group("category", "分類", f.Categories, categoryName),
		group("year", "年", f.Years, func(v string) string { return v + "年" }),
		group("status", "調査の状況", f.Statuses, func(v string) string { return statusName(jikenbo.Status(v)) }),
		group("kind", "組織の種類", f.OrgKinds, func(v string) string { return kindName(jikenbo.OrgKind(v)) }),
		group("persons", "被害人数", f.Persons, personRangeName),
		group("third_party", "発生場所", f.ThirdParty, third),
	}
}

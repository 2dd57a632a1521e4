package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/jikenbo/jikenbo"
)

func TestFeeds(t *testing.T) {
	fx := sharedFixture(t)
	for _, path := range []string{"/feed.atom", "/labels/" + url.PathEscape(jikenbo.LabelFinalReport) + "/feed.atom", "/orgs/1/feed.atom",
		"/search/feed.atom?q=" + url.QueryEscape("紛失"), "/cases/2024-359/feed.atom"} {
		t.Run(path, func(t *testing.T) {
			res := fx.get(t, path)
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if !strings.Contains(string(b), `xml:lang="ja"`) {
				t.Error(`no xml:lang="ja"`)
			}
			feed, err := gofeed.NewParser().ParseString(string(b))
			if err != nil {
				t.Fatal(err)
			}
			if feed.FeedType != "atom" || feed.Title == "" || len(feed.Items) == 0 || feed.Link == "" {
				t.Fatalf("feed %s %q with %d items, link %q", feed.FeedType, feed.Title, len(feed.Items), feed.Link)
			}
			// Blogger-style readers take labels from category term and
			// scheme; the universal parser drops the scheme, so read them
			// with the Atom parser.
			af, err := (&atom.Parser{}).Parse(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if af.Language != "ja" && feed.Language != "ja" {
				t.Errorf("language %q / %q", af.Language, feed.Language)
			}
			for _, e := range af.Entries {
				if e.ID == "" || e.Updated == "" || e.Title == "" || len(e.Links) == 0 || e.Content == nil || e.Content.Value == "" {
					t.Errorf("entry %q lacks id, updated, link or content", e.Title)
				}
				if len(e.Categories) == 0 {
					t.Errorf("entry %q has no categories", e.Title)
				}
				for _, c := range e.Categories {
					if c.Term == "" || c.Label != c.Term || c.Scheme != fx.srv.URL+"/labels/" {
						t.Errorf("category %+v", c)
					}
				}
				if strings.Contains(path, "labels/") && !slices.ContainsFunc(e.Categories, func(c *atom.Category) bool { return c.Term == jikenbo.LabelFinalReport }) {
					t.Errorf("entry %q in the label feed lacks the label", e.Title)
				}
			}
		})
	}
	res := fx.get(t, "/orgs/99999/feed.atom")
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("feed of a missing organisation: %d", res.StatusCode)
	}
	// The contractor's feed (organisation 1) has its clients' releases
	// about it; the case's feed has the case's six releases.
	authors := map[string]int{}
	for _, e := range atomEntries(t, fx, "/orgs/1/feed.atom") {
		for _, a := range e.Authors {
			authors[a.Name]++
		}
	}
	if authors["株式会社北辰プリントサービス"] != 3 || authors["青葉台市"] != 1 || authors["株式会社みどり生命保険"] != 1 {
		t.Errorf("contractor feed authors %v, want its 3 releases and each client's", authors)
	}
	if n := len(atomEntries(t, fx, "/cases/2024-359/feed.atom")); n != 6 {
		t.Errorf("case feed: %d entries, want 6", n)
	}
	res = fx.get(t, "/cases/2099-001/feed.atom")
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("feed of a missing case: %d", res.StatusCode)
	}
}

func atomEntries(t *testing.T, fx *fixture, path string) []*atom.Entry {
	t.Helper()
	res := fx.get(t, path)
	defer res.Body.Close()
	af, err := (&atom.Parser{}).Parse(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return af.Entries
}

func TestAPIPaging(t *testing.T) {
	fx := sharedFixture(t)
	seen := map[int64]bool{}
	next := "/api/v1/releases?limit=7"
	total := -1
	for next != "" {
		var p struct {
			Releases []struct {
				ID   int64  `json:"id"`
				Date string `json:"date"`
			} `json:"releases"`
			Total int     `json:"total"`
			Next  *string `json:"next"`
		}
		fx.jsonBody(t, next, 200, &p)
		total = p.Total
		for _, r := range p.Releases {
			if seen[r.ID] {
				t.Errorf("release %d on two pages", r.ID)
			}
			seen[r.ID] = true
		}
		next = ""
		if p.Next != nil {
			next = strings.TrimPrefix(*p.Next, fx.srv.URL)
		}
	}
	if len(seen) != total || total != 31 {
		t.Errorf("paged through %d of %d releases, want 31", len(seen), total)
	}
	if seen[fx.draft] {
		t.Error("the draft is in the API")
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	fx.jsonBody(t, "/api/v1/cases/2099-999", 404, &e)
	if e.Error.Code != jikenbo.ENOTFOUND || e.Error.Message == "" {
		t.Errorf("unknown case: %+v", e)
	}
	fx.jsonBody(t, "/api/v1/nothing", 404, &e)
	fx.jsonBody(t, fmt.Sprintf("/api/v1/releases/%d", fx.draft), 404, &e)

	var cases struct {
		Cases []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"cases"`
		Total int `json:"total"`
	}
	fx.jsonBody(t, "/api/v1/cases?status=ongoing&limit=100", 200, &cases)
	for _, c := range cases.Cases {
		if c.Status != "ongoing" {
			t.Errorf("case %s is %s", c.ID, c.Status)
		}
	}
	fx.jsonBody(t, "/api/v1/cases?category=ransomware&limit=100", 200, &cases)
	if cases.Total == 0 || !slices.ContainsFunc(cases.Cases, func(c struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}) bool {
		return c.ID == "2024-359"
	}) {
		t.Errorf("ransomware cases: %+v", cases)
	}

	var rel struct {
		Text  string
		Facts jikenbo.Facts
	}
	fx.jsonBody(t, "/api/v1/releases/1", 200, &rel)
	for _, ev := range rel.Facts.Evidence {
		if !ev.HasSpan() && ev.Confidence == jikenbo.ConfidenceLow {
			continue // an empty field marked low
		}
		if ev.Start < 0 || ev.End > len(rel.Text) || ev.Start >= ev.End {
			t.Errorf("evidence %+v outside the text", ev)
		}
	}
}

// TestOpenAPI validates real responses of every documented path against
// the schemas of /api/v1/openapi.json.
func TestOpenAPI(t *testing.T) {
	fx := sharedFixture(t)
	var doc map[string]any
	fx.jsonBody(t, "/api/v1/openapi.json", 200, &doc)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	requests := map[string][]string{
		"/releases":              {"/api/v1/releases", "/api/v1/releases?limit=3", "/api/v1/releases?q=" + url.QueryEscape("紛失"), "/api/v1/releases?label=" + url.QueryEscape("最終報告"), "/api/v1/releases?org=1&since=2024-01-01"},
		"/releases/{id}":         {"/api/v1/releases/1", "/api/v1/releases/7", fmt.Sprintf("/api/v1/releases/%d", fx.xssID), "/api/v1/releases/999999"},
		"/cases":                 {"/api/v1/cases", "/api/v1/cases?status=concluded&limit=2", "/api/v1/cases?cursor=bad"},
		"/cases/{id}":            {"/api/v1/cases/2024-359", "/api/v1/cases/2024-402", "/api/v1/cases/2099-001"},
		"/cases/{id}.veris.json": {"/api/v1/cases/2024-359.veris.json", "/api/v1/cases/2099-001.veris.json"},
		"/cases/{id}.stix.json":  {"/api/v1/cases/2024-402.stix.json", "/api/v1/cases/2099-001.stix.json"},
		"/cases.veris.json":      {"/api/v1/cases.veris.json", "/api/v1/cases.veris.json?label=" + url.QueryEscape("最終報告")},
		"/cases.stix.json":       {"/api/v1/cases.stix.json?q=" + url.QueryEscape("紛失")},
		"/orgs/{id}":             {"/api/v1/orgs/1", "/api/v1/orgs/2", "/api/v1/orgs/424242"},
		"/labels":                {"/api/v1/labels"},
		"/stats":                 {"/api/v1/stats"},
		"/openapi.json":          {"/api/v1/openapi.json"},
	}
	// Write operations (with security) are exercised by TestOpenAPIWrite.
	for p, item := range paths {
		get, ok := item.(map[string]any)["get"].(map[string]any)
		if ok && get["security"] == nil && requests[p] == nil {
			t.Errorf("documented path %s is not exercised", p)
		}
	}
	for p, urls := range requests {
		op, ok := paths[p].(map[string]any)["get"].(map[string]any)
		if !ok {
			t.Errorf("path %s is not documented", p)
			continue
		}
		responses := op["responses"].(map[string]any)
		for _, u := range urls {
			res := fx.get(t, u)
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			r, ok := responses[fmt.Sprint(res.StatusCode)].(map[string]any)
			if !ok {
				t.Errorf("%s: status %d is not documented", u, res.StatusCode)
				continue
			}
			schema := r["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			var body any
			if err := json.Unmarshal(b, &body); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			v := validator{doc: doc}
			v.check(u, schema, body)
			for _, e := range v.errs {
				t.Error(e)
			}
		}
	}
}

// validator checks a value against the part of JSON Schema the document
// uses: type (with null), properties, required, additionalProperties,
// items, enum, pattern, minimum, maximum, $ref, oneOf and allOf.
type validator struct {
	doc  map[string]any
	errs []string
}

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = v.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s = cur.(map[string]any)
	}
}

func jsonType(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	}
	return "unknown"
}

func (v *validator) check(path string, schemaAny any, x any) {
	s := v.resolve(schemaAny.(map[string]any))
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, alt := range one {
			sub := validator{doc: v.doc}
			sub.check(path, alt, x)
			if len(sub.errs) == 0 {
				n++
			}
		}
		if n != 1 {
			v.fail(path, "matches %d of oneOf", n)
		}
		return
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			v.check(path, sub, x)
		}
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, e := range t {
				types = append(types, e.(string))
			}
		}
		jt := jsonType(x)
		if !slices.Contains(types, jt) && !(jt == "integer" && slices.Contains(types, "number")) {
			v.fail(path, "type %s, want %v", jt, types)
			return
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, x) {
		v.fail(path, "%v not in %v", x, enum)
	}
	if p, ok := s["pattern"].(string); ok {
		if str, ok := x.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			v.fail(path, "%q does not match %s", str, p)
		}
	}
	if n, ok := x.(float64); ok {
		if min, ok := s["minimum"].(float64); ok && n < min {
			v.fail(path, "%v < minimum %v", n, min)
		}
		if max, ok := s["maximum"].(float64); ok && n > max {
			v.fail(path, "%v > maximum %v", n, max)
		}
	}
	switch x := x.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		required, _ := s["required"].([]any)
		for _, r := range required {
			if _, ok := x[r.(string)]; !ok {
				v.fail(path, "missing %s", r)
			}
		}
		for k, val := range x {
			ps, ok := props[k]
			if !ok {
				if s["additionalProperties"] == false {
					v.fail(path, "undocumented field %q", k)
				}
				continue
			}
			v.check(path+"."+k, ps, val)
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, e := range x {
				v.check(fmt.Sprintf("%s[%d]", path, i), items, e)
			}
		}
	}
}

func TestStaticAssets(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/", http.StatusOK)
	css := d.Find(`link[rel="stylesheet"]`).AttrOr("href", "")
	if !regexp.MustCompile(`^/static/[0-9a-f]{12}/app\.css$`).MatchString(css) {
		t.Fatalf("stylesheet at %q, want a content-hash URL", css)
	}
	res := fx.get(t, css)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("%s: %d %q %q", css, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	res = fx.get(t, "/static/000000000000/app.css")
	res.Body.Close()
	if res.StatusCode != 200 || strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("old hash: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

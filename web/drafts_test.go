package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/web"
)

// The drafts of TestDraftsStayPrivate, one of each shape the linker
// makes. Every one carries 秘匿 ("kept secret") in its title or text, and
// nothing public does, so any page showing it has shown a draft.
var privateDrafts = map[string]string{
	// A label page: its heading labels both posts with a label only
	// drafts carry. The first is a follow-up of the public contractor case
	// 2024-359 with an earlier-release line, a new count and an ongoing
	// status that would reopen the concluded case; the second a client of
	// that contractor, an organisation no public release names.
	"followup.txt": `ラベル 秘匿ラベル の投稿を表示しています。

【セキュリティ事件簿#2024-359】株式会社北辰プリントサービス ランサムウェア被害に関する秘匿の追加調査について(第3報) 2024/12/10

【2024年10月29日リリース分】

2024年10月29日にお知らせいたしました秘匿調査の続報です。追加の調査により、約31万7千件の個人情報が暗号化されたサーバーに保存されていたことが判明しました。現在も調査を継続しております。

株式会社北辰プリントサービス

【セキュリティ事件簿#2024-359】秘匿北浜信用金庫 委託先事業者におけるランサムウェア被害について 2024/12/11

当金庫がダイレクトメールの印刷・発送業務を委託している株式会社北辰プリントサービス(以下「委託先」)において、ランサムウェアによる不正アクセスが発生し、当金庫のお客様 3,141名分の氏名、住所が被害を受けたサーバーに保存されていたことが判明しました。秘匿顧客の皆様には、個別にお知らせいたします。

秘匿北浜信用金庫
`,
	// A new organisation with a case of its own and an earlier release.
	"neworg.txt": `【セキュリティ事件簿#2025-951】株式会社秘匿新規商事 不正アクセスによる個人情報漏えいについて 2025/2/14

【2025年2月3日リリース分】

当社が運営する通販サイト「秘匿ショップ」において、第三者による不正アクセスがあり、お客様のクレジットカード情報 2,718件が漏えいした可能性があることが判明しました。

株式会社秘匿新規商事
`,
	// A new incident of an organisation the public casebook knows.
	"newincident.txt": `【セキュリティ事件簿#2025-952】青葉台市 秘匿メールの誤送信について 2025/3/3

本市職員が、イベント参加者あてのメールを送信する際、宛先をBCCではなくTOに入力したため、秘匿参加者 161名分のメールアドレスが他の受信者に表示される状態となりました。

青葉台市 秘匿課
`,
}

// draftTrace is what a response must not show once the drafts exist (a
// leak only where the response did not show it before).
var draftTrace = []string{"秘匿", url.PathEscape("秘匿"), url.QueryEscape("秘匿"), "317,000", "31万7", "3,141", "2,718", "161名",
	"2024年10月29日", "2024-10-29", "2025-951", "2025-952"}

// TestDraftsStayPrivate walks every public route, feed and read-API
// endpoint (enumerated from the router's source, so that a new route
// cannot escape), adds drafts of every shape, walks again and checks
// that nothing changed: the same status, body, ETag and Last-Modified
// everywhere, no trace of a draft, and each draft's own URLs answering
// exactly as a missing ID's do.
func TestDraftsStayPrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := openTestStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := &casebook.Importer{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}
	if loaded, sum, err := sample.Load(ctx, im); err != nil || !loaded || sum.Failed > 0 {
		t.Fatalf("sample: loaded %v, %+v, %v", loaded, sum, err)
	}
	// The desk is on so that its routes are walked too (anonymously).
	desk := &web.DeskConfig{Store: st, Editor: &casebook.Desk{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}}
	// No response cache: every response is rendered from the store.
	h, err := web.New(web.Config{Store: st, BaseURL: "http://casebook.test", SampleLabel: sample.Label, CacheBytes: -1, Desk: desk,
		Now: func() time.Time { return time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	w := &walker{srv: srv, base: "http://casebook.test"}

	patterns := routePatterns(t)
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}

	// Before: crawl the public casebook from its entry points, and ask for
	// what the drafts will add (their searches, label, months) and for
	// IDs that do not exist.
	seeds := []string{"/", "/labels", "/stats", "/watch", "/feed.atom", "/favicon.ico", "/nonexistent",
		"/api/v1/releases", "/api/v1/cases", "/api/v1/cases?status=ongoing", "/api/v1/labels", "/api/v1/stats", "/api/v1/openapi.json", "/api/v1/nonexistent",
		"/login", "/desk", "/desk/labels", "/desk/sources", "/desk/houjin", "/api/v1/audit", "/api/v1/sources", "/api/v1/watch-items", "/healthz", "/readyz",
		"/desk/webhooks", "/desk/queue.atom", "/desk/queue.atom?token=jkb_not-a-token", "/api/v1/webhooks", "/api/v1/webhooks/1", "/api/v1/webhooks/deliveries", "/robots.txt", "/sitemap.xml", "/about",
		"/search?q=" + url.QueryEscape("秘匿"), "/search?q=" + url.QueryEscape("北辰"), "/search?q=" + url.QueryEscape("ランサムウェア"),
		"/search?q=" + url.QueryEscape("個人情報") + "&category=unauthorized_access",
		"/search/feed.atom?q=" + url.QueryEscape("秘匿"), "/search/feed.atom?q=" + url.QueryEscape("ランサムウェア"),
		"/api/v1/releases?q=" + url.QueryEscape("秘匿"), "/api/v1/releases?q=" + url.QueryEscape("ランサムウェア"), "/api/v1/releases?year=2025",
		"/api/v1/releases?label=" + url.QueryEscape("秘匿ラベル"),
		"/labels/" + url.PathEscape("秘匿ラベル"), "/labels/" + url.PathEscape("秘匿ラベル") + "/feed.atom",
		"/labels/" + url.PathEscape("秘匿改名ラベル"), "/api/v1/releases?label=" + url.QueryEscape("秘匿改名ラベル"),
		"/archive/2024/12", "/archive/2025", "/archive/2025/02", "/archive/2025/03",
		"/cases/2025-951", "/cases/2025-952", "/api/v1/cases/2025-951", "/api/v1/cases/2025-952",
		"/api/v1/cases.veris.json", "/api/v1/cases.stix.json", "/api/v1/cases.veris.json?q=" + url.QueryEscape("秘匿"),
		"/api/v1/cases.stix.json?label=" + url.QueryEscape("秘匿ラベル"), "/api/v1/cases.stix.json?q=" + url.QueryEscape("ランサムウェア"),
		"/api/v1/cases/2025-951.veris.json", "/api/v1/cases/2025-952.stix.json", "/api/v1/cases/2024-359.stix.json", "/api/v1/cases/2024-359.veris.json"}
	before := w.crawl(t, seeds, 3000)

	// The drafts, imported as `jikenbo import --draft` does.
	v0, err := st.CasebookVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, name := range slices.Sorted(mapsKeys(privateDrafts)) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(privateDrafts[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	dim := &casebook.Importer{Store: st, Extract: extract.Extract, Linker: &link.Linker{}, Draft: true}
	if sum, err := dim.Import(ctx, files); err != nil || sum.Added != 4 {
		t.Fatalf("import --draft: %+v, %v; want 4 added", sum, err)
	}
	drafts, _, err := st.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: ptr(true)})
	if err != nil || len(drafts) != 4 {
		t.Fatalf("drafts: %d, %v", len(drafts), err)
	}
	checkDraftShapes(t, st, drafts)
	// An editor reshapes the drafts before publishing them: a redirect
	// from a name or number only drafts had must not show it either.
	if _, err := st.RenameLabel(ctx, "秘匿ラベル", "秘匿改名ラベル"); err != nil {
		t.Fatal(err)
	}
	if err := st.MergeCases(ctx, "2025-951", "2024-359"); err != nil {
		t.Fatal(err)
	}
	if drafts, _, err = st.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if v1, err := st.CasebookVersion(ctx); err != nil || v1.N != v0.N {
		t.Errorf("casebook version %d after adding drafts, was %d (%v): public ETags and the response cache would change", v1.N, v0.N, err)
	}

	leaks := map[string][]string{} // route pattern -> what leaked
	leak := func(path, what string) {
		pat := patternOf(mux, path)
		leaks[pat] = append(leaks[pat], path+": "+what)
	}
	// After: the same URLs, and whatever the crawl finds now.
	after := w.crawl(t, slices.Sorted(mapsKeys(before)), 3000)
	for _, path := range slices.Sorted(mapsKeys(after)) {
		a, b := after[path], before[path]
		if b == nil {
			leak(path, "a new URL is linked")
			continue
		}
		for _, what := range b.differs(a) {
			leak(path, what)
		}
		for _, tr := range draftTrace {
			if bytes.Contains(a.body, []byte(tr)) && !bytes.Contains(b.body, []byte(tr)) {
				leak(path, fmt.Sprintf("shows %q", tr))
			}
		}
	}

	// Each draft's own URLs answer as a missing ID's do.
	orgs, cases := map[int64]bool{}, map[string]bool{}
	for _, d := range drafts {
		rid := strconv.FormatInt(d.ID, 10)
		for _, p := range []string{"/releases/%s", "/releases/%s/original", "/api/v1/releases/%s", "/desk/releases/%s"} {
			w.sameAsMissing(t, p, rid, leak)
		}
		if d.OrganizationID != 0 && !orgs[d.OrganizationID] {
			orgs[d.OrganizationID] = true
			public, err := st.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{OrganizationID: d.OrganizationID})
			if err != nil {
				t.Fatal(err)
			}
			if public.Total == 0 && len(mustCaseSummaries(t, st, d.OrganizationID)) == 0 {
				oid := strconv.FormatInt(d.OrganizationID, 10)
				for _, p := range []string{"/orgs/%s", "/orgs/%s/feed.atom", "/api/v1/orgs/%s", "/api/v1/releases?org=%s", "/search?q=a&org=%s"} {
					w.sameAsMissing(t, p, oid, leak)
				}
			}
		}
		if d.CaseID != "" && !cases[d.CaseID] && strings.HasPrefix(d.CaseID, "2025-95") {
			// 2025-951 is merged away: its URL is seeded and compared
			// with the crawl before.
			cases[d.CaseID] = true
			for _, p := range []string{"/cases/%s", "/api/v1/cases/%s", "/desk/cases/%s"} {
				w.sameAsMissing(t, p, d.CaseID, leak)
			}
		}
	}

	// Every route is walked, or excluded with its reason.
	walked := map[string]bool{}
	for path := range after {
		walked[patternOf(mux, path)] = true
	}
	for _, p := range w.extra {
		walked[patternOf(mux, p)] = true
	}
	for _, p := range patterns {
		method, _, _ := strings.Cut(p, " ")
		switch {
		case walked[p]:
		case method == "POST" || method == "DELETE" || method == "PUT" || method == "PATCH":
			// Writes: each refuses a request without a session or token
			// (desk_test and desk_caseops_test walk them), so an anonymous
			// reader cannot reach a draft through one.
		default:
			t.Errorf("route %q is neither walked nor excluded", p)
		}
	}
	var api []string
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(before["/api/v1/openapi.json"].body, &doc); err != nil {
		t.Fatal(err)
	}
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok {
			api = append(api, p)
			full := "/api/v1" + regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(p, "1")
			if !walked[patternOf(mux, full)] {
				t.Errorf("openapi.json's GET %s is not walked", p)
			}
		}
	}
	if len(api) < 7 {
		t.Errorf("openapi.json has %d GET paths, want the 7 read endpoints at least", len(api))
	}

	leaked := slices.Sorted(mapsKeys(leaks))
	validator := func(l string) bool {
		_, what, _ := strings.Cut(l, ": ")
		what = strings.TrimPrefix(what, "unlike a missing ID: ")
		return strings.HasPrefix(what, "ETag ") || strings.HasPrefix(what, "Last-Modified ")
	}
	content := 0
	for _, p := range leaked {
		// What a reader sees first, then the validators.
		slices.SortStableFunc(leaks[p], func(a, b string) int {
			switch va, vb := validator(a), validator(b); {
			case va == vb:
				return 0
			case vb:
				return -1
			}
			return 1
		})
		if !validator(leaks[p][0]) {
			content++
		}
	}
	t.Logf("walked %d URLs of %d routes; %d routes leaked drafts, %d of them more than their ETag", len(after)+len(w.extra), len(walked), len(leaked), content)
	for _, p := range leaked {
		ls := leaks[p]
		if len(ls) > 3 {
			ls = append(ls[:3], fmt.Sprintf("… and %d more", len(ls)-3))
		}
		t.Errorf("route %s leaks drafts:\n\t%s", p, strings.Join(ls, "\n\t"))
	}
}

// checkDraftShapes makes sure the drafts are the shapes the test is
// about, so that a change in the linker cannot make it pass vacuously.
func checkDraftShapes(t *testing.T, st testStore, drafts []*jikenbo.Release) {
	t.Helper()
	ctx := context.Background()
	byCase := map[string]int{}
	for _, d := range drafts {
		byCase[d.CaseID]++
	}
	if byCase["2024-359"] != 2 || byCase["2025-951"] != 1 || byCase["2025-952"] != 1 {
		t.Fatalf("drafts filed in %v, want 2 in 2024-359 and one each in 2025-951 and 2025-952", byCase)
	}
	c, err := st.FindCaseByID(ctx, "2024-359")
	if err != nil {
		t.Fatal(err)
	}
	var client, earlier bool
	for _, o := range c.Organizations {
		client = client || strings.Contains(o.Name, "秘匿")
	}
	for _, e := range c.Timeline {
		earlier = earlier || e.Kind == jikenbo.TimelineEarlierRelease && e.Date == jikenbo.Date{Year: 2024, Month: 10, Day: 29}
	}
	if !client || !earlier {
		t.Fatalf("the editors' view of 2024-359 lacks the drafts' client (%v) or earlier release (%v)", client, earlier)
	}
}

func mustCaseSummaries(t *testing.T, st testStore, org int64) []*jikenbo.CaseSummary {
	t.Helper()
	p, err := st.FindCaseSummaries(context.Background(), jikenbo.CaseQuery{OrganizationID: org})
	if err != nil {
		t.Fatal(err)
	}
	return p.Cases
}

func ptr[T any](v T) *T { return &v }

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// patternOf is the route pattern serving path.
func patternOf(mux *http.ServeMux, path string) string {
	req := httptest.NewRequest("GET", path, nil)
	_, p := mux.Handler(req)
	return p
}

// routePatterns reads every route pattern from the web package's source:
// the first argument of each HandleFunc or Handle call, each string that
// reads "METHOD /path" (the desk's route table), and each case of a
// switch on a URL's Path (the operators' /healthz).
func routePatterns(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	method := regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) /\S*$`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SwitchStmt:
				if sel, ok := n.Tag.(*ast.SelectorExpr); ok && sel.Sel.Name == "Path" {
					for _, c := range n.Body.List {
						for _, e := range c.(*ast.CaseClause).List {
							if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
								s, _ := strconv.Unquote(lit.Value)
								seen[s] = true
							}
						}
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "HandleFunc" || sel.Sel.Name == "Handle") && len(n.Args) > 0 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						seen[s] = true
					}
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil && method.MatchString(s) {
						seen[s] = true
					}
				}
			}
			return true
		})
	}
	if len(seen) < 30 {
		t.Fatalf("found %d route patterns in the source, want the site's 30 and more", len(seen))
	}
	return slices.Sorted(mapsKeys(seen))
}

// walker fetches and crawls the site without following redirects.
type walker struct {
	srv   *httptest.Server
	base  string // the configured base URL, which absolute links use
	extra []string
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// differs says how b differs from r.
func (r *response) differs(b *response) []string {
	var out []string
	if r.status != b.status {
		out = append(out, fmt.Sprintf("status %d, was %d", b.status, r.status))
	}
	for _, h := range []string{"ETag", "Last-Modified", "Location", "Content-Type", "Content-Disposition"} {
		if r.header.Get(h) != b.header.Get(h) {
			out = append(out, fmt.Sprintf("%s %q, was %q", h, b.header.Get(h), r.header.Get(h)))
		}
	}
	if !bytes.Equal(r.body, b.body) {
		i := 0
		for i < len(r.body) && i < len(b.body) && r.body[i] == b.body[i] {
			i++
		}
		from := max(0, i-60)
		out = append(out, fmt.Sprintf("body changed at byte %d: %q, was %q", i, clip(b.body[from:], 160), clip(r.body[from:], 160)))
	}
	return out
}

func clip(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "")
}

func (w *walker) fetch(t *testing.T, path string) *response {
	t.Helper()
	req, err := http.NewRequest("GET", w.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: b}
}

// crawl fetches the seeds and every same-site URL their bodies link to,
// at most limit URLs.
func (w *walker) crawl(t *testing.T, seeds []string, limit int) map[string]*response {
	t.Helper()
	out := map[string]*response{}
	queue := slices.Clone(seeds)
	queued := map[string]bool{}
	for _, s := range seeds {
		queued[s] = true
	}
	for len(queue) > 0 && len(out) < limit {
		path := queue[0]
		queue = queue[1:]
		r := w.fetch(t, path)
		out[path] = r
		for _, l := range w.links(r) {
			if !queued[l] {
				queued[l] = true
				queue = append(queue, l)
			}
		}
	}
	if len(queue) > 0 {
		for _, q := range queue[:20] {
			t.Log(q)
		}
		t.Fatalf("the crawl stopped at %d URLs with %d left", limit, len(queue))
	}
	return out
}

var (
	jsonURL   = regexp.MustCompile(`"(https?://[^"]+)"`)
	pageOfAPI = regexp.MustCompile(`^/(releases|cases|orgs)/[0-9-]+$`)
)

// links returns the site paths a response links to: hrefs of HTML and
// Atom, absolute URLs in JSON, and a redirect's Location.
func (w *walker) links(r *response) []string {
	var raw []string
	if loc := r.header.Get("Location"); loc != "" {
		raw = append(raw, loc)
	}
	ct := r.header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/html"), strings.Contains(ct, "xml"):
		d, err := goquery.NewDocumentFromReader(bytes.NewReader(r.body))
		if err == nil {
			d.Find("[href]").Each(func(_ int, s *goquery.Selection) { raw = append(raw, s.AttrOr("href", "")) })
		}
	case strings.HasPrefix(ct, "application/json"):
		for _, m := range jsonURL.FindAllSubmatch(r.body, -1) {
			var s string
			if json.Unmarshal([]byte(`"`+string(m[1])+`"`), &s) == nil {
				raw = append(raw, s)
			}
		}
	}
	var out []string
	for _, l := range raw {
		u, err := url.Parse(l)
		if err != nil || u.Path == "" || (u.Host != "" && "http://"+u.Host != w.base) || (u.Scheme != "" && u.Scheme != "http") {
			continue
		}
		if strings.HasPrefix(u.Path, "/api/v1/") && strings.Contains(u.Path, "{") {
			continue // a template in the API document
		}
		if strings.HasPrefix(u.Path, "/search") && len(u.Query()) > 2 {
			continue // facets combined: one filter at a time is enough
		}
		u.Scheme, u.Host, u.Fragment = "", "", ""
		out = append(out, u.RequestURI())
		// A page's API twin.
		if m := pageOfAPI.FindStringSubmatch(u.Path); m != nil && u.RawQuery == "" {
			out = append(out, "/api/v1"+u.Path)
		}
	}
	return out
}

// sameAsMissing fetches format with id and with an ID of as many digits
// that does not exist, and reports where the answers differ (apart from
// the ID itself).
func (w *walker) sameAsMissing(t *testing.T, format, id string, leak func(path, what string)) {
	t.Helper()
	missing := strings.Repeat("9", len(id))
	if strings.Contains(id, "-") {
		missing = id[:5] + strings.Repeat("9", len(id)-5)
	}
	if missing == id {
		t.Fatalf("no missing ID like %s", id)
	}
	p, pm := fmt.Sprintf(format, id), fmt.Sprintf(format, missing)
	w.extra = append(w.extra, p, pm)
	a, m := w.fetch(t, p), w.fetch(t, pm)
	// A redirect to the login form carries the path.
	a.body = bytes.ReplaceAll(a.body, []byte(url.QueryEscape(p)), []byte("PATH"))
	m.body = bytes.ReplaceAll(m.body, []byte(url.QueryEscape(pm)), []byte("PATH"))
	a.body, m.body = idFree(a.body, id), idFree(m.body, missing)
	for _, r := range []*response{a, m} {
		if loc := r.header.Get("Location"); loc != "" {
			r.header.Set("Location", strings.NewReplacer(id, "ID", missing, "ID", url.QueryEscape(p), "P", url.QueryEscape(pm), "P").Replace(loc))
		}
	}
	if m.status != http.StatusNotFound && !strings.HasPrefix(format, "/desk") && !strings.Contains(format, "?") {
		t.Errorf("GET %s: status %d, want 404 for a missing ID", pm, m.status)
	}
	for _, what := range m.differs(a) {
		leak(p, "unlike a missing ID: "+what)
	}
	var ha, hm []string
	for k := range a.header {
		if k != "Date" && k != "Content-Length" && k != "X-Request-Id" {
			ha = append(ha, k)
		}
	}
	for k := range m.header {
		if k != "Date" && k != "Content-Length" && k != "X-Request-Id" {
			hm = append(hm, k)
		}
	}
	slices.Sort(ha)
	slices.Sort(hm)
	if !slices.Equal(ha, hm) {
		leak(p, fmt.Sprintf("headers %v, a missing ID's %v", ha, hm))
	}
}

// idFree replaces id in b where it stands alone (not inside a longer
// number or a hash).
func idFree(b []byte, id string) []byte {
	re := regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(id) + `($|[^0-9A-Za-z])`)
	for {
		n := re.ReplaceAll(b, []byte("${1}ID${2}"))
		if bytes.Equal(n, b) {
			return n
		}
		b = n
	}
}

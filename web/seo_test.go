package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestRobotsAndSitemap: robots.txt keeps crawlers off the desk and the
// API and names the sitemap; the sitemap lists public pages that answer
// 200, never a draft.
func TestRobotsAndSitemap(t *testing.T) {
	fx := sharedFixture(t)
	res := fx.get(t, "/robots.txt")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	robots := string(body)
	for _, want := range []string{"Disallow: /desk\n", "Disallow: /api/\n", "Disallow: /login\n", "Sitemap: " + fx.srv.URL + "/sitemap.xml\n"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, robots)
		}
	}
	res = fx.get(t, "/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.NewDecoder(res.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	kinds := map[string]int{}
	for _, u := range set.URLs {
		p, err := url.Parse(u.Loc)
		if err != nil || p.Host != strings.TrimPrefix(fx.srv.URL, "http://") {
			t.Fatalf("loc %q is not on the site", u.Loc)
		}
		kind, _, _ := strings.Cut(strings.TrimPrefix(p.Path, "/"), "/")
		kinds[kind]++
		if kind == "desk" || kind == "api" || p.RawQuery != "" {
			t.Errorf("sitemap lists %s", u.Loc)
		}
		if r := fx.get(t, p.RequestURI()); r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", u.Loc, r.StatusCode)
		} else if b, _ := io.ReadAll(r.Body); strings.Contains(string(b), "下書きの公表文") {
			t.Errorf("%s shows the draft", u.Loc)
		}
	}
	if kinds["releases"] != 31 || kinds["cases"] == 0 || kinds["orgs"] == 0 || kinds["about"] != 1 || kinds["archive"] == 0 {
		t.Errorf("sitemap holds %v, want the 31 public releases, cases, organisations, archive and /about", kinds)
	}
}

// TestAbout: the about page says how facts are read and corrected, and
// every page links it from the footer and shows the sample notice at
// its top while samples are shown.
func TestAbout(t *testing.T) {
	fx := sharedFixture(t)
	d := fx.doc(t, "/about", http.StatusOK)
	if h := d.Find("h1").Text(); h != "このサイトについて" {
		t.Errorf("h1 %q", h)
	}
	text := d.Find("main").Text()
	for _, want := range []string{"根拠", "編集デスク", "変更履歴", "公表日不明"} {
		if !strings.Contains(text, want) {
			t.Errorf("about page does not mention %s", want)
		}
	}
	for _, path := range []string{"/", "/about", "/stats", "/labels"} {
		d := fx.doc(t, path, http.StatusOK)
		if d.Find(`footer a[href="/about"]`).Length() != 1 {
			t.Errorf("%s: no footer link to /about", path)
		}
		if n := d.Find("header.site + p.sample").Length(); n != 1 {
			t.Errorf("%s: the sample notice is not at the top", path)
		}
		if d.Find(`meta[property="og:site_name"]`).Length() != 1 || d.Find(`meta[name="twitter:card"]`).Length() != 1 {
			t.Errorf("%s: no og:site_name or twitter:card", path)
		}
	}
}

// TestErrorsInJapanese: a store's error (a cursor it did not make) reads
// in Japanese on a page and in the API alike.
func TestErrorsInJapanese(t *testing.T) {
	fx := sharedFixture(t)
	japanese := regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}]`)
	english := regexp.MustCompile(`(?i)\b(not found|invalid|want|no such|malformed|cursor:)\b`)
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/?cursor=bad", 400}, {"/labels/" + url.PathEscape("サンプル") + "?cursor=bad", 400}, {"/no/such/page", 404}, {"/releases/999999", 404},
	} {
		d := fx.doc(t, tt.path, tt.status)
		if msg := d.Find(".error-message").Text(); !japanese.MatchString(msg) || english.MatchString(msg) || !japanese.MatchString(d.Find("h1").Text()) {
			t.Errorf("%s: error %q under %q", tt.path, msg, d.Find("h1").Text())
		}
	}
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/api/v1/releases?cursor=bad", 400}, {"/api/v1/cases?cursor=bad", 400}, {"/api/v1/nonexistent", 404},
		{"/api/v1/releases/999999", 404}, {"/api/v1/cases/2099-999", 404},
	} {
		var body struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		fx.jsonBody(t, tt.path, tt.status, &body)
		if body.Error.Code == "" || !japanese.MatchString(body.Error.Message) || english.MatchString(body.Error.Message) {
			t.Errorf("%s: error %+v", tt.path, body.Error)
		}
	}
}

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Query parameters come from anyone. Each is checked here; whatever does
// not fit is EINVALID (400), never passed on to become a 500. Values go
// to the store only as bound arguments, so SQL in them is only text.

const (
	maxRawQuery = 2048
	maxQRunes   = 200
	maxValue    = 256
)

// params is a request's validated query string.
type params struct {
	v url.Values
}

func parseParams(r *http.Request) (params, error) {
	raw := r.URL.RawQuery
	if len(raw) > maxRawQuery {
		return params{}, jikenbo.Errorf(jikenbo.EINVALID, "クエリが長すぎます")
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return params{}, jikenbo.Errorf(jikenbo.EINVALID, "クエリの形式が正しくありません")
	}
	for _, vals := range v {
		for _, s := range vals {
			if !utf8.ValidString(s) || len(s) > maxValue {
				return params{}, jikenbo.Errorf(jikenbo.EINVALID, "クエリの値が正しくありません")
			}
		}
	}
	return params{v}, nil
}

func (p params) str(key string) string { return p.v.Get(key) }

// q is the search text, at most maxQRunes characters.
func (p params) q() (string, error) {
	q := p.v.Get("q")
	if utf8.RuneCountInString(q) > maxQRunes {
		return "", jikenbo.Errorf(jikenbo.EINVALID, "検索語は%d文字までです", maxQRunes)
	}
	return q, nil
}

func (p params) intIn(key string, lo, hi int) (int, error) {
	s := p.v.Get(key)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, jikenbo.Errorf(jikenbo.EINVALID, "%s は %d〜%d の数で指定してください", key, lo, hi)
	}
	return n, nil
}

func (p params) id(key string) (int64, error) {
	s := p.v.Get(key)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, jikenbo.Errorf(jikenbo.EINVALID, "%s は正の整数で指定してください", key)
	}
	return n, nil
}

func (p params) category() (string, error) {
	c := p.v.Get("category")
	if c == "" || slices.ContainsFunc(jikenbo.Categories, func(t jikenbo.Term) bool { return t.Code == c }) {
		return c, nil
	}
	return "", jikenbo.Errorf(jikenbo.EINVALID, "不明な分類です")
}

func (p params) status() (jikenbo.Status, error) {
	switch s := jikenbo.Status(p.v.Get("status")); s {
	case "", jikenbo.StatusOngoing, jikenbo.StatusConcluded:
		return s, nil
	}
	return "", jikenbo.Errorf(jikenbo.EINVALID, "status は ongoing か concluded です")
}

func (p params) orgKind() (jikenbo.OrgKind, error) {
	k := jikenbo.OrgKind(p.v.Get("kind"))
	if k == "" || k.Valid() {
		return k, nil
	}
	return "", jikenbo.Errorf(jikenbo.EINVALID, "不明な組織の種類です")
}

func (p params) thirdParty() (*bool, error) {
	switch p.v.Get("third_party") {
	case "":
		return nil, nil
	case "true", "1":
		t := true
		return &t, nil
	case "false", "0":
		f := false
		return &f, nil
	}
	return nil, jikenbo.Errorf(jikenbo.EINVALID, "third_party は true か false です")
}

func (p params) persons() (string, error) {
	s := p.v.Get("persons")
	if s == "" {
		return "", nil
	}
	if _, ok := jikenbo.FindPersonRange(s); !ok {
		return "", jikenbo.Errorf(jikenbo.EINVALID, "不明な被害人数の範囲です")
	}
	return s, nil
}

func (p params) date(key string) (jikenbo.Date, error) {
	s := p.v.Get(key)
	if s == "" {
		return jikenbo.Date{}, nil
	}
	d, err := jikenbo.ParseDate(s)
	if err != nil {
		return jikenbo.Date{}, jikenbo.Errorf(jikenbo.EINVALID, "%s は YYYY-MM-DD で指定してください", key)
	}
	return d, nil
}

// limit is a page size between 1 and max; def when absent.
func (p params) limit(def, max int) (int, error) {
	n, err := p.intIn("limit", 1, max)
	if n == 0 {
		n = def
	}
	return n, err
}

// releaseQuery reads the filters the search page, its feed and the API
// share.
func (p params) releaseQuery() (jikenbo.ReleaseQuery, error) {
	var q jikenbo.ReleaseQuery
	var err error
	errs := func(e error) {
		if err == nil {
			err = e
		}
	}
	var e error
	q.Q, e = p.q()
	errs(e)
	q.Category, e = p.category()
	errs(e)
	q.Status, e = p.status()
	errs(e)
	q.OrgKind, e = p.orgKind()
	errs(e)
	q.ThirdParty, e = p.thirdParty()
	errs(e)
	q.Persons, e = p.persons()
	errs(e)
	q.Year, e = p.intIn("year", 1900, 9999)
	errs(e)
	q.Since, e = p.date("since")
	errs(e)
	q.OrganizationID, e = p.id("org")
	errs(e)
	q.Label = p.str("label")
	q.Cursor = p.str("cursor")
	return q, err
}

// pathID parses a numeric path segment; anything else is not a page.
func pathID(s, what string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || len(s) > 18 {
		return 0, notFound(what)
	}
	return n, nil
}

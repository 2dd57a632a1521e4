package ingest

import (
	"bytes"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/japanese"

	"github.com/jikenbo/jikenbo"
)

// ReadHTML reads an HTML page: its main text (readability drops
// navigation, menus, sidebars and footers), its title and its date.
// contentType is the type a server sent with the page ("" for a file); its
// charset counts only when the bytes leave a doubt.
func ReadHTML(name, contentType string, b []byte) (Document, error) {
	if len(b) > MaxHTMLSize {
		return Document{}, invalidf(name, "the page is %d MB, more than the %d MB limit for an HTML page", len(b)>>20, MaxHTMLSize>>20)
	}
	if isBinary(b) {
		return Document{}, invalidf(name, "binary data, not an HTML page")
	}
	text, enc := decodeHTML(contentType, b)
	// Shift_JIS and EUC-JP grow by half in UTF-8: the decoded page is
	// bounded too, as it is what the parser holds.
	if len(text) > MaxHTMLSize {
		return Document{}, invalidf(name, "the page is %d MB once decoded, more than the %d MB limit for an HTML page", len(text)>>20, MaxHTMLSize>>20)
	}
	if err := checkDecoded(name, text); err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// html.Parse only fails on reader errors; a strings.Reader has none.
		return Document{}, invalidf(name, "HTML: %v", err)
	}
	meta := readHTMLMeta(root)

	var pageURL *url.URL
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		pageURL = u
	}
	// The fallback reading is taken first because readability mutates the
	// tree it reads.
	fallback := htmlText(mainContent(root))
	body := ""
	parser := readability.NewParser()
	if art, err := parser.ParseAndMutate(root, pageURL); err == nil && art.Node != nil {
		body = htmlText(art.Node)
		if meta.published.IsZero() {
			if t, err := art.PublishedTime(); err == nil {
				meta.published = jikenbo.DateOf(t)
			}
		}
	}
	if strings.TrimSpace(fallback) == "" {
		// Whatever readability found is in the page's header, navigation
		// or footer.
		return Document{}, invalidf(name, "the page has no text outside its navigation, header and footer")
	}
	// On short notices readability may keep too little (it aims at
	// articles of 500 characters and more); the page's main element, or
	// its body without page chrome, is then a better read.
	if utf8.RuneCountInString(body) < utf8.RuneCountInString(fallback)/3 {
		body = fallback
	}
	body = dropCopyright(body)
	if strings.TrimSpace(body) == "" {
		return Document{}, invalidf(name, "the page has no text")
	}

	title := meta.title(body)
	body = withTitle(title, body)
	published := meta.published
	if published.IsZero() {
		published = dateInText(body)
	}
	ct := TypeHTML + "; charset=" + strings.ToLower(enc)
	return Document{Source: name, ContentType: ct, Original: b, Encoding: enc, Title: title, Text: body,
		Published: published, URL: meta.canonical}, nil
}

// copyrightLine is a site footer's notice, which readability keeps when
// the footer is a plain sibling of the content.
var copyrightLine = regexp.MustCompile(`(?i)^(copyright|\(c\)|©|all rights reserved)|all rights reserved\.?$`)

// dropCopyright removes copyright lines at the end of the text.
func dropCopyright(body string) string {
	lines := strings.Split(body, "\n")
	for len(lines) > 1 && copyrightLine.MatchString(strings.TrimSpace(lines[len(lines)-1])) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// withTitle puts the title on the first line when the text does not have
// it among its first lines (readability removes a heading that repeats the
// page title), because the extractor reads a release's title there.
func withTitle(title, body string) string {
	if title == "" {
		return body
	}
	n := 0
	for line := range strings.Lines(body) {
		if strings.Contains(line, title) {
			return body
		}
		if n++; n == 5 {
			break
		}
	}
	return title + "\n" + body
}

// decodeHTML returns the page as UTF-8 and the encoding it was read in.
// Valid UTF-8 is believed over any label, because pages converted to UTF-8
// often keep their old Shift_JIS meta tag. Otherwise a Japanese label is
// followed when its encoding reads the bytes cleanly, and the bytes decide
// (Decode) when there is no label, the label says UTF-8, or the label's
// encoding reads them badly.
func decodeHTML(contentType string, b []byte) (string, string) {
	if utf8.Valid(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))) {
		return Decode(b)
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	if label == "" {
		if _, name, _ := charset.DetermineEncoding(b[:min(len(b), 1024)], "text/html"); name != "windows-1252" {
			label = name
		}
	}
	guess, guessEnc := Decode(b)
	e, name := charset.Lookup(label)
	if e == nil {
		return guess, guessEnc
	}
	switch e {
	case japanese.ShiftJIS, japanese.EUCJP, japanese.ISO2022JP:
		out, err := e.NewDecoder().Bytes(b)
		s := string(out)
		if err == nil && strings.Count(s, "\uFFFD") <= strings.Count(guess, "\uFFFD") {
			return s, map[string]string{"shift_jis": ShiftJIS, "euc-jp": EUCJP, "iso-2022-jp": ISO2022JP}[name]
		}
		return guess, guessEnc
	}
	// A label naming another encoding (windows-1252, say) wins only when
	// the bytes do not read as Japanese at all.
	if name != "utf-8" && plausibility(guess) <= 0 {
		if out, err := e.NewDecoder().Bytes(b); err == nil {
			return string(out), strings.ToUpper(name)
		}
	}
	return guess, guessEnc
}

// htmlMeta is what the page says about itself outside its main text.
type htmlMeta struct {
	h1s       []string // h1 headings outside header, nav, footer and aside
	ogTitle   string
	siteName  string
	docTitle  string // <title>
	canonical string
	published jikenbo.Date
}

func readHTMLMeta(root *html.Node) htmlMeta {
	var m htmlMeta
	var walk func(n *html.Node, chrome bool)
	walk = func(n *html.Node, chrome bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "header", "nav", "footer", "aside":
				chrome = true
			case "title":
				if m.docTitle == "" {
					m.docTitle = oneLine(htmlText(n))
				}
			case "h1":
				if t := oneLine(htmlText(n)); t != "" && !chrome {
					m.h1s = append(m.h1s, t)
				}
			case "meta":
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				content := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:title":
					m.ogTitle = oneLine(content)
				case "og:site_name":
					m.siteName = oneLine(content)
				case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.issued", "pubdate":
					if m.published.IsZero() {
						m.published, _ = parseMachineDate(content)
					}
				}
			case "time":
				if m.published.IsZero() && !chrome {
					if m.published, _ = parseMachineDate(attr(n, "datetime")); m.published.IsZero() {
						m.published = parseTextDate(htmlText(n))
					}
				}
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					m.canonical = attr(n, "href")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, chrome)
		}
	}
	walk(root, false)
	return m
}

// titleSeparators split a page title from the site's name.
var titleSeparators = []string{" | ", "｜", "|", " - ", " – ", " — ", " :: ", " / "}

// genericTitles are page titles that name the kind of page, not the
// release.
var genericTitles = map[string]bool{
	"お知らせ": true, "新着情報": true, "ニュース": true, "ニュースリリース": true, "プレスリリース": true,
	"報道発表": true, "報道発表資料": true, "記者発表": true, "重要なお知らせ": true, "トップページ": true,
	"ホーム": true, "news": true, "information": true, "お知らせ一覧": true, "home": true,
}

// title picks the release's title: the first h1 of the content (not a
// logo in the header), then og:title, then <title> without its " | site"
// suffix, then the first line of the text. A candidate that is the site's
// name or a generic word (お知らせ) is passed over: readability's own
// title is the site's name on many pages.
func (m htmlMeta) title(body string) string {
	site := m.siteName
	stripped, separated := m.docTitle, false
	for _, sep := range titleSeparators {
		if parts := strings.Split(m.docTitle, sep); len(parts) > 1 {
			first, last := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[len(parts)-1])
			stripped, separated = first, true
			if site == "" {
				site = last
			} else if first == site {
				stripped = last
			}
			break
		}
	}
	ok := func(t string) bool {
		return t != "" && t != site && !genericTitles[strings.ToLower(t)] && utf8.RuneCountInString(t) <= 200
	}
	for _, t := range m.h1s {
		if ok(t) {
			return t
		}
	}
	og := m.ogTitle
	for _, sep := range titleSeparators {
		if i := strings.Index(og, sep); i > 0 && (strings.TrimSpace(og[i+len(sep):]) == site || strings.TrimSpace(og[i+len(sep):]) == m.docTitle) {
			og = strings.TrimSpace(og[:i])
		}
	}
	if ok(og) {
		return og
	}
	if ok(stripped) && (separated || looksLikeReleaseTitle(stripped)) {
		return stripped
	}
	// The <title> is only the site's name (old pages often say nothing
	// else there) or a generic word: the release's heading is then among
	// the first lines of its text.
	n := 0
	for line := range strings.Lines(body) {
		if l := strings.TrimSpace(line); ok(l) && looksLikeReleaseTitle(l) {
			return l
		}
		if n++; n == 5 {
			break
		}
	}
	if ok(stripped) {
		return stripped
	}
	return firstLine(body)
}

// titleWords are words of which nearly every release title has one.
var titleWords = []string{"について", "お詫び", "おわび", "お知らせ", "報告", "ご案内", "発生", "漏えい", "漏洩", "流出",
	"紛失", "不正アクセス", "誤送信", "誤送付", "誤配", "被害", "感染", "事案", "処分"}

func looksLikeReleaseTitle(s string) bool {
	for _, w := range titleWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// mainContent is the page's <main>, else its only <article>, else its
// body, with header, nav, footer and aside removed: a reading of the page
// for when readability keeps too little.
func mainContent(root *html.Node) *html.Node {
	var mains, articles []*html.Node
	var body *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "main" || attr(n, "role") == "main":
				mains = append(mains, n)
			case n.Data == "article":
				articles = append(articles, n)
			case n.Data == "body":
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(root)
	pick := body
	switch {
	case len(mains) == 1:
		pick = mains[0]
	case len(articles) == 1:
		pick = articles[0]
	}
	if pick == nil {
		return root
	}
	clone := cloneWithout(pick, map[string]bool{"header": true, "nav": true, "footer": true, "aside": true})
	return clone
}

// cloneWithout copies n without the elements named in drop.
func cloneWithout(n *html.Node, drop map[string]bool) *html.Node {
	c := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Attr: n.Attr}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && drop[k.Data] {
			continue
		}
		c.AppendChild(cloneWithout(k, drop))
	}
	return c
}

// oneLine joins the lines of s with spaces: titles split by <br>.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// DecodeHTML returns an HTML page as UTF-8 and the encoding it was read
// in, as ReadHTML decodes it: UTF-8, Shift_JIS, EUC-JP or ISO-2022-JP by
// the bytes, the Content-Type's charset and the meta tag.
func DecodeHTML(contentType string, b []byte) (text, encoding string) {
	return decodeHTML(contentType, b)
}

package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"

	"github.com/jikenbo/jikenbo"
)

// FuzzReadHTML: any bytes give a document or an error, never a panic, and
// a document's text is valid UTF-8 without empty lines.
func FuzzReadHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, file := range files {
		f.Add(mustRead(f, file), "")
	}
	f.Add([]byte("<p>個人\n情報<br>漏えい<td>件数</td>"), "text/html; charset=shift_jis")
	f.Add([]byte("<html><head><title>a | b</title><meta property=og:title content='c｜b'></head><h1></h1>"), "text/html; charset=euc-jp")
	f.Fuzz(func(t *testing.T, b []byte, contentType string) {
		d, err := ReadHTML("fuzz.html", contentType, b)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
			t.Errorf("invalid UTF-8 out of %q", b)
		}
		if strings.Contains(d.Text, "\n\n") {
			t.Errorf("empty line in %q", d.Text)
		}
	})
}

// FuzzReadBlogger: any bytes give posts and problems or an error, never a
// panic, and every post has a source.
func FuzzReadBlogger(f *testing.F) {
	f.Add(mustRead(f, "testdata/blogger/broken.xml"))
	b := string(mustRead(f, "testdata/blogger/takeout-feed.atom"))
	// The first two entries are enough for the fuzzer to mutate.
	if i := strings.Index(b, "<entry>"); i > 0 {
		if j := strings.Index(b[i+1:], "<entry>"); j > 0 {
			if k := strings.Index(b[i+1+j+1:], "<entry>"); k > 0 {
				f.Add([]byte(b[:i+1+j+1+k] + "</feed>"))
			}
		}
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><published>2024-01-01T00:00:00Z</published><link rel="alternate" href="https://b.example/1.html"/><content type="html">&lt;p&gt;a&lt;/p&gt;</content></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := ReadBlogger("fuzz.xml", b)
		if err != nil {
			return
		}
		for _, p := range res.Posts {
			if p.Source == "" {
				t.Errorf("post without source out of %q", b)
			}
		}
	})
}

// FuzzReadText: a text file or casebook page gives at least one post,
// never a panic; posts start on increasing lines inside the file, their
// text is valid UTF-8, a post cut from a page is a piece of the decoded
// page, and every date read (headline, earlier releases) is a real day.
func FuzzReadText(f *testing.F) {
	f.Add(mustRead(f, "testdata/casebook-page.txt"))
	f.Add(mustRead(f, "testdata/raw-hospital-usb.sjis.txt"))
	f.Add(mustRead(f, "testdata/raw-misdelivery.eucjp.txt"))
	f.Add([]byte("ラベル 不正アクセス の投稿を表示しています。\n【セキュリティ事件簿#2024-7】株式会社あ 題 2024/2/30\n本文\n【2024年13月5日リリース分】\n【セキュリティ事件簿】題のみ\n"))
	f.Add([]byte("\xef\xbb\xbf【セキュリティ事件簿#2024-244】\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		posts, err := ReadText("fuzz.txt", b)
		if err != nil {
			if len(posts) != 0 {
				t.Fatalf("error %v with %d posts", err, len(posts))
			}
			return
		}
		if len(posts) == 0 {
			t.Fatalf("no post and no error out of %q", b)
		}
		// A post's original is its part of the page as read: decoded, and
		// with the control characters CleanText removes removed.
		decoded, _ := Decode(b)
		decoded, _ = CleanText(decoded)
		nLines := strings.Count(decoded, "\n") + 1
		prev := 0
		for i, p := range posts {
			if p.Line <= prev || p.Line > nLines {
				t.Errorf("post %d starts on line %d after %d, of %d lines", i, p.Line, prev, nLines)
			}
			prev = p.Line
			if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Headline.Title) || !utf8.ValidString(p.Headline.Organization) {
				t.Errorf("post %d: invalid UTF-8 out of %q", i, b)
			}
			if len(posts) > 1 && !strings.Contains(decoded, string(p.Original)) {
				t.Errorf("post %d's original %q is not part of the page", i, p.Original)
			}
			for _, d := range append([]jikenbo.Date{p.Headline.Published}, p.Earlier...) {
				if !d.IsZero() && !realDay(d) {
					t.Errorf("post %d: date %v is no day", i, d)
				}
			}
		}
	})
}

// realDay reports a date that exists in the calendar.
func realDay(d jikenbo.Date) bool {
	t := d.Time()
	return d.Month >= 1 && d.Month <= 12 && t.Year() == d.Year && int(t.Month()) == d.Month && t.Day() == d.Day
}

// FuzzDecode: any bytes decode to valid UTF-8 under one of the four
// encodings; valid UTF-8 comes back unchanged (less a byte-order mark);
// Japanese text encoded as Shift_JIS or EUC-JP comes back as it was
// whenever that encoding is the one detected.
func FuzzDecode(f *testing.F) {
	f.Add(mustRead(f, "testdata/raw-hospital-usb.sjis.txt"))
	f.Add(mustRead(f, "testdata/raw-misdelivery.eucjp.txt"))
	f.Add([]byte("個人情報の漏えいについて"))
	f.Add([]byte("\x1b$B8D?M>pJs\x1b(B"))
	f.Add([]byte("\xef\xbb\xbfＡＢＣ\xe5\x80"))
	f.Fuzz(func(t *testing.T, b []byte) {
		text, enc := Decode(b)
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 out of %q (%s)", b, enc)
		}
		switch enc {
		case UTF8, ShiftJIS, EUCJP, ISO2022JP:
		default:
			t.Fatalf("encoding %q", enc)
		}
		if enc == UTF8 && utf8.Valid(b) && text != strings.TrimPrefix(string(b), "\uFEFF") {
			t.Errorf("valid UTF-8 %q came back as %q", b, text)
		}
		// The same characters as Shift_JIS and EUC-JP.
		s := strings.ToValidUTF8(string(b), "")
		for _, c := range []struct {
			name string
			enc  encoding.Encoding
		}{{ShiftJIS, japanese.ShiftJIS}, {EUCJP, japanese.EUCJP}} {
			encoded, err := c.enc.NewEncoder().Bytes([]byte(s))
			if err != nil {
				continue // a character the encoding has not got
			}
			if back, err := c.enc.NewDecoder().Bytes(encoded); err != nil || string(back) != s {
				continue // no round trip in x/text itself (NEC and IBM duplicates)
			}
			if got, genc := Decode(encoded); genc == c.name && got != s {
				t.Errorf("%q as %s decoded to %q", s, c.name, got)
			}
		}
	})
}

// FuzzSniff: every input is one of the four kinds or, only when its
// name or content type claims a PDF that the bytes are not, an error
// naming the input; PDF magic always wins; the name and the content
// type never make a feed, a PDF or a page of text out of HTML markup.
func FuzzSniff(f *testing.F) {
	f.Add("a.pdf", "", mustRead(f, "testdata/pdf/cid-ucs2.pdf"))
	f.Add("testdata/bad/really-html.pdf", "", mustRead(f, "testdata/bad/really-html.pdf"))
	f.Add("https://example.com/r?x=1.pdf", "application/pdf; charset=x", []byte("<html>"))
	f.Add("feed.atom", "", []byte("<?xml version='1.0'?><!-- c --><feed xmlns='http://www.w3.org/2005/Atom'>"))
	f.Add("a.htm", "text/plain", []byte("本文"))
	f.Add("a.txt", "text/html", []byte("\xef\xbb\xbf  <!doctype html><p>"))
	f.Fuzz(func(t *testing.T, name, contentType string, b []byte) {
		kind, err := Sniff(name, contentType, b)
		if err != nil {
			if kind != "" || !strings.HasPrefix(jikenbo.ErrorMessage(err), name+": ") || jikenbo.ErrorCode(err) != jikenbo.EINVALID {
				t.Fatalf("Sniff(%q, %q) = %q, %v", name, contentType, kind, err)
			}
			if isPDF(b) {
				t.Fatalf("PDF bytes refused: %v", err)
			}
			return
		}
		switch kind {
		case KindText, KindHTML, KindPDF, KindBlogger:
		default:
			t.Fatalf("kind %q", kind)
		}
		if isPDF(b) != (kind == KindPDF) {
			t.Errorf("kind %s for bytes with PDF magic %v", kind, isPDF(b))
		}
		// The bytes decide first: the same bytes under a plain name are the
		// same kind unless they are text that the name calls HTML.
		plain, err := Sniff("x", "", b)
		if err != nil || (plain != kind && !(plain == KindText && kind == KindHTML)) {
			t.Errorf("as %q: %s, as plain bytes: %s %v", name, kind, plain, err)
		}
	})
}

// FuzzPDFLayout: pdftotext's -bbox-layout output, however mangled (or
// however odd the boxes of a crafted PDF), gives pages or an error, never
// a panic or a hang; the text rebuilt from it is valid UTF-8 and made
// only of the characters of its words.
func FuzzPDFLayout(f *testing.F) {
	files, _ := filepath.Glob("testdata/bbox/*.xml")
	for _, file := range files {
		f.Add(mustRead(f, file))
	}
	f.Add([]byte(`<doc><page width="595" height="842"><line xMin="1e300" yMin="-1e300" xMax="NaN" yMax="+Inf"><word>あ</word></line></page></doc>`))
	// A page 10^18 points wide, as a crafted PDF can make pdftotext
	// report: the column search once stepped through it point by point.
	var wide strings.Builder
	wide.WriteString(`<doc><page width="1e18" height="842">`)
	for i := range 12 {
		fmt.Fprintf(&wide, `<line xMin="%d" yMin="%d" xMax="%d" yMax="%d"><word>あ</word></line>`, (i%2)*1e18, i*20, (i%2)*1e18+10, i*20+10)
	}
	f.Add([]byte(wide.String() + `</page></doc>`))
	f.Add([]byte(`<title>&amp;題</title><page><line xMin="3" yMin="4" xMax="2" yMax="1"><word> </word><word>x&lt;y</word></line><line><word>頁</word></page>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pages, title, err := parseBBox(b)
		if err != nil {
			return
		}
		words := map[rune]bool{}
		for _, p := range pages {
			for _, l := range p.lines {
				for _, r := range l.text {
					words[r] = true
				}
			}
		}
		text := pdfText(pages)
		if !utf8.ValidString(text) || !utf8.ValidString(title) {
			t.Fatalf("invalid UTF-8 out of %q", b)
		}
		for _, r := range text {
			if r != ' ' && r != '\n' && !words[r] {
				t.Fatalf("%q in the text is in no word of %q", r, b)
			}
		}
		if got := pdfTitle(text, title); !utf8.ValidString(got) {
			t.Fatalf("invalid title %q", got)
		}
	})
}

// FuzzDates: the date readers of HTML meta data, PDFs and Blogger posts
// return a real day or nothing, never a panic; a date they print is read
// back as the same date.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"2025年3月14日", "2025/3/14", "令和元年5月1日", "平成31年4月30日", "２０２４年２月２９日",
		"2023-02-29", "2024-03-15T09:30:00.000+09:00", "2024-03-15 09:30:00", "2024-03-15T09:30Z", "令和99年1月1日", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, d := range map[string]jikenbo.Date{"parseTextDate": parseTextDate(s), "dateInText": dateInText(s)} {
			if !d.IsZero() && (!realDay(d) || d.Year < 1990 || d.Year > 2100) {
				t.Errorf("%s(%q) = %v", name, s, d)
			}
		}
		d, at := parseMachineDate(s)
		if !d.IsZero() && !realDay(d) {
			t.Errorf("parseMachineDate(%q) = %v", s, d)
		}
		if !at.IsZero() && jikenbo.DateOf(at) != d {
			t.Errorf("parseMachineDate(%q) = %v at %v", s, d, at)
		}
		if !d.IsZero() {
			if back, _ := parseMachineDate(d.String()); back != d {
				t.Errorf("%v printed and read back is %v", d, back)
			}
		}
	})
}

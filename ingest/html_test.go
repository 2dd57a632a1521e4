package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/jikenbo/jikenbo"
)

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// hasLine reports whether text has a line that is exactly line.
func hasLine(text, line string) bool {
	for l := range strings.Lines(text) {
		if strings.TrimRight(l, "\n") == line {
			return true
		}
	}
	return false
}

func TestReadHTML(t *testing.T) {
	tests := []struct {
		file, enc, title, published string
		lines                       []string // whole lines the text must have
		absent                      []string // boilerplate that must not leak
	}{
		{"news-utf8.html", UTF8, "会員情報を含むメールの誤送信に関するお詫び", "2025-03-14",
			[]string{"株式会社やまびこ運輸", "配送会員のメールアドレス 418件", "4．再発防止策"},
			[]string{"採用情報", "サイトマップ", "春の引越しキャンペーン", "Copyright", "ホーム"}},
		{"news-sjis.html", ShiftJIS, "ランサムウェア被害に関するお知らせ（第2報）", "2024-11-08",
			[]string{"令和4年度から令和5年度までに本市の健康診断を受診された方 2,317人分の氏名、生年月日、住所、受診結果"},
			[]string{"くらし・手続き", "ごみの分け方", "Kohaku City"}},
		{"news-eucjp-nolabel.html", EUCJP, "お客様情報の紛失について", "2024-07-19",
			[]string{"青空信用組合", "2024年7月19日"},
			[]string{"個人のお客様", "店舗・ATM", "Copyright"}},
		// The old table layout's <title> is only the site's name.
		{"table-sjis.html", ShiftJIS, "弊社サーバーへの不正アクセスについて", "2023-12-04",
			[]string{"令和5年12月4日", "有限会社さくら精機", "１．発覚の経緯", "お取引先様の会社名、ご担当者様の氏名、電話番号、メールアドレス 約1,200件"},
			[]string{"会社概要", "精密ばね", "リンク集", "Sakura Seiki"}},
		{"short-notice.html", UTF8, "生徒の成績資料の誤配付について", "2025-01-20",
			[]string{"1月17日、本校の教員が生徒3名分の成績資料を誤って別の保護者に配付しました。資料は回収済みです。関係者の皆様に深くお詫び申し上げます。"},
			[]string{"お知らせ一覧", "アクセス"}},
		// Valid UTF-8 under an EUC-JP label is UTF-8.
		{"wrong-label-utf8.html", UTF8, "お客様情報の紛失について", "2024-07-19", []string{"青空信用組合"}, nil},
		// Shift_JIS bytes under a UTF-8 label are Shift_JIS.
		{"wrong-label-sjis.html", ShiftJIS, "生徒の成績資料の誤配付について", "2025-01-20", nil, []string{"\uFFFD"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := mustRead(t, "testdata/html/"+tt.file)
			d, err := ReadHTML(tt.file, "", b)
			if err != nil {
				t.Fatal(err)
			}
			if d.Encoding != tt.enc {
				t.Errorf("encoding = %s, want %s", d.Encoding, tt.enc)
			}
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			if d.Published.String() != tt.published {
				t.Errorf("published = %v, want %s", d.Published, tt.published)
			}
			if first := firstLine(d.Text); first != tt.title {
				t.Errorf("first line = %q, want the title", first)
			}
			for _, l := range tt.lines {
				if !hasLine(d.Text, l) {
					t.Errorf("no line %q in\n%s", l, d.Text)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(d.Text, a) {
					t.Errorf("boilerplate %q leaked into\n%s", a, d.Text)
				}
			}
			if !bytes.Equal(d.Original, b) || d.Source != tt.file || !strings.HasPrefix(d.ContentType, "text/html; charset=") {
				t.Errorf("original/source/type not kept: %d bytes, %q, %q", len(d.Original), d.Source, d.ContentType)
			}
		})
	}
}

// A charset in the server's Content-Type is followed for Japanese bytes.
func TestReadHTMLContentTypeCharset(t *testing.T) {
	b := mustRead(t, "testdata/html/news-eucjp-nolabel.html")
	d, err := ReadHTML("page", "text/html; charset=EUC-JP", b)
	if err != nil || d.Encoding != EUCJP || d.Title != "お客様情報の紛失について" {
		t.Errorf("got %q %s %v", d.Title, d.Encoding, err)
	}
}

// The source's line breaks between Japanese characters are not spaces;
// spaces the author typed stay.
func TestHTMLTextJoinsSourceLines(t *testing.T) {
	page := "<html><body><main><h1>メール誤送信について</h1><p>当社において、個人\n情報を含むメールを誤って送信する\n事案が発生しました。</p>" +
		"<p>株式会社みほん 総務部<br>電話 03-0000-0000</p><p>Contact\nus</p><script>var x = '秘密';</script>" +
		"<p style=\"display:none\">隠し文字</p><table><tr><td>氏名</td><td>住所</td></tr></table></main></body></html>"
	d, err := ReadHTML("inline.html", "", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"当社において、個人情報を含むメールを誤って送信する事案が発生しました。", "株式会社みほん 総務部", "電話 03-0000-0000", "Contact us", "氏名 住所"} {
		if !hasLine(d.Text, l) {
			t.Errorf("no line %q in\n%s", l, d.Text)
		}
	}
	for _, a := range []string{"秘密", "隠し文字"} {
		if strings.Contains(d.Text, a) {
			t.Errorf("%q leaked", a)
		}
	}
}

func TestReadHTMLTooLarge(t *testing.T) {
	// 50 MB of paragraphs, generated: too big to commit.
	p := []byte("<p>個人情報の漏えいに関するお知らせ。</p>\n")
	b := append([]byte("<html><body>"), bytes.Repeat(p, 50<<20/len(p)+1)...)
	_, err := ReadHTML("huge.html", "", b)
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "huge.html") || !strings.Contains(jikenbo.ErrorMessage(err), "20 MB limit") {
		t.Errorf("got %v, want a size error naming huge.html", err)
	}
	if jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("code %s, want invalid", jikenbo.ErrorCode(err))
	}
}

func TestReadHTMLInvalidBytes(t *testing.T) {
	// Bytes that are neither UTF-8 nor Shift_JIS nor EUC-JP.
	garbage := bytes.Repeat([]byte{0x80, 0xff, 0xfe, 0x85, 0xfd}, 200)
	page := append(append([]byte("<html><body><p>"), garbage...), "</p></body></html>"...)
	_, err := ReadHTML("garbage.html", "", page)
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "garbage.html: not readable as UTF-8, Shift_JIS or EUC-JP") {
		t.Errorf("got %v", err)
	}
	// A stray bad byte in an otherwise good Shift_JIS page is tolerated.
	b := mustRead(t, "testdata/html/news-sjis.html")
	b = bytes.Replace(b, []byte("</h1>"), []byte("\xff</h1>"), 1)
	if _, err := ReadHTML("one-bad-byte.html", "", b); err != nil {
		t.Errorf("one bad byte: %v", err)
	}
}

func TestReadHTMLEmpty(t *testing.T) {
	_, err := ReadHTML("empty.html", "", []byte("<html><body><nav><a href=/>ホーム</a></nav></body></html>"))
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "empty.html") {
		t.Errorf("got %v, want an error naming the page", err)
	}
}

func TestHTMLTitleRule(t *testing.T) {
	tests := []struct {
		name string
		meta htmlMeta
		body string
		want string
	}{
		{"h1 wins", htmlMeta{h1s: []string{"不正アクセスについて"}, docTitle: "お知らせ | 株式会社A"}, "x", "不正アクセスについて"},
		{"h1 that is the site name is skipped", htmlMeta{h1s: []string{"株式会社A"}, docTitle: "漏えいのお詫び | 株式会社A"}, "x", "漏えいのお詫び"},
		{"og:title without suffix", htmlMeta{ogTitle: "紛失について｜B市", docTitle: "B市"}, "x", "紛失について"},
		{"site first in title", htmlMeta{siteName: "C大学", docTitle: "C大学 - 誤送信について"}, "x", "誤送信について"},
		{"generic title falls to the text", htmlMeta{docTitle: "お知らせ | D社"}, "2024年1月5日\nD社\n個人情報の紛失について\n本文", "個人情報の紛失について"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.meta.title(tt.body); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadHTMLISO2022JP(t *testing.T) {
	src := mustRead(t, "testdata/html/short-notice.html")
	b, err := japanese.ISO2022JP.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadHTML("jis.html", "", b)
	if err != nil || d.Encoding != ISO2022JP || d.Title != "生徒の成績資料の誤配付について" {
		t.Errorf("got %q %s %v", d.Title, d.Encoding, err)
	}
}

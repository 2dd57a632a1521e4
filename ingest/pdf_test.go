package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/internal/testenv"
)

func readPDF(tb testing.TB, file string) (Document, error) {
	tb.Helper()
	testenv.PopplerData(tb)
	return PDFOptions{}.Read(context.Background(), file, mustRead(tb, file))
}

func TestReadPDF(t *testing.T) {
	tests := []struct {
		file, title, published string
		pages                  int
		lines                  []string
		absent                 []string
	}{
		// Chromium print, two pages, running header and "1 / 2" footer,
		// paragraphs broken across lines and over the page break.
		{"pdf-release.pdf", "当社サーバーへの不正アクセスによる個人情報漏えいのおそれについて（最終報告）", "2025-09-30", 2,
			[]string{
				"2025年9月30日",
				"株式会社あおば電子",
				"当社サーバーへの不正アクセスによる個人情報漏えいのおそれについて（最終報告）",
				"1．調査の結果",
				"2019年4月から2025年6月までの間に当社修理受付サービスをご利用になったお客様 12,486名分の氏名、住所、電話番号、メールアドレス、修理対象製品の型番。なお、クレジットカード情報は当該サーバーでは保存しておらず、漏えいのおそれはございません。",
				"当社では、本件を受けて次の対策を実施いたしました。第一に、すべての公開サーバーの設定を外部専門機関とともに点検し、管理画面への接続を社内ネットワークに限定いたしました。第二に、脆弱性診断を年二回定期的に実施する体制を整えました。第三に、不正な通信を検知する監視サービスを導入し、休日を含めて常時監視を行っております。第四に、全従業員を対象とした情報セキュリティ教育を実施し、委託先を含めた管理体制を見直しました。",
				"以上",
			},
			[]string{"ニュースリリース", "1 / 2", "2 / 2"}},
		// Two columns: the left one is read to its end before the right.
		{"pdf-twocol.pdf", "職員による住民情報の不適切な閲覧について", "2025-05-12", 1,
			[]string{
				"令和7年5月12日、あさひ町税務課に所属する職員が、業務上の必要がないにもかかわらず、住民基本台帳システムを使用して住民の個人情報を閲覧していたことが判明しました。町民の皆様の信頼を損なう事態となりましたことを、心からお詫び申し上げます。",
				"本件は、システムの操作記録を定期的に点検していた情報政策係が、不自然な検索の記録に気づいたことから発覚しました。町は当該職員から事情を聴取し、閲覧の事実を確認しました。",
				"本件に関するお問い合わせは、あさひ町総務課情報政策係までお寄せください。",
			}, nil},
		// Hand-written, with a CID font that is not embedded: needs
		// poppler-data's CMaps.
		{"cid-ucs2.pdf", "町立小学校における児童の個人情報の紛失について", "2024-02-09", 1,
			[]string{"令和6年2月9日", "みさき町教育委員会", "町立小学校における児童の個人情報の紛失について"}, nil},
		{"cid-sjis.pdf", "町立小学校における児童の個人情報の紛失について", "2024-02-09", 1,
			[]string{"みさき町教育委員会"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, err := readPDF(t, "testdata/pdf/"+tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.Published.String() != tt.published || d.Pages != tt.pages {
				t.Errorf("title %q published %v pages %d, want %q %s %d", d.Title, d.Published, d.Pages, tt.title, tt.published, tt.pages)
			}
			for _, l := range tt.lines {
				if !hasLine(d.Text, l) {
					t.Errorf("no line %q in\n%s", l, d.Text)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(d.Text, a) {
					t.Errorf("page furniture %q left in\n%s", a, d.Text)
				}
			}
			if d.ContentType != TypePDF || len(d.Original) == 0 {
				t.Errorf("content type %q, %d original bytes", d.ContentType, len(d.Original))
			}
		})
	}
}

func TestReadPDFErrors(t *testing.T) {
	testenv.PopplerData(t)
	full := mustRead(t, "testdata/pdf/pdf-release.pdf")
	damaged := append([]byte(nil), full...)
	copy(damaged[9:], strings.Repeat("x", len(damaged)-200)) // keeps %PDF- and %%EOF
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"scanned.pdf", mustRead(t, "testdata/pdf/scanned.pdf"), "scanned.pdf: the PDF has no text layer (1 page(s) of images only"},
		{"truncated.pdf", full[:len(full)/2], "truncated.pdf: truncated PDF"},
		{"damaged.pdf", damaged, "damaged.pdf: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PDFOptions{}.Read(context.Background(), tt.name, tt.b)
			if err == nil || !strings.HasPrefix(jikenbo.ErrorMessage(err), tt.want) {
				t.Errorf("got %v, want a message starting %q", err, tt.want)
			}
		})
	}
}

func TestReadPDFReallyHTML(t *testing.T) {
	// Named .pdf, holding a server's 404 page: rejected, not imported.
	_, err := ReadBytes("testdata/bad/really-html.pdf", mustRead(t, "testdata/bad/really-html.pdf"))
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "testdata/bad/really-html.pdf: HTML, not a PDF") {
		t.Errorf("got %v", err)
	}
	// The same with a PDF content type from a server.
	var r Reader
	_, err = r.Read(context.Background(), "https://example.com/release", "application/pdf", mustRead(t, "testdata/bad/really-html.pdf"))
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "https://example.com/release: HTML, not a PDF") {
		t.Errorf("got %v", err)
	}
}

func TestReadPDFWithoutPdftotext(t *testing.T) {
	o := PDFOptions{Command: "pdftotext-not-installed-here"}
	_, err := o.Read(context.Background(), "x.pdf", mustRead(t, "testdata/pdf/cid-ucs2.pdf"))
	if err != ErrNoPdftotext || !strings.Contains(err.Error(), "apt-get install poppler-utils poppler-data") {
		t.Errorf("got %v", err)
	}
}

func TestReadPDFTimeout(t *testing.T) {
	// A pdftotext that hangs stands for a pathological file.
	dir := t.TempDir()
	slow := filepath.Join(dir, "pdftotext")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 10\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	o := PDFOptions{Command: slow, Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := o.Read(context.Background(), "slow.pdf", mustRead(t, "testdata/pdf/cid-ucs2.pdf"))
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "slow.pdf: pdftotext did not finish within 200ms") {
		t.Errorf("got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s: the process was not stopped", d)
	}
}

// TestReadPDFLayoutLimit: pdftotext's output is read through a limit, and
// a PDF whose layout passes it is refused with the reason, while the
// same PDF under a larger limit is read.
func TestReadPDFLayoutLimit(t *testing.T) {
	testenv.Pdftotext(t)
	b := synth.PDF(400, 10)
	_, err := PDFOptions{MaxLayout: 256 << 10}.Read(context.Background(), "many-pages.pdf", b)
	if msg := jikenbo.ErrorMessage(err); jikenbo.ErrorCode(err) != jikenbo.EINVALID ||
		!strings.Contains(msg, "many-pages.pdf: pdftotext's text and layout of the PDF pass 256 KB after ") {
		t.Errorf("400 pages under a 256 KB limit: got %v", err)
	}
	d, err := PDFOptions{}.Read(context.Background(), "many-pages.pdf", b)
	if err != nil || d.Pages != 400 || !strings.Contains(d.Text, "400 10 a b c") {
		t.Errorf("400 pages under the default limit: %d pages, %v", d.Pages, err)
	}
}

func TestPageNumbers(t *testing.T) {
	for s, want := range map[string]bool{"3": true, "- 3 -": true, "3 / 12": true, "p.3": true, "3ページ": true, "（3）": true,
		"以上": false, "2025年": false, "": false, "第3条": false} {
		if got := isPageNumber(s); got != want {
			t.Errorf("isPageNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

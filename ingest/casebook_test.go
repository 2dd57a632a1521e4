package ingest_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
)

func TestReadTextPage(t *testing.T) {
	b, err := os.ReadFile("testdata/casebook-page.txt")
	if err != nil {
		t.Fatal(err)
	}
	posts, err := ingest.ReadText("page.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	d := func(y, m, dd int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: dd} }
	want := []struct {
		source, caseID, org, title string
		published                  jikenbo.Date
		earlier                    []jikenbo.Date
		line                       int
		firstLine, lastLine        string
	}{
		{"page.txt#1", "2025-101", "株式会社サンプル物産", "委託先におけるランサムウェア被害について", d(2025, 3, 14), []jikenbo.Date{d(2025, 1, 20)}, 3,
			"【セキュリティ事件簿#2025-101】株式会社サンプル物産 委託先におけるランサムウェア被害について 2025/3/14", "調査の結果、当社のお客様の氏名と住所が含まれていたことが分かりました。"},
		{"page.txt#2", "2025-101", "例示町", "印刷業務委託先のランサムウェア被害について", d(2025, 3, 17), []jikenbo.Date{d(2025, 1, 22)}, 16,
			"【セキュリティ事件簿#2025-101】例示町 印刷業務委託先のランサムウェア被害について 2025/3/17", "株式会社見本データから、町民の宛名情報が保存されたサーバーが暗号化されたと報告を受けました。"},
		{"page.txt#3", "2025-007", "", "試験大学職員によるメールの誤送信について", jikenbo.Date{}, nil, 24,
			"【セキュリティ事件簿#２０２５-００７】試験大学職員によるメールの誤送信について", "本学の職員が、学生への連絡メールをBCCではなくTOで送信しました。"},
	}
	if len(posts) != len(want) {
		t.Fatalf("got %d posts, want %d", len(posts), len(want))
	}
	for i, w := range want {
		p := posts[i]
		h := p.Headline
		if p.Source != w.source || h.CaseID != w.caseID || h.Organization != w.org || h.Title != w.title || h.Published != w.published || p.Line != w.line {
			t.Errorf("post %d: got %s line %d %q %q %q %v, want %s line %d %q %q %q %v", i, p.Source, p.Line, h.CaseID, h.Organization, h.Title, h.Published,
				w.source, w.line, w.caseID, w.org, w.title, w.published)
		}
		if !slices.Equal(p.Earlier, w.earlier) {
			t.Errorf("post %d earlier: got %v, want %v", i, p.Earlier, w.earlier)
		}
		lines := strings.Split(p.Text, "\n")
		if lines[0] != w.firstLine || lines[len(lines)-1] != w.lastLine {
			t.Errorf("post %d text: first %q last %q", i, lines[0], lines[len(lines)-1])
		}
		if strings.Contains(p.Text, "リリース文アーカイブ") || strings.Contains(p.Text, "リリース分") {
			t.Errorf("post %d keeps navigation: %q", i, p.Text)
		}
		if !slices.Equal(p.Labels, []string{"最終報告"}) {
			t.Errorf("post %d labels: %v", i, p.Labels)
		}
		if !strings.HasPrefix(string(p.Original), "【セキュリティ事件簿") || !strings.Contains(string(b), string(p.Original)) {
			t.Errorf("post %d original is not its piece of the page: %q", i, p.Original)
		}
	}
}

func TestReadTextSingle(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		caseID     string
	}{
		{"Raw", "個人情報の紛失について\n\n令和7年4月1日\n試験市\n", ""},
		{"Post", "【セキュリティ事件簿#2023-045】試験市 USBメモリの紛失について 2023/2/1\n\n本文です。\n", "2023-045"},
		{"PostWithoutNumber", "【セキュリティ事件簿】試験市 USBメモリの紛失について 2023/2/1\n\n本文です。\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			posts, err := ingest.ReadText("a.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != 1 || string(posts[0].Original) != tt.text || posts[0].Source != "a.txt" || posts[0].Headline.CaseID != tt.caseID {
				t.Errorf("got %+v", posts)
			}
			if posts[0].Text != tt.text {
				t.Errorf("text: got %q, want the file's text whole", posts[0].Text)
			}
		})
	}
	if _, err := ingest.ReadText("empty.txt", []byte(" \n\u3000\n")); jikenbo.ErrorCode(err) != jikenbo.EINVALID || jikenbo.ErrorMessage(err) != "no text" {
		t.Errorf("empty file: got %v, want invalid input: no text", err)
	}
}

// TestReadTextLabelPage reads the real label page of the shared corpus
// (not copied into the repository) when it is there.
func TestReadTextLabelPage(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpus", "pages", "label-final-report.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	posts, err := ingest.ReadText(path, b)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range posts {
		ids = append(ids, p.Headline.CaseID)
		if !slices.Equal(p.Labels, []string{"最終報告"}) {
			t.Errorf("%s: labels %v", p.Source, p.Labels)
		}
	}
	if want := []string{"2024-244", "2024-513", "2024-512", "2024-217", "2024-217", "2024-430", "2024-426"}; !slices.Equal(ids, want) {
		t.Errorf("case numbers: got %v, want %v", ids, want)
	}
	if got := posts[3].Earlier; len(got) != 1 || got[0].String() != "2024-07-05" {
		t.Errorf("earlier releases of the 4th post: %v, want [2024-07-05]", got)
	}
}

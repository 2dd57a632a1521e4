package ingest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestCleanText(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		removed  int
	}{
		{"個人情報", "個人情報", 0},
		{"行1\n行2\r\n\t字下げ\f次頁", "行1\n行2\r\n\t字下げ\f次頁", 0},
		{"漏えい\x00件数", "漏えい件数", 1},
		{"\x00\x01\x02先頭", "先頭", 3},
		{"末尾\x1b\x7f", "末尾", 2},
		{"C1\u0085\u009fの制御", "C1の制御", 2},
		{"\u00a0と\u3000は残る", "\u00a0と\u3000は残る", 0},
	} {
		got, n := CleanText(tt.in)
		if got != tt.want || n != tt.removed {
			t.Errorf("CleanText(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.removed)
		}
	}
}

// TestReadNotes: every kind of input goes through the one rule, and says
// what it changed: control characters removed (a NUL past the first
// 8 KB, where binary files are not told apart), bytes that were not
// valid in the encoding read, counted as bytes of that encoding.
func TestReadNotes(t *testing.T) {
	body := strings.Repeat("当社サーバーへの不正アクセスにより個人情報が流出した可能性があります。\n", 100)
	var r Reader
	for _, tt := range []struct {
		name, in string
		want     []string // notes
		text     string   // in the text
	}{
		{"nul.txt", body + "件数は\x00 300件\x00です\n", []string{"removed 2 control characters"}, "件数は 300件です"},
		{"cut.txt", body + "末尾\xe3\x81", []string{"2 bytes are not valid UTF-8"}, "末尾\uFFFD"},
		{"page.html", "<html><head><meta charset=utf-8><title>お知らせ\x01</title></head><body><p>" + body + "</p><p>件数\x00は300件</p></body></html>",
			[]string{"removed 2 control characters"}, "件数は300件"},
	} {
		res, err := r.Read(context.Background(), tt.name, "", []byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		d := res.Documents[0]
		notes := strings.Join(d.Notes, "; ")
		for _, w := range tt.want {
			if !strings.Contains(notes, w) {
				t.Errorf("%s: notes %q, want %q", tt.name, notes, w)
			}
		}
		if !strings.Contains(d.Text, tt.text) || strings.ContainsRune(d.Text, 0) {
			t.Errorf("%s: text ends %q, want %q in it and no NUL", tt.name, d.Text[max(0, len(d.Text)-60):], tt.text)
		}
		if tt.name == "nul.txt" {
			posts, err := ReadText(tt.name, []byte(tt.in))
			if err != nil || len(posts) != 1 || strings.ContainsRune(posts[0].Text, 0) || !strings.Contains(strings.Join(posts[0].Notes, ""), "removed 2 control") {
				t.Errorf("ReadText: %v, %+v", err, posts)
			}
		}
	}
}

// TestUndecodableCountsBytes: the refusal of text in no encoding counts
// the bad bytes of the encoding that read it best.
func TestUndecodableCountsBytes(t *testing.T) {
	b, err := os.ReadFile("testdata/raw-hospital-usb.sjis.txt")
	if err != nil {
		t.Fatal(err)
	}
	bad := append([]byte{}, b...)
	for i := 0; i < len(bad); i += 20 {
		bad[i] = 0xFF // not a byte of Shift_JIS, EUC-JP or UTF-8
	}
	_, err = ReadBytes("broken.txt", bad)
	msg := jikenbo.ErrorMessage(err)
	want := "broken.txt: not readable as UTF-8, Shift_JIS or EUC-JP: even as Shift_JIS, the closest,"
	if !strings.Contains(msg, want) || !strings.Contains(msg, " bytes are invalid") {
		t.Errorf("error %q, want %q … bytes are invalid", msg, want)
	}
}

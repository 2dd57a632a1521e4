package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name, contentType string
		b                 []byte
		want              string
	}{
		{"a.pdf", "", mustRead(t, "testdata/pdf/cid-ucs2.pdf"), KindPDF},
		{"no-extension", "", mustRead(t, "testdata/pdf/cid-ucs2.pdf"), KindPDF},
		{"release.html", "", []byte("%PDF-1.7\n..."), KindPDF}, // the bytes decide
		{"a.txt", "", mustRead(t, "testdata/html/news-sjis.html"), KindHTML},
		{"page", "", []byte("<!-- generated -->\n<html><body>x</body></html>"), KindHTML},
		{"page", "", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>"), KindHTML},
		{"export.xml", "", mustRead(t, "testdata/blogger/legacy-export.xml"), KindBlogger},
		{"feed.atom", "", mustRead(t, "testdata/blogger/takeout-feed.atom"), KindBlogger},
		{"x", "text/html; charset=shift_jis", []byte("\x8c\xc2\x90l\x8f\xee\x95\xf1"), KindHTML},
		{"notes.txt", "", []byte("個人情報の紛失について\n本文"), KindText},
		{"feedback.txt", "", []byte("<feedback>は大切です"), KindText},
	}
	for _, tt := range tests {
		if got, err := Sniff(tt.name, tt.contentType, tt.b); got != tt.want || err != nil {
			t.Errorf("Sniff(%q, %q, %.20q) = %q, %v; want %q", tt.name, tt.contentType, tt.b, got, err, tt.want)
		}
	}
	if _, err := Sniff("empty.pdf", "", nil); err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "empty.pdf: empty, not a PDF") {
		t.Errorf("empty .pdf: %v", err)
	}
}

func TestReadBytesText(t *testing.T) {
	b := mustRead(t, "testdata/raw-hospital-usb.sjis.txt")
	docs, err := ReadBytes("usb.txt", b)
	if err != nil || len(docs) != 1 {
		t.Fatalf("%d docs, %v", len(docs), err)
	}
	d := docs[0]
	if d.Encoding != ShiftJIS || d.Title != "個人情報を記録したUSBメモリーの紛失について" || !bytes.Equal(d.Original, b) || d.ContentType != TypeText {
		t.Errorf("got %q %s %q", d.Title, d.Encoding, d.ContentType)
	}
	if want, _ := Decode(b); d.Text != want {
		t.Error("the text of a text file is not its decoded bytes")
	}
}

func TestReadBytesBadInput(t *testing.T) {
	tests := map[string][]byte{
		"binary.txt":  append([]byte("\x00\x01\x02\x03"), bytes.Repeat([]byte{0x10, 0x00}, 100)...),
		"garbage.txt": bytes.Repeat([]byte{0x80, 0xff, 0xfe, 0xfd}, 100),
		"blank.txt":   []byte("  \n\n "),
	}
	for name, b := range tests {
		_, err := ReadBytes(name, b)
		if err == nil || jikenbo.ErrorCode(err) != jikenbo.EINVALID || !strings.HasPrefix(jikenbo.ErrorMessage(err), name+": ") {
			t.Errorf("%s: got %v, want an invalid-input error naming it", name, err)
		}
	}
}

func TestReadBytesBlogger(t *testing.T) {
	docs, err := ReadBytes("broken.xml", mustRead(t, "testdata/blogger/broken.xml"))
	if len(docs) != 2 || err == nil || !strings.Contains(err.Error(), "entry 2 (line 3)") || !strings.Contains(err.Error(), "entry 4 (line 5)") {
		t.Errorf("got %d docs, %v; want the 2 good posts and the broken entries joined in the error", len(docs), err)
	}
}

func TestParseTextDate(t *testing.T) {
	for s, want := range map[string]string{
		"2025年3月14日": "2025-03-14", "２０２４年１１月８日": "2024-11-08", "令和元年5月1日": "2019-05-01",
		"平成31年4月30日": "2019-04-30", "更新日：2024/11/08": "2024-11-08", "2024.7.1発表": "2024-07-01",
		"0120-000-111": "", "2024年13月1日": "", "令和6年2月30日": "",
	} {
		if got := parseTextDate(s).String(); got != want {
			t.Errorf("parseTextDate(%q) = %q, want %q", s, got, want)
		}
	}
}

package ingest

import (
	"os"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	hospital, err := os.ReadFile("../extract/testdata/raw-hospital-usb.txt")
	if err != nil {
		t.Fatal(err)
	}
	misdelivery, err := os.ReadFile("../extract/testdata/raw-misdelivery.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file     string
		wantText []byte
		wantEnc  string
	}{
		{"testdata/raw-hospital-usb.sjis.txt", hospital, ShiftJIS},
		{"testdata/raw-misdelivery.eucjp.txt", misdelivery, EUCJP},
		{"../extract/testdata/raw-hospital-usb.txt", hospital, UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			text, enc := Decode(b)
			if enc != tt.wantEnc {
				t.Errorf("encoding = %s, want %s", enc, tt.wantEnc)
			}
			if text != string(tt.wantText) {
				t.Errorf("decoded text differs from the UTF-8 original:\n%s", text)
			}
		})
	}
}

func TestDecodeDropsBOM(t *testing.T) {
	text, enc := Decode([]byte("\xEF\xBB\xBF個人情報"))
	if text != "個人情報" || enc != UTF8 {
		t.Errorf("got %q %s", text, enc)
	}
}

func TestDecodeShortShiftJIS(t *testing.T) {
	// "紛失" in Shift_JIS: two characters are enough to tell.
	text, enc := Decode([]byte{0x95, 0xb4, 0x8e, 0xb8})
	if text != "紛失" || enc != ShiftJIS {
		t.Errorf("got %q %s, want 紛失 Shift_JIS", text, enc)
	}
}

func TestDecodeGarbageKeepsGoing(t *testing.T) {
	text, _ := Decode([]byte{0xff, 0xfe, 0xfd, 'a'})
	if text == "" {
		t.Error("no text from undecodable bytes; want replacement characters")
	}
}

// TestDecodeNearlyUTF8: a UTF-8 file cut in the middle of its last
// character, or with one stray byte, is still read as UTF-8, the bad
// bytes replaced; Shift_JIS and EUC-JP are not taken for it.
func TestDecodeNearlyUTF8(t *testing.T) {
	text, err := os.ReadFile("../extract/testdata/raw-hospital-usb.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	cut := strings.TrimRight(s, "\n")
	cut = cut[:len(cut)-1] // the last character loses its last byte
	stray := s[:30] + "\xff" + s[30:]
	for _, tt := range []struct {
		name, in, want string
	}{
		{"cut", cut, strings.ToValidUTF8(cut, "\uFFFD")},
		{"stray byte", stray, s[:30] + "\uFFFD" + s[30:]},
	} {
		got, enc := Decode([]byte(tt.in))
		if enc != UTF8 || got != tt.want {
			t.Errorf("%s: read as %s, %q", tt.name, enc, firstLine(got))
		}
	}
	for _, f := range []string{"testdata/raw-hospital-usb.sjis.txt", "testdata/raw-misdelivery.eucjp.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, enc := Decode(b); enc == UTF8 {
			t.Errorf("%s read as UTF-8", f)
		}
	}
}

package houjin_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/houjin"
)

// FuzzRead feeds the reader arbitrary bytes: it never panics, every
// record it returns has a valid 法人番号 and a name, and an error stops
// the reading with the file's name in it.
func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/zenken-utf8.csv", "testdata/zenken-sjis.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("\ufeff1,7123456789012,01,0,,,名前,,301,,,,,,,,,,,,,,,1,,,,,,0\n"))
	f.Add([]byte("\"unterminated,"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := houjin.NewReader(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			t.Fatalf("NewReader on bytes: %v", err)
		}
		for i := 0; i < 10000; i++ {
			r, err := rd.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !strings.Contains(err.Error(), "fuzz.csv") {
					t.Fatalf("error without the file's name: %v", err)
				}
				return
			}
			if jikenbo.ValidCorporateNumber(r.CorporateNumber) != nil || r.Name == "" || r.Line < 1 {
				t.Fatalf("record %+v passed the checks", r)
			}
		}
	})
}

package houjin_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/houjin"
)

func readAll(t *testing.T, path string) (*houjin.Reader, []*houjin.Record) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := houjin.NewReader(f, path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*houjin.Record
	for {
		r, err := rd.Read()
		if err == io.EOF {
			return rd, out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

// The fixture (testdata/zenken-*.csv) is written in the agency's layout:
// no header, 30 columns, CRLF, once in Shift_JIS and once in UTF-8.
func TestReadBothEditions(t *testing.T) {
	for file, enc := range map[string]string{"testdata/zenken-utf8.csv": "UTF-8", "testdata/zenken-sjis.csv": "Shift_JIS"} {
		rd, recs := readAll(t, file)
		if rd.Encoding != enc || len(recs) != 8 {
			t.Fatalf("%s: read as %s, %d records; want %s, 8", file, rd.Encoding, len(recs), enc)
		}
		r := recs[0]
		if r.CorporateNumber != "2130001000001" || r.Name != "株式会社見本商事" || r.Kind != houjin.KindKK || r.Address() != "東京都千代田区丸の内一丁目1番1号" ||
			!r.Latest || r.Line != 1 || r.Furigana != "ミホンショウジ" {
			t.Errorf("%s: first record %+v", file, r)
		}
		if recs[5].Latest || recs[7].CloseDate != "2019-02-28" {
			t.Errorf("%s: latest and close date: %+v %+v", file, recs[5], recs[7])
		}
	}
}

func TestReadBOM(t *testing.T) {
	b, _ := os.ReadFile("testdata/zenken-utf8.csv")
	rd, err := houjin.NewReader(strings.NewReader("\ufeff"+string(b)), "bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	r, err := rd.Read()
	if err != nil || r.CorporateNumber != "2130001000001" {
		t.Errorf("with a BOM: %+v, %v", r, err)
	}
}

// A bad record names the file, the line and the column.
func TestReadErrors(t *testing.T) {
	good, _ := os.ReadFile("testdata/zenken-utf8.csv")
	lines := strings.SplitAfter(string(good), "\r\n")
	for name, c := range map[string]struct {
		line, want string
	}{
		"check digit":  {strings.Replace(lines[1], "2120001000002", "3120001000002", 1), "x.csv:2: column corporateNumber"},
		"short":        {"1,2130001000001,01\r\n", "x.csv:2: wrong number of fields"},
		"latest":       {strings.Replace(lines[1], ",1,,,,,ホクシン", ",x,,,,,ホクシン", 1), "x.csv:2: column latest"},
		"empty name":   {strings.Replace(lines[1], "株式会社北辰印刷", "", 1), "x.csv:2: column name"},
		"not a number": {strings.Replace(lines[1], "2120001000002", "ABC", 1), "x.csv:2: column corporateNumber"},
	} {
		rd, _ := houjin.NewReader(strings.NewReader(lines[0]+c.line), "x.csv")
		if _, err := rd.Read(); err != nil {
			t.Fatalf("%s: first record: %v", name, err)
		}
		_, err := rd.Read()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
		if name != "short" && jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Errorf("%s: code %s", name, jikenbo.ErrorCode(err))
		}
	}
}

package csvout_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/jikenbo/jikenbo/internal/csvout"
)

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := csvout.NewWriter(&b)
	cells := []string{"=HYPERLINK(\"http://evil.example\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "2024-217", "株式会社=", "", "a,b"}
	if err := w.WriteAll([][]string{cells}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Errorf("no byte-order mark: %q", b.String())
	}
	got, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=HYPERLINK(\"http://evil.example\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "2024-217", "株式会社=", "", "a,b"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

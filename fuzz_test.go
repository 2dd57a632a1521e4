package jikenbo_test

import (
	"encoding/json"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// FuzzParseDate: the date parser of API parameters, exports and forms
// takes exactly the days written YYYY-MM-DD: anything else is EINVALID;
// a date it takes prints back as the input, and goes through JSON and
// back unchanged.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "2024-13-01", "2024-1-2", "0000-01-01", "9999-12-31", " 2024-01-01", "2024-01-01T00:00:00Z", "２０２４-０１-０１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := jikenbo.ParseDate(s)
		if err != nil {
			if jikenbo.ErrorCode(err) != jikenbo.EINVALID || !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, %v", s, d, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which prints as %q", s, d, d.String())
		}
		if back := d.Time(); back.Year() != d.Year || int(back.Month()) != d.Month || back.Day() != d.Day {
			t.Fatalf("%v is no day: %v", d, back)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var got jikenbo.Date
		if err := json.Unmarshal(b, &got); err != nil || got != d {
			t.Fatalf("%v through JSON %s came back as %v, %v", d, b, got, err)
		}
	})
}

package taxonomy_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// FuzzParse: any table is either refused with an error naming the file,
// or accepted with a row for every code.
func FuzzParse(f *testing.F) {
	good, err := os.ReadFile("mapping.tsv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(strings.Join(taxonomy.Columns, "\t") + "\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := taxonomy.Parse(strings.NewReader(in), "fuzz.tsv")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.tsv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, c := range jikenbo.Categories {
			if !slices.ContainsFunc(rows, func(r taxonomy.Row) bool { return r.Kind == taxonomy.KindCategory && r.Code == c.Code }) {
				t.Fatalf("accepted a table without category %s", c.Code)
			}
		}
	})
}

// Package exporttest builds the casebooks the interchange exports are
// checked on (the sample casebook and the development corpus, imported
// into temporary SQLite files) and compiles the JSON Schemas they are
// checked against.
package exporttest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// Root is the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Shared is the shared folder beside the repository (../shared), with the
// corpus and the schemas.
func Shared() string { return filepath.Join(Root(), "..", "shared") }

// Casebook is a store with a name for test output.
type Casebook struct {
	Name  string
	Store *sqlite.Store
}

// SampleCasebook imports the embedded sample casebook into a new file.
func SampleCasebook(t testing.TB) Casebook {
	t.Helper()
	st := open(t)
	im := &casebook.Importer{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}
	if loaded, sum, err := sample.Load(context.Background(), im); err != nil || !loaded || sum.Failed > 0 {
		t.Fatalf("sample: loaded %v, %+v, %v", loaded, sum, err)
	}
	return Casebook{"sample", st}
}

// DevCasebook imports the development corpus's releases
// (../shared/corpus/dev/*.txt) into a new file; the test is skipped when
// the corpus is absent.
func DevCasebook(t testing.TB) Casebook {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Shared(), "corpus", "dev", "*.txt"))
	if len(files) == 0 {
		t.Skip("SKIPPING: the development corpus ../shared/corpus/dev is absent")
	}
	sort.Strings(files)
	st := open(t)
	im := &casebook.Importer{Store: st, Extract: extract.Extract, Linker: &link.Linker{}}
	sum, err := im.Import(context.Background(), files)
	if err != nil || sum.Failed > 0 {
		t.Fatalf("import dev corpus: %+v, %v", sum, err)
	}
	return Casebook{"dev", st}
}

func open(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "jikenbo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Records returns every public case of the casebook as EachPublicCase
// reads it.
func Records(t testing.TB, qs jikenbo.QueryStore) []*jikenbo.CaseRecord {
	t.Helper()
	var out []*jikenbo.CaseRecord
	err := jikenbo.EachPublicCase(context.Background(), qs, jikenbo.CaseSelection{}, func(r *jikenbo.CaseRecord) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no public case")
	}
	return out
}

// Compile compiles the JSON Schema with URL id from the files of dir
// (each added under its own $id, or its file URL when it has none); the
// test is skipped when dir is absent.
func Compile(t testing.TB, dir, id string) *jsonschema.Schema {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Skipf("SKIPPING: no schemas in %s (%v)", dir, err)
	}
	c := jsonschema.NewCompiler()
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		url := "file://" + f
		if m, ok := doc.(map[string]any); ok {
			if s, ok := m["$id"].(string); ok && s != "" {
				url = s
			}
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compile %s: %v", id, err)
	}
	return s
}

// Validate checks the JSON b against s, reporting what fails as a test
// error naming what.
func Validate(t testing.TB, s *jsonschema.Schema, what string, b []byte) bool {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytesReader(b))
	if err != nil {
		t.Errorf("%s: not JSON: %v", what, err)
		return false
	}
	if err := s.Validate(doc); err != nil {
		t.Errorf("%s: %v\n%s", what, err, b)
		return false
	}
	return true
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

package casebook_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// casesBySource maps each release's source to its case.
func casesBySource(t *testing.T, s jikenbo.Store) map[string]string {
	t.Helper()
	rs, _, err := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rs {
		out[r.Source] = r.CaseID
	}
	return out
}

// TestImportNumbersAsSequential: one import of a folder (workers reading
// ahead, batches of releases) files every release in the case a
// sequential import gives it, one file after another, each in a
// transaction of its own: the same input gives the same case numbers.
func TestImportNumbersAsSequential(t *testing.T) {
	dir := writeSynth(t, 7, 400)
	ctx := context.Background()
	batched := mustOpen(t)
	sum := mustImport(t, batched, dir)
	if sum.Added != 400 || sum.Linked == 0 || sum.NewCases == 0 {
		t.Fatalf("import: %+v; want 400 added, some linked, some new", sum)
	}
	files, _, _ := filesOf(t, dir)
	one := mustOpen(t)
	for _, f := range files {
		if _, err := importer(one).Import(ctx, []string{f}); err != nil {
			t.Fatal(err)
		}
	}
	got, want := casesBySource(t, batched), casesBySource(t, one)
	if len(got) != 400 || !maps.Equal(got, want) {
		n := 0
		for _, src := range slices.Sorted(maps.Keys(want)) {
			if got[src] != want[src] && n < 5 {
				t.Errorf("%s: case %s, one file at a time %s", filepath.Base(src), got[src], want[src])
				n++
			}
		}
		t.Errorf("%d releases filed, case numbers differ from a sequential import", len(got))
	}
	// Importing again writes nothing.
	if again := mustImport(t, batched, dir); again.Added != 0 || again.Present != 400 {
		t.Errorf("re-import: %+v, want 400 present", again)
	}
}

func filesOf(t *testing.T, dir string) ([]string, int, error) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	slices.Sort(out)
	return out, len(out), nil
}

// failingStore is a SQLite store on which filing the release of one
// source fails after the release was written.
type failingStore struct {
	jikenbo.Store
	bad string
}

func (s *failingStore) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) error {
	return s.Store.InTx(ctx, func(tx jikenbo.Store) error { return fn(&failingStore{tx, s.bad}) })
}

func (s *failingStore) AddAuditEntry(ctx context.Context, e *jikenbo.AuditEntry) error {
	if e.Action == jikenbo.AuditAddRelease {
		if r, err := s.FindReleaseByID(ctx, e.ReleaseID); err == nil && filepath.Base(r.Source) == s.bad {
			return jikenbo.Errorf(jikenbo.EINVALID, "refused by the test")
		}
	}
	return s.Store.AddAuditEntry(ctx, e)
}

// TestImportBatchFailureAlone: a release that fails after it was written
// (its release row, case and links are in the batch's transaction) is
// undone alone and reported with its file and cause; the releases before
// and after it in the same batch are kept, and importing again files it.
func TestImportBatchFailureAlone(t *testing.T) {
	dir := writeSynth(t, 11, 40)
	files, _, _ := filesOf(t, dir)
	bad := filepath.Base(files[17])
	s := mustOpen(t)
	im := importer(&failingStore{Store: s, bad: bad})
	im.Actor = "test"
	sum, err := im.Import(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 39 || sum.Failed != 1 || len(sum.Failures) != 1 {
		t.Fatalf("import: %+v; want 39 added, 1 failed", sum)
	}
	if f := sum.Failures[0].String(); f != files[17]+":1: refused by the test" {
		t.Errorf("failure = %q, want the file and the cause", f)
	}
	cases := casesBySource(t, s)
	if _, ok := cases[files[17]]; ok || len(cases) != 39 {
		t.Errorf("%d releases kept, the failed one among them: %v; want the 39 others", len(cases), ok)
	}
	// The batch's search index holds the releases kept, not the failed
	// one (its text was to be indexed as the batch committed).
	indexed := func(file string) bool {
		t.Helper()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		q := string([]rune(line)[:min(20, len([]rune(line)))])
		hits, _, err := s.SearchReleases(context.Background(), jikenbo.SearchQuery{Q: q, Limit: 100})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		return slices.ContainsFunc(hits, func(h jikenbo.SearchHit) bool { return h.Release.Source == file })
	}
	for i, f := range files {
		if got := indexed(f); got != (i != 17) {
			t.Errorf("%s in the search index: %v, want %v", filepath.Base(f), got, i != 17)
		}
	}
	if again := mustImport(t, s, dir); again.Added != 1 || again.Present != 39 {
		t.Errorf("import again: %+v, want the failed one added", again)
	}
	if !indexed(files[17]) {
		t.Errorf("%s imported again is not in the search index", bad)
	}
}

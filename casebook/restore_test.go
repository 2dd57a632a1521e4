package casebook_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
)

// exportLines exports a casebook of the four fixture releases and returns
// the export's lines.
func exportLines(t *testing.T) []string {
	t.Helper()
	s := mustOpen(t)
	mustImport(t, s, "testdata/releases")
	var b bytes.Buffer
	if err := casebook.WriteJSON(context.Background(), s, &b); err != nil {
		t.Fatal(err)
	}
	return strings.Split(b.String(), "\n")
}

// lineOf returns the 1-based number of the nth (from 1) line equal to s.
func lineOf(t *testing.T, lines []string, s string, nth int) int {
	t.Helper()
	for i, l := range lines {
		if l == s {
			if nth--; nth == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("the export has no line %q", s)
	return 0
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRestoreNamesLineOfBrokenExport breaks an export after its first
// releases in several ways: the failure names the file and the line of
// the break, and, since the whole file is checked before anything is
// restored, no release of it is stored.
func TestRestoreNamesLineOfBrokenExport(t *testing.T) {
	lines := exportLines(t)
	third := lineOf(t, lines, `      "id": 3,`, 1)
	secondCase := lineOf(t, lines, `      "id": "2025-061",`, 1)
	cases := lineOf(t, lines, `  "cases": [`, 1)
	edit := func(f func(l []string) []string) string {
		return strings.Join(f(append([]string(nil), lines...)), "\n")
	}
	for _, tc := range []struct {
		name string
		text string
		line int
		want string
	}{
		{"garbage in the third release", edit(func(l []string) []string {
			l[third-1] = `      "id": 3, garbage`
			return l
		}), third, "invalid character 'g'"},
		{"truncated in the third release", edit(func(l []string) []string {
			l[third+2] = l[third+2][:len(l[third+2])/2]
			return l[:third+3]
		}), third + 3, "unexpected EOF"},
		{"missing comma before the third release", edit(func(l []string) []string {
			l[third-3] = strings.TrimSuffix(l[third-3], ",")
			return l
		}), third - 1, "expected comma after array element"},
		{"wrong type in the third release", edit(func(l []string) []string {
			l[third-1] = `      "id": "three",`
			return l
		}), third, "releases.id"},
		{"garbage between releases and cases", edit(func(l []string) []string {
			return append(l[:cases-1], append([]string{"  garbage"}, l[cases-1:]...)...)
		}), cases, "invalid character 'g'"},
		{"unknown field in a case", edit(func(l []string) []string {
			l[secondCase-1] += ` "extra": true,`
			return l
		}), secondCase - 1, `unknown field "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writeFile(t, "export.json", tc.text)
			s := mustOpen(t)
			sum := mustImport(t, s, file)
			if sum.Failed != 1 || sum.Added != 0 || sum.Present != 0 {
				t.Fatalf("summary %+v %v, want one failure and nothing restored", sum, sum.Failures)
			}
			msg := sum.Failures[0].String()
			if prefix := fmt.Sprintf("%s:%d: not a jikenbo export: ", file, tc.line); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tc.want) {
				t.Errorf("failure %q, want %q… and %q", msg, prefix, tc.want)
			}
			if _, n, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{}); n != 0 {
				t.Errorf("%d releases stored from a broken export", n)
			}
		})
	}
}

// TestRestoreReleasesLast restores an export whose releases come after
// every other member, behind a byte order mark, under a name that does not
// say JSON: it is recognised by its first byte, restored whole with
// progress reported per release, and exports again to the same bytes as
// the original export.
func TestRestoreReleasesLast(t *testing.T) {
	ctx := context.Background()
	original := strings.Join(exportLines(t), "\n")
	var members map[string]json.RawMessage
	if err := json.Unmarshal([]byte(original), &members); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF\n{")
	for _, key := range []string{"version", "cases", "organizations", "labels", "retired_cases", "label_redirects", "releases"} {
		if key != "version" {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  %q: %s", key, members[key])
	}
	b.WriteString("\n}\n")
	file := writeFile(t, "casebook.dat", b.String())

	s := mustOpen(t)
	im := importer(s)
	var calls int
	var last, total int64
	im.Progress = func(done, all int64, _ *casebook.Summary) {
		if done < last || done > all {
			t.Errorf("progress %d of %d after %d", done, all, last)
		}
		calls, last, total = calls+1, done, all
	}
	sum, err := im.Import(ctx, []string{file})
	if err != nil || sum.Failed != 0 || sum.Added != 4 || sum.NewCases != 2 || sum.Linked != 2 {
		t.Fatalf("restore: %+v %v %v", sum, sum.Failures, err)
	}
	if calls != 5 || last != total {
		t.Errorf("progress reported %d times, last %d of %d; want once per release and once at the end", calls, last, total)
	}
	var again bytes.Buffer
	if err := casebook.WriteJSON(ctx, s, &again); err != nil {
		t.Fatal(err)
	}
	if again.String() != original {
		t.Errorf("export → reordered → import → export differs:\n%s", firstDiff(original, again.String()))
	}
}

// TestRestoreBadReleaseFailsAlone: a release whose digest does not match
// its bytes fails alone, named by its index and ID; the others and the
// cases are restored.
func TestRestoreBadReleaseFailsAlone(t *testing.T) {
	lines := exportLines(t)
	second := lineOf(t, lines, `      "id": 2,`, 1)
	for i := second; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], `      "sha256": "`) {
			lines[i] = `      "sha256": "` + strings.Repeat("0", 64) + `",`
			break
		}
	}
	file := writeFile(t, "export.json", strings.Join(lines, "\n"))
	s := mustOpen(t)
	sum := mustImport(t, s, file)
	if sum.Failed != 1 || sum.Added != 3 {
		t.Fatalf("summary %+v %v, want 3 added and 1 failed", sum, sum.Failures)
	}
	if msg := sum.Failures[0].String(); !strings.HasPrefix(msg, file+": releases[1] (id 2): field sha256: ") {
		t.Errorf("failure %q does not name the release", msg)
	}
	if _, err := s.FindCaseByID(context.Background(), "2025-061"); err != nil {
		t.Errorf("case 2025-061 not restored: %v", err)
	}
}

// presentStore says every release is in the casebook already, so that a
// restore decodes every release and stores none: what is left to measure
// is the reading of the export. Every 50th release it collects the
// garbage and notes the live heap: at the same points of every run and
// after a full collection, so the figure does not depend on how busy the
// machine is, as a heap sampled on a timer did.
type presentStore struct {
	jikenbo.Store
	calls    *int
	liveHeap *uint64
}

func newPresentStore(s jikenbo.Store) presentStore {
	return presentStore{Store: s, calls: new(int), liveHeap: new(uint64)}
}

func (s presentStore) FindReleaseBySHA256(context.Context, string) (*jikenbo.Release, error) {
	if *s.calls++; *s.calls%50 == 0 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		*s.liveHeap = max(*s.liveHeap, m.HeapAlloc)
	}
	return &jikenbo.Release{}, nil
}

// writeSyntheticExport writes an export of n releases of about 32 KB of
// text each, one at a time, and returns its path and size.
func writeSyntheticExport(t *testing.T, n int) (string, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("synthetic-%d.json", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"version": 2, "releases": [`)
	body := strings.Repeat("委託先のサーバーが不正アクセスを受け、顧客情報が漏えいした可能性があります。", 300)
	for i := range n {
		text := fmt.Sprintf("株式会社見本%d 個人情報漏えいのお知らせ\n%s", i, body)
		b, err := json.Marshal(casebook.ReleaseJSON{ID: int64(i + 1), Source: fmt.Sprintf("synthetic/%d.txt", i),
			SHA256: jikenbo.SHA256Hex([]byte(text)), Encoding: "UTF-8", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			w.WriteString(",\n")
		}
		w.Write(b)
	}
	w.WriteString("],\n\"cases\": [], \"organizations\": [], \"labels\": []}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, st.Size()
}

// restoreHeap restores the export at path through a presentStore and
// returns the largest live heap seen at its sampling points above the
// live heap before, and the bytes allocated per release.
func restoreHeap(t *testing.T, base jikenbo.Store, path string, n int) (live, perRelease uint64) {
	t.Helper()
	s := newPresentStore(base)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sum, err := importer(s).Import(context.Background(), []string{path})
	runtime.ReadMemStats(&after)
	if err != nil || sum.Present != n || sum.Failed != 0 {
		t.Fatalf("restore of %d releases: %+v %v %v", n, sum, sum.Failures, err)
	}
	if *s.calls != n {
		t.Fatalf("the store was asked about %d releases, want %d", *s.calls, n)
	}
	return *s.liveHeap - min(*s.liveHeap, before.HeapAlloc), (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

// TestRestoreHeapDoesNotGrowWithReleases restores exports of 200 and 800
// releases. A restore that streams holds one release at a time, so its
// live heap stays where it was, while a restore that reads the file whole
// holds the file and every release decoded from it, at least twice the
// 20 MB the file grows by; and what it allocates per release stays the
// same, where work that grows with the file (re-reading, quadratic
// buffers) would show.
func TestRestoreHeapDoesNotGrowWithReleases(t *testing.T) {
	s := mustOpen(t)
	small, smallSize := writeSyntheticExport(t, 200)
	large, largeSize := writeSyntheticExport(t, 800)
	liveSmall, allocSmall := restoreHeap(t, s, small, 200)
	liveLarge, allocLarge := restoreHeap(t, s, large, 800)
	t.Logf("live heap above the start: %.1f MB for 200 releases (%.1f MB file), %.1f MB for 800 (%.1f MB file); allocated per release %.1f KB and %.1f KB",
		float64(liveSmall)/1e6, float64(smallSize)/1e6, float64(liveLarge)/1e6, float64(largeSize)/1e6, float64(allocSmall)/1e3, float64(allocLarge)/1e3)
	growth := int64(liveLarge) - int64(liveSmall)
	if limit := (largeSize - smallSize) / 4; growth > limit {
		t.Errorf("the live heap grew by %.1f MB from 200 to 800 releases, more than %.1f MB (a quarter of the file's growth): the restore holds more than one release",
			float64(growth)/1e6, float64(limit)/1e6)
	}
	if allocLarge > allocSmall*5/4 {
		t.Errorf("allocated %d bytes per release for 800 releases, %d for 200: the work per release grows with the file", allocLarge, allocSmall)
	}
}

package casebook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/internal/synth"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

func mustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "jikenbo.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func importer(s jikenbo.Store) *casebook.Importer {
	return &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
}

func mustImport(tb testing.TB, s jikenbo.Store, paths ...string) *casebook.Summary {
	tb.Helper()
	sum, err := importer(s).Import(context.Background(), paths)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}

// stripNumbers copies the fixture releases with the numbers removed from
// their headlines, so that linking, not the numbers, has to group them.
func stripNumbers(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	files, _ := filepath.Glob("testdata/releases/*.txt")
	number := regexp.MustCompile(`#\d{4}-\d{3}`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), number.ReplaceAll(b, nil), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func caseOf(tb testing.TB, s jikenbo.Store, source string) *jikenbo.Case {
	tb.Helper()
	rs, _, err := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rs {
		if filepath.Base(r.Source) == source {
			c, err := s.FindCaseByID(context.Background(), r.CaseID)
			if err != nil {
				tb.Fatalf("case of %s: %v", source, err)
			}
			return c
		}
	}
	tb.Fatalf("no release from %s", source)
	return nil
}

func TestImportIdempotent(t *testing.T) {
	s := mustOpen(t)
	first := mustImport(t, s, "testdata/releases")
	if first.Added != 4 || first.Present != 0 || first.Failed != 0 || first.Files != 4 {
		t.Fatalf("first import: %+v", first)
	}
	again := mustImport(t, s, "testdata/releases", "testdata/releases/a-first.txt")
	if again.Added != 0 || again.Present != 5 || again.Failed != 0 || again.NewCases != 0 {
		t.Errorf("second import: %+v, want everything already present", again)
	}
	if _, n, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{}); n != 4 {
		t.Errorf("releases after two imports: %d, want 4", n)
	}
}

func TestImportKeepsNumbers(t *testing.T) {
	s := mustOpen(t)
	sum := mustImport(t, s, "testdata/releases")
	if sum.NewCases != 2 || sum.Linked != 2 {
		t.Errorf("summary: %+v, want 2 new cases and 2 linked", sum)
	}
	c := caseOf(t, s, "b-client.txt")
	if c.ID != "2025-050" || len(c.Releases) != 3 {
		t.Errorf("case of b-client.txt: %s with %d releases, want 2025-050 with 3", c.ID, len(c.Releases))
	}
	if c := caseOf(t, s, "d-other.txt"); c.ID != "2025-061" {
		t.Errorf("case of d-other.txt: %s, want 2025-061", c.ID)
	}
	// The next new case of 2025 continues after the highest kept number.
	nc := &jikenbo.Case{Year: 2025}
	if err := s.CreateCase(context.Background(), nc); err != nil || nc.ID != "2025-062" {
		t.Errorf("next number: %s, %v; want 2025-062", nc.ID, err)
	}
}

// doc returns the releases of an export.
func doc(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var d struct{ Releases []map[string]any }
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d.Releases
}

func TestImportLinking(t *testing.T) {
	s := mustOpen(t)
	sum := mustImport(t, s, stripNumbers(t))
	if sum.Added != 4 || sum.NewCases != 2 || sum.Linked != 2 {
		t.Fatalf("summary: %+v, want 4 added, 2 new cases, 2 linked", sum)
	}
	c := caseOf(t, s, "a-first.txt")
	if c.ID != "2025-001" {
		t.Errorf("case number: %s, want 2025-001 (year of its first release)", c.ID)
	}
	var sources []string
	for _, r := range c.Releases {
		rel, _ := s.FindReleaseByID(context.Background(), r.ReleaseID)
		sources = append(sources, filepath.Base(rel.Source)+":"+string(r.Stage))
	}
	if want := []string{"a-first.txt:first", "b-client.txt:followup", "c-followup.txt:final"}; !slices.Equal(sources, want) {
		t.Errorf("releases: %v, want %v", sources, want)
	}
	roles := map[string]jikenbo.Role{}
	for _, o := range c.Organizations {
		roles[o.Name] = o.Role
	}
	if roles["株式会社見本データ"] != jikenbo.RoleContractor || roles["試験市"] != jikenbo.RolePublisher || roles["株式会社見本商事"] != jikenbo.RolePublisher {
		t.Errorf("organizations: %+v", c.Organizations)
	}
	actions := map[jikenbo.DecisionAction]int{}
	for _, d := range c.Decisions {
		actions[d.Action]++
		if len(d.Reasons) == 0 || d.Reasons[0] == "" {
			t.Errorf("decision without reasons: %+v", d)
		}
	}
	if actions[jikenbo.DecisionNewCase] != 1 || actions[jikenbo.DecisionContractor]+actions[jikenbo.DecisionFollowUp] != 2 {
		t.Errorf("decisions: %v", actions)
	}
	if other := caseOf(t, s, "d-other.txt"); other.ID == c.ID || len(other.Releases) != 1 {
		t.Errorf("unrelated release joined case %s", other.ID)
	}
	rs, _, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	for _, r := range rs {
		if filepath.Base(r.Source) == "c-followup.txt" && r.Facts().Status == jikenbo.StatusConcluded && !r.HasLabel(jikenbo.LabelFinalReport) {
			t.Errorf("concluded release without 最終報告: %v", r.Labels)
		}
	}
}

func TestImportAtomicPerRelease(t *testing.T) {
	dir := t.TempDir()
	page := "ラベル 試験 の投稿を表示しています。\n\n" +
		"【セキュリティ事件簿#2025-010】株式会社見本商事 一つ目 2025/1/5\n\n本文一。\n\n" +
		"【セキュリティ事件簿#2025-000】株式会社見本商事 二つ目 2025/1/6\n\n本文二。\n\n" +
		"【セキュリティ事件簿#2025-011】試験市 三つ目 2025/1/7\n\n本文三。\n"
	path := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "empty.txt"), []byte("\n \n"), 0o644)
	s := mustOpen(t)
	for run := range 2 {
		sum := mustImport(t, s, dir)
		if sum.Added+sum.Present != 2 || sum.Failed != 2 {
			t.Fatalf("run %d: %+v, want 2 stored and 2 failed", run, sum)
		}
		var msgs []string
		for _, f := range sum.Failures {
			msgs = append(msgs, f.String())
		}
		joined := strings.Join(msgs, "\n")
		if !strings.Contains(joined, "page.txt#2:7: ") || !strings.Contains(joined, "2025-000") || !strings.Contains(joined, "empty.txt: no text") {
			t.Errorf("failures do not name file, line and reason:\n%s", joined)
		}
	}
	rs, n, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	if n != 2 {
		t.Fatalf("releases: %d, want 2", n)
	}
	for _, r := range rs {
		if r.CaseID == "" || !r.HasLabel("試験") {
			t.Errorf("%s: case %q labels %v", r.Source, r.CaseID, r.Labels)
		}
	}
	if _, err := s.FindCaseByID(context.Background(), "2025-000"); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("the failed release left its case behind: %v", err)
	}
	if os, _, _ := s.FindOrganizations(context.Background(), jikenbo.OrganizationFilter{}); len(os) != 2 {
		t.Errorf("organizations: %d, want 2 (nothing of the failed release)", len(os))
	}
}

// TestLabelPage imports the real label page of the shared corpus (read at
// run time, not copied into the repository).
func TestLabelPage(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpus", "pages", "label-final-report.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	s := mustOpen(t)
	sum := mustImport(t, s, path)
	if sum.Added != 7 || sum.Failed != 0 || sum.NewCases != 6 || sum.Linked != 1 {
		t.Fatalf("summary: %+v, want 7 added, 6 new cases, 1 linked", sum)
	}
	cs, _, _ := s.FindCases(context.Background(), jikenbo.CaseFilter{})
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	if want := []string{"2024-217", "2024-244", "2024-426", "2024-430", "2024-512", "2024-513"}; !slices.Equal(ids, want) {
		t.Errorf("cases: %v, want %v", ids, want)
	}
	c, _ := s.FindCaseByID(context.Background(), "2024-217")
	if len(c.Releases) != 2 {
		t.Errorf("2024-217: %d releases, want 2", len(c.Releases))
	}
	var earlier []string
	for _, e := range c.Timeline {
		if e.Kind == jikenbo.TimelineEarlierRelease {
			earlier = append(earlier, e.Date.String())
		}
	}
	if !slices.Contains(earlier, "2024-07-05") || !slices.Contains(earlier, "2024-07-04") {
		t.Errorf("2024-217 timeline: earlier releases %v, want 2024-07-04 and 2024-07-05", earlier)
	}
	// Ricoh's release is about its contractor 倉業サービス, whose own release
	// the casebook numbered apart: the numbers are kept, the cases linked.
	if ricoh, _ := s.FindCaseByID(context.Background(), "2024-430"); len(ricoh.Links) != 1 || ricoh.Links[0].CaseID != "2024-426" || ricoh.Links[0].Kind != jikenbo.LinkSameContractor {
		t.Errorf("2024-430 links: %+v, want a same-contractor link to 2024-426", ricoh.Links)
	}
	label := jikenbo.LabelFinalReport
	if _, n, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{Label: &label}); n != 7 {
		t.Errorf("releases labelled 最終報告: %d, want 7", n)
	}
	rs, _, _ := s.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	for _, r := range rs {
		if strings.Contains(r.Text, "リリース文アーカイブ") || strings.Contains(r.Text, "の投稿を表示しています") {
			t.Errorf("%s keeps navigation lines", r.Source)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustImport(t, s, "testdata/releases", stripNumbers(t))
	rs, _, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1})
	if err := s.SetOverride(ctx, rs[0].ID, jikenbo.Override{Field: "affected_persons", Value: json.RawMessage(`4321`), Editor: "tester"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReleaseLabel(ctx, rs[0].ID, jikenbo.ReleaseLabel{Name: "要確認", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := casebook.WriteJSON(ctx, s, &first); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.json")
	os.WriteFile(file, first.Bytes(), 0o644)

	// The copies without numbers are the same releases from other
	// files: four releases with a second source each.
	s2 := mustOpen(t)
	sum := mustImport(t, s2, file)
	if sum.Failed != 0 || sum.Added != 4 {
		t.Fatalf("import of export: %+v %v", sum, sum.Failures)
	}
	var second bytes.Buffer
	if err := casebook.WriteJSON(ctx, s2, &second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("export → import → export differs:\n%s", firstDiff(first.String(), second.String()))
	}
	if sum := mustImport(t, s2, file); sum.Added != 0 || sum.Present != 4 {
		t.Errorf("importing the export again: %+v, want all present", sum)
	}
	for _, r := range doc(t, second.Bytes()) {
		if srcs, _ := r["sources"].([]any); len(srcs) != 1 {
			t.Errorf("release %v: sources %v, want the file without its number", r["source"], r["sources"])
		}
	}

	var doc map[string][]map[string]any
	json.Unmarshal(first.Bytes(), &doc)
	for _, key := range []string{"id", "case_id", "organization", "title", "published", "labels", "source", "sha256", "text", "facts"} {
		if _, ok := doc["releases"][0][key]; !ok {
			t.Errorf("release JSON lacks %q", key)
		}
	}
	for _, key := range []string{"id", "status", "organizations", "releases", "timeline"} {
		if _, ok := doc["cases"][0][key]; !ok {
			t.Errorf("case JSON lacks %q", key)
		}
	}

	var csv bytes.Buffer
	if err := casebook.WriteCSV(ctx, s, &csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "\ufeffcase_id,status,") || !strings.HasPrefix(lines[1], "2025-050,ongoing,2025-02-10,") {
		// 2025-050 is ongoing: 試験市's only release is, though 株式会社見本商事 concluded.
		t.Errorf("csv:\n%s", csv.String())
	}
}

func TestExportImportRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"version\": 1,\n  \"releases\": [\n    {\"id\": \"one\"}\n  ]\n}\n"), 0o644)
	sum := mustImport(t, mustOpen(t), bad)
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].String(), "bad.json:4: ") || !strings.Contains(sum.Failures[0].String(), "releases.id") {
		t.Errorf("failures: %v, want file, line 4 and field", sum.Failures)
	}
}

func TestReextractKeepsOverrides(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustImport(t, s, "testdata/releases")
	rs, _, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1})
	id := rs[0].ID
	if err := s.SetOverride(ctx, id, jikenbo.Override{Field: "title", Value: json.RawMessage(`"編集者の題"`), Editor: "tester"}); err != nil {
		t.Fatal(err)
	}
	newer := func(text string) jikenbo.Facts {
		return jikenbo.Facts{Title: "新しい抽出器の題", Status: jikenbo.StatusConcluded, Categories: []string{jikenbo.CatPhishing}}
	}
	out, err := casebook.Reextract(ctx, s, "cli:test", newer, nil)
	if err != nil || out.Releases != 4 {
		t.Fatalf("Reextract: %+v, %v", out, err)
	}
	r, _ := s.FindReleaseByID(ctx, id)
	if r.Extracted.Title != "新しい抽出器の題" || r.Facts().Title != "編集者の題" || len(r.Overrides) != 1 {
		t.Errorf("after reextract: extracted %q, effective %q, overrides %d", r.Extracted.Title, r.Facts().Title, len(r.Overrides))
	}
	if !r.HasLabel("フィッシング・なりすまし") || !r.HasLabel(jikenbo.LabelFinalReport) {
		t.Errorf("automatic labels not renewed: %v", r.Labels)
	}
	c, _ := s.FindCaseByID(ctx, r.CaseID)
	if c.Status != jikenbo.StatusConcluded || !slices.Contains(c.Facts.Categories, jikenbo.CatPhishing) {
		t.Errorf("case facts not renewed: %s %v", c.Status, c.Facts.Categories)
	}
	// Each release whose facts changed has an entry with what changed.
	es, err := s.FindAuditEntries(ctx, jikenbo.AuditFilter{ReleaseID: &id})
	if err != nil || len(es) != 1 || es[0].Action != jikenbo.AuditReextract || es[0].Actor != "cli:test" ||
		!strings.Contains(string(es[0].After), `"title":"新しい抽出器の題"`) || strings.Contains(string(es[0].After), "evidence") {
		t.Fatalf("audit after reextract: %v, %v", es, err)
	}
	if out, _ := casebook.Reextract(ctx, s, "cli:test", newer, nil); out.Changed != 0 {
		t.Errorf("second reextract changed %d", out.Changed)
	}
	if es, _ := s.FindAuditEntries(ctx, jikenbo.AuditFilter{}); len(es) != 4 {
		t.Errorf("%d audit entries after reextracting twice, want 4 (one per release, none for no change)", len(es))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return "lengths differ"
}

// TestConcurrentImports runs two importers on one casebook file at once,
// as two `jikenbo import` processes would: every release is stored once
// and every case number is handed out once.
func TestConcurrentImports(t *testing.T) {
	dir := writeSynth(t, 3, 200)
	db := filepath.Join(t.TempDir(), "jikenbo.db")
	sums := make([]*casebook.Summary, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		s, err := sqlite.Open(context.Background(), db, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		wg.Go(func() {
			sum, err := importer(s).Import(context.Background(), []string{dir})
			if err != nil {
				t.Error(err)
			}
			sums[i] = sum
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	added := sums[0].Added + sums[1].Added
	if added != 200 || sums[0].Present+sums[1].Present != 200 || sums[0].Failed+sums[1].Failed != 0 {
		t.Errorf("summaries %+v and %+v: want 200 added and 200 present between them", sums[0], sums[1])
	}
	check, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	if err := check.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	rs, n, _ := check.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	cs, _, _ := check.FindCases(context.Background(), jikenbo.CaseFilter{})
	filed := 0
	for _, c := range cs {
		filed += len(c.Releases)
	}
	if n != 200 || filed != 200 || sums[0].NewCases+sums[1].NewCases != len(cs) {
		t.Errorf("%d releases, %d filed in %d cases (summaries say %d new)", n, filed, len(cs), sums[0].NewCases+sums[1].NewCases)
	}
	for _, r := range rs {
		if r.CaseID == "" {
			t.Errorf("%s not filed", r)
		}
	}
}

// TestExportKeepsRetiredNumbers: merged-away and deleted numbers, and
// renamed labels, survive export and import, so a restored casebook
// neither hands out an old number again nor loses a redirect.
func TestExportKeepsRetiredNumbers(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustImport(t, s, "testdata/releases")
	rs, _, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1})
	if err := s.AddReleaseLabel(ctx, rs[0].ID, jikenbo.ReleaseLabel{Name: "要確認", Source: jikenbo.LabelEditor}); err != nil {
		t.Fatal(err)
	}
	keep, gone, deleted := &jikenbo.Case{Year: 2030}, &jikenbo.Case{Year: 2030}, &jikenbo.Case{Year: 2030}
	for _, c := range []*jikenbo.Case{keep, gone, deleted} {
		if err := s.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MergeCases(ctx, gone.ID, keep.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCase(ctx, deleted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenameLabel(ctx, "要確認", "確認済み"); err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := casebook.WriteJSON(ctx, s, &first); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.json")
	os.WriteFile(file, first.Bytes(), 0o644)

	s2 := mustOpen(t)
	if sum := mustImport(t, s2, file); sum.Failed != 0 {
		t.Fatalf("import of export: %+v %v", sum, sum.Failures)
	}
	if to, err := s2.FindCaseRedirect(ctx, gone.ID); err != nil || to != keep.ID {
		t.Errorf("redirect of merged-away %s = %q %v, want %s", gone.ID, to, err, keep.ID)
	}
	if to, err := s2.FindLabelRedirect(ctx, "要確認"); err != nil || to != "確認済み" {
		t.Errorf("label redirect = %q %v, want 確認済み", to, err)
	}
	next := &jikenbo.Case{Year: 2030}
	if err := s2.CreateCase(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID != "2030-004" {
		t.Errorf("next 2030 number in the restored casebook = %s, want 2030-004 (001–003 were used)", next.ID)
	}
	var second bytes.Buffer
	if err := casebook.WriteJSON(ctx, s2, &second); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.String(), `"retired_cases": [`) || !strings.Contains(second.String(), `"label_redirects": [`) {
		t.Errorf("the export lacks retired_cases or label_redirects")
	}
}

// analyzingStore is a SQLite store that also counts Analyze calls, the
// method the PostgreSQL store has.
type analyzingStore struct {
	*sqlite.Store
	calls []int // releases in the casebook at each call
}

func (s *analyzingStore) Analyze(ctx context.Context) error {
	_, n, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1})
	s.calls = append(s.calls, n)
	return err
}

// TestImportAnalyzesAsItGrows imports 600 releases into a store with
// Analyze: the importer refreshes its statistics once 256 and once 512
// releases were added (when the batch holding the 256th or 512th has
// committed), and not after every release.
func TestImportAnalyzesAsItGrows(t *testing.T) {
	dir := writeSynth(t, 5, 600)
	s := &analyzingStore{Store: mustOpen(t)}
	sum, err := importer(s).Import(context.Background(), []string{dir})
	if err != nil || sum.Added != 600 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	if len(s.calls) != 2 || s.calls[0] < 256 || s.calls[0] >= 512 || s.calls[1] < 512 {
		t.Errorf("Analyze called with %v releases in the casebook, want once at 256–511 and once at 512 or more", s.calls)
	}
}

// writeSynth writes n synthetic releases (internal/synth, seeded) as
// text files into a new directory and returns it.
func writeSynth(t *testing.T, seed uint64, n int) string {
	t.Helper()
	dir := t.TempDir()
	g := synth.New(seed, n)
	for range n {
		r := g.Next()
		if err := os.WriteFile(filepath.Join(dir, r.Name), []byte(r.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

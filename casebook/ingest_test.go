package casebook_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/testenv"
)

// TestImportDocuments imports each kind of committed ingest fixture
// through the Importer.
func TestImportDocuments(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	td := filepath.Join("..", "ingest", "testdata")
	paths := []string{filepath.Join(td, "html"), filepath.Join(td, "blogger", "takeout-feed.atom")}
	sum, err := importer(s).Import(ctx, paths)
	if err != nil || sum.Failed != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	if len(sum.Skipped) == 0 {
		t.Errorf("no Blogger entries counted as skipped: %+v", sum)
	}
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, r := range rs {
		vs, err := s.FindVersions(ctx, r.ID)
		if err != nil || len(vs) != 1 {
			t.Fatalf("%s: %d versions, %v", r.Source, len(vs), err)
		}
		kinds[strings.SplitN(vs[0].ContentType(), ";", 2)[0]]++
		if strings.HasPrefix(r.Source, "http") && !slicesHasImported(r.Labels) {
			t.Errorf("post %s has no imported labels", r.Source)
		}
	}
	if kinds["text/html"] < 7+1 {
		t.Errorf("content types %v: want the 7 HTML pages and the posts", kinds)
	}
	again, err := importer(s).Import(ctx, paths)
	// A page imported again from another file (the HTML and its PDF) is
	// one release with two sources; each is present the second time.
	if err != nil || again.Added != 0 || again.Versions != 0 || again.Present != len(rs)+sum.Sources {
		t.Errorf("second import: %+v, %v; want everything present", again, err)
	}
	t.Run("PDF", func(t *testing.T) {
		testenv.PopplerData(t)
		pdfs := []string{filepath.Join(td, "pdf", "pdf-release.pdf"), filepath.Join(td, "pdf", "pdf-twocol.pdf")}
		sum, err := importer(s).Import(ctx, pdfs)
		if err != nil || sum.Failed != 0 || sum.Added != 2 {
			t.Fatalf("import: %+v, %v; want 2 added", sum, err)
		}
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rs {
			vs, err := s.FindVersions(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if vs[0].ContentType() == "application/pdf" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d releases stored as application/pdf, want 2", n)
		}
	})
}

func slicesHasImported(ls []jikenbo.ReleaseLabel) bool {
	for _, l := range ls {
		if l.Source == jikenbo.LabelImported {
			return true
		}
	}
	return false
}

// Package sample holds the sample casebook a new server starts with:
// about thirty fictional releases written for this project (no real
// organisation or incident), covering every category, a contractor's
// ransomware incident reported by the contractor and three of its
// clients, and a follow-up chain that ends in a final report. Every
// sample release carries the label サンプル, which the site's footer
// looks for to say that the casebook holds sample data.
package sample

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
)

//go:embed casebook/*.txt
var files embed.FS

// Label is the label of every sample release.
const Label = "サンプル"

// Load imports the sample casebook through im, the importer the import
// command uses, when the casebook holds no release, organisation or case
// at all. Samples never go into a casebook that has data: loaded is then
// false and nothing is written.
func Load(ctx context.Context, im *casebook.Importer) (loaded bool, sum *casebook.Summary, err error) {
	// Looked at in a write transaction, the only whole casebook an
	// importer's store hands out.
	var empty bool
	err = im.Store.InTx(ctx, func(tx jikenbo.Store) error {
		var err error
		empty, err = isEmpty(ctx, tx)
		return err
	})
	if err != nil || !empty {
		return false, nil, err
	}
	// The importer reads files; the embedded pages are written to a
	// temporary folder for it and removed afterwards.
	dir, err := os.MkdirTemp("", "jikenbo-sample-")
	if err != nil {
		return false, nil, fmt.Errorf("sample: %w", err)
	}
	defer os.RemoveAll(dir)
	err = fs.WalkDir(files, "casebook", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o600)
	})
	if err != nil {
		return false, nil, fmt.Errorf("sample: %w", err)
	}
	sum, err = im.Import(ctx, []string{dir})
	if err != nil {
		return false, sum, fmt.Errorf("sample: %w", err)
	}
	return true, sum, nil
}

func isEmpty(ctx context.Context, s jikenbo.Store) (bool, error) {
	if _, n, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Limit: 1}); err != nil || n > 0 {
		return false, err
	}
	if _, n, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{Limit: 1}); err != nil || n > 0 {
		return false, err
	}
	if _, n, err := s.FindCases(ctx, jikenbo.CaseFilter{Limit: 1}); err != nil || n > 0 {
		return false, err
	}
	return true, nil
}

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/textindex"
)

// writeBands replaces the near-duplicate band keys of a release's text.
func writeBands(ctx context.Context, q querier, id int64, text string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM release_bands WHERE release_id = ?`, id); err != nil {
		return err
	}
	bands := textBands(q, text, nil)
	if len(bands) == 0 {
		return nil
	}
	rows := make([]string, len(bands))
	args := make([]any, 0, 2*len(bands))
	for i, b := range bands {
		rows[i] = "(?, ?)"
		args = append(args, b, id)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO release_bands (band, release_id) VALUES `+strings.Join(rows, ", ")+` ON CONFLICT DO NOTHING`, args...)
	return err
}

// FindSimilarReleases returns the releases at least min similar to text.
func (s *Store) FindSimilarReleases(ctx context.Context, text jikenbo.SimilarText, min float64, like *jikenbo.Facts) ([]jikenbo.SimilarRelease, error) {
	var out []jikenbo.SimilarRelease
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = similarReleases(ctx, q, text, min, like)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find similar releases: %w", err)
	}
	return out, nil
}

// textBands returns the band keys of text, given (known) or computed. A
// write transaction keeps those of the last text it was asked about: an
// import asks for a new release's twice, to look for its near-duplicates
// and to store them.
func textBands(q querier, text string, known []int64) []int64 {
	t, ok := q.(*txq)
	if ok && t.banded.bands != nil && t.banded.text == text {
		return t.banded.bands
	}
	bands := known
	if bands == nil {
		bands = textindex.Bands(textindex.Shingles(text))
	}
	if ok {
		t.banded.text, t.banded.bands = text, bands
	}
	return bands
}

// similarReleases finds the releases sharing a band key with text and
// keeps those at least min similar and, with like, whose public facts do
// not contradict like's.
func similarReleases(ctx context.Context, q querier, st jikenbo.SimilarText, min float64, like *jikenbo.Facts) ([]jikenbo.SimilarRelease, error) {
	out := []jikenbo.SimilarRelease{}
	text := st.Text
	bands := textBands(q, text, st.Bands)
	if len(bands) == 0 {
		return out, nil
	}
	// The candidates sharing most keys first: they are the most alike.
	// Each key is read for its newest maxBandRows releases only: a key
	// shared by thousands of releases is boilerplate (a template's
	// sentences), while a copy shares most of its keys with the text it
	// copies, nearly all of them rare, so it is found through those.
	// Without the bound the check read every release sharing a common
	// key, a cost that grew with the casebook (docs/measurements/import-pipeline.md).
	args := make([]any, 0, len(bands)+5)
	for _, b := range bands {
		args = append(args, b)
	}
	args = append(args, textindex.MinSharedBands)
	query := similarQuery
	if len(bands) != textindex.NumBands {
		query = buildSimilarQuery(len(bands))
	}
	// A release's public facts are its release_facets row (a draft has
	// none and is kept: the caller compares its facts).
	query += ` g LEFT JOIN release_facets f ON f.release_id = g.release_id WHERE TRUE`
	if like != nil {
		if !like.Published.IsZero() {
			query += ` AND (f.release_id IS NULL OR f.date IN ('0000-00-00', ?))`
			args = append(args, like.Published.String())
		}
		if like.Status != "" {
			query += ` AND (f.release_id IS NULL OR f.status IN ('', ?))`
			args = append(args, string(like.Status))
		}
		if like.AffectedPersons != nil {
			query += ` AND (f.release_id IS NULL OR f.persons IS NULL OR f.persons = ?)`
			args = append(args, *like.AffectedPersons)
		}
	}
	query += ` ORDER BY g.n DESC, g.release_id LIMIT ?`
	args = append(args, maxCandidates)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The shingles are compared only when there are candidates (most new
	// releases have none).
	var set map[uint64]struct{}
	if len(ids) > 0 {
		set = textindex.Shingles(text)
	}
	for _, id := range ids {
		var other string
		if err := q.QueryRowContext(ctx, `SELECT text FROM releases WHERE id = ?`, id).Scan(&other); err != nil {
			return nil, err
		}
		if sim := textindex.Jaccard(set, textindex.Shingles(other)); sim >= min {
			out = append(out, jikenbo.SimilarRelease{ReleaseID: id, Similarity: sim})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Similarity != out[j].Similarity {
			return out[i].Similarity > out[j].Similarity
		}
		return out[i].ReleaseID < out[j].ReleaseID
	})
	return out, nil
}

// maxCandidates bounds the texts a near-duplicate check reads: copies of
// one release share nearly all band keys and come first.
const maxCandidates = 20

// maxBandRows bounds the releases read for one band key (see
// similarReleases). On the development corpus no key is held by more
// than two releases, so the bound only matters for boilerplate: 64 made
// the check's GROUP BY sort about 760 rows a release at 100,000
// generated releases, 32 about half as many, for 8-10 % of the import's
// time (docs/measurements/at-100k.md, fourth session).
const maxBandRows = 32

// similarQuery is the start of the candidates' query of similarReleases
// for a text's NumBands keys: for each key its newest maxBandRows
// releases (the argument: the key), then MinSharedBands; the release IDs
// and their shared keys are g.release_id and g.n.
//
// maxBandRows is written into the text, not bound: with twenty LIMIT ?
// parameters SQLite prepared the statement again on every run once the
// facts' filter was bound too (sqlite3Reprepare was 5.5 % of an import's
// CPU at 90,000 releases).
var similarQuery = buildSimilarQuery(textindex.NumBands)

func buildSimilarQuery(keys int) string {
	parts := make([]string, keys)
	for i := range parts {
		parts[i] = fmt.Sprintf(`SELECT release_id FROM (SELECT release_id FROM release_bands WHERE band = ?
		ORDER BY release_id DESC LIMIT %d) b%d`, maxBandRows, i)
	}
	return `SELECT g.release_id FROM (SELECT release_id, COUNT(*) AS n FROM (` + strings.Join(parts, " UNION ALL ") + `) c
		GROUP BY release_id HAVING COUNT(*) >= ?)`
}

// AddReleaseSource keeps another source of a release.
func (s *Store) AddReleaseSource(ctx context.Context, src *jikenbo.ReleaseSource) error {
	err := s.write(ctx, func(tx *Store) error { return addReleaseSource(ctx, tx, src) })
	if err != nil {
		return fmt.Errorf("add source %q to release %d: %w", src.Source, src.ReleaseID, err)
	}
	return nil
}

func addReleaseSource(ctx context.Context, tx *Store, src *jikenbo.ReleaseSource) error {
	switch {
	case len(src.Original) == 0:
		return jikenbo.Errorf(jikenbo.EINVALID, "source %q: empty original", src.Source)
	case src.Source == "":
		return jikenbo.Errorf(jikenbo.EINVALID, "release source: source required")
	}
	src.SHA256 = jikenbo.SHA256Hex(src.Original)
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE id = ?`, src.ReleaseID).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", src.ReleaseID)
	}
	if _, err := tx.FindReleaseBySHA256(ctx, src.SHA256); err == nil {
		return jikenbo.Errorf(jikenbo.ECONFLICT, "source %q: these bytes are in the casebook already", src.Source)
	} else if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return err
	}
	if src.ImportedAt.IsZero() {
		src.ImportedAt = tx.db.now()
	}
	var former any
	if src.FormerReleaseID != 0 {
		former = src.FormerReleaseID
	}
	return tx.tx.QueryRowContext(ctx, `INSERT INTO release_sources (release_id, source, sha256, original, text, encoding, imported_at, similarity, former_release_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, src.ReleaseID, src.Source, src.SHA256, src.Original, src.Text, src.Encoding,
		fmtTime(src.ImportedAt), src.Similarity, former).Scan(&src.ID)
}

// FindReleaseSources returns the other sources of a release.
func (s *Store) FindReleaseSources(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseSource, error) {
	out := []*jikenbo.ReleaseSource{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT id, release_id, source, sha256, original, text, encoding, imported_at, similarity, COALESCE(former_release_id, 0)
			FROM release_sources WHERE release_id = ? ORDER BY id`, releaseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var src jikenbo.ReleaseSource
			var at string
			if err := rows.Scan(&src.ID, &src.ReleaseID, &src.Source, &src.SHA256, &src.Original, &src.Text, &src.Encoding, &at,
				&src.Similarity, &src.FormerReleaseID); err != nil {
				return err
			}
			src.ImportedAt = parseTime(at)
			out = append(out, &src)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find sources of release %d: %w", releaseID, err)
	}
	return out, nil
}

// FindReleaseRedirect returns the release a merged-away ID lives in.
func (s *Store) FindReleaseRedirect(ctx context.Context, id int64) (int64, error) {
	var to int64
	err := s.read(ctx, func(q querier) error {
		err := q.QueryRowContext(ctx, `SELECT release_id FROM release_sources WHERE former_release_id = ?`, id).Scan(&to)
		if isNoRows(err) {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", id)
		}
		return err
	})
	return to, err
}

// MergeDuplicateRelease makes release dup another source of release into.
func (s *Store) MergeDuplicateRelease(ctx context.Context, dup, into int64, similarity float64) error {
	err := s.write(ctx, func(tx *Store) error {
		if dup == into {
			return jikenbo.Errorf(jikenbo.EINVALID, "release %d cannot be merged into itself", dup)
		}
		d, err := tx.FindReleaseByID(ctx, dup)
		if err != nil {
			return err
		}
		k, err := tx.FindReleaseByID(ctx, into)
		if err != nil {
			return err
		}
		// The sources dup had, and its earlier versions' bytes, stay
		// findable: they move to into.
		if _, err := tx.tx.ExecContext(ctx, `UPDATE release_sources SET release_id = ? WHERE release_id = ?`, into, dup); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM release_versions WHERE release_id = ?`, dup); err != nil {
			return err
		}
		for _, l := range d.Labels {
			if !k.HasLabel(l.Name) {
				if err := addReleaseLabels(ctx, tx, into, []jikenbo.ReleaseLabel{l}); err != nil {
					return err
				}
			}
		}
		for _, o := range d.Overrides {
			if !slices.ContainsFunc(k.Overrides, func(x jikenbo.Override) bool { return x.Field == o.Field }) {
				if err := setOverride(ctx, tx, into, o); err != nil {
					return err
				}
				if err := tx.overridden(ctx, into); err != nil {
					return err
				}
			}
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE release_sources SET former_release_id = ? WHERE former_release_id = ?`, into, dup); err != nil {
			return err
		}
		if d.CaseID != "" && k.CaseID != "" && d.CaseID != k.CaseID {
			var n int
			if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE case_id = ?`, d.CaseID).Scan(&n); err != nil {
				return err
			}
			if n == 1 {
				// The duplicate's case holds nothing else: it was the
				// same incident as into's, and its number (which readers
				// saw) now leads there.
				if err := tx.MergeCases(ctx, d.CaseID, k.CaseID); err != nil {
					return err
				}
			}
		}
		if err := tx.DeleteRelease(ctx, dup); err != nil {
			return err
		}
		// Merged, not deleted: its address redirects instead of
		// answering 410, and its bytes are a source, not a tombstone.
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM deleted_releases WHERE id = ?`, dup); err != nil {
			return err
		}
		src := &jikenbo.ReleaseSource{ReleaseID: into, Source: d.Source, Original: d.Original, Text: d.Text, Encoding: d.Encoding,
			ImportedAt: d.ImportedAt, Similarity: similarity, FormerReleaseID: dup}
		return addReleaseSource(ctx, tx, src)
	})
	if err != nil {
		return fmt.Errorf("merge release %d into %d: %w", dup, into, err)
	}
	return nil
}

package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"github.com/jikenbo/jikenbo"
)

var _ jikenbo.VersionStore = (*Store)(nil)

// versionColumns are the columns findVersions reads, from release_versions
// v joined with its release r. A version's text is NULL when it is the
// release's current state: its text and bytes are then the release's, so
// they are not stored twice. Otherwise original is NULL when it is the
// text's UTF-8, as in releases.
const versionColumns = `v.release_id, v.number, v.sha256, CASE WHEN v.text IS NULL THEN r.original ELSE v.original END,
	COALESCE(v.text, r.text), v.encoding, v.imported_at, v.changed_facts`

// FindReleaseBySource returns the newest release read from source.
func (s *Store) FindReleaseBySource(ctx context.Context, source string) (*jikenbo.Release, error) {
	var id int64
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT id FROM releases WHERE source = ? ORDER BY id DESC LIMIT 1`, source).Scan(&id)
	})
	if err == sql.ErrNoRows {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "no release from %s", source)
	} else if err != nil {
		return nil, fmt.Errorf("find release by source: %w", err)
	}
	return s.FindReleaseByID(ctx, id)
}

// FindVersions returns the release's versions, oldest first.
func (s *Store) FindVersions(ctx context.Context, releaseID int64) (vs []*jikenbo.ReleaseVersion, err error) {
	err = s.read(ctx, func(q querier) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE id = ?`, releaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", releaseID)
		}
		vs, err = findVersions(ctx, q, `v.release_id = ?`, releaseID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find versions of release %d: %w", releaseID, err)
	}
	return vs, nil
}

// FindVersion returns version n of the release.
func (s *Store) FindVersion(ctx context.Context, releaseID int64, n int) (*jikenbo.ReleaseVersion, error) {
	var vs []*jikenbo.ReleaseVersion
	err := s.read(ctx, func(q querier) (err error) {
		vs, err = findVersions(ctx, q, `v.release_id = ? AND v.number = ?`, releaseID, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find version %d of release %d: %w", n, releaseID, err)
	}
	if len(vs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d has no version %d", releaseID, n)
	}
	return vs[0], nil
}

// FindVersionHeads returns the release's versions, oldest first, without
// their bytes and text.
func (s *Store) FindVersionHeads(ctx context.Context, releaseID int64) (vs []*jikenbo.ReleaseVersion, err error) {
	err = s.read(ctx, func(q querier) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE id = ?`, releaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", releaseID)
		}
		// octet_length reads a value's length without loading it, on
		// both engines.
		rows, err := q.QueryContext(ctx, `SELECT v.number, v.sha256, v.encoding, v.imported_at, v.changed_facts,
			CASE WHEN `+originalExpr+` IS NULL THEN 1 ELSE 0 END,
			COALESCE(octet_length(`+originalExpr+`), octet_length(COALESCE(v.text, r.text)))
			FROM release_versions v JOIN releases r ON r.id = v.release_id WHERE v.release_id = ? ORDER BY v.number`, releaseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v := &jikenbo.ReleaseVersion{ReleaseID: releaseID}
			var imported, changed string
			var isText int
			if err := rows.Scan(&v.Number, &v.SHA256, &v.Encoding, &imported, &changed, &isText, &v.Size); err != nil {
				return err
			}
			v.ImportedAt, v.IsText = parseTime(imported), isText == 1
			if err := json.Unmarshal([]byte(changed), &v.ChangedFacts); err != nil {
				return fmt.Errorf("release %d version %d: changed facts: %w", releaseID, v.Number, err)
			}
			vs = append(vs, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find versions of release %d: %w", releaseID, err)
	}
	return vs, nil
}

// originalExpr is a version's stored original bytes in a query on
// release_versions v joined with its release r: NULL when they are the
// text's UTF-8.
const originalExpr = `(CASE WHEN v.text IS NULL THEN r.original ELSE v.original END)`

// ReadOriginal reads len(p) bytes of version n's original at off, in one
// statement that returns only that slice of the value.
func (s *Store) ReadOriginal(ctx context.Context, releaseID int64, n int, p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, jikenbo.Errorf(jikenbo.EINVALID, "read original: negative offset %d", off)
	}
	if len(p) == 0 {
		return 0, nil
	}
	var chunk []byte
	err := s.read(ctx, func(q querier) error {
		bytesOf := q.Dialect().TextBytes("COALESCE(v.text, r.text)")
		return q.QueryRowContext(ctx, `SELECT CASE WHEN `+originalExpr+` IS NULL THEN substr(`+bytesOf+`, ?, ?) ELSE substr(`+originalExpr+`, ?, ?) END
			FROM release_versions v JOIN releases r ON r.id = v.release_id WHERE v.release_id = ? AND v.number = ?`,
			off+1, len(p), off+1, len(p), releaseID, n).Scan(&chunk)
	})
	if err == sql.ErrNoRows {
		return 0, jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d has no version %d", releaseID, n)
	} else if err != nil {
		return 0, fmt.Errorf("read original of release %d version %d: %w", releaseID, n, err)
	}
	k := copy(p, chunk)
	if k < len(p) {
		return k, io.EOF
	}
	return k, nil
}

func findVersions(ctx context.Context, q querier, where string, args ...any) ([]*jikenbo.ReleaseVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+versionColumns+` FROM release_versions v JOIN releases r ON r.id = v.release_id
		WHERE `+where+` ORDER BY v.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []*jikenbo.ReleaseVersion
	for rows.Next() {
		var v jikenbo.ReleaseVersion
		var imported, changed string
		if err := rows.Scan(&v.ReleaseID, &v.Number, &v.SHA256, &v.Original, &v.Text, &v.Encoding, &imported, &changed); err != nil {
			return nil, err
		}
		v.ImportedAt = parseTime(imported)
		if v.Original == nil {
			v.Original, v.IsText = []byte(v.Text), true
		}
		v.Size = int64(len(v.Original))
		if err := json.Unmarshal([]byte(changed), &v.ChangedFacts); err != nil {
			return nil, fmt.Errorf("release %d version %d: changed facts: %w", v.ReleaseID, v.Number, err)
		}
		vs = append(vs, &v)
	}
	return vs, rows.Err()
}

// AddVersion records v as the release's newest version.
func (s *Store) AddVersion(ctx context.Context, releaseID int64, v *jikenbo.ReleaseVersion) error {
	err := s.write(ctx, func(tx *Store) error {
		if len(v.Original) == 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "version: empty original")
		}
		if _, err := tx.FindReleaseByID(ctx, releaseID); err != nil {
			return err
		}
		sum := jikenbo.SHA256Hex(v.Original)
		if _, err := tx.FindReleaseBySHA256(ctx, sum); err == nil {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "version: the bytes %s are stored already", sum)
		}
		var last int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM release_versions WHERE release_id = ?`, releaseID).Scan(&last); err != nil {
			return err
		}
		v.ReleaseID, v.Number, v.SHA256 = releaseID, last+1, sum
		if v.ImportedAt.IsZero() {
			v.ImportedAt = tx.db.now()
		}
		if err := keepVersionText(ctx, tx, releaseID); err != nil {
			return err
		}
		if err := insertVersion(ctx, tx, v, true); err != nil {
			return err
		}
		var original any = v.Original
		if bytes.Equal(v.Original, []byte(v.Text)) {
			original = nil
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET sha256 = ?, original = ?, text = ?, encoding = ?, imported_at = ? WHERE id = ?`,
			v.SHA256, original, v.Text, v.Encoding, fmtTime(v.ImportedAt), releaseID); err != nil {
			return err
		}
		public, err := releasePublic(ctx, tx.tx, releaseID)
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		return reindex(ctx, tx.tx, releaseID, v.Text)
	})
	if err != nil {
		return fmt.Errorf("add version to release %d: %w", releaseID, err)
	}
	return nil
}

// insertVersion stores v; current says it is the release's state as
// stored in releases, whose text and bytes it then shares.
func insertVersion(ctx context.Context, tx *Store, v *jikenbo.ReleaseVersion, current bool) error {
	changed := v.ChangedFacts
	if changed == nil {
		changed = []jikenbo.FactChange{}
	}
	cf, err := json.Marshal(changed)
	if err != nil {
		return err
	}
	var original, text any = v.Original, v.Text
	if current {
		original, text = nil, nil
	} else if bytes.Equal(v.Original, []byte(v.Text)) {
		original = nil
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at, changed_facts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.ReleaseID, v.Number, v.SHA256, original, text, v.Encoding, fmtTime(v.ImportedAt), string(cf))
	return err
}

// keepVersionText copies the release's text and bytes into the version
// that shares them, before the release's change: that version keeps
// what it was.
func keepVersionText(ctx context.Context, tx *Store, releaseID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE release_versions SET
		text = (SELECT text FROM releases WHERE id = ?1), original = (SELECT original FROM releases WHERE id = ?1)
		WHERE release_id = ?1 AND text IS NULL`, releaseID)
	return err
}

// ReplaceVersions replaces the release's versions by vs.
func (s *Store) ReplaceVersions(ctx context.Context, releaseID int64, vs []*jikenbo.ReleaseVersion) error {
	err := s.write(ctx, func(tx *Store) error {
		r, err := tx.FindReleaseByID(ctx, releaseID)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "versions: none given")
		}
		if last := vs[len(vs)-1]; !bytes.Equal(last.Original, r.Original) {
			return jikenbo.Errorf(jikenbo.EINVALID, "versions: the last version's bytes are not the release's")
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM release_versions WHERE release_id = ?`, releaseID); err != nil {
			return err
		}
		for i, v := range vs {
			if len(v.Original) == 0 {
				return jikenbo.Errorf(jikenbo.EINVALID, "version %d: empty original", i+1)
			}
			v.ReleaseID, v.Number, v.SHA256 = releaseID, i+1, jikenbo.SHA256Hex(v.Original)
			if v.ImportedAt.IsZero() {
				v.ImportedAt = r.ImportedAt
			}
			if err := insertVersion(ctx, tx, v, i == len(vs)-1 && v.Text == r.Text); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace versions of release %d: %w", releaseID, err)
	}
	return nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jikenbo/jikenbo"
)

var _ jikenbo.WatchStore = (*Store)(nil)

// fmtDue writes a scheduling time at fixed width, so that times compare
// as text on both engines (fmtTime trims trailing zeros).
func fmtDue(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// fmtOptTime is "" for the zero time.
func fmtOptTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtDue(t)
}

const watchSourceColumns = `id, url, kind, COALESCE(organization_id, 0), every_seconds, etag, last_modified, last_success, last_polled,
	failures, last_error, next_due, created_at`

func scanWatchSource(sc interface{ Scan(...any) error }) (*jikenbo.WatchSource, error) {
	var s jikenbo.WatchSource
	var kind, success, polled, due, created string
	var every int64
	if err := sc.Scan(&s.ID, &s.URL, &kind, &s.OrganizationID, &every, &s.ETag, &s.LastModified, &success, &polled,
		&s.Failures, &s.LastError, &due, &created); err != nil {
		return nil, err
	}
	s.Kind = jikenbo.WatchKind(kind)
	s.Every = time.Duration(every) * time.Second
	s.LastSuccess, s.LastPolled, s.NextDue, s.CreatedAt = parseTime(success), parseTime(polled), parseTime(due), parseTime(created)
	return &s, nil
}

// CreateWatchSource stores a new watched source.
func (s *Store) CreateWatchSource(ctx context.Context, src *jikenbo.WatchSource) error {
	if src.Every == 0 {
		src.Every = jikenbo.DefaultWatchEvery
	}
	if err := src.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *Store) error {
		now := tx.db.now()
		if src.CreatedAt.IsZero() {
			src.CreatedAt = now
		}
		if src.NextDue.IsZero() {
			src.NextDue = now
		}
		var org any
		if src.OrganizationID != 0 {
			org = src.OrganizationID
		}
		return tx.tx.QueryRowContext(ctx, `INSERT INTO watch_sources (url, kind, organization_id, every_seconds, next_due, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, src.URL, string(src.Kind), org, int64(src.Every/time.Second),
			fmtDue(src.NextDue), fmtTime(src.CreatedAt)).Scan(&src.ID)
	})
	if err != nil {
		if jikenbo.ErrorCode(err) == jikenbo.ECONFLICT {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "%s は登録済みです", src.URL)
		}
		return fmt.Errorf("create watch source %s: %w", src.URL, err)
	}
	return nil
}

// FindWatchSourceByID returns the source, or ENOTFOUND.
func (s *Store) FindWatchSourceByID(ctx context.Context, id int64) (*jikenbo.WatchSource, error) {
	var src *jikenbo.WatchSource
	err := s.read(ctx, func(q querier) (err error) {
		src, err = scanWatchSource(q.QueryRowContext(ctx, `SELECT `+watchSourceColumns+` FROM watch_sources WHERE id = ?`, id))
		return err
	})
	if err == sql.ErrNoRows {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "巡回元 %d はありません", id)
	} else if err != nil {
		return nil, fmt.Errorf("find watch source %d: %w", id, err)
	}
	return src, nil
}

// FindWatchSources returns every source by ID.
func (s *Store) FindWatchSources(ctx context.Context) ([]*jikenbo.WatchSource, error) {
	out := []*jikenbo.WatchSource{}
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = findWatchSources(ctx, q, `SELECT `+watchSourceColumns+` FROM watch_sources ORDER BY id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find watch sources: %w", err)
	}
	return out, nil
}

func findWatchSources(ctx context.Context, q querier, query string, args ...any) ([]*jikenbo.WatchSource, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*jikenbo.WatchSource{}
	for rows.Next() {
		src, err := scanWatchSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// DeleteWatchSource stops watching a source.
func (s *Store) DeleteWatchSource(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM watch_sources WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete watch source %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "巡回元 %d はありません", id)
		}
		return nil
	})
}

// ClaimDueWatchSources leases the due sources. The claim runs in a write
// transaction, which holds the casebook's write lock on both engines (an
// IMMEDIATE transaction in SQLite, an advisory lock in PostgreSQL), so
// two servers never claim one source: the second sees the first's lease.
func (s *Store) ClaimDueWatchSources(ctx context.Context, now time.Time, lease time.Duration, n int) ([]*jikenbo.WatchSource, error) {
	var out []*jikenbo.WatchSource
	err := s.write(ctx, func(tx *Store) error {
		var err error
		out, err = findWatchSources(ctx, tx.tx, `SELECT `+watchSourceColumns+` FROM watch_sources
			WHERE next_due <= ? AND lease_until < ? ORDER BY next_due, id LIMIT ?`, fmtDue(now), fmtDue(now), n)
		if err != nil {
			return err
		}
		ids := make([]int64, len(out))
		for i, src := range out {
			ids[i] = src.ID
		}
		in, arg := tx.tx.Dialect().InIDs(ids)
		_, err = tx.tx.ExecContext(ctx, `UPDATE watch_sources SET lease_until = ? WHERE id `+in, fmtDue(now.Add(lease)), arg)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due watch sources: %w", err)
	}
	return out, nil
}

// FinishWatchPoll records a poll's outcome and ends the lease.
func (s *Store) FinishWatchPoll(ctx context.Context, id int64, p jikenbo.WatchPoll) error {
	return s.write(ctx, func(tx *Store) error {
		var res sql.Result
		var err error
		if p.Err == "" {
			res, err = tx.tx.ExecContext(ctx, `UPDATE watch_sources SET last_polled = ?1, last_success = ?1, failures = 0, last_error = '',
				etag = CASE WHEN ?2 = '' THEN etag ELSE ?2 END, last_modified = CASE WHEN ?3 = '' THEN last_modified ELSE ?3 END,
				next_due = ?4, lease_until = '' WHERE id = ?5`, fmtDue(p.At), p.ETag, p.LastModified, fmtDue(p.NextDue), id)
		} else {
			res, err = tx.tx.ExecContext(ctx, `UPDATE watch_sources SET last_polled = ?, failures = failures + 1, last_error = ?,
				next_due = ?, lease_until = '' WHERE id = ?`, fmtDue(p.At), p.Err, fmtDue(p.NextDue), id)
		}
		if err != nil {
			return fmt.Errorf("finish poll of watch source %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "巡回元 %d はありません", id)
		}
		return nil
	})
}

const watchItemColumns = `id, source_id, url, final_url, title, listed, found_at, sha256, status, score, reasons, release_id, error, attempts`

func scanWatchItem(sc interface{ Scan(...any) error }) (*jikenbo.WatchItem, error) {
	var it jikenbo.WatchItem
	var listed, found, status, reasons string
	if err := sc.Scan(&it.ID, &it.SourceID, &it.URL, &it.FinalURL, &it.Title, &listed, &found, &it.SHA256, &status, &it.Score,
		&reasons, &it.ReleaseID, &it.Error, &it.Attempts); err != nil {
		return nil, err
	}
	it.Listed, it.FoundAt, it.Status = parseTime(listed), parseTime(found), jikenbo.WatchItemStatus(status)
	if err := json.Unmarshal([]byte(reasons), &it.Reasons); err != nil {
		return nil, fmt.Errorf("watch item %d: reasons: %w", it.ID, err)
	}
	return &it, nil
}

func (s *Store) findWatchItem(ctx context.Context, where string, arg any) (*jikenbo.WatchItem, error) {
	var it *jikenbo.WatchItem
	err := s.read(ctx, func(q querier) (err error) {
		it, err = scanWatchItem(q.QueryRowContext(ctx, `SELECT `+watchItemColumns+` FROM watch_items WHERE `+where, arg))
		return err
	})
	if err == sql.ErrNoRows {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "巡回で見つけた項目 %v はありません", arg)
	} else if err != nil {
		return nil, fmt.Errorf("find watch item %v: %w", arg, err)
	}
	return it, nil
}

// FindWatchItem returns the item listed at url.
func (s *Store) FindWatchItem(ctx context.Context, url string) (*jikenbo.WatchItem, error) {
	return s.findWatchItem(ctx, `url = ?`, url)
}

// FindWatchItemByID returns the item.
func (s *Store) FindWatchItemByID(ctx context.Context, id int64) (*jikenbo.WatchItem, error) {
	return s.findWatchItem(ctx, `id = ?`, id)
}

// SaveWatchItem stores a new item or the new state of a stored one.
func (s *Store) SaveWatchItem(ctx context.Context, it *jikenbo.WatchItem) error {
	reasons := it.Reasons
	if reasons == nil {
		reasons = []jikenbo.WatchReason{}
	}
	rj, err := json.Marshal(reasons)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		if it.ID == 0 {
			if it.FoundAt.IsZero() {
				it.FoundAt = tx.db.now()
			}
			err := tx.tx.QueryRowContext(ctx, `INSERT INTO watch_items (source_id, url, final_url, title, listed, found_at, sha256, status, score,
				reasons, release_id, error, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				it.SourceID, it.URL, it.FinalURL, it.Title, fmtOptTime(it.Listed), fmtTime(it.FoundAt), it.SHA256, string(it.Status), it.Score,
				string(rj), it.ReleaseID, it.Error, it.Attempts).Scan(&it.ID)
			if err != nil {
				return fmt.Errorf("save watch item %s: %w", it.URL, err)
			}
			return nil
		}
		res, err := tx.tx.ExecContext(ctx, `UPDATE watch_items SET final_url = ?, title = ?, listed = ?, sha256 = ?, status = ?, score = ?,
			reasons = ?, release_id = ?, error = ?, attempts = ? WHERE id = ?`, it.FinalURL, it.Title, fmtOptTime(it.Listed), it.SHA256,
			string(it.Status), it.Score, string(rj), it.ReleaseID, it.Error, it.Attempts, it.ID)
		if err != nil {
			return fmt.Errorf("save watch item %d: %w", it.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "巡回で見つけた項目 %d はありません", it.ID)
		}
		return nil
	})
}

// FindWatchItems returns the items matching f, newest first.
func (s *Store) FindWatchItems(ctx context.Context, f jikenbo.WatchItemFilter) ([]*jikenbo.WatchItem, error) {
	where, args := "1 = 1", []any{}
	if f.Status != "" {
		where += " AND status = ?"
		args = append(args, string(f.Status))
	}
	if f.SHA256 != "" {
		where += " AND sha256 = ?"
		args = append(args, f.SHA256)
	}
	if f.ReleaseID != 0 {
		where += " AND release_id = ?"
		args = append(args, f.ReleaseID)
	}
	if f.SourceID != 0 {
		where += " AND source_id = ?"
		args = append(args, f.SourceID)
	}
	out := []*jikenbo.WatchItem{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT `+watchItemColumns+` FROM watch_items WHERE `+where+` ORDER BY id DESC`+limitClause(f.Limit, 0), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scanWatchItem(rows)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find watch items: %w", err)
	}
	return out, nil
}

// FindReleaseCheck returns a release's check.
func (s *Store) FindReleaseCheck(ctx context.Context, releaseID int64) (*jikenbo.ReleaseCheck, error) {
	var c *jikenbo.ReleaseCheck
	err := s.read(ctx, func(q querier) (err error) {
		c, err = scanReleaseCheck(q.QueryRowContext(ctx, `SELECT `+releaseCheckColumns+` FROM release_checks k WHERE release_id = ? AND checked_at <> ''`,
			releaseID))
		return err
	})
	if err == sql.ErrNoRows {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "公表 %d はまだ確認されていません", releaseID)
	} else if err != nil {
		return nil, fmt.Errorf("find check of release %d: %w", releaseID, err)
	}
	return c, nil
}

const releaseCheckColumns = `k.release_id, k.checked_at, k.next_due, k.changed_at, k.version, k.failures, k.last_error, k.etag, k.last_modified`

func scanReleaseCheck(sc interface{ Scan(...any) error }, more ...any) (*jikenbo.ReleaseCheck, error) {
	var c jikenbo.ReleaseCheck
	var checked, due, changed string
	if err := sc.Scan(append([]any{&c.ReleaseID, &checked, &due, &changed, &c.Version, &c.Failures, &c.LastError, &c.ETag, &c.LastModified}, more...)...); err != nil {
		return nil, err
	}
	c.CheckedAt, c.NextDue, c.ChangedAt = parseTime(checked), parseTime(due), parseTime(changed)
	return &c, nil
}

// SaveReleaseCheck records a check, and the silent edit it found.
func (s *Store) SaveReleaseCheck(ctx context.Context, c jikenbo.ReleaseCheck) error {
	err := s.write(ctx, func(tx *Store) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO release_checks (release_id, checked_at, next_due, changed_at, version, failures, last_error, etag, last_modified)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (release_id) DO UPDATE SET checked_at = ?2, next_due = ?3, changed_at = ?4,
			version = ?5, failures = ?6, last_error = ?7, etag = ?8, last_modified = ?9`, c.ReleaseID, fmtDue(c.CheckedAt), fmtDue(c.NextDue),
			fmtOptTime(c.ChangedAt), c.Version, c.Failures, c.LastError, c.ETag, c.LastModified)
		if err != nil || c.ChangedAt.IsZero() || c.Version <= 0 {
			return err
		}
		// A silent edit of a public release changes its case's timeline:
		// the casebook version moves, so cached pages are not served.
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO release_edits (release_id, version, found_at) VALUES (?, ?, ?) ON CONFLICT (release_id, version) DO NOTHING`,
			c.ReleaseID, c.Version, fmtDue(c.ChangedAt))
		return tx.broughtBy(ctx, res, err, c.ReleaseID)
	})
	if err != nil {
		return fmt.Errorf("save check of release %d: %w", c.ReleaseID, err)
	}
	return nil
}

// ClaimDueReleaseChecks leases the due checks of ongoing cases' releases.
// It first makes a check row, due at once, for every release with an
// http(s) source stored since the last claim (release_check_seed keeps
// the last release ID seen), then reads due rows by the release_checks_due
// index, n at a time: those of ongoing cases are leased and returned, the
// others put off by idle, until n are found or none is due.
func (s *Store) ClaimDueReleaseChecks(ctx context.Context, now time.Time, lease, idle time.Duration, n int) ([]*jikenbo.DueCheck, error) {
	out := []*jikenbo.DueCheck{}
	err := s.write(ctx, func(tx *Store) error {
		var last int64
		if err := tx.tx.QueryRowContext(ctx, `SELECT last_release_id FROM release_check_seed WHERE id = 1`).Scan(&last); err != nil {
			return err
		}
		var top sql.NullInt64
		if err := tx.tx.QueryRowContext(ctx, `SELECT MAX(id) FROM releases`).Scan(&top); err != nil {
			return err
		}
		if top.Valid && top.Int64 > last {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO release_checks (release_id, checked_at, next_due)
				SELECT id, '', '' FROM releases WHERE id > ? AND id <= ? AND (source LIKE 'http://%' OR source LIKE 'https://%')
				ON CONFLICT (release_id) DO NOTHING`, last, top.Int64); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `UPDATE release_check_seed SET last_release_id = ? WHERE id = 1`, top.Int64); err != nil {
				return err
			}
		}
		for len(out) < n {
			rows, err := tx.tx.QueryContext(ctx, `SELECT `+releaseCheckColumns+`, r.source, r.sha256, COALESCE(r.case_id, ''), COALESCE(c.status, ''),
				COALESCE(f.last_published, ''), r.imported_at
				FROM release_checks k JOIN releases r ON r.id = k.release_id LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN case_facets f ON f.case_id = r.case_id
				WHERE k.next_due <= ? ORDER BY k.next_due, k.release_id LIMIT ?`, fmtDue(now), n-len(out))
			if err != nil {
				return err
			}
			var leased, idled []int64
			for rows.Next() {
				var d jikenbo.DueCheck
				var status, newest, imported string
				c, err := scanReleaseCheck(rows, &d.Source, &d.SHA256, &d.CaseID, &status, &newest, &imported)
				if err != nil {
					rows.Close()
					return err
				}
				if jikenbo.Status(status) != jikenbo.StatusOngoing {
					idled = append(idled, c.ReleaseID)
					continue
				}
				d.ReleaseCheck, d.ImportedAt = *c, parseTime(imported)
				if pd := parseDate(newest); !pd.IsZero() {
					d.Newest = pd.Time()
				}
				leased = append(leased, c.ReleaseID)
				out = append(out, &d)
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if err := rows.Err(); err != nil {
				return err
			}
			for _, set := range []struct {
				ids []int64
				due time.Time
			}{{leased, now.Add(lease)}, {idled, now.Add(idle)}} {
				if len(set.ids) == 0 {
					continue
				}
				in, arg := tx.tx.Dialect().InIDs(set.ids)
				if _, err := tx.tx.ExecContext(ctx, `UPDATE release_checks SET next_due = ? WHERE release_id `+in, fmtDue(set.due), arg); err != nil {
					return err
				}
			}
			if len(leased)+len(idled) == 0 {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim due release checks: %w", err)
	}
	return out, nil
}

// FindReleaseEdits returns the silent edits of a case's public releases.
func (s *Store) FindReleaseEdits(ctx context.Context, caseID string) ([]jikenbo.ReleaseEdit, error) {
	out := []jikenbo.ReleaseEdit{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT e.release_id, e.version, e.found_at FROM release_edits e JOIN releases r ON r.id = e.release_id
			WHERE r.case_id = ? AND r.draft = ? ORDER BY e.found_at, e.release_id, e.version`, caseID, false)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := jikenbo.ReleaseEdit{CaseID: caseID}
			var found string
			if err := rows.Scan(&e.ReleaseID, &e.Version, &found); err != nil {
				return err
			}
			e.FoundAt = parseTime(found)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find edits of case %s: %w", caseID, err)
	}
	return out, nil
}

// FindCaseChecks sums up the checks of the public releases of cases.
func (s *Store) FindCaseChecks(ctx context.Context, caseIDs []string) ([]jikenbo.CaseCheck, error) {
	out := []jikenbo.CaseCheck{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(caseIDs)+1)
	args = append(args, false)
	for _, id := range caseIDs {
		args = append(args, id)
	}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT r.case_id, c.release_id, c.checked_at, c.changed_at, c.version, c.failures, c.last_error
			FROM release_checks c JOIN releases r ON r.id = c.release_id
			WHERE c.checked_at <> '' AND r.draft = ? AND r.case_id IN (`+placeholders(len(caseIDs))+`) ORDER BY r.case_id, c.release_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		idx := map[string]int{}
		for rows.Next() {
			var caseID, checked, changed, lastErr string
			var rid int64
			var version, failures int
			if err := rows.Scan(&caseID, &rid, &checked, &changed, &version, &failures, &lastErr); err != nil {
				return err
			}
			i, ok := idx[caseID]
			if !ok {
				i = len(out)
				idx[caseID] = i
				out = append(out, jikenbo.CaseCheck{CaseID: caseID})
			}
			cc := &out[i]
			if t := parseTime(checked); t.After(cc.CheckedAt) {
				cc.CheckedAt = t
			}
			if t := parseTime(changed); t.After(cc.ChangedAt) {
				cc.ChangedAt, cc.ReleaseID, cc.Version = t, rid, version
			}
			if failures > 0 {
				cc.Failing++
				cc.LastError = lastErr
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find case checks: %w", err)
	}
	return out, nil
}

package sqlstore

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// RemoveCaseRelease takes a release out of its case.
func (s *Store) RemoveCaseRelease(ctx context.Context, releaseID int64) (string, error) {
	var caseID string
	err := s.write(ctx, func(tx *Store) error {
		err := tx.tx.QueryRowContext(ctx, `SELECT COALESCE(case_id, '') FROM releases WHERE id = ?`, releaseID).Scan(&caseID)
		if isNoRows(err) || (err == nil && caseID == "") {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d is in no case", releaseID)
		} else if err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE releases SET case_id = NULL, stage = '' WHERE id = ?`, releaseID); err != nil {
			return err
		}
		public, err := changedRows(tx.tx.ExecContext(ctx, `UPDATE release_facets SET case_id = NULL WHERE release_id = ?`, releaseID))
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM decisions WHERE release_id = ? AND case_id = ?`, releaseID, caseID); err != nil {
			return err
		}
		// A draft filed elsewhere takes back what it brought to this case.
		var draft bool
		if err := tx.tx.QueryRowContext(ctx, `SELECT draft FROM releases WHERE id = ?`, releaseID).Scan(&draft); err != nil {
			return err
		}
		if draft {
			if err := forgetBrought(ctx, tx, releaseID, caseID); err != nil {
				return err
			}
		}
		return refreshCase(ctx, tx, caseID)
	})
	if err != nil {
		return "", fmt.Errorf("remove release %d from its case: %w", releaseID, err)
	}
	return caseID, nil
}

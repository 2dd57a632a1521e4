package sqlstore

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

// What is public (jikenbo.QueryStore), as SQL conditions. release_facets
// holds exactly the public releases, one row each, so "public release"
// is a probe of its primary key.

// publicFrom holds for a row whose column col names the release that
// brought it: an editor's or an export's (NULL), or a public release's.
func publicFrom(col string) string {
	return "(" + col + " IS NULL OR EXISTS (SELECT 1 FROM release_facets pf WHERE pf.release_id = " + col + "))"
}

// publicCaseOf holds for the case whose ID is col when it has a public
// release or a public timeline entry.
func publicCaseOf(col string) string {
	return "(EXISTS (SELECT 1 FROM release_facets rf WHERE rf.case_id = " + col + ")" +
		" OR EXISTS (SELECT 1 FROM case_timeline ct WHERE ct.case_id = " + col + " AND " + publicFrom("ct.release_id") + "))"
}

// publicOrg holds for the organisation whose ID is col when it published
// a public release or has a public role in a public case.
func publicOrg(col string) string {
	return "(EXISTS (SELECT 1 FROM release_facets ro WHERE ro.organization_id = " + col + ")" +
		" OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = " + col +
		" AND " + publicFrom("co.release_id") + " AND " + publicCaseOf("co.case_id") + "))"
}

// publicCase holds for a row cf of case_facets whose case is public.
var publicCase = publicCaseOf("cf.case_id")

// morePublic is the condition of an upsert into a table of what releases
// bring to cases (aliased x): the row a draft brought is claimed by the
// public release (or the editor) that brings it again, so that it does
// not vanish with the draft or stay hidden while the draft waits.
var morePublic = "x.release_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM release_facets p WHERE p.release_id = x.release_id) AND " +
	publicFrom("excluded.release_id")

// nullID is NULL for the ID 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// FindPublicRelease returns a release that is not a draft.
func (s *Store) FindPublicRelease(ctx context.Context, id int64) (*jikenbo.Release, error) {
	no := false
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{ID: &id, Draft: &no})
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", id)
	}
	return rs[0], nil
}

// FindPublicReleaseHead is FindPublicRelease with at most the first
// textLimit bytes of the text and without the original bytes.
func (s *Store) FindPublicReleaseHead(ctx context.Context, id int64, textLimit int) (*jikenbo.Release, error) {
	no := false
	rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{ID: &id, Draft: &no, TextLimit: max(textLimit, 1)})
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "release %d not found", id)
	}
	return rs[0], nil
}

// FindPublicCase returns the public part of a public case.
func (s *Store) FindPublicCase(ctx context.Context, id string) (*jikenbo.Case, error) {
	var cs []*jikenbo.Case
	err := s.read(ctx, func(q querier) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.id = ? AND `+publicCaseOf("c.id"), id).Scan(&n); err != nil || n == 0 {
			return err
		}
		var err error
		cs, _, err = findCases(ctx, q, jikenbo.CaseFilter{ID: &id}, true)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find public case %s: %w", id, err)
	}
	if len(cs) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "case %s not found", id)
	}
	return cs[0], nil
}

// FindPublicOrganization returns a public organisation.
func (s *Store) FindPublicOrganization(ctx context.Context, id int64) (*jikenbo.Organization, error) {
	var n int
	err := s.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations o WHERE o.id = ? AND `+publicOrg("o.id"), id).Scan(&n)
	})
	if err != nil {
		return nil, fmt.Errorf("find public organization %d: %w", id, err)
	}
	if n == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "organization %d not found", id)
	}
	return s.FindOrganizationByID(ctx, id)
}

// forgetBrought deletes what release id brought to case caseID (to any
// case when caseID is "").
func forgetBrought(ctx context.Context, tx *Store, id int64, caseID string) error {
	for _, q := range []string{
		`DELETE FROM case_organizations WHERE release_id = ?1 AND (?2 = '' OR case_id = ?2)`,
		`DELETE FROM case_timeline WHERE release_id = ?1 AND (?2 = '' OR case_id = ?2)`,
		`DELETE FROM case_links WHERE release_id = ?1 AND (?2 = '' OR case_a = ?2 OR case_b = ?2)`,
	} {
		res, err := tx.tx.ExecContext(ctx, q, id, caseID)
		if err := tx.broughtBy(ctx, res, err, id); err != nil {
			return err
		}
	}
	return nil
}

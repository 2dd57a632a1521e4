package jikenbo

import (
	"context"
	"slices"
)

// CaseRecord is one public case with what the interchange exports (VERIS,
// STIX) need of it: its public releases, oldest first, and its public
// organisations by ID. It is read by EachPublicCase and holds nothing a
// reader of the website could not see.
type CaseRecord struct {
	Case     *Case
	Releases []*ReleaseSummary
	// Organizations are the case's organisations (every role) by ID.
	Organizations map[int64]*Organization
}

// Origin returns the organisation where the incident happened: the
// contractor when there is one, else the first publisher. Nil when the
// case names no organisation.
func (r *CaseRecord) Origin() *Organization {
	var first *Organization
	for _, co := range r.Case.Organizations {
		o := r.Organizations[co.OrganizationID]
		if o == nil {
			continue
		}
		if co.Role == RoleContractor {
			return o
		}
		if first == nil && co.Role == RolePublisher {
			first = o
		}
	}
	return first
}

// CaseSelection selects the public cases an export writes; the zero
// selection is every public case.
type CaseSelection struct {
	// Label selects the cases with a public release carrying the label.
	Label string
	// Q selects the cases with a public release whose text matches the
	// search (SearchReleases' rules).
	Q string
}

// exportPage is how many cases or releases a selection reads at a time.
const exportPage = 200

// EachPublicCase calls fn with every public case sel selects, newest
// first (for a label or query: in the order of their newest matching
// release), one at a time: a page of case numbers is read, each case is
// loaded, handed to fn and dropped, so an export of a large casebook takes
// little memory. It stops at fn's first error and returns it. Drafts are
// never read (QueryStore sees the public casebook only).
func EachPublicCase(ctx context.Context, qs QueryStore, sel CaseSelection, fn func(*CaseRecord) error) error {
	visit := func(id string) error {
		rec, err := LoadCaseRecord(ctx, qs, id)
		if err != nil {
			return err
		}
		return fn(rec)
	}
	if sel.Label == "" && sel.Q == "" {
		for cursor := ""; ; {
			p, err := qs.FindCaseSummaries(ctx, CaseQuery{Cursor: cursor, Limit: exportPage})
			if err != nil {
				return err
			}
			for _, c := range p.Cases {
				if err := visit(c.ID); err != nil {
					return err
				}
			}
			if p.Next == "" {
				return nil
			}
			cursor = p.Next
		}
	}
	// Only the numbers already written are kept, never the cases.
	seen := map[string]bool{}
	for cursor := ""; ; {
		p, err := qs.FindReleaseSummaries(ctx, ReleaseQuery{Label: sel.Label, Q: sel.Q, Cursor: cursor, Limit: exportPage, NoTotal: true})
		if err != nil {
			return err
		}
		for _, r := range p.Releases {
			if r.CaseID == "" || seen[r.CaseID] {
				continue
			}
			seen[r.CaseID] = true
			if err := visit(r.CaseID); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		cursor = p.Next
	}
}

// LoadCaseRecord reads one public case with its public releases and
// organisations; ENOTFOUND when the case is not public.
func LoadCaseRecord(ctx context.Context, qs QueryStore, id string) (*CaseRecord, error) {
	c, err := qs.FindPublicCase(ctx, id)
	if err != nil {
		return nil, err
	}
	rec := &CaseRecord{Case: c, Organizations: map[int64]*Organization{}}
	for cursor := ""; ; {
		p, err := qs.FindReleaseSummaries(ctx, ReleaseQuery{CaseID: id, Cursor: cursor, Limit: exportPage, NoTotal: true})
		if err != nil {
			return nil, err
		}
		rec.Releases = append(rec.Releases, p.Releases...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	// Oldest first: the first release is the first report. Undated
	// releases come last, by ID.
	slices.SortStableFunc(rec.Releases, func(a, b *ReleaseSummary) int {
		switch {
		case a.Date.IsZero() != b.Date.IsZero():
			if a.Date.IsZero() {
				return 1
			}
			return -1
		case a.Date != b.Date:
			if a.Date.Before(b.Date) {
				return -1
			}
			return 1
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	for _, co := range c.Organizations {
		if rec.Organizations[co.OrganizationID] != nil {
			continue
		}
		o, err := qs.FindPublicOrganization(ctx, co.OrganizationID)
		if ErrorCode(err) == ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		rec.Organizations[o.ID] = o
	}
	return rec, nil
}

package jikenbo

import (
	"context"
	"time"
)

// Case operations change the shape of the casebook after the fact: two
// cases found to be one incident are merged, a case that turned out to
// hold two incidents is split, and a label is renamed. Numbers and label
// names that readers may have linked to keep working: a merged-away
// case number and an old label name redirect to where their releases
// went.

// CaseOpsStore merges and splits cases and remembers where merged-away
// numbers went.
type CaseOpsStore interface {
	// MergeCases moves everything of case from into case into: its
	// releases (keeping their filing decisions), organisations with their
	// roles, timeline entries and links to other cases (a link between
	// the two disappears). The stages of the surviving case's releases are
	// recomputed (the earliest is the 第1報) and so are its merged facts.
	// Case from is deleted, its number is retired (never handed out
	// again) and it redirects to into, as do numbers that redirected to
	// from. ENOTFOUND when either case does not exist; EINVALID when from
	// and into are the same case.
	MergeCases(ctx context.Context, from, into string) error
	// SplitCase moves the releases releaseIDs of case id to a new case
	// numbered next in year (the year of the earliest moved release when
	// year is 0), with their decisions, their earlier-release timeline
	// entries, and the roles of their publishing organisations (which
	// leave the old case when no release there is theirs any more). Both
	// cases' stages and merged facts are recomputed. It returns the new
	// case. ENOTFOUND when the case does not exist or a release is not in
	// it; EINVALID when no release is given or every release of the case
	// is (a split leaves at least one behind).
	SplitCase(ctx context.Context, id string, releaseIDs []int64, year int) (*Case, error)
	// FindCaseRedirect returns the case that a merged-away number now
	// lives in, or ENOTFOUND when id was never merged away or readers
	// never saw it (its releases were all drafts when it was merged).
	FindCaseRedirect(ctx context.Context, id string) (string, error)
	// FindRetiredCases returns every retired case number, in number
	// order: deleted cases (no Target) and merged-away ones with the case
	// they redirect to. None is an empty list.
	FindRetiredCases(ctx context.Context) ([]RetiredCase, error)
	// FindRetiredCase returns one retired number (a deleted case has no
	// Target), or ENOTFOUND when id was never retired.
	FindRetiredCase(ctx context.Context, id string) (*RetiredCase, error)
	// RetireCase records a number as retired, as restoring an export
	// does: it is never handed out again, and with a Target it redirects
	// there. Retiring a number twice is a no-op; ECONFLICT when a case
	// with that number exists; EINVALID for a malformed number.
	RetireCase(ctx context.Context, r RetiredCase) error
}

// RetiredCase is a case number no longer in use. Target is the case a
// merged-away number redirects to, empty for a deleted case.
type RetiredCase struct {
	ID     string `json:"id"`
	Target string `json:"target,omitempty"`
}

// LabelRedirect is an old label name and the name it was renamed to.
type LabelRedirect struct {
	Name   string `json:"name"`
	Target string `json:"target"`
}

// LabelOpsStore removes and renames labels and remembers old names.
type LabelOpsStore interface {
	// RemoveReleaseLabel takes one label of one source off a release.
	// ENOTFOUND when the release does not carry it.
	RemoveReleaseLabel(ctx context.Context, releaseID int64, l ReleaseLabel) error
	// RenameLabel renames a label on every release that carries it from
	// a source page or an editor, and returns how many releases it
	// renamed; a release that has both names keeps one. The old name
	// redirects to the new one from then on, as do names that redirected
	// to the old one, and the new name stops redirecting. ENOTFOUND when
	// no release carries old; EINVALID for an empty name, the same name
	// twice, or an automatic label (one that follows from the facts: it
	// would come back at the next re-extraction; correct the facts
	// instead).
	RenameLabel(ctx context.Context, old, new string) (int, error)
	// FindLabelRedirect returns the name an old label name was renamed
	// to, or ENOTFOUND when it never was.
	FindLabelRedirect(ctx context.Context, name string) (string, error)
	// FindLabelRedirects returns every renamed label's old name with its
	// new one, by old name. None is an empty list.
	FindLabelRedirects(ctx context.Context) ([]LabelRedirect, error)
	// AddLabelRedirect records a rename as restoring an export does;
	// recording it twice is a no-op. EINVALID for an empty name or a name
	// redirecting to itself.
	AddLabelRedirect(ctx context.Context, r LabelRedirect) error
}

// DeletedRelease is what remains of a deleted release: its ID, which is
// never handed out again and whose URL answers 410 Gone, where it came
// from, the case it was in, and when it was deleted.
type DeletedRelease struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
	CaseID string `json:"case_id,omitempty"`
	// Draft is set for a release deleted before it was published: it was
	// never public, so its URL answers 404 like any unknown ID.
	Draft     bool      `json:"draft,omitempty"`
	DeletedAt time.Time `json:"deleted_at"`
}

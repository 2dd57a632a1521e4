package jikenbo

import "context"

// Store is a casebook database. Each method runs in its own transaction
// unless called on the Store that InTx hands to its function, where all of
// them share one.
type Store interface {
	ReleaseStore
	CaseStore
	OrganizationStore
	LabelStore
	VersionStore
	UserStore
	AuditStore
	CaseOpsStore
	LabelOpsStore
	SourceStore
	WatchStore
	WebhookStore

	// InTx runs fn in one write transaction: if fn returns an error (or
	// panics) nothing it wrote is kept. Stores serialise write transactions,
	// so reads inside fn see a casebook no other writer changes until fn
	// returns; this is what makes case numbering safe with two imports at
	// once. Calling InTx on the Store given to fn runs fn in the same
	// transaction, inside a savepoint: if that fn fails, what it wrote is
	// undone and the outer transaction goes on (an import's batch keeps
	// the releases that did not fail).
	InTx(ctx context.Context, fn func(tx Store) error) error

	// Close releases the database. Calling it on the Store given to an InTx
	// function returns EINVALID.
	Close() error
}

// ReleaseStore keeps releases, their facts and overrides, and searches
// their text.
type ReleaseStore interface {
	// FindReleaseByID returns the release, or ENOTFOUND.
	FindReleaseByID(ctx context.Context, id int64) (*Release, error)
	// FindReleaseBySHA256 returns the release whose original bytes, or
	// the bytes of one of its earlier versions, have that digest, or
	// ENOTFOUND.
	FindReleaseBySHA256(ctx context.Context, sum string) (*Release, error)
	// FindReleases returns the releases matching f in ID order and how
	// many match in all (ignoring Offset and Limit). No match is an empty
	// list, not an error.
	FindReleases(ctx context.Context, f ReleaseFilter) ([]*Release, int, error)
	// CreateRelease stores r with its labels and overrides, computing
	// SHA256 and setting ID (unless r.ID is given, as when restoring an
	// export) and ImportedAt (unless given). It returns ECONFLICT when a
	// release with the same SHA256 or ID exists, ENOTFOUND when its
	// organisation or case does not exist, EINVALID when r is invalid.
	// The case is linked by AddCaseRelease, not by r.CaseID.
	CreateRelease(ctx context.Context, r *Release) error
	// UpdateRelease changes the release and returns it updated, or
	// ENOTFOUND. A change of facts updates its case's merged facts.
	UpdateRelease(ctx context.Context, id int64, upd ReleaseUpdate) (*Release, error)
	// DeleteRelease removes the release with its versions from the
	// casebook, its case and the search index, and leaves a tombstone
	// (FindDeletedRelease): its ID is never handed out again. ENOTFOUND
	// when it does not exist.
	DeleteRelease(ctx context.Context, id int64) error
	// FindDeletedRelease returns the tombstone of a deleted release, or
	// ENOTFOUND when no release with that ID was deleted.
	FindDeletedRelease(ctx context.Context, id int64) (*DeletedRelease, error)
	// FindDeletedReleases returns every tombstone, by ID (for exports).
	FindDeletedReleases(ctx context.Context) ([]DeletedRelease, error)
	// AddDeletedRelease records a tombstone as restoring an export does.
	// ECONFLICT when a release with that ID exists; recording one twice
	// is a no-op.
	AddDeletedRelease(ctx context.Context, d DeletedRelease) error
	// SetOverride records an editor's correction of one field, replacing an
	// earlier override of the same field. ENOTFOUND when the release does
	// not exist, EINVALID when the override is invalid.
	SetOverride(ctx context.Context, releaseID int64, o Override) error
	// DeleteOverride removes the override of field, or returns ENOTFOUND
	// when there is none.
	DeleteOverride(ctx context.Context, releaseID int64, field string) error
	// SearchReleases returns the releases whose text contains every word
	// of q.Q (after NFKC, lower case and spelling folding), best first, and
	// how many match in all. An empty query is EINVALID; no match is an
	// empty list.
	SearchReleases(ctx context.Context, q SearchQuery) ([]SearchHit, int, error)
}

// CaseStore keeps cases, their releases, organisations, timeline, links
// and filing decisions.
type CaseStore interface {
	// FindCaseByID returns the case with its releases, organisations,
	// timeline, links and decisions, or ENOTFOUND.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases returns the cases matching f in number order and how many
	// match in all. No match is an empty list.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, int, error)
	// CreateCase stores a new case. With c.ID empty it gets the next number
	// of year c.Year; with c.ID given (a number carried by an imported
	// post) that number is kept and the year's counter moves past it, so
	// numbers are never handed out twice, even after a deletion. ECONFLICT
	// when a case with that ID exists (or ever existed); EINVALID for a
	// malformed ID or a missing year.
	CreateCase(ctx context.Context, c *Case) error
	// SetCaseTitle gives a case its own title (an editor's), or with ""
	// lets its merged facts make one. ENOTFOUND when it does not exist;
	// EINVALID for a title over 200 characters.
	SetCaseTitle(ctx context.Context, id, title string) error
	// DeleteCase removes a case; its releases become unlinked and its
	// number is not reused. ENOTFOUND when it does not exist.
	DeleteCase(ctx context.Context, id string) error
	// AddCaseRelease files a release in a case at a stage and updates the
	// case's merged facts and status. Filing it again in the same case
	// changes only the stage; ECONFLICT when it is in another case;
	// ENOTFOUND when the case or release does not exist.
	AddCaseRelease(ctx context.Context, caseID string, releaseID int64, stage Stage) error
	// RemoveCaseRelease takes a release out of its case (to file it in
	// another) and updates the case's merged facts; the case stays, even
	// when empty. ENOTFOUND when the release does not exist or is in no
	// case.
	RemoveCaseRelease(ctx context.Context, releaseID int64) (caseID string, err error)
	// AddCaseOrganization records an organisation's role in a case,
	// brought by the filing of release releaseID (0: by an editor or an
	// export). What a draft brought is public only once the draft is
	// (QueryStore). Adding the same role twice is a no-op, except that a
	// public release's claim replaces a draft's. ENOTFOUND when the case
	// or organisation does not exist.
	AddCaseOrganization(ctx context.Context, caseID string, orgID int64, role Role, releaseID int64) error
	// AddTimelineEntry records an event known only by date (an earlier
	// release), brought by e.ReleaseID as AddCaseOrganization's role is.
	// Adding the same date and kind twice is a no-op, except that a public
	// release's entry replaces a draft's. ENOTFOUND when the case does not
	// exist.
	AddTimelineEntry(ctx context.Context, caseID string, e TimelineEntry) error
	// AddCaseLink relates two cases without merging them; the link is seen
	// from both, and was brought by l.ReleaseID as AddCaseOrganization's
	// role is. Adding it twice is a no-op, except that a public release's
	// link replaces a draft's; ENOTFOUND when a case does not exist;
	// EINVALID for a link of a case to itself.
	AddCaseLink(ctx context.Context, caseID string, l CaseLink) error
	// AddDecision records why a release was filed in a case. ENOTFOUND
	// when the case or release does not exist.
	AddDecision(ctx context.Context, d Decision) error
}

// OrganizationStore keeps organisations and the aliases they are found by.
type OrganizationStore interface {
	// FindOrganizationByID returns the organisation or ENOTFOUND.
	FindOrganizationByID(ctx context.Context, id int64) (*Organization, error)
	// FindOrganizationByKey returns the organisation having an alias with
	// that key, or ENOTFOUND.
	FindOrganizationByKey(ctx context.Context, key string) (*Organization, error)
	// FindOrganizations returns the organisations matching f in ID order
	// and how many match in all. No match is an empty list.
	FindOrganizations(ctx context.Context, f OrganizationFilter) ([]*Organization, int, error)
	// CreateOrganization stores o with its aliases and sets its ID (unless
	// given). ECONFLICT when an alias key (or the ID) belongs to another
	// organisation; EINVALID when o is invalid.
	CreateOrganization(ctx context.Context, o *Organization) error
	// UpdateOrganization renames an organisation or changes its kind and
	// returns it updated; the cases it is in are summarised again.
	// ENOTFOUND when it does not exist, EINVALID for an empty name or an
	// unknown kind.
	UpdateOrganization(ctx context.Context, id int64, upd OrganizationUpdate) (*Organization, error)
	// AddOrganizationAlias adds a way of writing the organisation's name.
	// Adding an alias it already has is a no-op; ECONFLICT when the key
	// belongs to another organisation; ENOTFOUND when it does not exist.
	AddOrganizationAlias(ctx context.Context, id int64, a OrgAlias) error
	// SetHoujinCandidates replaces the corporate-registry entries waiting
	// for an editor to choose the organisation's 法人番号 from (none
	// clears them). ENOTFOUND when the organisation does not exist,
	// EINVALID for a number that fails ValidCorporateNumber.
	SetHoujinCandidates(ctx context.Context, orgID int64, cs []HoujinCandidate) error
	// FindHoujinCandidates returns every waiting candidate, by
	// organisation ID and number. None is an empty list.
	FindHoujinCandidates(ctx context.Context) ([]HoujinCandidate, error)
}

// LabelStore keeps labels on releases.
type LabelStore interface {
	// FindLabels returns every label with its release count, by name.
	FindLabels(ctx context.Context) ([]*Label, error)
	// AddReleaseLabel puts a label on a release; adding it twice is a
	// no-op. ENOTFOUND when the release does not exist; EINVALID for an
	// empty name or unknown source.
	AddReleaseLabel(ctx context.Context, releaseID int64, l ReleaseLabel) error
	// ReplaceReleaseLabels replaces the release's labels of one source by
	// names (re-extraction renews the automatic ones this way). ENOTFOUND
	// when the release does not exist.
	ReplaceReleaseLabels(ctx context.Context, releaseID int64, source LabelSource, names []string) error
}

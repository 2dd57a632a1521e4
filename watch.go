package jikenbo

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// WatchKind is how a watched source lists its releases.
type WatchKind string

// Watch kinds.
const (
	// WatchFeed is an RSS 1.0/2.0 or Atom feed.
	WatchFeed WatchKind = "feed"
	// WatchPage is an HTML news list (お知らせ一覧) whose links are releases.
	WatchPage WatchKind = "page"
	// WatchSitemap is a sitemap.xml or a sitemap index, read by lastmod.
	WatchSitemap WatchKind = "sitemap"
)

// Valid reports whether k is a known kind.
func (k WatchKind) Valid() bool { return k == WatchFeed || k == WatchPage || k == WatchSitemap }

// DefaultWatchEvery is how often a source is polled when nothing is said.
const DefaultWatchEvery = time.Hour

// WatchSource is a place the casebook watches for new releases: an
// organisation's feed, news list or sitemap. It is not a ReleaseSource
// (where one release's bytes came from). Its polling state lives with it,
// so a restarted watcher resumes where it stopped.
type WatchSource struct {
	ID   int64
	URL  string
	Kind WatchKind
	// OrganizationID is the organisation publishing there (0: unknown).
	OrganizationID int64
	// Every is the interval between polls while the source answers.
	Every time.Duration
	// ETag and LastModified are the validators of the last answer, sent
	// back for a conditional GET.
	ETag         string
	LastModified string
	// LastSuccess is when it last answered (200 or 304); LastPolled when
	// it was last asked.
	LastSuccess time.Time
	LastPolled  time.Time
	// Failures counts the polls that failed in a row; LastError is the
	// last one's message ("" after a success).
	Failures  int
	LastError string
	// NextDue is when it is polled next.
	NextDue   time.Time
	CreatedAt time.Time
}

// Validate checks a new source: an absolute http(s) URL, a known kind,
// an interval of at least a minute.
func (s *WatchSource) Validate() error {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EINVALID, "%q は http または https の URL ではありません", s.URL)
	}
	if !s.Kind.Valid() {
		return Errorf(EINVALID, "種類 %q は feed, page, sitemap のいずれかです", s.Kind)
	}
	if s.Every < time.Minute {
		return Errorf(EINVALID, "巡回間隔 %s は1分以上にしてください", s.Every)
	}
	return nil
}

// GuessWatchKind tells a source's kind from its URL when none is given:
// sitemap*.xml is a sitemap, .rdf/.rss/.atom/.xml and paths naming a feed
// are feeds, anything else a page.
func GuessWatchKind(rawURL string) WatchKind {
	u, err := url.Parse(rawURL)
	if err != nil {
		return WatchPage
	}
	p := strings.ToLower(u.Path)
	switch {
	case strings.Contains(p, "sitemap"):
		return WatchSitemap
	case strings.HasSuffix(p, ".rdf"), strings.HasSuffix(p, ".rss"), strings.HasSuffix(p, ".atom"), strings.HasSuffix(p, ".xml"),
		strings.Contains(p, "/feed"), strings.Contains(p, "/rss"), strings.Contains(p, "/atom"):
		return WatchFeed
	}
	return WatchPage
}

// WatchPoll is the outcome of one poll, recorded by FinishWatchPoll.
type WatchPoll struct {
	At time.Time
	// Err is the failure ("" for success: 200 or 304).
	Err string
	// ETag and LastModified are the new validators (kept when empty on a
	// 304).
	ETag, LastModified string
	// NextDue is when to poll again (backoff included).
	NextDue time.Time
}

// WatchItemStatus is what became of an item a source listed.
type WatchItemStatus string

// Item statuses.
const (
	// ItemDraft: classified as an incident and filed as a draft.
	ItemDraft WatchItemStatus = "draft"
	// ItemPassed: classified as no incident, kept in the passed-over list.
	ItemPassed WatchItemStatus = "passed"
	// ItemKnown: its bytes were in the casebook already (a moved URL, a
	// re-posted file, another source of a release).
	ItemKnown WatchItemStatus = "known"
	// ItemFailed: it could not be fetched or read; retried on later polls.
	ItemFailed WatchItemStatus = "failed"
	// ItemRobots: robots.txt disallows it; retried on later polls.
	ItemRobots WatchItemStatus = "robots"
	// ItemPromoted: passed over, then made a draft by an editor.
	ItemPromoted WatchItemStatus = "promoted"
)

// WatchReason is one cue the classifier weighed.
type WatchReason struct {
	Cue    string  `json:"cue"`
	Weight float64 `json:"weight"`
}

// WatchItem is one link a watched source listed and what the watcher made
// of it. Nothing fetched is dropped: every item is kept with its status.
type WatchItem struct {
	ID       int64
	SourceID int64
	// URL is the link as listed; FinalURL where fetching it ended.
	URL      string
	FinalURL string
	Title    string
	// Listed is the date the source gave it (zero when none).
	Listed  time.Time
	FoundAt time.Time
	SHA256  string
	Status  WatchItemStatus
	// Score and Reasons are the classifier's judgement.
	Score   float64
	Reasons []WatchReason
	// ReleaseID is the draft filed, or the release it is a copy of.
	ReleaseID int64
	// Error is why it failed.
	Error string
	// Attempts counts fetches of a failed item.
	Attempts int
}

// WatchItemFilter selects items.
type WatchItemFilter struct {
	Status   WatchItemStatus // "" for all
	SourceID int64           // 0 for all
	// SHA256 and ReleaseID select the items with those bytes, or filed
	// as that release ("" and 0 for all).
	SHA256    string
	ReleaseID int64
	Limit     int
}

// ReleaseCheck is the state of the re-reading of one release of an
// ongoing case at its source URL.
type ReleaseCheck struct {
	ReleaseID int64
	CheckedAt time.Time
	NextDue   time.Time
	// ChangedAt is when the bytes last differed, Version the version it
	// made (0: never changed).
	ChangedAt time.Time
	Version   int
	Failures  int
	LastError string
	// ETag and LastModified are the validators of the last answer, sent
	// back with the next check so that an unchanged page costs a 304.
	ETag, LastModified string
}

// DueCheck is a release whose re-reading is due, as
// ClaimDueReleaseChecks hands it out: its check so far and what the
// check needs of the release and its case.
type DueCheck struct {
	ReleaseCheck
	Source string
	SHA256 string
	CaseID string
	// Newest is the date of the case's latest public release (zero when
	// it has none); ImportedAt is the release's.
	Newest     time.Time
	ImportedAt time.Time
}

// ReleaseEdit is a silent edit: the watcher found the bytes of a
// release changed at its source and kept them as a new version.
type ReleaseEdit struct {
	ReleaseID int64
	CaseID    string
	Version   int
	FoundAt   time.Time
}

// WatchStore keeps watched sources, the items they listed and the checks
// of ongoing cases' releases.
type WatchStore interface {
	// CreateWatchSource stores a new source, setting ID, CreatedAt and
	// NextDue (now, unless given). ECONFLICT when its URL is watched
	// already; EINVALID when it does not validate; ENOTFOUND when its
	// organisation does not exist.
	CreateWatchSource(ctx context.Context, s *WatchSource) error
	// FindWatchSourceByID returns the source, or ENOTFOUND.
	FindWatchSourceByID(ctx context.Context, id int64) (*WatchSource, error)
	// FindWatchSources returns every source by ID; none is an empty list.
	FindWatchSources(ctx context.Context) ([]*WatchSource, error)
	// DeleteWatchSource stops watching a source; its items stay.
	// ENOTFOUND when it does not exist.
	DeleteWatchSource(ctx context.Context, id int64) error
	// ClaimDueWatchSources leases up to n sources due at now to the caller
	// for lease, soonest due first: until the lease ends or
	// FinishWatchPoll, no other caller (another server on the same
	// database) gets them.
	ClaimDueWatchSources(ctx context.Context, now time.Time, lease time.Duration, n int) ([]*WatchSource, error)
	// FinishWatchPoll records a poll's outcome and ends the lease: a
	// success resets the failures, a failure counts one more.
	// ENOTFOUND when the source does not exist (removed meanwhile).
	FinishWatchPoll(ctx context.Context, id int64, p WatchPoll) error

	// FindWatchItem returns the item listed at url (by any source), or
	// ENOTFOUND.
	FindWatchItem(ctx context.Context, url string) (*WatchItem, error)
	// FindWatchItemByID returns the item, or ENOTFOUND.
	FindWatchItemByID(ctx context.Context, id int64) (*WatchItem, error)
	// SaveWatchItem stores a new item (ID 0, setting ID and FoundAt) or
	// replaces the state of a stored one. ECONFLICT for a new item whose
	// URL is stored.
	SaveWatchItem(ctx context.Context, it *WatchItem) error
	// FindWatchItems returns items matching f, newest first.
	FindWatchItems(ctx context.Context, f WatchItemFilter) ([]*WatchItem, error)

	// FindReleaseCheck returns a release's check, or ENOTFOUND when it was
	// never checked.
	FindReleaseCheck(ctx context.Context, releaseID int64) (*ReleaseCheck, error)
	// SaveReleaseCheck records a check, and when ChangedAt is set and
	// Version > 0 the silent edit it found (once per version). ENOTFOUND
	// when the release does not exist.
	SaveReleaseCheck(ctx context.Context, c ReleaseCheck) error
	// ClaimDueReleaseChecks leases to the caller, for lease, up to n
	// releases of ongoing cases whose source is an http(s) URL and whose
	// check is due at now, soonest due first; a release never checked is
	// due at once. Until the lease ends or SaveReleaseCheck, no other
	// caller gets them. Due releases not in an ongoing case are not
	// returned but put off by idle (a case that reopens does so with a
	// new release, which is due at once). It reads only due rows, by an
	// index, so a round costs what is due, not the number of cases.
	ClaimDueReleaseChecks(ctx context.Context, now time.Time, lease, idle time.Duration, n int) ([]*DueCheck, error)
	// FindReleaseEdits returns the silent edits of a case's public
	// releases, oldest first.
	FindReleaseEdits(ctx context.Context, caseID string) ([]ReleaseEdit, error)
	// FindCaseChecks sums up the checks of the public releases of the
	// given cases, one per case that has any (for /watch).
	FindCaseChecks(ctx context.Context, caseIDs []string) ([]CaseCheck, error)
}

// CaseCheck sums up the checks of a case's public releases.
type CaseCheck struct {
	CaseID string
	// CheckedAt is the latest check of any of its releases.
	CheckedAt time.Time
	// ChangedAt, ReleaseID and Version are those of the latest change
	// found (zero when none changed).
	ChangedAt time.Time
	ReleaseID int64
	Version   int
	// Failing counts the releases whose last check failed; LastError is
	// one of their errors.
	Failing   int
	LastError string
}

// CheckInterval is how long to wait before re-reading a release of an
// ongoing case whose last release is age old: daily for a month, then
// weekly up to three months, then monthly.
func CheckInterval(age time.Duration) time.Duration {
	switch {
	case age < 31*24*time.Hour:
		return 24 * time.Hour
	case age < 92*24*time.Hour:
		return 7 * 24 * time.Hour
	}
	return 30 * 24 * time.Hour
}

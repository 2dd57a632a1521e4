package jikenbo

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Case is one real-world incident, numbered YYYY-NNN by the year of its
// first release, with every release published about it (by the breached
// organisation, its contractor, or the contractor's other clients).
type Case struct {
	// ID is the casebook number, "2024-217". Numbers are never reused.
	ID string
	// Year is the year of the case's first release; CreateCase numbers a
	// case without an ID in this year.
	Year int

	// Status is merged by MergeCaseFacts: concluded when the latest dated
	// release of every publisher gives the outcome.
	Status Status
	// Facts are the facts of all releases merged (MergeCaseFacts).
	Facts CaseFacts
	// Title is the case's own title, set by an editor; "" lets
	// MergeCaseFacts make one (Facts.Title) from the origin organisation
	// and what happened.
	Title string

	// Releases in time order, Organizations with their roles, and the
	// timeline: the releases plus what is known only by date.
	Releases      []CaseRelease
	Organizations []CaseOrganization
	Timeline      []TimelineEntry
	// Links are related cases that stay separate (same contractor, same
	// organisation earlier).
	Links []CaseLink
	// Decisions record why each release was filed in this case.
	Decisions []Decision

	CreatedAt time.Time
	UpdatedAt time.Time
}

var caseIDPattern = regexp.MustCompile(`^(\d{4})-(\d{3,})$`)

// ParseCaseID splits "2024-217" into its year and sequence number.
func ParseCaseID(id string) (year, seq int, err error) {
	m := caseIDPattern.FindStringSubmatch(id)
	if m == nil {
		return 0, 0, Errorf(EINVALID, "invalid case number %q: want YYYY-NNN", id)
	}
	year, _ = strconv.Atoi(m[1])
	seq, _ = strconv.Atoi(m[2])
	if seq == 0 {
		return 0, 0, Errorf(EINVALID, "invalid case number %q: numbers start at 001", id)
	}
	return year, seq, nil
}

// FormatCaseID returns the number of the seq-th case of year, "2024-007".
func FormatCaseID(year, seq int) string {
	return fmt.Sprintf("%04d-%03d", year, seq)
}

// Role is the part an organisation plays in a case.
type Role string

// Roles of organisations in a case.
const (
	RolePublisher  Role = "publisher"  // published a release about the case
	RoleContractor Role = "contractor" // the outside party where it happened
	RoleClient     Role = "client"     // a client of the breached organisation
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RolePublisher || r == RoleContractor || r == RoleClient }

// CaseRelease is a release of a case, as the case lists it.
type CaseRelease struct {
	ReleaseID      int64
	Stage          Stage
	Published      Date
	OrganizationID int64
	Title          string
}

// CaseOrganization is an organisation of a case with its role. One
// organisation may have several roles (a contractor that also published).
type CaseOrganization struct {
	OrganizationID int64
	Name           string
	Role           Role
}

// TimelineKind says what a timeline entry records.
type TimelineKind string

// Timeline kinds.
const (
	// TimelineRelease is a release stored in the casebook.
	TimelineRelease TimelineKind = "release"
	// TimelineEarlierRelease is a release known only by its date, such as
	// 【2024年7月5日リリース分】 on a casebook page whose text was not kept.
	TimelineEarlierRelease TimelineKind = "earlier_release"
)

// TimelineEntry is one dated event of a case.
type TimelineEntry struct {
	Date Date
	Kind TimelineKind
	// ReleaseID is the release of a TimelineRelease entry, or for an
	// earlier release the release whose source mentioned it (0 if none).
	ReleaseID int64
	Note      string
}

// LinkKind says why two separate cases are related.
type LinkKind string

// Link kinds.
const (
	LinkSameContractor   LinkKind = "same_contractor"
	LinkSameOrganization LinkKind = "same_organization"
)

// CaseLink relates a case to another one without merging them.
type CaseLink struct {
	CaseID string // the other case
	Kind   LinkKind
	Reason string
	// ReleaseID is the release whose filing found the link (0: an
	// editor's or an export's).
	ReleaseID int64
}

// DecisionAction is how a release was filed.
type DecisionAction string

// Decision actions.
const (
	// DecisionSourceNumber: the source carried a casebook number; kept.
	DecisionSourceNumber DecisionAction = "source_number"
	// DecisionFollowUp: a later release of the same organisation's case.
	DecisionFollowUp DecisionAction = "follow_up"
	// DecisionContractor: another organisation's release about an incident
	// at a contractor already in the casebook.
	DecisionContractor DecisionAction = "contractor"
	// DecisionNewCase: nothing matched; a new case was numbered.
	DecisionNewCase DecisionAction = "new_case"
	// DecisionEditor: an editor filed it by hand.
	DecisionEditor DecisionAction = "editor"
)

// Decision records why a release was filed in a case, for the editor to
// check (and overturn).
type Decision struct {
	ReleaseID int64
	CaseID    string
	Action    DecisionAction
	// Reasons are short sentences, in the order they were weighed.
	Reasons []string
	At      time.Time
}

func union(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

// CaseFilter selects cases; zero fields do not filter.
type CaseFilter struct {
	ID             *string
	OrganizationID *int64
	Role           *Role // with OrganizationID: only that role
	Status         *Status
	Year           *int
	Offset         int
	Limit          int
	// Last, when set, keeps only the last Last cases of the selection
	// (the newest numbers), still in number order; Offset and Limit
	// then page through those.
	Last int
	// Brief leaves the cases' links and decisions out: the linker
	// compares a new release with dozens of cases and reads neither.
	Brief bool
}

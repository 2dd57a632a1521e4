package jikenbo

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
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

	// Status is the status of the latest release: a case is concluded when
	// its newest release gives the outcome.
	Status Status
	// Facts are the facts of all releases merged (MergeCaseFacts).
	Facts CaseFacts

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

// CaseFacts are the facts of a case: the releases' effective facts merged.
type CaseFacts struct {
	Title                string   `json:"title"`
	FirstPublished       Date     `json:"first_published"`
	LastPublished        Date     `json:"last_published"`
	Detected             Date     `json:"detected"`
	Categories           []string `json:"categories"`
	DataTypes            []string `json:"data_types"`
	ThirdParty           bool     `json:"third_party"`
	AffectedPersons      *int     `json:"affected_persons"`
	AffectedCards        *int     `json:"affected_cards"`
	RelatedOrganizations []string `json:"related_organizations"`
}

// DatedFacts are the effective facts of one release of a case with the
// order key MergeCaseFacts sorts by.
type DatedFacts struct {
	ReleaseID int64
	Facts     Facts
}

// MergeCaseFacts merges the facts of a case's releases: the title of the
// first release, the latest counts (a follow-up corrects the first
// report's figures), the union of categories, data types and related
// organisations, the earliest detection, and the status of the latest
// release. Releases are ordered by published date, unknown dates last in
// import order, which is how a casebook reads.
func MergeCaseFacts(rs []DatedFacts) (CaseFacts, Status) {
	rs = slices.Clone(rs)
	SortDatedFacts(rs)
	var cf CaseFacts
	status := StatusOngoing
	for i, r := range rs {
		f := r.Facts
		if i == 0 || cf.Title == "" {
			cf.Title = f.Title
		}
		if !f.Published.IsZero() {
			if cf.FirstPublished.IsZero() || f.Published.Before(cf.FirstPublished) {
				cf.FirstPublished = f.Published
			}
			if cf.LastPublished.Before(f.Published) {
				cf.LastPublished = f.Published
			}
		}
		if !f.Detected.IsZero() && (cf.Detected.IsZero() || f.Detected.Before(cf.Detected)) {
			cf.Detected = f.Detected
		}
		cf.Categories = union(cf.Categories, f.Categories)
		cf.DataTypes = union(cf.DataTypes, f.DataTypes)
		cf.RelatedOrganizations = union(cf.RelatedOrganizations, f.RelatedOrganizations)
		cf.ThirdParty = cf.ThirdParty || f.ThirdParty
		if f.AffectedPersons != nil {
			cf.AffectedPersons = f.AffectedPersons
		}
		if f.AffectedCards != nil {
			cf.AffectedCards = f.AffectedCards
		}
		if f.Status != "" {
			status = f.Status
		}
	}
	return cf, status
}

// SortDatedFacts orders releases by published date, unknown dates after
// known ones, then by ID.
func SortDatedFacts(rs []DatedFacts) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i].Facts.Published, rs[j].Facts.Published
		if a != b {
			if a.IsZero() || b.IsZero() {
				return b.IsZero()
			}
			return a.Before(b)
		}
		return rs[i].ReleaseID < rs[j].ReleaseID
	})
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
}

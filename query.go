package jikenbo

import (
	"context"
	"time"
)

// QueryStore answers the reading side of the public casebook: releases,
// cases and organisations by ID, lists in the order readers want them
// (newest first), facets, archive counts, statistics and a version for
// conditional requests. It sees the public casebook only, so that nothing
// of a draft reaches a reader:
//
//   - a public release is one that is not a draft; a draft's labels,
//     facts and text are in no answer;
//   - what a release brought to a case (an organisation's role, a release
//     known only by date, a related case) is public when that release
//     is, or when an editor or an export brought it;
//   - a public case holds a public release or a public timeline entry (a
//     case whose releases are all drafts is not public, nor is an empty
//     one); its merged facts are its public releases';
//   - a public organisation published a public release or has a public
//     role in a public case.
//
// What is not public answers ENOTFOUND exactly as a missing ID does.
//
// A release's date is its effective published date (overrides applied):
// the 公表日 its text states, never the day the casebook filed it. A
// release without one is listed after every dated release (newest filed
// first among them), and left out of month archives, year facets, date
// filters and the statistics by month (Stats.Undated counts them).
//
// Cursors are opaque strings the store hands out in Next; a cursor the
// store did not make is EINVALID, never an internal error.
type QueryStore interface {
	// FindPublicRelease returns a public release, or ENOTFOUND (for a
	// draft as for a release that does not exist).
	FindPublicRelease(ctx context.Context, id int64) (*Release, error)
	// FindPublicReleaseHead is FindPublicRelease with at most the first
	// textLimit bytes of the text (cut at a character) and without the
	// original bytes (Original is the cut text's UTF-8).
	FindPublicReleaseHead(ctx context.Context, id int64, textLimit int) (*Release, error)
	// FindPublicCase returns a public case with only its public
	// releases, organisations, timeline and links to public cases, and no
	// decisions; ENOTFOUND when it is not public or does not exist.
	FindPublicCase(ctx context.Context, id string) (*Case, error)
	// FindPublicOrganization returns a public organisation, or ENOTFOUND.
	FindPublicOrganization(ctx context.Context, id int64) (*Organization, error)
	// FindReleaseSummaries returns the public releases matching q, newest
	// first (date, then ID, descending), at most q.Limit of them from
	// q.Cursor on, with how many match in all. No match is an empty page,
	// not an error. EINVALID for a malformed cursor or a query text with
	// nothing to search for.
	FindReleaseSummaries(ctx context.Context, q ReleaseQuery) (*ReleasePage, error)
	// ReleaseFacets counts the releases matching q by category, year,
	// status, organisation kind, third party and affected-persons range.
	// Each dimension is counted with every filter of q except its own, so
	// a reader can switch a filter without losing the other values.
	// Values with no release are left out. EINVALID as for
	// FindReleaseSummaries.
	ReleaseFacets(ctx context.Context, q ReleaseQuery) (*Facets, error)
	// ArchiveCounts returns the number of public releases per month of
	// their date, newest month first; undated releases are in no month.
	ArchiveCounts(ctx context.Context) ([]MonthCount, error)
	// PublicLabels returns every label on a public release with the
	// number of public releases carrying it, by name. A label only drafts
	// carry is left out.
	PublicLabels(ctx context.Context) ([]*Label, error)
	// FindCaseSummaries returns the public cases matching q in q.Order,
	// at most q.Limit from q.Cursor on, with how many match in all, each
	// with its public organisations. No match is an empty page. EINVALID
	// for a malformed cursor.
	FindCaseSummaries(ctx context.Context, q CaseQuery) (*CasePage, error)
	// CasebookStats returns the aggregates of the statistics page.
	CasebookStats(ctx context.Context) (*Stats, error)
	// Classes returns every public release's case, date and categories
	// and every public case's year, first date, categories, data types
	// and affected people, for the statistics' totals and their counts
	// in other taxonomies: what FindReleaseSummaries and
	// FindCaseSummaries would give of them, without the rest.
	Classes(ctx context.Context) (*Classes, error)
	// CasebookVersion returns a number that changes whenever anything
	// public in the casebook changes, also when another process (an
	// import) writes, and when that was; a change to drafts alone leaves
	// it as it was. A new casebook has version 0 and a zero time.
	CasebookVersion(ctx context.Context) (Version, error)
}

// Version identifies a state of the casebook for caches and conditional
// requests (ETag, Last-Modified).
type Version struct {
	N       int64
	Changed time.Time
}

// ReleaseQuery selects public releases; zero fields do not filter.
type ReleaseQuery struct {
	// Q is full-text search with SearchReleases' rules: every word must
	// occur in the text.
	Q              string
	Label          string
	OrganizationID int64
	// AsContractor with OrganizationID also selects the releases of the
	// cases where that organisation was the contractor: its clients'
	// releases about what happened at it.
	AsContractor bool
	CaseID       string
	// Year and Month select by the release's date; Month needs Year.
	Year, Month int
	// Since selects releases dated on or after it.
	Since      Date
	Category   string
	Status     Status
	OrgKind    OrgKind
	ThirdParty *bool
	// Persons selects an affected-persons range by its code (PersonRanges).
	Persons string

	Cursor string
	Limit  int // 0: 20; at most 200
	// NoTotal skips counting the matches (Total is then -1), for a page
	// that knows the count already: counting a large label costs more
	// than reading its newest page.
	NoTotal bool
}

// ReleasePage is one page of releases.
type ReleasePage struct {
	Releases []*ReleaseSummary
	// Total is how many releases match in all (-1 with NoTotal).
	Total int
	// Next is the cursor of the following page, "" on the last one.
	Next string
}

// ReleaseSummary is what a list shows of a release: its effective facts
// and where it belongs, without the original bytes.
type ReleaseSummary struct {
	ID               int64
	CaseID           string
	Stage            Stage
	OrganizationID   int64
	OrganizationName string
	OrganizationKind OrgKind
	// Date is the release's 公表日 (see QueryStore), zero when unknown;
	// ImportedAt is when the casebook filed it.
	Date Date
	// Facts are the effective facts, without their evidence (a
	// release's own page shows it).
	Facts        Facts
	Labels       []string
	Source       string
	SourceCaseID string
	ImportedAt   time.Time
	// Text is the release text, filled only for a query with Q (for
	// snippets).
	Text string
	// Lead is the text's first LeadChars characters, for a list to show
	// the first sentence of a release that has no title.
	Lead string
}

// LeadChars is the length of ReleaseSummary.Lead in characters.
const LeadChars = 200

// Facets are the counts of a result set by dimension.
type Facets struct {
	Categories []FacetCount
	Years      []FacetCount
	Statuses   []FacetCount
	OrgKinds   []FacetCount
	ThirdParty []FacetCount // "true", "false"
	Persons    []FacetCount // PersonRanges codes
}

// FacetCount is one value of a dimension with how many releases have it.
type FacetCount struct {
	Value string
	Count int
}

// PersonRange is a bucket of affected persons; Max 0 means no upper bound.
type PersonRange struct {
	Code     string
	Name     string
	Min, Max int
}

// PersonRanges are the affected-persons buckets of search facets, in
// order. "unknown" holds releases with no count.
var PersonRanges = []PersonRange{
	{"1-99", "100人未満", 1, 99},
	{"100-999", "100〜999人", 100, 999},
	{"1000-9999", "1,000〜9,999人", 1000, 9999},
	{"10000-99999", "1万〜10万人未満", 10000, 99999},
	{"100000-", "10万人以上", 100000, 0},
	{"unknown", "不明・0人", 0, 0},
}

// FindPersonRange returns the range with that code.
func FindPersonRange(code string) (PersonRange, bool) {
	for _, r := range PersonRanges {
		if r.Code == code {
			return r, true
		}
	}
	return PersonRange{}, false
}

// MonthCount is the number of releases dated in one month.
type MonthCount struct {
	Year, Month int
	Count       int
}

// CaseOrder is the order of a case list.
type CaseOrder string

// Case orders.
const (
	// CaseNewest lists the highest numbers first.
	CaseNewest CaseOrder = ""
	// CaseStalest lists the cases whose last release is oldest first
	// (unknown dates last): the watch list.
	CaseStalest CaseOrder = "stalest"
	// CaseLargest lists the cases with the most affected people first
	// (unknown as none), then by number as text: the table of the
	// largest incidents.
	CaseLargest CaseOrder = "largest"
)

// CaseQuery selects cases; zero fields do not filter.
type CaseQuery struct {
	Status         Status
	Category       string
	OrganizationID int64
	Role           Role // with OrganizationID
	Year           int
	Order          CaseOrder
	Cursor         string
	Limit          int // 0: 20; at most 200
	// NoTotal skips counting the matches (Total is then -1), for a
	// caller that reads the whole list page by page or knows the count:
	// counting the public cases costs more than reading a page of them.
	NoTotal bool
}

// CasePage is one page of cases.
type CasePage struct {
	Cases []*CaseSummary
	// Total is how many cases match in all (-1 with NoTotal).
	Total int
	Next  string
}

// CaseSummary is what a list shows of a case.
type CaseSummary struct {
	ID            string
	Year          int
	Status        Status
	Facts         CaseFacts
	Organizations []CaseOrganization
	// Releases is the number of public releases of the case.
	Releases  int
	UpdatedAt time.Time
}

// Classes are the public releases and cases by their classes (see
// QueryStore.Classes).
type Classes struct {
	// Releases are newest first, as FindReleaseSummaries lists them.
	Releases []ReleaseClass
	// Cases are by number.
	Cases []CaseClass
}

// ReleaseClass is a public release's case, its 公表日 (zero when
// unknown) and its categories.
type ReleaseClass struct {
	ID         int64
	CaseID     string
	Date       Date
	Categories []string
}

// CaseClass is a public case's year (of its number) and what its merged
// facts (CaseSummary.Facts) say of its first 公表日, categories, data
// types and affected people.
type CaseClass struct {
	ID              string
	Year            int
	FirstPublished  Date
	Categories      []string
	DataTypes       []string
	AffectedPersons *int
}

// Stats are the aggregates of the statistics page. Incidents are counted
// per case (a follow-up does not count twice), releases per release.
type Stats struct {
	Releases, Cases, Organizations int
	// Undated is how many releases have no known 公表日: counted in
	// Releases, left out of ReleasesByMonth.
	Undated int
	// ReleasesByMonth counts releases per month of their date and
	// category (a release with two categories counts in both; one with
	// none under CatOther), oldest first.
	ReleasesByMonth []MonthCategoryCount
	// ByYear aggregates cases by the year of their first release, oldest
	// first.
	ByYear []YearStats
	// TopContractors are the contractors whose incidents hit the most
	// client organisations, most first (at most 10).
	TopContractors []ContractorCount
}

// MonthCategoryCount is the number of releases of one category in one
// month.
type MonthCategoryCount struct {
	Year, Month int
	Category    string
	Count       int
}

// YearStats aggregates the cases of one year.
type YearStats struct {
	Year  int
	Cases int
	// Persons and Cards sum the cases' latest counts; CasesWithPersons is
	// how many cases had a count at all.
	Persons, Cards   int
	CasesWithPersons int
	// ThirdParty counts cases that happened at an outside party.
	ThirdParty int
	// LagCases is how many cases have both a detection and a publication
	// date, and LagMedianDays the median days between them.
	LagCases      int
	LagMedianDays float64
	LagP90Days    float64
}

// ContractorCount is a contractor with its incidents' reach.
type ContractorCount struct {
	OrganizationID int64
	Name           string
	// Cases where it was the contractor, and the distinct other
	// organisations that published about them.
	Cases, Clients int
}

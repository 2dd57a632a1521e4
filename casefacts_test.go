package jikenbo_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestMergeCaseFacts(t *testing.T) {
	d := func(y, m, dd int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: dd} }
	concluded, ongoing := jikenbo.StatusConcluded, jikenbo.StatusOngoing
	rel := func(id, org int64, name string, pub jikenbo.Date, st jikenbo.Status, persons *int) jikenbo.DatedFacts {
		return jikenbo.DatedFacts{ReleaseID: id, OrganizationID: org, Facts: jikenbo.Facts{Organization: name, Published: pub, Status: st,
			AffectedPersons: persons, Categories: []string{jikenbo.CatRansomware}, Title: name + "のお知らせ"}}
	}
	isetou := []jikenbo.CaseOrganization{{OrganizationID: 9, Name: "株式会社イセトー", Role: jikenbo.RoleContractor}}
	for _, tt := range []struct {
		name        string
		rs          []jikenbo.DatedFacts
		orgs        []jikenbo.CaseOrganization
		status      jikenbo.Status
		persons     *int
		rule        jikenbo.MergeRule
		sources     map[string][]int64
		title       string
		publishers  int
		first, last jikenbo.Date
	}{
		{
			// The contractor incident of the issue: five clients' final
			// reports, and an undated ongoing release filed last that
			// used to become the case's "latest release" (78人, 調査中).
			name: "ContractorClientsAndUndated",
			rs: []jikenbo.DatedFacts{
				rel(1, 1, "株式会社東海信金ビジネス", d(2024, 11, 15), concluded, intp(69403)),
				rel(2, 2, "静清信用金庫", d(2024, 11, 18), concluded, intp(2702)),
				rel(3, 3, "徳島県", d(2024, 6, 6), ongoing, intp(88)),
				rel(4, 3, "徳島県", d(2024, 9, 2), concluded, nil),
				rel(5, 4, "東京都", d(2024, 6, 17), concluded, intp(37)),
				rel(6, 5, "浜松市", d(2024, 7, 1), concluded, nil),
				rel(7, 0, "", jikenbo.Date{}, ongoing, intp(78)),
			},
			orgs:   isetou,
			status: concluded, persons: intp(72230), rule: jikenbo.MergeSum,
			sources: map[string][]int64{"status": {4, 5, 6, 1, 2}, "affected_persons": {3, 5, 1, 2},
				"first_published": {3}, "last_published": {2}},
			title: "株式会社イセトーのランサムウェア被害", publishers: 6, first: d(2024, 6, 6), last: d(2024, 11, 18),
		},
		{
			name: "FollowUpCorrectsTheFirstReport",
			rs: []jikenbo.DatedFacts{
				rel(2, 1, "株式会社銀時", d(2024, 11, 25), concluded, intp(17171)),
				rel(1, 1, "株式会社銀時", d(2024, 7, 5), ongoing, intp(20000)),
			},
			status: concluded, persons: intp(17171), rule: jikenbo.MergeSingle,
			sources: map[string][]int64{"status": {2}, "affected_persons": {2}, "first_published": {1}, "last_published": {2}},
			title:   "株式会社銀時のランサムウェア被害", publishers: 1, first: d(2024, 7, 5), last: d(2024, 11, 25),
		},
		{
			name: "UndatedFinalDoesNotConcludeADatedOngoingCase",
			rs: []jikenbo.DatedFacts{
				rel(1, 1, "岡垣町", d(2024, 11, 12), ongoing, intp(5)),
				rel(2, 1, "岡垣町", jikenbo.Date{}, concluded, intp(7)),
			},
			status: ongoing, persons: intp(5), rule: jikenbo.MergeSingle,
			sources: map[string][]int64{"status": {1}, "affected_persons": {1}, "first_published": {1}, "last_published": {1}},
			title:   "岡垣町のランサムウェア被害", publishers: 1, first: d(2024, 11, 12), last: d(2024, 11, 12),
		},
		{
			name: "OnlyUndatedReleasesStillCount",
			rs: []jikenbo.DatedFacts{
				rel(1, 0, "", jikenbo.Date{}, concluded, intp(12)),
			},
			status: concluded, persons: intp(12), rule: jikenbo.MergeSingle,
			sources: map[string][]int64{"status": {1}, "affected_persons": {1}, "title": {1}},
			title:   "のお知らせ", publishers: 1,
		},
		{
			name: "ContractorsOwnTotalIncludesItsClients",
			rs: []jikenbo.DatedFacts{
				rel(1, 9, "株式会社イセトー", d(2024, 8, 1), concluded, intp(100000)),
				rel(2, 1, "静清信用金庫", d(2024, 11, 18), concluded, intp(2702)),
				rel(3, 2, "東京都", d(2024, 6, 17), concluded, intp(37)),
			},
			orgs:   isetou,
			status: concluded, persons: intp(100000), rule: jikenbo.MergeMax,
			sources: map[string][]int64{"status": {3, 1, 2}, "affected_persons": {1}, "first_published": {3}, "last_published": {2}},
			title:   "株式会社イセトーのランサムウェア被害", publishers: 3, first: d(2024, 6, 17), last: d(2024, 11, 18),
		},
		{
			name: "TwoBodiesOfOneIncidentMayCountTheSamePeople",
			rs: []jikenbo.DatedFacts{
				rel(1, 1, "岡垣町", d(2024, 11, 12), ongoing, intp(30)),
				rel(2, 2, "岡垣町教育委員会", d(2024, 11, 13), concluded, intp(25)),
			},
			status: ongoing, persons: intp(30), rule: jikenbo.MergeMax,
			sources: map[string][]int64{"status": {1}, "affected_persons": {1}, "first_published": {1}, "last_published": {2}},
			title:   "岡垣町のランサムウェア被害", publishers: 2, first: d(2024, 11, 12), last: d(2024, 11, 13),
		},
		{
			name:    "NoReleases",
			status:  ongoing,
			sources: map[string][]int64{},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cf, status := jikenbo.MergeCaseFacts(tt.rs, tt.orgs)
			if status != tt.status {
				t.Errorf("status %s, want %s", status, tt.status)
			}
			if (cf.AffectedPersons == nil) != (tt.persons == nil) || cf.AffectedPersons != nil && *cf.AffectedPersons != *tt.persons {
				t.Errorf("persons %v, want %v", deref(cf.AffectedPersons), deref(tt.persons))
			}
			if cf.PersonsRule != tt.rule {
				t.Errorf("persons rule %q, want %q", cf.PersonsRule, tt.rule)
			}
			if cf.Title != tt.title || len(cf.Publishers) != tt.publishers || cf.Organizations != tt.publishers {
				t.Errorf("title %q, %d publishers; want %q, %d", cf.Title, len(cf.Publishers), tt.title, tt.publishers)
			}
			if cf.FirstPublished != tt.first || cf.LastPublished != tt.last {
				t.Errorf("published %s..%s, want %s..%s", cf.FirstPublished, cf.LastPublished, tt.first, tt.last)
			}
			got := maps.Clone(cf.Sources)
			delete(got, "detected")
			if !maps.EqualFunc(got, tt.sources, slices.Equal) {
				t.Errorf("sources %v, want %v", got, tt.sources)
			}
		})
	}
}

func TestMergeCaseFactsPublishers(t *testing.T) {
	d := func(y, m, dd int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: dd} }
	rs := []jikenbo.DatedFacts{
		{ReleaseID: 3, OrganizationID: 1, Stage: jikenbo.StageFinal, Facts: jikenbo.Facts{Organization: "徳島県", Published: d(2024, 9, 2), Status: jikenbo.StatusConcluded}},
		{ReleaseID: 1, OrganizationID: 1, Stage: jikenbo.StageFirst, Facts: jikenbo.Facts{Organization: "徳島県", Published: d(2024, 6, 6), Status: jikenbo.StatusOngoing, AffectedPersons: intp(88),
			Categories: []string{jikenbo.CatRansomware}, DataTypes: []string{jikenbo.DataName}, Detected: d(2024, 5, 26), ThirdParty: true}},
		{ReleaseID: 2, OrganizationID: 2, Stage: jikenbo.StageFollowUp, Facts: jikenbo.Facts{Organization: "西宮市", Status: jikenbo.StatusOngoing, AffectedPersons: intp(78),
			Categories: []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware}, Detected: d(2024, 5, 27)}},
	}
	cf, _ := jikenbo.MergeCaseFacts(rs, nil)
	want := []jikenbo.CasePublisher{
		{OrganizationID: 1, Name: "徳島県", ReleaseID: 3, Published: d(2024, 9, 2), Stage: jikenbo.StageFinal, Status: jikenbo.StatusConcluded, StatusFrom: 3,
			AffectedPersons: intp(88), PersonsFrom: 1, Releases: 2},
		{OrganizationID: 2, Name: "西宮市", ReleaseID: 2, Stage: jikenbo.StageFirst, Status: jikenbo.StatusOngoing, StatusFrom: 2,
			AffectedPersons: intp(78), PersonsFrom: 2, Releases: 1},
	}
	if len(cf.Publishers) != len(want) {
		t.Fatalf("publishers %+v", cf.Publishers)
	}
	for i, p := range cf.Publishers {
		w := want[i]
		if p.OrganizationID != w.OrganizationID || p.Name != w.Name || p.ReleaseID != w.ReleaseID || p.Published != w.Published || p.Stage != w.Stage ||
			p.Status != w.Status || p.StatusFrom != w.StatusFrom || *p.AffectedPersons != *w.AffectedPersons || p.PersonsFrom != w.PersonsFrom || p.Releases != w.Releases {
			t.Errorf("publisher %d = %+v, want %+v", i, p, w)
		}
	}
	// A third-party case's publishers are clients: the dated figure alone
	// counts, the undated one waits for a date.
	if *cf.AffectedPersons != 88 || cf.Undated != 1 || cf.Detected != d(2024, 5, 26) || !cf.ThirdParty ||
		!slices.Equal(cf.Categories, []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware}) && !slices.Equal(cf.Categories, []string{jikenbo.CatRansomware, jikenbo.CatUnauthorizedAccess}) {
		t.Errorf("merged %+v", cf)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

package jikenbo

import (
	"slices"
	"sort"
	"strconv"
)

// CaseFacts are the facts of a case: its releases' effective facts merged
// by the rules of MergeCaseFacts, each merged value with the releases it
// came from (Sources).
type CaseFacts struct {
	// Title is the case's title: the editor's own (Case.Title) or one made
	// from the origin organisation and what happened.
	Title          string   `json:"title"`
	FirstPublished Date     `json:"first_published"`
	LastPublished  Date     `json:"last_published"`
	Detected       Date     `json:"detected"`
	Categories     []string `json:"categories"`
	DataTypes      []string `json:"data_types"`
	ThirdParty     bool     `json:"third_party"`
	// AffectedPersons and AffectedCards are the case's figures, merged
	// from the publishers' own figures by PersonsRule.
	AffectedPersons      *int     `json:"affected_persons"`
	AffectedCards        *int     `json:"affected_cards"`
	RelatedOrganizations []string `json:"related_organizations"`
	// PersonsRule says how AffectedPersons was merged (MergeSingle,
	// MergeSum, MergeMax), "" when no release gives a count.
	PersonsRule MergeRule `json:"persons_rule,omitempty"`
	// Organizations is the number of organisations affected: the distinct
	// publishers of the case.
	Organizations int `json:"organizations"`
	// Publishers are the case's publishers with the release that decides
	// each one's figures, in order of their first release.
	Publishers []CasePublisher `json:"publishers"`
	// Sources name, for each merged field (its JSON name, and "status"),
	// the releases its value came from.
	Sources map[string][]int64 `json:"sources"`
	// Undated is how many releases have no known 公表日; they decide no
	// date, status or count while a dated release of the case gives one.
	Undated int `json:"undated,omitempty"`
}

// MergeRule names how several publishers' figures became the case's.
type MergeRule string

// Merge rules of a case's figures.
const (
	// MergeSingle: one publisher gave a figure; it is the case's.
	MergeSingle MergeRule = "single"
	// MergeSum: the publishers are clients of a contractor, each counting
	// its own people, so their figures are disjoint and add up.
	MergeSum MergeRule = "sum"
	// MergeMax: the figures may count the same people (the contractor's
	// own total, or several bodies reporting one organisation's
	// incident), so the largest is the case's.
	MergeMax MergeRule = "max"
)

// CasePublisher is one publisher of a case as its figures are merged: its
// latest release and the figures it gives.
type CasePublisher struct {
	// OrganizationID is 0 when the publisher is not known; Name is the
	// organisation as the release names it.
	OrganizationID int64  `json:"organization_id"`
	Name           string `json:"name"`
	// Contractor is set when the publisher is also the case's contractor.
	Contractor bool `json:"contractor,omitempty"`
	// ReleaseID is its latest release: the latest dated one, or when it
	// has none the latest filed.
	ReleaseID int64 `json:"release_id"`
	Published Date  `json:"published"`
	// Stage is the publisher's own: final when its latest release
	// concludes, first when it published one release, else follow-up.
	Stage Stage `json:"stage"`
	// Status, AffectedPersons and AffectedCards are its latest figures,
	// each with the release that gave it.
	Status          Status `json:"status"`
	StatusFrom      int64  `json:"status_from,omitempty"`
	AffectedPersons *int   `json:"affected_persons"`
	PersonsFrom     int64  `json:"persons_from,omitempty"`
	AffectedCards   *int   `json:"affected_cards"`
	CardsFrom       int64  `json:"cards_from,omitempty"`
	Releases        int    `json:"releases"`
}

// DatedFacts are the effective facts of one release of a case with who
// published it and its stage.
type DatedFacts struct {
	ReleaseID      int64
	OrganizationID int64
	Stage          Stage
	Facts          Facts
}

// MergeCaseFacts merges the facts of a case's releases (drafts left out by
// the caller); orgs are the case's organisations with their roles, which
// tell a contractor's own figures from its clients'. The rules, field by
// field (README "How a case is summarised"):
//
//   - Releases are grouped by publisher (organisation, else the name the
//     release gives; those naming none are one unknown publisher). A publisher's latest
//     release is its latest dated one; releases without a 公表日 count
//     only for a publisher that has no dated release.
//   - Status: concluded when every publisher's latest release with a
//     status says so, else ongoing. Publishers known only from undated
//     releases are heard only when no publisher has a dated release.
//   - Affected persons and cards: each publisher's figure is the one of
//     its latest release giving one (dated first). Clients of a contractor
//     count their own people, so their figures add up (MergeSum); the
//     contractor's own figure, or figures of publishers that are not
//     clients of a contractor, may count the same people, so the largest
//     wins (MergeMax). Undated figures count only when no dated release
//     gives one.
//   - First and last published: the earliest and latest known 公表日.
//   - Detected: the earliest detection day.
//   - Categories, data types, related organisations: the union, in the
//     order of the releases; third party: any release says so.
//   - Title: made from the origin organisation (the contractor, else the
//     first publisher) and the case's main category, else the first
//     release's title.
func MergeCaseFacts(rs []DatedFacts, orgs []CaseOrganization) (CaseFacts, Status) {
	rs = slices.Clone(rs)
	SortDatedFacts(rs)
	cf := CaseFacts{Sources: map[string][]int64{}}
	contractor := map[int64]bool{}
	var contractorName string
	for _, o := range orgs {
		if o.Role == RoleContractor {
			contractor[o.OrganizationID] = true
			if contractorName == "" {
				contractorName = o.Name
			}
		}
	}
	firstTitle := int64(0)
	for _, r := range rs {
		f := r.Facts
		if f.Published.IsZero() {
			cf.Undated++
		} else {
			if cf.FirstPublished.IsZero() || f.Published.Before(cf.FirstPublished) {
				cf.FirstPublished = f.Published
				cf.Sources["first_published"] = []int64{r.ReleaseID}
			}
			if !f.Published.Before(cf.LastPublished) {
				if f.Published != cf.LastPublished {
					cf.Sources["last_published"] = nil
				}
				cf.LastPublished = f.Published
				cf.Sources["last_published"] = append(cf.Sources["last_published"], r.ReleaseID)
			}
		}
		if !f.Detected.IsZero() && (cf.Detected.IsZero() || f.Detected.Before(cf.Detected)) {
			cf.Detected = f.Detected
			cf.Sources["detected"] = []int64{r.ReleaseID}
		}
		if firstTitle == 0 && f.Title != "" {
			cf.Title, firstTitle = f.Title, r.ReleaseID
		}
		cf.Categories = union(cf.Categories, f.Categories)
		cf.DataTypes = union(cf.DataTypes, f.DataTypes)
		cf.RelatedOrganizations = union(cf.RelatedOrganizations, f.RelatedOrganizations)
		cf.ThirdParty = cf.ThirdParty || f.ThirdParty
	}
	cf.Publishers = mergePublishers(rs, contractor)
	cf.Organizations = len(cf.Publishers)

	status, from := mergeStatus(cf.Publishers)
	if len(from) > 0 {
		cf.Sources["status"] = from
	}
	persons := func(p CasePublisher) (*int, int64) { return p.AffectedPersons, p.PersonsFrom }
	cards := func(p CasePublisher) (*int, int64) { return p.AffectedCards, p.CardsFrom }
	// Publishers of an incident at a contractor are its clients.
	clients := len(contractor) > 0 || cf.ThirdParty
	var ids []int64
	cf.AffectedPersons, cf.PersonsRule, ids = mergeCount(cf.Publishers, rs, clients, persons)
	if len(ids) > 0 {
		cf.Sources["affected_persons"] = ids
	}
	cf.AffectedCards, _, ids = mergeCount(cf.Publishers, rs, clients, cards)
	if len(ids) > 0 {
		cf.Sources["affected_cards"] = ids
	}
	if t := caseTitle(contractorName, cf); t != "" {
		cf.Title = t
		cf.Sources["title"] = nil
	} else if firstTitle != 0 {
		cf.Sources["title"] = []int64{firstTitle}
	}
	for k, v := range cf.Sources {
		if len(v) == 0 {
			delete(cf.Sources, k)
		}
	}
	if len(cf.Sources) == 0 {
		// As a new case has them: a case whose releases are all drafts
		// keeps the facts it was created with, so nothing public changes.
		cf.Sources = nil
	}
	return cf, status
}

// publisherKey groups a case's releases by who published them.
func publisherKey(r DatedFacts) string {
	switch {
	case r.OrganizationID != 0:
		return "org:" + strconv.FormatInt(r.OrganizationID, 10)
	case r.Facts.Organization != "":
		return "name:" + r.Facts.Organization
	}
	// Releases whose publisher is not known are taken as one: in a case
	// they are most often the same organisation's reports.
	return "unknown"
}

// mergePublishers gives each publisher's latest release and figures; rs
// is in case order (dated first, by date, then undated by ID).
func mergePublishers(rs []DatedFacts, contractor map[int64]bool) []CasePublisher {
	var out []CasePublisher
	index := map[string]int{}
	// Walking newest to oldest, the first value seen is the latest, and
	// a dated release is seen before an undated one only when it is
	// later in case order; so walk the dated releases newest first, then
	// the undated ones newest first.
	order := make([]DatedFacts, 0, len(rs))
	for i := len(rs) - 1; i >= 0; i-- {
		if !rs[i].Facts.Published.IsZero() {
			order = append(order, rs[i])
		}
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Facts.Published.IsZero() {
			order = append(order, rs[i])
		}
	}
	for _, r := range order {
		k := publisherKey(r)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, CasePublisher{OrganizationID: r.OrganizationID, Name: r.Facts.Organization,
				Contractor: r.OrganizationID != 0 && contractor[r.OrganizationID],
				ReleaseID:  r.ReleaseID, Published: r.Facts.Published, Stage: r.Stage})
		}
		p := &out[i]
		p.Releases++
		if p.Name == "" {
			p.Name = r.Facts.Organization
		}
		f := r.Facts
		if p.Status == "" && f.Status != "" {
			p.Status, p.StatusFrom = f.Status, r.ReleaseID
		}
		if p.AffectedPersons == nil && f.AffectedPersons != nil {
			p.AffectedPersons, p.PersonsFrom = f.AffectedPersons, r.ReleaseID
		}
		if p.AffectedCards == nil && f.AffectedCards != nil {
			p.AffectedCards, p.CardsFrom = f.AffectedCards, r.ReleaseID
		}
	}
	// A publisher's stage is its own: its final report when its latest
	// release concludes, its first report when that is all it published.
	for i := range out {
		switch p := &out[i]; {
		case p.Status == StatusConcluded:
			p.Stage = StageFinal
		case p.Releases == 1:
			p.Stage = StageFirst
		default:
			p.Stage = StageFollowUp
		}
	}
	// In order of each publisher's first release, as a case is read.
	first := map[string]int{}
	for i, r := range rs {
		if _, ok := first[publisherKey(r)]; !ok {
			first[publisherKey(r)] = i
		}
	}
	if len(out) == 0 {
		return nil
	}
	keys := make([]string, len(out))
	for k, i := range index {
		keys[i] = k
	}
	perm := make([]int, len(out))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return first[keys[perm[a]]] < first[keys[perm[b]]] })
	sorted := make([]CasePublisher, len(out))
	for i, j := range perm {
		sorted[i] = out[j]
	}
	return sorted
}

// mergeStatus is concluded when every heard publisher's latest status
// is, with the releases that decided it.
func mergeStatus(ps []CasePublisher) (Status, []int64) {
	dated := slices.ContainsFunc(ps, func(p CasePublisher) bool { return !p.Published.IsZero() && p.Status != "" })
	var concluded, ongoing []int64
	for _, p := range ps {
		switch {
		case p.Status == "" || (dated && p.Published.IsZero()):
		case p.Status == StatusConcluded:
			concluded = append(concluded, p.StatusFrom)
		default:
			ongoing = append(ongoing, p.StatusFrom)
		}
	}
	if len(ongoing) == 0 && len(concluded) > 0 {
		return StatusConcluded, concluded
	}
	return StatusOngoing, ongoing
}

// mergeCount merges one figure of the publishers by the rules of
// MergeCaseFacts, with the releases it came from. clients says the
// publishers are clients of a contractor, each counting its own people.
func mergeCount(ps []CasePublisher, rs []DatedFacts, clients bool, get func(CasePublisher) (*int, int64)) (*int, MergeRule, []int64) {
	datedFrom := map[int64]bool{}
	for _, r := range rs {
		if !r.Facts.Published.IsZero() {
			datedFrom[r.ReleaseID] = true
		}
	}
	type fig struct {
		n          int
		from       int64
		contractor bool
	}
	var dated, undated []fig
	for _, p := range ps {
		n, from := get(p)
		if n == nil {
			continue
		}
		f := fig{*n, from, p.Contractor}
		if datedFrom[from] {
			dated = append(dated, f)
		} else {
			undated = append(undated, f)
		}
	}
	figs := dated
	if len(figs) == 0 {
		figs = undated
	}
	switch len(figs) {
	case 0:
		return nil, "", nil
	case 1:
		n := figs[0].n
		return &n, MergeSingle, []int64{figs[0].from}
	}
	if !clients {
		best := figs[0]
		for _, f := range figs[1:] {
			if f.n > best.n {
				best = f
			}
		}
		n := best.n
		return &n, MergeMax, []int64{best.from}
	}
	// Clients' figures add up; the contractor's own total may include
	// them, so the larger of the two is the case's.
	sum, top := 0, fig{n: -1}
	var fromClients []int64
	for _, f := range figs {
		if f.contractor {
			if f.n > top.n {
				top = f
			}
			continue
		}
		sum += f.n
		fromClients = append(fromClients, f.from)
	}
	if top.n > sum || (top.n >= 0 && len(fromClients) == 0) {
		n := top.n
		return &n, MergeMax, []int64{top.from}
	}
	if len(fromClients) == 1 {
		return &sum, MergeSingle, fromClients
	}
	return &sum, MergeSum, fromClients
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

// caseEvents names what happened by category, most telling first: the
// case title uses the first of the case's categories in this order.
var caseEvents = []Term{
	{CatRansomware, "ランサムウェア被害"},
	{CatWebSkimming, "決済情報の窃取"},
	{CatMalware, "マルウェア感染"},
	{CatPhishing, "なりすまし被害"},
	{CatMisdelivery, "誤送信・誤送付"},
	{CatLossTheft, "紛失・盗難"},
	{CatMisconfiguration, "設定ミスによる情報の公開"},
	{CatInsider, "内部不正"},
	{CatMisuse, "個人情報の目的外利用"},
	{CatDDoS, "サービス妨害攻撃"},
	{CatUnauthorizedAccess, "不正アクセス"},
	{CatVulnerability, "脆弱性を突いた攻撃"},
	{CatOther, "情報セキュリティ事案"},
}

// caseTitle makes a case's title from its origin organisation and what
// happened: 株式会社イセトーのランサムウェア被害. "" when either is unknown.
func caseTitle(contractor string, cf CaseFacts) string {
	origin := contractor
	if origin == "" && len(cf.Publishers) > 0 {
		origin = cf.Publishers[0].Name
	}
	if origin == "" {
		return ""
	}
	for _, e := range caseEvents {
		if slices.Contains(cf.Categories, e.Code) {
			return origin + "の" + e.Name
		}
	}
	return ""
}

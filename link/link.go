// Package link files each new release: it resolves the publishing
// organisation (by alias key, so (株)イセトー and 株式会社イセトー are one),
// then decides the case the release belongs to and records why.
//
// A release joins an existing case when it is a follow-up or final report
// of the same organisation's case (it cites an earlier release's date, has
// the same detection date, or continues an open case with similar wording
// or the same contractor), or when it is about an incident at a contractor
// already in the casebook (another client of 株式会社イセトー joins the
// Iseto case, whoever publishes). Otherwise it opens a new case numbered by
// the year of its first release. A number the source carries (a casebook
// post's #2024-217) is kept. Cases that are related but separate (the same
// organisation a year earlier, the same contractor in another incident)
// are linked, not merged.
package link

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Store is what the linker reads and writes of a casebook: the write
// transaction a release is filed in (a jikenbo.Store has all of it).
type Store interface {
	FindCaseByID(ctx context.Context, id string) (*jikenbo.Case, error)
	FindCases(ctx context.Context, f jikenbo.CaseFilter) ([]*jikenbo.Case, int, error)
	CreateCase(ctx context.Context, c *jikenbo.Case) error
	AddCaseRelease(ctx context.Context, caseID string, releaseID int64, stage jikenbo.Stage) error
	AddCaseOrganization(ctx context.Context, caseID string, orgID int64, role jikenbo.Role, releaseID int64) error
	AddTimelineEntry(ctx context.Context, caseID string, e jikenbo.TimelineEntry) error
	AddCaseLink(ctx context.Context, caseID string, l jikenbo.CaseLink) error
	AddDecision(ctx context.Context, d jikenbo.Decision) error
	FindOrganizationByKey(ctx context.Context, key string) (*jikenbo.Organization, error)
	CreateOrganization(ctx context.Context, o *jikenbo.Organization) error
	UpdateOrganization(ctx context.Context, id int64, upd jikenbo.OrganizationUpdate) (*jikenbo.Organization, error)
	UpdateRelease(ctx context.Context, id int64, upd jikenbo.ReleaseUpdate) (*jikenbo.Release, error)
	ReplaceReleaseLabels(ctx context.Context, releaseID int64, source jikenbo.LabelSource, names []string) error
}

// Hint is what the source says about a release besides its text: a
// casebook post's headline and archive lines. Empty fields say nothing.
type Hint struct {
	CaseID       string
	Organization string
	Title        string
	Published    jikenbo.Date
	// Earlier are dates of earlier releases of the same case
	// (【2024年7月5日リリース分】).
	Earlier []jikenbo.Date
	// Reading, when set, is the release's text read ahead (Read).
	Reading *Reading

	resolved *resolved // set by Publisher
}

// publisher is the name of the organisation publishing a release of
// facts f: a casebook headline names it in a fixed place; the extractor
// reads free text and is the fallback.
func (h Hint) publisher(f jikenbo.Facts) string { return firstNonEmpty(h.Organization, f.Organization) }

// published is the date a release of facts f is dated by: its own, or
// else the source's.
func (h Hint) published(f jikenbo.Facts) jikenbo.Date {
	if f.Published.IsZero() {
		return h.Published
	}
	return f.Published
}

// Linker files releases. The zero value uses the default window.
type Linker struct {
	// Window is how far apart two releases about one incident may be
	// published when nothing but the organisation or the contractor ties
	// them. Default 365 days.
	Window time.Duration
}

func (l *Linker) window() int {
	if l.Window == 0 {
		return 365
	}
	return int(l.Window.Hours() / 24)
}

// Outcome is what File did.
type Outcome struct {
	Decision jikenbo.Decision
	// NewCase is set when the release opened a case (a new number, or a
	// carried number not yet in the casebook).
	NewCase bool
}

// File links a stored release (it must have an ID and its extracted
// facts) to its organisation and case, inside tx, and returns the
// decision it recorded. Call it in the transaction that created the
// release, so that a failure leaves neither behind and concurrent imports
// cannot take the same number.
func (l *Linker) File(ctx context.Context, tx Store, r *jikenbo.Release, h Hint) (Outcome, error) {
	d, newCase, err := l.file(ctx, tx, r, h)
	if err != nil {
		return Outcome{}, fmt.Errorf("link %s: %w", r.Source, err)
	}
	return Outcome{Decision: d, NewCase: newCase}, nil
}

// Publisher sets the organisation of a release not yet stored (its
// OrganizationID) to the publisher File would resolve, creating the
// organisation when it is new, inside tx. Storing the release with it
// spares File the update of the release's row (its text included) that
// a release stored without one needs: 6 % of an import's writer time.
// The hint it returns carries the organisation to File, which then does
// not look it up again; pass it to File in the same transaction.
func (l *Linker) Publisher(ctx context.Context, tx Store, r *jikenbo.Release, h Hint) (Hint, error) {
	name := h.publisher(r.Facts())
	pub, err := resolveOrg(ctx, tx, name, true)
	if err != nil {
		return h, fmt.Errorf("link %s: %w", r.Source, err)
	}
	if pub != nil {
		r.OrganizationID = pub.ID
	}
	h.resolved = &resolved{name: name, org: pub}
	return h, nil
}

// resolved is the publisher Publisher found for name.
type resolved struct {
	name string
	org  *jikenbo.Organization
}

func (l *Linker) file(ctx context.Context, tx Store, r *jikenbo.Release, h Hint) (jikenbo.Decision, bool, error) {
	newCase := false
	in := l.view(r, h)
	var pub *jikenbo.Organization
	var err error
	if h.resolved != nil && h.resolved.name == in.orgName {
		pub = h.resolved.org
	} else if pub, err = resolveOrg(ctx, tx, in.orgName, true); err != nil {
		return jikenbo.Decision{}, false, err
	}
	if pub != nil {
		in.orgID = pub.ID
		if r.OrganizationID != pub.ID {
			if _, err := tx.UpdateRelease(ctx, r.ID, jikenbo.ReleaseUpdate{OrganizationID: &pub.ID}); err != nil {
				return jikenbo.Decision{}, false, err
			}
			r.OrganizationID = pub.ID
		}
	}
	// Related organisations found in the casebook; new ones are created
	// after the decision so the case lists them.
	for i, rel := range in.related {
		if pub != nil && rel.key == OrgKey(pub.Name) {
			in.related[i].self = true
			continue
		}
		o, err := resolveOrg(ctx, tx, rel.name, false)
		if err != nil {
			return jikenbo.Decision{}, false, err
		}
		if o != nil {
			in.related[i].id = o.ID
		}
	}

	d := jikenbo.Decision{ReleaseID: r.ID}
	var links []jikenbo.CaseLink
	var c *jikenbo.Case
	if h.CaseID != "" {
		c, err = tx.FindCaseByID(ctx, h.CaseID)
		switch {
		case jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND:
			c = &jikenbo.Case{ID: h.CaseID}
			if err := tx.CreateCase(ctx, c); err != nil {
				return d, false, err
			}
			d.Reasons = append(d.Reasons, fmt.Sprintf("出典の事件簿番号 #%s を引き継いだ (新規)", h.CaseID))
			newCase = true
		case err != nil:
			return d, false, err
		default:
			d.Reasons = append(d.Reasons, fmt.Sprintf("出典の事件簿番号 #%s の事案に追加した", h.CaseID))
		}
		d.Action = jikenbo.DecisionSourceNumber
		// The number decides the case; other cases the rules would have
		// joined or related stay visible as links (Ricoh's release about
		// its contractor 倉業サービス, numbered apart from 倉業's own case).
		cands, err := l.candidates(ctx, tx, in)
		if err != nil {
			return d, false, err
		}
		for _, cv := range cands {
			if cv.id == c.ID {
				continue
			}
			v := l.judge(in, cv)
			kind := v.link
			switch {
			case v.join && v.action == jikenbo.DecisionContractor:
				kind = jikenbo.LinkSameContractor
			case v.join:
				kind = jikenbo.LinkSameOrganization
			}
			if kind != "" {
				links = append(links, jikenbo.CaseLink{CaseID: cv.id, Kind: kind, Reason: strings.Join(v.reasons, "; "), ReleaseID: r.ID})
			}
		}
	} else {
		cands, err := l.candidates(ctx, tx, in)
		if err != nil {
			return d, false, err
		}
		var best *verdict
		for _, cv := range cands {
			v := l.judge(in, cv)
			if v.join && (best == nil || v.score > best.score || v.score == best.score && best.c.last.Before(v.c.last)) {
				best = &v
			}
			if v.link != "" {
				links = append(links, jikenbo.CaseLink{CaseID: cv.id, Kind: v.link, Reason: strings.Join(v.reasons, "; "), ReleaseID: r.ID})
			}
		}
		if best != nil {
			// Loaded by candidates in this transaction, unchanged since.
			c = best.c.c
			d.Action, d.Reasons = best.action, best.reasons
			links = slices.DeleteFunc(links, func(x jikenbo.CaseLink) bool { return x.CaseID == c.ID })
		} else {
			c = &jikenbo.Case{Year: in.year(r)}
			if err := tx.CreateCase(ctx, c); err != nil {
				return d, false, err
			}
			d.Action, newCase = jikenbo.DecisionNewCase, true
			d.Reasons = append(d.Reasons, newCaseReason(in, len(cands)))
		}
	}
	d.CaseID = c.ID

	stage := jikenbo.StageFirst
	if len(c.Releases) > 0 || len(c.Timeline) > 0 || len(in.earlier) > 0 || len(in.cited) > 0 {
		stage = jikenbo.StageFollowUp
		if in.status == jikenbo.StatusConcluded {
			stage = jikenbo.StageFinal
		}
	}
	if err := tx.AddCaseRelease(ctx, c.ID, r.ID, stage); err != nil {
		return d, false, err
	}
	r.CaseID, r.Stage = c.ID, stage
	if pub != nil {
		if err := tx.AddCaseOrganization(ctx, c.ID, pub.ID, jikenbo.RolePublisher, r.ID); err != nil {
			return d, false, err
		}
	}
	for _, rel := range in.related {
		if rel.self {
			continue
		}
		id := rel.id
		if id == 0 {
			o, err := resolveOrg(ctx, tx, rel.name, true)
			if err != nil {
				return d, false, err
			}
			if o == nil {
				continue // nothing to match the name by
			}
			id = o.ID
		}
		if err := tx.AddCaseOrganization(ctx, c.ID, id, rel.role, r.ID); err != nil {
			return d, false, err
		}
	}
	for _, e := range in.earlier {
		note := fmt.Sprintf("【%d年%d月%d日リリース分】", e.Year, e.Month, e.Day)
		if err := tx.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: e, Kind: jikenbo.TimelineEarlierRelease, ReleaseID: r.ID, Note: note}); err != nil {
			return d, false, err
		}
	}
	for _, e := range in.cited {
		if err := tx.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: e, Kind: jikenbo.TimelineEarlierRelease, ReleaseID: r.ID, Note: "本文が言及する公表"}); err != nil {
			return d, false, err
		}
	}
	for _, lk := range links {
		if err := tx.AddCaseLink(ctx, c.ID, lk); err != nil {
			return d, false, err
		}
	}
	if err := tx.AddDecision(ctx, d); err != nil {
		return d, false, err
	}
	if err := tx.ReplaceReleaseLabels(ctx, r.ID, jikenbo.LabelAuto, jikenbo.AutoLabels(r.Facts())); err != nil {
		return d, false, err
	}
	return d, newCase, nil
}

// resolveOrg finds the organisation written as name, creating it when
// create is set. It returns nil for a name with nothing to match by.
func resolveOrg(ctx context.Context, tx Store, name string, create bool) (*jikenbo.Organization, error) {
	key := OrgKey(name)
	if key == "" {
		return nil, nil
	}
	o, err := tx.FindOrganizationByKey(ctx, key)
	if err == nil && !HasLegalForm(o.Name) && HasLegalForm(name) {
		// First seen without its legal form (イセトー, named as a
		// contractor), now written in full: the full name is the
		// organisation's, and so is the kind it tells.
		full := strings.TrimSpace(name)
		upd := jikenbo.OrganizationUpdate{Name: &full}
		if o.Kind == jikenbo.OrgOther || o.Kind == "" {
			k := GuessKind(name)
			upd.Kind = &k
		}
		return tx.UpdateOrganization(ctx, o.ID, upd)
	}
	if err == nil || jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND || !create {
		if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
			return nil, nil
		}
		return o, err
	}
	o = &jikenbo.Organization{Name: strings.TrimSpace(name), Kind: GuessKind(name), Aliases: []jikenbo.OrgAlias{{Name: strings.TrimSpace(name), Key: key}}}
	if err := tx.CreateOrganization(ctx, o); err != nil {
		return nil, err
	}
	return o, nil
}

// relatedOrg is an organisation the release names besides its publisher.
type relatedOrg struct {
	name, key string
	role      jikenbo.Role
	id        int64 // 0 while not in the casebook
	self      bool  // the publisher itself
}

// input is what the decision looks at about the new release.
type input struct {
	orgName    string
	orgID      int64
	published  jikenbo.Date
	detected   jikenbo.Date
	title      string
	status     jikenbo.Status
	categories []string
	related    []relatedOrg
	earlier    []jikenbo.Date // from the source's archive lines
	cited      []jikenbo.Date // from the text
	imported   time.Time
}

func (l *Linker) view(r *jikenbo.Release, h Hint) input {
	f := r.Facts()
	in := input{
		orgName: h.publisher(f), published: h.published(f), detected: f.Detected,
		title: firstNonEmpty(h.Title, f.Title), status: f.Status, categories: f.Categories, earlier: h.Earlier, imported: r.ImportedAt,
	}
	rd := h.Reading.of(r.Text, in.published)
	for _, d := range rd.cited {
		if !containsDate(in.earlier, d) {
			in.cited = append(in.cited, d)
		}
	}
	seen := map[string]bool{}
	role := jikenbo.RoleClient
	if f.ThirdParty {
		role = jikenbo.RoleContractor
	}
	for _, name := range f.RelatedOrganizations {
		if k := OrgKey(name); k != "" && !seen[k] {
			seen[k] = true
			in.related = append(in.related, relatedOrg{name: name, key: k, role: role})
		}
	}
	for _, m := range rd.mentions {
		if seen[m.Key] {
			// Named next to contractor wording: a contractor, whatever
			// third_party says about the release as a whole.
			for i := range in.related {
				if in.related[i].key == m.Key {
					in.related[i].role = jikenbo.RoleContractor
				}
			}
			continue
		}
		seen[m.Key] = true
		in.related = append(in.related, relatedOrg{name: m.Name, key: m.Key, role: jikenbo.RoleContractor})
	}
	return in
}

// year is the year a new case is numbered by: its first known release.
func (in input) year(r *jikenbo.Release) int {
	var first jikenbo.Date
	for _, d := range append(append([]jikenbo.Date{in.published}, in.earlier...), in.cited...) {
		if !d.IsZero() && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	switch {
	case !first.IsZero():
		return first.Year
	case !in.detected.IsZero():
		return in.detected.Year
	case !in.imported.IsZero():
		return in.imported.Year()
	}
	return time.Now().Year()
}

func newCaseReason(in input, n int) string {
	who := in.orgName
	if who == "" {
		who = "公表者不明"
	}
	if n == 0 {
		return fmt.Sprintf("%s の既存事案も関係する委託先の事案もないため新規事案とした", who)
	}
	return fmt.Sprintf("%s に関係する既存事案 %d 件はどれも同じ事案と判断できず新規事案とした", who, n)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

package link

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
)

// caseView is what the decision looks at about an existing case.
type caseView struct {
	// c is the case as loaded in this transaction: a joined case is not
	// read a second time.
	c           *jikenbo.Case
	id          string
	status      jikenbo.Status
	publishers  []int64
	contractors []int64
	names       map[int64]string
	dates       []jikenbo.Date // its releases' and timeline dates
	first, last jikenbo.Date
	detected    jikenbo.Date
	titles      []string
	categories  []string
}

func newCaseView(c *jikenbo.Case) caseView {
	v := caseView{c: c, id: c.ID, status: c.Status, names: map[int64]string{}, detected: c.Facts.Detected,
		first: c.Facts.FirstPublished, last: c.Facts.LastPublished, categories: c.Facts.Categories}
	for _, o := range c.Organizations {
		v.names[o.OrganizationID] = o.Name
		switch o.Role {
		case jikenbo.RolePublisher:
			v.publishers = append(v.publishers, o.OrganizationID)
		case jikenbo.RoleContractor:
			v.contractors = append(v.contractors, o.OrganizationID)
		}
	}
	for _, e := range c.Timeline {
		if !e.Date.IsZero() {
			v.dates = append(v.dates, e.Date)
			if v.first.IsZero() || e.Date.Before(v.first) {
				v.first = e.Date
			}
			if v.last.Before(e.Date) {
				v.last = e.Date
			}
		}
	}
	for _, r := range c.Releases {
		if r.Title != "" {
			v.titles = append(v.titles, r.Title)
		}
	}
	return v
}

// candidates are the cases of the publisher and of every related
// organisation already in the casebook.
func (l *Linker) candidates(ctx context.Context, tx Store, in input) ([]caseView, error) {
	ids := []int64{}
	if in.orgID != 0 {
		ids = append(ids, in.orgID)
	}
	for _, r := range in.related {
		if r.id != 0 && !slices.Contains(ids, r.id) {
			ids = append(ids, r.id)
		}
	}
	var out []caseView
	seen := map[string]bool{}
	for _, id := range ids {
		// The newest cases matter; an organisation with a long history
		// is compared with its last few dozen cases only.
		cs, _, err := tx.FindCases(ctx, jikenbo.CaseFilter{OrganizationID: &id, Last: 30, Brief: true})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, newCaseView(c))
			}
		}
	}
	return out, nil
}

// verdict is the judgement of one candidate case.
type verdict struct {
	c       caseView
	join    bool
	score   int
	action  jikenbo.DecisionAction
	link    jikenbo.LinkKind // set when related but not joined
	reasons []string
}

// judge decides whether the new release belongs to case c. The rules, in
// the order a casebook editor weighs them:
//
//   - same publisher and the text cites the date of one of the case's
//     releases, or names the same detection day: a follow-up (strong);
//   - same publisher, case still open, published within the window, not
//     a 第1報 nor about another incident (otherIncident), and similar title
//     wording, a shared category or a shared contractor: a follow-up;
//   - the release names as its contractor an organisation that is the
//     contractor (or the breached publisher) of the case, or is itself
//     that contractor, within the window: the same contractor incident;
//   - otherwise the same publisher or contractor only relates the cases.
func (l *Linker) judge(in input, c caseView) verdict {
	v := verdict{c: c}
	within, gap := l.within(in.published, c)
	samePublisher := in.orgID != 0 && slices.Contains(c.publishers, in.orgID)

	if samePublisher {
		for _, d := range append(append([]jikenbo.Date{}, in.cited...), in.earlier...) {
			if slices.Contains(c.dates, d) {
				v.reasons = append(v.reasons, fmt.Sprintf("同じ公表者 %s、本文が引用する %s の公表が事案 %s の公表日と一致", c.names[in.orgID], d, c.id))
				v.score += 4
			}
		}
		if !in.detected.IsZero() && in.detected == c.detected {
			v.reasons = append(v.reasons, fmt.Sprintf("同じ公表者、検知日 %s が一致", in.detected))
			v.score += 3
		}
		apart, _ := l.otherIncident(in, c)
		if v.score == 0 && c.status != jikenbo.StatusConcluded && within && !apart && !firstReport(in.title) {
			var why []string
			if sim := maxSimilarity(in.title, c.titles); sim >= 0.3 {
				why = append(why, fmt.Sprintf("題名が類似 (%.2f)", sim))
			}
			if shared := intersect(in.categories, c.categories); len(shared) > 0 {
				why = append(why, "同じ分類 "+strings.Join(termNames(shared), "・"))
			}
			if k := sharedContractor(in, c); k != "" {
				why = append(why, "同じ委託先 "+k)
			}
			if len(why) > 0 {
				v.reasons = append(v.reasons, fmt.Sprintf("同じ公表者の継続中の事案 %s (%s)、%s", c.id, gap, strings.Join(why, "、")))
				v.score += 2
			}
		}
		if v.score > 0 {
			v.join, v.action = true, jikenbo.DecisionFollowUp
			return v
		}
	}

	for _, r := range in.related {
		if r.id == 0 || r.self || r.role != jikenbo.RoleContractor {
			continue
		}
		if slices.Contains(c.contractors, r.id) || slices.Contains(c.publishers, r.id) {
			if apart, why := l.otherIncident(in, c); apart {
				v.reasons = append(v.reasons, fmt.Sprintf("同じ委託先 %s の別の事案 (%s)", c.names[r.id], why))
				v.link = jikenbo.LinkSameContractor
				continue
			}
			if within {
				v.reasons = append(v.reasons, fmt.Sprintf("委託先 %s の事案 %s (%s) に関する公表", c.names[r.id], c.id, gap))
				v.join, v.action, v.score = true, jikenbo.DecisionContractor, v.score+3
				return v
			}
			v.reasons = append(v.reasons, fmt.Sprintf("同じ委託先 %s の別の事案 (%s)", c.names[r.id], gap))
			v.link = jikenbo.LinkSameContractor
		}
	}
	if apart, _ := l.otherIncident(in, c); in.orgID != 0 && slices.Contains(c.contractors, in.orgID) && within && !apart {
		v.reasons = append(v.reasons, fmt.Sprintf("委託先 %s 自身による事案 %s の公表 (%s)", c.names[in.orgID], c.id, gap))
		v.join, v.action, v.score = true, jikenbo.DecisionContractor, v.score+3
		return v
	}
	if samePublisher && v.link == "" {
		v.link = jikenbo.LinkSameOrganization
		v.reasons = append(v.reasons, fmt.Sprintf("同じ公表者 %s の別の事案 (%s)", c.names[in.orgID], gap))
	}
	return v
}

// within reports whether a release published on d may belong with case c
// by time alone, and describes the gap. An unknown date does not rule a
// case out: the other signals decide.
func (l *Linker) within(d jikenbo.Date, c caseView) (bool, string) {
	if d.IsZero() || c.last.IsZero() {
		return true, "公表日不明"
	}
	days := int(d.Time().Sub(c.last.Time()).Hours() / 24)
	if days < 0 {
		// Published before the case's latest release: measure from its
		// first one (releases are not always imported in date order).
		before := int(c.first.Time().Sub(d.Time()).Hours() / 24)
		if before <= 0 {
			return true, fmt.Sprintf("事案の公表期間 %s〜%s 内", c.first, c.last)
		}
		return before <= l.window(), fmt.Sprintf("事案の最初の公表 %s の %d 日前", c.first, before)
	}
	return days <= l.window(), fmt.Sprintf("最新公表 %s から %d 日", c.last, days)
}

// otherIncident reports whether the release, though it names the case's
// contractor, is about another incident there: its detection day is known
// and more than a month from the case's, or it shares none of the case's
// categories. A contractor is hit once in a while, not every month, so
// releases in the window that agree on these are one incident.
func (l *Linker) otherIncident(in input, c caseView) (bool, string) {
	if !in.detected.IsZero() && !c.detected.IsZero() {
		days := in.detected.Time().Sub(c.detected.Time()).Hours() / 24
		if days > 31 || days < -31 {
			return true, fmt.Sprintf("検知日 %s と %s", in.detected, c.detected)
		}
	}
	if len(in.categories) > 0 && len(c.categories) > 0 && len(intersect(in.categories, c.categories)) == 0 {
		return true, "分類が異なる"
	}
	return false, ""
}

// firstReport reports whether a title calls itself a first report, which
// starts an incident rather than following one.
func firstReport(title string) bool {
	t := norm.NFKC.String(title)
	return strings.Contains(t, "第1報") || strings.Contains(t, "第一報")
}

func sharedContractor(in input, c caseView) string {
	for _, r := range in.related {
		if r.id != 0 && slices.Contains(c.contractors, r.id) {
			return c.names[r.id]
		}
	}
	return ""
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func termNames(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = jikenbo.TermName(jikenbo.Categories, c)
	}
	return out
}

// maxSimilarity is the best Jaccard similarity of the character bigrams
// of title and one of titles: releases of one incident reuse its wording
// (個人情報漏えいに関するお詫びとお知らせ → …の調査結果について).
func maxSimilarity(title string, titles []string) float64 {
	a := bigrams(title)
	best := 0.0
	for _, t := range titles {
		b := bigrams(t)
		inter := 0
		for k := range a {
			if b[k] {
				inter++
			}
		}
		if u := len(a) + len(b) - inter; u > 0 {
			best = max(best, float64(inter)/float64(u))
		}
	}
	return best
}

// stock wording every apology release uses; it says nothing about which
// incident a title is about.
var stock = strings.NewReplacer("お詫び", "", "お知らせ", "", "について", "", "に関する", "", "ご報告", "", "および", "", "個人情報", "", "漏えい", "", "漏洩", "", "可能性", "", "(第", "", "報)", "")

func bigrams(s string) map[string]bool {
	rs := []rune(stock.Replace(norm.NFKC.String(s)))
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] != ' ' && rs[i+1] != ' ' {
			out[string(rs[i:i+2])] = true
		}
	}
	return out
}

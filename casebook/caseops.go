package casebook

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// MergeCases merges case from into case into (jikenbo.CaseOpsStore): the
// surviving case gets from's releases, organisations, timeline and links,
// and from's number redirects to it. into may be a number that was
// itself merged away; the merge goes to where it lives now.
func (d *Desk) MergeCases(ctx context.Context, actor, from, into string) (string, error) {
	err := d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		var err error
		if into, err = liveCase(ctx, tx, into); err != nil {
			return err
		}
		a, err := tx.FindCaseByID(ctx, from)
		if err != nil {
			return err
		}
		b, err := tx.FindCaseByID(ctx, into)
		if err != nil {
			return err
		}
		if err := tx.MergeCases(ctx, from, into); err != nil {
			return err
		}
		c, err := tx.FindCaseByID(ctx, into)
		if err != nil {
			return err
		}
		if err := jikenbo.NotifyCase(ctx, tx, into, "merged", 0); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditMergeCases, CaseID: into,
			Before: jikenbo.AuditJSON(map[string]any{"from": caseState(a), "into": caseState(b)}),
			After:  jikenbo.AuditJSON(map[string]any{"into": caseState(c), "redirect": map[string]string{from: into}})})
	})
	return into, err
}

// SplitCase moves the given releases of a case to a new case with the
// next number of the year of the earliest of them, and returns it.
func (d *Desk) SplitCase(ctx context.Context, actor, id string, releaseIDs []int64) (string, error) {
	var newID string
	err := d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		before, err := tx.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		nc, err := tx.SplitCase(ctx, id, releaseIDs, 0)
		if err != nil {
			return err
		}
		newID = nc.ID
		old, err := tx.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		for _, rid := range releaseIDs {
			if err := tx.AddDecision(ctx, jikenbo.Decision{ReleaseID: rid, CaseID: nc.ID, Action: jikenbo.DecisionEditor,
				Reasons: []string{"編集者 " + actor + " が事件 #" + id + " から分けた"}}); err != nil {
				return err
			}
		}
		// One entry for each case, so that both cases' histories show it.
		for _, c := range []string{id, nc.ID} {
			if err := jikenbo.NotifyCase(ctx, tx, c, "split", 0); err != nil {
				return err
			}
			if err := tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditSplitCase, CaseID: c,
				Before: jikenbo.AuditJSON(map[string]any{"case": caseState(before)}),
				After:  jikenbo.AuditJSON(map[string]any{"case": caseState(old), "new_case": caseState(nc)})}); err != nil {
				return err
			}
		}
		return nil
	})
	return newID, err
}

// auditCase is what the audit log keeps of a case before and after an
// operation.
type auditCase struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Releases []int64 `json:"releases"`
}

func caseState(c *jikenbo.Case) auditCase {
	a := auditCase{ID: c.ID, Title: c.Facts.Title, Releases: []int64{}}
	for _, r := range c.Releases {
		a.Releases = append(a.Releases, r.ReleaseID)
	}
	return a
}

// liveCase follows the redirect of a merged-away number: an editor who
// types the number of a case merged away means the case it went to.
func liveCase(ctx context.Context, tx jikenbo.Store, id string) (string, error) {
	_, err := tx.FindCaseByID(ctx, id)
	if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return id, err
	}
	if to, rerr := tx.FindCaseRedirect(ctx, id); rerr == nil {
		return to, nil
	}
	return "", jikenbo.Errorf(jikenbo.ENOTFOUND, "事件 #%s はありません", id)
}

// maxLabel bounds a label name in characters.
const maxLabel = 64

// labelName checks a label an editor typed.
func labelName(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", jikenbo.Errorf(jikenbo.EINVALID, "ラベル名を入力してください")
	case utf8.RuneCountInString(s) > maxLabel:
		return "", jikenbo.Errorf(jikenbo.EINVALID, "ラベル名が長すぎます(%d文字まで)", maxLabel)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '/' }):
		return "", jikenbo.Errorf(jikenbo.EINVALID, "ラベル名に制御文字や / は使えません")
	}
	return s, nil
}

// AddLabel puts an editor's label on a release.
func (d *Desk) AddLabel(ctx context.Context, actor string, id int64, name string) error {
	name, err := labelName(name)
	if err != nil {
		return err
	}
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		if slices.Contains(r.Labels, jikenbo.ReleaseLabel{Name: name, Source: jikenbo.LabelEditor}) {
			return nil
		}
		if err := tx.AddReleaseLabel(ctx, id, jikenbo.ReleaseLabel{Name: name, Source: jikenbo.LabelEditor}); err != nil {
			return err
		}
		return auditLabel(ctx, tx, actor, jikenbo.AuditAddLabel, r, name)
	})
}

// RemoveLabel takes a label given by an editor or a source page off a
// release. A label that follows from the facts cannot be removed: it
// would come back at the next re-extraction.
func (d *Desk) RemoveLabel(ctx context.Context, actor string, id int64, name string) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		removed := 0
		for _, src := range []jikenbo.LabelSource{jikenbo.LabelEditor, jikenbo.LabelImported} {
			err := tx.RemoveReleaseLabel(ctx, id, jikenbo.ReleaseLabel{Name: name, Source: src})
			if err == nil {
				removed++
			} else if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
				return err
			}
		}
		if removed == 0 {
			if r.HasLabel(name) {
				return jikenbo.Errorf(jikenbo.EINVALID, "ラベル「%s」は事実から付くラベルです。外すには事実を修正してください", name)
			}
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "公表 %d にラベル「%s」はありません", id, name)
		}
		return auditLabel(ctx, tx, actor, jikenbo.AuditRemoveLabel, r, name)
	})
}

// auditLabel logs the label put on r (AuditAddLabel: null before, the
// label after) or taken off it (AuditRemoveLabel: the label before, null
// after): what changed, not the release's whole label set.
func auditLabel(ctx context.Context, tx jikenbo.Store, actor, action string, r *jikenbo.Release, name string) error {
	var before, after any
	if action == jikenbo.AuditAddLabel {
		after = map[string]string{"label": name}
	} else {
		before = map[string]string{"label": name}
	}
	return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: action, ReleaseID: r.ID, CaseID: r.CaseID,
		Before: jikenbo.AuditJSON(before), After: jikenbo.AuditJSON(after)})
}

// RenameLabel renames a label on every release; the old label page
// redirects to the new one. It returns how many releases were renamed.
func (d *Desk) RenameLabel(ctx context.Context, actor, old, new string) (int, error) {
	new, err := labelName(new)
	if err != nil {
		return 0, err
	}
	var n int
	err = d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		var err error
		if n, err = tx.RenameLabel(ctx, old, new); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditRenameLabel,
			Before: jikenbo.AuditJSON(map[string]any{"label": old, "releases": n}),
			After:  jikenbo.AuditJSON(map[string]any{"label": new, "releases": n, "redirect": map[string]string{old: new}})})
	})
	return n, err
}

// SetCaseTitle gives a case an editor's own title, or with "" lets the
// title be made from its releases again.
func (d *Desk) SetCaseTitle(ctx context.Context, actor, id, title string) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		before, err := tx.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetCaseTitle(ctx, id, title); err != nil {
			return err
		}
		if err := jikenbo.NotifyCase(ctx, tx, id, "title", 0); err != nil {
			return err
		}
		after, err := tx.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditCaseTitle, CaseID: id,
			Before: jikenbo.AuditJSON(map[string]string{"own_title": before.Title, "title": before.Facts.Title}),
			After:  jikenbo.AuditJSON(map[string]string{"own_title": after.Title, "title": after.Facts.Title})})
	})
}

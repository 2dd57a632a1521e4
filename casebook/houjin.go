package casebook

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/houjin"
	"github.com/jikenbo/jikenbo/internal/jpname"
	"github.com/jikenbo/jikenbo/link"
)

// HoujinSummary counts what an import of the corporate-number data did.
type HoujinSummary struct {
	// Records read, and how many of them were current (latest, not
	// deleted) entries.
	Records, Current int
	// Matched organisations got their number; Ambiguous ones have several
	// candidates waiting on the desk; Kept already had a number.
	Matched, Ambiguous, Kept int
	// Conflicts are organisations whose one match is another
	// organisation's number already.
	Conflicts []string
}

// maxCandidates bounds the entries kept for an editor per organisation: a
// name with more than that many namesakes needs its legal form or a
// rename first, not a longer list.
const maxCandidates = 20

// ImportHoujin reads the National Tax Agency's corporate-number CSV and
// gives each organisation of the casebook without a 法人番号 the number of
// the one current entry whose name matches: the same alias key
// (link.OrgKey: width, case, legal forms and punctuation aside) and the
// same legal form where the organisation's name has one (株式会社見本 is
// not 有限会社見本). An open registration is preferred to a closed one.
// When several entries match equally, they are kept as candidates for an
// editor to choose from on the desk. The file is read once, entry by
// entry, against the casebook's organisations held in memory; nothing is
// written until it has been read to its end without an error, and then
// everything in one transaction, so a bad file changes nothing and
// importing a file again changes nothing more.
//
// actor, when set, is who the audit log names for the numbers set and
// the candidates left (one entry for the import).
func ImportHoujin(ctx context.Context, s jikenbo.Store, r io.Reader, name, actor string) (*HoujinSummary, error) {
	rd, err := houjin.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	orgs, _, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{})
	if err != nil {
		return nil, err
	}
	sum := &HoujinSummary{}
	byKey := map[string][]*jikenbo.Organization{}
	for _, o := range orgs {
		if o.CorporateNumber != "" {
			sum.Kept++
			continue
		}
		keys := []string{link.OrgKey(o.Name)}
		for _, a := range o.Aliases {
			keys = append(keys, a.Key)
		}
		for _, k := range keys {
			if k != "" && !slices.Contains(byKey[k], o) {
				byKey[k] = append(byKey[k], o)
			}
		}
	}
	found := map[int64][]*houjin.Record{}
	for {
		if sum.Records%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		sum.Records++
		if !rec.Latest || rec.Process == houjin.ProcessDeleted {
			continue
		}
		sum.Current++
		for _, o := range byKey[link.OrgKey(rec.Name)] {
			if sameForm(o, rec) && !slices.ContainsFunc(found[o.ID], func(x *houjin.Record) bool { return x.CorporateNumber == rec.CorporateNumber }) {
				r := *rec
				found[o.ID] = append(found[o.ID], &r)
			}
		}
	}
	type set struct {
		Organization    int64  `json:"organization_id"`
		CorporateNumber string `json:"corporate_number"`
	}
	var matched []set
	var ambiguous []int64
	// Candidates an earlier import left as they are now are not news
	// for the audit log.
	prev, err := s.FindHoujinCandidates(ctx)
	if err != nil {
		return nil, err
	}
	waiting := map[int64]string{}
	for _, c := range prev {
		waiting[c.OrganizationID] += c.CorporateNumber + " "
	}
	err = s.InTx(ctx, func(tx jikenbo.Store) error {
		for _, o := range orgs {
			recs := found[o.ID]
			if o.CorporateNumber != "" || len(recs) == 0 {
				continue
			}
			if open := slices.DeleteFunc(slices.Clone(recs), func(r *houjin.Record) bool { return r.CloseDate != "" }); len(open) > 0 {
				recs = open
			}
			if len(recs) == 1 {
				n, addr := recs[0].CorporateNumber, recs[0].Address()
				_, err := tx.UpdateOrganization(ctx, o.ID, jikenbo.OrganizationUpdate{CorporateNumber: &n, RegisteredAddress: &addr})
				if jikenbo.ErrorCode(err) == jikenbo.ECONFLICT {
					sum.Conflicts = append(sum.Conflicts, fmt.Sprintf("%s: %s", o.Name, jikenbo.ErrorMessage(err)))
					continue
				} else if err != nil {
					return err
				}
				sum.Matched++
				matched = append(matched, set{o.ID, n})
				continue
			}
			var cs []jikenbo.HoujinCandidate
			nums := ""
			for _, r := range recs[:min(len(recs), maxCandidates)] {
				cs = append(cs, jikenbo.HoujinCandidate{OrganizationID: o.ID, CorporateNumber: r.CorporateNumber, Name: r.Name, Address: r.Address()})
				nums += r.CorporateNumber + " "
			}
			slices.SortFunc(cs, func(a, b jikenbo.HoujinCandidate) int { return strings.Compare(a.CorporateNumber, b.CorporateNumber) })
			if err := tx.SetHoujinCandidates(ctx, o.ID, cs); err != nil {
				return err
			}
			sum.Ambiguous++
			if sortedNums(nums) != sortedNums(waiting[o.ID]) {
				ambiguous = append(ambiguous, o.ID)
			}
		}
		if actor == "" || len(matched)+len(ambiguous) == 0 {
			return nil
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditHoujinImport,
			After: jikenbo.AuditJSON(map[string]any{"file": name, "set": matched, "ambiguous": ambiguous})})
	})
	if err != nil {
		return nil, fmt.Errorf("import 法人番号 from %s: %w", name, err)
	}
	return sum, nil
}

// sameForm reports whether a registry entry may be the organisation as
// far as legal forms tell: when a way the organisation is written names a
// legal form, the entry's name has that form too. A local government's
// entry (kind 201) is only a municipality's.
func sameForm(o *jikenbo.Organization, r *houjin.Record) bool {
	if r.Kind == houjin.KindLocal && o.Kind != jikenbo.OrgMunicipality {
		return false
	}
	want := legalForm(r.Name)
	names := []string{o.Name}
	for _, a := range o.Aliases {
		names = append(names, a.Name)
	}
	for _, n := range names {
		if f := legalForm(n); f != "" && f != want {
			return false
		}
	}
	return true
}

// abbreviations are the short written forms of legal forms, by the form
// they stand for.
var abbreviations = map[string]string{
	"(株)": "株式会社", "(有)": "有限会社", "(同)": "合同会社", "(名)": "合名会社", "(資)": "合資会社",
	"(一社)": "一般社団法人", "(一財)": "一般財団法人", "(公社)": "公益社団法人", "(公財)": "公益財団法人",
	"(医)": "医療法人", "(学)": "学校法人", "(福)": "社会福祉法人", "(社福)": "社会福祉法人", "(独)": "独立行政法人",
	"(特非)": "特定非営利活動法人", "npo法人": "特定非営利活動法人",
}

// legalForm returns the legal form a name is written with (written out:
// (株) is 株式会社), or "" when it has none.
func legalForm(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	s = strings.Join(strings.Fields(strings.NewReplacer("（", "(", "）", ")").Replace(s)), "")
	word := ""
	if f, ok := jpname.FormAt(s); ok && f.Place&jpname.Before != 0 {
		word = f.Word
	} else if start, end := jpname.LastForm(s); start >= 0 && end == len(s) {
		word = s[start:end]
	}
	if full, ok := abbreviations[word]; ok {
		return full
	}
	return word
}

func sortedNums(s string) string {
	f := strings.Fields(s)
	slices.Sort(f)
	return strings.Join(f, " ")
}

// ChooseCorporateNumber is an editor's choice among the candidates an
// import left for an organisation: it gets that entry's 法人番号 and
// address, the candidates are settled, and the audit log says who chose
// what. EINVALID when number is not one of the organisation's candidates.
func (d *Desk) ChooseCorporateNumber(ctx context.Context, actor string, orgID int64, number string) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		before, err := tx.FindOrganizationByID(ctx, orgID)
		if err != nil {
			return err
		}
		cands, err := tx.FindHoujinCandidates(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cands, func(c jikenbo.HoujinCandidate) bool { return c.OrganizationID == orgID && c.CorporateNumber == number })
		if i < 0 {
			return jikenbo.Errorf(jikenbo.EINVALID, "法人番号 %q is not a candidate for organization %d", number, orgID)
		}
		addr := cands[i].Address
		after, err := tx.UpdateOrganization(ctx, orgID, jikenbo.OrganizationUpdate{CorporateNumber: &number, RegisteredAddress: &addr})
		if err != nil {
			return err
		}
		state := func(o *jikenbo.Organization) map[string]any {
			return map[string]any{"organization_id": o.ID, "corporate_number": o.CorporateNumber, "registered_address": o.RegisteredAddress}
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditOrgHoujin,
			Before: jikenbo.AuditJSON(state(before)), After: jikenbo.AuditJSON(state(after))})
	})
}

package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/internal/jpname"
)

// placements returns the ways a name can be written with form f:
// サクラ株式会社 and 株式会社サクラ for a form written on either side.
func placements(f jpname.Form) []string {
	word := strings.ToUpper(f.Word) // npo法人 is written NPO法人
	var out []string
	if f.Place&jpname.Before != 0 {
		out = append(out, word+"サクラ")
	}
	if f.Place&jpname.After != 0 {
		out = append(out, "サクラ"+word)
	}
	return out
}

// TestEveryLegalFormNamesAPublisher: every legal form of the shared
// vocabulary is read as a publisher on a letterhead line, in a definition
// (以下「当社」) and as the subject of the first sentence.
func TestEveryLegalFormNamesAPublisher(t *testing.T) {
	for _, f := range jpname.Forms {
		for _, name := range placements(f) {
			for _, text := range []string{
				"個人情報漏えいに関するお詫び\n" + name + "\n\nこのたび、個人情報が漏えいしました。\n",
				"お知らせ\n\n" + name + "(以下「当法人」といいます。)は、個人情報の漏えいを確認しました。\n",
				"お知らせ\n\nこのたび、" + name + "において個人情報の漏えいが発生しました。\n",
			} {
				if got := Extract(text).Organization; got != name {
					t.Errorf("publisher of %q = %q, want %q", text, got, name)
				}
			}
		}
	}
}

// TestEveryLegalFormNamesARelatedOrganization: a contractor written with
// any legal form, or as a body type that takes on work (…協同組合), is
// read as a related organisation when the incident happened there.
func TestEveryLegalFormNamesARelatedOrganization(t *testing.T) {
	var names []string
	for _, f := range jpname.Forms {
		if strings.Contains(f.Word, "弁護士") || strings.Contains(f.Word, "監査法人") {
			continue // advisers, never related (relExcluded)
		}
		names = append(names, placements(f)...)
	}
	for _, x := range jpname.Suffixes {
		if x.Contractor {
			names = append(names, "サクラ"+x.Word)
		}
	}
	for _, name := range names {
		text := "個人情報漏えいのお詫び\n株式会社ミナト\n\n当社が業務を委託している" + name +
			"のサーバーが不正アクセスを受け、当社の顧客情報が漏えいしました。\n"
		f := Extract(text)
		if !f.ThirdParty || !slices.Contains(f.RelatedOrganizations, name) {
			t.Errorf("contractor %s: third party %v, related %q", name, f.ThirdParty, f.RelatedOrganizations)
		}
	}
}

// TestBodySuffixesKeepTheWholeName: a body whose name begins with a
// prefecture or a city is not cut to it.
func TestBodySuffixesKeepTheWholeName(t *testing.T) {
	for _, name := range []string{"葦原県警察", "葦原県社会福祉協議会", "葦原市社会福祉協議会", "葦原県警察本部", "葦原県農業協同組合", "葦原大学病院"} {
		text := "お知らせ\n\n" + name + "において個人情報の漏えいが発生しました。\n"
		if got := Extract(text).Organization; got != name {
			t.Errorf("publisher of %q = %q, want %q", text, got, name)
		}
	}
}

package link

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/width"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/jpname"
)

func TestOrgKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"株式会社イセトー", "イセトー社"},
		{"株式会社イセトー", "(株)イセトー"},
		{"株式会社イセトー", "㈱イセトー"},
		{"株式会社イセトー", "イセトー株式会社"},
		{"株式会社イセトー", "株式会社　イセトー"},
		{"株式会社 東玉", "株式会社東玉"},
		{"ＡＢＣ株式会社", "abc株式会社"},
		{"Example Co., Ltd.", "example"},
		{"ｻﾝﾌﾟﾙ商事", "サンプル商事"},
		{"国立大学法人山口大学", "山口大学"},
		{"医療法人久仁会 鳴門山上病院", "久仁会鳴門山上病院"},
	} {
		if ka, kb := OrgKey(tt.a), OrgKey(tt.b); ka != kb || ka == "" {
			t.Errorf("OrgKey(%q) = %q, OrgKey(%q) = %q; want equal", tt.a, ka, tt.b, kb)
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"日本経済新聞社", "日本経済新聞"}, // kanji 社 is part of the name
		{"青梅市", "青梅町"},
	} {
		if OrgKey(tt.a) == OrgKey(tt.b) {
			t.Errorf("OrgKey(%q) = OrgKey(%q) = %q; want different", tt.a, tt.b, OrgKey(tt.a))
		}
	}
}

func TestGuessKind(t *testing.T) {
	for _, tt := range []struct {
		name string
		want jikenbo.OrgKind
	}{
		{"株式会社銀時", jikenbo.OrgCompany},
		{"リコージャパン株式会社", jikenbo.OrgCompany},
		{"岡垣町", jikenbo.OrgMunicipality},
		{"東京都", jikenbo.OrgMunicipality},
		{"徳島県", jikenbo.OrgMunicipality},
		{"静清信用金庫", jikenbo.OrgFinancial},
		{"上智大学", jikenbo.OrgSchool},
		{"産業医科大学病院", jikenbo.OrgHospital},
		{"医療法人久仁会 鳴門山上病院", jikenbo.OrgHospital},
		{"独立行政法人教職員支援機構", jikenbo.OrgGovernment},
		{"日本栄養士連盟", jikenbo.OrgOther},
		// A company's legal form decides: a shinkin bank's subsidiary is a
		// company, a bank or insurer that is a 株式会社 is financial.
		{"株式会社東海信金ビジネス", jikenbo.OrgCompany},
		{"㈱イセトー", jikenbo.OrgCompany},
		{"株式会社三菱UFJ銀行", jikenbo.OrgFinancial},
		{"株式会社みどり生命保険", jikenbo.OrgFinancial},
		{"イセトー", jikenbo.OrgOther},
	} {
		if got := GuessKind(tt.name); got != tt.want {
			t.Errorf("GuessKind(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestHasLegalForm(t *testing.T) {
	for name, want := range map[string]bool{
		"株式会社イセトー": true, "イセトー株式会社": true, "(株)イセトー": true, "㈱イセトー": true, "学校法人例示学園": true,
		"イセトー": false, "イセトー社": false, "ｲｾﾄｰ": false, "静清信用金庫": false,
	} {
		if got := HasLegalForm(name); got != want {
			t.Errorf("HasLegalForm(%q) = %v, want %v", name, got, want)
		}
	}
}

func d(y, m, dd int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: dd} }

func TestCitedDates(t *testing.T) {
	for _, tt := range []struct {
		text string
		ref  jikenbo.Date
		want []jikenbo.Date
	}{
		{"当社は、2024年1月26日に公表いたしました「お知らせ」及び2024年3月1日に公表いたしました「ご報告」のとおり", d(2024, 5, 1), []jikenbo.Date{d(2024, 1, 26), d(2024, 3, 1)}},
		{"7月4日付で当金庫ホームページに公表いたしましたが", d(2024, 11, 18), []jikenbo.Date{d(2024, 7, 4)}},
		{"1.事案の概要(令和6年7月4日公表済)", d(2024, 11, 18), []jikenbo.Date{d(2024, 7, 4)}},
		{"9月24日にお知らせいたしました件", jikenbo.Date{}, nil}, // no year to take
		{"12月20日にお知らせした件", d(2025, 2, 1), []jikenbo.Date{d(2024, 12, 20)}},
		{"2024年5月28日、警察より連絡を受けました", d(2024, 11, 25), nil}, // not a release
	} {
		if got := citedDates(tt.text, tt.ref); !slices.Equal(got, tt.want) {
			t.Errorf("citedDates(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestContractorMentions(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"当社が業務委託している株式会社東海信金ビジネスの再委託先である株式会社イセトー(以下「イセトー社」)において", []string{"東海信金ビジネス", "イセトー"}},
		{"業務委託先である株式会社倉業サービス(以降、倉業サービス)より", []string{"倉業サービス"}},
		{"弊所が使用している「株式会社エムケイシステム」の製品", []string{"エムケイシステム"}},
		{"株式会社銀時は、本日お詫び申し上げます。", nil}, // no contractor wording
		{"当社は委託先に確認しました。", nil},
	} {
		var got []string
		for _, m := range contractorMentions(tt.text) {
			got = append(got, m.Key)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("contractorMentions(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestReading: a text read ahead gives File what it would read itself,
// and is used only for the same text and date; another date (the
// release's own, once its facts say it) or text is read again.
func TestReading(t *testing.T) {
	text := "業務委託先である株式会社倉業サービスより、7月4日付で当金庫ホームページに公表いたしました件"
	ref := d(2024, 11, 18)
	rd := Read(text, jikenbo.Facts{Published: ref}, Hint{})
	if want := citedDates(text, ref); !slices.Equal(rd.cited, want) || len(want) != 1 {
		t.Errorf("Read: cited %v, want %v", rd.cited, want)
	}
	if want := contractorMentions(text); !slices.Equal(rd.mentions, want) || len(want) != 1 {
		t.Errorf("Read: mentions %v, want %v", rd.mentions, want)
	}
	if got := rd.of(text, ref); got != rd {
		t.Error("of: the reading of the same text and date was read again")
	}
	if got := rd.of(text, jikenbo.Date{}); got == rd || len(got.cited) != 0 {
		t.Errorf("of another date: %+v; want a new reading citing nothing (no year to take)", got)
	}
	if got := rd.of("別の本文", ref); got == rd || len(got.mentions) != 0 {
		t.Errorf("of another text: %+v; want a new reading", got)
	}
	var none *Reading
	if got := none.of(text, ref); !slices.Equal(got.cited, rd.cited) || !slices.Equal(got.mentions, rd.mentions) {
		t.Errorf("of without a reading: %+v, want %+v", got, rd)
	}
}

func TestJudge(t *testing.T) {
	const pub, iseto, other = 1, 2, 3
	open := caseView{id: "2024-217", status: jikenbo.StatusOngoing, publishers: []int64{pub}, contractors: []int64{iseto},
		names: map[int64]string{pub: "静清信用金庫", iseto: "株式会社イセトー"}, dates: []jikenbo.Date{d(2024, 7, 4)},
		first: d(2024, 7, 4), last: d(2024, 7, 4), detected: d(2024, 5, 26), titles: []string{"会員サイトへの不正アクセスに関するお知らせ"},
		categories: []string{jikenbo.CatRansomware}}
	closed := open
	closed.status = jikenbo.StatusConcluded
	contractor := []relatedOrg{{name: "株式会社イセトー", key: "イセトー", role: jikenbo.RoleContractor, id: iseto}}
	for _, tt := range []struct {
		name   string
		in     input
		c      caseView
		join   bool
		action jikenbo.DecisionAction
		link   jikenbo.LinkKind
	}{
		{"CitedDate", input{orgID: pub, published: d(2024, 11, 18), cited: []jikenbo.Date{d(2024, 7, 4)}}, closed, true, jikenbo.DecisionFollowUp, ""},
		{"EarlierFromPage", input{orgID: pub, published: d(2024, 11, 18), earlier: []jikenbo.Date{d(2024, 7, 4)}}, closed, true, jikenbo.DecisionFollowUp, ""},
		{"SameDetection", input{orgID: pub, published: d(2024, 9, 1), detected: d(2024, 5, 26)}, closed, true, jikenbo.DecisionFollowUp, ""},
		{"OpenCaseSimilarTitle", input{orgID: pub, published: d(2024, 8, 1), title: "会員サイトへの不正アクセスに関するお知らせ(第2報)"}, open, true, jikenbo.DecisionFollowUp, ""},
		{"OpenCaseSharedCategory", input{orgID: pub, published: d(2024, 8, 1), categories: []string{jikenbo.CatRansomware}}, open, true, jikenbo.DecisionFollowUp, ""},
		{"ConcludedCaseOnlyRelated", input{orgID: pub, published: d(2024, 8, 1), categories: []string{jikenbo.CatRansomware}}, closed, false, "", jikenbo.LinkSameOrganization},
		{"FirstReportStartsNew", input{orgID: pub, published: d(2024, 8, 1), title: "不正アクセスについて(第1報)", categories: []string{jikenbo.CatRansomware}}, open, false, "", jikenbo.LinkSameOrganization},
		{"OtherDetection", input{orgID: pub, published: d(2024, 8, 1), detected: d(2024, 2, 1), categories: []string{jikenbo.CatRansomware}}, open, false, "", jikenbo.LinkSameOrganization},
		{"TooLate", input{orgID: pub, published: d(2026, 1, 1), categories: []string{jikenbo.CatRansomware}}, open, false, "", jikenbo.LinkSameOrganization},
		{"ContractorClient", input{orgID: other, published: d(2024, 6, 17), related: contractor}, closed, true, jikenbo.DecisionContractor, ""},
		{"ContractorUnknownDate", input{orgID: other, related: contractor}, closed, true, jikenbo.DecisionContractor, ""},
		{"ContractorItself", input{orgID: iseto, published: d(2024, 8, 1)}, closed, true, jikenbo.DecisionContractor, ""},
		{"ContractorOtherIncident", input{orgID: other, published: d(2024, 8, 1), detected: d(2024, 1, 10), related: contractor}, closed, false, "", jikenbo.LinkSameContractor},
		{"ContractorYearsLater", input{orgID: other, published: d(2027, 8, 1), related: contractor}, closed, false, "", jikenbo.LinkSameContractor},
		{"ClientNotContractor", input{orgID: other, published: d(2024, 8, 1), related: []relatedOrg{{name: "x", key: "x", role: jikenbo.RoleClient, id: iseto}}}, closed, false, "", ""},
		{"Unrelated", input{orgID: other, published: d(2024, 8, 1)}, closed, false, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := (&Linker{}).judge(tt.in, tt.c)
			if v.join != tt.join || v.action != tt.action || v.link != tt.link {
				t.Errorf("got join=%v action=%q link=%q (%v), want join=%v action=%q link=%q", v.join, v.action, v.link, v.reasons, tt.join, tt.action, tt.link)
			}
			if (v.join || v.link != "") && len(v.reasons) == 0 {
				t.Errorf("no reasons recorded")
			}
		})
	}
}

// TestEveryLegalFormMakesOneAliasKey: a name written with any legal form
// of the shared vocabulary, on any side it may stand, in full-width or
// upper case, has the key of the bare name; a body type that is part of
// the name (…健康保険組合) keeps it, so the body is not its company.
func TestEveryLegalFormMakesOneAliasKey(t *testing.T) {
	bare := OrgKey("サクラ")
	for _, f := range jpname.Forms {
		word := strings.ToUpper(f.Word)
		var names []string
		if f.Place&jpname.Before != 0 {
			names = append(names, word+"サクラ", word+"　サクラ", width.Widen.String(word)+"サクラ")
		}
		if f.Place&jpname.After != 0 {
			names = append(names, "サクラ"+word, "サクラ "+word)
		}
		for _, n := range names {
			if got := OrgKey(n); got != bare {
				t.Errorf("OrgKey(%q) = %q, want %q", n, got, bare)
			}
		}
	}
	for _, x := range jpname.Suffixes {
		if k := OrgKey("サクラ" + x.Word); k == bare || !strings.HasSuffix(k, x.Word) {
			t.Errorf("OrgKey(%q) = %q, want the body type kept", "サクラ"+x.Word, k)
		}
	}
}

package extract

import (
	"strings"
	"testing"
)

// TestNameRules: each way the names rules read a field reports its rule,
// so that confidence can be decided from how the field was read.
func TestNameRules(t *testing.T) {
	field := func(text, which string) nameRule {
		d := newDoc(text)
		h, _ := readHeadline(d)
		switch which {
		case "organization":
			return readOrganization(d, h).rule
		case "title":
			return readTitle(d, h).rule
		case "third_party":
			return readRelated(d, readOrganization(d, h).text).thirdRule
		default:
			r := readRelated(d, readOrganization(d, h).text)
			if len(r.orgs) == 0 {
				return ""
			}
			return r.orgs[0].rule
		}
	}
	for _, tc := range []struct {
		field, text string
		want        nameRule
	}{
		{"organization", "【セキュリティ事件簿#2024-1】株式会社ミナト 不正アクセスのお知らせ 2024/1/5\n本文。", ruleHeadline},
		{"title", "【セキュリティ事件簿#2024-1】株式会社ミナト 不正アクセスのお知らせ 2024/1/5\n本文。", ruleHeadline},
		{"organization", "株式会社ミナト\n\n不正アクセスのお知らせ\n\n当社サーバーに不正アクセスがありました。", ruleLetterhead},
		{"organization", "不正アクセスのお知らせ\n" + strings.Repeat("当社サーバーに不正アクセスがありました。\n", 14) + "株式会社ミナト\n", ruleSignature},
		{"organization", "お知らせ\n\n株式会社ミナト(以下「当社」といいます。)は不正アクセスを確認しました。", ruleDefinition},
		{"organization", "お知らせ\n\nこのたび、株式会社ミナトにおいて不正アクセスが発生しました。", ruleSubject},
		{"title", "不正アクセスのお知らせ\n\n当社サーバーに不正アクセスがありました。", ruleTitleLine},
		{"third_party", "委託先への不正アクセスにより情報が漏えいしました。", rulePartyIncident},
		{"third_party", "委託先の従業員が資料を紛失しました。", rulePartyStaff},
		{"third_party", "株式会社サクラがサイバー攻撃を受けました。当社の顧客情報も含まれます。", ruleNamedIncident},
		{"related", "業務委託先である株式会社サクラのサーバーが不正アクセスを受けました。", ruleTiedParty},
		{"related", "当社は委託元である株式会社サクラの顧客情報を保管していました。", ruleClient},
		{"related", "株式会社サクラ製のVPN機器の脆弱性を悪用され、不正アクセスを受けました。", ruleVulnerableProduct},
		{"related", "委託先への不正アクセスが判明し、現在、影響の範囲を調査しております。\n株式会社サクラがランサムウェアに感染しました。", ruleIncidentSite},
	} {
		if got := field(tc.text, tc.field); got != tc.want {
			t.Errorf("%s of %q read by %q, want %q", tc.field, tc.text, got, tc.want)
		}
	}
}

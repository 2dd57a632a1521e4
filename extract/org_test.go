package extract

import "testing"

func TestHeadline(t *testing.T) {
	tests := []struct {
		name, line               string
		caseID, org, title, date string
	}{
		{"full headline", "【セキュリティ事件簿#2025-031】株式会社みどり書房 当社通販サイトへの不正アクセスに関するお詫び 2025/2/3",
			"2025-031", "株式会社みどり書房", "当社通販サイトへの不正アクセスに関するお詫び", "2025-02-03"},
		{"name runs into the title", "【セキュリティ事件簿#2025-032】青葉町職員の懲戒処分について 2025/2/4",
			"2025-032", "青葉町", "職員の懲戒処分について", "2025-02-04"},
		{"hospital name runs into the title", "【セキュリティ事件簿#2025-033】市立東山病院における USB メモリの紛失について",
			"2025-033", "市立東山病院", "における USB メモリの紛失について", ""},
		{"no date", "【セキュリティ事件簿#2025-034】北山信用金庫 個人情報漏洩に関するお知らせ",
			"2025-034", "北山信用金庫", "個人情報漏洩に関するお知らせ", ""},
		{"legal form after the name", "【セキュリティ事件簿#2025-035】SAMPLEWORKS株式会社 ログイン不具合に関するご報告 2025年2月5日",
			"2025-035", "SAMPLEWORKS株式会社", "ログイン不具合に関するご報告", "2025-02-05"},
		{"two spaces", "【セキュリティ事件簿#2025-036】株式会社青空運輸  サイバー攻撃に関するお知らせ 2025/2/6",
			"2025-036", "株式会社青空運輸", "サイバー攻撃に関するお知らせ", "2025-02-06"},
		{"older headline without the prefix", "北山大学 外部サイト上における個人情報の漏えいについて 2022年11月22日",
			"", "北山大学", "外部サイト上における個人情報の漏えいについて", "2022-11-22"},
		{"casebook tag without a number", "【セキュリティ事件簿】株式会社みどり書房 不正アクセスに関するお知らせ 2025/2/8",
			"", "株式会社みどり書房", "不正アクセスに関するお知らせ", "2025-02-08"},
		{"a department between the name and the title", "【セキュリティ事件簿#2025-038】東山大学病院小児科における書類の紛失について 2025/2/9",
			"2025-038", "東山大学病院", "小児科における書類の紛失について", "2025-02-09"},
		{"a named school after its city", "青葉市立緑台小学校 児童の個人情報の誤送信について 2022年7月22日",
			"", "青葉市立緑台小学校", "児童の個人情報の誤送信について", "2022-07-22"},
		{"title, date, organisation", "不正アクセスに関する対応の進捗について 2022年11月29日 株式会社みどり書房",
			"", "株式会社みどり書房", "不正アクセスに関する対応の進捗について", "2022-11-29"},
		{"news style with the organisation last", "【セキュリティ事件簿#2023-201】委託先がメール誤送信、受講生のメアド流出 - 東山県",
			"2023-201", "東山県", "委託先がメール誤送信、受講生のメアド流出", ""},
		{"unknown name still ends at the space", "【セキュリティ事件簿#2025-037】ミドリヤ 会員情報に関するお詫び 2025/2/7",
			"2025-037", "ミドリヤ", "会員情報に関するお詫び", "2025-02-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.line + "\n本文です。")
			h, ok := readHeadline(d)
			if !ok {
				t.Fatal("no headline recognised")
			}
			org, title := readOrganization(d, h).text, readTitle(d, h).text
			if h.caseID != tt.caseID || org != tt.org || title != tt.title || h.date.String() != tt.date {
				t.Errorf("got (%q, %q, %q, %q), want (%q, %q, %q, %q)", h.caseID, org, title, h.date, tt.caseID, tt.org, tt.title, tt.date)
			}
		})
	}
}

func TestNotAHeadline(t *testing.T) {
	for _, text := range []string{
		"令和4年6月20日 サイバー攻撃による被害について(第1報)",
		"このたび、当社のサーバーに対する不正アクセスが判明しました。",
		"お客様各位",
	} {
		if h, ok := readHeadline(newDoc(text)); ok {
			t.Errorf("%q read as a headline: %+v", text, h)
		}
	}
}

func TestRawOrganization(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"letterhead line", "令和7年3月4日\n株式会社みどり書房\n不正アクセスに関するお知らせ\n本文です。", "株式会社みどり書房"},
		{"letterhead with a space after the legal form and a reading", "お詫び\n株式会社 青空(あおぞら)\n本文です。", "株式会社 青空"},
		{"two-part name of a medical corporation", "本文です。\n医療法人緑会 東山中央病院", "医療法人緑会 東山中央病院"},
		{"signature of the mayor", "本文です。\n青葉市長 山田 太郎", "青葉市"},
		{"signature of the hospital director", "お詫び\n令和4年10月17日\n北山大学病院長\n本文です。", "北山大学病院"},
		{"Latin name with a legal form", "2017年9月7日\nSAMPLE WORKS株式会社\n山田 太郎\n本文です。", "SAMPLE WORKS株式会社"},
		{"defined short name", "株式会社青空運輸(以下「当社」といいます。)は、本日お知らせします。", "株式会社青空運輸"},
		{"a vendor defined by short name is not the publisher", "当社が利用する株式会社サンプルシステム(以下「SS社」)のサーバーが攻撃を受けました。", ""},
		{"subject of the incident", "青葉市が保有する個人情報の漏えいについて\n本文です。", "青葉市"},
		{"subject after an opener", "この度、東山記念病院において、記録媒体の紛失が判明しました。", "東山記念病院"},
		{"a defined name with no legal form", "この度、東山赤十字社(以下「当社」)の寄付サイトで障害が起きました。", "東山赤十字社"},
		{"the operator of a site", "この度、株式会社みどり書房が運営する通販サイトに不正アクセスがありました。", "株式会社みどり書房"},
		{"a legal form before a name followed by a particle", "このたび、株式会社みどり書房において不正アクセスが発生しました。", "株式会社みどり書房"},
		{"a prefecture's police", "東山県警察において、捜査書類を紛失しました。", "東山県警察"},
		{"a generic school after its city", "青葉市立小学校において、名簿を紛失しました。", ""},
		{"a signature repeating the name shorter", "本文です。\n以上\n社会福祉法人東山会 みどり病院\n院長 山田 太郎\n\nみどり病院", "社会福祉法人東山会 みどり病院"},
		{"only 当社: unknown", "このたび、当社のサーバーが不正アクセスを受けました。", ""},
		{"a generic school is no publisher", "県立高等学校の教職員が、USBメモリを紛失しました。", ""},
		{"a department is no publisher", "学校教育課において、メールの誤送信がありました。", ""},
		{"an addressee is no publisher", "労働保険事務組合委託事業者 各位\n本文です。", ""},
		{"contact line", "本文です。\n本件に関するお問合せ先\n青葉市商工会 電話 000-000-0000", "青葉市商工会"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.text)
			h, _ := readHeadline(d)
			if got := readOrganization(d, h).text; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRawTitle(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"first line", "メールアドレスの漏えい事案の報告\n\n更新日:2025年08月26日\n本文です。", "メールアドレスの漏えい事案の報告"},
		{"after date and letterhead", "2017年9月7日\n株式会社みどり書房\n山田 太郎\n\n不正アクセスによる情報流出に関するご報告とお詫び\n本文です。", "不正アクセスによる情報流出に関するご報告とお詫び"},
		{"tag dropped", "【重要】不正アクセスに関するお詫びとご報告\n本文です。", "不正アクセスに関するお詫びとご報告"},
		{"date before the title dropped", "令和4年6月20日 サイバー攻撃による被害について(第1報)\n本文です。", "サイバー攻撃による被害について(第1報)"},
		{"press note before the title dropped", "(令和7年3月5日発表)文書の滅失について\n本文です。", "文書の滅失について"},
		{"breadcrumbs skipped", "トップ > 報道資料 > 紛失について\nここから本文です。\nFAX誤送信による個人情報の流出について\n本文です。", "FAX誤送信による個人情報の流出について"},
		{"body first: no title", "このたび、当社のサーバーが不正アクセスを受けました。\n詳細は以下のとおりです。", ""},
		{"a polite apology as the ending", "職員による不正閲覧についてお詫びいたします\n本文です。", "職員による不正閲覧についてお詫びいたします"},
		{"a trailing bracketed date dropped", "システム障害に関するお詫びとお知らせ(2021/11/04)\n本文です。", "システム障害に関するお詫びとお知らせ"},
		{"a trailing dated label dropped", "対応のご報告(5月31日ご報告事項)\n本文です。", "対応のご報告"},
		{"a report stage kept", "サイバー攻撃による被害について(第2報)\n本文です。", "サイバー攻撃による被害について(第2報)"},
		{"a numbered section heading is no title", "お客様各位\n2. 情報持ち出しに関するご報告\n本文です。", ""},
		{"salutation is no title", "お客様各位\n平素よりご利用いただきありがとうございます。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.text)
			h, _ := readHeadline(d)
			if got := readTitle(d, h).text; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

package extract

import "testing"

func TestParseJapaneseNumber(t *testing.T) {
	for in, want := range map[string]int{
		"17,171": 17171, "1850": 1850, "3万": 30000, "1万2千": 12000, "2万5,000": 25000,
		"1.5万": 15000, "三千": 3000, "二万五千": 25000, "十二": 12, "百": 100, "1, 244": 1244,
	} {
		if got, ok := parseJapaneseNumber(in); !ok || got != want {
			t.Errorf("parseJapaneseNumber(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "1.5", "abc"} {
		if got, ok := parseJapaneseNumber(in); ok {
			t.Errorf("parseJapaneseNumber(%q) = %d, want no number", in, got)
		}
	}
}

func TestCounts(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		name           string
		text           string
		persons, cards *int
	}{
		{"a labelled leak count wins over a count of exposure", "他の会員から閲覧できる状態にあった会員 25名\n個人情報漏えいの範囲: 3名", n(3), nil},
		{"an estimate of the scope is the count", "対象となるお客様\n当社から案内状を送付したお客様。最大で約3万件程度と推定しております。", n(30000), nil},
		{"people and cards kept apart", "お客様の個人情報(12,345件)、クレジットカード情報(678件)が漏えいした可能性があります。", n(12345), n(678)},
		{"stated total wins over a part", "カード決済をされたお客様は500名で、漏えいした可能性があります。漏えいした可能性のあるお客様(計12,345名〔内カード情報の漏えいの可能性がある方500名を含む〕)", n(12345), nil},
		{"de-duplicated total wins over the gross count", "漏えい件数\n8,765 件(名寄せ後件数合計) ※延べ 9,876 件", n(8765), nil},
		{"de-duplicated in brackets", "申請資料1,200件(同一の者からの申請を除くと480件)が保存されていました。", n(480), nil},
		{"about 30 thousand", "在籍する学生約3万件の個人情報が含まれていました。", n(30000), nil},
		{"ten thousands and thousands", "会員1万2千件の情報が流出したおそれがあります。", n(12000), nil},
		{"kanji numerals", "患者三百名分の情報を記録したノートを紛失しました。", n(300), nil},
		{"people counted in 人分", "職員の個人情報(氏名及び電話番号:2人分)を漏洩した。", n(2), nil},
		{"records with their people", "納税通知書120件(110名)が流出した可能性があります。", n(110), nil},
		{"two groups joined by 及び are one group", "生徒21名及びその保護者20名の個人情報が含まれていました。", n(41), nil},
		{"a list without a total is unknown", "・名簿:300名分\n・試験結果:120名分\nが保存されていたUSBメモリを紛失しました。", nil, nil},
		{"card count only", "クレジットカード情報(2,500件)が漏洩した可能性があります。", nil, n(2500)},
		{"card count with its people listed apart", "- 氏名、住所、電話番号\nクレジットカード情報(番号、有効期限)\n【流出した可能性のある最大件数】\n- 4,321件", n(4321), n(4321)},
		{"staff are not affected people", "当社スタッフ1名のアカウントが不正に利用され、顧客情報が流出した可能性があります。", nil, nil},
		{"e-mails are not people", "同アカウントで送受信されたメール約2万件が窃取された可能性があります。", nil, nil},
		{"recipients are not the affected", "320名の会員様へ電子メールを送信した際、45件のメールアドレスが表示されました。", n(45), nil},
		{"an earlier figure is not the count", "漏えい件数\n1,500 件\n※7月4日付で公表した件数(1,520 件)から20件少なくなりました。", n(1500), nil},
		{"the gross count is taken only when nothing else is given", "延べ 500 件の閲覧がありました。", nil, nil},
		{"documents are not people", "個人情報を含む4件の決裁文書が所在不明となっています。", nil, nil},
		{"companies and their people", "12社34名の氏名、所属、メールアドレスが流出しました。", n(34), nil},
		{"a group size is no count", "2人1組で作業を行いました。", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _, c, _, _, _ := readCounts(newDoc(tt.text))
			if !sameCount(p, tt.persons) || !sameCount(c, tt.cards) {
				t.Errorf("got persons=%v cards=%v, want persons=%v cards=%v", show(p), show(c), show(tt.persons), show(tt.cards))
			}
		})
	}
}

func sameCount(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func show(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

package extract

import (
	"reflect"
	"strings"
	"testing"
)

// Each case is a short text written for the test (not taken from the
// corpus) and the data-type codes the rules must read from it; the name
// says which rule it checks. Codes come in the contract's order.
func TestReadDataTypes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		// lists
		{"a bare list line with a relative clause inside an item, under a heading",
			"3.漏えいした情報\n\n在籍する学生 120名分\n\n氏名、学籍番号、大学から付与されたメールアドレス",
			[]string{"name", "email", "account_id"}},
		{"list after a colon under a leak word", "漏えいした可能性のある情報:氏名、住所、電話番号、メールアドレス",
			[]string{"name", "address", "phone", "email"}},
		{"bullets under a heading naming the data", "流出した情報\n・お名前\n・ご住所\n・お電話番号\n・購入履歴",
			[]string{"name", "address", "phone", "purchase_history"}},
		{"numbered items with circled digits", "漏えいのおそれがある項目 ①氏名 ②住所 ③生年月日 ④マイナンバー ⑤口座番号",
			[]string{"name", "address", "birthdate", "bank_account", "my_number"}},
		{"items in a bracket after the document", "顧客名簿(氏名、住所、電話番号)を紛失しました。",
			[]string{"name", "address", "phone"}},
		{"qualified items: 児童の氏名, 緊急連絡先電話番号", "個人情報の内容:児童の氏名、生年月日、保護者の氏名、緊急連絡先電話番号",
			[]string{"name", "phone", "birthdate"}},
		{"items joined by と and ending in です", "漏えいしたのはお客様の注文番号と配送先住所です。",
			[]string{"address", "purchase_history"}},

		// generic words give nothing
		{"personal information alone", "個人情報が流出した可能性があります。", nil},
		{"mail as a means of sending is not the email type", "お客様には電子メールにて個別にご連絡いたします。メールで送信しました。", nil},
		{"address of the mail sent to is not leaked", "ご登録のメールアドレス宛にお詫びのメールをお送りしております。", nil},

		// contact blocks and labels
		{"contact block with values", "お問い合わせ先\n総務課\n住所:東京都千代田区1-1\n電話番号:03-1234-5678\nメールアドレス:info@example.jp", nil},
		{"a count after the item is a count, not a value", "対象となるお客様のメールアドレス 1,234件", []string{"email"}},

		// payment cards
		{"card information without fields is the card number", "お客様のクレジットカード情報(2,000件)が流出した可能性があります。",
			[]string{"card_number"}},
		{"card fields", "流出した可能性のある情報は、クレジットカード番号、有効期限、セキュリティコード、カード名義人名です。",
			[]string{"card_number", "card_expiry", "card_cvv", "card_holder"}},
		{"bare 番号 inside card information is the card number", "流出した情報:カード情報(番号、有効期限)",
			[]string{"card_number", "card_expiry"}},

		// IDs, health, occupation, other
		{"member number is account_id, school year is other", "紛失した名簿には、生徒の会員番号、氏名、学年、部活動名が記載されていました。",
			[]string{"name", "account_id", "other"}},
		{"patient id and medical items", "USBメモリには患者ID、氏名、病名、検査結果が保存されていました。",
			[]string{"name", "account_id", "health"}},
		{"position and department are occupation, extension number other", "閲覧可能な状態にあった情報は、職員の氏名、所属部署、役職、内線番号です。",
			[]string{"name", "occupation", "other"}},
		{"allergy is health, age other", "申込者の氏名・年齢・性別・アレルギーの有無を記載した名簿が流出しました。",
			[]string{"name", "gender", "health", "other"}},
		{"other explicitly named", "漏えいした情報:氏名、その他(職業等)", []string{"name", "occupation", "other"}},
		{"an umbrella word explained by its bracket adds nothing", "流出した情報:氏名、連絡先(電話番号及びメールアドレス)",
			[]string{"name", "phone", "email"}},

		// denials
		{"items denied after the list", "氏名とメールアドレスが流出しました。なお、住所や電話番号は含まれておりません。",
			[]string{"name", "email"}},
		{"all items denied", "住所、氏名、電話番号等の個人情報は含まれておりません。漏えいしたのは社内の会議資料です。", nil},
		{"denied in a bracket", "漏えいした情報:患者ID及び氏名(住所や電話番号はありません。)", []string{"name", "account_id"}},
		{"leak named as a fact and denied", "会員様のID、パスワード等の情報が外部に流出した事実は確認されておりません。", nil},
		{"leak denied but not ruled out still counts", "氏名、住所が流出した事実は確認されておりませんが、流出の可能性は否定できません。",
			[]string{"name", "address"}},

		// words that are not the kind of data
		{"a password set on a file is a protection", "個人情報を含むファイルにはパスワードを設定しておりました。", nil},
		{"the intruded account's password is the means, not leaked data", "メールアカウントのパスワードが窃取され、不正にログインされました。", nil},
		{"credentials used in an attack are its means", "IDとパスワードを用いたリスト型攻撃により、会員のお名前とご住所が閲覧された可能性があります。",
			[]string{"name", "address"}},
		{"listed password counts", "漏えいした情報は会員ID及びハッシュ化されたパスワードです。", []string{"password", "account_id"}},
		{"words inside a company name", "株式会社テスト電話\n漏えいした情報は以下のとおりです。\n氏名", []string{"name"}},
		{"fax machine is not data", "職員がFAXを送信する際に操作を誤り、区民の氏名が記載された文書を誤送信しました。", []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, spans := readDataTypes(newDoc(tt.text))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(spans) != len(got) {
				t.Errorf("got %d evidence spans for %d codes", len(spans), len(got))
			}
		})
	}
}

// The evidence of a code is the item it was read from.
func TestReadDataTypesEvidence(t *testing.T) {
	d := newDoc("漏えいした情報:氏名、メールアドレス")
	codes, spans := readDataTypes(d)
	want := []string{"氏名", "メールアドレス"}
	if len(codes) != 2 {
		t.Fatalf("got %v, want name and email", codes)
	}
	for i, sp := range spans {
		if got := d.norm[sp.start:sp.end]; got != want[i] {
			t.Errorf("evidence %d: got %q, want %q", i, got, want[i])
		}
	}
}

// Pathological input must not take quadratic time or recurse deeply: an
// unclosed bracket runs to the end of a long text. The bound is on work,
// not time: reading 4x the text may allocate at most about 4x the memory.
func TestReadDataTypesUnclosedBrackets(t *testing.T) {
	text := func(n int) string {
		return strings.Repeat("(", 10*n) + strings.Repeat("氏名、住所", n)
	}
	small, large := newDoc(text(500)), newDoc(text(2000))
	a := allocatedBy(func() { readDataTypes(small) })
	b := allocatedBy(func() { readDataTypes(large) })
	if ratio := float64(b) / float64(max(a, 1)); ratio > 6 {
		t.Errorf("4x the unclosed brackets allocate %.1fx the memory (%d -> %d bytes): not linear", ratio, a, b)
	}
}

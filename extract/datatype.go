package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Data-type rules: the kinds of personal data that leaked or were put at
// risk. Releases name them in enumerations ("氏名、住所、電話番号",
// "①氏名 ②住所", bullet lines under "漏えいした情報"), so the rules read
// every sentence that holds a data word as a list of items separated by
// 、・/ 及び や etc. (brackets hold lists of their own) and map each item
// through the vocabulary below. A word counts when
//
//   - it is an item: it ends its segment or is followed by a particle, a
//     count or 等 ("保護者の氏名", "メールアドレスが", "治療方針など"), not
//     by more words of a clause ("パスワード改ざん", "メールアドレスの変更");
//   - the list is about data: a marker word outside the items (情報, 項目,
//     漏えい, 含まれ…), a count after an item ("メールアドレス 49件"), or,
//     for a line of bare items, a heading above it ("漏えいした情報");
//   - a single item in running text is what leaked ("メールアドレスが流出")
//     and is not a word that is mostly the means of the incident
//     (パスワード, 連絡先, FAX番号);
//   - the first predicate after it does not deny it ("住所や電話番号は含ま
//     れておりません"), and it is not a label with a value ("電話番号:03-…").
//
// Items of a list that the vocabulary does not know become "other" (学年,
// 国籍, 年税額 …). "個人情報" or "お客様情報" alone give nothing.

// dtWord maps a word of an item to a code. The code "" marks a generic
// word (個人情報, データ): it is read so that it hides shorter words inside
// it, and gives no code.
type dtWord struct{ word, code string }

// dtBareNumber is a bare "番号": other, or the card number inside
// "カード情報(番号、有効期限…)".
const dtBareNumber = "#number"

var dataTypeVocab = []dtWord{
	// name
	{"氏名", jikenbo.DataName}, {"名前", jikenbo.DataName}, {"個人名", jikenbo.DataName},
	{"姓名", jikenbo.DataName}, {"フリガナ", jikenbo.DataName}, {"ふりがな", jikenbo.DataName},
	{"宛名", jikenbo.DataName},
	// 代表者名, 保護者名, 申請者名: a person's name
	{"者名", jikenbo.DataName},
	// address
	{"住所", jikenbo.DataAddress}, {"所在地", jikenbo.DataAddress}, {"郵便番号", jikenbo.DataAddress},
	{"居所", jikenbo.DataAddress},
	// phone
	{"電話番号", jikenbo.DataPhone}, {"電話", jikenbo.DataPhone}, {"携帯番号", jikenbo.DataPhone},
	{"携帯電話番号", jikenbo.DataPhone},
	{"携帯電話", jikenbo.DataPhone}, {"tel", jikenbo.DataPhone},
	// email; a bare "メール" is the mail, not the address
	{"メールアドレス", jikenbo.DataEmail}, {"アドレス", jikenbo.DataEmail}, {"e-mail", jikenbo.DataEmail},
	{"email", jikenbo.DataEmail}, {"mailアドレス", jikenbo.DataEmail}, {"メアド", jikenbo.DataEmail},
	{"メール", ""},
	// birthdate; "生年月" also when the word is cut in the stored copy
	{"生年月日", jikenbo.DataBirthdate}, {"生年月", jikenbo.DataBirthdate}, {"誕生日", jikenbo.DataBirthdate},
	// gender
	{"性別", jikenbo.DataGender},
	// password
	{"パスワード", jikenbo.DataPassword}, {"暗証番号", jikenbo.DataPassword}, {"パスコード", jikenbo.DataPassword},
	// account_id: login IDs and the numbers a body gives a person
	// a bare アカウント is mostly the mail or system account that was
	// broken into, not a leaked item
	{"id", jikenbo.DataAccountID}, {"アカウント名", jikenbo.DataAccountID}, {"ユーザー名", jikenbo.DataAccountID},
	{"会員番号", jikenbo.DataAccountID}, {"学籍番号", jikenbo.DataAccountID}, {"学生番号", jikenbo.DataAccountID},
	{"生徒番号", jikenbo.DataAccountID}, {"患者番号", jikenbo.DataAccountID}, {"診察券番号", jikenbo.DataAccountID},
	{"被保険者番号", jikenbo.DataAccountID}, {"保険証番号", jikenbo.DataAccountID}, {"保険者番号", jikenbo.DataAccountID},
	{"管理番号", jikenbo.DataAccountID}, {"顧客番号", jikenbo.DataAccountID}, {"お客様番号", jikenbo.DataAccountID},
	{"受験番号", jikenbo.DataAccountID}, {"受付番号", jikenbo.DataAccountID}, {"社員番号", jikenbo.DataAccountID},
	{"職員番号", jikenbo.DataAccountID}, {"利用者番号", jikenbo.DataAccountID}, {"契約番号", jikenbo.DataAccountID},
	{"年金番号", jikenbo.DataAccountID}, {"会員id", jikenbo.DataAccountID}, {"ログインid", jikenbo.DataAccountID},
	// 健康保険 is the insurance, read whole so that 健康 does not count
	{"健康保険", ""},
	// payment cards
	{"クレジットカード番号", jikenbo.DataCardNumber}, {"カード番号", jikenbo.DataCardNumber},
	{"カード情報", jikenbo.DataCardNumber},
	{"有効期限", jikenbo.DataCardExpiry},
	{"セキュリティコード", jikenbo.DataCardCVV}, {"cvv", jikenbo.DataCardCVV}, {"cvc", jikenbo.DataCardCVV},
	{"名義", jikenbo.DataCardHolder},
	// bank_account
	{"口座", jikenbo.DataBankAccount}, {"口座名義", jikenbo.DataBankAccount}, {"振込先", jikenbo.DataBankAccount},
	{"振込口座", jikenbo.DataBankAccount}, {"金融機関名", jikenbo.DataBankAccount}, {"支店名", jikenbo.DataBankAccount},
	// my_number
	{"マイナンバー", jikenbo.DataMyNumber}, {"個人番号", jikenbo.DataMyNumber}, {"特定個人情報", jikenbo.DataMyNumber},
	// health: medical content and care needs
	{"病名", jikenbo.DataHealth}, {"病歴", jikenbo.DataHealth}, {"既往", jikenbo.DataHealth},
	{"診療", jikenbo.DataHealth}, {"診察", jikenbo.DataHealth}, {"治療", jikenbo.DataHealth},
	{"処置", jikenbo.DataHealth}, {"手術", jikenbo.DataHealth}, {"検査", jikenbo.DataHealth},
	{"健診", jikenbo.DataHealth}, {"健康", jikenbo.DataHealth}, {"心身", jikenbo.DataHealth},
	{"症状", jikenbo.DataHealth}, {"病状", jikenbo.DataHealth}, {"傷病", jikenbo.DataHealth},
	{"介護", jikenbo.DataHealth}, {"障害者手帳", jikenbo.DataHealth},
	{"接種", jikenbo.DataHealth}, {"服薬", jikenbo.DataHealth}, {"処方", jikenbo.DataHealth},
	{"投薬", jikenbo.DataHealth}, {"カルテ", jikenbo.DataHealth}, {"医療", jikenbo.DataHealth},
	{"心電図", jikenbo.DataHealth}, {"診断", jikenbo.DataHealth}, {"所見", jikenbo.DataHealth},
	{"通院", jikenbo.DataHealth}, {"入院", jikenbo.DataHealth}, {"受診", jikenbo.DataHealth},
	{"妊娠", jikenbo.DataHealth}, {"アレルギー", jikenbo.DataHealth}, {"血液型", jikenbo.DataHealth},
	{"要配慮個人情報", jikenbo.DataHealth},
	// occupation: employer, affiliation, position (NOTES: 所属学部 too)
	{"職業", jikenbo.DataOccupation}, {"勤務先", jikenbo.DataOccupation}, {"会社名", jikenbo.DataOccupation},
	{"企業名", jikenbo.DataOccupation}, {"法人名", jikenbo.DataOccupation}, {"団体名", jikenbo.DataOccupation},
	{"事業所名", jikenbo.DataOccupation}, {"事業者名", jikenbo.DataOccupation}, {"所属", jikenbo.DataOccupation},
	{"部署", jikenbo.DataOccupation}, {"役職", jikenbo.DataOccupation}, {"職名", jikenbo.DataOccupation},
	{"職種", jikenbo.DataOccupation}, {"学部", jikenbo.DataOccupation}, {"学科", jikenbo.DataOccupation},
	{"肩書", jikenbo.DataOccupation}, {"勤務地", jikenbo.DataOccupation},
	// purchase_history
	{"購入履歴", jikenbo.DataPurchaseHistory}, {"購入商品", jikenbo.DataPurchaseHistory},
	{"購入品", jikenbo.DataPurchaseHistory}, {"注文履歴", jikenbo.DataPurchaseHistory},
	{"注文内容", jikenbo.DataPurchaseHistory}, {"注文情報", jikenbo.DataPurchaseHistory},
	{"購入情報", jikenbo.DataPurchaseHistory}, {"取引履歴", jikenbo.DataPurchaseHistory},
	{"購入日", jikenbo.DataPurchaseHistory}, {"注文番号", jikenbo.DataPurchaseHistory}, {"購入金額", jikenbo.DataPurchaseHistory},
	{"利用履歴", jikenbo.DataPurchaseHistory},
	// other: kinds of personal data with no code of their own
	{"その他", jikenbo.DataOther}, {"年齢", jikenbo.DataOther}, {"学年", jikenbo.DataOther},
	{"国籍", jikenbo.DataOther}, {"成績", jikenbo.DataOther}, {"評価", jikenbo.DataOther},
	{"点数", jikenbo.DataOther}, {"素点", jikenbo.DataOther}, {"得点", jikenbo.DataOther},
	{"出欠", jikenbo.DataOther}, {"出席", jikenbo.DataOther}, {"学校", jikenbo.DataOther},
	{"在籍", jikenbo.DataOther}, {"クラス", jikenbo.DataOther}, {"税額", jikenbo.DataOther},
	{"課税", jikenbo.DataOther}, {"納税", jikenbo.DataOther}, {"所得", jikenbo.DataOther},
	{"収入", jikenbo.DataOther}, {"給与", jikenbo.DataOther}, {"賃金", jikenbo.DataOther},
	{"報酬", jikenbo.DataOther}, {"保育料", jikenbo.DataOther}, {"世帯", jikenbo.DataOther},
	{"続柄", jikenbo.DataOther}, {"家族", jikenbo.DataOther}, {"扶養", jikenbo.DataOther},
	// a bare FAX is the machine ("FAXを送信"), its number is data
	{"fax番号", jikenbo.DataOther}, {"ファクス番号", jikenbo.DataOther}, {"ファックス番号", jikenbo.DataOther},
	{"fax", ""}, {"ファクス", ""}, {"ファックス", ""},
	{"連絡先", jikenbo.DataOther}, {"顔写真", jikenbo.DataOther}, {"車両", jikenbo.DataOther},
	{"テスト結果", jikenbo.DataOther}, {"試験結果", jikenbo.DataOther}, {"テストの結果", jikenbo.DataOther}, {"入社", jikenbo.DataOther},
	{"退社", jikenbo.DataOther}, {"休暇", jikenbo.DataOther}, {"支払", jikenbo.DataOther},
	{"金額", jikenbo.DataOther}, {"gpa", jikenbo.DataOther},
	{"属性", jikenbo.DataOther}, {"端末", jikenbo.DataOther}, {"位置情報", jikenbo.DataOther},
	{"ipアドレス", jikenbo.DataOther}, {"特記事項", jikenbo.DataOther}, {"資格", jikenbo.DataOther},
	{"免許", jikenbo.DataOther}, {"メールの内容", jikenbo.DataOther},
	{"メールの本文", jikenbo.DataOther}, {"メール本文", jikenbo.DataOther}, {"メール内容", jikenbo.DataOther},
	{"アクセス情報", jikenbo.DataOther},
	{"番号", dtBareNumber},
	// generic words: they name data without saying which kind
	{"個人情報", ""}, {"個人データ", ""}, {"お客様情報", ""}, {"お客さま情報", ""}, {"顧客情報", ""},
	{"会員情報", ""}, {"利用者情報", ""}, {"登録情報", ""}, {"法人情報", ""}, {"情報", ""}, {"データ", ""},
	{"ファイル", ""}, {"一覧", ""}, {"名簿", ""}, {"リスト", ""}, {"内訳", ""}, {"種類", ""}, {"項目", ""},
	{"内容", ""}, {"概要", ""}, {"対象", ""}, {"件数", ""}, {"人数", ""},
}

// Context words.
var (
	// dtMarkers say that a sentence is about data that leaked or was
	// exposed.
	dtMarkers = []string{"情報", "項目", "内容", "漏え", "漏洩", "流出", "含ま", "含む", "含み", "記載", "記録",
		"保存", "データ", "閲覧", "窃取", "取得され", "紛失", "名簿", "一覧"}
	// dtPositive and dtNegative are the predicates after a list: the
	// first one found decides whether the list is affirmed or denied.
	dtPositive = []string{"含まれ", "含む", "含み", "含ん", "記載", "記録", "保存", "漏え", "漏洩", "流出", "閲覧",
		"窃取", "取得", "あり", "を含"}
	dtNegative = []string{"含まれておりません", "含まれていません", "含まれていない", "含まれません", "含まれず",
		"含んでいません", "含んでおりません", "含まず", "記録されていない", "記録されておりません", "記録されていません",
		"記載はない", "記載はありません", "記載はございません", "記載されていない", "記載されておりません", "記載なし",
		"保存しておりません", "保存していません", "保存していない", "保存されていない", "保存されておりません",
		"保持しておりません", "保有しておりません", "はありません", "はございません", "はなかった", "になかった",
		"ありません", "対象外", "対象ではありません", "対象ではございません", "該当しません", "漏えいしていない",
		"流出していない", "漏洩していない", "取得していない", "取得しておりません", "はない", "は無い",
		// "Xのほかに、Yが記載": X is what the document should hold
		"のほか"}
	// dtFollowers may follow an item: a case particle or a leak verb
	// (besides a count or the end of the item).
	dtFollowers = []string{"が", "を", "は", "も", "と", "や", "含", "の漏", "の流出", "の窃取", "の記載", "の表記",
		"の記録", "の情報", "の個人情報", "の有無", "の状況", "の別", "漏え", "漏洩", "流出", "件数", "です", "でした",
		"となります", ")", "」", "』", "】"}
	// dtNotItems follow a word that names a protection or a setting, not a
	// leaked kind ("パスワードを設定", "パスワードロック", "IDの変更").
	dtNotItems = []string{"を設定", "の設定", "設定", "をかけ", "を掛け", "を付", "付き", "ロック", "で保護", "による保護",
		"保護", "を変更", "の変更", "変更", "を入力", "入力", "認証", "対策", "管理"}
	// dtMeans follow, a few words on, the items that were the means of an
	// attack, not leaked data ("IDとパスワードを用いたリスト型攻撃").
	dtMeans = []string{"を用い", "を使用し", "を使っ", "を使い", "を利用し", "を悪用"}
	// dtLeakMarkers: a sentence that names a single item must say that it
	// leaked or was exposed.
	dtLeakMarkers = []string{"漏え", "漏洩", "流出", "窃取", "不正に取得", "盗", "閲覧", "含まれ", "含む", "記載され",
		"記録され", "保存され"}
	// dtNeverAlone are words that count only in a list or under a data
	// heading: alone in running text they are mostly the means of the
	// incident ("パスワードが窃取され", "アドレスを使用し", "連絡先がわかる
	// 方", "FAX番号を記載した").
	dtNeverAlone = []string{"パスワード", "暗証番号", "アドレス", "連絡先", "fax番号", "ファクス番号", "ファックス番号", "id"}
	// dtHeadingMarkers are the markers a heading above a bare list may
	// carry; a plain 情報 counts only at the heading's end ("2.流出した情報").
	dtHeadingMarkers = []string{"項目", "内容", "漏え", "漏洩", "流出", "含ま", "含む", "記載", "記録", "保存", "閲覧",
		"窃取", "対象"}
	// dtRequests mark sentences that ask the reader for data (お問い合わせ
	// forms, contact blocks) rather than report a leak.
	dtRequests = []string{"お問い合わせ先", "お問合せ先", "問い合わせ窓口", "ご記入", "お知らせください", "ご連絡ください",
		"ご確認ください", "ご入力ください"}
	// dtPersonEnds end item-like words that name people or places, not
	// data (生徒及び保護者の氏名 splits into 生徒 | 保護者の氏名).
	dtPersonEnds = []string{"者", "生", "員", "様", "さん", "児", "人", "方", "先", "社", "所", "校", "園", "院"}
	// dtOrgMarks are in every legal form (株式会社, 医療法人, (株)).
	dtOrgMarks = []string{"会社", "法人", "(株)", "(有)"}
	// brackets; 「」 and 『』 only quote an item ("「氏名」") and are read
	// as part of it
	dtOpen  = "([【〔<〈《"
	dtClose = ")]】〕>〉》"
)

var dtWords = func() *kwSet {
	w := make([]string, len(dataTypeVocab))
	for i, v := range dataTypeVocab {
		w[i] = v.word
	}
	return newKwSet(w)
}()

// dtHit is one vocabulary word found in an item.
type dtHit struct {
	span
	code string
}

// dtSeg is one item of a list: its text outside brackets, the words found
// in it, and the lists inside its brackets.
type dtSeg struct {
	span   // the item, brackets included, trimmed of spaces
	hits   []dtHit
	groups []dtGroup
}

// dtGroup is a bracket inside an item: outer includes the brackets.
type dtGroup struct{ outer, inner span }

// dtList is a parsed enumeration: a sentence or the inside of a bracket.
type dtList struct {
	span
	segs  []dtSeg
	preds []dtPred // the predicates of the list's own text, in order
}

// dtPred is a predicate word found in a list's text: whether it affirms
// (含まれ, 漏えい) or denies (含まれておりません), or a ※ note that ends the
// list's scope.
type dtPred struct {
	off  int // in the normalised text
	kind int8
}

const (
	dtAffirm int8 = iota
	dtDeny
	dtNote
	dtFact // "流出した事実は…": denies when the sentence ends in a denial
)

// dtFactWords: a leak named as a fact that is then denied or not ("ID等が
// 流出した事実は確認されておりません。").
var dtFactWords = func() []string {
	var out []string
	for _, v := range []string{"流出", "漏えい", "漏洩", "漏れ"} {
		for _, t := range []string{"した事実は", "の事実は", "した痕跡は", "の痕跡は", "した形跡は", "の形跡は", "は"} {
			out = append(out, v+t)
		}
	}
	return out
}()

var dtPredWords, dtPredKinds = func() (*kwSet, []int8) {
	var words []string
	var kinds []int8
	for _, w := range dtPositive {
		words, kinds = append(words, w), append(kinds, dtAffirm)
	}
	for _, w := range dtNegative {
		words, kinds = append(words, w), append(kinds, dtDeny)
	}
	for _, w := range dtFactWords {
		words, kinds = append(words, w), append(kinds, dtFact)
	}
	words, kinds = append(words, "※"), append(kinds, dtNote)
	return newKwSet(words), kinds
}()

// dtReader collects the codes of one release.
type dtReader struct {
	d     *doc
	found map[string]span
}

func (r *dtReader) add(code string, sp span) {
	if code == "" {
		return
	}
	if _, ok := r.found[code]; !ok {
		r.found[code] = sp
	}
}

// readDataTypes returns the data-type codes of the release in the order
// the contract lists them, each with the span of the item it came from.
func readDataTypes(d *doc) ([]string, []span) {
	r := &dtReader{d: d, found: map[string]span{}}
	// one pass for the words, then only the sentences holding one are
	// parsed as lists
	var at []int
	dtWords.each(d.low, 0, len(d.low), func(start, _, id int) {
		if dataTypeVocab[id].code != "" {
			at = append(at, start)
		}
	})
	k := 0
	for _, s := range d.sents {
		for k < len(at) && at[k] < s.start {
			k++
		}
		if k == len(at) {
			break
		}
		if at[k] >= s.end {
			continue
		}
		r.readList(s, dtContext{})
	}
	var codes []string
	var spans []span
	for _, t := range jikenbo.DataTypes {
		if sp, ok := r.found[t.Code]; ok {
			codes = append(codes, t.Code)
			spans = append(spans, sp)
		}
	}
	return codes, spans
}

// dtContext is what a list knows about where it stands.
type dtContext struct {
	owner  span // for a bracket: the item it belongs to
	inner  bool // the list is inside a bracket
	card   bool // the bracket belongs to カード情報: 番号 is the card number
	marker bool // the list around the bracket is about data
	depth  int  // brackets around the list
}

// readList parses the list in sp and adds the codes of its items.
func (r *dtReader) readList(sp span, ctx dtContext) {
	d := r.d
	text := d.low[sp.start:sp.end]
	l := r.parse(sp)
	lp := &l
	if len(l.segs) == 0 {
		return
	}

	// the words that stand as items, by segment
	type item struct {
		seg  int
		hits []dtHit
	}
	var items []item
	var coded []span
	for i, sg := range l.segs {
		// words inside an organisation's name ("株式会社テスト電話") are no
		// items
		if kwContainsAny(d.low[sg.start:sg.end], dtOrgMarks) {
			continue
		}
		var hs []dtHit
		for k, h := range sg.hits {
			if h.code == "" || !r.isItem(sg, h.span) {
				continue
			}
			if h.code == dtBareNumber {
				// "携帯電話番号" read as 携帯電話 + 番号: the number belongs
				// to the word before it
				if k > 0 && sg.hits[k-1].end == h.start {
					continue
				}
				if ctx.card {
					h.code = jikenbo.DataCardNumber
				} else {
					h.code = jikenbo.DataOther
				}
			}
			hs = append(hs, h)
			coded = append(coded, h.span)
		}
		if len(hs) > 0 {
			items = append(items, item{i, hs})
		}
	}
	if len(items) == 0 || !ctx.inner && kwContainsAny(text, dtRequests) {
		r.readGroups(l, ctx, false)
		return
	}
	r.predicates(lp)
	listed := len(items)
	for _, sg := range l.segs {
		if len(sg.hits) == 0 && r.itemLike(sg) {
			listed++
		}
	}
	bare := !ctx.inner && r.bareLine(l, listed)
	marker := r.hasMarker(sp, coded) || ctx.marker || r.counted(coded) ||
		ctx.inner && kwContainsAny(d.low[ctx.owner.start:ctx.owner.end], dtMarkers) ||
		bare && r.headingMarker(sp)
	// A single item in running text must be what leaked ("メールアドレスが
	// 流出"), not a word in passing ("FAX番号を記載した", "パスワードが窃取
	// され" of the intruded account).
	words := map[string]bool{}
	for _, it := range items {
		for _, h := range it.hits {
			words[d.low[h.start:h.end]] = true
		}
	}
	if len(words) == 1 && !bare && !ctx.inner {
		var w string
		for w = range words {
		}
		if !kwContainsAny(text, dtLeakMarkers) || kwContainsAny(w, dtNeverAlone) {
			marker = false
		}
	}
	if marker && len(items) > 0 {
		for _, it := range items {
			sg := l.segs[it.seg]
			for _, h := range it.hits {
				if r.denied(l, h.end) || r.labelled(h.span) || r.means(h.span) {
					continue
				}
				// "連絡先(電話番号及びメールアドレス)": the bracket says what
				// the umbrella word holds, the word itself adds nothing
				if h.code == jikenbo.DataOther && d.low[h.start:h.end] != "その他" && r.explained(sg, h.span) {
					continue
				}
				r.add(h.code, h.span)
			}
		}
		// items the vocabulary does not know, in a list of known ones; not
		// inside brackets, where they are mostly details of a known item
		// ("病名(心房細動、期外収縮)"), and not a word cut by the end of
		// the stored text
		if len(items) >= 2 && !ctx.inner {
			for _, sg := range l.segs {
				if len(sg.hits) == 0 && r.itemLike(sg) && !r.denied(l, sg.end) && sg.end < len(strings.TrimRight(d.low, " \n")) {
					r.add(jikenbo.DataOther, sg.span)
				}
			}
		}
	}
	r.readGroups(l, ctx, marker)
}

// readGroups reads the lists inside brackets: "クレジットカード情報(番号、
// 有効期限、カード名義)", "その他(職業等)".
func (r *dtReader) readGroups(l dtList, ctx dtContext, marker bool) {
	if ctx.depth >= 3 { // brackets in brackets in brackets hold no lists
		return
	}
	for _, sg := range l.segs {
		for _, g := range sg.groups {
			card := strings.Contains(r.d.low[sg.start:sg.end], "カード")
			r.readList(g.inner, dtContext{owner: sg.span, inner: true, card: card, marker: marker, depth: ctx.depth + 1})
		}
	}
}

// explained: a bracket right after the word lists known kinds of data.
func (r *dtReader) explained(sg dtSeg, h span) bool {
	for _, g := range sg.groups {
		if g.outer.start < h.end || g.outer.start-h.end > 3*3 {
			continue
		}
		found := false
		dtWords.each(r.d.low, g.inner.start, g.inner.end, func(_, _, id int) {
			if c := dataTypeVocab[id].code; c != "" && c != dtBareNumber {
				found = true
			}
		})
		return found
	}
	return false
}

// parse splits sp into items at list separators outside brackets, and
// finds the vocabulary words of each item outside its brackets.
func (r *dtReader) parse(sp span) dtList {
	s := r.d.low
	l := dtList{span: sp}
	segStart := sp.start
	depth := 0
	var open int
	var groups []dtGroup
	closeSeg := func(end int) {
		seg := dtSeg{span: dtTrim(s, span{segStart, end})}
		for _, g := range groups {
			if g.outer.start >= seg.start && g.outer.start < seg.end {
				seg.groups = append(seg.groups, g)
			}
		}
		groups = nil
		if seg.end <= seg.start {
			return
		}
		// words outside the brackets
		from := seg.start
		for _, g := range append(seg.groups, dtGroup{outer: span{seg.end, seg.end}}) {
			to := g.outer.start
			if to > seg.end {
				to = seg.end
			}
			if to > from {
				dtWords.each(s, from, to, func(a, b, id int) {
					seg.hits = append(seg.hits, dtHit{span{a, b}, dataTypeVocab[id].code})
				})
			}
			from = g.outer.end
		}
		l.segs = append(l.segs, seg)
	}
	for i := sp.start; i < sp.end; {
		c, size := utf8.DecodeRuneInString(s[i:sp.end])
		switch {
		case c < utf8.RuneSelf && c != '(' && c != '[' && c != '<' && c != ')' && c != ']' && c != '>' &&
			dtSeparator(s, i, sp.end) == 0:
			// plain ASCII: nothing to do
		case strings.ContainsRune(dtOpen, c):
			if depth == 0 {
				open = i
			}
			depth++
		case strings.ContainsRune(dtClose, c) && depth > 0:
			depth--
			if depth == 0 {
				_, osize := utf8.DecodeRuneInString(s[open:])
				groups = append(groups, dtGroup{outer: span{open, i + size}, inner: span{open + osize, i}})
			}
		case depth == 0:
			if n := dtSeparator(s, i, sp.end); n > 0 {
				closeSeg(i)
				segStart = i + n
				i += n
				continue
			}
		}
		i += size
	}
	if depth > 0 && sp.end-open <= 60*3 {
		// a short bracket left open by the end of the sentence ("(住所や
		// 電話番号はありません。" split at its 。) is still a bracket
		_, osize := utf8.DecodeRuneInString(s[open:])
		groups = append(groups, dtGroup{outer: span{open, sp.end}, inner: span{open + osize, sp.end}})
	}
	closeSeg(sp.end)
	return l
}

// predicates finds the predicate words of the list's own text, without
// the lists inside its brackets.
func (r *dtReader) predicates(l *dtList) {
	b := []byte(r.d.low[l.start:l.end])
	for _, sg := range l.segs {
		for _, g := range sg.groups {
			for k := g.outer.start; k < g.outer.end && k < l.end; k++ {
				b[k-l.start] = ' '
			}
		}
	}
	flat := string(b)
	dtPredWords.each(flat, 0, len(flat), func(start, _, id int) {
		l.preds = append(l.preds, dtPred{l.start + start, dtPredKinds[id]})
	})
}

// dtSeparator returns the length of a list separator at s[i:], or 0.
func dtSeparator(s string, i, end int) int {
	c, size := utf8.DecodeRuneInString(s[i:end])
	switch c {
	case '、', ',', '・', '/', '+', ';', ':', ' ', '\t', '|', '。':
		return size
	case '及', 'お', '並', 'な', '又', 'ま', 'と':
		for _, w := range []string{"及び", "および", "並びに", "ならびに", "又は", "または", "と、"} {
			if strings.HasPrefix(s[i:end], w) {
				return len(w)
			}
		}
	}
	// "住所や所得額", "氏名と生年月日": や and と between two nouns
	if (c == 'や' || c == 'と') && i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+size : end])
		if !isHiragana(prev) && !isHiragana(next) && prev != '、' {
			return size
		}
	}
	return 0
}

// dtTrim trims an item of spaces, bullets, numbering and trailing 等/など.
func dtTrim(s string, sp span) span {
	for sp.start < sp.end {
		c, size := utf8.DecodeRuneInString(s[sp.start:sp.end])
		if c == ' ' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '*' || strings.ContainsRune("・•●○◆◇■□▪※➀➁➂➃➄➅➆➇➈➉-)", c) {
			sp.start += size
			continue
		}
		break
	}
	for sp.end > sp.start {
		t := s[sp.start:sp.end]
		cut := false
		for _, w := range []string{" ", "等", "など", "の一部", "一部", "。"} {
			if strings.HasSuffix(t, w) && len(t) > len(w) {
				sp.end -= len(w)
				cut = true
				break
			}
		}
		if !cut {
			break
		}
	}
	return sp
}

// isItem: the word ends a noun that is an item of the list - the noun
// runs to the end of its segment ("保護者の氏名"), or is followed by a case
// particle, a count or 等 ("メールアドレスが流出", "メールアドレス 49件",
// "治療方針などが記録"), not by more words of a clause ("パスワード改ざん",
// "メールアドレスの変更", "担当部署にて調査").
func (r *dtReader) isItem(sg dtSeg, h span) bool {
	s := r.d.low
	j := h.end
	for j < sg.end {
		if r.groupAt(sg, j) != nil {
			break
		}
		c, size := utf8.DecodeRuneInString(s[j:sg.end])
		if isHiragana(c) || c == '等' || c == ' ' || c >= '0' && c <= '9' {
			break
		}
		j += size
		if j-h.end > 3*3 { // a long compound is something else (医学部附属病院)
			return false
		}
	}
	if kwHasAnyPrefix(s[h.end:sg.end], dtNotItems) {
		return false
	}
	// brackets right after the noun: "クレジットカード情報(2,162件)が",
	// "その他(職業等)(*1)"
	for g := r.groupAt(sg, j); g != nil; g = r.groupAt(sg, j) {
		j = g.outer.end
	}
	if j > sg.end {
		j = sg.end
	}
	rest := strings.TrimLeft(s[j:sg.end], " ")
	for _, w := range []string{"等", "など", "の一部"} {
		rest = strings.TrimPrefix(rest, w)
	}
	rest = strings.TrimLeft(rest, " ")
	if rest == "" || r.nounPhrase(sg) {
		return true
	}
	if c := rest[0]; c >= '0' && c <= '9' {
		return true
	}
	return kwHasAnyPrefix(rest, dtFollowers)
}

// nounPhrase: the item is nouns joined by の only ("腹腔鏡手術の録画映像",
// "本件サイトのログインパスワード"), so every word in it is part of the item.
func (r *dtReader) nounPhrase(sg dtSeg) bool {
	t := r.d.low[sg.start:sg.end]
	if len(t) > 20*3 || utf8.RuneCountInString(t) > 20 {
		return false
	}
	for _, c := range t {
		if isHiragana(c) && c != 'の' {
			return false
		}
	}
	return true
}

// groupAt returns the bracket of sg that opens at off, or nil.
func (r *dtReader) groupAt(sg dtSeg, off int) *dtGroup {
	for k := range sg.groups {
		if sg.groups[k].outer.start == off {
			return &sg.groups[k]
		}
	}
	return nil
}

// hasMarker: the text in sp says it is about data, with a marker word that
// is not part of an item itself (the 内容 of "メールの内容" does not count).
func (r *dtReader) hasMarker(sp span, items []span) bool {
	t := r.d.low[sp.start:sp.end]
	for _, m := range dtMarkers {
		for k := 0; ; {
			i := strings.Index(t[k:], m)
			if i < 0 {
				break
			}
			at := span{sp.start + k + i, sp.start + k + i + len(m)}
			inside := false
			for _, it := range items {
				if at.start < it.end && it.start < at.end {
					inside = true
					break
				}
			}
			if !inside {
				return true
			}
			k += i + len(m)
		}
	}
	return false
}

// denied: the first predicate after the item (up to a ※ note) denies it
// ("住所や生年月日のような情報は含まれておりません").
func (r *dtReader) denied(l dtList, from int) bool {
	k := sort.Search(len(l.preds), func(i int) bool { return l.preds[i].off >= from })
	for _, p := range l.preds[k:] {
		if p.kind == dtNote && p.off == from {
			continue
		}
		if p.kind == dtFact {
			// denied when the sentence ends in a denial, not when it goes
			// on to a concession ("…確認されておりませんが、可能性は否定で
			// きません")
			rest := r.d.low[p.off:l.end]
			return kwContainsAny(rest, []string{"ません", "ない", "なし", "ず。"}) &&
				!kwContainsAny(rest, []string{"が、", "ものの", "けれど", "可能性", "おそれ", "恐れ"})
		}
		return p.kind == dtDeny
	}
	return false
}

// means: the item and the ones joined to it were used in the attack.
func (r *dtReader) means(h span) bool {
	s := r.d.low
	end := kwRuneStart(s, min(len(s), h.end+12*3))
	return kwContainsAny(s[h.end:end], dtMeans)
}

// labelled: the word is a label followed by its value, as in a contact
// block or a form ("電話番号:03-1234-5678", "パスワード:〇〇〇〇"), not a
// leaked kind. A count after the colon ("携帯電話番号:2人分") is no value.
func (r *dtReader) labelled(h span) bool {
	s := r.d.low
	i := h.end
	for i < len(s) && s[i] == ' ' {
		i++
	}
	colon := i < len(s) && s[i] == ':'
	if colon {
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	if strings.HasPrefix(s[i:], "〒") {
		return true
	}
	j := i
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ',') {
		j++
	}
	if j > i {
		// digits: a phone or postal number is a value, a count is not
		if j < len(s) && (s[j] == '-' || s[j] == '(' || s[j] == ')') {
			return true
		}
		return j-i >= 6 && !strings.Contains(s[i:j], ",")
	}
	return colon
}

// itemLike: an unknown item that reads as a kind of data (学年, 国籍,
// 年税額): a short noun, not a person (生徒, 保護者), not a number or a
// phrase with particles.
func (r *dtReader) itemLike(sg dtSeg) bool {
	t := r.d.low[sg.start:sg.end]
	n := utf8.RuneCountInString(t)
	if n < 2 || n > 10 || len(sg.groups) > 0 {
		return false
	}
	digits := 0
	for _, c := range t {
		if isHiragana(c) {
			return false
		}
		if c >= '0' && c <= '9' {
			digits++
		}
		if strings.ContainsRune("年月日件名円分人枚通個回歳", c) {
			return false
		}
	}
	if digits > 0 {
		return false
	}
	return !kwHasAnySuffix(t, dtPersonEnds)
}

// bareLine: the list is a whole line made mostly of items, such as a
// bullet ("• 氏名"), a table row ("会員の情報 氏名、生年月日、住所") or a
// count ("メールアドレス 115件"), not a sentence of running text. Counts
// and numbering do not count either way.
func (r *dtReader) bareLine(l dtList, items int) bool {
	ln := r.d.lines[r.d.lineOf(l.start)]
	if strings.TrimSpace(r.d.low[l.start:l.end]) != strings.TrimSpace(r.d.low[ln.start:ln.end]) {
		return false
	}
	if utf8.RuneCountInString(r.d.low[l.start:l.end]) > 200 {
		return false
	}
	// running text, not a list; "付与されたメールアドレス" is an item, so
	// only a sentence's ending counts
	if kwContainsAny(r.d.low[l.start:l.end], []string{"ました", "ます", "です", "でした", "された。", "ている。", "ています"}) {
		return false
	}
	n := 0
	for _, sg := range l.segs {
		if len(sg.hits) == 0 && r.filler(sg) {
			continue
		}
		n++
	}
	return n > 0 && 2*items >= n
}

// counted: an item is followed by a count of records ("メールアドレス
// 1,234件", "氏名(120名分)"), which says it is the affected data.
func (r *dtReader) counted(items []span) bool {
	s := r.d.low
	for _, h := range items {
		t := strings.TrimLeft(s[h.end:min(len(s), h.end+40)], " (:")
		j := 0
		for j < len(t) && (t[j] >= '0' && t[j] <= '9' || t[j] == ',') {
			j++
		}
		if j > 0 && kwHasAnyPrefix(t[j:], []string{"件", "名", "人"}) {
			return true
		}
	}
	return false
}

// filler: a segment that is only a count or a number ("5", "名分", "89件").
func (r *dtReader) filler(sg dtSeg) bool {
	t := r.d.low[sg.start:sg.end]
	for _, g := range sg.groups {
		t = strings.Replace(t, r.d.low[g.outer.start:g.outer.end], "", 1)
	}
	if utf8.RuneCountInString(t) <= 1 {
		return true
	}
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c == ',' || strings.ContainsRune("件名人分枚通個約計全", c)) {
			return false
		}
	}
	return true
}

// headingMarker: a heading above the list names the data ("漏えいした可能性
// のある情報は以下のとおりです", "2.流出した情報"). The walk goes up over
// the list's other item lines (bullets) and looks at three lines more.
func (r *dtReader) headingMarker(sp span) bool {
	k := r.d.lineOf(sp.start)
	seen := 0
	for j := k - 1; j >= 0 && j >= k-15 && seen < 3; j-- {
		l := r.d.lines[j]
		t := strings.TrimSpace(r.d.low[l.start:l.end])
		if t == "" {
			continue
		}
		if kwContainsAny(t, dtHeadingMarkers) {
			return true
		}
		h := strings.TrimRight(t, ": ")
		if kwHasAnySuffix(h, []string{"情報", "データ"}) {
			return true
		}
		if !r.itemLine(l) {
			seen++
		}
	}
	return false
}

// itemLine: a short line holding a data word, such as a bullet of the
// same list.
func (r *dtReader) itemLine(l line) bool {
	if l.end-l.start > 30*3 && utf8.RuneCountInString(r.d.low[l.start:l.end]) > 30 {
		return false
	}
	found := false
	dtWords.each(r.d.low, l.start, l.end, func(_, _, id int) {
		if dataTypeVocab[id].code != "" {
			found = true
		}
	})
	return found
}

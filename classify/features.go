package classify

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo/extract"
)

// A cue is a family of wordings that count as one feature. Whether a cue
// argues for or against an incident notice, and how much, is not written
// here: the weights are fitted on the labelled set (fit.go). Forms are
// matched on the NFKC-normalised text.
type cue struct {
	name  string
	forms []string
}

// bodyCues are read anywhere in the title and text ("cue:NAME").
var bodyCues = []cue{
	{"不正アクセス", []string{"不正アクセス", "不正ログイン", "不正に侵入", "侵入され"}},
	{"漏えい", []string{"漏えい", "漏洩", "流出", "漏れ"}},
	{"可能性", []string{"可能性"}},
	{"判明", []string{"判明", "確認いたしました", "確認されました", "発覚"}},
	{"お詫び", []string{"お詫び", "おわび", "謝罪", "ご迷惑", "ご心配"}},
	{"個人情報", []string{"個人情報", "お客様情報", "会員情報", "顧客情報"}},
	{"カード情報", []string{"クレジットカード情報", "カード番号", "セキュリティコード"}},
	{"ランサムウェア", []string{"ランサムウェア", "身代金", "暗号化され"}},
	{"攻撃", []string{"サイバー攻撃", "攻撃を受け", "標的型"}},
	{"マルウェア", []string{"マルウェア", "ウイルス", "ウィルス", "Emotet", "エモテット"}},
	{"第三者", []string{"第三者"}},
	{"警察", []string{"警察", "被害届"}},
	{"個人情報保護委員会", []string{"個人情報保護委員会", "所管官庁", "監督官庁"}},
	{"調査", []string{"調査", "フォレンジック"}},
	{"再発防止", []string{"再発防止", "再発の防止"}},
	{"誤送信", []string{"誤送信", "誤送付", "誤配", "誤って送", "誤って", "BCC", "Bcc"}},
	{"紛失", []string{"紛失", "盗難", "置き忘れ", "所在不明"}},
	{"被害", []string{"被害", "悪用", "二次被害"}},
	{"閲覧可能", []string{"閲覧できる状態", "閲覧可能", "アクセスできる状態", "公開状態"}},
	{"不審", []string{"不審なメール", "不審な", "なりすまし", "偽サイト", "偽のサイト", "フィッシング"}},
	{"当社と無関係", []string{"一切関係", "関係ございません", "関係ありません", "当社とは無関係"}},
	{"ご注意", []string{"ご注意", "注意喚起", "ご注意ください", "アクセスしないで", "開かないで", "入力しないで"}},
	{"障害", []string{"障害", "不具合", "つながりにくい", "繋がりにくい"}},
	{"メンテナンス", []string{"メンテナンス", "保守作業", "サービス停止", "一時停止", "停止いたします"}},
	{"復旧", []string{"復旧"}},
	{"遅延", []string{"遅延", "遅れ", "お届けが", "配送"}},
	{"回収", []string{"自主回収", "回収", "リコール", "交換", "返金"}},
	{"新製品", []string{"新製品", "発売", "新商品", "リリース", "提供開始", "販売開始", "新サービス"}},
	{"セミナー", []string{"セミナー", "ウェビナー", "開催", "参加費", "お申し込み", "申込"}},
	{"決算", []string{"決算", "業績", "株主", "配当", "売上高", "営業利益", "IR"}},
	{"人事", []string{"人事", "異動", "就任", "退任", "役員", "選任"}},
	{"価格改定", []string{"価格改定", "値上げ", "改定", "料金"}},
	{"解説", []string{"コラム", "解説", "ポイント", "とは", "ご紹介", "手口"}},
	{"連絡", []string{"個別にご連絡", "ご連絡", "お問い合わせ窓口", "専用窓口", "コールセンター"}},
}

// titleCues are read in the title only ("title:NAME").
var titleCues = []cue{
	{"お詫び", []string{"お詫び", "おわび"}},
	{"お知らせ", []string{"お知らせ", "ご報告", "ご案内"}},
	{"について", []string{"について"}},
	{"漏えい", []string{"漏えい", "漏洩", "流出"}},
	{"不正アクセス", []string{"不正アクセス", "不正ログイン"}},
	{"個人情報", []string{"個人情報", "お客様情報"}},
	{"ご注意", []string{"ご注意", "注意喚起"}},
	{"障害", []string{"障害", "不具合"}},
	{"報", []string{"第1報", "第2報", "第3報", "続報", "最終報", "調査結果"}},
}

// headline is the casebook's own tag (【セキュリティ事件簿#2024-244】), which an
// organisation's release never carries; it is dropped so that the model
// judges the release, not the editor's filing of it.
var headline = regexp.MustCompile(`【セキュリティ事件簿#\d{4}-\d+】\s*`)

var numberedCount = regexp.MustCompile(`\d[\d,]*\s*(件|名|人)`)

// Features returns the features of a document, each with value 1 (they are
// present or absent). title may be empty; the first line of text then
// serves as the title.
func Features(title, text string) []string {
	text = headline.ReplaceAllString(text, "")
	title = headline.ReplaceAllString(title, "")
	if strings.TrimSpace(title) == "" {
		title = firstLine(text)
	}
	doc := text
	if !strings.Contains(text, strings.TrimSpace(title)) {
		doc = title + "\n" + text
	}
	ntitle := norm.NFKC.String(title)
	ndoc := norm.NFKC.String(doc)

	var fs []string
	add := func(f string) { fs = append(fs, f) }

	facts := extract.Extract(doc)
	for _, c := range facts.Categories {
		add("fact:category:" + c)
	}
	if len(facts.Categories) > 0 {
		add("fact:category")
	}
	if facts.AffectedPersons != nil {
		add("fact:affected_persons")
	}
	if facts.AffectedCards != nil {
		add("fact:affected_cards")
	}
	switch n := len(facts.DataTypes); {
	case n >= 3:
		add("fact:data_types>=3")
		fallthrough
	case n >= 1:
		add("fact:data_types")
	}
	if facts.Status != "" {
		add("fact:status:" + string(facts.Status))
	}
	if !facts.Detected.IsZero() {
		add("fact:detected")
	}
	if facts.ThirdParty {
		add("fact:third_party")
	}
	if facts.Organization != "" {
		add("fact:organization")
	}

	for _, c := range bodyCues {
		if containsAny(ndoc, c.forms) {
			add("cue:" + c.name)
		}
	}
	if numberedCount.MatchString(ndoc) {
		add("cue:数字の件数")
	}
	for _, c := range titleCues {
		if containsAny(ntitle, c.forms) {
			add("title:" + c.name)
		}
	}
	if r := []rune(strings.TrimSpace(ntitle)); len(r) > 30 {
		add("title:長い")
	}
	if n := len([]rune(ndoc)); n < 400 {
		add("shape:短文")
	} else if n > 1500 {
		add("shape:長文")
	}
	return fs
}

func containsAny(s string, forms []string) bool {
	for _, f := range forms {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

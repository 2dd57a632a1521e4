package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// Category rules: what happened. Every rule is a keyword of the vocabulary
// below, found in d.low in one pass. An occurrence counts unless its
// clause names the keyword as something to guard against, the sentence
// advises readers or defines the term, or the keyword is the topic of a
// denial (catNegated); some keywords also need a named condition
// (catRule.when), and the same keyword may stand for several codes, each
// with its own condition (誤って…送信 / 誤って…公開 / 誤って廃棄). A few
// rules look at the whole text after the keywords (readCategories: card
// leaks, disciplinary leaks, Emotet mails, ransomware over malware, other).
// The first occurrence that counts is the evidence of its code.
//
// Keywords are written as they appear in d.low: NFKC, ASCII lower case.

// catRule is one keyword of the category vocabulary.
type catRule struct {
	word string
	code string
	// when, if set, must hold for the occurrence to count.
	when func(c *catCtx, h span) bool
}

var categoryVocab = []catRule{
	// 不正アクセス: intrusion into a server, account or system.
	{"不正アクセス", jikenbo.CatUnauthorizedAccess, nil},
	{"不正なアクセス", jikenbo.CatUnauthorizedAccess, nil},
	{"不正にアクセス", jikenbo.CatUnauthorizedAccess, nil},
	{"不正ログイン", jikenbo.CatUnauthorizedAccess, nil},
	{"不正にログイン", jikenbo.CatUnauthorizedAccess, nil},
	{"なりすましログイン", jikenbo.CatUnauthorizedAccess, nil},
	{"リスト型攻撃", jikenbo.CatUnauthorizedAccess, nil},
	{"パスワードリスト攻撃", jikenbo.CatUnauthorizedAccess, nil},
	{"ブルートフォース", jikenbo.CatUnauthorizedAccess, nil},
	{"総当たり攻撃", jikenbo.CatUnauthorizedAccess, nil},
	{"不正侵入", jikenbo.CatUnauthorizedAccess, nil},
	{"不正な侵入", jikenbo.CatUnauthorizedAccess, nil},
	{"不正に侵入", jikenbo.CatUnauthorizedAccess, nil},
	{"侵入被害", jikenbo.CatUnauthorizedAccess, nil},
	{"侵入され", jikenbo.CatUnauthorizedAccess, nil},
	{"侵入を受け", jikenbo.CatUnauthorizedAccess, nil},
	{"への侵入", jikenbo.CatUnauthorizedAccess, nil},
	{"乗っ取", jikenbo.CatUnauthorizedAccess, nil},
	{"sqlインジェクション", jikenbo.CatUnauthorizedAccess, nil},
	// "アカウントが第三者に不正利用され": an account used by an intruder. The
	// same words also describe card fraud after a leak, hence the
	// condition that the sentence is about an account or a server.
	{"不正利用され", jikenbo.CatUnauthorizedAccess, aboutAccount},
	{"不正に利用され", jikenbo.CatUnauthorizedAccess, aboutAccount},
	{"不正に使用され", jikenbo.CatUnauthorizedAccess, aboutAccount},
	{"パスワードが窃取", jikenbo.CatUnauthorizedAccess, nil},
	{"認証情報が不正に窃取", jikenbo.CatUnauthorizedAccess, nil},

	// 脆弱性: a software weakness that was exploited. "パスワードの脆弱性"
	// is a weak password (NOTES 029), and 脆弱性診断/対策 are measures.
	{"脆弱性", jikenbo.CatVulnerability, notWeakPassword},
	{"ゼロデイ", jikenbo.CatVulnerability, nil},
	{"セキュリティホール", jikenbo.CatVulnerability, nil},
	// an injection attack exploits a flaw of the application by definition
	{"sqlインジェクション", jikenbo.CatVulnerability, nil},
	{"クロスサイトスクリプティング", jikenbo.CatVulnerability, nil},

	// ランサムウェア, also spelled ランサムウエア or ランサム攻撃.
	{"ランサム", jikenbo.CatRansomware, nil},
	{"lockbit", jikenbo.CatRansomware, nil},
	{"身代金要求型", jikenbo.CatRansomware, nil},
	// files encrypted by an attacker; encryption as a protection
	// (暗号化処理が施された, 暗号化して保存) is not the incident.
	{"暗号化され", jikenbo.CatRansomware, encryptedByAttack},

	// マルウェア (ransomware excluded afterwards, see readCategories).
	{"マルウェア", jikenbo.CatMalware, nil},
	{"マルウエア", jikenbo.CatMalware, nil},
	{"emotet", jikenbo.CatMalware, nil},
	{"エモテット", jikenbo.CatMalware, nil},
	{"トロイの木馬", jikenbo.CatMalware, nil},
	{"スパイウェア", jikenbo.CatMalware, nil},
	{"キーロガー", jikenbo.CatMalware, nil},
	{"バックドア", jikenbo.CatMalware, nil},
	{"不正プログラム", jikenbo.CatMalware, nil},
	{"ウイルス", jikenbo.CatMalware, virusInfection},
	{"ウィルス", jikenbo.CatMalware, virusInfection},

	// 決済情報窃取: the shop's payment page or application was altered.
	// Card data leaking after an intrusion is added in readCategories.
	{"ペイメントアプリケーション", jikenbo.CatWebSkimming, nil},
	{"決済画面", jikenbo.CatWebSkimming, tampered},
	{"決済フォーム", jikenbo.CatWebSkimming, tampered},
	{"カード情報入力", jikenbo.CatWebSkimming, tampered},
	{"カード情報の窃取", jikenbo.CatWebSkimming, nil},
	{"カード情報を窃取", jikenbo.CatWebSkimming, nil},
	{"スキミング", jikenbo.CatWebSkimming, nil},

	// フィッシング・なりすまし: mails or sites pretending to be someone.
	{"フィッシング", jikenbo.CatPhishing, nil},
	{"なりすまし", jikenbo.CatPhishing, nil},
	{"成りすまし", jikenbo.CatPhishing, nil},
	{"を装った", jikenbo.CatPhishing, nil},
	{"を装う", jikenbo.CatPhishing, nil},
	{"を騙る", jikenbo.CatPhishing, nil},
	{"をかたる", jikenbo.CatPhishing, nil},
	{"偽サイト", jikenbo.CatPhishing, nil},
	{"偽のサイト", jikenbo.CatPhishing, nil},
	{"偽メール", jikenbo.CatPhishing, nil},
	{"偽のログイン", jikenbo.CatPhishing, nil},
	{"偽のページ", jikenbo.CatPhishing, nil},
	{"偽ページ", jikenbo.CatPhishing, nil},
	{"偽のメール", jikenbo.CatPhishing, nil},
	{"サポート詐欺", jikenbo.CatPhishing, nil},
	{"偽の警告", jikenbo.CatPhishing, nil},
	// a support scam: a fake security warning telling the user to call
	// (NOTES 024: phishing + unauthorized_access).
	{"セキュリティ警告", jikenbo.CatPhishing, warningWithCall},

	// 誤送信・誤送付.
	{"誤送信", jikenbo.CatMisdelivery, nil},
	{"誤送付", jikenbo.CatMisdelivery, nil},
	{"誤配送", jikenbo.CatMisdelivery, nil},
	{"誤配布", jikenbo.CatMisdelivery, nil},
	{"誤配信", jikenbo.CatMisdelivery, nil},
	{"誤発送", jikenbo.CatMisdelivery, nil},
	{"誤郵送", jikenbo.CatMisdelivery, nil},
	{"誤交付", jikenbo.CatMisdelivery, nil},
	{"誤添付", jikenbo.CatMisdelivery, nil},
	{"誤封入", jikenbo.CatMisdelivery, nil},
	{"誤転送", jikenbo.CatMisdelivery, nil},
	// "BCCで送信すべきところTOで": the addresses were shown to everyone.
	{"bcc", jikenbo.CatMisdelivery, bccMistake},
	// "メールアドレスが表示される形で一斉送信"
	{"表示される形で", jikenbo.CatMisdelivery, addressesShown},
	// 誤って / 誤り followed by sending words (and not by publishing words,
	// which make it misconfiguration instead).
	{"誤って", jikenbo.CatMisdelivery, mistakeSends},
	{"誤り", jikenbo.CatMisdelivery, mistakeSends},
	{"取り違え", jikenbo.CatMisdelivery, mistakeSends},
	{"間違", jikenbo.CatMisdelivery, mistakeSends},
	// mails forwarded to a mistyped address (転送先の設定ミス)
	{"転送", jikenbo.CatMisdelivery, withMistake},

	// 設定ミス・誤公開: data left viewable by a setting or a wrong upload.
	{"閲覧", jikenbo.CatMisconfiguration, viewableState},
	{"公開設定", jikenbo.CatMisconfiguration, nil},
	{"共有設定", jikenbo.CatMisconfiguration, nil},
	{"アクセス制限の不備", jikenbo.CatMisconfiguration, nil},
	{"アクセス権限の設定", jikenbo.CatMisconfiguration, nil},
	{"設定ミス", jikenbo.CatMisconfiguration, nil},
	{"設定誤り", jikenbo.CatMisconfiguration, nil},
	{"設定の誤り", jikenbo.CatMisconfiguration, nil},
	{"設定に誤り", jikenbo.CatMisconfiguration, nil},
	{"設定の不備", jikenbo.CatMisconfiguration, nil},
	{"設定に不備", jikenbo.CatMisconfiguration, nil},
	{"設定不備", jikenbo.CatMisconfiguration, nil},
	{"誤公開", jikenbo.CatMisconfiguration, nil},
	{"誤掲載", jikenbo.CatMisconfiguration, nil},
	{"誤って", jikenbo.CatMisconfiguration, mistakePublishes},
	{"秘匿処理", jikenbo.CatMisconfiguration, insufficient},
	{"マスキング", jikenbo.CatMisconfiguration, insufficient},
	{"黒塗り", jikenbo.CatMisconfiguration, insufficient},
	// a release bug that shows one user another user's data or session
	{"不具合", jikenbo.CatMisconfiguration, otherUsersShown},

	// 紛失・盗難.
	{"紛失", jikenbo.CatLossTheft, nil},
	{"置き忘れ", jikenbo.CatLossTheft, nil},
	{"置忘れ", jikenbo.CatLossTheft, nil},
	{"盗難", jikenbo.CatLossTheft, nil},
	// passwords and data are "stolen" too: only things count
	{"盗まれ", jikenbo.CatLossTheft, physicalThing},
	{"車上荒らし", jikenbo.CatLossTheft, nil},
	{"車上狙い", jikenbo.CatLossTheft, nil},
	{"車上ねらい", jikenbo.CatLossTheft, nil},
	{"ひったくり", jikenbo.CatLossTheft, nil},
	{"空き巣", jikenbo.CatLossTheft, nil},
	{"所在不明", jikenbo.CatLossTheft, nil},
	{"遺失", jikenbo.CatLossTheft, nil},
	{"滅失", jikenbo.CatLossTheft, nil},
	{"誤廃棄", jikenbo.CatLossTheft, nil},
	{"置き引き", jikenbo.CatLossTheft, nil},
	// documents destroyed by mistake are lost (NOTES 041)
	{"誤って", jikenbo.CatLossTheft, mistakeDiscards},

	// 内部不正: staff (or former staff) taking data out on purpose.
	{"内部不正", jikenbo.CatInsider, nil},
	{"不正持ち出し", jikenbo.CatInsider, nil},
	{"不正に持ち出", jikenbo.CatInsider, nil},
	{"無断で持ち出", jikenbo.CatInsider, nil},
	{"無断持ち出", jikenbo.CatInsider, nil},
	{"持ち出", jikenbo.CatInsider, takenByStaff},
	{"持ち去", jikenbo.CatInsider, takenByStaff},
	{"不正に取得", jikenbo.CatInsider, byStaff},
	{"不正取得", jikenbo.CatInsider, byStaff},
	{"元職員", jikenbo.CatInsider, formerStaffDeed},
	{"元社員", jikenbo.CatInsider, formerStaffDeed},
	{"元従業員", jikenbo.CatInsider, formerStaffDeed},
	{"退職者", jikenbo.CatInsider, formerStaffDeed},

	// 目的外利用: looking up or collecting data without a duty reason.
	{"目的外", jikenbo.CatMisuse, lookedUp},
	{"私的な理由", jikenbo.CatMisuse, lookedUp},
	{"私的な目的", jikenbo.CatMisuse, lookedUp},
	{"私的に", jikenbo.CatMisuse, lookedUp},
	{"業務に関係", jikenbo.CatMisuse, lookedUp},
	{"業務と関係", jikenbo.CatMisuse, lookedUp},
	{"業務上の必要", jikenbo.CatMisuse, lookedUp},
	{"業務外", jikenbo.CatMisuse, lookedUp},
	{"興味本位", jikenbo.CatMisuse, lookedUp},
	{"盗み見", jikenbo.CatMisuse, nil},
	{"のぞき見", jikenbo.CatMisuse, nil},
	{"覗き見", jikenbo.CatMisuse, nil},
	{"みだりに閲覧", jikenbo.CatMisuse, nil},
	{"不正に閲覧", jikenbo.CatMisuse, nil},
	{"無断で閲覧", jikenbo.CatMisuse, nil},
	{"無断で照会", jikenbo.CatMisuse, nil},

	// サービス妨害.
	{"ddos", jikenbo.CatDDoS, nil},
	{"dos攻撃", jikenbo.CatDDoS, nil},
	{"サービス妨害", jikenbo.CatDDoS, nil},
	{"サービス不能攻撃", jikenbo.CatDDoS, nil},
	{"サービス停止攻撃", jikenbo.CatDDoS, nil},
	{"負荷攻撃", jikenbo.CatDDoS, nil},
	// a flood of traffic that the text calls hostile, or that an attack
	// caused: a service-denial attack told without its name
	{"不正トラフィック", jikenbo.CatDDoS, nil},
	{"不正な通信が大量", jikenbo.CatDDoS, nil},
	{"大量の不正な通信", jikenbo.CatDDoS, nil},
	{"トラフィックが集中", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックの集中", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックの上昇", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックが上昇", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックが急増", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックの急増", jikenbo.CatDDoS, floodByAttack},
	{"トラフィックが増大", jikenbo.CatDDoS, floodByAttack},
	{"大量の通信が", jikenbo.CatDDoS, floodByAttack},
	{"大量のパケット", jikenbo.CatDDoS, floodByAttack},
	{"大量のリクエスト", jikenbo.CatDDoS, floodByAttack},
}

// floodByAttack: a surge of traffic counts as a service-denial attack only
// when the text speaks of an attack; a rush of legitimate visitors does
// not.
func floodByAttack(c *catCtx, _ span) bool {
	return strings.Contains(c.d.norm, "攻撃")
}

// Words of the named conditions.
var (
	// catPrevention: the keyword is named as something to prevent or check
	// for (不正アクセスの防止, ランサムウェア対策, 脆弱性診断, 不正アクセスの有無).
	catPrevention = []string{"の防止", "を防", "防止", "対策", "が起こらない", "が起きない", "されないよう",
		"を受けないよう", "を未然", "の予防", "に備え", "の有無", "状況等の調査", "診断", "検査", "を検知する",
		"に関する情報", "に関する注意"}
	// catGuarding and catEvent: a clause that guards against a threat
	// without reporting that it happened.
	catGuarding = []string{"への対策", "の対策", "対策として", "対策を", "を防ぐ", "を防止", "の防止", "に備え",
		"の予防", "を未然"}
	catEvent = []string{"受け", "感染し", "感染した", "被害", "発生", "判明", "確認し", "確認され", "遭", "され"}
	// catAdvice: the sentence advises readers or defines a term
	// ("なりすましメールにご注意ください", "Emotetとは", "いわゆる…と呼ばれる").
	catAdvice = []string{"ご注意", "お気をつけ", "お気を付け", "可能性がございます", "可能性もございます",
		"可能性がありますので", "お控え", "と呼ばれる", "いわゆる", "とは、", "」とは", "したりする", "させたり",
		"を狙う"}
	// catDenial: what follows "X は" / "X の事実は" denies it.
	catDenial = []string{"確認されておりません", "確認されていません", "確認されていない", "確認できておりません",
		"確認できていません", "ではありません", "ではございません", "ありません", "ございません", "認められません",
		"認められない", "見当たりません", "発生しておりません", "発生していません", "受けておりません", "受けていません",
		"確認されません", "確認されず", "確認できません", "確認できず", "見つかりません", "見つからなかった",
		"なかった", "ない", "なし", "無し"}
	// catStaff: the actor is the publisher's own (or former) staff.
	catStaff = []string{"職員", "社員", "従業員", "元職員", "元社員", "退職", "教員", "教諭"}
	// catLeakDeed: what a former employee did with the data.
	catLeakDeed = []string{"持ち出", "持ち去", "不正", "漏えい", "漏洩", "流出", "取得", "売却", "提供"}
	// catLookup: acts of looking data up or collecting it.
	catLookup = []string{"閲覧", "収集", "照会", "検索", "参照", "取得", "のぞ", "盗み見", "見て", "見た", "持ち出", "利用"}
	// catSending: words of sending something to someone.
	catSending = []string{"送信", "送付", "添付", "発送", "郵送", "配布", "配信", "封入", "fax", "ファクス",
		"ファックス", "転送", "宛先", "あて先", "送り先", "送付先", "交付", "手渡", "投函"}
	// catPublishing: words of putting something up for viewing.
	catPublishing = []string{"公開", "掲載", "アップロード", "閲覧"}
	// catViewable: the state of being open to view.
	catViewable = []string{"可能な状態", "できる状態", "できてしまう", "可能となっ", "可能になっ", "可能状態",
		"できる状況", "可能な状況", "可能となる", "できるようになって", "・ダウンロードできる"}
)

// catCtx gives the rules access to the text and its sentences.
type catCtx struct {
	d *doc
}

func (c *catCtx) sentence(off int) span { return c.d.sentenceAt(off) }

// after returns the rest of h's sentence, at most max bytes.
func (c *catCtx) after(h span, max int) string {
	s := c.sentence(h.start)
	end := s.end
	if end > h.end+max {
		end = kwRuneStart(c.d.low, h.end+max)
	}
	if end < h.end {
		return ""
	}
	return c.d.low[h.end:end]
}

// before returns the start of h's sentence up to h, at most max bytes.
func (c *catCtx) before(h span, max int) string {
	s := c.sentence(h.start)
	start := s.start
	if max > catReach {
		max = catReach
	}
	if start < h.start-max {
		start = kwRuneStart(c.d.low, h.start-max)
	}
	return c.d.low[start:h.start]
}

// sentenceText returns the sentence holding off, at most catReach bytes
// on either side of it, so that a text without sentence ends is still read
// in linear time.
func (c *catCtx) sentenceText(off int) string {
	s := c.sentence(off)
	if s.start < off-catReach {
		s.start = kwRuneStart(c.d.low, off-catReach)
	}
	if s.end > off+catReach {
		s.end = kwRuneStart(c.d.low, off+catReach)
	}
	return c.d.low[s.start:s.end]
}

const catReach = 600

// clause returns the text after h up to the next 、 or sentence end.
func (c *catCtx) clause(h span) string {
	rest := c.after(h, 240)
	if k := strings.Index(rest, "、"); k >= 0 {
		rest = rest[:k]
	}
	return rest
}

// catNegated: the occurrence is not a report of the incident. Either the
// keyword is named as something to prevent or look for, the sentence
// advises readers or defines the term, or the keyword is the topic of a
// denial ("なりすましメールは確認されておりません").
func catNegated(c *catCtx, h span) bool {
	cl := c.clause(h)
	for _, w := range catPrevention {
		if strings.HasPrefix(skipNoun(cl, 8), w) || strings.HasPrefix(cl, w) {
			return true
		}
	}
	// "ランサムウェア等のサイバー攻撃への対策として": named as a threat to
	// guard against, in a clause that reports no event
	if kwContainsAny(cl, catGuarding) && !kwContainsAny(cl, catEvent) {
		return true
	}
	if kwContainsAny(c.sentenceText(h.start), catAdvice) {
		return true
	}
	// topic + denial: "X(メール)は確認されておりません", "Xの事実はありません",
	// "当社を装ったなりすましメールは確認されておりません"
	if k := strings.Index(cl, "は"); k >= 0 && k <= 12*3 && kwHasAnyPrefix(cl[k+len("は"):], catDenial) {
		return true
	}
	t := skipNoun(cl, 8)
	for _, topic := range []string{"の事実は", "の痕跡は", "の形跡は", "の被害は", "も"} {
		if strings.HasPrefix(t, topic) && kwContainsAny(t, catDenial) {
			return true
		}
	}
	return false
}

// skipNoun skips up to n runes of a noun continuing the keyword (katakana,
// kanji, ASCII, 「」), so that the particle after the whole noun phrase can
// be read: なりすまし|メールは → は.
func skipNoun(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isHiragana(r) || r == '、' || r == '。' || r == ' ' {
			break
		}
		i += size
	}
	return s[i:]
}

// aboutAccount: the sentence speaks of an account, server or system.
func aboutAccount(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"アカウント", "サーバ", "システム", "id"})
}

// notWeakPassword: "パスワードの脆弱性" is a weak password.
func notWeakPassword(c *catCtx, h span) bool {
	b := c.before(h, 24)
	return !kwHasAnySuffix(b, []string{"パスワードの", "パスワードが", "パスワード設定の", "パスワードに"})
}

// encryptedByAttack: data encrypted in an attack, not as a protection.
func encryptedByAttack(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	if kwContainsAny(s, []string{"暗号化処理", "暗号化して", "暗号化した状態", "暗号化されており", "暗号化されていた",
		"暗号化されている", "通信"}) {
		return false
	}
	return kwContainsAny(s, []string{"攻撃", "身代金", "脅迫", "復号", "被害"})
}

// virusInfection: a computer virus infected a machine (not the
// coronavirus, not virus-check software).
func virusInfection(c *catCtx, h span) bool {
	if strings.HasSuffix(c.before(h, 12), "コロナ") {
		return false
	}
	rest := c.after(h, 60)
	if kwHasAnyPrefix(rest, []string{"対策", "チェック", "検査", "スキャン", "駆除ソフト", "対策ソフト"}) {
		return false
	}
	return strings.Contains(rest, "感染") && !strings.Contains(rest, "感染させ")
}

// tampered: the payment page was altered or faked.
func tampered(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"改ざん", "改竄", "偽の", "偽装", "不正な"})
}

// warningWithCall: a fake warning that asks the user to phone a number.
func warningWithCall(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"電話", "連絡先", "サポート"})
}

// bccMistake: BCC named as what should have been used.
func bccMistake(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"べき", "誤って", "誤り", "ではなく", "to"})
}

// addressesShown: recipients' addresses shown to one another.
func addressesShown(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	return strings.Contains(s, "アドレス") && kwContainsAny(s, []string{"送信", "送付", "配信"})
}

// mistakeSends: "誤って…送信/送付/添付" - a mistake in sending. When the
// mistaken act is publishing ("誤って…公開"), it is misconfiguration and
// the misconfiguration rules find it.
func mistakeSends(c *catCtx, h span) bool {
	act := c.clause(h)
	if len(act) > 150 {
		act = act[:kwRuneStart(act, 150)]
	}
	if kwContainsAny(act, catPublishing) {
		return false
	}
	if kwContainsAny(act, catSending) {
		return true
	}
	// "操作を誤り、…送信してしまいました", "宛名ラベルの貼り間違いにより、
	// …発送しました": the sending is in the next clause
	w := c.d.low[h.start:h.end]
	b := c.before(h, 30)
	if w == "間違" || w == "誤り" && kwContainsAny(b, []string{"操作を", "宛先を", "宛名を", "番号を", "送信先を", "送付先を"}) {
		rest := c.after(h, 200)
		return kwContainsAny(rest, catSending) && !kwContainsAny(rest, catPublishing)
	}
	return false
}

// mistakePublishes: "誤って…公開/掲載" - a wrong file or page put up.
func mistakePublishes(c *catCtx, h span) bool {
	act := c.clause(h)
	if len(act) > 150 {
		act = act[:kwRuneStart(act, 150)]
	}
	return kwContainsAny(act, catPublishing)
}

// physicalThing: the sentence names a thing that can be carried away.
func physicalThing(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	if kwContainsAny(s, []string{"パスワード", "認証情報", "アカウント", "id", "データが盗", "情報が盗"}) {
		return false
	}
	return kwContainsAny(s, []string{"書類", "鞄", "かばん", "カバン", "バッグ", "リュック", "車", "パソコン", "pc",
		"usb", "媒体", "財布", "スマートフォン", "携帯電話", "名簿", "ノート", "端末", "ハードディスク", "手帳"})
}

// mistakeDiscards: "誤って廃棄/破棄/溶解" - documents destroyed by mistake.
func mistakeDiscards(c *catCtx, h span) bool {
	act := c.clause(h)
	if len(act) > 150 {
		act = act[:kwRuneStart(act, 150)]
	}
	return kwContainsAny(act, []string{"廃棄", "破棄", "溶解", "シュレッダー", "処分"})
}

// withMistake: the sentence also says something went wrong (ミス, 誤).
func withMistake(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"ミス", "誤", "間違"})
}

// viewableState: "閲覧可能な状態", "閲覧できてしまう".
func viewableState(c *catCtx, h span) bool {
	// data published by attackers on a leak site is not a setting
	if kwContainsAny(c.sentenceText(h.start), []string{"ダークウェブ", "リークサイト", "攻撃者", "犯行グループ", "犯行声明"}) {
		return false
	}
	rest := c.after(h, 45)
	// a site that can be viewed again after an outage
	if kwContainsAny(rest, []string{"復旧", "回復", "再開"}) {
		return false
	}
	return kwContainsAny(rest, catViewable)
}

// insufficient: masking or redaction that was not done properly.
func insufficient(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), []string{"不十分", "十分でない", "不備", "漏れ", "されていな", "せず", "誤"})
}

// otherUsersShown: a bug that shows other users' data or sessions.
func otherUsersShown(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	return strings.Contains(s, "他の") && kwContainsAny(s, []string{"アカウント", "お客様", "ユーザー", "会員", "利用者"})
}

// byStaff: the sentence names staff as the actor, and does not forbid or
// rule out the act ("持ち出し禁止", "持ち出した可能性は低い").
func byStaff(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	if kwContainsAny(c.after(h, 30), []string{"禁止", "が認められて", "を禁", "ないよう", "可能性は"}) {
		return false
	}
	return kwContainsAny(s, catStaff)
}

// takenByStaff: staff took data out - the verb, not the noun of a rule
// ("持ち出しの手続き", "持ち出しを禁止").
func takenByStaff(c *catCtx, h span) bool {
	if !kwHasAnyPrefix(c.after(h, 15), []string{"した", "して", "され", "し、", "す"}) {
		return false
	}
	return byStaff(c, h)
}

// formerStaffDeed: a former employee took or leaked the data.
func formerStaffDeed(c *catCtx, h span) bool {
	return kwContainsAny(c.sentenceText(h.start), catLeakDeed)
}

// lookedUp: a lookup or collection for private or non-duty reasons;
// privacy-policy boilerplate ("目的外に利用することはありません") is not.
func lookedUp(c *catCtx, h span) bool {
	s := c.sentenceText(h.start)
	if kwContainsAny(s, []string{"ありません", "いたしません", "しません", "禁止", "ないよう"}) {
		return false
	}
	return kwContainsAny(s, catLookup)
}

// Rules over the whole text, after the keywords.
var (
	// cardLeak: payment-card data leaked. Together with an intrusion it
	// is web skimming (NOTES: card data stolen from a shop via intrusion).
	catCardWords = []string{"カード情報", "カード番号"}
	catLeakWords = []string{"漏えい", "漏洩", "流出", "窃取", "不正に取得", "盗"}
	// insiderLeak: staff leaked data on purpose, told in a catDisciplinary
	// release (懲戒処分, 不祥事) with an active verb ("名簿を渡した").
	catDisciplinary  = []string{"懲戒", "不祥事", "停職", "戒告", "減給", "免職", "処分を行"}
	catActiveLeaking = []string{"を漏洩し", "を漏えいし", "を漏らし", "に漏らし", "を流出させ", "に提供し", "を提供し",
		"渡し", "を教え", "に教え", "を伝え", "に伝え", "を見せ", "に見せ", "を売却", "に売却", "名簿業者"}
	catLeakedThings = []string{"個人情報", "名簿", "情報", "データ", "リスト", "住所", "氏名", "電話番号", "生年月日"}
	// emotetSpam: an infected machine sent mails to contacts (NOTES:
	// Emotet spam adds phishing).
	catMailSent = []string{"メールを送信", "メールが送信", "メールを大量", "大量のメール", "メールが配信", "メールを配信",
		"メールが発信", "メールを発信"}
	// other: nothing fits, but the text reports an incident (NOTES 025).
	catIncidentWords = []string{"漏えい", "漏洩", "流出", "事案", "事故", "インシデント"}
)

var catWords = func() *kwSet {
	w := make([]string, len(categoryVocab))
	for i, r := range categoryVocab {
		w[i] = r.word
	}
	return newKwSet(w)
}()

// readCategories returns the category codes of the release, in the
// contract's order, each with the span of the words that triggered it.
func readCategories(d *doc) ([]string, []span) {
	c := &catCtx{d: d}
	found := map[string]span{}
	add := func(code string, sp span) {
		if _, ok := found[code]; !ok {
			found[code] = sp
		}
	}
	catWords.each(d.low, 0, len(d.low), func(start, end, id int) {
		r := categoryVocab[id]
		if _, ok := found[r.code]; ok {
			return
		}
		h := span{start, end}
		if catNegated(c, h) {
			return
		}
		if r.when != nil && !r.when(c, h) {
			return
		}
		add(r.code, h)
	})

	// Card data leaked from a shop that was intruded into: web skimming.
	// A card leak with nothing else said of the cause ("カード会社からの
	// 連絡により…カード情報の流出懸念が判明") is the same kind of case.
	if _, ok := found[jikenbo.CatWebSkimming]; !ok {
		_, intr := found[jikenbo.CatUnauthorizedAccess]
		if intr || len(found) == 0 {
			if sp, ok := catFirstSentenceWith(c, catCardWords, catLeakWords); ok {
				add(jikenbo.CatWebSkimming, sp)
			}
		}
	}
	// Staff leaking data on purpose, in a catDisciplinary release.
	if _, ok := found[jikenbo.CatInsider]; !ok {
		if _, ok := d.findFirst(catDisciplinary); ok {
			for _, w := range catActiveLeaking {
				for _, h := range d.findAll(w) {
					if kwContainsAny(c.sentenceText(h.start), catLeakedThings) && !catNegated(c, h) {
						add(jikenbo.CatInsider, h)
						break
					}
				}
			}
		}
	}
	// Malware that sent mails in the staff's name: phishing too.
	if _, ok := found[jikenbo.CatMalware]; ok {
		if _, ok := found[jikenbo.CatPhishing]; !ok {
			for _, w := range catMailSent {
				for _, h := range d.findAll(w) {
					s := c.sentenceText(h.start)
					if kwContainsAny(s, []string{"感染", "ウイルス", "ウィルス", "マルウェア", "emotet"}) && !catNegated(c, h) {
						add(jikenbo.CatPhishing, h)
						break
					}
				}
			}
		}
	}
	// An attack with nothing said of its kind ("サーバーがサイバー攻撃を受け
	// た") is read as an intrusion.
	if !catAny(found, catCyber) {
		for _, w := range []string{"サイバー攻撃を受け", "攻撃を受け"} {
			if h, ok := d.findFirst([]string{w}); ok && !catNegated(c, h) {
				add(jikenbo.CatUnauthorizedAccess, h)
				break
			}
		}
	}
	// Ransomware is its own code; "コンピュータウイルスに感染" in a
	// ransomware release is the same event.
	if _, ok := found[jikenbo.CatRansomware]; ok {
		delete(found, jikenbo.CatMalware)
	}
	if len(found) == 0 {
		if sp, ok := d.findFirst(catIncidentWords); ok {
			add(jikenbo.CatOther, sp)
		}
	}

	var codes []string
	var spans []span
	for _, t := range jikenbo.Categories {
		if sp, ok := found[t.Code]; ok {
			codes = append(codes, t.Code)
			spans = append(spans, sp)
		}
	}
	return codes, spans
}

// catCyber are the codes of attacks from outside.
var catCyber = []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatVulnerability, jikenbo.CatRansomware,
	jikenbo.CatMalware, jikenbo.CatWebSkimming, jikenbo.CatPhishing, jikenbo.CatDDoS}

func catAny(found map[string]span, codes []string) bool {
	for _, c := range codes {
		if _, ok := found[c]; ok {
			return true
		}
	}
	return false
}

// catFirstSentenceWith returns the first occurrence of one of words whose
// sentence also holds one of with and is not negated.
func catFirstSentenceWith(c *catCtx, words, with []string) (span, bool) {
	best := span{-1, -1}
	for _, w := range words {
		for _, h := range c.d.findAll(w) {
			if best.start >= 0 && h.start > best.start {
				break
			}
			s := c.sentenceText(h.start)
			if kwContainsAny(s, with) && !kwContainsAny(s, []string{"含まれておりません", "含まれていません",
				"保持しておりません", "保有しておりません", "対象ではございません", "対象ではありません"}) {
				best = h
				break
			}
		}
	}
	return best, best.start >= 0
}

// ---- shared matching helpers (used by datatype.go and related.go too) ----

// kwSet finds the words of a vocabulary in one pass over a text: at each
// rune it looks up the words starting with that rune and takes the
// longest that matches, then continues after it (leftmost-longest, no
// overlaps). Words made of ASCII letters only match as whole words.
type kwSet struct {
	words []string
	ascii []bool
	lead  map[rune][]int // word ids by first rune, longest first
	// first has a bit for every rune of the BMP that starts a word, so
	// that most runes are passed over without a map lookup
	first [1 << 16 / 64]uint64
}

func newKwSet(words []string) *kwSet {
	k := &kwSet{words: words, ascii: make([]bool, len(words)), lead: map[rune][]int{}}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		k.lead[r] = append(k.lead[r], i)
		k.ascii[i] = kwIsASCIIWord(w)
		if r < 1<<16 {
			k.first[r/64] |= 1 << (r % 64)
		}
	}
	for _, ids := range k.lead {
		sort.SliceStable(ids, func(a, b int) bool { return len(words[ids[a]]) > len(words[ids[b]]) })
	}
	return k
}

// each calls fn for the leftmost-longest occurrences in s[from:to].
func (k *kwSet) each(s string, from, to int, fn func(start, end, id int)) {
	for i := from; i < to; {
		var r rune
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:to])
		}
		matched := 0
		if r < 1<<16 && k.first[r/64]&(1<<(r%64)) == 0 {
			i += size
			continue
		}
		if ids, ok := k.lead[r]; ok {
			for j, id := range ids {
				w := k.words[id]
				if i+len(w) > to || s[i:i+len(w)] != w {
					continue
				}
				if k.ascii[id] && (i > 0 && kwIsAlnum(s[i-1]) || i+len(w) < len(s) && kwIsAlnum(s[i+len(w)])) {
					continue
				}
				fn(i, i+len(w), id)
				// the same word may stand in the vocabulary for several
				// codes, each with its own condition
				for _, other := range ids[j+1:] {
					if k.words[other] == w {
						fn(i, i+len(w), other)
					}
				}
				matched = len(w)
				break
			}
		}
		if matched > 0 {
			i += matched
		} else {
			i += size
		}
	}
}

func kwIsAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

func kwIsASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !(w[i] >= 'a' && w[i] <= 'z') {
			return false
		}
	}
	return w != ""
}

// kwRuneStart moves off back to the start of the rune it falls in.
func kwRuneStart(s string, off int) int {
	if off >= len(s) {
		return len(s)
	}
	for off > 0 && !utf8.RuneStart(s[off]) {
		off--
	}
	return off
}

// contains reports whether any word of the set occurs in s, in one pass.
func (k *kwSet) contains(s string) bool {
	found := false
	k.each(s, 0, len(s), func(int, int, int) { found = true })
	return found
}

func kwContainsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func kwHasAnyPrefix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func kwHasAnySuffix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// kwFirstIndex returns the offset of the earliest of words in s, or -1.
func kwFirstIndex(s string, words []string) int {
	best := -1
	for _, w := range words {
		if k := strings.Index(s, w); k >= 0 && (best < 0 || k < best) {
			best = k
		}
	}
	return best
}

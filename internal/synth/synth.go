// Package synth composes synthetic incident releases for load tests and
// measurements: varied organisations, incidents, dates and counts, with
// follow-ups and contractor incidents that hit several clients, so that a
// casebook built from them has the shape of a real one. Every sentence
// part is written here; nothing comes from a real release.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Release is one generated release and the incident it belongs to.
type Release struct {
	Name     string // file name, unique
	Text     string
	Incident int // releases of one incident share it
}

// Generator makes releases from a seed; the same seed gives the same
// releases.
type Generator struct {
	rng      *rand.Rand
	orgs     []org
	vendors  []org
	incident int
	n        int
	pending  []Release
}

type org struct {
	name string
	self string // how it calls itself: 当社, 本市, 本学, 当院, 当金庫
}

// New returns a generator whose organisation pool suits about n releases:
// big enough that most organisations have one or two incidents, as in a
// real casebook.
func New(seed uint64, n int) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	// Pools far below the name space (54² places × 10–25 cores × forms),
	// so drawing unique names ends quickly.
	seen := map[string]bool{}
	for len(g.orgs) < max(50, n/3) {
		o := g.newOrg()
		if !seen[o.name] {
			seen[o.name] = true
			g.orgs = append(g.orgs, o)
		}
	}
	for len(g.vendors) < max(10, n/20) {
		o := org{name: "株式会社" + g.pick(place) + g.pick(place) + g.pick(vendorCore), self: "当社"}
		if !seen[o.name] {
			seen[o.name] = true
			g.vendors = append(g.vendors, o)
		}
	}
	return g
}

var (
	place = []string{"北", "東", "西", "南", "青葉", "桜", "大和", "富士", "白川", "緑", "朝日", "若葉", "港", "旭", "栄", "昭和", "平和", "中央",
		"山手", "川辺", "浜", "松原", "杉", "梅田", "高砂", "千代", "明星", "日向", "霧島", "雲雀", "鶴見", "亀山", "銀河", "光", "星野", "宮下",
		"新田", "本郷", "石川", "小松", "大森", "早瀬", "秋月", "春日", "夏目", "冬木", "柏", "楓", "椿", "菫", "蓮", "葵", "桐", "柳"}
	core = []string{"商事", "製作所", "物産", "電機", "食品", "工業", "産業", "興業", "技研", "通商", "化成", "精機", "建設", "不動産", "ホールディングス",
		"ソリューションズ", "テクノロジー", "トレーディング", "リテール", "ファーマ", "フーズ", "ネットワークス", "デザイン", "ライフ", "ケミカル"}
	vendorCore = []string{"データサービス", "印刷", "情報処理", "システム開発", "ビジネスサービス", "クラウド", "コンピューター", "メールサービス", "計算センター", "ITサポート"}
	town       = []string{"山", "川", "野", "原", "田", "沢", "島", "浦", "崎", "岡", "森", "谷"}
)

func (g *Generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *Generator) newOrg() org {
	p := g.pick(place) + g.pick(place)
	switch k := g.rng.IntN(20); {
	case k < 9:
		if g.rng.IntN(3) == 0 {
			return org{p + g.pick(core) + "株式会社", "当社"}
		}
		return org{"株式会社" + p + g.pick(core), "当社"}
	case k < 12:
		return org{p + g.pick(town) + []string{"市", "町", "村"}[g.rng.IntN(3)], "本市"}
	case k < 14:
		return org{p + []string{"大学", "学園", "高等学校"}[g.rng.IntN(3)], "本学"}
	case k < 16:
		return org{p + []string{"病院", "医療センター", "クリニック"}[g.rng.IntN(3)], "当院"}
	case k < 18:
		return org{p + []string{"信用金庫", "銀行", "信用組合"}[g.rng.IntN(3)], "当金庫"}
	default:
		return org{"一般社団法人" + p + []string{"協会", "連合会", "振興会"}[g.rng.IntN(3)], "当会"}
	}
}

// Next returns the next release. Incidents come whole: a contractor
// incident yields its clients' releases one after another, and a
// follow-up comes some releases after its first report.
func (g *Generator) Next() Release {
	if len(g.pending) > 0 && g.rng.IntN(3) > 0 {
		r := g.pending[0]
		g.pending = g.pending[1:]
		return r
	}
	g.incident++
	id := g.incident
	in := g.newIncident()
	var out []Release
	switch k := g.rng.IntN(10); {
	case k < 2: // a contractor's incident, reported by several clients
		v := g.vendors[g.rng.IntN(len(g.vendors))]
		in.vendor = v.name
		in.kind = kinds[g.rng.IntN(3)] // ransomware, intrusion, misconfiguration
		for range 2 + g.rng.IntN(4) {
			c := in
			c.org = g.orgs[g.rng.IntN(len(g.orgs))]
			c.published = in.published.add(g.rng.IntN(20))
			c.persons = g.count()
			out = append(out, g.release(id, c, 1))
		}
	case k < 5: // first report and follow-ups
		out = append(out, g.release(id, in, 1))
		for stage := 2; stage <= 2+g.rng.IntN(2); stage++ {
			prev := in.published
			in.published = in.published.add(15 + g.rng.IntN(90))
			in.cited = prev
			out = append(out, g.release(id, in, stage))
		}
	default:
		out = append(out, g.release(id, in, 0))
	}
	g.pending = append(g.pending, out[1:]...)
	return out[0]
}

type day struct{ y, m, d int }

func (d day) add(n int) day {
	d.d += n
	for d.d > 28 {
		d.d -= 28
		d.m++
		if d.m > 12 {
			d.m, d.y = 1, d.y+1
		}
	}
	return d
}

type incident struct {
	org       org
	kind      kind
	vendor    string
	published day
	detected  day
	cited     day
	persons   int
	system    string
	data      []string
}

type kind struct {
	title []string
	what  []string
}

// kinds of incident, each with title and body parts written for this
// generator.
var kinds = []kind{
	{[]string{"ランサムウェア被害に関するお知らせ", "システム障害とランサムウェア感染について"},
		[]string{"%sが管理するサーバーがランサムウェアに感染し、保存されていたファイルが暗号化されました。", "%sの業務用サーバーで不審な暗号化が発生し、調査の結果ランサムウェアによる攻撃であることが分かりました。"}},
	{[]string{"不正アクセスによる個人情報漏えいのおそれについて", "第三者による不正アクセスの発生について"},
		[]string{"%sが運用する%sに対し、外部の第三者による不正アクセスが行われました。", "%sの%sにおいて、脆弱性を突いた不正アクセスが確認されました。"}},
	{[]string{"個人情報が閲覧可能な状態となっていた件について", "設定不備による情報の誤公開について"},
		[]string{"%sの%sで公開範囲の設定に誤りがあり、外部から閲覧可能な状態となっていました。", "%sが管理する%sのアクセス制限が不十分で、第三者が閲覧できる状態でした。"}},
	{[]string{"電子メールの誤送信について", "メールアドレス流出に関するお詫び"},
		[]string{"%sの職員が案内メールを送信する際、BCCとすべきところをTOに入力して送信しました。", "%sから送信したメールに、誤って別の方の一覧表を添付していました。"}},
	{[]string{"個人情報を含むUSBメモリの紛失について", "書類の紛失に関するお詫び"},
		[]string{"%sの職員が、個人情報を保存したUSBメモリを外出先で紛失しました。", "%sの職員が持ち出した書類一式を、移動中の車内から盗まれました。"}},
	{[]string{"通販サイトへの不正アクセスによるカード情報漏えいについて", "決済画面の改ざんに関するお詫び"},
		[]string{"%sが運営する通販サイトの決済画面が改ざんされ、入力されたクレジットカード情報が窃取された可能性があります。", "%sのオンラインショップが攻撃を受け、決済アプリケーションが改ざんされていました。"}},
	{[]string{"なりすましメールに関する注意喚起", "当社を装った不審なメールについて"},
		[]string{"%sの名をかたるなりすましメールが複数の方に届いていることを確認しました。", "%sの職員を装ったフィッシングメールが送信されていることが分かりました。"}},
	{[]string{"職員による個人情報の不適切な取扱いについて", "元従業員による顧客情報の持ち出しについて"},
		[]string{"%sの職員が、業務上の必要がないにもかかわらず個人情報を閲覧し、私的に利用していました。", "%sの元従業員が、退職前に顧客情報を外部に持ち出していたことが判明しました。"}},
}

var (
	systems   = []string{"会員サイト", "予約システム", "メール配信サービス", "ファイルサーバー", "ウェブサイト", "顧客管理システム", "オンライン申請システム", "クラウドストレージ"}
	dataKinds = []string{"氏名", "住所", "電話番号", "メールアドレス", "生年月日", "性別", "会員番号", "口座番号", "勤務先", "購入履歴", "診療情報", "パスワード"}
	apology   = []string{
		"関係者の皆様に多大なご迷惑とご心配をおかけしましたことを、深くお詫び申し上げます。",
		"このような事態を招きましたことを重く受け止め、心よりお詫び申し上げます。",
		"ご心配とご迷惑をおかけしておりますことを、改めてお詫び申し上げます。",
	}
	measures = []string{
		"今後は、全職員への研修を実施するとともに、点検体制を強化してまいります。",
		"外部の専門家の助言を得て、監視体制の強化と多要素認証の導入を進めます。",
		"送信前の複数人による確認を徹底し、再発防止に努めてまいります。",
		"持ち出し手順を見直し、記録媒体の暗号化を義務付けます。",
	}
	ongoing   = []string{"現在、外部の専門機関と連携して詳細な調査を進めております。", "被害の範囲については引き続き調査中であり、判明次第お知らせいたします。"}
	concluded = []string{"調査の結果、原因を特定し、必要な対策を完了いたしました。", "調査は終了し、これをもって最終報告といたします。"}
)

func (g *Generator) count() int {
	switch g.rng.IntN(4) {
	case 0:
		return 1 + g.rng.IntN(20)
	case 1:
		return 20 + g.rng.IntN(500)
	case 2:
		return 500 + g.rng.IntN(20000)
	}
	return (1 + g.rng.IntN(30)) * 10000
}

func (g *Generator) newIncident() incident {
	pub := day{2018 + g.rng.IntN(8), 1 + g.rng.IntN(12), 1 + g.rng.IntN(28)}
	in := incident{
		org: g.orgs[g.rng.IntN(len(g.orgs))], kind: kinds[g.rng.IntN(len(kinds))], published: pub,
		detected: day{pub.y, pub.m, max(1, pub.d-g.rng.IntN(pub.d))}, persons: g.count(), system: g.pick(systems),
	}
	for _, i := range g.rng.Perm(len(dataKinds))[:1+g.rng.IntN(5)] {
		in.data = append(in.data, dataKinds[i])
	}
	return in
}

// date writes d in one of the styles releases use: Western, era year,
// full-width digits, spaced.
func (g *Generator) date(d day) string {
	var s string
	switch g.rng.IntN(4) {
	case 0:
		e := d.y - 2018
		era := fmt.Sprintf("令和%d年", e)
		if e == 1 {
			era = "令和元年"
		} else if e <= 0 {
			era = fmt.Sprintf("平成%d年", d.y-1988)
		}
		s = fmt.Sprintf("%s%d月%d日", era, d.m, d.d)
	case 1:
		s = fmt.Sprintf("%d 年 %d 月 %d 日", d.y, d.m, d.d)
	default:
		s = fmt.Sprintf("%d年%d月%d日", d.y, d.m, d.d)
	}
	if g.rng.IntN(4) == 0 {
		s = fullWidth(s)
	}
	return s
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

func (g *Generator) number(n int) string {
	switch {
	case n >= 10000 && n%10000 == 0 && g.rng.IntN(2) == 0:
		return fmt.Sprintf("約%d万", n/10000)
	case n >= 1000 && g.rng.IntN(2) == 0:
		s := fmt.Sprint(n)
		return s[:len(s)-3] + "," + s[len(s)-3:]
	case g.rng.IntN(5) == 0:
		return fullWidth(fmt.Sprint(n))
	}
	return fmt.Sprint(n)
}

// release writes one release of an incident; stage 0 is a complete single
// report, 1 a first report, 2+ follow-ups.
func (g *Generator) release(id int, in incident, stage int) Release {
	var b strings.Builder
	title := g.pick(in.kind.title)
	switch {
	case stage == 1:
		title += "(第1報)"
	case stage >= 2 && g.rng.IntN(2) == 0:
		title = title[:len(title)-len("について")] + "に関する調査結果について"
	case stage >= 2:
		title += fmt.Sprintf("(第%d報)", stage)
	}
	fmt.Fprintf(&b, "%s\n\n%s\n%s\n\n", title, g.date(in.published), in.org.name)
	if stage >= 2 {
		fmt.Fprintf(&b, "%sにお知らせいたしました件について、その後の調査で判明した内容をご報告いたします。\n\n", g.date(in.cited))
	}
	who := in.org.self
	if in.vendor != "" {
		fmt.Fprintf(&b, "%sが業務を委託している%sにおいて、", who, in.vendor)
		who = in.vendor
	}
	w := g.pick(in.kind.what)
	if strings.Count(w, "%s") == 2 {
		fmt.Fprintf(&b, w+"\n\n", who, in.system)
	} else {
		fmt.Fprintf(&b, w+"\n\n", who)
	}
	fmt.Fprintf(&b, "1. 経緯\n%s、%sにおいて異常を検知し、直ちに調査を開始しました。\n\n", g.date(in.detected), in.org.self)
	fmt.Fprintf(&b, "2. 対象となる情報\n%s 合計%s件\n\n", strings.Join(in.data, "、"), g.number(in.persons))
	fmt.Fprintf(&b, "3. 今後の対応\n%s\n%s\n\n", g.pick(measures), g.pick(apology))
	if stage == 1 || stage == 0 && g.rng.IntN(2) == 0 {
		b.WriteString(g.pick(ongoing) + "\n")
	} else {
		b.WriteString(g.pick(concluded) + "\n")
	}
	fmt.Fprintf(&b, "\n本件に関するお問い合わせ先\n%s 総務担当 電話 0%d-%04d-%04d\n", in.org.name, 1+g.rng.IntN(9), g.rng.IntN(10000), g.rng.IntN(10000))
	g.n++
	return Release{Name: fmt.Sprintf("r%07d.txt", g.n), Text: b.String(), Incident: id}
}

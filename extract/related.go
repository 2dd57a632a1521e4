package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo/internal/jpname"
)

// Third-party and related-organisation rules.
//
// third_party: the incident happened at an outside party that held the
// publisher's data or ran a system for it - a contractor (委託先, 再委託先,
// 委託事業者, 指定管理者), a vendor whose product or cloud service was hit,
// or an outside helper such as a 民生委員 - rather than at the publisher.
// Three rules say so:
//
//   - a party word and an incident word in the same sentence, the party
//     first ("業務委託先への不正アクセス", "委託先の従業員が…不正アクセスを
//     受け", "委託事業者が…誤って送信"), unless the party only reported or
//     helped ("委託先企業を通じて調査", "委託している会社より連絡");
//   - a named outside organisation as the subject or place of an incident
//     ("株式会社イセトーがサイバー攻撃により", "株式会社エムケイシステムの
//     サーバーがランサムウエア");
//   - the party's staff as the actor ("指定管理者の職員が").
//
// related_organizations: organisations named with a legal form (株式会社…,
// …株式会社) or by a defined short name ("(以下「イセトー社」)") in a
// sentence that ties them to the publisher as contractor, vendor, parent
// or client, when the incident is a third-party one (or the organisation is
// named as a client, 委託元). Police, regulators, forensic and security
// firms, card companies and the publisher itself are never related.

// relParties name an outside party that holds the publisher's data or runs
// a system for it. 取引先 alone is mostly a data subject (お取引先様の個人
// 情報), so only its system counts.
var relParties = []string{
	"再委託先", "業務委託先", "委託先", "委託事業者", "委託業者", "委託会社", "委託企業", "受託事業者", "受託業者",
	"受託者", "指定管理者", "保守事業者", "保守業者", "保守会社", "運用事業者", "運用業者", "委託している事業者", "委託している会社", "委託している企業", "取引先のシステム",
	"取引先のサーバ", "外部委託", "民生委員",
}

// relIncidents are the words of an incident happening to the party.
var relIncidents = []string{
	"不正アクセス", "ランサム", "サイバー攻撃", "攻撃を受け", "感染", "ウイルス", "ウィルス", "侵入", "誤送信",
	"誤って", "誤送付", "紛失", "盗難", "流通", "転売", "漏えい", "漏洩", "流出", "改ざん", "被害", "マルウェア",
	"不正ログイン", "売却", "横流し", "を誤り", "設定ミス", "設定の誤り", "作業の誤り", "作業誤り",
	"設定の不備", "設定不備", "閲覧可能", "閲覧できる状態", "外部から閲覧", "誤って公開", "公開状態",
	"インターネット上に公開", "誤配", "誤廃棄", "置き忘", "持ち出",
}

// relHelpers between a party and the incident mean the party only found,
// reported or investigated it ("委託先企業を通じて調査を進めたところ").
var relHelpers = []string{
	"を通じて", "を通して", "を介して", "より連絡", "から連絡", "より報告", "から報告", "より通報", "から通報",
	"に確認", "に依頼", "の協力", "による調査", "にて調査", "と連携", "に相談", "の支援", "より指摘", "から指摘",
}

// relManaging: the party named as the object of management, a measure.
var relManaging = []string{"管理", "の管理", "の監督", "への監督", "に対する監督", "の選定", "との契約", "への指導", "に対する指導"}

// relStaff: the party's people as the actor ("指定管理者の職員が").
var relStaff = []string{"の職員", "の従業員", "の社員", "の担当者", "のスタッフ", "の作業員"}

// relTies are words that tie a named organisation to the publisher.
var relTies = []string{"指定管理",
	"委託", "受託", "提供", "製品", "サービス", "システム", "導入", "利用", "使用", "子会社", "親会社", "グループ",
	"取引先", "運営", "保守", "開発", "ベンダー", "業者", "事業者",
}

// relClients tie a client organisation to a contractor publisher.
var relClients = []string{"委託元", "から受託", "より受託", "の委託を受け"}

// relExcluded: an organisation named right next to these words is an
// investigator, a card company or an adviser, never a related party
// ("第三者調査機関「…株式会社」へ調査を依頼").
var relExcluded = []string{
	"調査機関", "調査会社", "フォレンジック", "調査を依頼", "調査を委託", "セキュリティ会社", "セキュリティ企業",
	"専門会社", "専門企業", "専門家", "専門機関", "弁護士", "法律事務所", "監査法人", "カード会社",
	"注意喚起",
}

// relNotifiers: an organisation named next to these words mostly only
// told the publisher (決済代行会社より連絡があり): it is related when the
// incident happened at it, or the publisher entrusted it (決済代行を委託
// している株式会社X).
var relNotifiers = []string{"決済代行"}

// relPartyWords say in so many words that a named organisation works for
// the publisher: a related organisation read from a sentence without one
// is an inference.
var relPartyWords = append([]string{"委託", "受託", "子会社", "親会社", "グループ会社", "関係会社", "関連会社",
	"提供元", "開発元", "運営会社", "運営元", "販売元", "保守", "ベンダー", "決済代行"}, relParties...)

// relAnaphors open a sentence that goes on about the organisation named in
// the one before it (株式会社Xは当社の委託先です。同社のサーバーが…).
var relAnaphors = []string{"同社", "同法人", "同組合", "同財団", "同団体", "当該企業", "当該会社", "当該事業者",
	"同システム", "当該システム", "このシステム", "同サービス", "当該サービス", "このサービス", "同サーバ", "当該サーバ"}

// relThisCase open a sentence about the incident itself: 本件は、Xが管理
// するサーバーにおいて発生したものです.
var relThisCase = []string{"本件", "本事案", "本事象", "今回の事案", "今回の事象", "この事案", "本インシデント"}

// relCountries stand before a foreign company's name and are not part of
// it (米国X社).
var relCountries = []string{"米国", "韓国", "中国", "台湾", "英国", "香港", "米", "独", "仏", "海外"}

// relHonorifics follow a client's name and are not part of it
// (株式会社X様の顧客情報).
var relHonorifics = []string{"様", "殿", "御中", "さま"}

// relShortGeneric are katakana words that stand before 社 without naming
// anyone (ベンダー社 is not written, but guard it).
var relShortGeneric = []string{"ベンダー", "メーカー", "パートナー", "グループ", "システム", "クラウド", "サービス",
	"カード", "セキュリティ", "ブランド"}

// relPublicBodies and relPublicEnds: a name holding or ending in these
// words is a police force or a regulator (…警察署, 情報処理推進機構,
// 個人情報保護委員会, …省, …庁).
var (
	relPublicBodies = []string{"警察", "警視庁", "県警", "府警", "道警", "推進機構"}
	relPublicEnds   = []string{"委員会", "省", "庁"}
)

// relForms mark an organisation's name in running text: every legal form
// (株式会社イセトー, リコージャパン株式会社, 国立研究開発法人X), and the body
// types that take on work for others, which end a name and stay part of it
// (X農業協同組合, X社会福祉協議会). relFormPlace says on which side of each
// the name is written. Both come from the shared vocabulary.
var relForms, relFormPlace = relFormVocabulary()

func relFormVocabulary() ([]string, []jpname.Place) {
	var words []string
	var places []jpname.Place
	for _, f := range jpname.Forms {
		words, places = append(words, f.Word), append(places, f.Place)
	}
	for _, x := range jpname.Suffixes {
		if x.Contractor {
			words, places = append(words, x.Word), append(places, jpname.After)
		}
	}
	return words, places
}

// relAppositions join a party word to the name after it.
var relAppositions = []string{"である", "であった", "の", ":", "(", "、", " "}

// relCovered: a name already read covers offset at.
func relCovered(ns []relName, at int) bool {
	for _, n := range ns {
		if n.sp.start <= at && at < n.sp.end {
			return true
		}
	}
	return false
}

// relCoveredSorted is relCovered for names in text order that do not
// overlap: only the last name starting at or before at can cover it.
func relCoveredSorted(ns []relName, at int) bool {
	k := sort.Search(len(ns), func(i int) bool { return ns[i].sp.start > at })
	return k > 0 && at < ns[k-1].sp.end
}

// relParticles end a name written after its legal form: 株式会社イセトー|から.
var relParticles = []string{
	"において", "における", "によると", "によれば", "による", "により", "にて", "から", "より", "として", "である",
	"では", "には", "とは", "への", "など", "の", "が", "は", "を", "に", "で", "と", "へ", "も", "や",
}

// relPrefixes are words that may run into a name written before its
// legal form and are not part of it (委託先X株式会社).
var relPrefixes = []string{"再委託先", "業務委託先", "委託先", "取引先", "子会社", "親会社", "当社", "弊社", "同社", "連結"}

// relName is one organisation named in the text.
type relName struct {
	sp   span   // where it is written (normalised text)
	name string // as written, or the short name without 社
	key  string // for comparing: no legal form, no spaces, no trailing 社
	bare bool   // written without a legal form or a body suffix: NAVER Cloud社
}

// relReading is what the third-party rules read: whether the incident
// happened at an outside party, the words that say so and the rule that
// read them, and the related organisations as written, each with its span
// and rule.
type relReading struct {
	third     bool
	thirdSpan span
	thirdRule nameRule
	orgs      []nameReading
	// inferred: some organisation was read from running text, without a
	// word that makes it a party (委託先, 子会社, 開発元 …) in its sentence
	inferred bool
}

// names returns the related organisations' names.
func (r relReading) names() []string {
	var out []string
	for _, o := range r.orgs {
		out = append(out, o.text)
	}
	return out
}

// readRelated reads third_party and related_organizations. publisher is
// the organisation that published the release (possibly ""); it is never
// related.
func readRelated(d *doc, publisher string) relReading {
	var r relReading
	names := relNames(d)
	pubKey := relKey(publisher)
	isPublisher := func(n relName) bool {
		if n.key == "" || pubKey == "" {
			return n.key == ""
		}
		// "医療法人久仁会 鳴門山上病院" publishes, "医療法人久仁会" is named;
		// but 茨城県 publishing does not make 茨城県社会福祉事業団 itself
		return n.key == pubKey || utf8.RuneCountInString(n.key) >= 2 && strings.HasPrefix(pubKey, n.key)
	}

	// third party
	if sp, rule, ok := relPartyIncident(d); ok {
		r.third, r.thirdSpan, r.thirdRule = true, sp, rule
	}
	if !r.third {
		for _, n := range names {
			if isPublisher(n) || relSelf(d, n) || n.bare && !relOpensClause(d, n) {
				continue
			}
			if sp, ok := relNamedIncident(d, n); ok {
				r.third, r.thirdSpan, r.thirdRule = true, sp, ruleNamedIncident
				break
			}
		}
	}

	// related organisations
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n.key] || isPublisher(n) {
			continue
		}
		ctx := relContext(d, n.sp)
		if relNotParty(d, n) || relSelf(d, n) {
			continue
		}
		// a payment agent that only told the publisher
		if relNotifierNear(d, n) && !strings.Contains(ctx, "委託") {
			if _, ok := relNamedIncident(d, n); !ok {
				continue
			}
		}
		// a name without a legal form (X社) is tied by a party word in
		// apposition to it, not by any word of its sentence: Google社の
		// フォーム is named by many releases whose vendor it is not
		tied := kwContainsAny(ctx, relTies) && (!n.bare || relApposed(d, n))
		var rule nameRule
		switch {
		case kwContainsAny(ctx, relClients), relHonoredClient(d, n, ctx):
			rule = ruleClient
		case r.third && tied:
			rule = ruleTiedParty
		case relVulnerableProduct(d, n):
			rule = ruleVulnerableProduct
		case r.third && relIsSite(d, n) && (!n.bare || relOpensClause(d, n)):
			rule = ruleIncidentSite
		default:
			continue
		}
		seen[n.key] = true
		r.orgs = append(r.orgs, nameReading{n.name, n.sp, rule})
		// read from running text without a word that makes it a party
		if (rule == ruleIncidentSite || n.bare) && !kwContainsAny(ctx, relPartyWords) {
			r.inferred = true
		}
	}
	return r
}

// relPartyIncident finds a party word followed in its sentence by an
// incident word, with no helper phrase between them, or the party's staff
// as the actor.
func relPartyIncident(d *doc) (span, nameRule, bool) {
	best, rule := span{-1, -1}, nameRule("")
	relPartySet.each(d.low, 0, len(d.low), func(start, end, _ int) {
		if best.start >= 0 {
			return
		}
		rest := relRest(d, end)
		// 委託先管理, 委託先の監督: the relation as a topic of measures
		if kwHasAnyPrefix(rest, relManaging) {
			return
		}
		if kwHasAnyPrefix(rest, relStaff) {
			best, rule = span{start, end}, rulePartyStaff
		} else if relIncidentAfter(rest) {
			best, rule = span{start, end}, rulePartyIncident
		}
	})
	return best, rule, best.start >= 0
}

var relPartySet = newKwSet(relParties)

// relRest is the rest of the sentence after off, at most 100 runes: the
// incident is told close to the party it happened to.
func relRest(d *doc, off int) string {
	s := d.sentenceAt(off)
	end := s.end
	if end > off+300 {
		end = kwRuneStart(d.low, off+300)
	}
	if end < off {
		return ""
	}
	return d.low[off:end]
}

// relIncidentAfter: an incident word follows in rest, not preceded by a
// helper phrase and not named as something to prevent.
func relIncidentAfter(rest string) bool {
	k := kwFirstIndex(rest, relIncidents)
	if k < 0 {
		return false
	}
	if h := kwFirstIndex(rest, relHelpers); h >= 0 && h < k {
		return false
	}
	after := rest[k:]
	for _, w := range relIncidents {
		if strings.HasPrefix(after, w) {
			after = after[len(w):]
			break
		}
	}
	guard := []string{"防止", "の防止", "対策", "を防", "の有無", "は確認されて"}
	return !kwHasAnyPrefix(after, guard) && !kwHasAnyPrefix(skipNoun(after, 4), guard)
}

// relNamedIncident: a named organisation is the subject or place of an
// incident in its sentence ("株式会社イセトーがサイバー攻撃により").
func relNamedIncident(d *doc, n relName) (span, bool) {
	rest := relRest(d, n.sp.end)
	// skip "(以下「イセトー社」)", "」(大阪市)"
	for {
		t := strings.TrimLeft(rest, " 」)")
		if strings.HasPrefix(t, "(") {
			if k := strings.Index(t, ")"); k >= 0 {
				rest = t[k+1:]
				continue
			}
		}
		rest = t
		break
	}
	if relNotParty(d, n) {
		return span{}, false
	}
	// "株式会社XのVPN機器の脆弱性を悪用され、当社ネットワークに…": the
	// flaw was in the vendor's product, the incident at the publisher
	if k := kwFirstIndex(rest, relIncidents); k >= 0 && strings.Contains(rest[:k], "脆弱性") {
		return span{}, false
	}
	if kwHasAnyPrefix(rest, []string{"が", "の", "において", "におきまして", "における", "で", "に対する", "への", "は", "提供の", "製の", "が提供する", "の提供する"}) && relIncidentAfter(rest) {
		return n.sp, true
	}
	// "XYZ株式会社から、同社のサーバーがサイバー攻撃を受けたとの報告"
	if k := strings.Index(rest, "同社"); k >= 0 {
		after := rest[k+len("同社"):]
		if kwHasAnyPrefix(after, []string{"の", "が", "において", "で"}) && relIncidentAfter(after) {
			return n.sp, true
		}
	}
	// "本件は、当社の委託先であるXが管理するサーバーにおいて発生したもの"
	s := d.sentenceAt(n.sp.start)
	if kwContainsAny(d.low[s.start:n.sp.start], relThisCase) && kwContainsAny(rest, []string{"において発生", "で発生", "において起き", "で起き"}) {
		return n.sp, true
	}
	// "Xは、当社の業務委託先です。同社のシステムが…感染しました。"
	if relAnaphorIncident(d, n, s) {
		return n.sp, true
	}
	return span{}, false
}

// relAnaphorIncident: the sentence after the one naming n ties n to the
// publisher and the next one opens with a word pointing back to it (同社,
// 当該システム …), then tells an incident there; no other organisation
// is named between.
func relAnaphorIncident(d *doc, n relName, s span) bool {
	if s.end >= len(d.low) || !kwContainsAny(d.low[s.start:s.end], relTies) {
		return false
	}
	ns := d.sentenceAt(s.end)
	if ns.start < s.end || d.lineOf(ns.start)-d.lineOf(s.end) > 1 || relFormSet.contains(d.low[n.sp.end:ns.start]) {
		return false
	}
	t := strings.TrimLeft(d.low[ns.start:ns.end], " ")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "なお、"), "その後、")
	for _, a := range relAnaphors {
		if after, ok := strings.CutPrefix(t, a); ok {
			return kwHasAnyPrefix(after, []string{"の", "が", "において", "で", "は", "に対する", "への"}) && relIncidentAfter(after)
		}
	}
	return false
}

// relIsSite: n is where the third-party incident happened, by the rules
// that find a named party's incident.
func relIsSite(d *doc, n relName) bool {
	_, ok := relNamedIncident(d, n)
	return ok
}

// relHonoredClient: a company named with an honorific (株式会社X様) by a
// publisher that takes on work for it: a client.
func relHonoredClient(d *doc, n relName, ctx string) bool {
	return kwHasAnyPrefix(d.low[n.sp.end:], relHonorifics) && kwContainsAny(ctx, []string{"受託", "委託元", "取引先"})
}

// relApposed: a party word stands in apposition to n: 委託先であるX社,
// 委託しているX社, X社(当社の委託先), X社に委託.
func relApposed(d *doc, n relName) bool {
	s := d.sentenceAt(n.sp.start)
	before := strings.TrimRight(d.low[s.start:n.sp.start], " 「")
	for _, c := range relCountries {
		if t, ok := strings.CutSuffix(before, c); ok {
			before = t
			break
		}
	}
	for _, w := range append([]string{"している", "した", "する", "しております"}, relAppositions...) {
		if t, ok := strings.CutSuffix(before, w); ok {
			before = t
			break
		}
	}
	if kwHasAnySuffix(before, relPartyWords) {
		return true
	}
	after := strings.TrimLeft(d.low[n.sp.end:min(s.end, n.sp.end+30*3)], " 」")
	if t, ok := strings.CutPrefix(after, "("); ok {
		after = strings.TrimPrefix(strings.TrimPrefix(t, "当社の"), "弊社の")
		return kwHasAnyPrefix(after, relPartyWords)
	}
	return kwHasAnyPrefix(after, []string{"に委託", "へ委託", "に業務を委託", "に業務委託"})
}

// relOpensClause: n opens its sentence or a clause of it (…ことから、X社の
// システムを介し), rather than standing after another subject (委託先が、
// X社のフォームの設定を誤り).
func relOpensClause(d *doc, n relName) bool {
	s := d.sentenceAt(n.sp.start)
	before := strings.TrimSpace(d.low[s.start:n.sp.start])
	return before == "" || strings.HasSuffix(before, "、") && !strings.HasSuffix(before, "が、")
}

// relNear: one of words stands within before runes ahead of n or after
// runes past it, in its sentence.
func relNear(d *doc, n relName, words []string, before, after int) bool {
	s := d.sentenceAt(n.sp.start)
	from := kwRuneStart(d.low, max(s.start, n.sp.start-before*3))
	to := kwRuneStart(d.low, min(s.end, n.sp.end+after*3))
	return kwContainsAny(d.low[from:n.sp.start], words) || kwContainsAny(d.low[n.sp.end:to], words)
}

// relNotifierNear: n is named next to a word of an organisation that
// mostly only notifies (a payment agent), as relNotParty measures it.
func relNotifierNear(d *doc, n relName) bool { return relNear(d, n, relNotifiers, 15, 20) }

// relNotParty: the name is a public body, or an investigator or adviser by
// the words right around it (15 runes before, 20 after, in its sentence).
func relNotParty(d *doc, n relName) bool {
	if kwContainsAny(n.key, relPublicBodies) || kwHasAnySuffix(n.key, relPublicEnds) {
		return true
	}
	s := d.sentenceAt(n.sp.start)
	from := kwRuneStart(d.low, max(s.start, n.sp.start-15*3))
	to := kwRuneStart(d.low, min(s.end, n.sp.end+20*3))
	return kwContainsAny(d.low[from:to], relExcluded)
}

// relVulnerableProduct: the organisation made the product whose flaw was
// exploited ("株式会社X製のVPN機器の脆弱性を悪用され"), a vendor whose
// system was involved.
func relVulnerableProduct(d *doc, n relName) bool {
	rest := relRest(d, n.sp.end)
	rest = strings.TrimLeft(rest, " 」")
	if !kwHasAnyPrefix(rest, []string{"製", "社製", "の", "が提供", "が開発", "が販売"}) {
		return false
	}
	k := strings.Index(rest, "脆弱性")
	return k >= 0 && k <= 40*3 && relIncidentAfter(rest[k:])
}

// relContext is the sentence holding sp, and the line above when the name
// starts its own line under a heading ("2.業務委託先" / "株式会社イセトー
// (本社:…)").
func relContext(d *doc, sp span) string {
	s := d.sentenceAt(sp.start)
	s.start = max(s.start, kwRuneStart(d.low, sp.start-300))
	s.end = min(s.end, kwRuneStart(d.low, sp.end+300))
	ctx := d.low[s.start:s.end]
	k := d.lineOf(sp.start)
	if strings.TrimSpace(d.low[d.lines[k].start:sp.start]) == "" {
		for j := k - 1; j >= 0 && j >= k-3; j-- {
			t := strings.TrimSpace(d.low[d.lines[j].start:d.lines[j].end])
			if t == "" {
				continue
			}
			if utf8.RuneCountInString(t) <= 20 {
				ctx += "\n" + t
			}
			break
		}
	}
	return ctx
}

// relSelf: the name introduces the publisher itself ("X株式会社(代表:…)",
// "X(以下「当社」)").
func relSelf(d *doc, n relName) bool {
	rest := strings.TrimLeft(d.low[n.sp.end:min(len(d.low), n.sp.end+60)], " 」")
	return kwHasAnyPrefix(rest, []string{"(代表", "(以下「当社", "(以下「弊社", "(以下、当社", "(以下、弊社",
		"(以下「当", "(以下、「当"})
}

// relNames finds the organisations named with a legal form, and the short
// names defined as "(以下「X社」)".
func relNames(d *doc) []relName {
	var out []relName
	s := d.low
	relFormSet.each(s, 0, len(s), func(start, end, id int) {
		// name before the form, written right against it: リコージャパン株式会社
		// (当信用金庫, 同組合: the publisher or one named before)
		if b := relNameBefore(s, start); b < start && relFormPlace[id]&jpname.After != 0 && !genericNames.MatchString(s[b:start]) {
			out = append(out, relName{sp: span{b, end}, name: d.srcText(b, end), key: relKey(s[b:end])})
			return
		}
		// name after the form: 株式会社イセトー, 株式会社 東玉
		if relFormPlace[id]&jpname.Before == 0 {
			return
		}
		if n := relNameAfter(s, end); n > end {
			from := end
			if s[from] == ' ' {
				from++
			}
			out = append(out, relName{sp: span{start, n}, name: d.srcText(start, n), key: relKey(s[from:n])})
		}
	})
	// a body without a legal form in apposition to a party word:
	// 指定管理者である葦原市文化財団, 委託先の葦原県農業協同組合
	relPartySet.each(s, 0, len(s), func(_, end, _ int) {
		at := end
		for _, w := range relAppositions {
			if strings.HasPrefix(s[at:], w) {
				at += len(w)
				break
			}
		}
		if r, _ := utf8.DecodeRuneInString(s[at:]); isHiragana(r) {
			return // から県に報告: a particle, not a name
		}
		if n := orgAt(s[at:min(len(s), at+90)]); n > 0 && !relCovered(out, at) {
			out = append(out, relName{sp: span{at, at + n}, name: d.srcText(at, at+n), key: relKey(s[at : at+n])})
		}
	})
	sortRelNames(out)
	out = append(out, relBareNames(d, out)...)
	sortRelNames(out)
	// short names: (以下「イセトー社」), (以下、「ショーケース社」といいます。)
	for _, def := range relShortDefs(d) {
		h, short := def.h, def.short
		base := strings.TrimSuffix(short, "社")
		if base == short || utf8.RuneCountInString(base) < 2 || kwContainsAny(base, []string{"当", "弊", "同", "本", "各", "貴"}) {
			continue
		}
		// (以下「システム提供会社」), (以下「委託会社」): a role, not a name
		if kwHasAnySuffix(base, []string{"会", "企業", "業者", "事業者"}) || kwContainsAny(base, relParties) {
			continue
		}
		// 株式会社イセトー(以下「イセトー社」): the full name is read
		if k := sort.Search(len(out), func(i int) bool { return out[i].sp.end > h.start }); k > 0 && h.start-out[k-1].sp.end <= len("(") {
			continue
		}
		at := h.end + strings.Index(s[h.end:], short)
		nsp := span{at, at + len(short)}
		out = append(out, relName{sp: nsp, name: d.srcText(at, at+len(base)), key: relKey(base)})
	}
	sortRelNames(out)
	return out
}

var relFormSet = newKwSet(relForms)

// relShortDef is a short name defined in the text: 以下「X社」.
type relShortDef struct {
	h     span   // where 以下 is written
	short string // the short name between the brackets
}

// relShortDefs finds the short names defined as (以下「X社」) or
// (以下、「X社」といいます。).
func relShortDefs(d *doc) []relShortDef {
	var out []relShortDef
	for _, h := range d.findAll("以下") {
		t := strings.TrimLeft(d.low[h.end:min(len(d.low), h.end+80)], "、, ")
		short, ok := strings.CutPrefix(t, "「")
		if !ok {
			continue
		}
		if k := strings.Index(short, "」"); k >= 0 {
			out = append(out, relShortDef{h, short[:k]})
		}
	}
	return out
}

// relBareNames finds companies written as a katakana or Latin name and 社
// (イセトー社, NAVER Cloud社), outside the names already read in have. A
// kanji before 社 makes a word (当社, 会社, 各社), not a name; so does a
// kanji after it (社員, 社内).
func relBareNames(d *doc, have []relName) []relName {
	var out []relName
	s := d.low
	// short names defined for a name (以下「X社」) are read with it
	defined := map[string]bool{}
	for _, def := range relShortDefs(d) {
		defined[relKey(def.short)] = true
	}
	for i := 0; ; {
		k := strings.Index(s[i:], "社")
		if k < 0 {
			return out
		}
		at := i + k
		i = at + len("社")
		if r, _ := utf8.DecodeRuneInString(s[i:]); r >= 0x4E00 && r <= 0x9FFF && r != '製' {
			continue
		}
		j := at
		for j > 0 && at-j < 40*3 {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			if r == ' ' {
				// spaces between Latin words only
				p, _ := utf8.DecodeLastRuneInString(s[:j-1])
				if j-1 > 0 && p < utf8.RuneSelf && relNameRune(p) && j < at {
					j -= size
					continue
				}
				break
			}
			if !(r >= 0x30A1 && r <= 0x30FA || r == 'ー' || r == '・' || r < utf8.RuneSelf && relNameRune(r)) {
				break
			}
			j -= size
		}
		j += len(s[j:at]) - len(strings.TrimLeft(s[j:at], "・ "))
		name := s[j:at]
		// カードブランド5社: a count of companies
		if name == "" || isDigit(name[len(name)-1]) {
			continue
		}
		if utf8.RuneCountInString(name) < 2 || kwHasAnySuffix(name, relShortGeneric) ||
			relCoveredSorted(have, j) || len(out) > 0 && out[len(out)-1].sp.end > j || defined[relKey(name)] {
			continue
		}
		out = append(out, relName{sp: span{j, i}, name: d.srcText(j, i), key: relKey(s[j:i]), bare: true})
	}
}

// relNameAfter reads a name after a legal form at s[i:] and returns its
// end, or i.
func relNameAfter(s string, i int) int {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	}
	start := j
	for j < len(s) && j-start < 30*3 {
		if kwHasAnyPrefix(s[j:], relParticles) && j > start || kwHasAnyPrefix(s[j:], relHonorifics) {
			break
		}
		// 株式会社A・株式会社B: two names in a list
		if strings.HasPrefix(s[j:], "・") && kwHasAnyPrefix(s[j+len("・"):], allForms) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !relNameRune(r) && !isHiragana(r) {
			break
		}
		j += size
	}
	// "株式会社X製のVPN機器": 製 marks the maker, not the name
	if t := strings.TrimSuffix(s[start:j], "製"); len(t) < j-start && len(t) > 0 {
		j = start + len(t)
	}
	if j == start {
		return i
	}
	return j
}

// relNameBefore reads a name before a legal form ending at s[:i] and
// returns its start, or i.
func relNameBefore(s string, i int) int {
	j := i
	for j > 0 && i-j < 30*3 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if r == ' ' {
			// "H&F BELX NET株式会社": spaces between Latin words
			p, _ := utf8.DecodeLastRuneInString(s[:j-1])
			if j-1 > 0 && p < utf8.RuneSelf && relNameRune(p) {
				j -= size
				continue
			}
			break
		}
		// a middle dot before a legal form separates two names in a list
		// (株式会社甲・株式会社乙) more often than it stands in one
		if !relNameRune(r) || r == '・' {
			break
		}
		j -= size
	}
	for _, p := range relPrefixes {
		if strings.HasPrefix(s[j:i], p) && len(s[j:i]) > len(p) {
			j += len(p)
			break
		}
	}
	return j
}

// relNameRune: kanji, katakana, ー, the middle dot (ホクシン・データサービス),
// Latin letters, digits and & . may stand in a name.
func relNameRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r == '々', r == 'ヶ':
		return true
	case r >= 0x30A1 && r <= 0x30FA, r == 'ー', r == '・':
		return true
	case r < utf8.RuneSelf:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '&' || r == '.'
	}
	return false
}

// relKey is a name without legal forms, spaces and a trailing 社, for
// comparing names.
func relKey(s string) string {
	s = jpname.StripForms(strings.ToLower(norm.NFKC.String(s)))
	s = strings.Join(strings.Fields(s), "")
	if utf8.RuneCountInString(s) > 2 {
		s = strings.TrimSuffix(s, "社")
	}
	return s
}

// sortRelNames orders names by position, full names before short names
// at the same place.
func sortRelNames(ns []relName) {
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].sp.start < ns[j].sp.start })
}

package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// The two dates of a release: when it was published and when the incident
// was first noticed.
//
// published comes from the casebook headline, or else from a line that
// dates the release: a date standing alone on a line (letterhead or
// closing line), after a label such as 発表日 or 更新日, or in a note
// "(令和6年12月6日 10時30分発表)". Dates of earlier releases, of the incident
// or of a disciplinary decision are never taken.
//
// detected is the earliest date given in a sentence that says the
// publisher (or its contractor) noticed or was told of the incident
// (判明, 発覚, 連絡を受け…), or that an attack struck with an immediate
// outage (ランサムウェアに感染, システム障害が発生…), which is noticed at once.
var (
	// labels before a release date, strongest first
	publishedLabels = []struct {
		word  string
		score int
	}{
		{"発表日", 90}, {"記者発表", 85}, {"発表", 80}, {"公表日", 80}, {"発行日", 70}, {"公開日", 60},
		{"作成日", 60}, {"掲載日", 40}, {"更新日付", 40}, {"更新日", 40}, {"最終更新", 35},
	}
	// words in a sentence that say the incident was noticed, or struck so
	// that it was noticed at once
	detectionCues = []string{
		"判明", "発覚", "確認", "気づ", "気付", "検知", "発見", "把握", "連絡を受", "報告を受",
		"通報を受", "指摘を受", "指摘があ", "指摘され", "通報があ", "連絡があ", "報告があ", "申し出があ",
		"申出があ", "問い合わせ", "問合せ", "情報提供", "通知を受", "通知があ", "覚知", "疑いが生じ",
		"警告", "障害が発生", "発生していた障害", "システム障害", "接続障害", "通信障害", "サーバ障害",
		"アクセスできな", "接続できな", "起動しな", "起動できな", "利用できな", "使用不能", "暗号化",
		"ランサムウェアに感染", "ランサムウェア被害", "被害が発生", "攻撃を受", "被害を受", "ダウン",
		"不審な", "異常", "障害が多発", "障害が起き", "連絡が入", "との連絡", "旨の連絡", "との報告", "旨の報告", "との指摘", "との通報", "との相談", "相談があ", "相談を受", "連絡をいただ", "連絡を頂",
		"指摘をいただ", "報告をいただ", "通報をいただ",
		"接続出来な", "アクセス出来な", "利用出来な",
		"気がつ", "気が付", "を認識", "認知", "からの連絡により", "からの連絡で", "からの指摘により",
		"からの指摘で", "からの報告により", "からの報告で", "からの通報により", "からの通報で",
	}
	// words right after a date that make it something other than the day
	// of notice: a period, an earlier release, a plan
	nonEventAfter = []string{"~", "から", "以降", "まで", "の間", "頃から", "より順次", "付", "に公表",
		"にお知らせ", "に公開", "に掲載", "にご報告", "発表", "公表", "までに", "の期間", "以前",
		"時点", "現在"}
)

type dateSet struct {
	d        *doc
	h        headline
	mentions []dateMention
	pub      jikenbo.Date
	pubSpan  span
	pubOK    bool
	pubScore int // how the release date was read: 100 from the headline, else releaseDate's score
}

func readDates(d *doc, h headline) dateSet {
	ds := dateSet{d: d, h: h, mentions: dayOnlyMentions(d.norm, findDates(d.norm))}
	if !h.date.IsZero() {
		ds.pub, ds.pubSpan, ds.pubOK, ds.pubScore = h.date, h.dateSpan, true, 100
	} else if h.caseID == "" && h.org == "" {
		ds.pub, ds.pubSpan, ds.pubScore = ds.releaseDate()
		ds.pubOK = ds.pubScore > 0
	}
	return ds
}

func (ds dateSet) published() (jikenbo.Date, span, bool) { return ds.pub, ds.pubSpan, ds.pubOK }

// releaseDate finds the line that dates a raw release, and how strongly
// the line says so (0: none found).
func (ds dateSet) releaseDate() (jikenbo.Date, span, int) {
	d := ds.d
	best, bestScore := dateMention{}, 0
	for _, m := range ds.mentions {
		if !m.hasYear() {
			continue
		}
		li := d.lineOf(m.sp.start)
		l := d.lines[li]
		// windows of the line around the date keep this linear on long
		// lines; "…" marks a line that goes on beyond the window
		before := strings.TrimSpace(d.norm[max(l.start, m.sp.start-120):m.sp.start])
		if m.sp.start-l.start > 120 {
			before = "…" + before
		}
		after := strings.TrimSpace(d.norm[m.sp.end:min(l.end, m.sp.end+120)])
		if l.end-m.sp.end > 120 {
			after += "…"
		}
		after = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(trimWeekday(after)), ""))
		score := 0
		switch {
		case strings.HasSuffix(before, "(") && strings.Contains(after, "発表)"):
			score = 85 // (令和6年12月6日 10時30分発表)
		case before == "" && hasAnyPrefix(after, []string{"発表", "公表", "付"}) && len(after) <= 12:
			score = 80 // 令和6年2月9日発表
		case before == "" && after == "":
			score = 50 // a date alone on its line
			if ds.nextToOrgOrPress(li) {
				score = 95 // a letterhead: the date beside the name
			}
		case before == "" && li == ds.firstLine() && after != "" && !strings.Contains(after, "、") && !strings.Contains(after, "。"):
			score = 45 // 令和4年6月20日 サイバー攻撃による被害について(第1報)
		default:
			for _, lab := range publishedLabels {
				if strings.Contains(before, lab.word) && len(before) <= 40 && !strings.HasPrefix(before, "…") && (after == "" || strings.HasPrefix(after, "/") || strings.HasPrefix(after, "(")) {
					score = lab.score
					break
				}
			}
		}
		if score > bestScore {
			best, bestScore = m, score
		}
	}
	if bestScore == 0 {
		return jikenbo.Date{}, span{}, 0
	}
	return best.date, best.sp, bestScore
}

func (ds dateSet) firstLine() int {
	for i, l := range ds.d.lines {
		if strings.TrimSpace(ds.d.text(l)) != "" {
			return i
		}
	}
	return -1
}

// nextToOrgOrPress reports whether a line beside li (skipping blanks) is
// an organisation's name or the words 記者発表資料: the date is then the
// release's letterhead date.
func (ds dateSet) nextToOrgOrPress(li int) bool {
	d := ds.d
	for _, step := range []int{-1, 1} {
		for j := li + step; j >= 0 && j < len(d.lines); j += step {
			t := strings.TrimSpace(d.text(d.lines[j]))
			if t == "" {
				continue
			}
			if strings.Contains(t, "記者発表") || strings.Contains(t, "報道発表") {
				return true
			}
			if n := orgAt(t); n > 0 && letterheadTail(t[n:]) && !genericNames.MatchString(t) {
				return true
			}
			break
		}
	}
	return false
}

func trimWeekday(s string) string {
	if m := reWeekday.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// detReading tells the confidence layer how detected was read: how many
// distinct days the release gives as days of notice, and whether any
// sentence names a notice at all.
type detReading struct {
	days    int
	cueSeen bool
	bounded bool // no day of notice stated: the only day between the incident and the first response
	stated  bool // the day taken stands right against its verb of notice (…が5月1日に判明)
	opens   bool // the day taken opens the sentence that tells the notice (5月1日、…連絡を受けました。)
}

// detected returns the earliest date of notice.
func (ds dateSet) detected() (jikenbo.Date, span, detReading, bool) {
	d := ds.d
	var best jikenbo.Date
	var bestSpan span
	var rd detReading
	days := map[jikenbo.Date]bool{}
	// a labelled day of notice (発覚日:…) is the answer
	if i := ds.labelledNotice(); i >= 0 {
		if date, ok := ds.fullDate(i); ok && !(ds.pubOK && ds.pub.Before(date)) {
			rd.days, rd.cueSeen, rd.stated = 1, true, true
			return date, ds.mentions[i].sp, rd, true
		}
	}
	for i, m := range ds.mentions {
		after := d.norm[m.sp.end:min(len(d.norm), m.sp.end+24)]
		after = trimWeekday(after)
		if hasAnyPrefix(strings.TrimLeft(after, " "), nonEventAfter) && !firstOfGradualNotice(after) {
			continue
		}
		if i > 0 && ds.mentions[i-1].sp.end+4 >= m.sp.start && strings.Contains(d.norm[ds.mentions[i-1].sp.end:m.sp.start], "~") {
			continue // the end of a range
		}
		if ds.pubOK && m.sp == ds.pubSpan || ds.h.dateSpan == m.sp && m.sp.end > 0 {
			continue // the release's own date
		}
		stated := statedNotice(d.norm, m.sp)
		clause, ok := ds.eventClause(m)
		if ok {
			clause = ds.laterDateCut(i, clause)
			if inRelativeClause(clause) && i+1 < len(ds.mentions) && ds.mentions[i+1].sp.start < m.sp.end+len(clause) {
				clause = ds.d.norm[m.sp.end:ds.mentions[i+1].sp.start]
			}
		}
		narrative := false
		if (!ok || !hasDetectionCue(clause) || priorEvent(clause)) && !stated {
			if !ok || hasDetectionCue(clause) || !ds.narrativeNotice(m) {
				continue
			}
			narrative = true
		}
		opens := false
		if ok && !narrative {
			sent := d.sentenceAt(m.sp.start)
			own := ds.laterDateCut(i, d.norm[m.sp.end:max(m.sp.end, min(sent.end, m.sp.end+400))])
			opens = strings.TrimSpace(d.norm[sent.start:m.sp.start]) == "" && hasDetectionCue(own) && !priorEvent(own)
		}
		date, ok := ds.fullDate(i)
		if !ok {
			continue
		}
		if ds.pubOK && ds.pub.Before(date) {
			continue
		}
		days[date] = true
		if best.IsZero() || date.Before(best) {
			best, bestSpan, rd.stated, rd.opens = date, m.sp, stated, opens
		}
	}
	// days named by the day before them (翌日、…に気づき)
	for _, r := range ds.relativeNotices() {
		if ds.pubOK && ds.pub.Before(r.date) {
			continue
		}
		days[r.date] = true
		if best.IsZero() || r.date.Before(best) {
			best, bestSpan, rd.stated, rd.opens = r.date, r.sp, false, false
		}
	}
	rd.days = len(days)
	rd.cueSeen = rd.days > 0 || hasDetectionCue(d.norm)
	if best.IsZero() {
		if date, sp, ok := ds.boundedNotice(); ok {
			best, bestSpan, rd.bounded = date, sp, true
		}
	}
	return best, bestSpan, rd, !best.IsZero()
}

// priorEvent: the clause says the notice was of something that had
// happened before (…を受けていたことが確認された): the date it follows is
// the day of that event, not of the notice. The date is joined to the
// inner verb by に, and the pluperfect ていた before こと marks it.
func priorEvent(clause string) bool {
	head := trimWeekday(clause)
	if m := reTimeOfDay.FindStringIndex(head); m != nil {
		head = head[m[1]:]
	}
	if !strings.HasPrefix(head, "に") {
		return false // 12月13日、…が行われていたことが確認された: the date is of the main verb
	}
	k := strings.Index(clause, "ていたこと")
	if k < 0 {
		k = strings.Index(clause, "ていた事")
	}
	if k < 0 {
		return false
	}
	cue := strings.Index(cueFalseFriends.Replace(clause), "確認")
	for _, c := range detectionCues {
		if j := strings.Index(clause, c); j >= 0 && (cue < 0 || j < cue) {
			cue = j
		}
	}
	return cue > k
}

// firstOfGradualNotice: a date followed by 以降 and a verb of notice
// (10月28日以降に順次判明): the first day things came to light.
func firstOfGradualNotice(after string) bool {
	rest, ok := strings.CutPrefix(strings.TrimLeft(after, " "), "以降")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "に"), "、")
	rest = strings.TrimPrefix(rest, "順次")
	return hasAnyPrefix(rest, noticeStems)
}

// Words of the incident itself, and of the publisher's first answer to it:
// a notice falls between the two.
var (
	incidentWords = []string{"誤送信", "送信", "誤送付", "送付", "誤配", "紛失", "置き忘", "盗難", "盗まれ",
		"不正アクセス", "不正ログイン", "攻撃", "感染", "誤って", "誤公開", "漏えい", "漏洩", "流出"}
	responseWords = []string{"お詫び", "おわび", "謝罪", "削除を依頼", "削除依頼", "削除をお願い",
		"報告書", "第1報", "第一報", "報告いたしました", "報告しました", "パスワードを変更", "閉鎖",
		"回収", "警察に", "警察へ", "個人情報保護委員会"}
)

// boundedNotice reads the day of notice a release does not state but
// leaves no doubt about: the last day named for the incident (a mis-send,
// a loss, an attack) is also the first day named for the publisher's
// answer (an apology, a report, a request to delete), or the release's own
// date. Range ends and periods are not days of the incident.
func (ds dateSet) boundedNotice() (jikenbo.Date, span, bool) {
	d := ds.d
	var last, first jikenbo.Date
	var lastSpan span
	if ds.pubOK {
		first = ds.pub
	}
	for i, m := range ds.mentions {
		if ds.pubOK && m.sp == ds.pubSpan || ds.h.dateSpan == m.sp && m.sp.end > 0 {
			continue
		}
		after := strings.TrimLeft(trimWeekday(d.norm[m.sp.end:min(len(d.norm), m.sp.end+24)]), " ")
		if strings.HasPrefix(after, "~") || strings.HasPrefix(after, "まで") || strings.HasPrefix(after, "の期間") || strings.HasPrefix(after, "の間") {
			continue
		}
		if i > 0 && ds.mentions[i-1].sp.end+4 >= m.sp.start && strings.Contains(d.norm[ds.mentions[i-1].sp.end:m.sp.start], "~") {
			continue
		}
		clause, ok := ds.eventClause(m)
		if !ok {
			continue
		}
		date, ok := ds.fullDate(i)
		if !ok {
			continue
		}
		if containsAny(clause, responseWords) && (first.IsZero() || date.Before(first)) {
			first = date
		}
		if containsAny(clause, incidentWords) && !containsAny(clause, responseWords) && (last.IsZero() || last.Before(date)) {
			last, lastSpan = date, m.sp
		}
	}
	if last.IsZero() || last != first {
		return jikenbo.Date{}, span{}, false
	}
	return last, lastSpan, true
}

// eventClause returns what a release says happened on the date of m: the
// rest of its sentence; the next line too when the date stands as the
// heading of a timeline entry (【令和7年2月19日(水曜日)】, 6月3日(金曜),
// 2022年4月12日(火) 17時頃); and the next sentence when that one goes on
// from the same day (同日の夜に…連絡が入り, 2分後、…気づきました).
// A date inside a sentence that already told of the notice (…確認した
// ところ、2月17日の…) or after another date (11月30日、11月21日に使用した…)
// opens no clause.
func (ds dateSet) eventClause(m dateMention) (string, bool) {
	d := ds.d
	sent := d.sentenceAt(m.sp.start)
	if m.sp.start-sent.start > 160 {
		return "", false
	}
	if sent.end-m.sp.end > 400 {
		sent.end = m.sp.end + 400 // a window keeps long runs of text linear
	}
	prefix := d.norm[sent.start:m.sp.start]
	if utf8.RuneCountInString(prefix) > 60 || hasDetectionCue(prefix) || strings.Contains(prefix, "ところ") {
		return "", false
	}
	// a date before it in the sentence, unless a clause of its own ends
	// between them (5月1日に感染し、|5月3日に判明) or it qualifies a noun
	// (5月8日に送信したメールについて、|5月10日に指摘を受け)
	if ps := findDates(prefix); len(ps) > 0 && !verbComma(prefix[ps[len(ps)-1].sp.end:]) && !inRelativeClause(prefix[ps[len(ps)-1].sp.end:]) {
		return "", false
	}
	clause := d.norm[m.sp.end:sent.end]
	li := d.lineOf(m.sp.start)
	lineRest := strings.TrimSpace(d.norm[m.sp.end:min(d.lines[li].end, m.sp.end+120)])
	next := func(from int) string {
		for j := from; j < len(d.lines) && j <= from+2; j++ {
			t := d.text(d.lines[j])
			if strings.TrimSpace(t) == "" {
				continue
			}
			return t
		}
		return ""
	}
	if utf8.RuneCountInString(lineRest) <= 25 && !strings.ContainsAny(lineRest, "、。") {
		t := next(li + 1)
		// not the next entry of a timeline, which opens with its own date
		if ds := findDates(t); len(ds) == 0 || len(t) > 90 && !bulletOnly(strings.TrimSpace(t[:ds[0].sp.start])) {
			clause += "\n" + t
		}
	} else if !hasDetectionCue(clause) {
		// the sentence after, when it carries on from the same day
		t := d.norm[sent.end:min(d.lines[li].end, sent.end+400)]
		if strings.TrimSpace(t) == "" {
			t = next(li + 1)
		}
		if k := strings.Index(t, "。"); k >= 0 {
			t = t[:k]
		}
		if len(findDates(t)) == 0 && containsAny(t, sameDayMarks) {
			clause += "\n" + t
		}
	}
	return clause, true
}

// noticeStems are the verbs of noticing that tie a date to the notice
// when they stand right against it: "…ことが2023年11月21日に判明",
// "不正アクセスが発覚した2022年8月19日".
var noticeStems = []string{"判明", "発覚", "確認", "発見", "検知", "覚知", "把握", "気づ", "気付",
	"気がつ", "気が付", "認識", "認知", "連絡を受", "報告を受", "通報を受", "指摘を受", "通知を受"}

// noticeBefore are the endings of a clause that makes the date after it
// the day of notice: 発覚した|2022年8月19日.
var noticeBefore = func() []string {
	var out []string
	for _, stem := range []string{"判明", "発覚", "確認", "発見", "検知", "覚知", "把握", "認識", "認知"} {
		out = append(out, stem+"した", stem+"された", stem+"いたした")
	}
	return append(out, "気づいた", "気付いた", "気がついた", "気が付いた", "連絡を受けた", "報告を受けた", "通報を受けた", "指摘を受けた")
}()

var reTimeOfDay = regexp.MustCompile(`^ *(?:午前|午後|夕方|夜|朝)? *(?:[0-9]{1,2} *時(?: *[0-9]{1,2} *分)?)? *(?:頃|ごろ)?`)

// statedNotice: the sentence states the date as the day of notice, right
// against the verb, however long the sentence before it: the date is
// followed by に and a verb of noticing, or preceded by one in a clause
// that qualifies it.
func statedNotice(norm string, sp span) bool {
	after := trimWeekday(norm[sp.end:min(len(norm), sp.end+48)])
	if m := reTimeOfDay.FindStringIndex(after); m != nil {
		after = after[m[1]:]
	}
	if rest, ok := strings.CutPrefix(after, "に"); ok && hasAnyPrefix(strings.TrimLeft(rest, "、 "), noticeStems) {
		return true
	}
	if firstOfGradualNotice(after) {
		return true
	}
	before := strings.TrimRight(norm[max(0, sp.start-24):sp.start], " ")
	return endsWithAny(before, noticeBefore)
}

// cueFalseFriends are words that hold a detection cue without meaning a
// notice: 確認書 is a form, 暗号化機能付きUSBメモリ a protection.
var cueFalseFriends = strings.NewReplacer(
	"確認書", "", "確認票", "", "確認表", "", "確認作業", "",
	"暗号化機能", "", "暗号化処理", "", "暗号化して", "", "暗号化済", "", "暗号化された状態で保存", "",
)

// hasDetectionCue reports whether clause says the incident was noticed.
func hasDetectionCue(clause string) bool {
	if !containsAny(clause, detectionCues) {
		return false
	}
	return containsAny(cueFalseFriends.Replace(clause), detectionCues)
}

// sameDayMarks begin a sentence that goes on from the day just named.
var sameDayMarks = []string{"同日", "当日", "直後", "分後", "時間後", "その後すぐ", "同時刻"}

// fullDate gives a mention its year: its own, else that of a full date
// earlier in the same sentence, else the year of the release (headline
// date, release date line or case number). Without any of these the date
// stays unknown: a year is never guessed.
func (ds dateSet) fullDate(i int) (jikenbo.Date, bool) {
	m := ds.mentions[i]
	if m.hasYear() {
		return m.date, true
	}
	// the nearest full date before it, if it stands in the same sentence
	// or a few lines above (a timeline heading, the sentence a year-less
	// date follows)
	for j := i - 1; j >= 0; j-- {
		p := ds.mentions[j]
		if !p.hasYear() {
			continue
		}
		sent := ds.d.sentenceAt(m.sp.start)
		if p.sp.start >= sent.start || ds.d.lineOf(m.sp.start)-ds.d.lineOf(p.sp.start) <= 3 {
			return withYear(m, p.date.Year, jikenbo.Date{})
		}
		break
	}
	if ds.pubOK {
		return withYear(m, ds.pub.Year, ds.pub)
	}
	if ds.h.caseID != "" {
		var y int
		for _, c := range ds.h.caseID[:4] {
			y = y*10 + int(c-'0')
		}
		return withYear(m, y, jikenbo.Date{})
	}
	return jikenbo.Date{}, false
}

func hasAnyPrefix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

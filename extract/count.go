package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Counts of affected people and cards.
//
// Every number with a counter (17,171件, 1,850名, 2人分, 約3万件, 1万2千件,
// 三千名) is a candidate. A candidate is a card count when the words just
// before it are about card information (クレジットカード情報(2,162件)),
// otherwise a person count. Candidates that count something else are
// dropped: staff (職員1名), objects (アカウント1件, 通知書994件), e-mails
// (約2万件のメール), recipients (217名の会員様へ), the parts of a breakdown
// (内、…868名分) and earlier figures (公表した件数(2,713件)).
//
// The headline count is then, in this order: a de-duplicated total
// (名寄せ後, 同一の者を除くと), a stated total (計, 合計, 全), the first count
// in a sentence about the leak, or the only count there is. A list of
// counts with no total gives no headline count (unknown, not a sum),
// except two groups joined by 及び (生徒19名及びその保護者18名), which is
// one group of people.
var (
	reCount = regexp.MustCompile(`((?:[0-9](?:[0-9]|,\s*[0-9]{3})*(?:\.[0-9]+)?|[〇一二三四五六七八九十百千]+)(?:\s*千)?(?:\s*万\s*(?:[0-9][0-9,]*(?:\s*千)?|[〇一二三四五六七八九十百千]+)?)?)\s*(件|名|人)(分)?`)

	dedupMarks = []string{"名寄せ", "除くと", "除いた", "重複を除", "重複除", "実人数", "ユニーク"}
	totalMarks = []string{"合計", "総計", "総数", "最大件数", "計", "全", "あわせて", "合わせて"}
	// words before a count that make it a count of something other than
	// the people whose data leaked
	staffNouns  = []string{"職員", "社員", "スタッフ", "要員", "教員", "従業員", "教諭", "委員", "上司", "役員", "添乗員", "看護師"}
	objectNouns = []string{"アカウント", "端末", "パソコン", "pc", "usb", "メモリ", "サーバ", "ファイル", "文書", "書類",
		"通知書", "申請書", "届出書", "案件", "事案", "事故", "回線", "台", "封筒", "用紙", "ページ", "サイト", "店舗", "施設", "メール",
		"アクセス", "ログイン", "閲覧", "送信"}
	reOrgCount   = regexp.MustCompile(`[0-9]+\s*(?:社|事業所|校|団体|店舗|施設|法人)\s*$`)
	earlierMarks = []string{"公表した", "お知らせした", "前回", "当初"}
	roughMarks   = []string{"延べ", "のべ", "延"}
	sendWords    = []string{"送信", "送付", "配信", "通知", "連絡", "郵送"}
	// words that put a count in a sentence about the leak itself
	leakWords = []string{"漏えい", "漏洩", "流出", "紛失", "誤送信", "誤送付", "閲覧可能", "窃取", "盗難", "漏れ",
		"対象", "影響", "可能性", "件数", "人数", "おそれ", "恐れ", "誤って", "含まれ", "保存", "記載", "情報",
		"表示", "閲覧", "宛先", "bcc", "推定", "見込", "最大で"}
)

type countCand struct {
	value    int
	sp       span
	card     bool
	person   bool // the card count's unit is people (名), or the context lists personal data too
	dedup    bool
	total    bool
	rough    bool
	leak     bool
	joinedTo int // "A N名及びB M名": where the count joined by 及び starts, or 0
	listItem bool
	people   bool // counted in 名 or 人
	labelled bool // the value of a label naming the leak (漏えいした人数: 12名)
}

// countReading tells the confidence layer how a count was chosen: how
// (cnt* below) and how many different values the candidates of the leak
// give.
type countReading struct {
	how    string
	values int
}

const (
	cntDedup    = "dedup"    // a de-duplicated total (名寄せ後)
	cntTotal    = "total"    // a total (合計, 計)
	cntSum      = "sum"      // two groups joined by 及び
	cntLabel    = "label"    // the value of a label naming the leak
	cntLeak     = "leak"     // the first count in a sentence about the leak
	cntRepeated = "repeated" // a count of people repeated alone, no leak sentence
	cntNone     = ""         // no count
)

// readCounts returns the affected people and cards.
func readCounts(d *doc) (persons *int, personsSpan span, cards *int, cardsSpan span, pr, cr countReading) {
	if !strings.ContainsAny(d.norm, "件名人") {
		return nil, span{}, nil, span{}, pr, cr
	}
	var matches [][]int
	for _, seg := range segmentsAround(d.norm, unitPositions(d.norm), 48, 8) {
		for _, m := range reCount.FindAllStringSubmatchIndex(d.norm[seg.start:seg.end], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += seg.start
				}
			}
			matches = append(matches, m)
		}
	}
	var cands []countCand
	for i, m := range matches {
		prevEnd := -1
		if i > 0 {
			prevEnd = matches[i-1][1]
		}
		if c, ok := classifyCount(d, m, prevEnd); ok {
			cands = append(cands, c)
		}
	}
	var pc, cc []countCand
	for _, c := range cands {
		if c.card {
			cc = append(cc, c)
			if c.person {
				pc = append(pc, c)
			}
		} else {
			pc = append(pc, c)
		}
	}
	pr, cr = countReading{values: leakValues(pc)}, countReading{values: leakValues(cc)}
	if c, how, ok := headlineCount(pc); ok {
		persons, personsSpan, pr.how = &c.value, c.sp, how
	}
	if c, how, ok := headlineCount(cc); ok {
		cards, cardsSpan, cr.how = &c.value, c.sp, how
	}
	return persons, personsSpan, cards, cardsSpan, pr, cr
}

// leakValues counts the different values of the candidates in sentences
// about the leak.
func leakValues(cs []countCand) int {
	seen := map[int]bool{}
	for _, c := range cs {
		if c.leak && !c.rough {
			seen[c.value] = true
		}
	}
	return len(seen)
}

// headlineCount picks the count a casebook editor would quote, and says
// how it chose it.
func headlineCount(cs []countCand) (countCand, string, bool) {
	if len(cs) == 0 {
		return countCand{}, cntNone, false
	}
	for _, c := range cs {
		if c.dedup {
			return c, cntDedup, true
		}
	}
	largest := 0
	for _, c := range cs {
		if c.leak && !c.rough && c.value > largest {
			largest = c.value
		}
	}
	// a total is never smaller than the counts it adds up; of several
	// totals the largest is the whole
	var total *countCand
	for i, c := range cs {
		if c.total && !c.rough && c.value >= largest && (total == nil || c.value > total.value) {
			total = &cs[i]
		}
	}
	if total != nil {
		return *total, cntTotal, true
	}
	for _, c := range cs {
		if c.labelled && !c.rough {
			return c, cntLabel, true
		}
	}
	var leak []countCand
	for _, c := range cs {
		if c.leak && !c.rough {
			leak = append(leak, c)
		}
	}
	how := cntLeak
	if len(leak) == 0 {
		how = cntRepeated
		// no count in a sentence about the leak: only a count of people
		// that the release repeats alone (利用者2名分 … 利用者2名) is taken
		var people []countCand
		for _, c := range cs {
			if !c.rough && c.people {
				people = append(people, c)
			}
		}
		if len(people) > 0 && all(people, func(c countCand) bool { return c.value == people[0].value }) {
			leak = people[:1]
		}
	}
	if len(leak) == 0 {
		return countCand{}, cntNone, false
	}
	first := leak[0]
	if first.joinedTo > 0 && len(leak) > 1 && leak[1].sp.start == first.joinedTo {
		sum := first
		sum.value += leak[1].value
		sum.sp.end = leak[1].sp.end
		return sum, cntSum, true
	}
	if first.listItem {
		// one item of a list with no total: the total is unknown
		n := 0
		for _, c := range leak {
			if c.listItem {
				n++
			}
		}
		if n > 1 {
			return countCand{}, cntNone, false
		}
	}
	return first, how, true
}

// unitPositions returns where the counters 件, 名 and 人 stand: a count
// can only end there.
func unitPositions(text string) []int {
	var out []int
	for i := 0; i+3 <= len(text); i++ {
		if c := text[i]; c == 0xE4 || c == 0xE5 {
			if u := text[i : i+3]; u == "件" || u == "名" || u == "人" {
				out = append(out, i)
			}
		}
	}
	return out
}

// classifyCount reads one match of reCount; prevEnd is where the count
// before it ends (-1 for none).
func classifyCount(d *doc, m []int, prevEnd int) (countCand, bool) {
	numText := d.norm[m[2]:m[3]]
	unit := d.norm[m[4]:m[5]]
	v, ok := parseJapaneseNumber(numText)
	if !ok || v <= 0 {
		return countCand{}, false
	}
	start, end := m[0], m[1]
	// a number glued to letters or digits before it is part of something
	// else (令和5年度, R6, 第2)
	if start > 0 {
		prev, _ := utf8.DecodeLastRuneInString(d.norm[:start])
		if prev == '第' || prev == '.' || prev == '-' || prev == '/' || prev < utf8.RuneSelf && isWordByte(byte(prev)) {
			return countCand{}, false
		}
	}
	l := d.lines[d.lineOf(start)]
	l.end = max(l.end, end) // a number broken over two lines (1,\n244件)
	sentStart := d.sentenceAt(start).start
	// the sentence before the number, at most 240 bytes of it: a window
	// keeps the extractor linear on texts without sentence ends
	before := d.low[max(sentStart, start-240):start]
	after := d.low[end:min(l.end, end+150)]
	// the words before the number, back to the previous count at most
	afterCount := false
	if bs := start - len(before); prevEnd > bs && prevEnd <= start {
		before = before[prevEnd-bs:]
		afterCount = true
	}
	near := lastRunes(before, 14)
	c := countCand{value: v, sp: span{start, end}, people: unit != "件"}
	// a bracket right after the number may qualify it:
	// 69,403件(委託元が公表した名寄せ後件数合計)
	paren := ""
	if a := strings.TrimLeft(after, " "); strings.HasPrefix(a, "(") {
		paren = bracketed(a)
	}

	// 職員1名, 要員(1名), 当社スタッフ 1 名: a count of staff
	if endsWithAny(strings.TrimRight(near, " (:"), staffNouns) {
		return countCand{}, false
	}
	// アカウント1件, 納入通知書994件: a count of things; but 78社109名 and
	// 76事業所85件 count people across organisations
	if endsWithAny(strings.TrimRight(lastRunes(before, 8), " :(約がはも"), objectNouns) && !reOrgCount.MatchString(before) {
		return countCand{}, false
	}
	// 4件の決裁文書, 3件の情報発信: the things themselves. The head of a
	// Japanese noun phrase is its last word.
	if a := strings.TrimPrefix(after, "分"); strings.HasPrefix(a, "の") {
		head := firstRunes(a[len("の"):], 12)
		if k := strings.IndexAny(head, "、のがをはにで(「"); k >= 0 {
			head = head[:k]
		}
		if endsWithAny(head, objectNouns) || endsWithAny(head, []string{"事案", "発信", "投稿", "本文"}) {
			return countCand{}, false
		}
	}
	// 2人1組: a group size
	if len(after) > 0 && isDigit(after[0]) {
		return countCand{}, false
	}
	// 県立高校において2件、: a count of incidents
	if strings.HasPrefix(after, "、") && endsWithAny(strings.TrimSpace(before), []string{"において", "で", "では", "にて"}) {
		return countCand{}, false
	}
	if strings.HasPrefix(after, "のメール") && !strings.HasPrefix(after, "のメールアドレス") || strings.HasPrefix(after, "のメッセージ") {
		return countCand{}, false
	}
	if unit == "名" || unit == "人" {
		if k := strings.IndexAny(after, "へ宛"); k >= 0 && k < 16 && !strings.Contains(after[:k], "情報") {
			return countCand{}, false // recipients: 217名の会員様へ
		}
		if strings.HasPrefix(after, "に") && containsAny(firstRunes(after, 16), sendWords) ||
			containsAny(paren, sendWords) {
			return countCand{}, false // recipients: 履修者63名に送信, 保護者 58名(BCCにて送信)
		}
	}
	// (内、亡くなられた方の情報が868名分): a part of the count just given
	if afterCount && (containsAny(before, []string{"(内", "〔内", "[内", "【内", "(うち", "〔うち", "内、", "うち、", "内訳", "このうち"})) {
		return countCand{}, false
	}
	if containsAny(near, earlierMarks) {
		return countCand{}, false
	}
	if strings.Contains(lastRunes(before, 5), "各") {
		return countCand{}, false
	}
	// an hour before it: 17時23分 500件 is a batch of a sending
	if strings.HasSuffix(strings.TrimSpace(lastRunes(before, 4)), "分") {
		return countCand{}, false
	}
	// "96件(88名)": the people behind the records
	if unit == "件" {
		if mm := reCount.FindStringSubmatchIndex(after); mm != nil && strings.HasPrefix(after, "(") && mm[0] == 1 {
			if u := after[mm[4]:mm[5]]; u == "名" || u == "人" {
				if w, ok := parseJapaneseNumber(after[mm[2]:mm[3]]); ok {
					c.value = w
					c.sp = span{end + mm[0], end + mm[1]}
				}
			}
		}
	}
	c.rough = containsAny(lastRunes(before, 6), roughMarks)
	if reCount.MatchString(paren) {
		paren = "" // 53,902件(名寄せ後 41,077名): the bracket qualifies its own count
	}
	c.dedup = !c.rough && (containsAny(near, dedupMarks) || containsAny(paren, dedupMarks))
	trimmedNear := strings.TrimRight(lastRunes(before, 6), " 約")
	c.total = endsWithAny(trimmedNear, totalMarks) || strings.Contains(lastRunes(before, 10), "合計") ||
		strings.Contains(lastRunes(before, 10), "あわせて") || strings.Contains(paren, "合計") ||
		strings.Contains(paren, "含") // 5,733名(上記のお客様を含みます)

	// card or person: what the clause before the number speaks of
	clause := before
	for _, sep := range []string{"、", "及び", "および", "並びに", "と、"} {
		if k := strings.LastIndex(clause, sep); k >= 0 {
			clause = clause[k+len(sep):]
		}
	}
	// a count alone on its line takes its subject from the lines above
	// (【流出した可能性のある最大件数】 / 1,207件)
	alone := start-l.start < 64 && strings.TrimSpace(strings.Trim(d.low[l.start:start], " -・:●")) == "" || strings.TrimSpace(before) == ""
	ctx := clause
	if alone {
		ctx = d.low[d.lines[max(0, d.lineOf(start)-4)].start:start]
		c.total = c.total || strings.Contains(ctx, "最大件数") || strings.Contains(ctx, "合計")
	}
	if k := strings.LastIndex(ctx, "カード"); k >= 0 {
		tail := ctx[k:]
		if !containsAny(tail, []string{"お客様", "お客さま", "会員", "利用者", "顧客", "ユーザー", "方は", "方が"}) {
			c.card = true
			c.person = unit != "件" && !strings.Contains(tail, "情報") ||
				alone && containsAny(withoutCardBracket(ctx), []string{"氏名", "住所", "個人情報", "メールアドレス"})
		}
	}
	// a label line: 利用者のメールアドレス 1,780件
	labelLine := l.end-l.start < 300 && !strings.Contains(d.low[l.start:l.end], "。") &&
		endsWithAny(strings.TrimRight(before, " :(約)"), []string{"アドレス", "氏名", "情報", "住所", "番号", "データ", "件数", "人数"})
	c.leak = alone || labelLine || containsAny(d.low[sentStart:min(l.end, end+60)], leakWords) ||
		strings.Contains(lastRunes(before, 8), ":")
	// a label that names the leak itself, then a colon and the count, on
	// a line of its own (漏えいした人数: 12名, 個人情報漏洩の範囲: 1名)
	if label, ok := strings.CutSuffix(strings.TrimRight(strings.TrimSuffix(strings.TrimRight(before, " "), "約"), " "), ":"); ok &&
		!strings.Contains(d.low[l.start:l.end], "。") && containsAny(label, []string{"漏えい", "漏洩", "流出", "漏れ"}) {
		c.labelled = true
	}
	// A list: the count is one of several items on bullet lines, or one of
	// several counts on its line separated by 、.
	lineText := strings.TrimSpace(d.low[l.start:min(l.end, l.start+16)])
	if strings.HasPrefix(lineText, "・") || strings.HasPrefix(lineText, "-") || strings.HasPrefix(lineText, "(") {
		c.listItem = true
	}
	if strings.HasSuffix(strings.TrimSpace(after), "") {
		rest := after
		if len(rest) > 0 && (strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, "分、")) {
			if mm := reCount.FindStringIndex(rest); mm != nil && mm[0] < 30 {
				c.listItem = true
			}
		}
	}
	if k := strings.Index(after, "及び"); k >= 0 && k < 20 {
		if mm := reCount.FindStringIndex(after[k:]); mm != nil && mm[0] < 30 {
			c.joinedTo = end + k + mm[0]
		}
	}
	return c, true
}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func endsWithAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// parseJapaneseNumber reads 17,171 / 1.5万 / 3万 / 1万2千 / 三千 / 二万五千.
func parseJapaneseNumber(s string) (int, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ',' || r == ' ' || r == '\n' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return 0, false
	}
	total, section, cur := 0, 0, 0
	frac, fracDiv := 0, 0
	seenDigit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if fracDiv > 0 {
				frac = frac*10 + int(r-'0')
				fracDiv *= 10
			} else {
				cur = cur*10 + int(r-'0')
			}
			seenDigit = true
		case r == '.':
			fracDiv = 1
		case kanjiDigits[r] > 0 || r == '〇':
			cur = cur*10 + kanjiDigits[r]
			seenDigit = true
		case r == '十' || r == '百' || r == '千':
			mul := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
			if !seenDigit {
				cur = 1
			}
			section += cur * mul
			cur, seenDigit = 0, false
		case r == '万':
			if !seenDigit && section == 0 {
				cur = 1
			}
			n := (section + cur) * 10000
			if fracDiv > 1 {
				n += frac * 10000 / fracDiv
			}
			total += n
			section, cur, frac, fracDiv, seenDigit = 0, 0, 0, 0, false
		default:
			return 0, false
		}
		if total > 1<<40 || cur > 1<<40 {
			return 0, false
		}
	}
	if fracDiv > 1 {
		return 0, false // 1.5件 is no count
	}
	return total + section + cur, true
}

// firstRunes returns the first n runes of s.
func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// withoutCardBracket removes "カード情報(番号、有効期限、住所…)" so that the
// card's own fields do not count as a list of personal data.
func withoutCardBracket(s string) string {
	for {
		k := strings.Index(s, "カード情報(")
		if k < 0 {
			return s
		}
		e := strings.Index(s[k:], ")")
		if e < 0 {
			return s[:k]
		}
		s = s[:k] + s[k+e+1:]
	}
}

func all[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// bracketed returns the text of the bracket that s opens, nested brackets
// included: (上記(1)のお客様を含みます) as a whole. An unclosed bracket
// gives what there is.
func bracketed(s string) string {
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return s[1:i]
			}
		}
	}
	return s[1:]
}

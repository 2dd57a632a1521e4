package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// How a raw release (no casebook headline) names its publisher, strongest
// first:
//
//  1. a letterhead or signature line holding only the name, perhaps with
//     its reading, a representative's title and name, or a telephone
//     number (株式会社ほくせん / 鹿嶋市長 田口 伸一 / 産業医科大学病院長);
//  2. a definition "株式会社X(以下「当社」)";
//  3. a sentence that begins with the name as the subject of the incident
//     (青梅市が保有する…, この度、熱海所記念病院において…, 宮崎市の職員が…).
//
// A release that only says 当社, 本市 or 当院 has no publisher: unknown is
// left empty rather than guessed.
var (
	// what may follow the name on a letterhead line
	letterheadTails = []string{"長", "代表取締役", "取締役", "代表理事", "理事長", "会長", "社長",
		"学長", "院長", "病院長", "市長", "町長", "村長", "知事", "総長", "電話", "tel", "TEL", "Tel"}
	// the phrases after a name that make it the subject of the incident
	subjectTails = []string{"において", "におきまして", "が保有", "の保有", "の職員", "職員", "の教職員",
		"元社員", "の元社員", "社員", "の従業員", "会員の皆様", "は、", "では、", "が運営する", "の運営する",
		"が管理する", "の管理する", "が提供する", "の提供する"}
	// openers that may stand before the subject at the start of a sentence
	sentenceOpeners = []string{"このたび、", "この度、", "このたびは、", "今般、", "このたび", "この度"}
	reDefinition    = regexp.MustCompile(`\(\s*以下[、,]?\s*[「『"]?[当弊本](?:社|院|学|所|会|法人|協会|機構|行|金庫|組合|市|町|村|県|団体|財団|センター|病院|大学|研究所)`)
	rePersonName    = regexp.MustCompile(`^[\p{Han}\p{Katakana}ー]{1,4}(?: [\p{Han}\p{Katakana}ー]{1,4})?$`)
	// addressees, never the publisher: 会員各位, 株式会社X御中
	addresseeMarks = []string{"各位", "御中", "様", "宛"}
)

// nameRule names the rule that read a field of the names family
// (organization, title, third_party, related_organizations). Confidence is
// decided from it: a headline or a letterhead states a field, a sentence's
// subject or a name in running text is an inference.
type nameRule string

const (
	ruleHeadline   nameRule = "headline"   // the casebook headline 【…#2024-1】X title date
	ruleLetterhead nameRule = "letterhead" // a line with only the name, at the top
	ruleSignature  nameRule = "signature"  // a line with only the name, at the bottom
	ruleDefinition nameRule = "definition" // X(以下「当社」という。)
	ruleSubject    nameRule = "subject"    // X において / X が保有 / X の職員 at a sentence start
	ruleTitleLine  nameRule = "title-line" // a raw release's heading line
	// third_party
	rulePartyIncident nameRule = "party-incident" // 委託先への不正アクセス: a party word, then the incident
	rulePartyStaff    nameRule = "party-staff"    // 委託先の従業員が: the party's staff as the actor
	ruleNamedIncident nameRule = "named-incident" // 株式会社Xがサイバー攻撃を受け: a named party, then the incident
	// related_organizations
	ruleTiedParty         nameRule = "tied-party"         // a named party in a sentence tying it to the publisher (委託, 提供, 運営 …) in a third-party incident
	ruleClient            nameRule = "client"             // the publisher's client: 委託元, から受託
	ruleVulnerableProduct nameRule = "vulnerable-product" // the maker of the product whose flaw was used
	ruleIncidentSite      nameRule = "incident-site"      // a named party where the third-party incident happened, with no tie word in its sentence
)

// nameReading is one field read by the names rules: the text as written,
// where, and which rule read it (rule is "" when nothing was read).
type nameReading struct {
	text string
	sp   span
	rule nameRule
}

func (d *doc) reading(sp span, rule nameRule) nameReading {
	return nameReading{d.srcText(sp.start, sp.end), sp, rule}
}

// readOrganization returns the publisher: from the headline of a casebook
// post, otherwise by the raw-release rules above.
func readOrganization(d *doc, h headline) nameReading {
	if h.org != "" {
		return d.reading(h.orgSpan, ruleHeadline)
	}
	if sp, ok := letterheadOrg(d); ok {
		rule := ruleLetterhead
		if head, _ := d.edgeLines(12); len(head) > 0 && d.lineOf(sp.start) > head[len(head)-1] {
			rule = ruleSignature
		}
		return d.reading(sp, rule)
	}
	if sp, ok := definedOrg(d); ok {
		return d.reading(sp, ruleDefinition)
	}
	if sp, ok := subjectOrg(d); ok {
		return d.reading(sp, ruleSubject)
	}
	return nameReading{}
}

// edgeLines returns the indexes of the first and of the last n non-empty
// lines, where letterheads and signatures stand; a line is in head or
// tail, not both.
func (d *doc) edgeLines(n int) (head, tail []int) {
	for i := 0; i < len(d.lines) && len(head) < n; i++ {
		if strings.TrimSpace(d.text(d.lines[i])) != "" {
			head = append(head, i)
		}
	}
	for i := len(d.lines) - 1; i >= 0 && len(tail) < n; i-- {
		if strings.TrimSpace(d.text(d.lines[i])) != "" && (len(head) == 0 || i > head[len(head)-1]) {
			tail = append(tail, i)
		}
	}
	return head, tail
}

// letterheadOrg finds a line that holds only an organisation's name.
// A signature block may repeat the name shorter on a line of its own
// (法人名 病院名 / 病院名): the fullest spelling in the block wins.
func letterheadOrg(d *doc) (span, bool) {
	head, tail := d.edgeLines(12)
	found, best, at := false, span{}, 0
	for k, i := range append(head, tail...) {
		if found && k > at+4 {
			break // the block of the first name found is read
		}
		sp, ok := letterheadLine(d, d.lines[i])
		if !ok {
			continue
		}
		if !found {
			found, best, at = true, sp, k
			continue
		}
		first, this := d.norm[best.start:best.end], d.norm[sp.start:sp.end]
		if len(this) > len(first) && strings.HasSuffix(this, first) && d.lineOf(best.start)-d.lineOf(sp.start) <= 4 {
			best = sp
		}
	}
	return best, found
}

// letterheadLine reads a line that holds only an organisation's name.
func letterheadLine(d *doc, l line) (span, bool) {
	text := d.text(l)
	lead := len(text) - len(strings.TrimLeft(text, " "))
	t := strings.TrimSpace(text)
	n := orgAt(t)
	if n == 0 || genericNames.MatchString(t) || containsAny(t, addresseeMarks) {
		return span{}, false
	}
	if letterheadTail(t[n:]) || departmentTail(t[:n], t[n:]) {
		return span{l.start + lead, l.start + lead + n}, true
	}
	return span{}, false
}

// letterheadTail reports whether rest, what follows a name on its line,
// fits a letterhead: nothing, a reading in brackets, a person's name, a
// representative's title, or a telephone number.
func letterheadTail(rest string) bool {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return true
	}
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") && !strings.Contains(rest, "以下") {
		return utf8.RuneCountInString(rest) <= 20
	}
	for _, t := range letterheadTails {
		if strings.HasPrefix(rest, t) {
			return true
		}
	}
	return rePersonName.MatchString(rest)
}

// departmentTail reports whether rest lists only departments of the body
// named before it: 葦原市 こども未来部 子育て支援課, 鷺ノ宮村役場 産業振興課.
// Only a municipality, a school, a hospital or a company has such a
// contact line; 教育庁 高校教育課 names an office, not a publisher.
func departmentTail(name, rest string) bool {
	if !endsWithAny(name, []string{"市", "町", "村", "区", "県", "都", "府", "大学", "病院"}) && !containsAny(lowerASCII(name), allForms) {
		return false
	}
	if strings.TrimSpace(rest) == "" {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if !endsWithAny(w, departmentSuffixes) {
			return false
		}
	}
	return true
}

// departmentSuffixes end the names of the parts of a body, which follow
// its name on a contact line.
var departmentSuffixes = []string{"科", "役場", "役所", "庁舎", "部", "課", "室", "局", "係", "班", "担当", "センター", "本部", "事務局", "支所", "グループ"}

// definedOrg finds "X(以下「当社」という。)", where a release defines its own
// short name.
func definedOrg(d *doc) (span, bool) {
	for _, m := range reDefinition.FindAllStringIndex(d.norm, 20) {
		// walk back over the name before the bracket
		if sp, ok := orgEndingAt(d, m[0]); ok {
			return sp, true
		}
		// the definition marks the publisher by itself, so a name with
		// no legal form or body suffix counts too (日本赤十字社(以下「当社」))
		if sp, ok := nameEndingAt(d, m[0]); ok {
			return sp, true
		}
	}
	return span{}, false
}

// nameEndingAt finds a run of name characters, two to thirty, that ends at
// offset end and starts after a punctuation mark, a space or a hiragana.
func nameEndingAt(d *doc, end int) (span, bool) {
	l := d.lines[d.lineOf(end)]
	start, n := end, 0
	for start > l.start && n < 30 {
		r, size := utf8.DecodeLastRuneInString(d.norm[l.start:start])
		if !nameRune(r) || r == '・' {
			break
		}
		start -= size
		n++
	}
	if n < 2 || n >= 30 || genericNames.MatchString(d.norm[start:end]) {
		return span{}, false
	}
	return span{start, end}, true
}

// orgEndingAt finds an organisation name that ends at offset end.
func orgEndingAt(d *doc, end int) (span, bool) {
	l := d.lines[d.lineOf(end)]
	// names are short: look back 90 bytes (30 kanji) at most
	for start := max(l.start, end-90); start < end; {
		if !utf8.RuneStart(d.norm[start]) {
			start++
			continue
		}
		if n := orgAt(d.norm[start:end]); n == end-start && !genericNames.MatchString(d.norm[start:end]) {
			return span{start, end}, true
		}
		_, size := utf8.DecodeRuneInString(d.norm[start:])
		start += size
	}
	return span{}, false
}

// subjectOrg finds a name at the start of the title or of one of the first
// sentences, followed by a phrase that makes it the subject of the incident.
func subjectOrg(d *doc) (span, bool) {
	seen := 0
	for _, l := range d.lines {
		text := d.text(l)
		if strings.TrimSpace(text) == "" {
			continue
		}
		seen++
		if seen > 8 {
			break
		}
		for _, sent := range d.lineSentences(l) {
			s := strings.TrimLeft(d.norm[sent.start:sent.end], " 「『")
			off := sent.end - len(s)
			for _, o := range sentenceOpeners {
				if strings.HasPrefix(s, o) {
					s = s[len(o):]
					off += len(o)
					break
				}
			}
			n := orgAt(s)
			if n == 0 || genericNames.MatchString(s) {
				continue
			}
			for _, t := range subjectTails {
				if strings.HasPrefix(s[n:], t) {
					return span{off, off + n}, true
				}
			}
		}
	}
	return span{}, false
}

// Title rules for a raw release: its own heading line, which is one of the
// first lines, has no sentence end, and ends like a release title does.
var (
	titleEndings = []string{"について", "お詫び", "おわび", "お知らせ", "ご報告", "報告", "ご案内", "お願い",
		"発生", "対応", "ご連絡", "件", "ください", "下さい", "注意喚起",
		// the same as polite verbs: …についてお詫びいたします
		"お詫びいたします", "お詫び致します", "お詫び申し上げます", "おわびします", "お知らせします",
		"お知らせいたします", "ご報告します", "ご報告いたします"}
	// words that head a page or a section but are no title of their own
	genericHeadings = []string{"お知らせ", "お詫び", "おわび", "ご報告", "ご案内", "重要", "新着情報", "ニュース",
		"プレスリリース", "報道発表", "報道発表資料", "記者発表資料", "本文"}
	// lines that are page furniture, not a heading
	navigationMarks = []string{">", "ここから本文", "本文へ", "メニュー", "ページ番号", "ページの先頭",
		"ページの本文", "このページを印刷", "現在のページ", "各位", "更新日", "掲載日", "公開日"}
	// tags before a title: 【重要】, 【お詫びとご報告】, 【5/19追記】
	reTitleTag = regexp.MustCompile(`^(?:【[^】]{1,20}】\s*)+`)
	// a bracketed note of the announcement date before a title: (令和7年3月5日発表)
	reTitleDateNote = regexp.MustCompile(`^\([^)]{4,30}発表\)\s*`)
	// a numbered section heading (2. 経緯, (3) 対応, 第2 概要, ①): part of
	// the body, not the release's title
	reSectionNumber = regexp.MustCompile(`^(?:[0-9]{1,2}\s*[.)]|\([0-9]{1,2}\)|第[0-9一二三四五六七八九十]{1,3}(?:\s|章|節|[.、])|[①-⑳])`)
	// a trailing bracketed date, perhaps with a short label, is not part
	// of the title: (2021/11/04), (5月31日ご報告事項), (令和6年2月9日公表)
	reTitleDateTrailer = regexp.MustCompile(`\s*\((?:[0-9]{4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}|(?:(?:[0-9]{4}|(?:令和|平成)(?:[0-9]{1,2}|元))年)?[0-9]{1,2}月[0-9]{1,2}日)[^()]{0,10}\)$`)
	// a trailing bracket with a report stage or apology: (第1報), (お詫び)
	reTitleTrailer = regexp.MustCompile(`\((?:第[0-9一二三四五六七八九十]+報|続報|最終報告?|お詫び|おわび|ご報告|お知らせ|更新|追記)[^)]*\)$`)
)

// readTitle returns the release's title: from the headline of a casebook
// post, otherwise the heading line of a raw release.
func readTitle(d *doc, h headline) nameReading {
	if h.org != "" || h.caseID != "" {
		if h.title == "" {
			return nameReading{}
		}
		return d.reading(h.titleSpan, ruleHeadline)
	}
	seen := 0
	for _, l := range d.lines {
		raw := d.text(l)
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		seen++
		if seen > 10 {
			break
		}
		if isNavigation(t) || reSectionNumber.MatchString(t) {
			continue
		}
		start := l.start + strings.Index(raw, t)
		// a date standing before the title on the same line
		if ds := findDates(t); len(ds) > 0 && ds[0].sp.start == 0 && ds[0].hasYear() {
			cut := ds[0].sp.end
			for cut < len(t) && t[cut] == ' ' {
				cut++
			}
			t, start = t[cut:], start+cut
		}
		if m := reTitleDateNote.FindStringIndex(t); m != nil {
			t, start = t[m[1]:], start+m[1]
		}
		if m := reTitleTag.FindStringIndex(t); m != nil {
			t, start = t[m[1]:], start+m[1]
		}
		if m := reTitleDateTrailer.FindStringIndex(t); m != nil && m[0] > 0 {
			t = t[:m[0]]
		}
		if t == "" || strings.Contains(t, "。") || utf8.RuneCountInString(t) > 100 {
			if strings.Contains(t, "。") {
				return nameReading{} // the body has begun: no heading
			}
			continue
		}
		if !endsLikeTitle(t) || slices.Contains(genericHeadings, t) {
			continue
		}
		return d.reading(span{start, start + len(t)}, ruleTitleLine)
	}
	return nameReading{}
}

func isNavigation(t string) bool {
	for _, m := range navigationMarks {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

func endsLikeTitle(t string) bool {
	for _, e := range titleEndings {
		if strings.HasSuffix(t, e) {
			return true
		}
	}
	return reTitleTrailer.MatchString(t)
}

package extract

import (
	"regexp"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// A casebook post starts with a headline such as
//
//	【セキュリティ事件簿#2024-244】株式会社銀時 <release title> 2024/11/25
//
// giving the case number, the publisher, the release's title and its date.
// Older posts have the same line without the bracketed prefix, and some
// have no trailing date.
var (
	reCaseTag = regexp.MustCompile(`^\s*【[^】#]*#\s*([0-9]{4})\s*-\s*([0-9]{1,4})\s*】`)
	// the same tag without a number: 【セキュリティ事件簿】
	reBareCaseTag = regexp.MustCompile(`^\s*【[^】#]*事件簿\s*】`)
	// the date at the end of a headline: 2024/11/25, 2024年11月25日, 令和6年11月25日
	// headlines that put the organisation last: "title date organisation"
	// (older posts) and "title - organisation" (news style)
	reDateThenOrg  = regexp.MustCompile(`^(.+?)\s+([0-9]{4}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日|(?:令和|平成)\s*(?:[0-9]{1,2}|元)\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日)\s+(\S.*?)\s*$`)
	reDashOrg      = regexp.MustCompile(`^(.+?)\s+-\s+(\S+)\s*$`)
	reHeadlineDate = regexp.MustCompile(`\s*(?:[0-9]{4}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日|(?:令和|平成)\s*(?:[0-9]{1,2}|元)\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日)\s*$`)
)

// titleStarts are the words that begin a release title straight after the
// publisher's name when the headline has no space between them
// (岡垣町職員の懲戒処分について, 公立甲賀病院における…).
var titleStarts = []string{
	"における", "において", "での", "の", "が", "は", "職員", "教職員", "社員", "従業員",
	"元職員", "元社員", "より", "から", "に関する", "に対する", "への", "「", "【", "(",
}

type headline struct {
	line       int // index of the headline line in doc.lines
	caseID     string
	caseIDSpan span
	org        string
	orgSpan    span
	title      string
	titleSpan  span
	date       jikenbo.Date
	dateSpan   span
}

// readHeadline recognises the casebook headline on the first non-empty
// line. Without the 【…#YYYY-NNN】 prefix a line is taken as a headline only
// when it starts with an organisation name followed by a space and ends
// with a date (三重大学 <title> 2022年11月22日), the form older posts use.
func readHeadline(d *doc) (headline, bool) {
	li := -1
	for i, l := range d.lines {
		if strings.TrimSpace(d.text(l)) != "" {
			li = i
			break
		}
	}
	if li < 0 {
		return headline{}, false
	}
	l := d.lines[li]
	text := d.text(l)
	h := headline{line: li}
	pos := 0
	if m := reCaseTag.FindStringSubmatchIndex(text); m != nil {
		num := text[m[4]:m[5]]
		for len(num) < 3 {
			num = "0" + num
		}
		h.caseID = text[m[2]:m[3]] + "-" + num
		h.caseIDSpan = span{l.start + m[0], l.start + m[1]}
		pos = m[1]
	} else if m := reBareCaseTag.FindStringIndex(text); m != nil {
		pos = m[1]
	}
	rest := text[pos:]
	if h, ok := orgLastHeadline(d, h, l, pos, rest); ok {
		return h, true
	}
	// the trailing date
	end := len(rest)
	if m := reHeadlineDate.FindStringIndex(rest); m != nil && m[0] > 0 {
		if ds := findDates(rest[m[0]:m[1]]); len(ds) == 1 && ds[0].hasYear() {
			h.date = ds[0].date
			h.dateSpan = span{l.start + pos + m[0] + ds[0].sp.start, l.start + pos + m[0] + ds[0].sp.end}
			end = m[0]
		}
	}
	lead := len(rest) - len(strings.TrimLeft(rest, " "))
	body := rest[lead:end]
	base := l.start + pos + lead
	orgLen, titleAt := splitOrgTitle(body)
	if pos == 0 && (orgLen == 0 || h.date.IsZero() || strings.TrimSpace(body[titleAt:]) == "") {
		// Not a casebook headline: a raw release's first line.
		return headline{}, false
	}
	if orgLen > 0 {
		h.org = body[:orgLen]
		h.orgSpan = span{base, base + orgLen}
	}
	if t := strings.TrimSpace(body[titleAt:]); t != "" {
		ts := base + titleAt + strings.Index(body[titleAt:], t)
		h.title = t
		h.titleSpan = span{ts, ts + len(t)}
	}
	return h, true
}

// orgLastHeadline reads a headline that names the organisation last:
// "title date organisation", or, after a casebook tag, "title -
// organisation". The whole of the last part must read as a name.
func orgLastHeadline(d *doc, h headline, l line, pos int, rest string) (headline, bool) {
	base := l.start + pos
	if m := reDateThenOrg.FindStringSubmatchIndex(rest); m != nil {
		org := rest[m[6]:m[7]]
		ds := findDates(rest[m[4]:m[5]])
		if orgAt(org) == len(org) && len(ds) == 1 && ds[0].hasYear() {
			h.date = ds[0].date
			h.dateSpan = span{base + m[4] + ds[0].sp.start, base + m[4] + ds[0].sp.end}
			h.org, h.orgSpan = org, span{base + m[6], base + m[7]}
			t := strings.TrimSpace(rest[m[2]:m[3]])
			ts := base + m[2] + strings.Index(rest[m[2]:m[3]], t)
			h.title, h.titleSpan = t, span{ts, ts + len(t)}
			return h, true
		}
	}
	if m := reDashOrg.FindStringSubmatchIndex(rest); m != nil && pos > 0 {
		org := rest[m[4]:m[5]]
		if orgAt(org) == len(org) {
			h.org, h.orgSpan = org, span{base + m[4], base + m[5]}
			t := strings.TrimSpace(rest[m[2]:m[3]])
			ts := base + m[2] + strings.Index(rest[m[2]:m[3]], t)
			h.title, h.titleSpan = t, span{ts, ts + len(t)}
			return h, true
		}
	}
	return h, false
}

// splitOrgTitle splits "organisation title" and returns the length of the
// organisation's name and where the title starts. A space normally divides
// them; when it does not, the name ends at the first organisation suffix
// that a title word follows.
func splitOrgTitle(s string) (orgLen, titleAt int) {
	if n := orgAt(s); n > 0 && (n == len(s) || s[n] == ' ') {
		return n, n
	}
	cands := orgCandidates(s)
	for _, end := range cands {
		for _, w := range titleStarts {
			if strings.HasPrefix(s[end:], w) {
				return end, end
			}
		}
	}
	// 葦原大学病院小児科における…: a department of the body stands
	// between its name and the title's first word
	// (the longest name: 葦原大学病院, not 葦原大学 and a department 病院小児科)
	for i := len(cands) - 1; i >= 0; i-- {
		end := cands[i]
		if n := nameRun(s[end:], false); n > 0 && endsWithAny(s[end:end+n], departmentSuffixes) && hasAnyPrefix(s[end+n:], titleStarts) {
			return end, end
		}
	}
	// ながれ川市児童手当に関する…: a municipality's name is short and
	// ends at its first suffix.
	for _, end := range cands {
		if endsWithAny(s[:end], []string{"市", "町", "村", "区", "県"}) && !strings.Contains(s[:end], " ") {
			return end, end
		}
	}
	if sp := strings.IndexByte(s, ' '); sp > 0 {
		// A name the organisation rules do not know still ends at the
		// first space of a headline.
		return sp, sp
	}
	return 0, 0
}

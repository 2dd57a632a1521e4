package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/jikenbo/jikenbo"
)

// Post is one release read from a text file: the whole file, or one post
// of a casebook page.
type Post struct {
	// Source is the file path, with "#N" for the N-th post of a page.
	Source string
	// Line is the line of the file where the post starts (1-based), for
	// messages.
	Line int
	// Original is what the casebook keeps verbatim: the file's bytes for a
	// file holding one release, the post's lines of the decoded page (in
	// UTF-8) for a page holding several posts.
	Original []byte
	Encoding string
	// Text is the release text: navigation lines and archive markers
	// (【2024年7月5日リリース分】) removed.
	Text string

	// Headline is what a casebook headline
	// (【セキュリティ事件簿#2024-244】組織 題 2024/11/25) says; zero without one.
	Headline Headline
	// Labels are the labels of the page (a label page's heading).
	Labels []string
	// Earlier are the earlier releases of the case the post lists only by
	// date.
	Earlier []jikenbo.Date
	// Notes say what reading changed (control characters removed,
	// invalid bytes replaced), as Document.Notes.
	Notes []string
}

// Headline is the first line of a casebook post.
type Headline struct {
	Line string
	// CaseID is the post's number, "" when the headline has none.
	CaseID string
	// Organization is the first word after the bracket when the headline
	// separates it by a space; "" when it cannot be told from the title
	// (岡垣町職員の懲戒処分について), which is left to the extractor.
	Organization string
	Title        string
	Published    jikenbo.Date
}

var (
	// headlinePattern starts a post. The number is optional: a headline
	// whose number was removed still starts a post.
	headlinePattern = regexp.MustCompile(`^\s*【セキュリティ事件簿\s*(?:#\s*(\d{4})-(\d{1,4}))?\s*】\s*(.*)$`)
	// archivePattern is an earlier release known by date, listed below a
	// post: 【2024年7月5日リリース分】 (sometimes without リリース分).
	archivePattern = regexp.MustCompile(`^\s*【\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:リリース分)?\s*】\s*$`)
	labelPattern   = regexp.MustCompile(`^\s*ラベル\s+(.+?)\s+の投稿を表示しています。`)
	trailingDate   = regexp.MustCompile(`\s*(\d{4})\s*[/年.]\s*(\d{1,2})\s*[/月.]\s*(\d{1,2})\s*日?\s*$`)
)

// navigation lines of casebook pages, which are not release text.
var navigation = map[string]bool{
	"リリース文アーカイブ": true,
	"すべての投稿を表示":  true,
}

// ReadText reads a text file holding one release or a casebook page
// holding several posts. Each 【セキュリティ事件簿#…】 headline starts a
// post; lines before the first headline are page chrome (the label
// heading gives every post its label). It fails only when the file holds
// no text at all; the error does not repeat source, which callers report
// with it.
func ReadText(source string, b []byte) (posts []Post, err error) {
	text, enc, invalid := decodeCounting(b)
	text, removed := CleanText(text)
	if invalid > 0 || removed > 0 {
		defer func() {
			for i := range posts {
				if invalid > 0 {
					posts[i].Notes = append(posts[i].Notes, invalidNote(invalid, enc))
				}
				if removed > 0 {
					posts[i].Notes = append(posts[i].Notes, controlNote(removed))
				}
			}
		}()
	}
	if strings.TrimSpace(text) == "" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "no text")
	}
	lines := strings.SplitAfter(text, "\n")
	var labels []string
	var starts []int
	for i, l := range lines {
		n := norm.NFKC.String(strings.TrimSpace(l))
		if m := labelPattern.FindStringSubmatch(n); m != nil {
			if !contains(labels, m[1]) {
				labels = append(labels, m[1])
			}
			continue
		}
		if headlinePattern.MatchString(n) {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return []Post{{Source: source, Line: 1, Original: b, Encoding: enc, Text: keepWhole(text, clean(lines, nil))}}, nil
	}
	for k, start := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		var earlier []jikenbo.Date
		body := clean(lines[start:end], &earlier)
		p := Post{
			Source:   source,
			Line:     start + 1,
			Encoding: enc,
			Text:     body,
			Headline: parseHeadline(lines[start]),
			Labels:   labels,
			Earlier:  earlier,
		}
		if len(starts) == 1 && !hasChrome(lines[:start]) {
			// A file that is exactly one post keeps its bytes verbatim.
			p.Original = b
			p.Text = keepWhole(text, body)
		} else {
			p.Source = fmt.Sprintf("%s#%d", source, k+1)
			p.Original = []byte(strings.TrimRight(strings.Join(lines[start:end], ""), "\n\r \t"))
		}
		posts = append(posts, p)
	}
	return posts, nil
}

// keepWhole returns the whole decoded text when cleaning removed nothing
// but the blank ends: the text is then the file itself, which a store
// need not keep twice.
func keepWhole(decoded, cleaned string) string {
	if strings.Trim(decoded, "\n\r \t\u3000\u00a0") == cleaned {
		return decoded
	}
	return cleaned
}

// hasChrome reports whether lines before the first post hold anything.
func hasChrome(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return true
		}
	}
	return false
}

// clean drops navigation lines and label headings, collects archive
// markers into earlier (when not nil) and trims the ends.
func clean(lines []string, earlier *[]jikenbo.Date) string {
	var b strings.Builder
	for _, l := range lines {
		n := norm.NFKC.String(strings.TrimSpace(l))
		if navigation[n] || labelPattern.MatchString(n) || isNavigationRun(n) {
			continue
		}
		if earlier != nil {
			if m := archivePattern.FindStringSubmatch(n); m != nil {
				if d, ok := ymd(m[1], m[2], m[3]); ok {
					*earlier = append(*earlier, d)
					continue
				}
			}
		}
		b.WriteString(l)
	}
	return strings.Trim(b.String(), "\n\r \t\u3000\u00a0")
}

// isNavigationRun reports whether a line is only navigation words (the
// label heading line also ends with すべての投稿を表示).
func isNavigationRun(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if !navigation[f] {
			return false
		}
	}
	return true
}

func parseHeadline(line string) Headline {
	n := strings.TrimSpace(norm.NFKC.String(line))
	m := headlinePattern.FindStringSubmatch(n)
	h := Headline{Line: strings.TrimSpace(line)}
	if m == nil {
		return h
	}
	if m[1] != "" {
		seq, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[1])
		h.CaseID = jikenbo.FormatCaseID(y, seq)
	}
	rest := m[3]
	if d := trailingDate.FindStringSubmatchIndex(rest); d != nil {
		if date, ok := ymd(rest[d[2]:d[3]], rest[d[4]:d[5]], rest[d[6]:d[7]]); ok {
			h.Published = date
			rest = rest[:d[0]]
		}
	}
	rest = strings.TrimSpace(rest)
	if org, title, ok := strings.Cut(rest, " "); ok {
		h.Organization, h.Title = org, strings.TrimSpace(title)
	} else {
		h.Title = rest
	}
	return h
}

// ymd returns the date of year, month and day, if that day exists
// (2024/2/30 does not).
func ymd(ys, ms, ds string) (jikenbo.Date, bool) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 {
		return jikenbo.Date{}, false
	}
	date := jikenbo.Date{Year: y, Month: m, Day: d}
	if t := date.Time(); t.Day() != d {
		return jikenbo.Date{}, false
	}
	return date, true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

package ingest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pdfText rebuilds the text of a PDF's pages from their lines: page
// furniture dropped, columns in reading order, one paragraph per line.
func pdfText(pages []pdfPage) string {
	dropFurniture(pages)
	var lines []string
	var prev *flowText
	for _, p := range pages {
		for _, seg := range orderColumns(p.lines, 0) {
			ft := joinWrapped(mergeRows(seg))
			if len(ft.lines) == 0 {
				continue
			}
			// A paragraph that runs on at the top of the next column or
			// page is joined too, unless the line before ended a sentence.
			if prev != nil && prev.lastFull && ft.firstFlush && math.Abs(prev.lastEm-ft.firstEm) <= 0.15*ft.firstEm &&
				!endsSentence(lines[len(lines)-1]) {
				lines[len(lines)-1] = joinLines(lines[len(lines)-1], ft.lines[0])
				ft.lines = ft.lines[1:]
			}
			lines = append(lines, ft.lines...)
			prev = &ft
		}
	}
	return strings.Join(lines, "\n")
}

// endsSentence reports a line ending in Japanese or Latin sentence-final
// punctuation.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune("。．.！？!?」』）)", r)
}

// furnitureZone is the share of the page height at the top and at the
// bottom where running headers, footers and page numbers sit.
const furnitureZone = 0.12

// dropFurniture removes the lines near the top or bottom edge that repeat
// on most pages (the same text with any digits, so "1 / 3" and "2 / 3"
// match), and page numbers on their own. Left in, they would land in the
// middle of sentences that run over a page break.
func dropFurniture(pages []pdfPage) {
	inZone := func(p pdfPage, l pdfLine) bool {
		return p.height > 0 && (l.y1 < p.height*furnitureZone || l.y0 > p.height*(1-furnitureZone))
	}
	seen := map[string]int{}
	for _, p := range pages {
		keys := map[string]bool{}
		for _, l := range p.lines {
			if inZone(p, l) {
				keys[furnitureKey(l.text)] = true
			}
		}
		for k := range keys {
			seen[k]++
		}
	}
	for i := range pages {
		p := &pages[i]
		p.lines = slices.DeleteFunc(p.lines, func(l pdfLine) bool {
			if !inZone(*p, l) {
				return false
			}
			n := seen[furnitureKey(l.text)]
			return isPageNumber(l.text) || (n >= 2 && n*10 >= len(pages)*6)
		})
	}
}

// furnitureKey is a line's text with digits folded and spaces removed.
func furnitureKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case unicode.IsDigit(r):
			return '#'
		}
		return r
	}, s)
}

// isPageNumber reports "3", "- 3 -", "3 / 12", "p.3", "3ページ", "(3)".
func isPageNumber(s string) bool {
	digits := false
	for _, r := range strings.ReplaceAll(strings.ReplaceAll(s, "ページ", ""), "頁", "") {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case unicode.IsSpace(r) || strings.ContainsRune("-–—－/／.()（）pP", r):
		default:
			return false
		}
	}
	return digits
}

// orderColumns splits lines into segments in reading order. When a
// vertical gutter runs through the lines, each band between lines that
// cross it (a title over two columns, say) is read left column first, then
// right; each column is split again for three or more.
func orderColumns(lines []pdfLine, depth int) [][]pdfLine {
	lines = slices.Clone(lines)
	slices.SortStableFunc(lines, func(a, b pdfLine) int { return cmp.Compare(a.y0, b.y0) })
	g, ok := gutter(lines)
	if !ok || depth > 3 {
		return [][]pdfLine{lines}
	}
	var segs [][]pdfLine
	var left, right, span []pdfLine
	flushBand := func() {
		if len(left) > 0 {
			segs = append(segs, orderColumns(left, depth+1)...)
		}
		if len(right) > 0 {
			segs = append(segs, orderColumns(right, depth+1)...)
		}
		left, right = nil, nil
	}
	flushSpan := func() {
		if len(span) > 0 {
			segs = append(segs, span)
		}
		span = nil
	}
	for _, l := range lines {
		switch {
		case l.x0 < g && l.x1 > g:
			flushBand()
			span = append(span, l)
		case l.x1 <= g:
			flushSpan()
			left = append(left, l)
		default:
			flushSpan()
			right = append(right, l)
		}
	}
	flushSpan()
	flushBand()
	return segs
}

// gutter finds the middle of the widest vertical strip in the middle of
// the page that few lines cross and that has at least five lines on each
// side; a page of one column has none, because its body lines cross every
// strip.
func gutter(lines []pdfLine) (float64, bool) {
	if len(lines) < 10 {
		return 0, false
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		x0, x1 = min(x0, l.x0), max(x1, l.x1)
	}
	w := x1 - x0
	bestLen, bestMid := 0.0, 0.0
	runStart, inRun := 0.0, false
	limit := len(lines) / 5
	// One point at a time on a real page (at most ~600 steps); a crafted
	// PDF with a page millions of points wide is scanned in at most
	// gutterSteps steps too, counted so that coordinates too large for a
	// step to change them still end the loop.
	step := max(1, 0.6*w/gutterSteps)
	for i := 0; i <= gutterSteps+1; i++ {
		x := x0 + 0.2*w + float64(i)*step
		if x > x1-0.2*w+step {
			break
		}
		crossing, left, right := 0, 0, 0
		for _, l := range lines {
			switch {
			case l.x0 < x && l.x1 > x:
				crossing++
			case l.x1 <= x:
				left++
			default:
				right++
			}
		}
		good := crossing <= limit && left >= 5 && right >= 5 && x <= x1-0.2*w
		switch {
		case good && !inRun:
			runStart, inRun = x, true
		case !good && inRun:
			if x-runStart > bestLen {
				bestLen, bestMid = x-runStart, (runStart+x)/2
			}
			inRun = false
		}
	}
	return bestMid, bestLen >= 8
}

// gutterSteps bounds the positions gutter tries on one page.
const gutterSteps = 1000

// mergeRows puts lines that share a baseline (table cells, a word in
// another font that pdftotext split off) on one line, left to right.
func mergeRows(lines []pdfLine) []pdfLine {
	var rows []pdfLine
	for _, l := range lines {
		if n := len(rows); n > 0 {
			r := &rows[n-1]
			overlap := min(r.y1, l.y1) - max(r.y0, l.y0)
			if overlap > 0.5*min(r.height(), l.height()) {
				if l.x0 < r.x0 {
					r.text = l.text + " " + r.text
				} else {
					r.text += " " + l.text
				}
				r.x0, r.x1 = min(r.x0, l.x0), max(r.x1, l.x1)
				r.y0, r.y1 = min(r.y0, l.y0), max(r.y1, l.y1)
				continue
			}
		}
		rows = append(rows, l)
	}
	return rows
}

// joinWrapped joins lines that were broken at the right margin: a line
// that starts at the left edge (or one indent in) and reaches the right
// edge, followed closely by a line that starts at the left edge, is one
// paragraph. A centred heading broken in two is joined the same way.
// Short lines (headings, list items), right-aligned lines (date,
// publisher) and paragraph starts (indented, or after a wider gap) keep
// their own line.
func joinWrapped(rows []pdfLine) flowText {
	if len(rows) == 0 {
		return flowText{}
	}
	left := math.Inf(1)
	var gaps, rights []float64
	for i, r := range rows {
		left = min(left, r.x0)
		rights = append(rights, r.x1)
		if i > 0 {
			gaps = append(gaps, r.y0-rows[i-1].y1)
		}
	}
	// The right margin is where most lines end: the upper quartile, not
	// the maximum, which one line of narrow digits overshoots.
	slices.Sort(rights)
	right := rights[len(rights)*3/4]
	slices.Sort(gaps)
	gap := 0.0
	if len(gaps) > 0 {
		gap = gaps[len(gaps)/2]
	}
	mid := (left + right) / 2
	// Japanese line breaking pushes a character that may not start a line
	// (ん, 。, 、) down with the one before it, so a wrapped line can end
	// up to two characters short of the margin.
	full := func(a pdfLine) bool { return a.x0 <= left+1.5*a.height() && a.x1 >= right-2.5*a.height() }
	ft := flowText{
		firstFlush: rows[0].x0 <= left+0.5*rows[0].height(),
		firstEm:    rows[0].height(),
		lastFull:   len(rows) > 1 && full(rows[len(rows)-1]),
		lastEm:     rows[len(rows)-1].height(),
	}
	cur := rows[0].text
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		em := a.height()
		close := b.y0-a.y1 <= max(gap, 0)+0.35*em
		sameSize := math.Abs(b.height()-em) <= 0.15*em
		continues := b.x0 <= left+0.5*em ||
			(math.Abs((b.x0+b.x1)/2-mid) < em && math.Abs((a.x0+a.x1)/2-mid) < em) // centred heading
		if full(a) && close && sameSize && continues {
			cur = joinLines(cur, b.text)
			continue
		}
		ft.lines = append(ft.lines, cur)
		cur = b.text
	}
	ft.lines = append(ft.lines, cur)
	return ft
}

// flowText is the text of one column of one page, with what is needed to
// join a paragraph running on into the next column or page.
type flowText struct {
	lines []string
	// lastFull says the last line reaches the right margin; firstFlush
	// that the first line starts at the left margin (not indented).
	lastFull, firstFlush bool
	firstEm, lastEm      float64
}

// joinLines joins two parts of a broken line: without a space when either
// side is Japanese (…可能性がある + ことが…, 12,486 + 名分), with one
// between two Latin words.
func joinLines(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if isCJK(ra) || isCJK(rb) {
		return a + b
	}
	return a + " " + b
}

// pdfTitle is the first of the first lines that reads like a release
// title (…について, …のお詫び); else the document's Title, unless it is a
// file name or a word processor's placeholder; else the first line.
func pdfTitle(text, meta string) string {
	n := 0
	for line := range strings.Lines(text) {
		if l := strings.TrimSpace(line); looksLikeReleaseTitle(l) && utf8.RuneCountInString(l) <= 120 {
			return l
		}
		if n++; n == 8 {
			break
		}
	}
	lower := strings.ToLower(meta)
	junk := meta == "" || strings.HasPrefix(lower, "microsoft ") || strings.Contains(lower, "untitled") ||
		strings.Contains(meta, "無題") || strings.HasSuffix(lower, ".docx") || strings.HasSuffix(lower, ".doc") ||
		strings.HasSuffix(lower, ".pdf") || strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".pptx")
	if !junk {
		return meta
	}
	return firstLine(text)
}

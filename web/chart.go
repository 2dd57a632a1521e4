package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small server-side SVG chart component: bars, stacked bars and lines.
// Charts need no script, work in any browser and in screenshots, and
// every number they draw is also in a table under them and in a CSV file.
// Geometry is computed here; the template only writes elements.

type chartKind int

const (
	barChart chartKind = iota
	stackedChart
	lineChart
)

// chart is the data of one chart.
type chart struct {
	ID    string
	Title string
	// Desc says in words what the chart shows, for screen readers.
	Desc string
	Kind chartKind
	// Horizontal draws bars left to right, for long labels (names).
	Horizontal bool
	Labels     []string
	// Tips are the labels as a tooltip says them (2024年3月); Labels when
	// nil.
	Tips   []string
	Series []series
	Unit   string
	// Decimals of the values in tooltips and tables.
	Decimals int
	// LabelHead is the table's first column heading.
	LabelHead string
}

type series struct {
	Name   string
	Values []float64
}

// chartView is a chart laid out for the template.
type chartView struct {
	chart
	ViewBox      string
	Width        int
	Height       int
	PlotX, PlotY int
	PlotW, PlotH int
	Bars         []barView
	Lines        []lineView
	Grid         []tickView
	Axis         []tickView
	Legend       []legendView
	Table        tableView
	CSV          string
	Empty        bool
	// UnitLabel names the value axis's unit ("(件)"), drawn at UnitX,
	// UnitY with UnitAnchor.
	UnitLabel    string
	UnitX, UnitY int
	UnitAnchor   string
}

type barView struct {
	X, Y, W, H string
	Class, Tip string
}

type lineView struct {
	Points string
	Class  string
	Dots   []dotView
}

type dotView struct {
	CX, CY, Tip string
}

type tickView struct {
	X, Y        string
	X2, Y2      string
	Label       string
	Anchor      string
	FullLabel   string
	Transformed string
	// LY is where a horizontal chart writes the tick's label.
	LY string
}

type legendView struct {
	Name, Class string
}

type tableView struct {
	Head []string
	Rows [][]string
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func (c chart) format(v float64) string {
	if c.Decimals == 0 {
		return num(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', c.Decimals, 64)
}

// tickLabel writes an axis value: decimals only when the step has them,
// and 万 for round ten thousands, so that labels stay short.
func tickLabel(v, step float64) string {
	if step != math.Trunc(step) {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	n := int(math.Round(v))
	if n >= 10000 && n%10000 == 0 {
		return num(n/10000) + "万"
	}
	return num(n)
}

// chartWidth is the width of a chart's canvas in its own units: about
// the width a chart is shown at on a phone and in a desktop column, so
// that the text keeps about the size the stylesheet gives it.
const chartWidth = 320

func (c chart) tip(i int) string {
	if c.Tips != nil {
		return c.Tips[i]
	}
	return c.Labels[i]
}

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten and
// returns the tick step, so that the axis reads in round numbers.
func niceMax(max float64) (float64, float64) {
	if max <= 0 {
		return 1, 0.25
	}
	raw := max / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 && max >= 1 {
		step = 1
	}
	return math.Ceil(max/step) * step, step
}

// layout computes the chart's geometry.
func (c chart) layout(csvURL string) chartView {
	v := chartView{chart: c, CSV: csvURL}
	n := len(c.Labels)
	v.Table = c.table()
	for i, s := range c.Series {
		if len(c.Series) > 1 || c.Kind == lineChart {
			v.Legend = append(v.Legend, legendView{s.Name, fmt.Sprintf("s%d", i%13)})
		}
	}
	max := 0.0
	for i := range n {
		sum := 0.0
		for _, s := range c.Series {
			if c.Kind == stackedChart {
				sum += s.Values[i]
			} else if s.Values[i] > max {
				max = s.Values[i]
			}
		}
		if sum > max {
			max = sum
		}
	}
	v.Empty = n == 0
	top, step := niceMax(max)
	if c.Decimals == 0 && step != math.Trunc(step) {
		// Whole things (cases, people) step by whole numbers.
		step = math.Ceil(step)
		top = math.Ceil(max/step) * step
	}
	if c.Horizontal {
		return c.layoutHorizontal(v, top, step)
	}
	// A narrow canvas keeps the text readable when a phone scales the
	// chart down to its width.
	v.Width, v.Height = chartWidth, 240
	v.PlotX, v.PlotY, v.PlotW, v.PlotH = 48, 24, chartWidth-48-10, 240-24-34
	if c.Unit != "" {
		v.UnitLabel, v.UnitX, v.UnitY, v.UnitAnchor = "("+c.Unit+")", 4, 14, "start"
	}
	v.ViewBox = fmt.Sprintf("0 0 %d %d", v.Width, v.Height)
	y := func(val float64) float64 { return float64(v.PlotY+v.PlotH) - val/top*float64(v.PlotH) }
	for t := 0.0; t <= top+step/2; t += step {
		yy := f1(y(t))
		v.Grid = append(v.Grid, tickView{X: strconv.Itoa(v.PlotX), Y: yy, X2: strconv.Itoa(v.PlotX + v.PlotW), Y2: yy,
			Label: tickLabel(t, step), Anchor: "end"})
	}
	if n == 0 {
		return v
	}
	slot := float64(v.PlotW) / float64(n)
	barW := math.Max(1, slot*0.7)
	// Show at most 6 axis labels; the rest are in the tooltips and the
	// table.
	every := max1((n + 5) / 6)
	for i, l := range c.Labels {
		cx := float64(v.PlotX) + slot*(float64(i)+0.5)
		if i%every == 0 {
			v.Axis = append(v.Axis, tickView{X: f1(cx), Y: strconv.Itoa(v.PlotY + v.PlotH + 20), Label: l, Anchor: "middle"})
		}
		switch c.Kind {
		case barChart, stackedChart:
			base := 0.0
			for si, s := range c.Series {
				val := s.Values[i]
				if val <= 0 {
					continue
				}
				lo, hi := base, base+val
				if c.Kind == barChart {
					lo, hi = 0, val
				}
				w, x := barW, cx-barW/2
				if c.Kind == barChart && len(c.Series) > 1 {
					w = barW / float64(len(c.Series))
					x = cx - barW/2 + w*float64(si)
				}
				v.Bars = append(v.Bars, barView{X: f1(x), Y: f1(y(hi)), W: f1(w), H: f1(math.Max(0.5, y(lo)-y(hi))),
					Class: fmt.Sprintf("s%d", si%13), Tip: c.tipText(i, s.Name, val)})
				if c.Kind == stackedChart {
					base = hi
				}
			}
		}
	}
	if c.Kind == lineChart {
		for si, s := range c.Series {
			lv := lineView{Class: fmt.Sprintf("s%d", si%13)}
			var pts []string
			for i, val := range s.Values {
				if math.IsNaN(val) {
					continue
				}
				cx := float64(v.PlotX) + slot*(float64(i)+0.5)
				pts = append(pts, f1(cx)+","+f1(y(val)))
				lv.Dots = append(lv.Dots, dotView{CX: f1(cx), CY: f1(y(val)), Tip: c.tipText(i, s.Name, val)})
			}
			lv.Points = strings.Join(pts, " ")
			v.Lines = append(v.Lines, lv)
		}
	}
	return v
}

func (c chart) tipText(i int, name string, val float64) string {
	if len(c.Series) == 1 && c.Kind != lineChart {
		return fmt.Sprintf("%s: %s%s", c.tip(i), c.format(val), c.Unit)
	}
	return fmt.Sprintf("%s %s: %s%s", c.tip(i), name, c.format(val), c.Unit)
}

func (c chart) layoutHorizontal(v chartView, top, step float64) chartView {
	n := len(c.Labels)
	rowH := 26
	v.Width = chartWidth
	v.PlotX, v.PlotY = 118, 8
	v.PlotW = chartWidth - v.PlotX - 16
	v.PlotH = max1(n) * rowH
	v.Height = v.PlotY + v.PlotH + 44
	v.ViewBox = fmt.Sprintf("0 0 %d %d", v.Width, v.Height)
	if c.Unit != "" {
		v.UnitLabel, v.UnitX, v.UnitY, v.UnitAnchor = "("+c.Unit+")", v.PlotX+v.PlotW, v.Height-2, "end"
	}
	x := func(val float64) float64 { return float64(v.PlotX) + val/top*float64(v.PlotW) }
	for t := 0.0; t <= top+step/2; t += step {
		xx := f1(x(t))
		v.Grid = append(v.Grid, tickView{X: xx, Y: strconv.Itoa(v.PlotY), X2: xx, Y2: strconv.Itoa(v.PlotY + v.PlotH),
			Label: tickLabel(t, step), Anchor: "middle", LY: strconv.Itoa(v.PlotY + v.PlotH + 18)})
	}
	for i, l := range c.Labels {
		cy := float64(v.PlotY) + float64(rowH)*(float64(i)+0.5)
		short := l
		if utf8.RuneCountInString(l) > 8 {
			short = string([]rune(l)[:7]) + "…"
		}
		v.Axis = append(v.Axis, tickView{X: strconv.Itoa(v.PlotX - 6), Y: f1(cy + 4), Label: short, FullLabel: l, Anchor: "end"})
		for si, s := range c.Series {
			val := s.Values[i]
			h := float64(rowH) * 0.7 / float64(len(c.Series))
			yy := cy - float64(rowH)*0.35 + h*float64(si)
			v.Bars = append(v.Bars, barView{X: strconv.Itoa(v.PlotX), Y: f1(yy), W: f1(math.Max(0.5, x(val)-float64(v.PlotX))), H: f1(h),
				Class: fmt.Sprintf("s%d", si%13), Tip: c.tipText(i, s.Name, val)})
		}
	}
	return v
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// table is the chart's numbers: one row per label, one column per
// series, and a total for stacked bars.
func (c chart) table() tableView {
	t := tableView{Head: []string{c.LabelHead}}
	for _, s := range c.Series {
		t.Head = append(t.Head, s.Name)
	}
	if c.Kind == stackedChart {
		t.Head = append(t.Head, "合計")
	}
	for i := range c.Labels {
		row := []string{c.tip(i)}
		sum := 0.0
		for _, s := range c.Series {
			if math.IsNaN(s.Values[i]) {
				row = append(row, "")
				continue
			}
			row = append(row, c.format(s.Values[i]))
			sum += s.Values[i]
		}
		if c.Kind == stackedChart {
			row = append(row, c.format(sum))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// csvRecords are the table's numbers without thousands separators, for
// spreadsheets.
func (c chart) csvRecords() [][]string {
	t := c.table()
	out := [][]string{t.Head}
	for _, row := range t.Rows {
		r := make([]string, len(row))
		for j, cell := range row {
			if j == 0 {
				r[j] = cell
			} else {
				r[j] = strings.ReplaceAll(cell, ",", "")
			}
		}
		out = append(out, r)
	}
	return out
}

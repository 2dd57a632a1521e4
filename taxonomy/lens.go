package taxonomy

import (
	"slices"

	"github.com/jikenbo/jikenbo"
)

// Lens is a taxonomy to count incidents in.
type Lens string

// The lenses.
const (
	LensOurs  Lens = "ours"
	LensJNSA  Lens = "jnsa"
	LensTSR   Lens = "tsr"
	LensVERIS Lens = "veris"
	LensBlog  Lens = "blog"
)

// LensInfo names a lens and its two dimensions for the pages.
type LensInfo struct {
	Lens Lens
	// Name is the lens's name in a switch; Source says whose classes
	// they are.
	Name, Source string
	// Cause and Medium are the headings of its two dimensions; Medium
	// is "" for a lens that has none (the blog's labels).
	Cause, Medium string
}

// Lenses lists the lenses in the order of the switch.
var Lenses = []LensInfo{
	{LensOurs, "事件簿の分類", "この事件簿の分類コード", "分類", "媒体"},
	{LensJNSA, "JNSA", "JNSA「情報セキュリティインシデントに関する調査報告書」の分類", "漏えい原因", "漏えい媒体・経路"},
	{LensTSR, "東京商工リサーチ", "東京商工リサーチ「上場企業の個人情報漏えい・紛失事故調査」の分類", "原因", "媒体"},
	{LensVERIS, "VERIS", "VERIS 1.4.1 の action と asset", "action / variety", "asset"},
	{LensBlog, "事件簿ブログのラベル", "セキュリティ事件簿ブログのラベル", "ラベル", ""},
}

// ParseLens returns the lens named by s ("" is LensOurs).
func ParseLens(s string) (LensInfo, bool) {
	if s == "" {
		s = string(LensOurs)
	}
	for _, l := range Lenses {
		if string(l.Lens) == s {
			return l, true
		}
	}
	return LensInfo{}, false
}

// primary returns the row of the first code of kind, in the table's
// order, among codes: the row that decides a case's single class.
func primary(kind string, codes []string) (Row, bool) {
	best := -1
	for _, c := range codes {
		if i, ok := index[kind+"\x00"+c]; ok && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return Row{}, false
	}
	return rows[best], true
}

// causeOf is a row's class in a lens's cause dimension.
func (l Lens) causeOf(r Row) string {
	switch l {
	case LensJNSA:
		return r.JNSACause
	case LensTSR:
		return r.TSRCause
	case LensVERIS:
		if len(r.VERISActions) > 0 {
			return r.VERISActions[0].String()
		}
	case LensBlog:
		return r.Blog
	case LensOurs:
		if r.Kind == KindCategory {
			return jikenbo.TermName(jikenbo.Categories, r.Code)
		}
	}
	return ""
}

// mediumOf is a row's class in a lens's medium dimension.
func (l Lens) mediumOf(r Row) string {
	switch l {
	case LensJNSA:
		return r.JNSAMedia
	case LensTSR:
		return r.TSRMedia
	case LensVERIS:
		return r.VERISAsset
	case LensOurs:
		if r.Kind == KindMedium {
			return jikenbo.TermName(jikenbo.Media, r.Code)
		}
	}
	return ""
}

// Cause returns the one class an incident with these categories counts
// under: that of its category that comes first in the table (the most
// specific: web_skimming before unauthorized_access), so that a table of
// incidents by cause adds up to the number of incidents, as JNSA's does.
// Unknown when there is no category.
func (l Lens) Cause(categories []string) string {
	r, ok := primary(KindCategory, categories)
	if !ok {
		return Unknown
	}
	if c := l.causeOf(r); c != "" {
		return c
	}
	return Unknown
}

// Medium returns the one medium class of an incident: from the media its
// releases state (the first in the table's order), else from the first
// of its categories that implies one (a web skimming is on the
// Internet), else Unknown. A lens without media (the blog) gives "".
func (l Lens) Medium(categories, media []string) string {
	info, _ := ParseLens(string(l))
	if info.Medium == "" {
		return ""
	}
	if r, ok := primary(KindMedium, media); ok {
		if m := l.mediumOf(r); m != "" {
			return m
		}
	}
	if l == LensOurs {
		return Unknown
	}
	for _, r := range rows {
		if r.Kind == KindCategory && slices.Contains(categories, r.Code) {
			if m := l.mediumOf(r); m != "" {
				return m
			}
		}
	}
	return Unknown
}

// CauseClasses returns the classes of the lens's cause dimension in
// display order (its source's order, then Unknown).
func (l Lens) CauseClasses() []string {
	var out []string
	switch l {
	case LensJNSA:
		out = slices.Clone(JNSACauses)
	case LensTSR:
		out = slices.Clone(TSRCauses)
	default:
		for _, t := range jikenbo.Categories {
			r, _ := For(KindCategory, t.Code)
			if c := l.causeOf(r); c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return append(out, Unknown)
}

// MediumClasses returns the classes of the lens's medium dimension in
// display order, nil for a lens without media.
func (l Lens) MediumClasses() []string {
	var out []string
	switch l {
	case LensJNSA:
		out = slices.Clone(JNSAMedia)
	case LensTSR:
		out = slices.Clone(TSRMedia)
	case LensOurs:
		for _, t := range jikenbo.Media {
			out = append(out, t.Name)
		}
	case LensVERIS:
		for _, r := range rows {
			if m := l.mediumOf(r); m != "" && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	default:
		return nil
	}
	return append(out, Unknown)
}

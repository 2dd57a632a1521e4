// Package taxonomy maps the casebook's own codes (categories, data
// types, media) to the classes other people count incidents in: JNSA's
// 漏えい原因 and 漏えい媒体・経路 (情報セキュリティインシデントに関する調査報告書),
// Tokyo Shoko Research's 原因 and 媒体 (上場企業の個人情報漏えい・紛失事故調査),
// VERIS 1.4.1 actions, data varieties and assets, the labels of a
// casebook blog, and the EP map levels of JNSA's damage model.
//
// The mapping is one table, mapping.tsv, embedded and checked when the
// package loads: every code of every closed vocabulary has a row, and
// every cell holds a class of its column's vocabulary or "-" with the
// row's reason saying why the column does not apply. A bad table stops
// the program at start-up with the line and column at fault.
package taxonomy

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
)

//go:embed mapping.tsv
var mappingTSV string

// Kinds of codes the table maps.
const (
	KindCategory = "category"
	KindDataType = "datatype"
	KindMedium   = "medium"
)

// Columns of mapping.tsv, in order.
var Columns = []string{"kind", "code", "jnsa_cause", "jnsa_medium", "tsr_cause", "tsr_medium",
	"veris_action", "veris_data", "veris_asset", "blog", "ep_privacy", "ep_economic", "reason"}

// NotApplicable is the cell of a column that does not apply to a row;
// the row's reason says why.
const NotApplicable = "-"

// Class vocabularies of the columns.
var (
	// JNSACauses are JNSA's 漏えい原因 classes, in the report's order.
	JNSACauses = []string{"紛失・置忘れ", "誤操作", "不正アクセス", "管理ミス", "盗難", "設定ミス",
		"内部犯罪・内部不正行為", "バグ・セキュリティホール", "ワーム・ウイルス", "不正な情報持ち出し", "目的外使用", "その他"}
	// JNSAMedia are JNSA's 漏えい媒体・経路 classes.
	JNSAMedia = []string{"紙媒体", "USB等可搬記録媒体", "電子メール", "インターネット", "PC本体", "その他"}
	// TSRCauses are Tokyo Shoko Research's 原因 classes.
	TSRCauses = []string{"ウイルス感染・不正アクセス", "誤表示・誤送信", "紛失・誤廃棄", "盗難", "その他"}
	// TSRMedia are Tokyo Shoko Research's 媒体 classes.
	TSRMedia = []string{"システム・サーバー", "パソコン", "書類", "USBメモリ等", "メール", "その他"}
	// VERISActionNames are VERIS's action categories.
	VERISActionNames = []string{"hacking", "malware", "social", "misuse", "physical", "error", "environmental", "unknown"}
	// VERISDataVarieties are VERIS 1.4.1's
	// attribute.confidentiality.data.variety values.
	VERISDataVarieties = []string{"API key", "Bank", "Classified", "Copyrighted", "Credentials", "Digital certificate",
		"Internal", "Medical", "Multi-factor credential", "Payment", "Personal", "Sensitive Personal", "Secrets",
		"Session key", "Source code", "System", "Virtual currency", "Other", "Unknown"}
)

// Unknown is the class of a case the table cannot place: no category, or
// no medium stated or implied.
const Unknown = "不明"

// VERISAction is one VERIS action with its variety and vector, as
// action.<Action>.variety and action.<Action>.vector name them. The
// unknown action has neither.
type VERISAction struct {
	Action  string `json:"action"`
	Variety string `json:"variety,omitempty"`
	Vector  string `json:"vector,omitempty"`
}

// String writes "hacking / Exploit vuln".
func (a VERISAction) String() string {
	if a.Variety == "" {
		return a.Action
	}
	return a.Action + " / " + a.Variety
}

// Row is one code of the table with its classes; a column that does not
// apply is "" (the table's "-") and Reason says why.
type Row struct {
	Kind, Code           string
	JNSACause, JNSAMedia string
	TSRCause, TSRMedia   string
	VERISActions         []VERISAction
	VERISData            string
	VERISAsset           string
	Blog                 string
	// EPPrivacy and EPEconomic are the data type's levels (1–3) on
	// JNSA's EP map: 精神的苦痛 (x) and 経済的損失 (y). 0: not a data type.
	EPPrivacy, EPEconomic int
	Reason                string
	// Line is the row's line in mapping.tsv.
	Line int
}

var (
	rows  []Row
	index map[string]int
)

func init() {
	var err error
	if rows, err = Parse(strings.NewReader(mappingTSV), "mapping.tsv"); err != nil {
		panic(err)
	}
	index = map[string]int{}
	for i, r := range rows {
		index[r.Kind+"\x00"+r.Code] = i
	}
}

// Rows returns the table's rows in its order.
func Rows() []Row { return slices.Clone(rows) }

// For returns the row of a code of a kind (KindCategory, KindDataType,
// KindMedium).
func For(kind, code string) (Row, bool) {
	i, ok := index[kind+"\x00"+code]
	if !ok {
		return Row{}, false
	}
	return rows[i], true
}

// VERISActions returns the VERIS actions of a category code (nil for an
// unknown code). The exports' VERIS incident reads its actions here.
func VERISActions(category string) []VERISAction {
	r, _ := For(KindCategory, category)
	return slices.Clone(r.VERISActions)
}

// VERISDataVariety returns the VERIS confidentiality data variety of a
// data-type code, "" for an unknown code.
func VERISDataVariety(dataType string) string {
	r, _ := For(KindDataType, dataType)
	return r.VERISData
}

// VERISAsset returns the VERIS asset variety of a medium code ("" when
// unknown).
func VERISAsset(medium string) string {
	r, _ := For(KindMedium, medium)
	return r.VERISAsset
}

// EPLevels returns a data type's levels on JNSA's EP map: privacy
// (精神的苦痛, x) and economic (経済的損失, y), each 1–3.
func EPLevels(dataType string) (privacy, economic int, ok bool) {
	r, ok := For(KindDataType, dataType)
	if !ok || r.EPPrivacy == 0 {
		return 0, 0, false
	}
	return r.EPPrivacy, r.EPEconomic, true
}

// ParseError is a fault of the mapping table at a line and column.
type ParseError struct {
	File   string
	Line   int
	Column string
	Err    string
}

func (e *ParseError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("taxonomy: %s line %d: %s", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("taxonomy: %s line %d, column %s: %s", e.File, e.Line, e.Column, e.Err)
}

func termCodes(ts []jikenbo.Term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Code
	}
	return out
}

// vocab returns the codes of a kind.
func vocab(kind string) []string {
	switch kind {
	case KindCategory:
		return termCodes(jikenbo.Categories)
	case KindDataType:
		return termCodes(jikenbo.DataTypes)
	case KindMedium:
		return termCodes(jikenbo.Media)
	}
	return nil
}

// Parse reads and checks a mapping table in mapping.tsv's form: a
// header naming Columns, one row per code, tab-separated. name is the
// file's name in errors.
func Parse(r io.Reader, name string) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, &ParseError{File: name, Line: 1, Err: "empty table: want a header " + strings.Join(Columns, ",")}
	}
	if !slices.Equal(recs[0], Columns) {
		for i, c := range Columns {
			if i >= len(recs[0]) || recs[0][i] != c {
				return nil, &ParseError{File: name, Line: 1, Column: strconv.Itoa(i + 1), Err: fmt.Sprintf("header: want %q", c)}
			}
		}
		return nil, &ParseError{File: name, Line: 1, Err: fmt.Sprintf("header: %d columns, want %d", len(recs[0]), len(Columns))}
	}
	var out []Row
	seen := map[string]int{}
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(Columns) {
			return nil, &ParseError{File: name, Line: line, Err: fmt.Sprintf("%d columns, want %d", len(rec), len(Columns))}
		}
		row, err := parseRow(rec, line)
		if err != nil {
			err.File = name
			return nil, err
		}
		key := row.Kind + "\x00" + row.Code
		if prev, ok := seen[key]; ok {
			return nil, &ParseError{File: name, Line: line, Column: "code", Err: fmt.Sprintf("%s %q already mapped on line %d", row.Kind, row.Code, prev)}
		}
		seen[key] = line
		out = append(out, row)
	}
	for _, kind := range []string{KindCategory, KindDataType, KindMedium} {
		for _, code := range vocab(kind) {
			if _, ok := seen[kind+"\x00"+code]; !ok {
				return nil, &ParseError{File: name, Line: len(recs) + 1, Column: "code", Err: fmt.Sprintf("no row for %s %q: every code must be mapped", kind, code)}
			}
		}
	}
	return out, nil
}

func parseRow(rec []string, line int) (Row, *ParseError) {
	bad := func(col, format string, args ...any) *ParseError {
		return &ParseError{Line: line, Column: col, Err: fmt.Sprintf(format, args...)}
	}
	row := Row{Kind: rec[0], Code: rec[1], Reason: strings.TrimSpace(rec[12]), Line: line}
	codes := vocab(row.Kind)
	if codes == nil {
		return row, bad("kind", "unknown kind %q: want category, datatype or medium", row.Kind)
	}
	if !slices.Contains(codes, row.Code) {
		return row, bad("code", "unknown %s code %q", row.Kind, row.Code)
	}
	na := false
	cell := func(i int, allowed []string) (string, *ParseError) {
		v := strings.TrimSpace(rec[i])
		switch {
		case v == NotApplicable:
			na = true
			return "", nil
		case v == "":
			return "", bad(Columns[i], "empty cell: write a class, or %s with a reason", NotApplicable)
		case allowed != nil && !slices.Contains(allowed, v):
			return "", bad(Columns[i], "unknown class %q: want one of %s", v, strings.Join(allowed, ", "))
		}
		return v, nil
	}
	var err *ParseError
	if row.JNSACause, err = cell(2, JNSACauses); err != nil {
		return row, err
	}
	if row.JNSAMedia, err = cell(3, JNSAMedia); err != nil {
		return row, err
	}
	if row.TSRCause, err = cell(4, TSRCauses); err != nil {
		return row, err
	}
	if row.TSRMedia, err = cell(5, TSRMedia); err != nil {
		return row, err
	}
	actions, err := cell(6, nil)
	if err != nil {
		return row, err
	}
	if actions != "" {
		for a := range strings.SplitSeq(actions, "|") {
			parts := strings.Split(a, ":")
			if len(parts) != 3 {
				return row, bad("veris_action", "%q: want action:variety:vector", a)
			}
			va := VERISAction{Action: parts[0], Variety: parts[1], Vector: parts[2]}
			switch {
			case !slices.Contains(VERISActionNames, va.Action):
				return row, bad("veris_action", "unknown VERIS action %q: want one of %s", va.Action, strings.Join(VERISActionNames, ", "))
			case va.Action == "unknown" && (va.Variety != "" || va.Vector != ""):
				return row, bad("veris_action", "the unknown action has no variety or vector: write unknown::")
			case va.Action != "unknown" && va.Variety == "":
				return row, bad("veris_action", "%q: a variety is required (VERIS's Unknown when not known)", a)
			}
			row.VERISActions = append(row.VERISActions, va)
		}
	}
	if row.VERISData, err = cell(7, VERISDataVarieties); err != nil {
		return row, err
	}
	if row.VERISAsset, err = cell(8, nil); err != nil {
		return row, err
	}
	if row.VERISAsset != "" && !strings.Contains(row.VERISAsset, " - ") {
		return row, bad("veris_asset", "%q: want a VERIS asset variety such as \"S - Database\"", row.VERISAsset)
	}
	if row.Blog, err = cell(9, nil); err != nil {
		return row, err
	}
	level := func(i int) (int, *ParseError) {
		v, err := cell(i, nil)
		if err != nil || v == "" {
			return 0, err
		}
		n, cerr := strconv.Atoi(v)
		if cerr != nil || n < 1 || n > 3 {
			return 0, bad(Columns[i], "level %q: want 1, 2 or 3", v)
		}
		return n, nil
	}
	if row.EPPrivacy, err = level(10); err != nil {
		return row, err
	}
	if row.EPEconomic, err = level(11); err != nil {
		return row, err
	}
	if (row.EPPrivacy == 0) != (row.EPEconomic == 0) {
		return row, bad("ep_economic", "EP levels come in pairs: give both or neither")
	}
	if row.Kind == KindDataType && row.EPPrivacy == 0 {
		return row, bad("ep_privacy", "a data type needs its EP map levels (the damage estimate reads them)")
	}
	if na && row.Reason == "" {
		return row, bad("reason", "a row with %s cells needs a reason saying why they do not apply", NotApplicable)
	}
	return row, nil
}

// Package damage estimates what an incident might cost in damages by
// JNSA's JO model (Japanese Organization / Jinsho Okada model) of
// 想定損害賠償額, as its 情報セキュリティインシデントに関する調査報告書
// publishes it. The figure is an estimate by a formula whose coefficients
// were set by expert judgement, not a court's award nor a real cost; the
// pages label it 推定. docs/jo-model.md gives the coefficients, their
// source and the model's criticism.
package damage

import (
	"fmt"
	"math"
	"slices"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// The model's published coefficients.
const (
	// BaseValue is 基礎情報価値, the same for every kind of data (円).
	BaseValue = 500
	// Identifiability levels (本人特定容易度): 6 when a person is easily
	// identified (name and address), 3 when identified at some cost
	// (name, or address and phone), 1 otherwise.
	IdentEasy, IdentCost, IdentHard = 6, 3, 1
	// Social responsibility (社会的責任度): 2 above the general, 1 general.
	SocialHigh, SocialGeneral = 2, 1
	// Response (事後対応評価): 2 for an inappropriate response; 1 for an
	// appropriate one and for one that is unknown, as the model scores it.
	ResponsePoor, ResponseDefault = 2, 1
)

// Formula is the model, written out.
const Formula = "想定損害賠償額 = 漏えい個人情報価値 × 社会的責任度 × 事後対応評価 × 被害人数; " +
	"漏えい個人情報価値 = 基礎情報価値(500) × 機微情報度 × 本人特定容易度; 機微情報度 = 10^(x-1) + 5^(y-1) " +
	"(x: 精神的苦痛レベル, y: 経済的損失レベル, EP図で漏えいした情報の最大値)"

// Inputs are the facts the estimate reads.
type Inputs struct {
	DataTypes []string
	Persons   int
	// OrgKinds are the kinds of the organisations that published about
	// the incident.
	OrgKinds []jikenbo.OrgKind
}

// Estimate is a JO model estimate with every input and step, so that a
// reader can check it by hand.
type Estimate struct {
	BaseValue int `json:"base_value"`
	// Privacy (x) and Economic (y) are the highest EP map levels among
	// the data types, with the data type that gave each.
	Privacy      int    `json:"privacy_level"`
	PrivacyFrom  string `json:"privacy_from,omitempty"`
	Economic     int    `json:"economic_level"`
	EconomicFrom string `json:"economic_from,omitempty"`
	// Sensitivity is 機微情報度, 10^(x-1) + 5^(y-1).
	Sensitivity int `json:"sensitivity"`
	// Identifiability is 本人特定容易度.
	Identifiability int `json:"identifiability"`
	// PersonalValue is 漏えい個人情報価値 (円 per person).
	PersonalValue int `json:"personal_value"`
	// Social is 社会的責任度; Response is 事後対応評価.
	Social   int `json:"social_responsibility"`
	Response int `json:"response"`
	// PerPerson is the estimate per person and Total for every affected
	// person (円).
	PerPerson int   `json:"per_person"`
	Persons   int   `json:"persons"`
	Total     int64 `json:"total"`
	// Assumptions say what the estimate took for granted, in Japanese.
	Assumptions []string `json:"assumptions"`
}

// highSocial are the kinds of body the model holds to a higher social
// responsibility: public bodies, schools, hospitals and financial
// institutions. A large company is too, but the casebook does not know a
// company's size.
var highSocial = []jikenbo.OrgKind{jikenbo.OrgMunicipality, jikenbo.OrgGovernment, jikenbo.OrgSchool, jikenbo.OrgHospital, jikenbo.OrgFinancial}

// JO estimates the damages of an incident by the JO model; ok is false
// when no person is known to be affected (the model counts per person).
func JO(in Inputs) (e Estimate, ok bool) {
	if in.Persons <= 0 {
		return Estimate{}, false
	}
	e = Estimate{BaseValue: BaseValue, Privacy: 1, Economic: 1, Persons: in.Persons, Assumptions: []string{}}
	types := slices.Clone(in.DataTypes)
	if len(types) == 0 {
		e.Assumptions = append(e.Assumptions, "漏えいした情報の種類が不明なため、基本情報(精神的苦痛・経済的損失とも1)として計算")
	}
	for _, dt := range types {
		x, y, known := taxonomy.EPLevels(dt)
		if !known {
			continue
		}
		// The first data type at the highest level is the one named.
		if x > e.Privacy || e.PrivacyFrom == "" && x == e.Privacy {
			e.Privacy, e.PrivacyFrom = x, dt
		}
		if y > e.Economic || e.EconomicFrom == "" && y == e.Economic {
			e.Economic, e.EconomicFrom = y, dt
		}
	}
	e.Sensitivity = pow(10, e.Privacy-1) + pow(5, e.Economic-1)
	e.Identifiability = identifiability(types)
	e.PersonalValue = BaseValue * e.Sensitivity * e.Identifiability
	e.Social = SocialGeneral
	for _, k := range in.OrgKinds {
		if slices.Contains(highSocial, k) {
			e.Social = SocialHigh
		}
	}
	if e.Social == SocialGeneral {
		e.Assumptions = append(e.Assumptions, "社会的責任度は一般(1)として計算(大企業かどうかは判定していない)")
	}
	e.Response = ResponseDefault
	e.Assumptions = append(e.Assumptions, "事後対応評価は不明として1で計算")
	e.PerPerson = e.PersonalValue * e.Social * e.Response
	e.Total = int64(e.PerPerson) * int64(in.Persons)
	if e.Total < 0 || e.Total/int64(in.Persons) != int64(e.PerPerson) {
		e.Total = math.MaxInt64
	}
	return e, true
}

// identifiability is 本人特定容易度 from the data types: a card holder's
// name is a name.
func identifiability(types []string) int {
	has := func(codes ...string) bool {
		return slices.ContainsFunc(codes, func(c string) bool { return slices.Contains(types, c) })
	}
	name := has(jikenbo.DataName, jikenbo.DataCardHolder)
	switch {
	case name && has(jikenbo.DataAddress):
		return IdentEasy
	case name || has(jikenbo.DataAddress) && has(jikenbo.DataPhone):
		return IdentCost
	}
	return IdentHard
}

func pow(b, n int) int {
	out := 1
	for range n {
		out *= b
	}
	return out
}

// Explain writes the estimate's arithmetic in Japanese, for the pages.
func (e Estimate) Explain() string {
	return fmt.Sprintf("%d × (10^(%d-1) + 5^(%d-1) = %d) × %d × %d × %d = %d円/人 × %d人",
		e.BaseValue, e.Privacy, e.Economic, e.Sensitivity, e.Identifiability, e.Social, e.Response, e.PerPerson, e.Persons)
}

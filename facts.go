package jikenbo

import (
	"encoding/json"
	"fmt"
	"time"
)

// Status tells whether a release (or a case) gives the final word on its
// incident.
type Status string

const (
	// StatusOngoing: the investigation continues or more will follow
	// (調査中, 判明次第お知らせ, 第1報).
	StatusOngoing Status = "ongoing"
	// StatusConcluded: the release gives the outcome (調査結果, 最終報告,
	// cause found and measures decided).
	StatusConcluded Status = "concluded"
)

// Category codes: what happened. The vocabulary is closed
// (extraction-contract.md).
const (
	CatUnauthorizedAccess = "unauthorized_access"
	CatVulnerability      = "vulnerability"
	CatRansomware         = "ransomware"
	CatMalware            = "malware"
	CatWebSkimming        = "web_skimming"
	CatPhishing           = "phishing"
	CatMisdelivery        = "misdelivery"
	CatMisconfiguration   = "misconfiguration"
	CatLossTheft          = "loss_theft"
	CatInsider            = "insider"
	CatMisuse             = "misuse"
	CatDDoS               = "ddos"
	CatOther              = "other"
)

// Categories lists every category code in display order with its Japanese
// name.
var Categories = []Term{
	{CatUnauthorizedAccess, "不正アクセス"},
	{CatVulnerability, "脆弱性"},
	{CatRansomware, "ランサムウェア"},
	{CatMalware, "マルウェア"},
	{CatWebSkimming, "決済情報窃取"},
	{CatPhishing, "フィッシング・なりすまし"},
	{CatMisdelivery, "誤送信・誤送付"},
	{CatMisconfiguration, "設定ミス・誤公開"},
	{CatLossTheft, "紛失・盗難"},
	{CatInsider, "内部不正"},
	{CatMisuse, "目的外利用"},
	{CatDDoS, "サービス妨害"},
	{CatOther, "その他"},
}

// Data-type codes: the kinds of personal data involved.
const (
	DataName            = "name"
	DataAddress         = "address"
	DataPhone           = "phone"
	DataEmail           = "email"
	DataBirthdate       = "birthdate"
	DataGender          = "gender"
	DataPassword        = "password"
	DataAccountID       = "account_id"
	DataCardNumber      = "card_number"
	DataCardExpiry      = "card_expiry"
	DataCardCVV         = "card_cvv"
	DataCardHolder      = "card_holder"
	DataBankAccount     = "bank_account"
	DataMyNumber        = "my_number"
	DataHealth          = "health"
	DataOccupation      = "occupation"
	DataPurchaseHistory = "purchase_history"
	DataOther           = "other"
)

// DataTypes lists every data-type code in display order with its Japanese
// name.
var DataTypes = []Term{
	{DataName, "氏名"},
	{DataAddress, "住所"},
	{DataPhone, "電話番号"},
	{DataEmail, "メールアドレス"},
	{DataBirthdate, "生年月日"},
	{DataGender, "性別"},
	{DataPassword, "パスワード"},
	{DataAccountID, "ログインID・会員番号"},
	{DataCardNumber, "カード番号"},
	{DataCardExpiry, "有効期限"},
	{DataCardCVV, "セキュリティコード"},
	{DataCardHolder, "カード名義"},
	{DataBankAccount, "口座情報"},
	{DataMyNumber, "マイナンバー"},
	{DataHealth, "病歴・診療・要配慮個人情報"},
	{DataOccupation, "職業・勤務先"},
	{DataPurchaseHistory, "購入・取引履歴"},
	{DataOther, "その他"},
}

// Term is a code of a closed vocabulary with its Japanese name.
type Term struct {
	Code string
	Name string
}

// TermName returns the Japanese name of code in terms, or code itself.
func TermName(terms []Term, code string) string {
	for _, t := range terms {
		if t.Code == code {
			return t.Name
		}
	}
	return code
}

// Date is a calendar day without a time zone. The zero Date means unknown
// and is written as JSON null.
type Date struct {
	Year, Month, Day int
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "invalid date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	return Date{t.Year(), int(t.Month()), t.Day()}
}

// IsZero reports whether d is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Confidence says how sure the extractor is of a field: high when it was
// read from an explicit statement (a labelled date or count, a casebook
// headline), low when it was inferred (a date a clause away, a count in an
// unusual shape, a status from weak wording) or left empty where the text
// may well hold it. An editor checks the fields marked low.
type Confidence string

const (
	ConfidenceHigh Confidence = "high"
	ConfidenceLow  Confidence = "low"
)

// Evidence is the span of the text a field was read from, in UTF-8 bytes
// of the decoded text, end exclusive, and how sure the reading is. An
// entry without a span (Start == End) marks a field left empty that an
// editor should check; it is written without start and end. Evidence
// stored before confidence existed has none ("") and reads as not low.
type Evidence struct {
	Field      string
	Start, End int
	Confidence Confidence
}

// HasSpan reports whether e points into the text.
func (e Evidence) HasSpan() bool { return e.End > e.Start }

type evidenceJSON struct {
	Field      string     `json:"field"`
	Start      *int       `json:"start,omitempty"`
	End        *int       `json:"end,omitempty"`
	Confidence Confidence `json:"confidence,omitempty"`
}

// MarshalJSON writes {"field", "start", "end", "confidence"}, without
// start and end when the entry has no span.
func (e Evidence) MarshalJSON() ([]byte, error) {
	w := evidenceJSON{Field: e.Field, Confidence: e.Confidence}
	if e.HasSpan() {
		w.Start, w.End = &e.Start, &e.End
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads an entry with or without span and confidence.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	var w evidenceJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Evidence{Field: w.Field, Confidence: w.Confidence}
	if w.Start != nil && w.End != nil {
		e.Start, e.End = *w.Start, *w.End
	}
	return nil
}

// Facts is what the extractor reads from one release, following
// extraction-contract.md. Empty strings, zero dates and nil counts mean
// unknown and are written as JSON null.
type Facts struct {
	CaseID               string     `json:"case_id"`
	Organization         string     `json:"organization"`
	Title                string     `json:"title"`
	Published            Date       `json:"published"`
	Status               Status     `json:"status"`
	Categories           []string   `json:"categories"`
	ThirdParty           bool       `json:"third_party"`
	AffectedPersons      *int       `json:"affected_persons"`
	AffectedCards        *int       `json:"affected_cards"`
	DataTypes            []string   `json:"data_types"`
	RelatedOrganizations []string   `json:"related_organizations"`
	Detected             Date       `json:"detected"`
	Evidence             []Evidence `json:"evidence"`
}

// LowConfidence returns the fields marked low in f's evidence, in the
// order of the contract, each once.
func (f Facts) LowConfidence() []string {
	low := map[string]bool{}
	for _, e := range f.Evidence {
		if e.Confidence == ConfidenceLow {
			low[e.Field] = true
		}
	}
	var out []string
	for _, field := range FactFields {
		if low[field] {
			out = append(out, field)
		}
	}
	return out
}

// FactFields are the fields of the extraction contract, in its order.
var FactFields = []string{"case_id", "organization", "title", "published", "status", "categories", "third_party",
	"affected_persons", "affected_cards", "data_types", "related_organizations", "detected"}

// factsJSON is the wire form of Facts: strings become null when empty and
// lists are never null.
type factsJSON struct {
	CaseID               *string    `json:"case_id"`
	Organization         *string    `json:"organization"`
	Title                *string    `json:"title"`
	Published            Date       `json:"published"`
	Status               Status     `json:"status"`
	Categories           []string   `json:"categories"`
	ThirdParty           bool       `json:"third_party"`
	AffectedPersons      *int       `json:"affected_persons"`
	AffectedCards        *int       `json:"affected_cards"`
	DataTypes            []string   `json:"data_types"`
	RelatedOrganizations []string   `json:"related_organizations"`
	Detected             Date       `json:"detected"`
	Evidence             []Evidence `json:"evidence"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes f as the extraction contract specifies.
func (f Facts) MarshalJSON() ([]byte, error) {
	return json.Marshal(factsJSON{
		CaseID:               nullable(f.CaseID),
		Organization:         nullable(f.Organization),
		Title:                nullable(f.Title),
		Published:            f.Published,
		Status:               f.Status,
		Categories:           nonNil(f.Categories),
		ThirdParty:           f.ThirdParty,
		AffectedPersons:      f.AffectedPersons,
		AffectedCards:        f.AffectedCards,
		DataTypes:            nonNil(f.DataTypes),
		RelatedOrganizations: nonNil(f.RelatedOrganizations),
		Detected:             f.Detected,
		Evidence:             nonNil(f.Evidence),
	})
}

// UnmarshalJSON reads the contract's JSON.
func (f *Facts) UnmarshalJSON(b []byte) error { return f.unmarshal(b, true) }

// UnmarshalFactsBrief reads the contract's JSON but for the evidence,
// for lists, summaries and merges, which do not show it: decoding each
// piece of evidence was half of a list page's time.
func UnmarshalFactsBrief(b []byte, f *Facts) error { return f.unmarshal(b, false) }

func (f *Facts) unmarshal(b []byte, evidence bool) error {
	var w struct {
		factsJSON
		// Shadows factsJSON's: read only when asked for.
		Evidence json.RawMessage `json:"evidence"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if evidence && len(w.Evidence) > 0 {
		if err := json.Unmarshal(w.Evidence, &w.factsJSON.Evidence); err != nil {
			return err
		}
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	*f = Facts{
		CaseID:               deref(w.CaseID),
		Organization:         deref(w.Organization),
		Title:                deref(w.Title),
		Published:            w.Published,
		Status:               w.Status,
		Categories:           w.Categories,
		ThirdParty:           w.ThirdParty,
		AffectedPersons:      w.AffectedPersons,
		AffectedCards:        w.AffectedCards,
		DataTypes:            w.DataTypes,
		RelatedOrganizations: w.RelatedOrganizations,
		Detected:             w.Detected,
		Evidence:             w.factsJSON.Evidence,
	}
	return nil
}

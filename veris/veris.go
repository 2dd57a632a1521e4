// Package veris writes public cases as VERIS incidents (the Vocabulary for
// Event Recording and Incident Sharing, schema 1.4.1, as the VERIS
// Community Database and the DBIR code them): one incident per case, from
// the facts the casebook keeps and nothing else.
//
// What VERIS asks that a release does not tell is "Unknown", never a
// guess: the actor's variety and motive, the asset where no category
// names one, the victim's size. The casebook's own facts that VERIS has
// no field for (the case number, the 法人番号, the days between detection
// and notice) are under plus.jikenbo, the place VERIS sets aside for
// extensions.
package veris

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// SchemaVersion is the VERIS schema the incidents follow.
const SchemaVersion = "1.4.1"

// Source names the casebook an export comes from.
type Source struct {
	// ID names the casebook in source_id and in the incident IDs: two
	// casebooks number their cases alike, so the ID keeps them apart.
	ID string
	// BaseURL is the casebook's website ("" when it has none): the case
	// and release pages go into reference.
	BaseURL string
}

// DefaultSourceID names a casebook that was given no name.
const DefaultSourceID = "jikenbo"

func (s Source) id() string {
	if s.ID == "" {
		return DefaultSourceID
	}
	return s.ID
}

// Namespace is the UUID namespace of every identifier jikenbo makes for
// the interchange formats (VERIS incident_id, STIX ids): version 5 UUIDs
// of the casebook's name and the case number, so that exporting a case
// again gives the same identifier and a database that imported it updates
// the record instead of adding another.
var Namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/jikenbo/jikenbo"))

// IncidentID is the case's incident_id: a version 5 UUID of the casebook's
// name and the case number.
func IncidentID(src Source, caseID string) string {
	return uuid.NewSHA1(Namespace, []byte("case:"+src.id()+":"+caseID)).String()
}

// Incident is a VERIS incident; only the fields jikenbo fills.
type Incident struct {
	SchemaVersion    string          `json:"schema_version"`
	SchemaName       string          `json:"schema_name"`
	IncidentID       string          `json:"incident_id"`
	SourceID         string          `json:"source_id"`
	SecurityIncident string          `json:"security_incident"`
	Confidence       string          `json:"confidence"`
	Summary          string          `json:"summary"`
	Reference        string          `json:"reference,omitempty"`
	Timeline         Timeline        `json:"timeline"`
	Victim           Victim          `json:"victim"`
	Action           map[string]Act  `json:"action"`
	Actor            map[string]Act  `json:"actor"`
	Asset            Asset           `json:"asset"`
	Attribute        *Attribute      `json:"attribute,omitempty"`
	DiscoveryMethod  map[string]bool `json:"discovery_method"`
	DiscoveryNotes   string          `json:"discovery_notes,omitempty"`
	Plus             Plus            `json:"plus"`
}

// Timeline is when the incident happened; VERIS has no field for the day
// it was made public, which is in plus.jikenbo.
type Timeline struct {
	Incident Day `json:"incident"`
}

// Day is a date as VERIS writes it, month and day optional.
type Day struct {
	Year  int `json:"year"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
}

// Victim is the organisation where the incident happened.
type Victim struct {
	VictimID      string     `json:"victim_id,omitempty"`
	Country       []string   `json:"country"`
	EmployeeCount string     `json:"employee_count"`
	Industry      string     `json:"industry"`
	Government    []string   `json:"government"`
	Notes         string     `json:"notes,omitempty"`
	Secondary     *Secondary `json:"secondary,omitempty"`
}

// Secondary lists the other organisations an incident at a contractor
// reached (its clients that published about it).
type Secondary struct {
	Amount   int      `json:"amount"`
	VictimID []string `json:"victim_id"`
}

// Act is one action or actor category with its enumerations.
type Act struct {
	Variety []string `json:"variety,omitempty"`
	Vector  []string `json:"vector,omitempty"`
	Target  []string `json:"target,omitempty"`
	Motive  []string `json:"motive,omitempty"`
	Notes   string   `json:"notes,omitempty"`
}

// Asset lists the assets affected.
type Asset struct {
	Assets []AssetVariety `json:"assets"`
	Cloud  []string       `json:"cloud"`
}

// AssetVariety is one asset.
type AssetVariety struct {
	Variety string `json:"variety"`
}

// Attribute is what was lost: confidentiality, integrity, availability.
type Attribute struct {
	Confidentiality *Confidentiality `json:"confidentiality,omitempty"`
	Integrity       *Varieties       `json:"integrity,omitempty"`
	Availability    *Varieties       `json:"availability,omitempty"`
}

// Varieties is an attribute given by its varieties.
type Varieties struct {
	Variety []string `json:"variety"`
}

// Confidentiality is the data that was or may have been disclosed.
type Confidentiality struct {
	DataDisclosure string       `json:"data_disclosure"`
	DataTotal      *int         `json:"data_total,omitempty"`
	Data           []DataAmount `json:"data,omitempty"`
	DataVictim     []string     `json:"data_victim,omitempty"`
	Notes          string       `json:"notes,omitempty"`
}

// DataAmount is a variety of data with how many records, when known.
type DataAmount struct {
	Variety string `json:"variety"`
	Amount  *int   `json:"amount,omitempty"`
}

// Plus is VERIS's place for extensions: master_id, and jikenbo's own
// facts under "jikenbo".
type Plus struct {
	MasterID string `json:"master_id"`
	Jikenbo  Facts  `json:"jikenbo"`
}

// Facts are the casebook's facts VERIS has no field for.
type Facts struct {
	CaseID            string   `json:"case_id"`
	URL               string   `json:"url,omitempty"`
	Status            string   `json:"status"`
	Categories        []string `json:"categories"`
	DataTypes         []string `json:"data_types"`
	AffectedPersons   *int     `json:"affected_persons"`
	AffectedCards     *int     `json:"affected_cards"`
	Detected          *string  `json:"detected"`
	FirstPublished    *string  `json:"first_published"`
	LastPublished     *string  `json:"last_published"`
	NoticeLagDays     *int     `json:"notice_lag_days"`
	ThirdParty        bool     `json:"third_party"`
	Victim            string   `json:"victim,omitempty"`
	CorporateNumber   string   `json:"corporate_number,omitempty"`
	RegisteredAddress string   `json:"registered_address,omitempty"`
	Releases          []int64  `json:"releases"`
}

// FromCase codes one public case as a VERIS incident.
func FromCase(rec *jikenbo.CaseRecord, src Source) *Incident {
	c := rec.Case
	f := c.Facts
	id := IncidentID(src, c.ID)
	inc := &Incident{
		SchemaVersion: SchemaVersion, SchemaName: "vcdb", IncidentID: id, SourceID: src.id(),
		// A case is filed because an organisation announced a (possible)
		// breach: confirmed when the case is concluded, suspected while
		// the investigation goes on.
		SecurityIncident: "Suspected", Confidence: "Medium",
		Summary:         Summary(rec),
		Reference:       reference(rec, src),
		Timeline:        Timeline{Incident: incidentDay(c)},
		Action:          map[string]Act{},
		Actor:           map[string]Act{},
		DiscoveryMethod: map[string]bool{"unknown": true},
		Plus:            Plus{MasterID: id},
	}
	if c.Status == jikenbo.StatusConcluded {
		inc.SecurityIncident, inc.Confidence = "Confirmed", "High"
	}
	inc.Victim = victim(rec)
	cats := f.Categories
	if len(cats) == 0 {
		cats = []string{jikenbo.CatOther}
	}
	var assets []string
	var integrity, availability []string
	for _, cat := range cats {
		for _, a := range Actions(cat) {
			act := inc.Action[a.Category]
			act.Variety = appendNew(act.Variety, a.Variety...)
			act.Vector = appendNew(act.Vector, a.Vector...)
			act.Target = appendNew(act.Target, a.Target...)
			inc.Action[a.Category] = act
			actor := inc.Actor[a.Actor]
			if a.Actor != "unknown" {
				actor.Variety = appendNew(actor.Variety, "Unknown")
				actor.Motive = appendNew(actor.Motive, a.Motive)
			}
			inc.Actor[a.Actor] = actor
			assets = appendNew(assets, a.Assets...)
			integrity = appendNew(integrity, a.Integrity...)
			availability = appendNew(availability, a.Availability...)
		}
	}
	// An actor known alongside "unknown" makes the unknown one redundant.
	if len(inc.Actor) > 1 {
		delete(inc.Actor, "unknown")
	}
	if len(inc.Action) > 1 {
		delete(inc.Action, "unknown")
	}
	if len(assets) == 0 {
		assets = []string{"Unknown"}
	} else if len(assets) > 1 {
		assets = removeAll(assets, "Unknown")
	}
	for _, a := range assets {
		inc.Asset.Assets = append(inc.Asset.Assets, AssetVariety{Variety: a})
	}
	inc.Asset.Cloud = []string{"Unknown"}
	attr := &Attribute{Confidentiality: confidentiality(f)}
	if len(integrity) > 0 {
		attr.Integrity = &Varieties{Variety: integrity}
	}
	if len(availability) > 0 {
		attr.Availability = &Varieties{Variety: availability}
	}
	if attr.Confidentiality != nil || attr.Integrity != nil || attr.Availability != nil {
		inc.Attribute = attr
	}
	inc.DiscoveryNotes = discoveryNotes(f)
	inc.Plus.Jikenbo = facts(rec, src)
	return inc
}

func incidentDay(c *jikenbo.Case) Day {
	f := c.Facts
	switch {
	case !f.Detected.IsZero():
		return Day{Year: f.Detected.Year, Month: f.Detected.Month, Day: f.Detected.Day}
	case !f.FirstPublished.IsZero():
		// The incident happened no later than its first notice; VERIS
		// asks for the year at least, which the first notice gives.
		return Day{Year: f.FirstPublished.Year}
	}
	return Day{Year: c.Year}
}

// victim is the organisation where the incident happened; in a
// contractor incident its clients are secondary victims.
func victim(rec *jikenbo.CaseRecord) Victim {
	v := Victim{Country: []string{"JP"}, EmployeeCount: "Unknown", Industry: "000", Government: []string{"NA"}}
	o := rec.Origin()
	if o == nil {
		v.Government = []string{"Unknown"}
		return v
	}
	v.VictimID = o.Name
	v.Industry, v.Government = industry(o)
	if o.CorporateNumber != "" {
		v.Notes = "法人番号 " + o.CorporateNumber
		if o.RegisteredAddress != "" {
			v.Notes += "、所在地 " + o.RegisteredAddress
		}
	}
	var others []string
	for _, co := range rec.Case.Organizations {
		if co.OrganizationID != o.ID && (co.Role == jikenbo.RolePublisher || co.Role == jikenbo.RoleClient) && !contains(others, co.Name) {
			others = append(others, co.Name)
		}
	}
	if len(others) > 0 && rec.Case.Facts.ThirdParty {
		v.Secondary = &Secondary{Amount: len(others), VictimID: others}
	}
	return v
}

// industry returns the victim's NAICS sector as far as the organisation's
// kind tells it ("000" for unknown, as VCDB writes it) and its level of
// government.
func industry(o *jikenbo.Organization) (string, []string) {
	switch o.Kind {
	case jikenbo.OrgMunicipality:
		// 都道府県 are regional, 市区町村 local.
		for _, s := range []string{"都", "道", "府", "県"} {
			if strings.HasSuffix(o.Name, s) && !strings.HasSuffix(o.Name, "市") {
				return "92", []string{"Regional"}
			}
		}
		return "92", []string{"Local"}
	case jikenbo.OrgGovernment:
		return "92", []string{"Federal"}
	case jikenbo.OrgSchool:
		return "61", []string{"NA"}
	case jikenbo.OrgHospital:
		return "62", []string{"NA"}
	case jikenbo.OrgFinancial:
		return "52", []string{"NA"}
	}
	return "000", []string{"NA"}
}

// confidentiality is the data at risk: its varieties from the data types
// (the shared mapping table's veris_data column),
// the total from the affected persons (else cards), payment data counted
// by cards. Japanese releases mostly say the data may have leaked
// (漏えいのおそれ), so disclosure is "Potentially".
func confidentiality(f jikenbo.CaseFacts) *Confidentiality {
	if len(f.DataTypes) == 0 && f.AffectedPersons == nil && f.AffectedCards == nil {
		return nil
	}
	c := &Confidentiality{DataDisclosure: "Potentially", DataVictim: []string{"Unknown"}}
	c.DataTotal = f.AffectedPersons
	if c.DataTotal == nil {
		c.DataTotal = f.AffectedCards
	}
	var names []string
	for _, dt := range f.DataTypes {
		v := taxonomy.VERISDataVariety(dt)
		if v == "" {
			v = "Unknown"
		}
		names = append(names, jikenbo.TermName(jikenbo.DataTypes, dt))
		if containsData(c.Data, v) {
			continue
		}
		d := DataAmount{Variety: v}
		if v == "Payment" {
			d.Amount = f.AffectedCards
		}
		c.Data = append(c.Data, d)
	}
	if f.AffectedCards != nil && !containsData(c.Data, "Payment") {
		c.Data = append(c.Data, DataAmount{Variety: "Payment", Amount: f.AffectedCards})
	}
	if len(c.Data) == 0 {
		c.Data = []DataAmount{{Variety: "Unknown"}}
	}
	if len(names) > 0 {
		c.Notes = "漏えい等のおそれがある情報: " + strings.Join(names, "、")
	}
	return c
}

func discoveryNotes(f jikenbo.CaseFacts) string {
	var parts []string
	if !f.Detected.IsZero() {
		parts = append(parts, "検知日 "+f.Detected.String())
	}
	if !f.FirstPublished.IsZero() {
		parts = append(parts, "初回公表日 "+f.FirstPublished.String())
	}
	if d := lagDays(f); d != nil {
		parts = append(parts, fmt.Sprintf("検知から公表まで %d 日", *d))
	}
	return strings.Join(parts, "、")
}

func lagDays(f jikenbo.CaseFacts) *int {
	if f.Detected.IsZero() || f.FirstPublished.IsZero() || f.FirstPublished.Before(f.Detected) {
		return nil
	}
	d := int(f.FirstPublished.Time().Sub(f.Detected.Time()).Hours() / 24)
	return &d
}

// Summary is the case told in one Japanese paragraph: who, what, when,
// how many, and whether the investigation is over.
func Summary(rec *jikenbo.CaseRecord) string {
	c := rec.Case
	f := c.Facts
	var b strings.Builder
	title := f.Title
	if title == "" {
		title = "事案 " + c.ID
	}
	b.WriteString(title)
	b.WriteString("。")
	var pubs []string
	for _, co := range c.Organizations {
		if co.Role == jikenbo.RolePublisher && !contains(pubs, co.Name) {
			pubs = append(pubs, co.Name)
		}
	}
	if len(pubs) > 0 {
		b.WriteString(strings.Join(pubs, "、"))
		if !f.FirstPublished.IsZero() {
			fmt.Fprintf(&b, "が%d年%d月%d日に公表", f.FirstPublished.Year, f.FirstPublished.Month, f.FirstPublished.Day)
		} else {
			b.WriteString("が公表")
		}
		b.WriteString("。")
	}
	var cats []string
	for _, cat := range f.Categories {
		cats = append(cats, jikenbo.TermName(jikenbo.Categories, cat))
	}
	if len(cats) > 0 {
		b.WriteString("分類: " + strings.Join(cats, "、") + "。")
	}
	if f.AffectedPersons != nil {
		fmt.Fprintf(&b, "影響人数 %s人。", commas(*f.AffectedPersons))
	}
	if f.AffectedCards != nil {
		fmt.Fprintf(&b, "カード %s件。", commas(*f.AffectedCards))
	}
	if c.Status == jikenbo.StatusConcluded {
		b.WriteString("調査は完了（最終報告あり）。")
	} else {
		b.WriteString("調査中。")
	}
	return b.String()
}

// reference lists the case page and each release's own address (a
// release read from a local file has none), separated by "; " as VCDB
// does.
func reference(rec *jikenbo.CaseRecord, src Source) string {
	var refs []string
	if src.BaseURL != "" {
		refs = append(refs, strings.TrimRight(src.BaseURL, "/")+"/cases/"+rec.Case.ID)
	}
	for _, r := range rec.Releases {
		if u := ReleaseURL(r); u != "" && !contains(refs, u) {
			refs = append(refs, u)
		}
	}
	return strings.Join(refs, "; ")
}

// ReleaseURL is the address a release was read from when it is a web
// address, else "".
func ReleaseURL(r *jikenbo.ReleaseSummary) string {
	if strings.HasPrefix(r.Source, "https://") || strings.HasPrefix(r.Source, "http://") {
		return r.Source
	}
	return ""
}

func facts(rec *jikenbo.CaseRecord, src Source) Facts {
	c := rec.Case
	f := c.Facts
	out := Facts{CaseID: c.ID, Status: string(c.Status), Categories: nonNil(f.Categories), DataTypes: nonNil(f.DataTypes),
		AffectedPersons: f.AffectedPersons, AffectedCards: f.AffectedCards, Detected: date(f.Detected),
		FirstPublished: date(f.FirstPublished), LastPublished: date(f.LastPublished), NoticeLagDays: lagDays(f),
		ThirdParty: f.ThirdParty, Releases: []int64{}}
	if src.BaseURL != "" {
		out.URL = strings.TrimRight(src.BaseURL, "/") + "/cases/" + c.ID
	}
	if o := rec.Origin(); o != nil {
		out.Victim, out.CorporateNumber, out.RegisteredAddress = o.Name, o.CorporateNumber, o.RegisteredAddress
	}
	for _, r := range rec.Releases {
		out.Releases = append(out.Releases, r.ID)
	}
	return out
}

// Writer writes incidents as one JSON array, an incident at a time.
type Writer struct {
	w   io.Writer
	n   int
	err error
}

// NewWriter starts an array of incidents on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write adds one incident.
func (w *Writer) Write(inc *Incident) error {
	if w.err != nil {
		return w.err
	}
	b, err := Marshal(inc)
	if err != nil {
		w.err = err
		return err
	}
	sep := ",\n"
	if w.n == 0 {
		sep = "[\n"
	}
	w.n++
	if _, w.err = io.WriteString(w.w, sep); w.err == nil {
		_, w.err = w.w.Write(bytes.TrimRight(b, "\n"))
	}
	return w.err
}

// Close ends the array.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	end := "\n]\n"
	if w.n == 0 {
		end = "[]\n"
	}
	_, w.err = io.WriteString(w.w, end)
	return w.err
}

// Marshal writes an incident as indented JSON, Japanese unescaped.
func Marshal(inc *Incident) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(inc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func date(d jikenbo.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func appendNew(ss []string, add ...string) []string {
	for _, s := range add {
		if !contains(ss, s) {
			ss = append(ss, s)
		}
	}
	return ss
}

func removeAll(ss []string, x string) []string {
	var out []string
	for _, s := range ss {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsData(ds []DataAmount, v string) bool {
	for _, d := range ds {
		if d.Variety == v {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

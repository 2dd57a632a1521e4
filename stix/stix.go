// Package stix writes public cases as STIX 2.1 bundles, the form CSIRTs
// share incidents in through MISP and OpenCTI.
//
// A case becomes an incident whose jikenbo facts ride in a property
// extension (ExtensionID, defined by the extension-definition object every
// bundle carries); each organisation an identity (organisation class,
// with its 法人番号 in the same extension); each release a report with the
// release's address as an external reference; and relationships tie the
// incident to the organisations it targeted and a contractor's clients to
// the contractor. Every id is a version 5 UUID of the casebook's name and
// the case number, release ID or organisation (its 法人番号 when known), so
// exporting again gives the same ids and an importer updates its objects
// instead of adding new ones.
package stix

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/veris"
)

// Source names the casebook an export comes from (as for VERIS).
type Source = veris.Source

// ExtensionID is the id of the extension-definition of jikenbo's facts.
// It is fixed: every casebook's exports use the same definition.
var ExtensionID = "extension-definition--" + uuid.NewSHA1(veris.Namespace, []byte("extension-definition:jikenbo-casebook-facts:1")).String()

// ExtensionSchema is where the extension's properties are documented.
const ExtensionSchema = "https://github.com/jikenbo/jikenbo/blob/main/docs/stix-extension.md"

// extensionCreated is when the extension was defined; fixed so that the
// definition never looks changed.
var extensionCreated = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func id(kind, name string) string {
	return kind + "--" + uuid.NewSHA1(veris.Namespace, []byte(name)).String()
}

func sourceID(src Source) string {
	if src.ID == "" {
		return veris.DefaultSourceID
	}
	return src.ID
}

// IncidentID is the STIX id of a case's incident.
func IncidentID(src Source, caseID string) string {
	return id("incident", "case:"+sourceID(src)+":"+caseID)
}

// ReportID is the STIX id of a release's report.
func ReportID(src Source, releaseID int64) string {
	return id("report", "release:"+sourceID(src)+":"+strconv.FormatInt(releaseID, 10))
}

// IdentityID is the STIX id of an organisation: from its 法人番号 when it
// has one, so that every casebook names a company alike, else from the
// casebook's name and the organisation's own name.
func IdentityID(src Source, o *jikenbo.Organization) string {
	if o.CorporateNumber != "" {
		return id("identity", "houjin:"+o.CorporateNumber)
	}
	return id("identity", "org:"+sourceID(src)+":"+o.Name)
}

// CasebookIdentityID is the identity of the casebook itself, the
// producer (created_by_ref) of everything it exports.
func CasebookIdentityID(src Source) string {
	return id("identity", "casebook:"+sourceID(src))
}

// Object is one STIX object, its properties in a map so that each type
// writes only its own.
type Object map[string]any

// ID returns the object's id.
func (o Object) ID() string { s, _ := o["id"].(string); return s }

func ts(t time.Time) string {
	if t.IsZero() {
		t = extensionCreated
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func common(typ, id string, created, modified time.Time) Object {
	if modified.Before(created) {
		modified = created
	}
	return Object{"type": typ, "spec_version": "2.1", "id": id, "created": ts(created), "modified": ts(modified)}
}

// Producer returns the objects every bundle starts with: the casebook's
// identity and the extension-definition of its facts.
func Producer(src Source) []Object {
	me := common("identity", CasebookIdentityID(src), extensionCreated, extensionCreated)
	me["name"] = sourceID(src)
	me["identity_class"] = "system"
	me["description"] = "jikenbo セキュリティ事件簿: 日本の組織が公表したセキュリティインシデントの記録"
	if src.BaseURL != "" {
		me["contact_information"] = src.BaseURL
	}
	ext := common("extension-definition", ExtensionID, extensionCreated, extensionCreated)
	ext["created_by_ref"] = CasebookIdentityID(src)
	ext["name"] = "jikenbo casebook facts"
	ext["description"] = "Facts a jikenbo casebook keeps of a security incident disclosed in Japan (case number, status, categories, " +
		"data types, affected persons and cards, dates) on incident objects, and an organisation's 法人番号 (corporate number) on identity objects."
	ext["schema"] = ExtensionSchema
	ext["version"] = "1.0.0"
	ext["extension_types"] = []string{"property-extension"}
	return []Object{me, ext}
}

// FromCase returns a case's objects: the incident, an identity per
// organisation, a report per public release and the relationships.
func FromCase(rec *jikenbo.CaseRecord, src Source) []Object {
	c := rec.Case
	f := c.Facts
	creator := CasebookIdentityID(src)
	incID := IncidentID(src, c.ID)
	inc := common("incident", incID, c.CreatedAt, c.UpdatedAt)
	inc["created_by_ref"] = creator
	name := f.Title
	if name == "" {
		name = "事案 " + c.ID
	}
	inc["name"] = name
	inc["description"] = veris.Summary(rec)
	var cats []string
	for _, x := range f.Categories {
		cats = append(cats, jikenbo.TermName(jikenbo.Categories, x))
	}
	if len(cats) > 0 {
		inc["labels"] = cats
	}
	var refs []map[string]string
	if src.BaseURL != "" {
		refs = append(refs, map[string]string{"source_name": sourceID(src), "external_id": c.ID, "url": strings.TrimRight(src.BaseURL, "/") + "/cases/" + c.ID})
	} else {
		refs = append(refs, map[string]string{"source_name": sourceID(src), "external_id": c.ID})
	}
	inc["external_references"] = refs
	facts := map[string]any{"extension_type": "property-extension", "case_id": c.ID, "status": string(c.Status),
		"third_party": f.ThirdParty, "organizations_affected": f.Organizations}
	// STIX lists have at least one item: an empty one is left out.
	if len(f.Categories) > 0 {
		facts["categories"] = f.Categories
	}
	if len(f.DataTypes) > 0 {
		facts["data_types"] = f.DataTypes
	}
	if f.AffectedPersons != nil {
		facts["affected_persons"] = *f.AffectedPersons
	}
	if f.AffectedCards != nil {
		facts["affected_cards"] = *f.AffectedCards
	}
	for k, d := range map[string]jikenbo.Date{"detected": f.Detected, "first_published": f.FirstPublished, "last_published": f.LastPublished} {
		if !d.IsZero() {
			facts[k] = d.String()
		}
	}
	inc["extensions"] = map[string]any{ExtensionID: facts}
	out := []Object{inc}

	// Identities, then what ties them to the incident.
	idOf := map[int64]string{}
	for _, co := range c.Organizations {
		o := rec.Organizations[co.OrganizationID]
		if o == nil || idOf[o.ID] != "" {
			continue
		}
		idOf[o.ID] = IdentityID(src, o)
		out = append(out, identity(o, src, creator))
	}
	var contractors []int64
	for _, co := range c.Organizations {
		if co.Role == jikenbo.RoleContractor && idOf[co.OrganizationID] != "" {
			contractors = append(contractors, co.OrganizationID)
		}
	}
	for _, co := range c.Organizations {
		oid := idOf[co.OrganizationID]
		if oid == "" {
			continue
		}
		desc := map[jikenbo.Role]string{jikenbo.RolePublisher: "公表元 (publisher)", jikenbo.RoleContractor: "委託先 (contractor, where the incident happened)",
			jikenbo.RoleClient: "委託元 (client of the contractor)"}[co.Role]
		out = append(out, relationship(src, creator, c, "targets", incID, oid, desc))
		// A client (or a publisher of a contractor's incident) is tied to
		// the contractor that held its data.
		if co.Role == jikenbo.RoleClient || (co.Role == jikenbo.RolePublisher && len(contractors) > 0) {
			for _, k := range contractors {
				if k != co.OrganizationID {
					out = append(out, relationship(src, creator, c, "related-to", oid, idOf[k], "委託元 → 委託先 (client of contractor)"))
				}
			}
		}
	}
	out = dedupe(out)
	for _, r := range rec.Releases {
		out = append(out, report(r, src, creator, incID, idOf[r.OrganizationID]))
	}
	return out
}

func identity(o *jikenbo.Organization, src Source, creator string) Object {
	x := common("identity", IdentityID(src, o), o.CreatedAt, o.CreatedAt)
	x["created_by_ref"] = creator
	x["name"] = o.Name
	x["identity_class"] = "organization"
	if sector := sectors[o.Kind]; sector != "" {
		x["sectors"] = []string{sector}
	}
	var aliases []string
	for _, a := range o.Aliases {
		if a.Name != o.Name && !contains(aliases, a.Name) {
			aliases = append(aliases, a.Name)
		}
	}
	ext := map[string]any{"extension_type": "property-extension", "organization_kind": string(o.Kind)}
	if o.CorporateNumber != "" {
		ext["corporate_number"] = o.CorporateNumber
		x["external_references"] = []map[string]string{{"source_name": "houjin-bangou", "external_id": o.CorporateNumber,
			"url": "https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo=" + o.CorporateNumber}}
	}
	if o.RegisteredAddress != "" {
		ext["registered_address"] = o.RegisteredAddress
		x["contact_information"] = o.RegisteredAddress
	}
	if len(aliases) > 0 {
		ext["aliases"] = aliases
	}
	x["extensions"] = map[string]any{ExtensionID: ext}
	return x
}

// sectors maps an organisation's kind to STIX's industry-sector-ov.
var sectors = map[jikenbo.OrgKind]string{
	jikenbo.OrgMunicipality: "government-local", jikenbo.OrgGovernment: "government-national", jikenbo.OrgSchool: "education",
	jikenbo.OrgHospital: "healthcare", jikenbo.OrgFinancial: "financial-services",
}

func relationship(src Source, creator string, c *jikenbo.Case, typ, from, to, desc string) Object {
	r := common("relationship", id("relationship", "rel:"+sourceID(src)+":"+typ+":"+from+":"+to), c.CreatedAt, c.UpdatedAt)
	r["created_by_ref"] = creator
	r["relationship_type"] = typ
	r["source_ref"] = from
	r["target_ref"] = to
	if desc != "" {
		r["description"] = desc
	}
	return r
}

func report(r *jikenbo.ReleaseSummary, src Source, creator, incID, orgID string) Object {
	x := common("report", ReportID(src, r.ID), r.ImportedAt, r.ImportedAt)
	x["created_by_ref"] = creator
	name := r.Facts.Title
	if name == "" && r.OrganizationName != "" {
		name = r.OrganizationName + "の公表"
	} else if name == "" {
		name = "公表 " + strconv.FormatInt(r.ID, 10)
	}
	x["name"] = name
	published := r.ImportedAt
	if !r.Date.IsZero() {
		published = r.Date.Time()
	}
	x["published"] = ts(published)
	x["report_types"] = []string{"threat-report"}
	x["lang"] = "ja"
	refs := []string{incID}
	if orgID != "" {
		refs = append(refs, orgID)
	}
	x["object_refs"] = refs
	var ext []map[string]string
	if u := veris.ReleaseURL(r); u != "" {
		ext = append(ext, map[string]string{"source_name": "release", "url": u})
	}
	e := map[string]string{"source_name": sourceID(src), "external_id": strconv.FormatInt(r.ID, 10)}
	if src.BaseURL != "" {
		e["url"] = strings.TrimRight(src.BaseURL, "/") + "/releases/" + strconv.FormatInt(r.ID, 10)
	}
	x["external_references"] = append(ext, e)
	return x
}

// Writer writes one bundle, an object at a time: the producer's objects
// first, then each case's, an identity shared by several cases once.
type Writer struct {
	w    io.Writer
	seen map[string]bool
	n    int
	err  error
}

// NewWriter starts a bundle on w. Its id is a version 5 UUID of the
// casebook's name and what the bundle holds (a case number, a selection),
// so the same export has the same bundle id.
func NewWriter(w io.Writer, src Source, what string) *Writer {
	bw := &Writer{w: w, seen: map[string]bool{}}
	_, bw.err = io.WriteString(w, `{"type":"bundle","id":"`+id("bundle", "bundle:"+sourceID(src)+":"+what)+`","objects":[`)
	for _, o := range Producer(src) {
		bw.Write(o)
	}
	return bw
}

// Write adds an object. An identity already in the bundle (an
// organisation of several cases) is not written again; only identities'
// ids are remembered, every other object belongs to one case.
func (b *Writer) Write(o Object) error {
	if b.err != nil {
		return b.err
	}
	if o["type"] == "identity" {
		if b.seen[o.ID()] {
			return nil
		}
		b.seen[o.ID()] = true
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if b.err = enc.Encode(o); b.err != nil {
		return b.err
	}
	sep := ",\n"
	if b.n == 0 {
		sep = "\n"
	}
	b.n++
	if _, b.err = io.WriteString(b.w, sep); b.err == nil {
		_, b.err = b.w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
	}
	return b.err
}

// Close ends the bundle.
func (b *Writer) Close() error {
	if b.err != nil {
		return b.err
	}
	_, b.err = io.WriteString(b.w, "\n]}\n")
	return b.err
}

// dedupe drops objects whose id came before (an organisation with two
// roles is targeted once).
func dedupe(objs []Object) []Object {
	seen := map[string]bool{}
	out := objs[:0]
	for _, o := range objs {
		if !seen[o.ID()] {
			seen[o.ID()] = true
			out = append(out, o)
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

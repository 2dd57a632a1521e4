package casebook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/csvout"
)

// Document is the JSON export of a whole casebook. Importing it into an
// empty casebook and exporting again gives the same bytes: everything a
// store holds is in it, including the original bytes, the extractor's own
// output apart from the editors' overrides, and the filing decisions.
type Document struct {
	Version int `json:"version"`
	// Contents says what the export holds and what it does not.
	Contents      string             `json:"contents,omitempty"`
	Releases      []ReleaseJSON      `json:"releases"`
	Cases         []CaseJSON         `json:"cases"`
	Organizations []OrganizationJSON `json:"organizations"`
	Labels        []LabelJSON        `json:"labels"`
	// RetiredCases and LabelRedirects keep numbers never handed out again
	// and the redirects of merged cases and renamed labels (version 2).
	RetiredCases []jikenbo.RetiredCase `json:"retired_cases,omitempty"`
	// DeletedReleases are the tombstones of deleted releases (written
	// only when there are some, so older exports read the same).
	DeletedReleases []jikenbo.DeletedRelease `json:"deleted_releases,omitempty"`
	LabelRedirects  []jikenbo.LabelRedirect  `json:"label_redirects,omitempty"`
}

// ExportContents is written at the top of every JSON export, so that
// nobody takes it for a complete copy of the casebook.
const ExportContents = "The public record: releases (with their original bytes, versions and sources), cases, organisations and labels, drafts included. " +
	"It holds no user accounts, API tokens, sessions or audit log. For a complete copy use `jikenbo backup` (SQLite) or `jikenbo migrate-store`."

// documentVersion changes when the format does. Version 1 had no retired
// case numbers and no label redirects; it is still read.
const documentVersion = 2

// ReleaseJSON is a release in the export.
type ReleaseJSON struct {
	ID             int64              `json:"id"`
	CaseID         *string            `json:"case_id"`
	Stage          string             `json:"stage,omitempty"`
	Organization   *string            `json:"organization"`
	OrganizationID int64              `json:"organization_id,omitempty"`
	Title          *string            `json:"title"`
	Published      jikenbo.Date       `json:"published"`
	Labels         []string           `json:"labels"`
	LabelSources   []ReleaseLabelJSON `json:"label_sources"`
	Source         string             `json:"source"`
	SHA256         string             `json:"sha256"`
	Encoding       string             `json:"encoding"`
	ImportedAt     time.Time          `json:"imported_at"`
	Draft          bool               `json:"draft"`
	SourceCaseID   string             `json:"source_case_id,omitempty"`
	Text           string             `json:"text"`
	// Original is the original bytes when they differ from Text
	// (another encoding, a file with navigation lines); base64.
	Original    []byte         `json:"original,omitempty"`
	Facts       jikenbo.Facts  `json:"facts"`
	Extracted   jikenbo.Facts  `json:"extracted"`
	ExtractedAt time.Time      `json:"extracted_at"`
	Overrides   []OverrideJSON `json:"overrides"`
	// Versions are every state of the release the casebook read, oldest
	// first; the last is the release's own bytes and text.
	Versions []VersionJSON `json:"versions"`
	// Sources are the other places the same release was read from
	// (jikenbo.ReleaseSource), in the order they were filed.
	Sources []SourceJSON `json:"sources"`
}

// SourceJSON is another source of a release in the export.
type SourceJSON struct {
	Source     string    `json:"source"`
	SHA256     string    `json:"sha256"`
	Encoding   string    `json:"encoding"`
	ImportedAt time.Time `json:"imported_at"`
	Similarity float64   `json:"similarity"`
	// FormerReleaseID is the release it was before duplicates were
	// merged, whose address redirects to this release.
	FormerReleaseID int64  `json:"former_release_id,omitempty"`
	Text            string `json:"text"`
	Original        []byte `json:"original,omitempty"`
}

// ReleaseLabelJSON is one label of a release with who gave it.
type ReleaseLabelJSON struct {
	Name   string              `json:"name"`
	Source jikenbo.LabelSource `json:"source"`
}

// OverrideJSON is an editor's correction in the export.
type OverrideJSON struct {
	Field  string          `json:"field"`
	Value  json.RawMessage `json:"value"`
	Editor string          `json:"editor"`
	At     time.Time       `json:"at"`
}

// CaseJSON is a case in the export.
type CaseJSON struct {
	ID            string            `json:"id"`
	Status        jikenbo.Status    `json:"status"`
	Organizations []CaseOrgJSON     `json:"organizations"`
	Releases      []int64           `json:"releases"`
	Timeline      []TimelineJSON    `json:"timeline"`
	Facts         jikenbo.CaseFacts `json:"facts"`
	Links         []CaseLinkJSON    `json:"links"`
	Decisions     []DecisionJSON    `json:"decisions"`
	CreatedAt     time.Time         `json:"created_at"`
	// OwnTitle is the title an editor gave the case ("" when Facts.Title
	// is the one made from its releases).
	OwnTitle string `json:"own_title,omitempty"`
}

// CaseOrgJSON is an organisation of a case with its role.
type CaseOrgJSON struct {
	ID   int64        `json:"id"`
	Name string       `json:"name"`
	Role jikenbo.Role `json:"role"`
}

// TimelineJSON is a timeline entry.
type TimelineJSON struct {
	Date      jikenbo.Date         `json:"date"`
	Kind      jikenbo.TimelineKind `json:"kind"`
	ReleaseID int64                `json:"release_id,omitempty"`
	Note      string               `json:"note"`
}

// CaseLinkJSON is a related case.
type CaseLinkJSON struct {
	CaseID string           `json:"case_id"`
	Kind   jikenbo.LinkKind `json:"kind"`
	Reason string           `json:"reason"`
}

// DecisionJSON is a filing decision.
type DecisionJSON struct {
	ReleaseID int64                  `json:"release_id"`
	Action    jikenbo.DecisionAction `json:"action"`
	Reasons   []string               `json:"reasons"`
	At        time.Time              `json:"at"`
}

// OrganizationJSON is an organisation in the export.
type OrganizationJSON struct {
	ID        int64              `json:"id"`
	Name      string             `json:"name"`
	Kind      jikenbo.OrgKind    `json:"kind"`
	Aliases   []jikenbo.OrgAlias `json:"aliases"`
	CreatedAt time.Time          `json:"created_at"`
	// CorporateNumber and RegisteredAddress are the 法人番号 and its
	// address; HoujinCandidates the registry entries waiting for an
	// editor's choice. Written only when there are some, so exports of
	// casebooks without them read as before.
	CorporateNumber   string                `json:"corporate_number,omitempty"`
	RegisteredAddress string                `json:"registered_address,omitempty"`
	HoujinCandidates  []HoujinCandidateJSON `json:"houjin_candidates,omitempty"`
}

// HoujinCandidateJSON is a registry entry that may be the organisation's.
type HoujinCandidateJSON struct {
	CorporateNumber string `json:"corporate_number"`
	Name            string `json:"name"`
	Address         string `json:"address"`
}

// LabelJSON is a label with its release count.
type LabelJSON struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// page is how many releases an export reads at a time.
const page = 500

// VersionJSON is one version of a release. Original is the version's
// bytes when they differ from Text, as in ReleaseJSON.
type VersionJSON struct {
	ImportedAt   time.Time            `json:"imported_at"`
	SHA256       string               `json:"sha256"`
	Text         string               `json:"text"`
	ChangedFacts []jikenbo.FactChange `json:"changed_facts"`
	Encoding     string               `json:"encoding,omitempty"`
	Original     []byte               `json:"original,omitempty"`
}

func versionsJSON(vs []*jikenbo.ReleaseVersion) []VersionJSON {
	out := []VersionJSON{}
	for _, v := range vs {
		vj := VersionJSON{ImportedAt: v.ImportedAt.UTC(), SHA256: v.SHA256, Text: v.Text, ChangedFacts: nonNil(v.ChangedFacts), Encoding: v.Encoding}
		if !bytes.Equal(v.Original, []byte(v.Text)) {
			vj.Original = v.Original
		}
		out = append(out, vj)
	}
	return out
}

func sourcesJSON(srcs []*jikenbo.ReleaseSource) []SourceJSON {
	out := []SourceJSON{}
	for _, x := range srcs {
		sj := SourceJSON{Source: x.Source, SHA256: x.SHA256, Encoding: x.Encoding, ImportedAt: x.ImportedAt.UTC(), Similarity: x.Similarity,
			FormerReleaseID: x.FormerReleaseID, Text: x.Text}
		if !bytes.Equal(x.Original, []byte(x.Text)) {
			sj.Original = x.Original
		}
		out = append(out, sj)
	}
	return out
}

// restoreSources reads the sources of an export back, checking each
// digest against its bytes.
func restoreSources(releaseID int64, sjs []SourceJSON) ([]*jikenbo.ReleaseSource, error) {
	var out []*jikenbo.ReleaseSource
	for i, sj := range sjs {
		original := sj.Original
		if original == nil {
			original = []byte(sj.Text)
		}
		if got := jikenbo.SHA256Hex(original); got != sj.SHA256 {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "field sources[%d].sha256: %s does not match the original bytes (%s)", i, sj.SHA256, got)
		}
		if !utf8.ValidString(sj.Text) {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "field sources[%d].text: not UTF-8", i)
		}
		out = append(out, &jikenbo.ReleaseSource{ReleaseID: releaseID, Source: sj.Source, Original: original, Text: sj.Text,
			Encoding: sj.Encoding, ImportedAt: sj.ImportedAt, Similarity: sj.Similarity, FormerReleaseID: sj.FormerReleaseID})
	}
	return out, nil
}

// restoreVersions reads the versions of an export back, checking each
// digest against its bytes.
func restoreVersions(vjs []VersionJSON) ([]*jikenbo.ReleaseVersion, error) {
	var vs []*jikenbo.ReleaseVersion
	for i, vj := range vjs {
		original := vj.Original
		if original == nil {
			original = []byte(vj.Text)
		}
		if got := jikenbo.SHA256Hex(original); got != vj.SHA256 {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "field versions[%d].sha256: %s does not match the original bytes (%s)", i, vj.SHA256, got)
		}
		if !utf8.ValidString(vj.Text) {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "field versions[%d].text: not UTF-8", i)
		}
		vs = append(vs, &jikenbo.ReleaseVersion{Original: original, SHA256: vj.SHA256, Text: vj.Text, Encoding: vj.Encoding,
			ImportedAt: vj.ImportedAt, ChangedFacts: vj.ChangedFacts})
	}
	return vs, nil
}

func releaseJSON(r *jikenbo.Release, orgName map[int64]string) ReleaseJSON {
	f := r.Facts()
	org := f.Organization
	if n := orgName[r.OrganizationID]; n != "" {
		org = n
	}
	out := ReleaseJSON{
		ID: r.ID, CaseID: nullable(r.CaseID), Stage: string(r.Stage), Organization: nullable(org), OrganizationID: r.OrganizationID,
		Title: nullable(f.Title), Published: f.Published, Labels: []string{}, LabelSources: []ReleaseLabelJSON{},
		Source: r.Source, SHA256: r.SHA256, Encoding: r.Encoding, ImportedAt: r.ImportedAt.UTC(), Draft: r.Draft,
		SourceCaseID: r.SourceCaseID, Text: r.Text, Facts: f, Extracted: r.Extracted, ExtractedAt: r.ExtractedAt.UTC(),
		Overrides: []OverrideJSON{},
	}
	if !bytes.Equal(r.Original, []byte(r.Text)) {
		out.Original = r.Original
	}
	for _, l := range r.Labels {
		if !contains(out.Labels, l.Name) {
			out.Labels = append(out.Labels, l.Name)
		}
		out.LabelSources = append(out.LabelSources, ReleaseLabelJSON{Name: l.Name, Source: l.Source})
	}
	for _, o := range r.Overrides {
		out.Overrides = append(out.Overrides, OverrideJSON{Field: o.Field, Value: o.Value, Editor: o.Editor, At: o.At.UTC()})
	}
	return out
}

func caseJSON(c *jikenbo.Case) CaseJSON {
	out := CaseJSON{ID: c.ID, Status: c.Status, Organizations: []CaseOrgJSON{}, Releases: []int64{}, Timeline: []TimelineJSON{},
		Facts: c.Facts, Links: []CaseLinkJSON{}, Decisions: []DecisionJSON{}, CreatedAt: c.CreatedAt.UTC(), OwnTitle: c.Title}
	for _, o := range c.Organizations {
		out.Organizations = append(out.Organizations, CaseOrgJSON{ID: o.OrganizationID, Name: o.Name, Role: o.Role})
	}
	for _, r := range c.Releases {
		out.Releases = append(out.Releases, r.ReleaseID)
	}
	for _, e := range c.Timeline {
		out.Timeline = append(out.Timeline, TimelineJSON{Date: e.Date, Kind: e.Kind, ReleaseID: e.ReleaseID, Note: e.Note})
	}
	for _, l := range c.Links {
		out.Links = append(out.Links, CaseLinkJSON{CaseID: l.CaseID, Kind: l.Kind, Reason: l.Reason})
	}
	for _, d := range c.Decisions {
		out.Decisions = append(out.Decisions, DecisionJSON{ReleaseID: d.ReleaseID, Action: d.Action, Reasons: nonNil(d.Reasons), At: d.At.UTC()})
	}
	return out
}

// WriteJSON writes the casebook as one JSON Document. It streams: a page
// of releases or cases is read, written and dropped, so exporting a large
// casebook takes little memory.
func WriteJSON(ctx context.Context, s jikenbo.Store, w io.Writer) error {
	if err := writeJSON(ctx, s, w); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func writeJSON(ctx context.Context, s jikenbo.Store, w io.Writer) error {
	orgs, _, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{})
	if err != nil {
		return err
	}
	orgName := map[int64]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	aw := &arrayWriter{w: w}
	contents, _ := json.Marshal(ExportContents)
	aw.raw(fmt.Sprintf("{\n  \"version\": %d,\n  \"contents\": %s,\n  \"releases\": [", documentVersion, contents))
	for after := int64(0); ; {
		rs, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{AfterID: after, Limit: page})
		if err != nil {
			return err
		}
		for _, r := range rs {
			rj := releaseJSON(r, orgName)
			vs, err := s.FindVersions(ctx, r.ID)
			if err != nil {
				return err
			}
			rj.Versions = versionsJSON(vs)
			srcs, err := s.FindReleaseSources(ctx, r.ID)
			if err != nil {
				return err
			}
			rj.Sources = sourcesJSON(srcs)
			aw.elem(rj)
			after = r.ID
		}
		if len(rs) < page {
			break
		}
	}
	aw.end()
	aw.raw(",\n  \"cases\": [")
	for off := 0; ; off += page {
		cs, _, err := s.FindCases(ctx, jikenbo.CaseFilter{Offset: off, Limit: page})
		if err != nil {
			return err
		}
		for _, c := range cs {
			aw.elem(caseJSON(c))
		}
		if len(cs) < page {
			break
		}
	}
	aw.end()
	aw.raw(",\n  \"organizations\": [")
	cands, err := s.FindHoujinCandidates(ctx)
	if err != nil {
		return err
	}
	candsOf := map[int64][]HoujinCandidateJSON{}
	for _, c := range cands {
		candsOf[c.OrganizationID] = append(candsOf[c.OrganizationID], HoujinCandidateJSON{CorporateNumber: c.CorporateNumber, Name: c.Name, Address: c.Address})
	}
	for _, o := range orgs {
		aw.elem(OrganizationJSON{ID: o.ID, Name: o.Name, Kind: o.Kind, Aliases: nonNil(o.Aliases), CreatedAt: o.CreatedAt.UTC(),
			CorporateNumber: o.CorporateNumber, RegisteredAddress: o.RegisteredAddress, HoujinCandidates: candsOf[o.ID]})
	}
	aw.end()
	labels, err := s.FindLabels(ctx)
	if err != nil {
		return err
	}
	aw.raw(",\n  \"labels\": [")
	for _, l := range labels {
		aw.elem(LabelJSON{Name: l.Name, Count: l.Count})
	}
	aw.end()
	retired, err := s.FindRetiredCases(ctx)
	if err != nil {
		return err
	}
	aw.raw(",\n  \"retired_cases\": [")
	for _, r := range retired {
		aw.elem(r)
	}
	aw.end()
	deleted, err := s.FindDeletedReleases(ctx)
	if err != nil {
		return err
	}
	if len(deleted) > 0 {
		aw.raw(",\n  \"deleted_releases\": [")
		for _, d := range deleted {
			aw.elem(d)
		}
		aw.end()
	}
	redirects, err := s.FindLabelRedirects(ctx)
	if err != nil {
		return err
	}
	aw.raw(",\n  \"label_redirects\": [")
	for _, r := range redirects {
		aw.elem(r)
	}
	aw.end()
	aw.raw("\n}\n")
	return aw.err
}

// arrayWriter writes the elements of a JSON array indented as a member of
// the export's top-level object, keeping the first error.
type arrayWriter struct {
	w   io.Writer
	n   int
	buf bytes.Buffer
	err error
}

func (a *arrayWriter) raw(s string) {
	if a.err == nil {
		_, a.err = io.WriteString(a.w, s)
	}
}

func (a *arrayWriter) elem(v any) {
	if a.err != nil {
		return
	}
	a.buf.Reset()
	enc := json.NewEncoder(&a.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if a.err = enc.Encode(v); a.err != nil {
		return
	}
	sep := ",\n    "
	if a.n == 0 {
		sep = "\n    "
	}
	a.n++
	a.raw(sep)
	if a.err == nil {
		_, a.err = a.w.Write(bytes.TrimRight(a.buf.Bytes(), "\n"))
	}
}

// end closes the array and readies the writer for the next one.
func (a *arrayWriter) end() {
	if a.n > 0 {
		a.raw("\n  ")
	}
	a.raw("]")
	a.n = 0
}

// csvHeader names the columns of the CSV export: one row per case, in
// Japanese-readable values a spreadsheet can filter.
var csvHeader = []string{"case_id", "status", "first_published", "last_published", "detected", "publishers", "contractors", "clients",
	"title", "categories", "data_types", "affected_persons", "affected_cards", "third_party", "releases", "release_ids"}

// WriteCSV writes one row per case, UTF-8 with a byte-order mark and
// formulas neutralised (csvout).
func WriteCSV(ctx context.Context, s jikenbo.Store, w io.Writer) error {
	cases, _, err := s.FindCases(ctx, jikenbo.CaseFilter{})
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw := csvout.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range cases {
		var pubs, cons, clients, ids []string
		for _, o := range c.Organizations {
			switch o.Role {
			case jikenbo.RolePublisher:
				pubs = append(pubs, o.Name)
			case jikenbo.RoleContractor:
				cons = append(cons, o.Name)
			case jikenbo.RoleClient:
				clients = append(clients, o.Name)
			}
		}
		for _, r := range c.Releases {
			ids = append(ids, strconv.FormatInt(r.ReleaseID, 10))
		}
		var cats, types []string
		for _, x := range c.Facts.Categories {
			cats = append(cats, jikenbo.TermName(jikenbo.Categories, x))
		}
		for _, x := range c.Facts.DataTypes {
			types = append(types, jikenbo.TermName(jikenbo.DataTypes, x))
		}
		row := []string{c.ID, string(c.Status), c.Facts.FirstPublished.String(), c.Facts.LastPublished.String(), c.Facts.Detected.String(),
			strings.Join(pubs, ";"), strings.Join(cons, ";"), strings.Join(clients, ";"), c.Facts.Title,
			strings.Join(cats, ";"), strings.Join(types, ";"), intString(c.Facts.AffectedPersons), intString(c.Facts.AffectedCards),
			strconv.FormatBool(c.Facts.ThirdParty), strconv.Itoa(len(c.Releases)), strings.Join(ids, ";")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// latestSHA returns the digest of the newest of vs.
func latestSHA(vs []*jikenbo.ReleaseVersion) string {
	return vs[len(vs)-1].SHA256
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

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func intString(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

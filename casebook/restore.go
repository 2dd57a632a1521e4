package casebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

// importExport restores the export at path: each release (with its case,
// when it has one) in its own transaction; releases already present are
// skipped. It streams, reading the file twice: the first pass checks all
// of it and keeps the small parts (organisations, cases, retired numbers,
// label redirects), decoding the releases one at a time and dropping them;
// the second restores the releases one at a time. Memory holds the small
// parts and one release, never the file. done and total are the bytes of
// input before this file and in all, for Progress.
func (im *Importer) importExport(ctx context.Context, path string, done, total int64, sum *Summary) error {
	doc, err := readExportHead(path)
	if err != nil {
		failExport(sum, path, err)
		return nil
	}
	if doc.Version != documentVersion && doc.Version != 1 {
		sum.fail(path, 0, jikenbo.Errorf(jikenbo.EINVALID, "export version %d, want %d", doc.Version, documentVersion))
		return nil
	}
	r := restorer{im: im, orgs: map[int64]int64{}, file: path}
	for i := range doc.Organizations {
		if err := r.organization(ctx, &doc.Organizations[i]); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: organizations[%d]", path, i), 0, err)
		}
	}
	caseOf := map[int64]*CaseJSON{}
	for i := range doc.Cases {
		for _, id := range doc.Cases[i].Releases {
			caseOf[id] = &doc.Cases[i]
		}
	}
	err = eachExportRelease(path, func(i int, rel *ReleaseJSON, off int64) error {
		added, newCase, err := r.release(ctx, rel, caseOf[rel.ID])
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: releases[%d] (id %d)", path, i, rel.ID), 0, err)
		case !added:
			sum.Present++
		default:
			sum.Added++
			if newCase {
				sum.NewCases++
			} else if rel.CaseID != nil {
				sum.Linked++
			}
		}
		if im.Progress != nil {
			im.Progress(done+off, total, sum)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The first pass read the file whole: it changed since.
		failExport(sum, path, err)
		return nil
	}
	// Cases without releases, and links once every case exists.
	for i := range doc.Cases {
		c := &doc.Cases[i]
		err := im.Store.InTx(ctx, func(tx jikenbo.Store) error {
			if _, err := r.ensureCase(ctx, tx, c); err != nil {
				return err
			}
			for _, l := range c.Links {
				if err := tx.AddCaseLink(ctx, c.ID, jikenbo.CaseLink{CaseID: l.CaseID, Kind: l.Kind, Reason: l.Reason}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: cases[%d] (%s)", path, i, c.ID), 0, err)
		}
	}
	// Retired numbers once every live case exists, so that none is
	// handed out again; then where merged cases and renamed labels went.
	for i, rc := range doc.RetiredCases {
		if err := im.Store.RetireCase(ctx, rc); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: retired_cases[%d] (%s)", path, i, rc.ID), 0, err)
		}
	}
	for i, d := range doc.DeletedReleases {
		if err := im.Store.AddDeletedRelease(ctx, d); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: deleted_releases[%d] (%d)", path, i, d.ID), 0, err)
		}
	}
	for i, lr := range doc.LabelRedirects {
		if err := im.Store.AddLabelRedirect(ctx, lr); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.fail(fmt.Sprintf("%s: label_redirects[%d] (%s)", path, i, lr.Name), 0, err)
		}
	}
	return nil
}

// failExport records an export that cannot be read as one failure, with
// the line of what is wrong in it.
func failExport(sum *Summary, path string, err error) {
	var xe *exportError
	if !errors.As(err, &xe) {
		sum.fail(path, 0, pathError(err)) // the file could not be opened
		return
	}
	sum.fail(path, xe.line, jikenbo.Errorf(jikenbo.EINVALID, "not a jikenbo export: %v", xe.err))
}

// readExportHead is the first pass over an export: it checks the whole
// file as strictly as decoding it into a Document would, and returns the
// Document without its releases, which are decoded one at a time and
// dropped.
func readExportHead(path string) (*Document, error) {
	x, err := openExport(path)
	if err != nil {
		return nil, err
	}
	defer x.close()
	doc := &Document{}
	err = x.members(func(key string) error {
		switch key {
		case "version":
			return x.value(key, &doc.Version, ':')
		case "contents":
			return x.value(key, &doc.Contents, ':')
		case "releases":
			return eachElement(x, key, func(int, *ReleaseJSON) error { return nil })
		case "cases":
			return eachElement(x, key, appendTo(&doc.Cases))
		case "organizations":
			return eachElement(x, key, appendTo(&doc.Organizations))
		case "labels":
			return eachElement(x, key, appendTo(&doc.Labels))
		case "retired_cases":
			return eachElement(x, key, appendTo(&doc.RetiredCases))
		case "deleted_releases":
			return eachElement(x, key, appendTo(&doc.DeletedReleases))
		default: // label_redirects
			return eachElement(x, key, appendTo(&doc.LabelRedirects))
		}
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// eachExportRelease is the second pass over an export: it calls fn with
// each release in turn, its index, and the bytes of the file read so far.
// An error fn returns ends the pass and is returned as it is.
func eachExportRelease(path string, fn func(i int, rel *ReleaseJSON, off int64) error) error {
	x, err := openExport(path)
	if err != nil {
		return err
	}
	defer x.close()
	err = x.members(func(key string) error {
		if key != "releases" {
			return x.skip()
		}
		err := eachElement(x, key, func(i int, rel *ReleaseJSON) error { return fn(i, rel, x.offset()) })
		if err != nil {
			return err
		}
		return errReleasesRead
	})
	if errors.Is(err, errReleasesRead) {
		return nil // what follows the releases was read in the first pass
	}
	return err
}

// errReleasesRead ends the second pass once the releases are read.
var errReleasesRead = errors.New("releases read")

// appendTo returns an element function of eachElement that keeps every
// element in *s.
func appendTo[T any](s *[]T) func(int, *T) error {
	return func(_ int, v *T) error {
		*s = append(*s, *v)
		return nil
	}
}

// restorer maps the export's organisation IDs to the casebook's.
type restorer struct {
	im   *Importer
	orgs map[int64]int64
	file string
}

func (r *restorer) organization(ctx context.Context, o *OrganizationJSON) error {
	return r.im.Store.InTx(ctx, func(tx jikenbo.Store) error {
		for _, a := range o.Aliases {
			if got, err := tx.FindOrganizationByKey(ctx, a.Key); err == nil {
				r.orgs[o.ID] = got.ID
				for _, a := range o.Aliases {
					if err := tx.AddOrganizationAlias(ctx, got.ID, a); err != nil && jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
						return err
					}
				}
				// The casebook's own 法人番号 stands; one it lacks is taken.
				if got.CorporateNumber == "" && o.CorporateNumber != "" {
					if _, err := tx.UpdateOrganization(ctx, got.ID, jikenbo.OrganizationUpdate{CorporateNumber: &o.CorporateNumber,
						RegisteredAddress: &o.RegisteredAddress}); err != nil {
						return err
					}
				} else if got.CorporateNumber == "" && len(o.HoujinCandidates) > 0 {
					return tx.SetHoujinCandidates(ctx, got.ID, houjinCandidates(got.ID, o.HoujinCandidates))
				}
				return nil
			} else if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
				return err
			}
		}
		org := &jikenbo.Organization{ID: o.ID, Name: o.Name, Kind: o.Kind, Aliases: o.Aliases, CreatedAt: o.CreatedAt,
			CorporateNumber: o.CorporateNumber, RegisteredAddress: o.RegisteredAddress}
		if _, err := tx.FindOrganizationByID(ctx, o.ID); err == nil {
			org.ID = 0 // the ID is taken by another organisation here
		}
		if err := tx.CreateOrganization(ctx, org); err != nil {
			return err
		}
		r.orgs[o.ID] = org.ID
		if len(o.HoujinCandidates) > 0 {
			return tx.SetHoujinCandidates(ctx, org.ID, houjinCandidates(org.ID, o.HoujinCandidates))
		}
		return nil
	})
}

func houjinCandidates(orgID int64, cjs []HoujinCandidateJSON) []jikenbo.HoujinCandidate {
	var out []jikenbo.HoujinCandidate
	for _, c := range cjs {
		out = append(out, jikenbo.HoujinCandidate{OrganizationID: orgID, CorporateNumber: c.CorporateNumber, Name: c.Name, Address: c.Address})
	}
	return out
}

// release restores one release and, when it is the first of its case
// here, the case.
func (r *restorer) release(ctx context.Context, rj *ReleaseJSON, c *CaseJSON) (added, newCase bool, err error) {
	if _, err := r.im.Store.FindReleaseBySHA256(ctx, rj.SHA256); err == nil {
		return false, false, nil
	}
	original := rj.Original
	if original == nil {
		original = []byte(rj.Text)
	}
	if got := jikenbo.SHA256Hex(original); got != rj.SHA256 {
		return false, false, jikenbo.Errorf(jikenbo.EINVALID, "field sha256: %s does not match the original bytes (%s)", rj.SHA256, got)
	}
	if !utf8.ValidString(rj.Text) {
		return false, false, jikenbo.Errorf(jikenbo.EINVALID, "field text: not UTF-8")
	}
	versions, err := restoreVersions(rj.Versions)
	if err != nil {
		return false, false, err
	}
	sources, err := restoreSources(0, rj.Sources)
	if err != nil {
		return false, false, err
	}
	if len(versions) > 0 && latestSHA(versions) != rj.SHA256 {
		return false, false, jikenbo.Errorf(jikenbo.EINVALID, "field versions: the last version is not the release's own bytes")
	}
	rel := &jikenbo.Release{
		ID: rj.ID, Original: original, Text: rj.Text, Encoding: rj.Encoding, Source: rj.Source, ImportedAt: rj.ImportedAt,
		Draft: rj.Draft, SourceCaseID: rj.SourceCaseID, Extracted: rj.Extracted, ExtractedAt: rj.ExtractedAt,
	}
	if rj.OrganizationID != 0 {
		id, ok := r.orgs[rj.OrganizationID]
		if !ok {
			return false, false, jikenbo.Errorf(jikenbo.EINVALID, "field organization_id: %d is not among the export's organizations", rj.OrganizationID)
		}
		rel.OrganizationID = id
	}
	for _, o := range rj.Overrides {
		rel.Overrides = append(rel.Overrides, jikenbo.Override{Field: o.Field, Value: o.Value, Editor: o.Editor, At: o.At})
	}
	for _, l := range rj.LabelSources {
		rel.Labels = append(rel.Labels, jikenbo.ReleaseLabel{Name: l.Name, Source: l.Source})
	}
	err = r.im.Store.InTx(ctx, func(tx jikenbo.Store) error {
		if _, err := tx.FindReleaseByID(ctx, rel.ID); err == nil {
			rel.ID = 0 // taken here by another release: take a new one
		}
		if err := tx.CreateRelease(ctx, rel); err != nil {
			return err
		}
		if len(versions) > 1 || (len(versions) == 1 && !versions[0].ImportedAt.Equal(rel.ImportedAt)) {
			if err := tx.ReplaceVersions(ctx, rel.ID, versions); err != nil {
				return err
			}
		}
		for _, src := range sources {
			src.ReleaseID = rel.ID
			// A source whose bytes this casebook holds already (as a
			// release of its own) stays where it is.
			if err := tx.AddReleaseSource(ctx, src); err != nil && jikenbo.ErrorCode(err) != jikenbo.ECONFLICT {
				return err
			}
		}
		if rj.CaseID == nil {
			return nil
		}
		if c == nil || c.ID != *rj.CaseID {
			return jikenbo.Errorf(jikenbo.EINVALID, "field case_id: case %s does not list release %d", *rj.CaseID, rj.ID)
		}
		var err error
		if newCase, err = r.ensureCase(ctx, tx, c); err != nil {
			return err
		}
		stage := jikenbo.Stage(rj.Stage)
		if !stage.Valid() {
			stage = jikenbo.StageFollowUp
		}
		if err := tx.AddCaseRelease(ctx, c.ID, rel.ID, stage); err != nil {
			return err
		}
		for _, e := range c.Timeline {
			if e.Kind != jikenbo.TimelineRelease && e.ReleaseID == rj.ID {
				if err := tx.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: e.Date, Kind: e.Kind, ReleaseID: rel.ID, Note: e.Note}); err != nil {
					return err
				}
			}
		}
		for _, d := range c.Decisions {
			if d.ReleaseID == rj.ID {
				if err := tx.AddDecision(ctx, jikenbo.Decision{ReleaseID: rel.ID, CaseID: c.ID, Action: d.Action, Reasons: d.Reasons, At: d.At}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err == nil, newCase, err
}

// ensureCase creates the case with its organisations and the timeline
// entries tied to no release, unless it exists.
func (r *restorer) ensureCase(ctx context.Context, tx jikenbo.Store, c *CaseJSON) (bool, error) {
	if _, err := tx.FindCaseByID(ctx, c.ID); err == nil {
		return false, nil
	} else if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return false, err
	}
	if err := tx.CreateCase(ctx, &jikenbo.Case{ID: c.ID, CreatedAt: c.CreatedAt}); err != nil {
		return false, err
	}
	if c.OwnTitle != "" {
		if err := tx.SetCaseTitle(ctx, c.ID, c.OwnTitle); err != nil {
			return false, err
		}
	}
	for _, o := range c.Organizations {
		id, ok := r.orgs[o.ID]
		if !ok {
			return false, jikenbo.Errorf(jikenbo.EINVALID, "case %s: organization %d is not among the export's organizations", c.ID, o.ID)
		}
		if err := tx.AddCaseOrganization(ctx, c.ID, id, o.Role, 0); err != nil {
			return false, err
		}
	}
	for _, e := range c.Timeline {
		if e.Kind != jikenbo.TimelineRelease && e.ReleaseID == 0 {
			if err := tx.AddTimelineEntry(ctx, c.ID, jikenbo.TimelineEntry{Date: e.Date, Kind: e.Kind, Note: e.Note}); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// exportReader reads an export's top-level object one member, and one
// array element, at a time, so that its decoder's buffer holds one
// element, never the file. Its errors about the JSON are *exportError,
// naming the line.
type exportReader struct {
	f    *os.File
	dec  *json.Decoder
	base int64 // bytes before the JSON: a byte order mark
}

// exportError is what is wrong in an export, and on which line.
type exportError struct {
	line int
	err  error
}

func (e *exportError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *exportError) Unwrap() error { return e.err }

// exportMembers are the keys of a Document's JSON object.
var exportMembers = []string{"version", "contents", "releases", "cases", "organizations", "labels", "retired_cases", "deleted_releases", "label_redirects"}

// openExport opens the export at path, past a byte order mark, for
// decoding with unknown fields disallowed.
func openExport(path string) (*exportReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	x := &exportReader{f: f}
	var bom [3]byte
	if n, _ := io.ReadFull(f, bom[:]); n == len(bom) && string(bom[:]) == "\xEF\xBB\xBF" {
		x.base = int64(len(bom))
	} else if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	x.dec = json.NewDecoder(f)
	x.dec.DisallowUnknownFields()
	return x, nil
}

func (x *exportReader) close() { x.f.Close() }

// offset is where the decoder is in the file.
func (x *exportReader) offset() int64 { return x.base + x.dec.InputOffset() }

// members calls member with each key of the top-level object, spelled as
// exportMembers spell it (encoding/json matches keys regardless of case);
// member must read the value. An unknown or repeated key is an error.
func (x *exportReader) members(member func(key string) error) error {
	if err := x.expect(json.Delim('{'), "Go value of type casebook.Document"); err != nil {
		return err
	}
	seen := map[string]bool{}
	for x.dec.More() {
		tok, err := x.token()
		if err != nil {
			return err
		}
		name, _ := tok.(string) // Token gives an object's keys as strings
		key := memberKey(name)
		switch {
		case key == "":
			return x.errorAt(x.offset(), fmt.Errorf("json: unknown field %q", name))
		case seen[key]:
			return x.errorAt(x.offset(), fmt.Errorf("json: field %q given twice", name))
		}
		seen[key] = true
		if err := member(key); err != nil {
			return err
		}
	}
	return x.expect(json.Delim('}'), "")
}

// memberKey returns the member of a Document that key names, or "".
func memberKey(key string) string {
	for _, k := range exportMembers {
		if strings.EqualFold(k, key) {
			return k
		}
	}
	return ""
}

// eachElement decodes the array that is the value of member key one
// element at a time, calling fn with each; null is an empty array.
func eachElement[T any](x *exportReader, key string, fn func(i int, v *T) error) error {
	tok, err := x.token()
	if err != nil {
		return err
	}
	switch tok {
	case nil:
		return nil
	case json.Delim('['):
	default:
		return x.errorAt(x.offset(), fmt.Errorf("json: cannot unmarshal %s into Go struct field Document.%s of type []%T", kindOf(tok), key, *new(T)))
	}
	for i := 0; x.dec.More(); i++ {
		var v T
		sep := byte(',')
		if i == 0 {
			sep = 0
		}
		if err := x.value(key, &v, sep); err != nil {
			return err
		}
		if err := fn(i, &v); err != nil {
			return err
		}
	}
	return x.expect(json.Delim(']'), "")
}

// value decodes the next value into v: a member's (sep ':') or an array
// element's (sep ',', or 0 for the first). key names the member in errors.
func (x *exportReader) value(key string, v any, sep byte) error {
	// More skips the white space before the separator, so that where
	// the value starts, just past the separator, is known.
	x.dec.More()
	start := x.offset()
	sepOK := true
	if sep != 0 {
		sepOK = x.peek() == sep
		start++
	}
	err := x.dec.Decode(v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case !sepOK:
		// The separator is missing; the decoder stopped where it should be.
		return x.errorAt(x.offset(), err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return x.errorAt(x.size(), io.ErrUnexpectedEOF)
	case errors.As(err, &se):
		// A stream decoder's syntax offsets do not count from the
		// value's start: read the value again alone to find the place.
		return x.errorAt(x.locate(start), err)
	case errors.As(err, &te):
		// The offset counts from the value's start and the field path
		// from the element; give the path as in the whole Document.
		if te.Struct == "" {
			te.Struct = "Document"
		}
		te.Field = strings.TrimSuffix(key+"."+te.Field, ".")
		return x.errorAt(start+te.Offset, err)
	default:
		// An unknown field or a bad value of a field: the value's line.
		return x.errorAt(x.skipSpace(start), err)
	}
}

// skip reads past the next value a token at a time.
func (x *exportReader) skip() error {
	depth := 0
	for {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// expect reads the next token, which must be want; what is the Go value
// a wrong token would have been decoded into, for the error.
func (x *exportReader) expect(want json.Delim, what string) error {
	tok, err := x.token()
	if err != nil {
		return err
	}
	if tok != want {
		if what != "" {
			return x.errorAt(x.offset(), fmt.Errorf("json: cannot unmarshal %s into %s", kindOf(tok), what))
		}
		return x.errorAt(x.offset(), fmt.Errorf("json: %v where %v belongs", tok, want))
	}
	return nil
}

// token reads the next token. The decoder stops at a syntax error, so
// its offset is where the error is.
func (x *exportReader) token() (json.Token, error) {
	tok, err := x.dec.Token()
	switch {
	case err == nil:
		return tok, nil
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, x.errorAt(x.size(), io.ErrUnexpectedEOF)
	default:
		return nil, x.errorAt(x.offset(), err)
	}
}

// peek returns the next byte the decoder has buffered and not read.
func (x *exportReader) peek() byte {
	var b [1]byte
	x.dec.Buffered().Read(b[:])
	return b[0]
}

// locate decodes the value at start again with a fresh decoder, whose
// syntax error offsets count from start, and returns where it breaks.
func (x *exportReader) locate(start int64) int64 {
	dec := json.NewDecoder(io.NewSectionReader(x.f, start, math.MaxInt64-start))
	var raw json.RawMessage
	var se *json.SyntaxError
	if err := dec.Decode(&raw); errors.As(err, &se) {
		return start + se.Offset
	}
	return x.skipSpace(start)
}

// skipSpace returns the offset of the first byte at or after off that is
// not JSON white space.
func (x *exportReader) skipSpace(off int64) int64 {
	var buf [512]byte
	for {
		n, err := x.f.ReadAt(buf[:], off)
		for _, c := range buf[:n] {
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				return off
			}
			off++
		}
		if err != nil {
			return off
		}
	}
}

// size is the file's size, where an unexpected end of it is.
func (x *exportReader) size() int64 {
	st, err := x.f.Stat()
	if err != nil {
		return x.offset()
	}
	return st.Size()
}

// errorAt returns err with the line of the file's byte offset off.
func (x *exportReader) errorAt(off int64, err error) error {
	return &exportError{line: x.lineAt(off), err: err}
}

// lineAt returns the line of the byte at offset off, reading the file up
// to there again (only for an error).
func (x *exportReader) lineAt(off int64) int {
	line := 1
	buf := make([]byte, 64<<10)
	r := io.NewSectionReader(x.f, 0, off)
	for {
		n, err := r.Read(buf)
		line += bytes.Count(buf[:n], []byte("\n"))
		if err != nil {
			return line
		}
	}
}

// kindOf names the JSON kind of a token, as encoding/json's errors do.
func kindOf(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '{' {
			return "object"
		}
		return "array"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

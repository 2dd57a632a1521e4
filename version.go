package jikenbo

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// ReleaseVersion is one state of a release as its publisher had it: publishers
// edit releases in place (counts corrected, sentences removed), and the
// casebook keeps every state it read. The release itself holds the latest
// version's bytes, text and facts; version 1 is what was first imported.
type ReleaseVersion struct {
	ReleaseID int64
	// Number counts from 1, oldest first.
	Number int
	// Original is the bytes as read (PDF, HTML, text); SHA256 their hex
	// digest.
	Original []byte
	SHA256   string
	Text     string
	Encoding string
	// ImportedAt is when this version was read.
	ImportedAt time.Time
	// ChangedFacts are the facts that differ from the previous version's
	// (none for version 1).
	ChangedFacts []FactChange
	// Size is the length of the original bytes, set by every find, also
	// by FindVersionHeads, which leaves Original and Text empty.
	Size int64
	// IsText says the original bytes are the text's own UTF-8.
	IsText bool
}

// ContentType is the type of the version's original bytes.
func (v *ReleaseVersion) ContentType() string { return ContentTypeOf(v.Original, v.Text, v.Encoding) }

// FactChange is one field of the extraction contract whose value changed
// between two versions; Before and After are the values in the contract's
// JSON form (null when unknown).
type FactChange struct {
	Field  string          `json:"field"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// DiffFacts returns the contract fields whose values differ between a and
// b, in contract order. Evidence is not compared: it moves with every
// edit of the text and is not a fact.
func DiffFacts(a, b Facts) []FactChange {
	ma, mb := factMap(a), factMap(b)
	var out []FactChange
	for _, f := range overridable {
		va, vb := ma[f], mb[f]
		if len(va) == 0 {
			va = json.RawMessage("null")
		}
		if len(vb) == 0 {
			vb = json.RawMessage("null")
		}
		if !bytes.Equal(va, vb) {
			out = append(out, FactChange{Field: f, Before: va, After: vb})
		}
	}
	return out
}

func factMap(f Facts) map[string]json.RawMessage {
	b, err := json.Marshal(f)
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	for k, v := range m {
		// Empty lists and null both mean "none found".
		if s := string(v); s == "[]" || s == `""` {
			m[k] = json.RawMessage("null")
		}
	}
	return m
}

// ContentTypeOf tells the type of a release's original bytes from the
// bytes and the text read from them, with the charset the text was
// decoded as: application/pdf, text/html or text/plain. A PDF has its
// signature in the first kilobyte, its end mark in the last four, and a
// text that pdftotext made, never its own bytes: pasted text that looks
// like a PDF is served as the text it is.
func ContentTypeOf(original []byte, text, encoding string) string {
	return ContentTypeOfEnds(original[:min(len(original), OriginalHead)], original[max(0, len(original)-OriginalTail):],
		string(original) == text, encoding)
}

// OriginalHead and OriginalTail are how many bytes of the start and the
// end of an original ContentTypeOfEnds looks at.
const (
	OriginalHead = 1024
	OriginalTail = 4096
)

// ContentTypeOfEnds is ContentTypeOf from the first OriginalHead and last
// OriginalTail bytes of an original, and whether the bytes are the text's
// own UTF-8: what is known of a large original without holding it.
func ContentTypeOfEnds(head, tail []byte, isText bool, encoding string) string {
	h := head[:min(len(head), OriginalHead)]
	if bytes.Contains(h, []byte("%PDF-")) && bytes.Contains(tail, []byte("%%EOF")) && !isText {
		return "application/pdf"
	}
	charset := "utf-8"
	if encoding != "" {
		charset = strings.ToLower(encoding)
	}
	lower := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF")), " \t\r\n"))
	if strings.HasPrefix(http.DetectContentType(h), "text/html") ||
		(bytes.HasPrefix(lower, []byte("<")) && (bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")))) {
		return "text/html; charset=" + charset
	}
	return "text/plain; charset=" + charset
}

// VersionStore keeps the versions of releases.
type VersionStore interface {
	// FindReleaseBySource returns the newest release read from source (a
	// file path or URL), or ENOTFOUND.
	FindReleaseBySource(ctx context.Context, source string) (*Release, error)
	// FindVersions returns the release's versions, oldest first; every
	// release has at least one (CreateRelease records version 1).
	// ENOTFOUND when the release does not exist.
	FindVersions(ctx context.Context, releaseID int64) ([]*ReleaseVersion, error)
	// FindVersion returns version n of the release, or ENOTFOUND.
	FindVersion(ctx context.Context, releaseID int64, n int) (*ReleaseVersion, error)
	// FindVersionHeads is FindVersions without the bytes and the text of
	// each version (Original nil, Text empty; Size and IsText set), for
	// pages that list versions of releases of any size.
	FindVersionHeads(ctx context.Context, releaseID int64) ([]*ReleaseVersion, error)
	// ReadOriginal reads the original bytes of version n of the release
	// into p from offset off, as io.ReaderAt does (io.EOF at the end), so
	// a large original is served a chunk at a time and never held whole.
	// ENOTFOUND when there is no such version.
	ReadOriginal(ctx context.Context, releaseID int64, n int, p []byte, off int64) (int, error)
	// AddVersion records v as the release's newest version and makes its
	// bytes, text and encoding the release's own (search follows the new
	// text; facts are changed with UpdateRelease). It sets v.ReleaseID,
	// v.Number, v.SHA256 and v.ImportedAt (unless given). ECONFLICT when
	// the bytes are those of a stored release or version, ENOTFOUND when
	// the release does not exist, EINVALID when v has no bytes.
	AddVersion(ctx context.Context, releaseID int64, v *ReleaseVersion) error
	// ReplaceVersions replaces the release's versions by vs, oldest first,
	// as when restoring an export; the last must have the release's own
	// bytes (EINVALID otherwise). ENOTFOUND when the release does not
	// exist.
	ReplaceVersions(ctx context.Context, releaseID int64, vs []*ReleaseVersion) error
}

// LatestVersion returns the last of vs, or nil.
func LatestVersion(vs []*ReleaseVersion) *ReleaseVersion {
	if len(vs) == 0 {
		return nil
	}
	return vs[len(vs)-1]
}

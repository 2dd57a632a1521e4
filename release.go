package jikenbo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Release is one document one organisation published on one day, as the
// casebook keeps it: the original bytes verbatim (so a better decoder or
// extractor can always re-read them), the decoded text, where it came from,
// and the facts read from it.
type Release struct {
	ID int64

	// Original holds the bytes as they were read; SHA256 is their hex
	// digest and identifies the release: the same bytes are never stored
	// twice. For a casebook page holding several posts, Original is the
	// post's own text in UTF-8 (the page is not one release).
	Original []byte
	SHA256   string
	Text     string
	Encoding string // UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP

	// Source is the file path or URL the release was read from; a post of
	// a casebook page has the page's path with "#N" (its position).
	Source     string
	ImportedAt time.Time

	// Draft releases are kept off the public pages until an editor
	// publishes them; everything imported is public.
	Draft bool

	// SourceCaseID is the casebook number the source carried
	// (【セキュリティ事件簿#2024-217】), kept as imported even when an editor
	// moves the release to another case.
	SourceCaseID string

	// CaseID is the case the release belongs to ("" while unlinked), and
	// Stage its place in that case.
	CaseID string
	Stage  Stage

	// OrganizationID is the publisher (0 when unknown).
	OrganizationID int64

	// Extracted is the extractor's output, replaced on every re-extraction;
	// Overrides are editors' corrections, kept apart so that re-extraction
	// never loses them. Use Facts for the effective facts.
	Extracted   Facts
	ExtractedAt time.Time
	Overrides   []Override

	Labels []ReleaseLabel
}

// Facts returns the effective facts: the extracted facts with the editors'
// overrides applied.
func (r *Release) Facts() Facts {
	f, err := ApplyOverrides(r.Extracted, r.Overrides)
	if err != nil {
		// Overrides are validated when set, so this only happens to a
		// database edited by hand; the extracted facts are the safe answer.
		return r.Extracted
	}
	return f
}

// HasLabel reports whether the release carries the label name.
func (r *Release) HasLabel(name string) bool {
	return slices.ContainsFunc(r.Labels, func(l ReleaseLabel) bool { return l.Name == name })
}

// Validate checks what every stored release must have.
func (r *Release) Validate() error {
	switch {
	case len(r.Original) == 0:
		return Errorf(EINVALID, "release %q: empty original", r.Source)
	case r.Source == "":
		return Errorf(EINVALID, "release: source required")
	case r.SHA256 != "" && r.SHA256 != SHA256Hex(r.Original):
		return Errorf(EINVALID, "release %q: sha256 %s does not match its original bytes", r.Source, r.SHA256)
	}
	if r.Stage != "" && !r.Stage.Valid() {
		return Errorf(EINVALID, "release %q: unknown stage %q", r.Source, r.Stage)
	}
	return nil
}

// SHA256Hex returns the lower-case hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Stage is the place of a release in its case.
type Stage string

// Stages of the releases of one case.
const (
	StageFirst    Stage = "first"    // 第1報: the first release of the case
	StageFollowUp Stage = "followup" // 続報: a later release, investigation not concluded
	StageFinal    Stage = "final"    // 最終報告: a later release that concludes the case
)

// Valid reports whether s is one of the stages.
func (s Stage) Valid() bool {
	return s == StageFirst || s == StageFollowUp || s == StageFinal
}

// Override is an editor's correction of one field of a release's facts.
type Override struct {
	// Field is a field name of the extraction contract (facts JSON), for
	// example "affected_persons".
	Field string
	// Value is the field's new value in the contract's JSON form
	// (null clears the field).
	Value  json.RawMessage
	Editor string
	At     time.Time
}

// overridable lists the contract fields an editor may correct; evidence is
// the extractor's own record and is not.
var overridable = FactFields

// ValidateOverride checks that o names a field that exists and that its
// value has the field's type, so that ApplyOverrides cannot fail later.
func ValidateOverride(o Override) error {
	if !slices.Contains(overridable, o.Field) {
		return Errorf(EINVALID, "override: unknown field %q", o.Field)
	}
	if o.Editor == "" {
		return Errorf(EINVALID, "override %s: editor required", o.Field)
	}
	if _, err := ApplyOverrides(Facts{}, []Override{o}); err != nil {
		return err
	}
	return nil
}

// ApplyOverrides returns f with each override's field replaced by its
// value, in order, and the evidence of overridden fields dropped (it would
// point at text that no longer supports the value).
func ApplyOverrides(f Facts, overrides []Override) (Facts, error) {
	if len(overrides) == 0 {
		return f, nil
	}
	b, err := json.Marshal(f)
	if err != nil {
		return f, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return f, err
	}
	changed := map[string]bool{}
	for _, o := range overrides {
		if !slices.Contains(overridable, o.Field) {
			return f, Errorf(EINVALID, "override: unknown field %q", o.Field)
		}
		v := bytes.TrimSpace(o.Value)
		if len(v) == 0 {
			v = []byte("null")
		}
		m[o.Field] = v
		changed[o.Field] = true
	}
	b, err = json.Marshal(m)
	if err != nil {
		return f, err
	}
	var out Facts
	if err := json.Unmarshal(b, &out); err != nil {
		return f, Errorf(EINVALID, "override: %v", err)
	}
	if out.Status != "" && out.Status != StatusOngoing && out.Status != StatusConcluded {
		return f, Errorf(EINVALID, "override status: want %q or %q, got %q", StatusOngoing, StatusConcluded, out.Status)
	}
	out.Evidence = slices.DeleteFunc(out.Evidence, func(e Evidence) bool { return changed[e.Field] })
	return out, nil
}

// ReleaseFilter selects releases; zero fields do not filter.
type ReleaseFilter struct {
	ID             *int64
	SHA256         *string
	CaseID         *string
	OrganizationID *int64
	Label          *string
	// Source selects the releases read from this source: the URL or file
	// path itself, the posts of a casebook page read from it (SOURCE#N),
	// and, for a directory, everything read from files under it.
	Source *string
	// Unlinked selects releases that belong to no case.
	Unlinked bool
	// Draft selects drafts (true) or published releases (false).
	Draft *bool
	// AfterID selects releases with a greater ID: paging that stays right
	// while releases are added, and costs nothing on a large casebook.
	AfterID int64
	// TextLimit, when set, leaves out the original bytes (Original is
	// the text's UTF-8) and cuts Text to at most its first TextLimit
	// bytes, at a character: a page of a 19 MB release reads what it
	// shows.
	TextLimit int

	Offset int
	Limit  int // 0: no limit
}

// ReleaseUpdate changes a release; nil fields are left unchanged.
type ReleaseUpdate struct {
	Text           *string
	Draft          *bool
	OrganizationID *int64
	Extracted      *Facts
	ExtractedAt    *time.Time
}

// SearchQuery is a full-text search over release text.
type SearchQuery struct {
	Q      string
	Offset int
	Limit  int // 0: 20
}

// SearchHit is one release found by a search, best first.
type SearchHit struct {
	Release *Release
	// Snippet is a piece of the text around the first match.
	Snippet string
}

// String returns a short description for logs.
func (r *Release) String() string {
	return fmt.Sprintf("release %d (%s)", r.ID, r.Source)
}

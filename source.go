package jikenbo

import (
	"context"
	"time"
)

// ReleaseSource is another place one release was read from: the same text
// after normalisation, or nearly (a casebook repost with its headline
// added, an HTML page and its PDF), arriving from another source. It is
// kept verbatim beside the release instead of becoming a second release.
type ReleaseSource struct {
	ID        int64
	ReleaseID int64
	Source    string
	// Original and SHA256 are the bytes as read; the same bytes are
	// never stored twice, as a release or as a source.
	Original []byte
	SHA256   string
	Text     string
	Encoding string
	// ImportedAt is when the casebook filed this source.
	ImportedAt time.Time
	// Similarity is the texts' similarity (textindex.Similarity), 1 for
	// the same text.
	Similarity float64
	// FormerReleaseID is the release this source was before duplicates
	// were merged (0 when it came in as a source): its address redirects
	// to ReleaseID.
	FormerReleaseID int64
}

// SimilarRelease is a release whose text is like another's.
type SimilarRelease struct {
	ReleaseID  int64
	Similarity float64
}

// Added is what adding a release at the desk did: it stored a new
// draft, or found the text to be another source of a release already
// kept (nearly the same text and no contradicting facts) and recorded it
// there.
type Added struct {
	*Release
	// AnotherSource: Release is the release already kept, and the added
	// bytes became one of its sources.
	AnotherSource bool
	Similarity    float64
}

// SimilarText is a text whose near duplicates FindSimilarReleases finds.
type SimilarText struct {
	Text string
	// Bands are Text's band keys (textindex.Bands of its Shingles) when
	// the caller computed them ahead, as an import's workers do so that
	// its one writer does not; nil has them computed from Text.
	Bands []int64
}

// SourceStore keeps the other sources of releases and finds near
// duplicates.
type SourceStore interface {
	// FindSimilarReleases returns the releases (drafts included) whose
	// text is at least min similar to text by textindex.Similarity, most
	// similar first. None is an empty list. With like, it leaves out the
	// public releases whose facts contradict like's (MaybeSameRelease is
	// false), which cannot be another source of a release stating them:
	// with many releases written from one template, comparing those texts
	// was most of the check's time.
	FindSimilarReleases(ctx context.Context, text SimilarText, min float64, like *Facts) ([]SimilarRelease, error)
	// AddReleaseSource keeps src as another source of its release,
	// computing SHA256 and setting ID and ImportedAt (unless given).
	// ECONFLICT when its bytes are stored already (as a release or a
	// source), ENOTFOUND when the release does not exist, EINVALID when
	// it has no bytes or no source.
	AddReleaseSource(ctx context.Context, src *ReleaseSource) error
	// FindReleaseSources returns the other sources of a release in the
	// order they were filed; none is an empty list.
	FindReleaseSources(ctx context.Context, releaseID int64) ([]*ReleaseSource, error)
	// MergeDuplicateRelease makes release dup another source of release
	// into: dup's bytes and text are kept as a source (FormerReleaseID
	// dup), its labels and the overrides of fields into has none of move
	// to into, and dup is deleted. A case left without releases is merged
	// into into's case (its number redirects there). ENOTFOUND when either
	// release does not exist; EINVALID when they are the same.
	MergeDuplicateRelease(ctx context.Context, dup, into int64, similarity float64) error
	// FindReleaseRedirect returns the release a merged-away release ID now
	// lives in, or ENOTFOUND.
	FindReleaseRedirect(ctx context.Context, id int64) (int64, error)
}

// MaybeSameRelease reports whether two releases with similar texts can be
// one release by their facts: not when both state a 公表日, a status or a
// number of affected people and these differ. A follow-up that repeats
// its first report's text is thus kept apart (it is dated later, or
// corrects the figures, or concludes), while a repost or another format
// of one release states the same facts or leaves some unknown (an
// organisation's page without its date).
func MaybeSameRelease(a, b Facts) bool {
	switch {
	case !a.Published.IsZero() && !b.Published.IsZero() && a.Published != b.Published:
		return false
	case a.Status != "" && b.Status != "" && a.Status != b.Status:
		return false
	case a.AffectedPersons != nil && b.AffectedPersons != nil && *a.AffectedPersons != *b.AffectedPersons:
		return false
	}
	return true
}

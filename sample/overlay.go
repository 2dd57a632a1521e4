package sample

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/jikenbo/jikenbo"
)

// Store is what the website reads of a casebook (web.Store's methods).
type Store interface {
	FindVersionHeads(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseVersion, error)
	ReadOriginal(ctx context.Context, releaseID int64, n int, p []byte, off int64) (int, error)
	FindCaseRedirect(ctx context.Context, id string) (string, error)
	FindLabelRedirect(ctx context.Context, name string) (string, error)
	FindRetiredCase(ctx context.Context, id string) (*jikenbo.RetiredCase, error)
	FindDeletedRelease(ctx context.Context, id int64) (*jikenbo.DeletedRelease, error)
	FindReleaseRedirect(ctx context.Context, id int64) (int64, error)
	FindReleaseSources(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseSource, error)
	FindCaseChecks(ctx context.Context, caseIDs []string) ([]jikenbo.CaseCheck, error)
	FindReleaseEdits(ctx context.Context, caseID string) ([]jikenbo.ReleaseEdit, error)
	jikenbo.QueryStore
}

// Overlay shows the sample casebook in place of a casebook with nothing
// public yet, and the casebook itself from its first public release on.
// The samples live in a store of their own, so they are never counted
// with a user's releases: there is no state in which both are shown.
type Overlay struct {
	real, sample Store
	// onSwitch runs once, when the real casebook takes over.
	onSwitch func()

	switched atomic.Bool
	mu       sync.Mutex
	// checked is the real casebook's version last found empty.
	checked  jikenbo.Version
	everRead bool
}

// NewOverlay returns a store showing sample until real has a public
// release; onSwitch (may be nil) runs once when real takes over, e.g. to
// close and remove the sample store.
func NewOverlay(real, sample Store, onSwitch func()) *Overlay {
	return &Overlay{real: real, sample: sample, onSwitch: onSwitch}
}

// Showing reports whether the samples are shown.
func (o *Overlay) Showing(ctx context.Context) bool {
	return o.current(ctx) == o.sample
}

// current is the store to read now. The real casebook is checked for a
// public release whenever its version changes.
func (o *Overlay) current(ctx context.Context) Store {
	if o.switched.Load() {
		return o.real
	}
	v, err := o.real.CasebookVersion(ctx)
	if err != nil {
		return o.sample
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.switched.Load() {
		return o.real
	}
	if o.everRead && v == o.checked {
		return o.sample
	}
	page, err := o.real.FindReleaseSummaries(ctx, jikenbo.ReleaseQuery{Limit: 1})
	if err != nil {
		return o.sample
	}
	if len(page.Releases) == 0 {
		o.checked, o.everRead = v, true
		return o.sample
	}
	o.switched.Store(true)
	if o.onSwitch != nil {
		go o.onSwitch()
	}
	return o.real
}

// CasebookVersion is the shown casebook's version. The samples' versions
// are negative, so no cached page or ETag of the samples is ever taken for
// one of the real casebook.
func (o *Overlay) CasebookVersion(ctx context.Context) (jikenbo.Version, error) {
	s := o.current(ctx)
	v, err := s.CasebookVersion(ctx)
	if s == o.sample {
		v.N = -1 - v.N
	}
	return v, err
}

func (o *Overlay) FindPublicRelease(ctx context.Context, id int64) (*jikenbo.Release, error) {
	return o.current(ctx).FindPublicRelease(ctx, id)
}

func (o *Overlay) FindPublicCase(ctx context.Context, id string) (*jikenbo.Case, error) {
	return o.current(ctx).FindPublicCase(ctx, id)
}

func (o *Overlay) FindPublicOrganization(ctx context.Context, id int64) (*jikenbo.Organization, error) {
	return o.current(ctx).FindPublicOrganization(ctx, id)
}

func (o *Overlay) FindVersionHeads(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseVersion, error) {
	return o.current(ctx).FindVersionHeads(ctx, releaseID)
}

func (o *Overlay) FindPublicReleaseHead(ctx context.Context, id int64, textLimit int) (*jikenbo.Release, error) {
	return o.current(ctx).FindPublicReleaseHead(ctx, id, textLimit)
}

func (o *Overlay) ReadOriginal(ctx context.Context, releaseID int64, n int, p []byte, off int64) (int, error) {
	return o.current(ctx).ReadOriginal(ctx, releaseID, n, p, off)
}

func (o *Overlay) FindCaseRedirect(ctx context.Context, id string) (string, error) {
	return o.current(ctx).FindCaseRedirect(ctx, id)
}

func (o *Overlay) FindLabelRedirect(ctx context.Context, name string) (string, error) {
	return o.current(ctx).FindLabelRedirect(ctx, name)
}

func (o *Overlay) FindReleaseRedirect(ctx context.Context, id int64) (int64, error) {
	return o.current(ctx).FindReleaseRedirect(ctx, id)
}

func (o *Overlay) FindCaseChecks(ctx context.Context, caseIDs []string) ([]jikenbo.CaseCheck, error) {
	return o.current(ctx).FindCaseChecks(ctx, caseIDs)
}

func (o *Overlay) FindReleaseEdits(ctx context.Context, caseID string) ([]jikenbo.ReleaseEdit, error) {
	return o.current(ctx).FindReleaseEdits(ctx, caseID)
}

func (o *Overlay) FindReleaseSources(ctx context.Context, releaseID int64) ([]*jikenbo.ReleaseSource, error) {
	return o.current(ctx).FindReleaseSources(ctx, releaseID)
}

func (o *Overlay) FindReleaseSummaries(ctx context.Context, q jikenbo.ReleaseQuery) (*jikenbo.ReleasePage, error) {
	return o.current(ctx).FindReleaseSummaries(ctx, q)
}

func (o *Overlay) ReleaseFacets(ctx context.Context, q jikenbo.ReleaseQuery) (*jikenbo.Facets, error) {
	return o.current(ctx).ReleaseFacets(ctx, q)
}

func (o *Overlay) ArchiveCounts(ctx context.Context) ([]jikenbo.MonthCount, error) {
	return o.current(ctx).ArchiveCounts(ctx)
}

func (o *Overlay) PublicLabels(ctx context.Context) ([]*jikenbo.Label, error) {
	return o.current(ctx).PublicLabels(ctx)
}

func (o *Overlay) FindCaseSummaries(ctx context.Context, q jikenbo.CaseQuery) (*jikenbo.CasePage, error) {
	return o.current(ctx).FindCaseSummaries(ctx, q)
}

func (o *Overlay) CasebookStats(ctx context.Context) (*jikenbo.Stats, error) {
	return o.current(ctx).CasebookStats(ctx)
}

func (o *Overlay) Classes(ctx context.Context) (*jikenbo.Classes, error) {
	return o.current(ctx).Classes(ctx)
}

func (o *Overlay) FindRetiredCase(ctx context.Context, id string) (*jikenbo.RetiredCase, error) {
	return o.current(ctx).FindRetiredCase(ctx, id)
}

func (o *Overlay) FindDeletedRelease(ctx context.Context, id int64) (*jikenbo.DeletedRelease, error) {
	return o.current(ctx).FindDeletedRelease(ctx, id)
}

// Package casebook is what the jikenbo commands do with a casebook:
// import files (text, casebook pages, exports), re-extract, and export.
// It joins the adapters (ingest reads files, link files releases, the
// extractor is passed in) over a jikenbo.Store; cmd/jikenbo only wires it.
package casebook

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/textindex"
)

// ImportStore is what an Importer needs of a casebook: write
// transactions (whose Store is the whole casebook), the look-up of a
// release by its bytes before one, and what restoring an export keeps
// outside them.
type ImportStore interface {
	InTx(ctx context.Context, fn func(tx jikenbo.Store) error) error
	FindReleaseBySHA256(ctx context.Context, sum string) (*jikenbo.Release, error)
	RetireCase(ctx context.Context, r jikenbo.RetiredCase) error
	AddDeletedRelease(ctx context.Context, d jikenbo.DeletedRelease) error
	AddLabelRedirect(ctx context.Context, r jikenbo.LabelRedirect) error
}

// Importer pours files into a casebook.
type Importer struct {
	Store ImportStore
	// Extract reads a release's facts; the import's workers call it at
	// once, so it must be safe for concurrent use (extract.Extract is).
	Extract func(text string) jikenbo.Facts
	Linker  *link.Linker
	Log     *slog.Logger
	// Reader decodes HTML, PDF and Blogger inputs (the zero Reader when
	// nil); Fetch gets URLs (ingest.Fetch with default options when nil).
	Reader *ingest.Reader
	Fetch  func(ctx context.Context, url string) (*ingest.Fetched, error)
	// Progress, when set, is called after each release with the bytes of
	// input done and in all, and the summary so far.
	Progress func(doneBytes, totalBytes int64, s *Summary)
	// Draft stores new releases as drafts: they wait in the desk's review
	// queue, off every public page, until an editor publishes them. New
	// versions of releases already in the casebook keep their release's
	// state, and an export is restored as it was.
	Draft bool
	// Exclude are glob patterns (path.Match) of files and directories a
	// directory walk leaves out, matched against the name and the path.
	Exclude []string
	// Actor, when set, is who the audit log names for every release this
	// import adds (release.add) and every new version (release.version):
	// the command line's operator. Empty writes no entries (the sample).
	Actor string
}

// Summary counts what an import did.
type Summary struct {
	Files int
	// Added releases were new; Present ones were in the casebook already
	// (same bytes).
	Added, Present int
	// Versions were new bytes of a source already in the casebook, kept
	// as a new version of its release.
	Versions int
	// Sources were releases already in the casebook arriving from another
	// source (the same or nearly the same text, textindex.Similarity),
	// kept as another source of that release.
	Sources int
	// Skipped counts the Blogger entries that are not live posts, by kind
	// (settings, comment, page, template, draft...).
	Skipped map[string]int
	// SkippedFiles counts the files a directory walk passed over, by
	// reason: excluded by a pattern, or JSON that is not a jikenbo export
	// (notes, annotations).
	SkippedFiles map[string]int
	// Linked releases joined an existing case; NewCases were opened.
	Linked, NewCases int
	Failed           int
	Failures         []Failure
}

// Failure is a file or release that could not be imported.
type Failure struct {
	Source string
	Line   int
	Err    error
}

// String gives the failure as file[:line]: reason, the form the import
// command prints.
func (f Failure) String() string {
	msg := cause(f.Err)
	if strings.HasPrefix(msg, f.Source+":") {
		// Decoders name their input already.
		return msg
	}
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", f.Source, f.Line, msg)
	}
	return fmt.Sprintf("%s: %s", f.Source, msg)
}

// Unusable reports an error after which no release can be stored (a
// full disk, a read-only casebook, a lost database connection): an
// import stops at the first instead of failing every remaining file.
func Unusable(err error) bool {
	return jikenbo.ErrorCode(err) == jikenbo.EUNAVAILABLE || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EROFS)
}

// stop is the error an import stops with when a release could not be
// stored because the casebook is unusable.
func stop(source string, err error) error {
	return jikenbo.Errorf(jikenbo.EUNAVAILABLE, "%s: %s; import stopped, nothing after it was read", source, cause(err))
}

// cause is what an import failure prints: the message of an expected
// error, and the whole chain of an internal one. The operator runs the
// import: the cause (a PostgreSQL error, pdftotext's temporary file) is
// theirs to read, not hidden behind the web's generic message.
func cause(err error) string {
	if jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
		return err.Error()
	}
	return jikenbo.ErrorMessage(err)
}

func (s *Summary) fail(source string, line int, err error) {
	s.Failed++
	s.Failures = append(s.Failures, Failure{Source: source, Line: line, Err: err})
}

// importable file extensions inside directories; files named on the
// command line are read whatever their name.
var importable = []string{".txt", ".text", ".json", ".html", ".htm", ".pdf", ".xml", ".atom"}

// Reasons a directory walk passes over a file (Summary.SkippedFiles).
const (
	SkipExcluded  = "excluded by --exclude"
	SkipNotExport = "JSON files that are not jikenbo exports"
	SkipIrregular = "not regular files (devices, FIFOs, sockets or links to them)"
	SkipDirLink   = "links to directories inside a directory (not followed)"
)

// maxInput is the most an input file may hold before it is read: the
// largest kind (a Blogger export); each kind's own limit is checked by
// ingest once the kind is known. Exports are read as a stream.
const maxInput = ingest.MaxBloggerSize

// Files lists the files to import under paths: files as given, and
// directories walked recursively (hidden entries, entries matching an
// exclude pattern and JSON files that are not jikenbo exports skipped and
// counted by reason), in name order. Local paths are made absolute and
// clean, so that one file is one source however its path was spelled.
// A path that cannot be read is a failure; the others are still listed.
func Files(paths, exclude []string) (files []string, skipped map[string]int, failures []Failure) {
	var out []string
	skipped = map[string]int{}
	excluded := func(path string) bool {
		for _, pat := range exclude {
			if ok, _ := filepath.Match(pat, filepath.Base(path)); ok {
				return true
			}
			if ok, _ := filepath.Match(pat, path); ok {
				return true
			}
		}
		return false
	}
	for _, p := range paths {
		if isURL(p) {
			out = append(out, p)
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		st, err := os.Stat(p)
		if err != nil {
			failures = append(failures, Failure{Source: p, Err: pathError(err)})
			continue
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				failures = append(failures, Failure{Source: p, Err: jikenbo.Errorf(jikenbo.EINVALID, "not a regular file (%s)", fileKind(st.Mode()))})
				continue
			}
			out = append(out, p)
			continue
		}
		// A link to a directory named as an argument is followed: the
		// walk starts inside it (WalkDir does not follow its root).
		root := p
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			path = filepath.Clean(path)
			if err != nil {
				failures = append(failures, Failure{Source: path, Err: pathError(err)})
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if path != p && excluded(path) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				skipped[SkipExcluded]++
				return nil
			}
			if d.IsDir() || !slices.Contains(importable, strings.ToLower(filepath.Ext(path))) {
				return nil
			}
			// Only regular files are read: opening a FIFO would wait for
			// a writer forever, and a device has no end. A link is read
			// when it leads to a regular file.
			if !d.Type().IsRegular() {
				st, err := os.Stat(path)
				switch {
				case err != nil:
					failures = append(failures, Failure{Source: path, Err: pathError(err)})
					return nil
				case st.IsDir():
					skipped[SkipDirLink]++
					return nil
				case !st.Mode().IsRegular():
					skipped[SkipIrregular]++
					return nil
				}
			}
			if strings.EqualFold(filepath.Ext(path), ".json") {
				if !isJikenboExport(path) {
					skipped[SkipNotExport]++
					return nil
				}
			}
			out = append(out, path)
			return nil
		})
		if err != nil {
			failures = append(failures, Failure{Source: p, Err: err})
		}
	}
	return out, skipped, failures
}

// pathError turns an error about a path into an invalid-input error whose
// message is the cause alone ("no such file or directory"): the failure
// names the path already.
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return jikenbo.Errorf(jikenbo.EINVALID, "%v", err)
}

// readInput reads a regular file of at most maxInput bytes, checking its
// type and size before reading.
func readInput(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, pathError(err)
	}
	if !st.Mode().IsRegular() {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "not a regular file (%s)", fileKind(st.Mode()))
	}
	if st.Size() > maxInput {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%d MB is more than any input can be (%d MB)", st.Size()>>20, maxInput>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, pathError(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return nil, pathError(err)
	}
	if len(b) > maxInput {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "more than any input can be (%d MB)", maxInput>>20)
	}
	return b, nil
}

// fileKind names a file type that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// postRelease is the release of one post of a text file.
func postRelease(p ingest.Post) incoming {
	in := incoming{Original: p.Original, Text: p.Text, Encoding: p.Encoding, Source: p.Source, SourceCaseID: p.Headline.CaseID,
		Hint: link.Hint{CaseID: p.Headline.CaseID, Organization: p.Headline.Organization, Title: p.Headline.Title,
			Published: p.Headline.Published, Earlier: p.Earlier},
		// A post of a casebook page is known by its position, which moves
		// when posts are added; only a file holding one release is a
		// source whose later bytes are a new version of it.
		Versioned: !strings.Contains(p.Source, "#")}
	for _, l := range p.Labels {
		in.Labels = append(in.Labels, jikenbo.ReleaseLabel{Name: l, Source: jikenbo.LabelImported})
	}
	return in
}

// incoming is one release read from an input, before it is stored.
type incoming struct {
	Original     []byte
	Text         string
	Encoding     string
	Source       string
	SourceCaseID string
	Labels       []jikenbo.ReleaseLabel
	Hint         link.Hint
	// Published is the date the source gives, used when the text does not
	// say it.
	Published jikenbo.Date
	// Versioned: other bytes from the same source are a new version of
	// the release it gave before (an edit by the publisher).
	Versioned bool
	// Note is added to the audit entry of a new release (the watcher's
	// reasons for taking it).
	Note map[string]any
	// Bands are the text's near-duplicate band keys, computed ahead
	// (prepare); nil when not.
	Bands []int64
}

// Filing is what became of one release given to File.
type Filing string

// Filings.
const (
	FiledNew     Filing = "new"     // stored as a new release
	FiledPresent Filing = "present" // the same bytes were in the casebook
	FiledVersion Filing = "version" // a new version of the release of the same source
	FiledSource  Filing = "source"  // another source of a release already in the casebook
)

// Filed says what File did and with which release.
type Filed struct {
	Filing    Filing
	ReleaseID int64
	CaseID    string
}

// File stores and files one document read elsewhere (the watcher's
// fetches) as Import files each document of a file: a new release (a
// draft with Draft), a new version of the release of the same source, or
// another source of a release it duplicates. note goes into the audit
// entry of a new release; org, when not "", is the publisher the caller
// knows (a watched source's organisation), which the linker files it
// under.
func (im *Importer) File(ctx context.Context, d ingest.Document, note map[string]any, org string) (*Filed, error) {
	in := documentRelease(d)
	in.Note = note
	if org != "" {
		in.Hint.Organization = org
	}
	it := item{in: in}
	im.prepare(ctx, &it)
	var sum Summary
	if it.present != nil {
		return im.count(ctx, filed{filing: FiledPresent, present: it.present}, &sum), nil
	}
	var f filed
	err := im.Store.InTx(ctx, func(tx jikenbo.Store) error {
		var err error
		f, err = im.fileInTx(ctx, tx, in, it.sha, it.facts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return im.count(ctx, f, &sum), nil
}

// filed is what fileInTx did with one release, counted once its
// transaction has committed.
type filed struct {
	filing Filing
	// r is the new release, or the release that got a new version.
	r       *jikenbo.Release
	out     link.Outcome
	present *jikenbo.Release
	dupOf   jikenbo.SimilarRelease
	source  string
}

// fileInTx stores and files one release whose bytes hash to sha and
// whose extracted facts are facts, in the write transaction tx: a new
// release, a new version of the release of the same source, or another
// source of a release it duplicates; nothing when its bytes are there.
func (im *Importer) fileInTx(ctx context.Context, tx jikenbo.Store, in incoming, sha string, facts jikenbo.Facts) (filed, error) {
	r := &jikenbo.Release{
		Original: in.Original, Text: in.Text, Encoding: in.Encoding, Source: in.Source,
		SourceCaseID: in.SourceCaseID, Extracted: facts, Labels: in.Labels, Draft: im.Draft,
	}
	f := filed{r: r, source: in.Source}
	// Checked again under the write lock: another import may have stored
	// the same bytes since, or an earlier release of this one.
	if old, err := tx.FindReleaseBySHA256(ctx, sha); err == nil {
		f.filing, f.present = FiledPresent, old
		return f, nil
	}
	if in.Versioned {
		old, err := tx.FindReleaseBySource(ctx, in.Source)
		if err == nil {
			f.filing = FiledVersion
			r.ID, r.CaseID = old.ID, old.CaseID
			if err := addVersion(ctx, tx, old, in, facts); err != nil {
				return f, err
			}
			if !old.Draft {
				if err := jikenbo.NotifyCase(ctx, tx, old.CaseID, "version", old.ID); err != nil {
					return f, err
				}
			}
			if im.Actor == "" {
				return f, nil
			}
			before, after := jikenbo.FactChangesJSON(jikenbo.DiffFacts(old.Extracted, facts))
			return f, tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: im.Actor, Action: jikenbo.AuditAddVersion, ReleaseID: old.ID,
				CaseID: old.CaseID, Before: before, After: after})
		} else if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
			return f, err
		}
	}
	// The same release from another place (a casebook's repost, the
	// organisation's own page, its PDF) is another source of it: a text
	// at least as similar as the threshold whose facts do not contradict
	// it (a follow-up repeating its first report does).
	sim, _, err := sameRelease(ctx, tx, jikenbo.SimilarText{Text: in.Text, Bands: in.Bands}, facts)
	if err != nil {
		return f, err
	}
	if sim.ReleaseID != 0 {
		f.filing, f.dupOf = FiledSource, sim
		return f, addSource(ctx, tx, sim, in)
	}
	f.filing = FiledNew
	hint, err := im.Linker.Publisher(ctx, tx, r, in.Hint)
	if err != nil {
		return f, err
	}
	if err := tx.CreateRelease(ctx, r); err != nil {
		return f, err
	}
	out, err := im.Linker.File(ctx, tx, r, hint)
	if err != nil {
		return f, err
	}
	f.out = out
	// Queued with the release: told about if and only if it is kept.
	if err := jikenbo.NotifyPublished(ctx, tx, r, out.Decision.CaseID, "release_added"); err != nil {
		return f, err
	}
	if r.Draft && in.Note != nil {
		// A draft a watcher found (its note says which source and why) is
		// news for the editors' webhooks.
		ev := jikenbo.NewReleaseEvent(r)
		ev.CaseID, ev.Found = out.Decision.CaseID, in.Note
		if err := jikenbo.Notify(ctx, tx, jikenbo.EventDraftFound, ev); err != nil {
			return f, err
		}
	}
	if im.Actor == "" {
		return f, nil
	}
	after := map[string]any{"source": r.Source, "sha256": r.SHA256, "draft": r.Draft, "case_id": out.Decision.CaseID,
		"reasons": out.Decision.Reasons}
	for k, v := range in.Note {
		after[k] = v
	}
	return f, tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: im.Actor, Action: jikenbo.AuditAddRelease, ReleaseID: r.ID,
		CaseID: out.Decision.CaseID, Before: jikenbo.AuditJSON(nil), After: jikenbo.AuditJSON(after)})
}

// count adds what was filed, committed, to the summary and the log.
func (im *Importer) count(ctx context.Context, f filed, sum *Summary) *Filed {
	switch f.filing {
	case FiledPresent:
		sum.Present++
		return &Filed{Filing: FiledPresent, ReleaseID: f.present.ID, CaseID: f.present.CaseID}
	case FiledVersion:
		sum.Versions++
		im.log().Info("new version", "release_id", f.r.ID, "source", f.r.Source)
		return &Filed{Filing: FiledVersion, ReleaseID: f.r.ID, CaseID: f.r.CaseID}
	case FiledSource:
		sum.Sources++
		im.log().Info("another source of a release", "release_id", f.dupOf.ReleaseID, "source", f.source, "similarity", f.dupOf.Similarity)
		return &Filed{Filing: FiledSource, ReleaseID: f.dupOf.ReleaseID}
	}
	sum.Added++
	im.analyzeAsGrown(ctx, sum.Added)
	if f.out.NewCase {
		sum.NewCases++
	} else {
		sum.Linked++
	}
	im.log().Debug("imported", "release_id", f.r.ID, "source", f.r.Source, "case", f.out.Decision.CaseID, "action", f.out.Decision.Action)
	return &Filed{Filing: FiledNew, ReleaseID: f.r.ID, CaseID: f.out.Decision.CaseID}
}

// sameRelease finds the release that text with facts is another source
// of: one at least as similar as the threshold whose facts do not
// contradict these (a follow-up repeating its first report does). A zero
// SimilarRelease when there is none.
func sameRelease(ctx context.Context, tx jikenbo.Store, text jikenbo.SimilarText, facts jikenbo.Facts) (jikenbo.SimilarRelease, *jikenbo.Release, error) {
	sims, err := tx.FindSimilarReleases(ctx, text, textindex.DuplicateThreshold, &facts)
	if err != nil {
		return jikenbo.SimilarRelease{}, nil, err
	}
	for _, sim := range sims {
		old, err := tx.FindReleaseByID(ctx, sim.ReleaseID)
		if err != nil {
			return jikenbo.SimilarRelease{}, nil, err
		}
		if jikenbo.MaybeSameRelease(old.Facts(), facts) {
			return sim, old, nil
		}
	}
	return jikenbo.SimilarRelease{}, nil, nil
}

// addSource keeps in as another source of the release it duplicates,
// with the labels it brings.
func addSource(ctx context.Context, tx jikenbo.Store, of jikenbo.SimilarRelease, in incoming) error {
	err := tx.AddReleaseSource(ctx, &jikenbo.ReleaseSource{ReleaseID: of.ReleaseID, Source: in.Source, Original: in.Original,
		Text: in.Text, Encoding: in.Encoding, Similarity: of.Similarity})
	if err != nil {
		return err
	}
	for _, l := range in.Labels {
		if err := tx.AddReleaseLabel(ctx, of.ReleaseID, l); err != nil {
			return err
		}
	}
	return nil
}

// addVersion keeps new bytes of a source as the newest version of its
// release: the text and facts become the new version's, the changed facts
// are recorded, and the release stays in its case.
func addVersion(ctx context.Context, tx jikenbo.Store, old *jikenbo.Release, in incoming, facts jikenbo.Facts) error {
	v := &jikenbo.ReleaseVersion{Original: in.Original, Text: in.Text, Encoding: in.Encoding,
		ChangedFacts: jikenbo.DiffFacts(old.Extracted, facts)}
	if err := tx.AddVersion(ctx, old.ID, v); err != nil {
		return err
	}
	u, err := tx.UpdateRelease(ctx, old.ID, jikenbo.ReleaseUpdate{Extracted: &facts})
	if err != nil {
		return err
	}
	if err := tx.ReplaceReleaseLabels(ctx, old.ID, jikenbo.LabelAuto, jikenbo.AutoLabels(u.Facts())); err != nil {
		return err
	}
	if len(in.Labels) > 0 {
		var names []string
		for _, l := range in.Labels {
			names = append(names, l.Name)
		}
		return tx.ReplaceReleaseLabels(ctx, old.ID, jikenbo.LabelImported, names)
	}
	return nil
}

// analyzer is a store whose query planner keeps statistics of the
// tables (PostgreSQL), which a large import outgrows.
type analyzer interface {
	Analyze(ctx context.Context) error
}

// firstAnalyze is the number of added releases after which the store's
// statistics are first refreshed; then again each time the number doubles.
const firstAnalyze = 256

// analyzeAsGrown refreshes the store's planner statistics when this import
// has added firstAnalyze releases, then twice as many, and so on: plans
// made for the empty tables an import starts from (a sequential scan of a
// table of ten rows, kept by every prepared statement and trigger) would
// otherwise read whole tables for every release once they are large, where
// autovacuum does not run or has not caught up. The total cost is about
// twice the last ANALYZE.
func (im *Importer) analyzeAsGrown(ctx context.Context, added int) {
	a, ok := im.Store.(analyzer)
	if !ok || added < firstAnalyze || added&(added-1) != 0 {
		return
	}
	if err := a.Analyze(ctx); err != nil {
		im.log().Warn("analyze failed", "err", err)
	}
}

func (im *Importer) log() *slog.Logger {
	if im.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return im.Log
}

// isJikenboExport reports whether the JSON file at path is a jikenbo
// export: an object whose first member is "version", as export writes it.
// Other JSON (annotations, notes, package files) is not.
func isJikenboExport(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // let the import report why it cannot be read
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if b, err := r.Peek(3); err == nil && string(b) == "\xEF\xBB\xBF" {
		r.Discard(3)
	}
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	key, err := dec.Token()
	return err == nil && key == "version"
}

// isExportFile tells a jikenbo export (a JSON object) from release text by
// the file's first bytes that are not white space, reading no further.
func isExportFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if b, err := r.Peek(3); err == nil && string(b) == "\xEF\xBB\xBF" {
		r.Discard(3)
	}
	for {
		c, err := r.ReadByte()
		switch {
		case err == io.EOF:
			return false, nil // empty: the text import says so
		case err != nil:
			return false, err
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		}
		return c == '{', nil
	}
}

package casebook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
)

// MaxUpload is the largest file the desk accepts: a release is a few
// pages, and PDFs with images rarely pass 16 MiB.
const MaxUpload = 16 << 20

// MaxText is the longest release text the desk takes, pasted or read
// from a file, by default: 2 MiB is some seventy times the longest real
// release (about 30 KB), and reading, extracting and indexing a text
// holds about fifteen times its size. An HTML page may be twice as long
// as its text limit, and pdftotext's layout of a PDF five times.
const MaxText = 2 << 20

// DeskStore is what a Desk needs of a casebook: write transactions
// (whose Store is the whole casebook) and the look-ups of releases made
// before one.
type DeskStore interface {
	InTx(ctx context.Context, fn func(tx jikenbo.Store) error) error
	FindReleaseByID(ctx context.Context, id int64) (*jikenbo.Release, error)
	FindReleaseBySHA256(ctx context.Context, sum string) (*jikenbo.Release, error)
	FindReleases(ctx context.Context, f jikenbo.ReleaseFilter) ([]*jikenbo.Release, int, error)
}

// Desk is what editors do to the casebook, each action and its audit
// entry in one transaction: add a release as a draft (pasted text, an
// uploaded file or a URL), correct its facts, file it in a case and
// publish it.
type Desk struct {
	Store   DeskStore
	Extract func(text string) jikenbo.Facts
	Linker  *link.Linker
	// Reader decodes uploaded and fetched HTML and PDF (zero Reader when
	// nil).
	Reader *ingest.Reader
	// Fetch gets a URL an editor gives. When nil, ingest.Fetch is used
	// with RefusePrivate unless AllowPrivate: a desk URL must not make
	// the server reach its own network.
	Fetch        func(ctx context.Context, url string) (*ingest.Fetched, error)
	AllowPrivate bool
	// Slots is how many releases are added at once (default 1): reading
	// a 16 MiB upload, extracting its facts and indexing it hold about
	// ten times its size, so adds queue here rather than side by side.
	Slots int
	// Timeout bounds one add, its wait for a slot included, within the
	// request's own context (default 45 s, under the server's write
	// timeout). An add that runs out of time or whose request ends
	// stores nothing.
	Timeout time.Duration
	// MaxText bounds a release's text (default MaxText).
	MaxText int

	slotsOnce sync.Once
	slots     chan struct{}
}

// bounded runs an add in a slot under the timeout.
func (d *Desk) bounded(ctx context.Context, add func(ctx context.Context) (*jikenbo.Added, error)) (*jikenbo.Added, error) {
	d.slotsOnce.Do(func() { d.slots = make(chan struct{}, max(d.Slots, 1)) })
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 45 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, jikenbo.Errorf(jikenbo.EUNAVAILABLE, "ほかの公表文の取り込みが終わらないため、受け付けられませんでした。しばらくしてからもう一度お試しください")
	}
	defer func() { <-d.slots }()
	r, err := add(ctx)
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return nil, jikenbo.Errorf(jikenbo.EUNAVAILABLE, "取り込みが制限時間(%s)内に終わらなかったため、何も登録していません", timeout)
	}
	return r, err
}

// AddText adds pasted text as a draft release.
func (d *Desk) AddText(ctx context.Context, actor, text string) (*jikenbo.Added, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	original := text
	text, _ = ingest.CleanText(text)
	if strings.TrimSpace(text) == "" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "本文が空です")
	}
	if err := d.checkText(len(text)); err != nil {
		return nil, err
	}
	return d.bounded(ctx, func(ctx context.Context) (*jikenbo.Added, error) {
		return d.add(ctx, actor, &jikenbo.Release{Original: []byte(original), Text: text, Encoding: "UTF-8", Source: "desk:paste"})
	})
}

// AddFile adds an uploaded text, HTML or PDF file as a draft release;
// the kind is told from the bytes.
func (d *Desk) AddFile(ctx context.Context, actor, name string, b []byte) (*jikenbo.Added, error) {
	if len(b) > MaxUpload {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "ファイルが大きすぎます(上限 %d MiB)", MaxUpload>>20)
	}
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	return d.bounded(ctx, func(ctx context.Context) (*jikenbo.Added, error) {
		return d.addDocument(ctx, actor, "desk:upload/"+name, "", b)
	})
}

// AddURL fetches a release page or PDF and adds it as a draft release.
func (d *Desk) AddURL(ctx context.Context, actor, u string) (*jikenbo.Added, error) {
	fetch := d.Fetch
	if fetch == nil {
		fetch = func(ctx context.Context, u string) (*ingest.Fetched, error) {
			return ingest.Fetch(ctx, u, ingest.FetchOptions{RefusePrivate: !d.AllowPrivate, MaxBytes: MaxUpload})
		}
	}
	return d.bounded(ctx, func(ctx context.Context) (*jikenbo.Added, error) {
		f, err := fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		return d.addDocument(ctx, actor, f.URL, f.ContentType, f.Body)
	})
}

// maxText is the desk's limit on a release's text.
func (d *Desk) maxText() int {
	if d.MaxText > 0 {
		return d.MaxText
	}
	return MaxText
}

// checkText refuses a text of n bytes longer than a release may be.
func (d *Desk) checkText(n int) error {
	if n > d.maxText() {
		return jikenbo.Errorf(jikenbo.EINVALID, "本文が長すぎます(%.1f MiB)。公表文1件の本文は %d MiB までです",
			float64(n)/(1<<20), d.maxText()>>20)
	}
	return nil
}

func (d *Desk) addDocument(ctx context.Context, actor, source, contentType string, b []byte) (*jikenbo.Added, error) {
	kind, err := ingest.Sniff(source, contentType, b)
	if err != nil {
		return nil, readError(err)
	}
	// Each kind is bounded before it is read: its bytes, and for a PDF
	// what pdftotext gives.
	r := ingest.Reader{}
	if d.Reader != nil {
		r = *d.Reader
	}
	switch kind {
	case ingest.KindText:
		err = d.checkText(len(b))
	case ingest.KindHTML:
		if len(b) > 2*d.maxText() {
			err = jikenbo.Errorf(jikenbo.EINVALID, "HTML のページが大きすぎます(%.1f MiB)。%d MiB までです", float64(len(b))/(1<<20), 2*d.maxText()>>20)
		}
	case ingest.KindPDF:
		if r.PDF.MaxLayout == 0 {
			r.PDF.MaxLayout = 5 * d.maxText()
		}
	default:
		err = jikenbo.Errorf(jikenbo.EINVALID, "受け付けるのはテキスト、HTML、PDF のみです(%s)", kind)
	}
	if err != nil {
		return nil, err
	}
	// The Reader checks the bytes (binary files, undecodable text,
	// a PDF that is not one) for every kind.
	res, err := r.Read(ctx, source, contentType, b)
	if err != nil {
		return nil, readError(err)
	}
	if len(res.Documents) != 1 {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "公表文を読み取れませんでした")
	}
	doc := res.Documents[0]
	if err := d.checkText(len(doc.Text)); err != nil {
		return nil, err
	}
	rel := &jikenbo.Release{Original: doc.Original, Text: doc.Text, Encoding: doc.Encoding, Source: source}
	if rel.Encoding == "" {
		rel.Encoding = "UTF-8"
	}
	if kind == ingest.KindText {
		// A casebook post keeps its number; a page of several posts is
		// the import command's work.
		posts, err := ingest.ReadText(source, b)
		if err != nil {
			return nil, err
		}
		if len(posts) != 1 {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "%d件の投稿を含むページです。事件簿ページは jikenbo import で取り込んでください", len(posts))
		}
		rel.SourceCaseID = posts[0].Headline.CaseID
	}
	return d.add(ctx, actor, rel)
}

// add stores r as a draft, files it where the linker proposes, and logs
// it; or, when r is nearly the text of a release already kept and its
// facts do not contradict it (the check the importer makes), records r as
// another source of that release.
func (d *Desk) add(ctx context.Context, actor string, r *jikenbo.Release) (*jikenbo.Added, error) {
	sum := jikenbo.SHA256Hex(r.Original)
	if old, err := d.Store.FindReleaseBySHA256(ctx, sum); err == nil {
		return nil, jikenbo.Errorf(jikenbo.ECONFLICT, "同じ公表文が登録済みです(公表 %d)", old.ID)
	}
	r.Draft = true
	r.Extracted = d.Extract(r.Text)
	if err := ctx.Err(); err != nil {
		// The request ended or ran out of time while the text was read:
		// nothing is stored.
		return nil, err
	}
	var dup jikenbo.SimilarRelease
	err := d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		sim, old, err := sameRelease(ctx, tx, jikenbo.SimilarText{Text: r.Text}, r.Extracted)
		if err != nil {
			return err
		}
		if old != nil {
			dup = sim
			if err := addSource(ctx, tx, sim, incoming{Source: r.Source, Original: r.Original, Text: r.Text, Encoding: r.Encoding}); err != nil {
				return err
			}
			return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditAddSource, ReleaseID: old.ID,
				CaseID: old.CaseID, Before: jikenbo.AuditJSON(nil),
				After: jikenbo.AuditJSON(map[string]any{"source": r.Source, "sha256": sum, "similarity": sim.Similarity})})
		}
		if err := tx.CreateRelease(ctx, r); err != nil {
			return err
		}
		out, err := d.Linker.File(ctx, tx, r, link.Hint{CaseID: r.SourceCaseID})
		if err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditAddRelease, ReleaseID: r.ID,
			CaseID: out.Decision.CaseID, Before: jikenbo.AuditJSON(nil),
			After: jikenbo.AuditJSON(map[string]any{"source": r.Source, "sha256": r.SHA256, "draft": true, "case_id": out.Decision.CaseID,
				"reasons": out.Decision.Reasons})})
	})
	if err != nil {
		return nil, err
	}
	if dup.ReleaseID != 0 {
		rel, err := d.Store.FindReleaseByID(ctx, dup.ReleaseID)
		if err != nil {
			return nil, err
		}
		return &jikenbo.Added{Release: rel, AnotherSource: true, Similarity: dup.Similarity}, nil
	}
	rel, err := d.Store.FindReleaseByID(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	return &jikenbo.Added{Release: rel}, nil
}

// Correct sets an editor's override of one field; value is the field's
// JSON (null clears it). The correction survives re-extraction.
func (d *Desk) Correct(ctx context.Context, actor string, id int64, field string, value json.RawMessage) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		before := fieldValue(r.Facts(), field)
		if err := tx.SetOverride(ctx, id, jikenbo.Override{Field: field, Value: value, Editor: actor}); err != nil {
			return err
		}
		after, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditCorrect, ReleaseID: id, CaseID: r.CaseID,
			Before: jikenbo.AuditJSON(map[string]json.RawMessage{field: before}),
			After:  jikenbo.AuditJSON(map[string]json.RawMessage{field: fieldValue(after.Facts(), field)})})
	})
}

// fieldValue is one field of facts in the contract's JSON form.
func fieldValue(f jikenbo.Facts, field string) json.RawMessage {
	b, err := json.Marshal(f)
	if err != nil {
		return json.RawMessage("null")
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil || m[field] == nil {
		return json.RawMessage("null")
	}
	return bytes.TrimSpace(m[field])
}

// Publish makes a draft public.
func (d *Desk) Publish(ctx context.Context, actor string, id int64) error {
	return d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		if !r.Draft {
			return jikenbo.Errorf(jikenbo.ECONFLICT, "公表 %d は公開済みです", id)
		}
		no := false
		if _, err := tx.UpdateRelease(ctx, id, jikenbo.ReleaseUpdate{Draft: &no}); err != nil {
			return err
		}
		r.Draft = false
		if err := jikenbo.NotifyPublished(ctx, tx, r, r.CaseID, "published"); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditPublish, ReleaseID: id, CaseID: r.CaseID,
			Before: jikenbo.AuditJSON(map[string]bool{"draft": true}), After: jikenbo.AuditJSON(map[string]bool{"draft": false})})
	})
}

// FileRelease files a release in the case caseID (or where caseID was
// merged into), or in a new case when caseID is "". A case the release
// leaves empty is merged into the one it went to: its number is retired
// and redirects there, and its timeline entries and links go along, so
// links to the old number keep working. It returns the case the release
// is now in.
func (d *Desk) FileRelease(ctx context.Context, actor string, id int64, caseID string) (string, error) {
	err := d.Store.InTx(ctx, func(tx jikenbo.Store) error {
		r, err := tx.FindReleaseByID(ctx, id)
		if err != nil {
			return err
		}
		if caseID != "" {
			if caseID, err = liveCase(ctx, tx, caseID); err != nil {
				return err
			}
		}
		if caseID != "" && caseID == r.CaseID {
			return nil
		}
		old := r.CaseID
		// A case this release is the last of is merged into where the
		// release goes, while it still holds it: the merge moves the
		// release, and the old number redirects when readers saw it.
		emptied := false
		if old != "" {
			c, err := tx.FindCaseByID(ctx, old)
			if err != nil {
				return err
			}
			emptied = len(c.Releases) == 1 && c.Releases[0].ReleaseID == id
		}
		stage := jikenbo.StageFollowUp
		if caseID == "" {
			year := r.Facts().Published.Year
			if year == 0 {
				year = r.ImportedAt.Year()
			}
			c := &jikenbo.Case{Year: year}
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
			caseID, stage = c.ID, jikenbo.StageFirst
		} else if c, err := tx.FindCaseByID(ctx, caseID); err == nil && len(c.Releases) == 0 {
			stage = jikenbo.StageFirst
		}
		if r.Facts().Status == jikenbo.StatusConcluded && stage != jikenbo.StageFirst {
			stage = jikenbo.StageFinal
		}
		if emptied {
			if err := tx.MergeCases(ctx, old, caseID); err != nil {
				return err
			}
		} else {
			if old != "" {
				if _, err := tx.RemoveCaseRelease(ctx, id); err != nil {
					return err
				}
			}
			if err := tx.AddCaseRelease(ctx, caseID, id, stage); err != nil {
				return err
			}
		}
		if r.OrganizationID != 0 {
			if err := tx.AddCaseOrganization(ctx, caseID, r.OrganizationID, jikenbo.RolePublisher, id); err != nil {
				return err
			}
		}
		if err := tx.AddDecision(ctx, jikenbo.Decision{ReleaseID: id, CaseID: caseID, Action: jikenbo.DecisionEditor,
			Reasons: []string{fmt.Sprintf("編集者 %s が事件 #%s に分類した", actor, caseID)}}); err != nil {
			return err
		}
		if !r.Draft {
			if err := jikenbo.NotifyCase(ctx, tx, caseID, "filed", id); err != nil {
				return err
			}
		}
		after := map[string]any{"case_id": caseID}
		if emptied {
			after["redirect"] = map[string]string{old: caseID}
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: actor, Action: jikenbo.AuditFileRelease, ReleaseID: id, CaseID: caseID,
			Before: jikenbo.AuditJSON(map[string]string{"case_id": old}), After: jikenbo.AuditJSON(after)})
	})
	return caseID, err
}

// readError says in Japanese, for the desk, that a document could not be
// read, keeping the reader's own (English) reason after it: an editor
// needs to know why.
func readError(err error) error {
	if jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		return err
	}
	return jikenbo.Errorf(jikenbo.EINVALID, "ファイルを読み取れませんでした(%s)", jikenbo.ErrorMessage(err))
}

package casebook

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/textindex"
)

// An import is a pipeline. Workers (one per CPU) read the inputs, decode
// them, split casebook pages into posts, look each release's bytes up in
// the casebook and extract its facts; one writer files the releases in
// input order, many in one write transaction, each in a savepoint of its
// own. Filing in input order gives the case numbers a sequential import
// gives; the savepoint keeps a release that fails from taking the others
// of its batch with it; a reader sees a batch when it commits, so never
// part of a release. The summary, the progress and the log follow the
// input order, counted when a batch has committed.

// Batches: a write transaction files at most batchMax releases and ends
// after batchTime, so that other writers (the desk, a watcher) wait for
// the casebook's write lock no longer than that. The writer collects the
// steps of a batch for up to collectTime.
const (
	batchMax    = 500
	batchTime   = 200 * time.Millisecond
	collectTime = 100 * time.Millisecond
)

// item is one thing read from an input: a release to file (in), or a
// failure of the input (fail).
type item struct {
	in    incoming
	line  int
	notes []string
	// sha, facts and present are the worker's: the release's hash, its
	// extracted facts, and the release of the same bytes found in the
	// casebook before the write (then nothing is extracted).
	sha     string
	facts   jikenbo.Facts
	present *jikenbo.Release
	fail    *Failure
}

// unit is what a worker made of one input: its releases and failures in
// order. An export is restored by the writer itself (export), as a
// stream.
type unit struct {
	file    string
	size    int64
	export  bool
	items   []item
	skipped map[string]int
	// ready is closed when the worker is done with the unit.
	ready chan struct{}
}

// workers is how many inputs are read at once.
func workers() int { return max(runtime.GOMAXPROCS(0), 1) }

// Import reads every file and files every release in it. A release that
// fails is rolled back alone and reported in the summary; the error
// return is only for a cancelled context or an unusable casebook.
func (im *Importer) Import(ctx context.Context, paths []string) (*Summary, error) {
	files, skipped, failures := Files(paths, im.Exclude)
	sum := &Summary{SkippedFiles: skipped}
	for _, f := range failures {
		sum.fail(f.Source, 0, f.Err)
	}
	w := &writer{im: im, sum: sum}
	sizes := make([]int64, len(files))
	for i, f := range files {
		if st, err := os.Stat(f); err == nil && !isURL(f) {
			sizes[i] = st.Size()
			w.total += st.Size()
		}
	}
	// The workers stop when the writer does (an unusable casebook).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *unit)
	// order holds the units in input order, as many ahead of the writer
	// as keep the workers busy.
	order := make(chan *unit, 8*workers())
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for u := range jobs {
				im.readUnit(ctx, u)
				close(u.ready)
			}
		})
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for i, f := range files {
			u := &unit{file: f, size: sizes[i], ready: make(chan struct{})}
			select {
			case order <- u:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- u:
			case <-ctx.Done():
				close(u.ready)
				return
			}
		}
	}()
	err := w.run(ctx, order)
	cancel()
	wg.Wait()
	return sum, err
}

// readUnit reads one input into u: the worker's part of an import.
func (im *Importer) readUnit(ctx context.Context, u *unit) {
	if ctx.Err() != nil {
		return
	}
	if isURL(u.file) {
		fetch := im.Fetch
		if fetch == nil {
			fetch = func(ctx context.Context, u string) (*ingest.Fetched, error) {
				return ingest.Fetch(ctx, u, ingest.FetchOptions{})
			}
		}
		f, err := fetch(ctx, u.file)
		if err != nil {
			u.items = append(u.items, failed(u.file, 0, err))
			return
		}
		im.readInput(ctx, u, f.URL, f.ContentType, f.Body)
		return
	}
	u.export = strings.EqualFold(filepath.Ext(u.file), ".json")
	if !u.export {
		var err error
		if u.export, err = isExportFile(u.file); err != nil {
			u.items = append(u.items, failed(u.file, 0, pathError(err)))
			return
		}
	}
	if u.export {
		return
	}
	b, err := readInput(u.file)
	if err != nil {
		u.items = append(u.items, failed(u.file, 0, err))
		return
	}
	im.readInput(ctx, u, u.file, "", b)
}

// readInput reads one input's bytes into u's items: text (one release or
// a casebook page), or an HTML page, a PDF or a Blogger export through the
// ingest Reader. The kind is decided by the bytes.
func (im *Importer) readInput(ctx context.Context, u *unit, name, contentType string, b []byte) {
	res, err := im.reader().Read(ctx, name, contentType, b)
	if err != nil {
		u.items = append(u.items, failed(name, 0, err))
		return
	}
	if res.Kind == ingest.KindText {
		// Read checked that it is text; a casebook page is split into
		// its posts.
		posts, err := ingest.ReadText(name, b)
		if err != nil {
			u.items = append(u.items, failed(name, 0, err))
			return
		}
		for _, p := range posts {
			u.items = append(u.items, item{in: postRelease(p), line: p.Line, notes: p.Notes})
		}
	} else {
		u.skipped = res.Skipped
		for _, p := range res.Problems {
			u.items = append(u.items, failed(name, 0, p))
		}
		for _, d := range res.Documents {
			u.items = append(u.items, item{in: documentRelease(d), notes: d.Notes})
		}
	}
	for i := range u.items {
		if it := &u.items[i]; it.fail == nil {
			if ctx.Err() != nil {
				return
			}
			im.prepare(ctx, it)
		}
	}
}

func failed(source string, line int, err error) item {
	return item{fail: &Failure{Source: source, Line: line, Err: err}}
}

// prepare hashes a release, looks its bytes up in the casebook and, when
// they are new, extracts its facts: the CPU work, done before the write
// transaction. The writer looks again under the write lock.
func (im *Importer) prepare(ctx context.Context, it *item) {
	it.sha = jikenbo.SHA256Hex(it.in.Original)
	if old, err := im.Store.FindReleaseBySHA256(ctx, it.sha); err == nil {
		it.present = old
		return
	}
	it.facts = im.Extract(it.in.Text)
	if it.facts.Published.IsZero() && !it.in.Published.IsZero() {
		it.facts.Published = it.in.Published
	}
	// What the linker reads in the text and the keys the near-duplicate
	// check looks up, computed here rather than by the writer (the keys
	// were 3 % of its time at 90,000 releases).
	it.in.Hint.Reading = link.Read(it.in.Text, it.facts, it.in.Hint)
	it.in.Bands = textindex.Bands(textindex.Shingles(it.in.Text))
}

// writer files the units' releases in order, in batches.
type writer struct {
	im          *Importer
	sum         *Summary
	done, total int64
	// pending are the steps read and not yet filed; a step is item k of
	// unit u, or the unit's end when k == len(u.items).
	pending []step
}

type step struct {
	u *unit
	k int
}

func (s step) item() *item {
	if s.k < len(s.u.items) {
		return &s.u.items[s.k]
	}
	return nil
}

// run takes the units in order and files them a batch at a time. A
// batch collects what the workers have ready for up to collectTime
// (holding no lock meanwhile), or until it is full.
func (w *writer) run(ctx context.Context, order <-chan *unit) error {
	var since time.Time // when the oldest pending step came
	flush := func() error {
		for len(w.pending) > 0 {
			if err := w.write(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	timer := time.NewTimer(collectTime)
	defer timer.Stop()
	for {
		timer.Stop()
		var deadline <-chan time.Time
		if len(w.pending) > 0 {
			timer.Reset(collectTime - time.Since(since))
			deadline = timer.C
		}
		var u *unit
		var ok bool
		select {
		case u, ok = <-order:
		case <-deadline:
			if err := flush(); err != nil {
				return err
			}
			continue
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			if err := flush(); err != nil {
				return err
			}
			return ctx.Err()
		}
		select {
		case <-u.ready:
		case <-deadline:
			if err := flush(); err != nil {
				return err
			}
			select {
			case <-u.ready:
			case <-ctx.Done():
				return ctx.Err()
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if u.export {
			if err := flush(); err != nil {
				return err
			}
			w.sum.Files++
			if err := w.im.importExport(ctx, u.file, w.done, w.total, w.sum); err != nil {
				return err
			}
			w.unitDone(u)
			continue
		}
		if len(w.pending) == 0 {
			since = time.Now()
		}
		for k := range len(u.items) + 1 {
			w.pending = append(w.pending, step{u, k})
		}
		for len(w.pending) >= batchMax {
			if err := w.write(ctx); err != nil {
				return err
			}
			since = time.Now()
		}
	}
}

// unitDone counts a unit's bytes as done.
func (w *writer) unitDone(u *unit) {
	w.done += u.size
	if w.im.Progress != nil {
		w.im.Progress(w.done, w.total, w.sum)
	}
}

// write files pending steps in one transaction (as many as fit in a
// batch) and applies them to the summary once it has committed.
func (w *writer) write(ctx context.Context) error {
	steps := w.pending
	// What was committed is counted even when the batch ended the import.
	res, n, err := w.im.writeBatch(ctx, steps)
	for i, s := range steps[:n] {
		w.apply(ctx, s, res[i])
	}
	w.pending = append(w.pending[:0], steps[n:]...)
	return err
}

// apply counts one filed step in the summary, in input order.
func (w *writer) apply(ctx context.Context, s step, r result) {
	im, sum := w.im, w.sum
	it := s.item()
	if it == nil {
		sum.Files++
		for kind, n := range s.u.skipped {
			if sum.Skipped == nil {
				sum.Skipped = map[string]int{}
			}
			sum.Skipped[kind] += n
		}
		w.unitDone(s.u)
		return
	}
	if it.fail != nil {
		sum.fail(it.fail.Source, it.fail.Line, it.fail.Err)
		im.log().Debug("import failed", "source", it.fail.Source, "err", it.fail.Err)
		return
	}
	for _, n := range it.notes {
		im.log().Warn("read with a change", "source", it.in.Source, "note", n)
	}
	if r.err != nil {
		sum.fail(it.in.Source, it.line, r.err)
		im.log().Debug("import failed", "source", it.in.Source, "line", it.line, "err", r.err)
	} else {
		im.count(ctx, r.filed, sum)
	}
	if n := len(s.u.items); im.Progress != nil && n > 1 {
		im.Progress(w.done+s.u.size*int64(s.k+1)/int64(n), w.total, sum)
	}
}

// result is what became of one step's release.
type result struct {
	filed filed
	err   error
}

// writeBatch files the releases among steps in one write transaction,
// each in a savepoint, until batchMax releases or batchTime; n steps were
// taken. A release that fails is undone alone and its result holds why.
// When the casebook is unusable, the releases before it are committed
// and the error stops the import; when the commit itself fails, the
// releases are filed again one transaction each, so that one that cannot
// be committed fails alone.
func (im *Importer) writeBatch(ctx context.Context, steps []step) (res []result, n int, err error) {
	var stopErr error
	err = im.Store.InTx(ctx, func(tx jikenbo.Store) error {
		start := time.Now()
		res, n, stopErr = res[:0], 0, nil
		releases := 0
		for _, s := range steps {
			if n > 0 && (releases >= batchMax || time.Since(start) >= batchTime) {
				break
			}
			it := s.item()
			if it == nil || it.fail != nil {
				res = append(res, result{})
				n++
				continue
			}
			if it.present != nil {
				res = append(res, result{filed: filed{filing: FiledPresent, present: it.present}})
				n++
				continue
			}
			var f filed
			err := tx.InTx(ctx, func(tx jikenbo.Store) error {
				var err error
				f, err = im.fileInTx(ctx, tx, it.in, it.sha, it.facts)
				return err
			})
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil && Unusable(err) {
				stopErr = stop(it.in.Source, err)
				return nil
			}
			res = append(res, result{filed: f, err: err})
			n++
			releases++
		}
		return nil
	})
	switch {
	case err == nil && stopErr != nil:
		return res, n, stopErr
	case err == nil:
		return res, n, nil
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case Unusable(err) || n <= 1:
		if n == 1 && !Unusable(err) {
			return []result{{err: err}}, 1, nil
		}
		src := ""
		if it := steps[0].item(); it != nil {
			src = it.in.Source
		}
		return nil, 0, stop(src, err)
	}
	// The commit failed: file the same releases one at a time.
	res = make([]result, 0, n)
	for i := range n {
		r, m, err := im.writeBatch(ctx, steps[i:i+1])
		res = append(res, r[:m]...)
		if err != nil {
			return res, len(res), err
		}
	}
	return res, n, nil
}

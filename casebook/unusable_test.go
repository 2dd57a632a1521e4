package casebook_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// fullStore is a SQLite store whose disk fills after `room` releases: it
// answers as the SQLite store does on a full disk (the dialect's
// EUNAVAILABLE, store/sqlite TestFullCasebook).
type fullStore struct {
	*sqlite.Store
	room, tries int
}

func (s *fullStore) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) error {
	return s.Store.InTx(ctx, func(tx jikenbo.Store) error { return fn(&fullTx{tx, s}) })
}

type fullTx struct {
	jikenbo.Store
	s *fullStore
}

// InTx on the transaction (a savepoint, as an import's batch takes one
// per release) hands on the full disk too.
func (tx *fullTx) InTx(ctx context.Context, fn func(tx jikenbo.Store) error) error {
	return tx.Store.InTx(ctx, func(t jikenbo.Store) error { return fn(&fullTx{t, tx.s}) })
}

func (tx *fullTx) CreateRelease(ctx context.Context, r *jikenbo.Release) error {
	if tx.s.tries++; tx.s.tries > tx.s.room {
		return &jikenbo.Error{Code: jikenbo.EUNAVAILABLE, Message: "the casebook's disk is full (database or disk is full (13))"}
	}
	return tx.Store.CreateRelease(ctx, r)
}

// TestImportStopsWhenFull: an import that hits a full disk stops at the
// first such failure, naming the file and the cause once, instead of
// failing every remaining file; what it stored before stays.
func TestImportStopsWhenFull(t *testing.T) {
	dir := writeSynth(t, 21, 30)
	s := &fullStore{Store: mustOpen(t), room: 5}
	sum, err := importer(s).Import(context.Background(), []string{dir})
	if err == nil || !strings.Contains(jikenbo.ErrorMessage(err), "the casebook's disk is full") || !strings.Contains(jikenbo.ErrorMessage(err), "import stopped") {
		t.Fatalf("import on a full disk: %v, want it to stop saying the disk is full", err)
	}
	if s.tries != 6 || sum.Added != 5 || len(sum.Failures) != 0 {
		t.Errorf("import tried %d releases, added %d, %d failures listed; want 6 tried, 5 added, the cause given once (as the error)", s.tries, sum.Added, len(sum.Failures))
	}
}

// TestFailureSaysWhy: a failure that is no input's fault prints its cause
// (once), not the web's generic 内部エラー.
func TestFailureSaysWhy(t *testing.T) {
	err := fmt.Errorf("pdftotext: write /tmp/jikenbo-pdf-1/out.txt: %w", syscall.ENOSPC)
	got := casebook.Failure{Source: "/in/a.pdf", Err: err}.String()
	if got != "/in/a.pdf: pdftotext: write /tmp/jikenbo-pdf-1/out.txt: no space left on device" {
		t.Errorf("Failure = %q", got)
	}
	if !casebook.Unusable(err) {
		t.Errorf("Unusable(%v) = false; a full disk stops the import", err)
	}
	if casebook.Unusable(jikenbo.Errorf(jikenbo.EINVALID, "no text")) {
		t.Errorf("Unusable(bad input) = true")
	}
}

// TestImportURLCountedOnce: a URL is one input in the summary, as a file
// is (it was counted twice).
func TestImportURLCountedOnce(t *testing.T) {
	im := importer(mustOpen(t))
	im.Fetch = func(ctx context.Context, u string) (*ingest.Fetched, error) {
		return &ingest.Fetched{URL: u, ContentType: "text/plain; charset=utf-8",
			Body: []byte("株式会社取得 不正アクセスによる個人情報漏えいのお知らせ\n2026年2月3日\n当社サーバーに不正アクセスがありました。")}, nil
	}
	sum, err := im.Import(context.Background(), []string{"https://example.jp/news/1.txt", "https://example.jp/news/2.txt"})
	if err != nil || sum.Files != 2 || sum.Added+sum.Present != 2 {
		t.Errorf("import of 2 URLs: %+v, %v; want 2 inputs", sum, err)
	}
}

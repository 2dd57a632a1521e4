package casebook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

func newDesk(t *testing.T) *casebook.Desk {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &casebook.Desk{Store: s, Extract: extract.Extract, Linker: &link.Linker{}}
}

// TestDeskRefusesPrivateURL gives the desk URLs of a server on loopback:
// the dial is refused before any connection, so the server sees nothing.
func TestDeskRefusesPrivateURL(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("株式会社テスト 不正アクセスのお知らせ"))
	}))
	defer srv.Close()
	d := newDesk(t)
	for _, u := range []string{srv.URL + "/release.html", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/x"} {
		_, err := d.AddURL(context.Background(), "hanako", u)
		if err == nil || jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
			t.Errorf("AddURL(%s): got %v, want a refusal", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server got %d requests, want 0", n)
	}
	if _, n, _ := d.Store.FindReleases(context.Background(), jikenbo.ReleaseFilter{}); n != 0 {
		t.Errorf("%d releases stored", n)
	}
	// Allowed by configuration, the same URL is fetched.
	d.AllowPrivate = true
	if _, err := d.AddURL(context.Background(), "hanako", srv.URL+"/release.html"); err != nil {
		t.Errorf("AddURL with AllowPrivate: %v", err)
	}
}

func TestDeskUploadLimits(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	if _, err := d.AddFile(ctx, "hanako", "big.txt", make([]byte, casebook.MaxUpload+1)); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("oversized file: got %v, want EINVALID", err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	if _, err := d.AddFile(ctx, "hanako", "x.png", png); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("image: got %v, want EINVALID", err)
	}
	fake := []byte("%PDF-1.4 but not really\n<html>login</html>")
	if _, err := d.AddFile(ctx, "hanako", "x.pdf", fake); err == nil {
		t.Error("a fake PDF was accepted")
	}
	r, err := d.AddFile(ctx, "hanako", `C:\\Users\\x\\notice.txt`, []byte("株式会社テスト 不正アクセスのお知らせ\n2025年3月4日\n"))
	if err != nil {
		t.Fatalf("text file: %v", err)
	}
	if r.Source != "desk:upload/notice.txt" || !r.Draft {
		t.Errorf("text file: source %q, draft %v", r.Source, r.Draft)
	}
}

// TestDeskAddBounded: adds run one at a time under a timeout; one that
// waits too long for its turn, runs out of time or whose request ends
// stores nothing, and a text longer than a release may be is refused.
func TestDeskAddBounded(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	d.Timeout = 300 * time.Millisecond
	release := make(chan struct{})
	started := make(chan struct{})
	d.Fetch = func(ctx context.Context, u string) (*ingest.Fetched, error) {
		// Holds the slot until the test lets go, by when its time has
		// run out.
		close(started)
		<-release
		<-ctx.Done()
		return nil, ctx.Err()
	}
	slow := make(chan error, 1)
	go func() {
		_, err := d.AddURL(ctx, "hanako", "https://example.com/slow.html")
		slow <- err
	}()
	<-started
	_, err := d.AddText(ctx, "hanako", "株式会社待機 不正アクセスのお知らせ\n")
	if jikenbo.ErrorCode(err) != jikenbo.EUNAVAILABLE || !strings.Contains(jikenbo.ErrorMessage(err), "ほかの公表文の取り込み") {
		t.Errorf("add while the slot is taken: got %v, want EUNAVAILABLE", err)
	}
	close(release)
	if err := <-slow; jikenbo.ErrorCode(err) != jikenbo.EUNAVAILABLE || !strings.Contains(jikenbo.ErrorMessage(err), "何も登録していません") {
		t.Errorf("add that ran out of time: got %v, want EUNAVAILABLE saying nothing was stored", err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := d.AddText(gone, "hanako", "株式会社中断 不正アクセスのお知らせ\n"); err == nil {
		t.Error("add for a request that ended: stored")
	}
	if _, err := d.AddText(ctx, "hanako", strings.Repeat("長い本文。", casebook.MaxText/15+1)); jikenbo.ErrorCode(err) != jikenbo.EINVALID ||
		!strings.Contains(jikenbo.ErrorMessage(err), "公表文1件の本文は 2 MiB まで") {
		t.Errorf("pasted text over 2 MiB: got %v", err)
	}
	if _, n, _ := d.Store.FindReleases(ctx, jikenbo.ReleaseFilter{}); n != 0 {
		t.Errorf("%d releases stored, want none", n)
	}
	if _, err := d.AddText(ctx, "hanako", "株式会社順番 不正アクセスのお知らせ\n"); err != nil {
		t.Errorf("add once the slot is free: %v", err)
	}
}

// deskBody is a release text written for these tests, long enough for
// the near-duplicate check to tell texts apart.
const deskBody = `株式会社見本商店 不正アクセスによる個人情報流出に関するお詫び
2025年2月3日
このたび、当社が運営する通販サイトが第三者による不正アクセスを受け、
お客様のクレジットカード情報1,234件が流出した可能性があることが判明いたしました。
お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。
対象となるお客様には、本日より電子メールにて順次ご連絡を差し上げております。
当社はシステムの改修を行い、再発防止に努めてまいります。
`

// TestDeskNearDuplicate pastes a release and then a repost of it (a
// casebook headline added, the lines joined): the second becomes another
// source of the first, not a second release, and an unrelated text is
// still a release of its own.
func TestDeskNearDuplicate(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	first, err := d.AddText(ctx, "hanako", deskBody)
	if err != nil || first.AnotherSource {
		t.Fatalf("first paste: %+v, %v", first, err)
	}
	repost := "【セキュリティ事件簿#2025-003】株式会社見本商店 お詫び 2025/2/3\n\n" + strings.ReplaceAll(deskBody, "\n", "")
	again, err := d.AddText(ctx, "hanako", repost)
	if err != nil {
		t.Fatalf("repost: %v", err)
	}
	if !again.AnotherSource || again.ID != first.ID || again.Similarity < 0.6 {
		t.Errorf("repost: got release %d another_source=%v similarity %.2f, want another source of release %d",
			again.ID, again.AnotherSource, again.Similarity, first.ID)
	}
	if _, n, _ := d.Store.FindReleases(ctx, jikenbo.ReleaseFilter{}); n != 1 {
		t.Errorf("%d releases after the repost, want 1", n)
	}
	s := d.Store.(*sqlite.Store)
	srcs, err := s.FindReleaseSources(ctx, first.ID)
	if err != nil || len(srcs) != 1 || srcs[0].Text != repost {
		t.Errorf("sources of release %d: %+v, %v; want the repost", first.ID, srcs, err)
	}
	entries, err := s.FindAuditEntries(ctx, jikenbo.AuditFilter{ReleaseID: &first.ID})
	if err != nil {
		t.Fatal(err)
	}
	var logged bool
	for _, e := range entries {
		logged = logged || e.Action == jikenbo.AuditAddSource
	}
	if !logged {
		t.Errorf("no %s audit entry for the repost: %+v", jikenbo.AuditAddSource, entries)
	}
	other, err := d.AddText(ctx, "hanako", "市役所 個人情報を含む書類の紛失について\n2025年2月4日\n市民課で住民票の写し12件を含む書類を紛失しました。")
	if err != nil || other.AnotherSource || other.ID == first.ID {
		t.Errorf("unrelated paste: %+v, %v; want a release of its own", other, err)
	}
}

// TestDeskFindsImportedCopy imports a release (its band keys computed by
// the import's workers) and then pastes a repost of it at the desk (keys
// computed by the store): the keys the import stored are the ones the
// check looks up, so the repost is another source of the imported
// release.
func TestDeskFindsImportedCopy(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	path := filepath.Join(t.TempDir(), "first.txt")
	if err := os.WriteFile(path, []byte(deskBody), 0o644); err != nil {
		t.Fatal(err)
	}
	im := &casebook.Importer{Store: d.Store.(*sqlite.Store), Extract: extract.Extract, Linker: &link.Linker{}}
	if sum, err := im.Import(ctx, []string{path}); err != nil || sum.Added != 1 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	repost := "【セキュリティ事件簿#2025-003】株式会社見本商店 お詫び 2025/2/3\n\n" + strings.ReplaceAll(deskBody, "\n", "")
	again, err := d.AddText(ctx, "hanako", repost)
	if err != nil {
		t.Fatal(err)
	}
	if !again.AnotherSource {
		t.Errorf("repost of an imported release: %+v, want another source of it", again)
	}
}

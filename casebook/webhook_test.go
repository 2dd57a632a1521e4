package casebook_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

// queued returns the events queued since the last call, oldest first, as
// "event case_id/release_id change".
func queued(t *testing.T, s jikenbo.Store, seen map[int64]bool) []string {
	t.Helper()
	ds, err := s.FindWebhookDeliveries(context.Background(), jikenbo.WebhookDeliveryFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ds) - 1; i >= 0; i-- {
		d := ds[i]
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		var body struct {
			Event string
			Data  struct {
				ReleaseID int64  `json:"release_id"`
				CaseID    string `json:"case_id"`
				Change    string `json:"change"`
			}
		}
		if err := json.Unmarshal(d.Body, &body); err != nil || body.Event != d.Event {
			t.Fatalf("delivery body %s: %v", d.Body, err)
		}
		if d.Event == jikenbo.EventCaseUpdated {
			out = append(out, d.Event+" "+body.Data.CaseID+" "+body.Data.Change)
		} else {
			out = append(out, d.Event+" "+body.Data.CaseID)
		}
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Events are queued where releases are published and cases change: by an
// import, and by the desk; drafts stay untold until published.
func TestWebhookEvents(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	s := d.Store.(*sqlite.Store)
	if err := s.CreateWebhook(ctx, &jikenbo.Webhook{URL: "https://hooks.example/j", Events: jikenbo.WebhookEvents, Secret: jikenbo.NewWebhookSecret()}); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}

	dir := t.TempDir()
	file := filepath.Join(dir, "a.txt")
	os.WriteFile(file, []byte("株式会社例示商事\n不正アクセスによる個人情報漏えいのお知らせ\n2024年5月10日\n当社サーバーが不正アクセスを受け、お客様の個人情報(120件)が漏えいした可能性があります。調査中です。"), 0o644)
	if _, err := (&casebook.Importer{Store: s, Extract: d.Extract, Linker: d.Linker}).Import(ctx, []string{file}); err != nil {
		t.Fatal(err)
	}
	rs, _, _ := s.FindReleases(ctx, jikenbo.ReleaseFilter{})
	if len(rs) != 1 {
		t.Fatalf("%d releases", len(rs))
	}
	caseID := rs[0].CaseID
	if got, want := queued(t, s, seen), []string{"release.published " + caseID, "case.updated " + caseID + " release_added"}; !equal(got, want) {
		t.Errorf("import queued %q, want %q", got, want)
	}

	// A draft added on the desk is not told about; its publication is.
	added, err := d.AddText(ctx, "hanako", "株式会社例示商事\n不正アクセスに関する調査結果のご報告(最終報)\n2024年7月1日\n5月10日にお知らせした不正アクセスについて調査が完了しました。漏えいした個人情報は120件でした。")
	if err != nil {
		t.Fatal(err)
	}
	if got := queued(t, s, seen); len(got) != 0 {
		t.Errorf("a draft queued %q", got)
	}
	if added.AnotherSource {
		t.Fatal("the final report was taken for another source of the first")
	}
	if err := d.Publish(ctx, "hanako", added.ID); err != nil {
		t.Fatal(err)
	}
	draft, _ := s.FindReleaseByID(ctx, added.ID)
	if got, want := queued(t, s, seen), []string{"release.published " + draft.CaseID, "case.updated " + draft.CaseID + " published"}; !equal(got, want) {
		t.Errorf("publish queued %q, want %q", got, want)
	}

	if err := d.SetCaseTitle(ctx, "hanako", caseID, "例示商事への不正アクセス"); err != nil {
		t.Fatal(err)
	}
	if got, want := queued(t, s, seen), []string{"case.updated " + caseID + " title"}; !equal(got, want) {
		t.Errorf("title queued %q, want %q", got, want)
	}

	// A change that fails queues nothing.
	if err := d.Publish(ctx, "hanako", draft.ID); err == nil {
		t.Fatal("publishing twice succeeded")
	}
	if got := queued(t, s, seen); len(got) != 0 {
		t.Errorf("a failed publish queued %q", got)
	}
}

// A draft filed from what a watcher found (its note says which source and
// why) queues draft.found carrying that note; the same draft from the
// desk or a plain draft import queues nothing.
func TestWebhookDraftFound(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	s := d.Store.(*sqlite.Store)
	if err := s.CreateWebhook(ctx, &jikenbo.Webhook{URL: "https://hooks.example/j", Events: jikenbo.WebhookEvents, Secret: jikenbo.NewWebhookSecret()}); err != nil {
		t.Fatal(err)
	}
	im := &casebook.Importer{Store: s, Extract: d.Extract, Linker: d.Linker, Draft: true}
	text := "株式会社例示物産\n不正アクセスによる個人情報漏えいのお知らせ\n2024年6月3日\n当社サーバーが不正アクセスを受け、お客様の個人情報(80件)が漏えいした可能性があります。"
	doc := ingest.Document{Source: "https://example.com/news/1.html", ContentType: ingest.TypeText, Original: []byte(text), Text: text, Encoding: "UTF-8"}
	filed, err := im.File(ctx, doc, map[string]any{"watch_source": "https://example.com/news/", "score": 0.97}, "")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Event != jikenbo.EventDraftFound {
		t.Fatalf("deliveries after a found draft: %+v, want one %s", ds, jikenbo.EventDraftFound)
	}
	var body struct {
		Data struct {
			ReleaseID int64          `json:"release_id"`
			Found     map[string]any `json:"found"`
		}
	}
	if err := json.Unmarshal(ds[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Data.ReleaseID != filed.ReleaseID || body.Data.Found["watch_source"] != "https://example.com/news/" {
		t.Errorf("draft.found body %s: want release %d and the watcher's note", ds[0].Body, filed.ReleaseID)
	}
}

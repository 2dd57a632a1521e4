package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

func testWebhooks(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	if err := s.CreateWebhook(ctx, &jikenbo.Webhook{URL: "ftp://x", Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("ftp URL: %v, want EINVALID", err)
	}
	if err := s.CreateWebhook(ctx, &jikenbo.Webhook{URL: "https://a.example/h", Events: []string{"release.deleted"}, Secret: jikenbo.NewWebhookSecret()}); jikenbo.ErrorCode(err) != jikenbo.EINVALID {
		t.Errorf("unknown event: %v, want EINVALID", err)
	}
	a := &jikenbo.Webhook{URL: "https://a.example/h", Events: []string{jikenbo.EventReleasePublished, jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	b := &jikenbo.Webhook{URL: "https://b.example/h", Events: []string{jikenbo.EventCaseUpdated}, Secret: jikenbo.NewWebhookSecret()}
	for _, w := range []*jikenbo.Webhook{a, b} {
		if err := s.CreateWebhook(ctx, w); err != nil || w.ID == 0 || w.CreatedAt.IsZero() {
			t.Fatalf("CreateWebhook: %v %+v", err, w)
		}
	}
	hooks, err := s.FindWebhooks(ctx)
	if err != nil || len(hooks) != 2 || hooks[0].URL != a.URL || len(hooks[0].Events) != 2 || hooks[0].Secret != a.Secret {
		t.Fatalf("FindWebhooks: %v %+v", err, hooks)
	}

	// An event reaches only its subscribers; one queued in a transaction
	// that fails is not queued.
	if n, err := s.EnqueueWebhookEvent(ctx, jikenbo.EventReleasePublished, []byte(`{"n":1}`)); err != nil || n != 1 {
		t.Fatalf("enqueue release.published: %d %v, want 1", n, err)
	}
	if n, err := s.EnqueueWebhookEvent(ctx, jikenbo.EventDraftFound, []byte(`{}`)); err != nil || n != 0 {
		t.Fatalf("enqueue draft.found: %d %v, want 0", n, err)
	}
	errRollback := jikenbo.Errorf(jikenbo.ECONFLICT, "rolled back")
	if err := s.InTx(ctx, func(tx jikenbo.Store) error {
		if err := jikenbo.Notify(ctx, tx, jikenbo.EventCaseUpdated, map[string]int{"n": 2}); err != nil {
			return err
		}
		return errRollback
	}); err != errRollback {
		t.Fatalf("InTx: %v", err)
	}
	if err := jikenbo.Notify(ctx, s, jikenbo.EventCaseUpdated, map[string]int{"n": 3}); err != nil {
		t.Fatal(err)
	}
	all, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("deliveries: %v, %d, want 3 (1 + 2, none of the rolled-back event)", err, len(all))
	}

	// Claiming leases: a second claim at the same time gets nothing.
	now := time.Now().Add(time.Second)
	got, err := s.ClaimWebhookDeliveries(ctx, now, time.Minute, 10)
	if err != nil || len(got) != 3 {
		t.Fatalf("claim: %v %d, want 3", err, len(got))
	}
	if got[0].URL == "" || got[0].Secret == "" || len(got[0].Body) == 0 || got[0].State != jikenbo.DeliveryPending {
		t.Errorf("claimed delivery lacks its webhook or body: %+v", got[0])
	}
	if again, _ := s.ClaimWebhookDeliveries(ctx, now, time.Minute, 10); len(again) != 0 {
		t.Errorf("second claim got %d, want 0 while leased", len(again))
	}

	// Outcomes: delivered, retry later, failed for good.
	ok, retry, fail := got[0], got[1], got[2]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RecordWebhookAttempt(ctx, ok.ID, jikenbo.WebhookAttempt{At: now, Status: 204}))
	must(s.RecordWebhookAttempt(ctx, retry.ID, jikenbo.WebhookAttempt{At: now, Status: 500, Error: "HTTP 500", Retry: now.Add(30 * time.Second)}))
	must(s.RecordWebhookAttempt(ctx, fail.ID, jikenbo.WebhookAttempt{At: now, Error: "connection refused"}))
	if err := s.RecordWebhookAttempt(ctx, 999999, jikenbo.WebhookAttempt{At: now}); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("attempt on a missing delivery: %v, want ENOTFOUND", err)
	}
	if due, _ := s.ClaimWebhookDeliveries(ctx, now.Add(29*time.Second), time.Minute, 10); len(due) != 0 {
		t.Errorf("claimed %d before the retry is due", len(due))
	}
	due, err := s.ClaimWebhookDeliveries(ctx, now.Add(31*time.Second), time.Minute, 10)
	if err != nil || len(due) != 1 || due[0].ID != retry.ID || due[0].Attempts != 1 || due[0].LastStatus != 500 || due[0].LastError != "HTTP 500" {
		t.Fatalf("retry claim: %v %+v", err, due)
	}
	states := map[int64]*jikenbo.WebhookDelivery{}
	all, _ = s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	for _, d := range all {
		states[d.ID] = d
	}
	if d := states[ok.ID]; d.State != jikenbo.DeliveryDelivered || d.DeliveredAt.IsZero() || d.Attempts != 1 {
		t.Errorf("delivered: %+v", d)
	}
	if d := states[fail.ID]; d.State != jikenbo.DeliveryFailed || d.LastError != "connection refused" {
		t.Errorf("failed: %+v", d)
	}
	if all[0].ID < all[len(all)-1].ID {
		t.Errorf("deliveries not newest first")
	}
	failed, _ := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{State: jikenbo.DeliveryFailed})
	byB, _ := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{WebhookID: b.ID, Limit: 1})
	if len(failed) != 1 || len(byB) != 1 || byB[0].WebhookID != b.ID {
		t.Errorf("filters: %d failed, %d of b", len(failed), len(byB))
	}

	// Pages by keyset: each starts below the last ID of the one before.
	p1, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{Limit: 2})
	if err != nil || len(p1) != 2 {
		t.Fatalf("first page: %v, %d, want 2", err, len(p1))
	}
	p2, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{Limit: 2, Before: p1[1].ID})
	if err != nil || len(p2) != 1 || p2[0].ID >= p1[1].ID {
		t.Errorf("second page: %v, %+v, want the one older delivery", err, p2)
	}

	// Pruning deletes finished deliveries older than the cut, never a
	// pending one.
	if n, err := s.PruneWebhookDeliveries(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("prune before they were made: %d, %v; want 0", n, err)
	}
	if n, err := s.PruneWebhookDeliveries(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("prune: %d, %v; want 2 (the delivered and the failed)", n, err)
	}
	left, _ := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	if len(left) != 1 || left[0].ID != retry.ID || left[0].State != jikenbo.DeliveryPending {
		t.Errorf("after pruning: %+v, want the pending delivery alone", left)
	}

	// Deleting a webhook deletes its deliveries.
	must(s.DeleteWebhook(ctx, a.ID))
	if err := s.DeleteWebhook(ctx, a.ID); jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		t.Errorf("second delete: %v, want ENOTFOUND", err)
	}
	all, _ = s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
	for _, d := range all {
		if d.WebhookID == a.ID {
			t.Errorf("delivery %d of the deleted webhook remains", d.ID)
		}
	}
}

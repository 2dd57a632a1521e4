package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// CreateWebhook stores a webhook.
func (s *Store) CreateWebhook(ctx context.Context, w *jikenbo.Webhook) error {
	if err := w.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *Store) error {
		w.CreatedAt = tx.db.now()
		return tx.tx.QueryRowContext(ctx, `INSERT INTO webhooks (url, events, secret, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			w.URL, strings.Join(w.Events, ","), w.Secret, fmtTime(w.CreatedAt)).Scan(&w.ID)
	})
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.URL, err)
	}
	return nil
}

// FindWebhooks returns every webhook by ID.
func (s *Store) FindWebhooks(ctx context.Context) ([]*jikenbo.Webhook, error) {
	out := []*jikenbo.Webhook{}
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT id, url, events, secret, created_at FROM webhooks ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var w jikenbo.Webhook
			var events, created string
			if err := rows.Scan(&w.ID, &w.URL, &events, &w.Secret, &created); err != nil {
				return err
			}
			w.Events, w.CreatedAt = strings.Split(events, ","), parseTime(created)
			out = append(out, &w)
		}
		return rows.Err()
	})
	return out, err
}

// DeleteWebhook deletes a webhook and its deliveries.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *Store) error {
		// Deleted explicitly: the cascade needs foreign keys on in SQLite.
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE webhook_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "webhook %d not found", id)
		}
		return nil
	})
}

// EnqueueWebhookEvent queues a delivery of body for every webhook
// subscribed to event.
func (s *Store) EnqueueWebhookEvent(ctx context.Context, event string, body []byte) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *Store) error {
		hooks, err := tx.FindWebhooks(ctx)
		if err != nil {
			return err
		}
		now := tx.db.now()
		for _, w := range hooks {
			if !w.Subscribes(event) {
				continue
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, body, state, next_attempt, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				w.ID, event, string(body), jikenbo.DeliveryPending, now.UnixMilli(), fmtTime(now)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue webhook event %s: %w", event, err)
	}
	return n, nil
}

const deliveryColumns = `d.id, d.webhook_id, w.url, w.secret, d.event, d.body, d.state, d.attempts, d.next_attempt, d.last_status, d.last_error, d.created_at, d.delivered_at`

func scanDelivery(sc interface{ Scan(...any) error }) (*jikenbo.WebhookDelivery, error) {
	var d jikenbo.WebhookDelivery
	var body, created, delivered string
	var next int64
	if err := sc.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Secret, &d.Event, &body, &d.State, &d.Attempts, &next,
		&d.LastStatus, &d.LastError, &created, &delivered); err != nil {
		return nil, err
	}
	d.Body, d.NextAttempt, d.CreatedAt = []byte(body), time.UnixMilli(next).UTC(), parseTime(created)
	if delivered != "" {
		d.DeliveredAt = parseTime(delivered)
	}
	return &d, nil
}

func (s *Store) findDeliveries(ctx context.Context, q querier, where string, args ...any) ([]*jikenbo.WebhookDelivery, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*jikenbo.WebhookDelivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ClaimWebhookDeliveries takes the due pending deliveries for one sender.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*jikenbo.WebhookDelivery, error) {
	var out []*jikenbo.WebhookDelivery
	err := s.write(ctx, func(tx *Store) error {
		var err error
		out, err = tx.findDeliveries(ctx, tx.tx, `WHERE d.state = ? AND d.next_attempt <= ? ORDER BY d.next_attempt, d.id LIMIT ?`,
			jikenbo.DeliveryPending, now.UnixMilli(), limit)
		if err != nil {
			return err
		}
		for _, d := range out {
			if _, err := tx.tx.ExecContext(ctx, `UPDATE webhook_deliveries SET next_attempt = ? WHERE id = ?`, now.Add(lease).UnixMilli(), d.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	return out, nil
}

// RecordWebhookAttempt logs an attempt and schedules the next or ends.
func (s *Store) RecordWebhookAttempt(ctx context.Context, id int64, a jikenbo.WebhookAttempt) error {
	state, next, delivered := jikenbo.DeliveryPending, a.Retry.UnixMilli(), ""
	switch {
	case a.Error == "":
		state, next, delivered = jikenbo.DeliveryDelivered, 0, fmtTime(a.At)
	case a.Retry.IsZero():
		state, next = jikenbo.DeliveryFailed, 0
	}
	return s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, next_attempt = ?, last_status = ?, last_error = ?, delivered_at = ? WHERE id = ?`,
			state, next, a.Status, a.Error, delivered, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "webhook delivery %d not found", id)
		}
		return nil
	})
}

// FindWebhookDeliveries returns deliveries newest first.
func (s *Store) FindWebhookDeliveries(ctx context.Context, f jikenbo.WebhookDeliveryFilter) ([]*jikenbo.WebhookDelivery, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	where, args := []string{"1 = 1"}, []any{}
	if f.WebhookID != 0 {
		where, args = append(where, "d.webhook_id = ?"), append(args, f.WebhookID)
	}
	if f.State != "" {
		where, args = append(where, "d.state = ?"), append(args, f.State)
	}
	if f.Before > 0 {
		where, args = append(where, "d.id < ?"), append(args, f.Before)
	}
	var out []*jikenbo.WebhookDelivery
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = s.findDeliveries(ctx, q, `WHERE `+strings.Join(where, " AND ")+` ORDER BY d.id DESC LIMIT ?`, append(args, f.Limit)...)
		return err
	})
	return out, err
}

// PruneWebhookDeliveries deletes finished deliveries created before a
// time.
func (s *Store) PruneWebhookDeliveries(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE state <> ? AND created_at < ?`, jikenbo.DeliveryPending, fmtTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune webhook deliveries: %w", err)
	}
	return int(n), nil
}

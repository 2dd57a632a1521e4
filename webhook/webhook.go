// Package webhook posts queued webhook deliveries, signed, with retries.
//
// Events are queued by the casebook (jikenbo.Notify, in the transaction
// of the change); a Sender takes the due deliveries from the store and
// posts each body as JSON with three headers:
//
//	X-Jikenbo-Event: release.published
//	X-Jikenbo-Delivery: 42
//	X-Jikenbo-Signature: t=1764670000,v1=<hex HMAC-SHA256 of "t.body" with the secret>
//
// A 2xx answer delivers it; anything else (another status, a timeout, a
// refused address) is retried with exponential backoff until MaxAttempts,
// and every attempt is logged in the store (the desk shows the log).
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// SignatureHeader carries the timestamp and signature of a delivery.
const SignatureHeader = "X-Jikenbo-Signature"

// Sign returns the signature header value of body sent at t:
// "t=UNIX,v1=HEX", HEX being HMAC-SHA256 over "UNIX.body" with secret.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header against body as a receiver does: the
// HMAC must match and the timestamp be within tolerance of now (so that
// a captured delivery cannot be replayed later).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return errors.New("webhook signature: want t=UNIX,v1=HEX")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("webhook signature: timestamp %s is %s away from now", ts, d.Round(time.Second))
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhook signature: no v1 signature matches")
}

// Sender posts due deliveries. The zero value of each field but Store
// takes its default.
type Sender struct {
	Store jikenbo.WebhookStore
	// Client posts the deliveries; it should refuse private addresses
	// unless they are allowed (ingest.FetchOptions{RefusePrivate: true}.Client()).
	Client *http.Client
	// MaxAttempts is how many attempts a delivery gets (default 8).
	MaxAttempts int
	// Backoff is the wait after the nth failed attempt (n from 1); the
	// default doubles from 30 s up to 6 h: 30 s, 1 min, 2 min, … .
	Backoff func(n int) time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// UserAgent is sent with each delivery.
	UserAgent string
	Log       *slog.Logger
	// Keep is how long delivered and failed deliveries stay in the log:
	// Run deletes older ones once an hour (0: never; serve passes
	// --webhook-keep, 90 days by default).
	Keep time.Duration

	pruned time.Time
}

// pruneEvery is how often Run prunes the log.
const pruneEvery = time.Hour

// Prune deletes the delivered and failed deliveries older than keep and
// returns how many.
func (s *Sender) Prune(ctx context.Context, keep time.Duration) (int, error) {
	if keep <= 0 {
		return 0, jikenbo.Errorf(jikenbo.EINVALID, "保存期間 %s は正の長さにしてください", keep)
	}
	return s.Store.PruneWebhookDeliveries(ctx, s.now().Add(-keep))
}

// DefaultBackoff doubles from 30 seconds, capped at 6 hours.
func DefaultBackoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SendDue posts every delivery due now, one at a time, and returns how
// many were attempted. An error is a store error; a failed delivery is
// logged in the store, not returned.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	n := 0
	for {
		// A lease long enough for a batch of slow receivers.
		batch, err := s.Store.ClaimWebhookDeliveries(ctx, s.now(), 5*time.Minute, 20)
		if err != nil || len(batch) == 0 {
			return n, err
		}
		for _, d := range batch {
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			a := s.attempt(ctx, d)
			if err := s.Store.RecordWebhookAttempt(ctx, d.ID, a); err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
				return n, err
			}
			n++
		}
	}
}

// attempt posts one delivery and says what came of it.
func (s *Sender) attempt(ctx context.Context, d *jikenbo.WebhookDelivery) jikenbo.WebhookAttempt {
	at := s.now()
	a := jikenbo.WebhookAttempt{At: at}
	status, err := s.post(ctx, d, at)
	a.Status = status
	if err == nil {
		s.log().Info("webhook delivered", "delivery", d.ID, "url", d.URL, "event", d.Event, "status", status)
		return a
	}
	a.Error = err.Error()
	if d.Attempts+1 < s.maxAttempts() {
		backoff := s.Backoff
		if backoff == nil {
			backoff = DefaultBackoff
		}
		a.Retry = at.Add(backoff(d.Attempts + 1))
	}
	s.log().Warn("webhook delivery failed", "delivery", d.ID, "url", d.URL, "event", d.Event, "attempt", d.Attempts+1, "error", a.Error, "retry", a.Retry)
	return a
}

func (s *Sender) maxAttempts() int {
	if s.MaxAttempts <= 0 {
		return 8
	}
	return s.MaxAttempts
}

func (s *Sender) post(ctx context.Context, d *jikenbo.WebhookDelivery, at time.Time) (int, error) {
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Jikenbo-Event", d.Event)
	req.Header.Set("X-Jikenbo-Delivery", strconv.FormatInt(d.ID, 10))
	req.Header.Set(SignatureHeader, Sign(d.Secret, at, d.Body))
	if s.UserAgent != "" {
		req.Header.Set("User-Agent", s.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

func (s *Sender) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Run sends due deliveries every interval until ctx ends; store errors
// are logged and the loop goes on.
func (s *Sender) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.log().Error("webhook sender", "error", err)
		}
		if s.Keep > 0 && s.now().Sub(s.pruned) >= pruneEvery {
			s.pruned = s.now()
			if n, err := s.Prune(ctx, s.Keep); err != nil && ctx.Err() == nil {
				s.log().Error("pruning the webhook delivery log", "error", err)
			} else if n > 0 {
				s.log().Info("pruned the webhook delivery log", "deleted", n, "older_than", s.Keep.String())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

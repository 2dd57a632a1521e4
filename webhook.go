package jikenbo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Webhook events: what a webhook can subscribe to.
const (
	// EventReleasePublished: a release became public (imported without
	// --draft, or published on the desk).
	EventReleasePublished = "release.published"
	// EventCaseUpdated: a public case changed (a release filed in it or
	// published, a new version, a merge, a split, a new title).
	EventCaseUpdated = "case.updated"
	// EventDraftFound: a draft was put in the review queue by watching
	// (Notify from the watcher).
	EventDraftFound = "draft.found"
)

// WebhookEvents lists every event in the order they are documented.
var WebhookEvents = []string{EventReleasePublished, EventCaseUpdated, EventDraftFound}

// Webhook is a URL that is told about events, each delivery signed with
// its Secret (HMAC-SHA256; package webhook signs and verifies).
type Webhook struct {
	ID     int64
	URL    string
	Events []string
	// Secret is shared with the receiver; it is kept in the clear because
	// every delivery is signed with it, and shown once when it is made.
	Secret    string
	CreatedAt time.Time
}

// NewWebhookSecret returns a random secret for a webhook.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + hex.EncodeToString(b)
}

// Validate checks what every stored webhook must have.
func (w *Webhook) Validate() error {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EINVALID, "webhook URL %q: want an http or https URL", w.URL)
	}
	if len(w.Events) == 0 {
		return Errorf(EINVALID, "webhook %s: want at least one event (%v)", w.URL, WebhookEvents)
	}
	for _, e := range w.Events {
		if !slices.Contains(WebhookEvents, e) {
			return Errorf(EINVALID, "webhook %s: unknown event %q (want one of %v)", w.URL, e, WebhookEvents)
		}
	}
	if len(w.Secret) < 16 {
		return Errorf(EINVALID, "webhook %s: secret required", w.URL)
	}
	return nil
}

// CreateWebhookAudited stores w and its audit entry (never the secret) in
// one transaction.
func CreateWebhookAudited(ctx context.Context, s Store, actor string, w *Webhook) error {
	return s.InTx(ctx, func(tx Store) error {
		if err := tx.CreateWebhook(ctx, w); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &AuditEntry{Actor: actor, Action: AuditWebhookAdd, Before: AuditJSON(nil),
			After: AuditJSON(map[string]any{"webhook_id": w.ID, "url": w.URL, "events": w.Events})})
	})
}

// DeleteWebhookAudited deletes a webhook with its deliveries and writes
// the audit entry, in one transaction; ENOTFOUND when there is none.
func DeleteWebhookAudited(ctx context.Context, s Store, actor string, id int64) error {
	return s.InTx(ctx, func(tx Store) error {
		hooks, err := tx.FindWebhooks(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(hooks, func(w *Webhook) bool { return w.ID == id })
		if i < 0 {
			return Errorf(ENOTFOUND, "webhook %d not found", id)
		}
		if err := tx.DeleteWebhook(ctx, id); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &AuditEntry{Actor: actor, Action: AuditWebhookRemove,
			Before: AuditJSON(map[string]any{"webhook_id": id, "url": hooks[i].URL, "events": hooks[i].Events}), After: AuditJSON(nil)})
	})
}

// Subscribes reports whether w is told about event.
func (w *Webhook) Subscribes(event string) bool { return slices.Contains(w.Events, event) }

// Delivery states.
const (
	DeliveryPending   = "pending"   // waiting for its first or next attempt
	DeliveryDelivered = "delivered" // the receiver answered 2xx
	DeliveryFailed    = "failed"    // every attempt failed; no more are made
)

// WebhookDelivery is one event on its way to one webhook, and its log.
type WebhookDelivery struct {
	ID        int64
	WebhookID int64
	// URL and Secret are the webhook's, read with the delivery.
	URL, Secret string
	Event       string
	// Body is the JSON that is posted, the same bytes on every attempt.
	Body        []byte
	State       string
	Attempts    int
	NextAttempt time.Time
	// LastStatus is the HTTP status of the last attempt (0: none, or no
	// answer); LastError says what went wrong with it.
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	DeliveredAt time.Time
}

// WebhookAttempt is the outcome of one attempt to deliver.
type WebhookAttempt struct {
	At     time.Time
	Status int    // HTTP status, 0 when there was no answer
	Error  string // "" on success
	// Retry is when to try again; zero means no more attempts (the
	// delivery is delivered when Error is "", else failed).
	Retry time.Time
}

// WebhookDeliveryFilter selects deliveries, newest first.
type WebhookDeliveryFilter struct {
	WebhookID int64  // 0: every webhook
	State     string // "": every state
	Limit     int    // 0: 100
	// Before, when set, keeps the deliveries with a smaller ID: the page
	// after the one whose last delivery it is (a keyset, so a page costs
	// the same however deep).
	Before int64
}

// DefaultWebhookKeep is how long finished deliveries stay in the log.
const DefaultWebhookKeep = 90 * 24 * time.Hour

// WebhookStore keeps webhooks and the queue of their deliveries.
type WebhookStore interface {
	// CreateWebhook stores a webhook, setting ID and CreatedAt. EINVALID
	// when it does not validate.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// FindWebhooks returns every webhook by ID; none is an empty list.
	FindWebhooks(ctx context.Context) ([]*Webhook, error)
	// DeleteWebhook deletes a webhook with its deliveries; ENOTFOUND when
	// there is none.
	DeleteWebhook(ctx context.Context, id int64) error
	// EnqueueWebhookEvent queues one delivery of body for every webhook
	// subscribed to event, due at once, and returns how many. It only
	// writes to the queue (no network), so it can run inside an import's
	// transaction: the event is queued if and only if the change is kept.
	EnqueueWebhookEvent(ctx context.Context, event string, body []byte) (int, error)
	// ClaimWebhookDeliveries returns up to limit pending deliveries due at
	// now, oldest first, and moves their next attempt to now+lease so that
	// no other sender (another server) takes them meanwhile.
	ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*WebhookDelivery, error)
	// RecordWebhookAttempt logs an attempt: attempts+1, its status and
	// error, and the next attempt or the final state. ENOTFOUND when the
	// delivery is gone (its webhook was deleted).
	RecordWebhookAttempt(ctx context.Context, id int64, a WebhookAttempt) error
	// FindWebhookDeliveries returns deliveries newest first.
	FindWebhookDeliveries(ctx context.Context, f WebhookDeliveryFilter) ([]*WebhookDelivery, error)
	// PruneWebhookDeliveries deletes the delivered and failed deliveries
	// created before the given time and returns how many; pending ones
	// stay whatever their age.
	PruneWebhookDeliveries(ctx context.Context, before time.Time) (int, error)
}

// EventBody is the JSON every delivery posts.
type EventBody struct {
	Event      string    `json:"event"`
	OccurredAt time.Time `json:"occurred_at"`
	Data       any       `json:"data"`
}

// ReleaseEvent is the data of release.published and draft.found.
type ReleaseEvent struct {
	ReleaseID    int64  `json:"release_id"`
	CaseID       string `json:"case_id,omitempty"`
	Title        string `json:"title,omitempty"`
	Organization string `json:"organization,omitempty"`
	Published    Date   `json:"published"`
	Source       string `json:"source"`
	// Path is the release's page on the site (public releases) or on the
	// desk (drafts), to be joined to the site's URL.
	Path string `json:"path"`
	// Found says, for draft.found, which source found the draft and why it
	// was taken (the classifier's score and cues); free-form.
	Found any `json:"found,omitempty"`
}

// CaseEvent is the data of case.updated.
type CaseEvent struct {
	CaseID string `json:"case_id"`
	// Change says what changed: "release_added", "published", "version",
	// "merged", "split", "title", "filed".
	Change    string `json:"change"`
	ReleaseID int64  `json:"release_id,omitempty"`
	Path      string `json:"path"`
}

// NewReleaseEvent makes the data of a release event from a release.
func NewReleaseEvent(r *Release) ReleaseEvent {
	f := r.Facts()
	path := "/releases/" + strconv.FormatInt(r.ID, 10)
	if r.Draft {
		path = "/desk/releases/" + strconv.FormatInt(r.ID, 10)
	}
	return ReleaseEvent{ReleaseID: r.ID, CaseID: r.CaseID, Title: f.Title, Organization: f.Organization,
		Published: f.Published, Source: r.Source, Path: path}
}

// Notify queues event with data for every webhook subscribed to it. s may
// be the Store of a transaction: the event is then queued only if the
// transaction commits. Delivery happens later, by the sender (serve, or
// jikenbo webhook send), so Notify never waits on the network.
func Notify(ctx context.Context, s WebhookStore, event string, data any) error {
	if !slices.Contains(WebhookEvents, event) {
		return Errorf(EINVALID, "unknown webhook event %q", event)
	}
	body, err := json.Marshal(EventBody{Event: event, OccurredAt: time.Now().UTC().Truncate(time.Second), Data: data})
	if err != nil {
		return err
	}
	_, err = s.EnqueueWebhookEvent(ctx, event, body)
	return err
}

// NotifyPublished queues release.published for a public release and
// case.updated for its case (change says how it changed); a draft is told
// about when it is published.
func NotifyPublished(ctx context.Context, s Store, r *Release, caseID, change string) error {
	if r.Draft {
		return nil
	}
	ev := NewReleaseEvent(r)
	ev.CaseID = caseID
	if err := Notify(ctx, s, EventReleasePublished, ev); err != nil {
		return err
	}
	return NotifyCase(ctx, s, caseID, change, r.ID)
}

// NotifyCase queues case.updated for a public case; a case of drafts
// only, or no case, is nobody's business yet.
func NotifyCase(ctx context.Context, s Store, caseID, change string, releaseID int64) error {
	if caseID == "" {
		return nil
	}
	// Most casebooks have no webhook: a bulk import then pays one query
	// per release, not a read of every case it touches.
	hooks, err := s.FindWebhooks(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(hooks, func(w *Webhook) bool { return w.Subscribes(EventCaseUpdated) }) {
		return nil
	}
	c, err := s.FindCaseByID(ctx, caseID)
	if err != nil {
		return err
	}
	public := false
	for _, cr := range c.Releases {
		r, err := s.FindReleaseByID(ctx, cr.ReleaseID)
		if err != nil {
			return err
		}
		public = public || !r.Draft
	}
	if !public {
		return nil
	}
	return Notify(ctx, s, EventCaseUpdated, CaseEvent{CaseID: caseID, Change: change, ReleaseID: releaseID, Path: "/cases/" + caseID})
}

// DeliveryRecord is a delivery as the delivery log shows it (the desk, the
// API and jikenbo webhook log --json): never the webhook's secret or the
// body.
type DeliveryRecord struct {
	ID          int64      `json:"id"`
	WebhookID   int64      `json:"webhook_id"`
	URL         string     `json:"url"`
	Event       string     `json:"event"`
	State       string     `json:"state"`
	Attempts    int        `json:"attempts"`
	LastStatus  int        `json:"last_status"`
	LastError   string     `json:"last_error"`
	NextAttempt *time.Time `json:"next_attempt"`
	Created     time.Time  `json:"created"`
	Delivered   *time.Time `json:"delivered"`
}

// Record returns d as the delivery log shows it, times in UTC; the next
// attempt only while d is pending.
func (d *WebhookDelivery) Record() DeliveryRecord {
	j := DeliveryRecord{ID: d.ID, WebhookID: d.WebhookID, URL: d.URL, Event: d.Event, State: d.State, Attempts: d.Attempts,
		LastStatus: d.LastStatus, LastError: d.LastError, Created: d.CreatedAt.UTC()}
	if d.State == DeliveryPending {
		n := d.NextAttempt.UTC()
		j.NextAttempt = &n
	}
	if !d.DeliveredAt.IsZero() {
		t := d.DeliveredAt.UTC()
		j.Delivered = &t
	}
	return j
}

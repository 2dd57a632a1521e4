package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// webhookRoutes are the desk's webhook log, the webhook write API and the
// editors' feed of the review queue.
func (s *Server) webhookRoutes() []route {
	return []route{
		{"GET /desk/webhooks", s.editorPage(s.handleDeskWebhooks)},
		{"POST /desk/webhooks", s.editorPage(s.handleDeskAddWebhook)},
		{"POST /desk/webhooks/{id}/delete", s.editorPage(s.handleDeskRemoveWebhook)},
		{"GET /desk/queue.atom", s.editorFeed(s.handleQueueFeed)},
		{"GET /api/v1/webhooks", s.editorAPI(s.apiWebhooks)},
		{"POST /api/v1/webhooks", s.editorAPI(s.apiAddWebhook)},
		{"GET /api/v1/webhooks/{id}", s.editorAPI(s.apiWebhook)},
		{"DELETE /api/v1/webhooks/{id}", s.editorAPI(s.apiRemoveWebhook)},
		{"GET /api/v1/webhooks/deliveries", s.editorAPI(s.apiWebhookDeliveries)},
	}
}

type deskWebhooksPage struct {
	page
	User       *jikenbo.User
	Message    string
	Webhooks   []webhookJSON
	Deliveries []jikenbo.DeliveryRecord
	// Next links the page of older deliveries ("" on the last page);
	// First links back to the newest ("" on the first page).
	Next, First string
	// Events are the events a webhook may subscribe to.
	Events []string
	// Added is the webhook just made, with its secret: shown on this
	// answer only.
	Added *webhookJSON
}

func (s *Server) handleDeskWebhooks(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	return s.renderDeskWebhooks(w, r, u, nil)
}

func (s *Server) renderDeskWebhooks(w http.ResponseWriter, r *http.Request, u *jikenbo.User, added *webhookJSON) error {
	hooks, err := s.webhooksJSON(r)
	if err != nil {
		return err
	}
	f, err := deliveryPage(r, deskDeliveriesPerPage)
	if err != nil {
		return err
	}
	ds, err := s.deliveriesJSON(r, f)
	if err != nil {
		return err
	}
	p := &deskWebhooksPage{User: u, Message: doneMessages[r.URL.Query().Get("done")], Webhooks: hooks, Deliveries: ds,
		Events: jikenbo.WebhookEvents, Added: added}
	if len(ds) == f.Limit {
		p.Next = "/desk/webhooks?before=" + strconv.FormatInt(ds[len(ds)-1].ID, 10)
	}
	if f.Before > 0 {
		p.First = "/desk/webhooks"
	}
	p.page = page{Title: "Webhook の配信記録", NoIndex: true}
	return s.render(w, r, http.StatusOK, "desk_webhooks", p)
}

// handleDeskAddWebhook makes a webhook from the desk's form and shows its
// secret once, on the answer itself (a redirect would have to carry it).
func (s *Server) handleDeskAddWebhook(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	h := &jikenbo.Webhook{URL: strings.TrimSpace(r.FormValue("url")), Events: r.Form["event"], Secret: jikenbo.NewWebhookSecret()}
	if err := jikenbo.CreateWebhookAudited(r.Context(), s.desk.Store, u.Name, h); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderDeskWebhooks(w, r, u, &webhookJSON{ID: h.ID, URL: h.URL, Events: h.Events, Created: h.CreatedAt.UTC(), Secret: h.Secret})
}

func (s *Server) handleDeskRemoveWebhook(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "webhook")
	if err != nil {
		return err
	}
	if err := jikenbo.DeleteWebhookAudited(r.Context(), s.desk.Store, u.Name, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/webhooks?done=webhook-removed", http.StatusSeeOther)
	return nil
}

// webhookJSON is a webhook as the API shows it: never its secret, which
// is shown once, when it is made.
type webhookJSON struct {
	ID      int64     `json:"id"`
	URL     string    `json:"url"`
	Events  []string  `json:"events"`
	Created time.Time `json:"created"`
	Secret  string    `json:"secret,omitempty"`
}

func (s *Server) webhooksJSON(r *http.Request) ([]webhookJSON, error) {
	hooks, err := s.desk.Store.FindWebhooks(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]webhookJSON, 0, len(hooks))
	for _, h := range hooks {
		out = append(out, webhookJSON{ID: h.ID, URL: h.URL, Events: h.Events, Created: h.CreatedAt.UTC()})
	}
	return out, nil
}

// deskDeliveriesPerPage is how many deliveries a page of the desk's log
// shows.
const deskDeliveriesPerPage = 50

// deliveryPage reads the page of the delivery log a request asks for:
// ?before=ID (the last ID of the page before) and, for the API,
// ?limit=N (1 to 500).
func deliveryPage(r *http.Request, limit int) (jikenbo.WebhookDeliveryFilter, error) {
	f := jikenbo.WebhookDeliveryFilter{Limit: limit}
	q := r.URL.Query()
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return f, jikenbo.Errorf(jikenbo.EINVALID, "before %q: 配信 ID(正の整数)を指定してください", v)
		}
		f.Before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return f, jikenbo.Errorf(jikenbo.EINVALID, "limit %q: 1 から 500 までの整数を指定してください", v)
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) deliveriesJSON(r *http.Request, f jikenbo.WebhookDeliveryFilter) ([]jikenbo.DeliveryRecord, error) {
	ds, err := s.desk.Store.FindWebhookDeliveries(r.Context(), f)
	if err != nil {
		return nil, err
	}
	out := make([]jikenbo.DeliveryRecord, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Record())
	}
	return out, nil
}

func (s *Server) apiWebhooks(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	hooks, err := s.webhooksJSON(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"webhooks": hooks})
	return nil
}

func (s *Server) apiAddWebhook(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	var in struct {
		URL    string   `json:"url"`
		Events []string `json:"events"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	h := &jikenbo.Webhook{URL: in.URL, Events: in.Events, Secret: jikenbo.NewWebhookSecret()}
	if err := jikenbo.CreateWebhookAudited(r.Context(), s.desk.Store, u.Name, h); err != nil {
		return err
	}
	// The secret is in this answer only.
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(h.ID, 10))
	writeJSON(w, http.StatusCreated, webhookJSON{ID: h.ID, URL: h.URL, Events: h.Events, Created: h.CreatedAt.UTC(), Secret: h.Secret})
	return nil
}

func (s *Server) apiWebhook(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "webhook")
	if err != nil {
		return err
	}
	hooks, err := s.webhooksJSON(r)
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if h.ID == id {
			writeJSON(w, http.StatusOK, h)
			return nil
		}
	}
	return jikenbo.Errorf(jikenbo.ENOTFOUND, "webhook %d はありません", id)
}

func (s *Server) apiRemoveWebhook(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	id, err := pathID(r.PathValue("id"), "webhook")
	if err != nil {
		return err
	}
	if err := jikenbo.DeleteWebhookAudited(r.Context(), s.desk.Store, u.Name, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWebhookDeliveries(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	f, err := deliveryPage(r, 100)
	if err != nil {
		return err
	}
	f.State = r.URL.Query().Get("state")
	switch f.State {
	case "", jikenbo.DeliveryPending, jikenbo.DeliveryDelivered, jikenbo.DeliveryFailed:
	default:
		return jikenbo.Errorf(jikenbo.EINVALID, "state %q: want pending, delivered or failed", f.State)
	}
	if v := r.URL.Query().Get("webhook"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return jikenbo.Errorf(jikenbo.EINVALID, "webhook %q: want a webhook ID", v)
		}
		f.WebhookID = id
	}
	ds, err := s.deliveriesJSON(r, f)
	if err != nil {
		return err
	}
	// next is the page of older deliveries, with the same filters.
	var next *string
	if len(ds) == f.Limit {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(ds[len(ds)-1].ID, 10))
		n := "/api/v1/webhooks/deliveries?" + q.Encode()
		next = &n
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds, "next": next})
	return nil
}

// editorFeed guards a feed for editors. A feed reader often cannot send
// an Authorization header, so besides a token there and a session, an
// editor's token is taken from ?token=: it is as secret as the
// header, the feed is sent with no-store and noindex, and the access log
// never writes it (redactQuery). 401 otherwise, never the feed.
func (s *Server) editorFeed(h userHandler) http.HandlerFunc {
	return s.api(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		if tok := r.URL.Query().Get("token"); tok != "" && r.Header.Get("Authorization") == "" {
			r = r.Clone(r.Context())
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		u, err := s.authUser(r)
		if err != nil {
			return err
		}
		if u == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="jikenbo"`)
			return jikenbo.Errorf(jikenbo.EUNAUTHORIZED, "編集者のトークン(Authorization: Bearer … または ?token=…)が必要です")
		}
		return h(w, r, u)
	})
}

// redactQuery hides the value of a token parameter from logs.
func redactQuery(raw string) string {
	if !strings.Contains(raw, "token=") {
		return raw
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "(unparsed query withheld)"
	}
	if q.Has("token") {
		q.Set("token", "REDACTED")
	}
	return q.Encode()
}

// handleQueueFeed is the review queue as Atom: the drafts awaiting an
// editor, newest first, each with its desk link and the fields to check.
func (s *Server) handleQueueFeed(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error {
	yes := true
	drafts, _, err := s.desk.Store.FindReleases(r.Context(), jikenbo.ReleaseFilter{Draft: &yes, Limit: 200})
	if err != nil {
		return err
	}
	// Newest first, as feed readers expect; IDs grow with import time.
	for i, j := 0, len(drafts)-1; i < j; i, j = i+1, j-1 {
		drafts[i], drafts[j] = drafts[j], drafts[i]
	}
	if len(drafts) > feedEntries {
		drafts = drafts[:feedEntries]
	}
	f := atomFeed{
		Lang: "ja", ID: s.abs("/desk/queue.atom"), Title: "レビュー待ちの公表文 | " + s.siteName,
		Subtitle: "編集デスクのレビュー待ち(下書き)。公開されていません。",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.abs("/desk/queue.atom")},
			{Rel: "alternate", Type: "text/html", Href: s.abs("/desk")}},
		Author: atomPerson{Name: s.siteName, URI: s.abs("/")}, Generator: "jikenbo",
	}
	updated := s.started
	for _, d := range drafts {
		if d.ImportedAt.After(updated) || updated.Equal(s.started) {
			updated = d.ImportedAt
		}
		fa := d.Facts()
		summary := []string{"出典: " + d.Source}
		if d.CaseID != "" {
			summary = append(summary, "事件 #"+d.CaseID)
		}
		if low := fa.LowConfidence(); len(low) > 0 {
			summary = append(summary, "要確認: "+strings.Join(low, ", "))
		}
		e := atomEntry{ID: s.abs(deskReleasePath(d.ID)), Title: titleOf(fa.Title), Updated: atomTime(d.ImportedAt),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: s.abs(deskReleasePath(d.ID))}},
			Summary: atomText{Type: "text", Body: strings.Join(summary, " ・ ")},
			Content: atomText{Type: "text", Body: d.Text}}
		if fa.Organization != "" {
			e.Author = &atomPerson{Name: fa.Organization}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}

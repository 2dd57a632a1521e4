package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/ingest"
	"github.com/jikenbo/jikenbo/webhook"
)

const webhookUsage = `usage: jikenbo webhook add URL --event release.published|case.updated|draft.found [--event …] [--db FILE]
       jikenbo webhook list [--json] [--db FILE]
       jikenbo webhook remove ID [--db FILE]
       jikenbo webhook log [--json] [--db FILE]
       jikenbo webhook send [--allow-private-urls] [--db FILE]
       jikenbo webhook prune [--older-than 2160h] [--db FILE]`

// eventList is a repeatable --event flag; a value may also list several,
// comma-separated.
type eventList []string

func (e *eventList) String() string { return strings.Join(*e, ",") }

func (e *eventList) Set(v string) error {
	for _, ev := range strings.Split(v, ",") {
		if ev = strings.TrimSpace(ev); ev != "" {
			*e = append(*e, ev)
		}
	}
	return nil
}

func runWebhook(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, webhookUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("webhook "+sub, webhookUsage, stderr)
	db := dbFlag(fs)
	var events eventList
	fs.Var(&events, "event", "add: an event to send (release.published, case.updated, draft.found; repeatable)")
	asJSON := fs.Bool("json", false, "list, log: print JSON (an array)")
	allowPrivate := fs.Bool("allow-private-urls", false, "send: deliver to loopback and private addresses too")
	olderThan := fs.Duration("older-than", jikenbo.DefaultWebhookKeep, "prune: delete delivered and failed deliveries older than this")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch sub {
	case "add", "remove":
		if len(rest) != 1 {
			return usageError(fs, "want one %s", map[string]string{"add": "URL", "remove": "webhook ID"}[sub])
		}
		if sub == "add" && len(events) == 0 {
			return usageError(fs, "want --event (%s)", strings.Join(jikenbo.WebhookEvents, ", "))
		}
	case "list", "log", "send", "prune":
		if len(rest) > 0 {
			return usageError(fs, "unexpected argument %q", rest[0])
		}
	default:
		fmt.Fprintf(stderr, "jikenbo webhook: unknown subcommand %q\n", sub)
		fmt.Fprintln(stderr, webhookUsage)
		return 2
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "webhook", err)
	}
	defer s.Close()
	switch sub {
	case "add":
		w := &jikenbo.Webhook{URL: rest[0], Events: events, Secret: jikenbo.NewWebhookSecret()}
		if err := jikenbo.CreateWebhookAudited(ctx, s, cliActor(), w); err != nil {
			return fail(stderr, "webhook add", err)
		}
		// The secret is for the receiver to verify signatures with.
		fmt.Fprintln(stdout, w.Secret)
		fmt.Fprintf(stderr, "webhook %d: %s for %s; verify X-Jikenbo-Signature with the secret above (README, Webhooks)\n",
			w.ID, w.URL, strings.Join(w.Events, ", "))
	case "list":
		hooks, err := s.FindWebhooks(ctx)
		if err != nil {
			return fail(stderr, "webhook list", err)
		}
		if *asJSON {
			type hook struct {
				ID      int64     `json:"id"`
				URL     string    `json:"url"`
				Events  []string  `json:"events"`
				Created time.Time `json:"created"`
			}
			out := make([]hook, 0, len(hooks))
			for _, w := range hooks {
				out = append(out, hook{w.ID, w.URL, w.Events, w.CreatedAt.UTC()})
			}
			return printJSON(stdout, stderr, "webhook list", out)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tEVENTS\tCREATED")
		for _, w := range hooks {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", w.ID, w.URL, strings.Join(w.Events, ","), w.CreatedAt.Format("2006-01-02 15:04"))
		}
		tw.Flush()
	case "remove":
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			return fail(stderr, "webhook remove", jikenbo.Errorf(jikenbo.EINVALID, "webhook ID %q: want a number (jikenbo webhook list)", rest[0]))
		}
		if err := jikenbo.DeleteWebhookAudited(ctx, s, cliActor(), id); err != nil {
			return fail(stderr, "webhook remove", err)
		}
		fmt.Fprintf(stdout, "removed webhook %d and its deliveries\n", id)
	case "log":
		ds, err := s.FindWebhookDeliveries(ctx, jikenbo.WebhookDeliveryFilter{})
		if err != nil {
			return fail(stderr, "webhook log", err)
		}
		if *asJSON {
			out := make([]jikenbo.DeliveryRecord, 0, len(ds))
			for _, d := range ds {
				out = append(out, d.Record())
			}
			return printJSON(stdout, stderr, "webhook log", out)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tWEBHOOK\tEVENT\tSTATE\tATTEMPTS\tLAST\tCREATED")
		for _, d := range ds {
			last := "-"
			if d.Attempts > 0 {
				last = strings.TrimSpace(fmt.Sprintf("%d %s", d.LastStatus, d.LastError))
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%s\t%s\n", d.ID, d.WebhookID, d.Event, d.State, d.Attempts, last, d.CreatedAt.Format("2006-01-02 15:04:05"))
		}
		tw.Flush()
	case "send":
		snd := &webhook.Sender{Store: s, Client: ingest.FetchOptions{RefusePrivate: !*allowPrivate, Timeout: 30 * time.Second}.Client(),
			UserAgent: ingest.UserAgent(), Log: newLogger(stderr)}
		n, err := snd.SendDue(ctx)
		if err != nil {
			return fail(stderr, "webhook send", err)
		}
		fmt.Fprintf(stdout, "%d deliveries attempted (jikenbo webhook log shows the outcome)\n", n)
	case "prune":
		n, err := (&webhook.Sender{Store: s}).Prune(ctx, *olderThan)
		if err != nil {
			return fail(stderr, "webhook prune", err)
		}
		fmt.Fprintf(stdout, "deleted %d delivered or failed deliveries older than %s\n", n, *olderThan)
	}
	return 0
}

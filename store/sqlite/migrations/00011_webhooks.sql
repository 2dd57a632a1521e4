-- Webhooks and the queue of their deliveries (issue 14). An event is
-- queued in the transaction of the change it tells about; a sender (serve,
-- or jikenbo webhook send) posts it later, so an import never waits on a
-- receiver. next_attempt is Unix milliseconds, compared as a number.

-- +goose Up
CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL,
	events     TEXT NOT NULL,
	secret     TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
	id           INTEGER PRIMARY KEY,
	webhook_id   INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event        TEXT NOT NULL,
	body         TEXT NOT NULL,
	state        TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt INTEGER NOT NULL,
	last_status  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	delivered_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

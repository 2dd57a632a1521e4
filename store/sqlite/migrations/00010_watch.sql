-- +goose Up
-- Watched sources (feeds, news lists, sitemaps) with their polling state,
-- the items they listed, and the re-reading of ongoing cases' releases
-- (issue 14). Scheduling times (next_due, lease_until) are fixed-width
-- RFC 3339 UTC text (sqlstore.fmtDue), so they compare as text.
CREATE TABLE watch_sources (
	id              INTEGER PRIMARY KEY,
	url             TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	every_seconds   INTEGER NOT NULL,
	etag            TEXT NOT NULL DEFAULT '',
	last_modified   TEXT NOT NULL DEFAULT '',
	last_success    TEXT NOT NULL DEFAULT '',
	last_polled     TEXT NOT NULL DEFAULT '',
	failures        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	next_due        TEXT NOT NULL,
	lease_until     TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL
);
CREATE INDEX watch_sources_due ON watch_sources (next_due);

CREATE TABLE watch_items (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL,
	url        TEXT NOT NULL UNIQUE,
	final_url  TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	listed     TEXT NOT NULL DEFAULT '',
	found_at   TEXT NOT NULL,
	sha256     TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL,
	score      REAL NOT NULL DEFAULT 0,
	reasons    TEXT NOT NULL DEFAULT '[]',
	release_id INTEGER NOT NULL DEFAULT 0,
	error      TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX watch_items_status ON watch_items (status, id);
CREATE INDEX watch_items_sha256 ON watch_items (sha256);

CREATE TABLE release_checks (
	release_id INTEGER PRIMARY KEY REFERENCES releases (id) ON DELETE CASCADE,
	checked_at TEXT NOT NULL,
	next_due   TEXT NOT NULL,
	changed_at TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 0,
	failures   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

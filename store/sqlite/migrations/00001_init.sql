-- The casebook schema. Times are RFC 3339 UTC text, dates YYYY-MM-DD,
-- facts JSON in the extraction contract's form.

-- +goose Up
CREATE TABLE organizations (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Every way of writing an organisation's name, found by its match key.
CREATE TABLE org_aliases (
	key             TEXT PRIMARY KEY,
	organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	name            TEXT NOT NULL
);
CREATE INDEX org_aliases_organization ON org_aliases (organization_id);

-- The last number handed out per year; it only grows, so numbers are
-- never reused.
CREATE TABLE case_numbers (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

-- Numbers of deleted cases, which stay retired.
CREATE TABLE retired_cases (
	id TEXT PRIMARY KEY
);

CREATE TABLE cases (
	id         TEXT PRIMARY KEY,
	year       INTEGER NOT NULL,
	seq        INTEGER NOT NULL,
	status     TEXT NOT NULL,
	facts      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (year, seq)
);

CREATE TABLE releases (
	id              INTEGER PRIMARY KEY,
	sha256          TEXT NOT NULL UNIQUE,
	-- NULL when the original bytes are the text's UTF-8 bytes, as for most
	-- UTF-8 files: keeping them twice would double the table.
	original        BLOB,
	text            TEXT NOT NULL,
	encoding        TEXT NOT NULL,
	source          TEXT NOT NULL,
	imported_at     TEXT NOT NULL,
	draft           INTEGER NOT NULL DEFAULT 0,
	source_case_id  TEXT NOT NULL DEFAULT '',
	case_id         TEXT REFERENCES cases (id),
	stage           TEXT NOT NULL DEFAULT '',
	organization_id INTEGER REFERENCES organizations (id),
	extracted       TEXT NOT NULL,
	extracted_at    TEXT NOT NULL
);
CREATE INDEX releases_case ON releases (case_id);
CREATE INDEX releases_organization ON releases (organization_id);

CREATE TABLE overrides (
	release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	editor     TEXT NOT NULL,
	at         TEXT NOT NULL,
	PRIMARY KEY (release_id, field)
);

CREATE TABLE release_labels (
	release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	source     TEXT NOT NULL,
	PRIMARY KEY (release_id, name, source)
);
CREATE INDEX release_labels_name ON release_labels (name);

CREATE TABLE case_organizations (
	case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	organization_id INTEGER NOT NULL REFERENCES organizations (id),
	role            TEXT NOT NULL,
	PRIMARY KEY (case_id, organization_id, role)
);
CREATE INDEX case_organizations_organization ON case_organizations (organization_id);

-- Events known only by date; the releases themselves join the timeline
-- when a case is read.
CREATE TABLE case_timeline (
	case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	date       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,
	note       TEXT NOT NULL,
	PRIMARY KEY (case_id, date, kind)
);

-- Related cases, stored once with the smaller number first.
CREATE TABLE case_links (
	case_a TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	case_b TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind   TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (case_a, case_b, kind),
	CHECK (case_a < case_b)
);
CREATE INDEX case_links_b ON case_links (case_b);

CREATE TABLE decisions (
	id         INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	action     TEXT NOT NULL,
	reasons    TEXT NOT NULL,
	at         TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions (case_id);

-- Bigram tokens made in Go (package textindex); contentless, the text
-- lives in releases. rowid = releases.id.
CREATE VIRTUAL TABLE release_fts USING fts5 (
	bi, tail,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0'
);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

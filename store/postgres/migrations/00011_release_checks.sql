-- +goose Up
-- Re-reading ongoing cases' releases at scale (issue 14; store/sqlite
-- 00014): each check keeps the validators of the last answer for a
-- conditional GET; due checks are found by an index instead of walking
-- every ongoing case; every release with an http(s) source gets a check
-- row (due at once: next_due '') from the watcher, which remembers the
-- last release it made one for; silent edits are kept one row per version
-- for the case's timeline.
ALTER TABLE release_checks ADD COLUMN etag TEXT NOT NULL DEFAULT '';
ALTER TABLE release_checks ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';
CREATE INDEX release_checks_due ON release_checks (next_due, release_id);

CREATE TABLE release_check_seed (
	id              INTEGER PRIMARY KEY CHECK (id = 1),
	last_release_id BIGINT NOT NULL
);
INSERT INTO release_check_seed (id, last_release_id) VALUES (1, 0);

CREATE TABLE release_edits (
	release_id BIGINT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	found_at   TEXT NOT NULL,
	PRIMARY KEY (release_id, version)
);
INSERT INTO release_edits (release_id, version, found_at)
	SELECT release_id, version, changed_at FROM release_checks WHERE changed_at <> '' AND version > 0;
-- A silent edit of a public release moves the casebook version: the store
-- does it in Go when it records the edit (SaveReleaseCheck), as it does every
-- public change since schema 13 (PostgreSQL 10).

-- +goose Down
-- Forward-only: restore a backup (pg_dump) instead.

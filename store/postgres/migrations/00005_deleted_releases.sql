-- Deleted releases leave a tombstone: their ID is never handed out again
-- and their URL answers 410 Gone, saying when and what was deleted.

-- +goose Up
CREATE TABLE deleted_releases (
	id         BIGINT PRIMARY KEY,
	source     TEXT NOT NULL,
	sha256     TEXT NOT NULL,
	case_id    TEXT NOT NULL DEFAULT '',
	-- a deleted draft was never public: its URL stays a plain 404
	draft      BOOLEAN NOT NULL DEFAULT FALSE,
	deleted_at TEXT NOT NULL
);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

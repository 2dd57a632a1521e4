-- Versions of releases (the release archive): publishers edit releases in
-- place, and the casebook keeps every state it read. The releases row
-- holds the latest version's bytes, text and facts for every query; this
-- table holds every version including the latest.

-- +goose Up
CREATE TABLE release_versions (
	release_id    INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	number        INTEGER NOT NULL,
	sha256        TEXT NOT NULL,
	-- NULL when the original bytes are the text's UTF-8 bytes, as in
	-- releases.
	original      BLOB,
	text          TEXT NOT NULL,
	encoding      TEXT NOT NULL,
	imported_at   TEXT NOT NULL,
	-- JSON list of {"field", "before", "after"}: the facts that differ
	-- from the previous version's.
	changed_facts TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (release_id, number)
);
CREATE INDEX release_versions_sha256 ON release_versions (sha256);

-- Re-importing a source finds its release by the source.
CREATE INDEX releases_source ON releases (source);

-- Every release stored so far is its own version 1.
INSERT INTO release_versions (release_id, number, sha256, original, text, encoding, imported_at)
SELECT id, 1, sha256, original, text, encoding, imported_at FROM releases;

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

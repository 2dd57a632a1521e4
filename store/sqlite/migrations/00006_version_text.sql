-- A release's current version shares the release's text and bytes
-- instead of holding a second copy of them: its text is NULL, which reads
-- as "the release's" (store/sqlstore's versionColumns). Every casebook
-- held each text twice before this.
--
-- SQLite cannot drop NOT NULL from a column, so the table is rebuilt.
-- Nothing refers to release_versions, and it has no triggers.

-- +goose Up
CREATE TABLE release_versions_new (
	release_id    INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	number        INTEGER NOT NULL,
	sha256        TEXT NOT NULL,
	-- NULL when the original bytes are the text's UTF-8 bytes, as in
	-- releases, or when text is NULL.
	original      BLOB,
	-- NULL for the release's current version: the release's text and
	-- original are this version's.
	text          TEXT,
	encoding      TEXT NOT NULL,
	imported_at   TEXT NOT NULL,
	changed_facts TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (release_id, number)
);
INSERT INTO release_versions_new (release_id, number, sha256, original, text, encoding, imported_at, changed_facts)
SELECT v.release_id, v.number, v.sha256,
	CASE WHEN shared THEN NULL ELSE v.original END, CASE WHEN shared THEN NULL ELSE v.text END,
	v.encoding, v.imported_at, v.changed_facts
FROM (SELECT v.*, (v.number = (SELECT MAX(number) FROM release_versions x WHERE x.release_id = v.release_id)
		AND v.sha256 = r.sha256 AND v.text = r.text
		AND COALESCE(v.original, CAST(v.text AS BLOB)) = COALESCE(r.original, CAST(r.text AS BLOB))) AS shared
	FROM release_versions v JOIN releases r ON r.id = v.release_id) v;
DROP TABLE release_versions;
ALTER TABLE release_versions_new RENAME TO release_versions;
CREATE INDEX release_versions_sha256 ON release_versions (sha256);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

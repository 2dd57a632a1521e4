-- A release's current version shares the release's text and bytes
-- instead of holding a second copy of them: its text is NULL, which reads
-- as "the release's" (store/sqlstore's versionColumns; store/sqlite's
-- 00006).

-- +goose Up
ALTER TABLE release_versions ALTER COLUMN text DROP NOT NULL;
UPDATE release_versions v SET text = NULL, original = NULL
FROM releases r
WHERE r.id = v.release_id AND v.sha256 = r.sha256 AND v.text = r.text
	AND COALESCE(v.original, convert_to(v.text, 'UTF8')) = COALESCE(r.original, convert_to(r.text, 'UTF8'))
	AND v.number = (SELECT MAX(number) FROM release_versions x WHERE x.release_id = v.release_id);

-- +goose Down
-- Forward-only: restore a backup (pg_dump) instead.

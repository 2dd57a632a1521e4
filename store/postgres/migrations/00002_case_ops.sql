-- Case and label operations: where merged-away case numbers and renamed
-- labels went (store/sqlite's 00005). A merged-away number is also in
-- retired_cases and is never handed out again.

-- +goose Up
CREATE TABLE case_redirects (
	id         TEXT PRIMARY KEY,
	-- no foreign key: a redirect outlives a later deletion of its target
	target     TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX case_redirects_target ON case_redirects (target);

CREATE TABLE label_redirects (
	name       TEXT PRIMARY KEY,
	target     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK (name <> target)
);
CREATE INDEX label_redirects_target ON label_redirects (target);

-- +goose Down
-- Forward-only: restore a backup instead.

-- The editors' desk: accounts, API tokens, sessions, the login throttle
-- and the audit log. Secrets are stored hashed: passwords with argon2id
-- (PHC strings), tokens and session cookies with SHA-256.

-- +goose Up
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Sessions live here, not in memory, so that several server processes
-- share them and disabling an account ends them everywhere.
CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins per key ("user:NAME", "addr:IP") in the current window.
CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	locked_until TEXT NOT NULL DEFAULT ''
);

-- Every change by an editor. No foreign keys: the log outlives what it
-- describes.
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	release_id INTEGER,
	case_id    TEXT,
	before     TEXT NOT NULL,
	after      TEXT NOT NULL
);
CREATE INDEX audit_log_release ON audit_log (release_id);
CREATE INDEX audit_log_case ON audit_log (case_id);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

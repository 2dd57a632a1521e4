-- +goose Up
-- A release is dated by its own 公表日 only. A release whose text states
-- none is no longer dated by the day it was imported (which put half of
-- an imported casebook on one day): its facet date is '0000-00-00', which
-- sorts after every known date in newest-first lists, and its year and
-- month are 0, so archives, charts and date filters leave it out.
DROP TRIGGER releases_facets_insert;
-- +goose StatementBegin
CREATE TRIGGER releases_facets_insert AFTER INSERT ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.id;
	DELETE FROM release_categories WHERE release_id = NEW.id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, '0000-00-00') AS d FROM release_effective WHERE release_id = NEW.id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.id AND e.draft = 0 AND j.type = 'text';
END;
-- +goose StatementEnd

DROP TRIGGER releases_facets_update;
-- +goose StatementBegin
CREATE TRIGGER releases_facets_update AFTER UPDATE ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.id;
	DELETE FROM release_categories WHERE release_id = NEW.id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, '0000-00-00') AS d FROM release_effective WHERE release_id = NEW.id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.id AND e.draft = 0 AND j.type = 'text';
END;
-- +goose StatementEnd

DROP TRIGGER overrides_facets_insert;
-- +goose StatementBegin
CREATE TRIGGER overrides_facets_insert AFTER INSERT ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.release_id;
	DELETE FROM release_categories WHERE release_id = NEW.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, '0000-00-00') AS d FROM release_effective WHERE release_id = NEW.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.release_id AND e.draft = 0 AND j.type = 'text';
END;
-- +goose StatementEnd

DROP TRIGGER overrides_facets_update;
-- +goose StatementBegin
CREATE TRIGGER overrides_facets_update AFTER UPDATE ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.release_id;
	DELETE FROM release_categories WHERE release_id = NEW.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, '0000-00-00') AS d FROM release_effective WHERE release_id = NEW.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.release_id AND e.draft = 0 AND j.type = 'text';
END;
-- +goose StatementEnd

DROP TRIGGER overrides_facets_delete;
-- +goose StatementBegin
CREATE TRIGGER overrides_facets_delete AFTER DELETE ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = OLD.release_id;
	DELETE FROM release_categories WHERE release_id = OLD.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, '0000-00-00') AS d FROM release_effective WHERE release_id = OLD.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = OLD.release_id AND e.draft = 0 AND j.type = 'text';
END;
-- +goose StatementEnd

UPDATE release_facets SET date = '0000-00-00', year = 0, month = 0
	WHERE release_id IN (SELECT release_id FROM release_effective WHERE published IS NULL);

-- A case's own title, set by an editor ('' when the merged one is used).
ALTER TABLE cases ADD COLUMN title TEXT NOT NULL DEFAULT '';

-- The other sources of a release: the same release read again from
-- another place (a casebook post and the organisation's own file, an HTML
-- page and its PDF), kept verbatim. former_release_id is the release the
-- source was before duplicates were merged, so its old address redirects.
CREATE TABLE release_sources (
	id                INTEGER PRIMARY KEY,
	release_id        INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	source            TEXT NOT NULL,
	sha256            TEXT NOT NULL UNIQUE,
	original          BLOB NOT NULL,
	text              TEXT NOT NULL,
	encoding          TEXT NOT NULL,
	imported_at       TEXT NOT NULL,
	similarity        REAL NOT NULL,
	former_release_id INTEGER
);
CREATE INDEX release_sources_release ON release_sources (release_id);
CREATE INDEX release_sources_former ON release_sources (former_release_id);

-- MinHash band keys of each release's text (textindex.Bands): releases
-- sharing a key are the candidates of a near-duplicate check.
CREATE TABLE release_bands (
	band       INTEGER NOT NULL,
	release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	PRIMARY KEY (band, release_id)
) WITHOUT ROWID;
CREATE INDEX release_bands_release ON release_bands (release_id);

-- One-time steps run in Go when the casebook is opened (sqlstore.Upgrade):
-- a step not listed here has not run yet.
CREATE TABLE store_steps (
	name    TEXT PRIMARY KEY,
	done_at TEXT NOT NULL
);

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

-- What the public pages query (jikenbo.QueryStore): the effective facts
-- of each public release and each case in indexed columns, and a version
-- number for conditional requests. Triggers keep them in step with every
-- write, so no store method has to remember them, and an import running
-- in another process changes the version a server sees.

-- +goose Up

-- Effective facts of a release: the extracted facts with an editor's
-- override of a field taking its place (override values are JSON).
CREATE VIEW release_effective AS
SELECT r.id AS release_id, r.draft, r.case_id, r.organization_id, r.imported_at,
	CASE WHEN op.value IS NOT NULL THEN json_extract(op.value, '$') ELSE json_extract(r.extracted, '$.published') END AS published,
	CASE WHEN os.value IS NOT NULL THEN json_extract(os.value, '$') ELSE json_extract(r.extracted, '$.status') END AS status,
	CASE WHEN ot.value IS NOT NULL THEN json_extract(ot.value, '$') ELSE json_extract(r.extracted, '$.third_party') END AS third_party,
	CASE WHEN oa.value IS NOT NULL THEN json_extract(oa.value, '$') ELSE json_extract(r.extracted, '$.affected_persons') END AS persons,
	CASE WHEN ok.value IS NOT NULL THEN json_extract(ok.value, '$') ELSE json_extract(r.extracted, '$.affected_cards') END AS cards,
	CASE WHEN oc.value IS NOT NULL THEN oc.value ELSE json_extract(r.extracted, '$.categories') END AS categories
FROM releases r
LEFT JOIN overrides op ON op.release_id = r.id AND op.field = 'published'
LEFT JOIN overrides os ON os.release_id = r.id AND os.field = 'status'
LEFT JOIN overrides ot ON ot.release_id = r.id AND ot.field = 'third_party'
LEFT JOIN overrides oa ON oa.release_id = r.id AND oa.field = 'affected_persons'
LEFT JOIN overrides ok ON ok.release_id = r.id AND ok.field = 'affected_cards'
LEFT JOIN overrides oc ON oc.release_id = r.id AND oc.field = 'categories';

-- One row per public (non-draft) release. date is the published date or,
-- when unknown, the import day.
CREATE TABLE release_facets (
	release_id      INTEGER PRIMARY KEY REFERENCES releases (id) ON DELETE CASCADE,
	date            TEXT NOT NULL,
	year            INTEGER NOT NULL,
	month           INTEGER NOT NULL,
	status          TEXT NOT NULL,
	third_party     INTEGER NOT NULL,
	persons         INTEGER,
	cards           INTEGER,
	organization_id INTEGER,
	case_id         TEXT
);
CREATE INDEX release_facets_date ON release_facets (date, release_id);
CREATE INDEX release_facets_month ON release_facets (year, month, date, release_id);
CREATE INDEX release_facets_org ON release_facets (organization_id, date, release_id);
CREATE INDEX release_facets_case ON release_facets (case_id);

CREATE TABLE release_categories (
	release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
	category   TEXT NOT NULL,
	PRIMARY KEY (release_id, category)
) WITHOUT ROWID;
CREATE INDEX release_categories_category ON release_categories (category, release_id);

CREATE TABLE case_facets (
	case_id         TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	year            INTEGER NOT NULL,
	seq             INTEGER NOT NULL,
	status          TEXT NOT NULL,
	first_published TEXT,
	last_published  TEXT,
	detected        TEXT,
	persons         INTEGER,
	cards           INTEGER,
	third_party     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_facets_number ON case_facets (year, seq);
-- The watch list: oldest last release first, unknown dates last.
CREATE INDEX case_facets_stale ON case_facets (status, COALESCE(last_published, '9999-12-31'), year, seq);

CREATE TABLE case_categories (
	case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	category TEXT NOT NULL,
	PRIMARY KEY (case_id, category)
) WITHOUT ROWID;
CREATE INDEX case_categories_category ON case_categories (category, case_id);

-- Label pages list a label's releases newest first.
CREATE INDEX release_labels_name_release ON release_labels (name, release_id);
-- Contractor statistics and organisation pages go by role.
CREATE INDEX case_organizations_role ON case_organizations (role, organization_id);

-- n grows with every write to anything public; changed_at is when.
CREATE TABLE casebook_version (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	n          INTEGER NOT NULL,
	changed_at TEXT NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER releases_facets_insert AFTER INSERT ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.id;
	DELETE FROM release_categories WHERE release_id = NEW.id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE release_id = NEW.id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.id AND e.draft = 0 AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_facets_update AFTER UPDATE ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.id;
	DELETE FROM release_categories WHERE release_id = NEW.id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE release_id = NEW.id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.id AND e.draft = 0 AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_facets_delete AFTER DELETE ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = OLD.id;
	DELETE FROM release_categories WHERE release_id = OLD.id;
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_facets_insert AFTER INSERT ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.release_id;
	DELETE FROM release_categories WHERE release_id = NEW.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE release_id = NEW.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.release_id AND e.draft = 0 AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_facets_update AFTER UPDATE ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = NEW.release_id;
	DELETE FROM release_categories WHERE release_id = NEW.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE release_id = NEW.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = NEW.release_id AND e.draft = 0 AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_facets_delete AFTER DELETE ON overrides BEGIN
	DELETE FROM release_facets WHERE release_id = OLD.release_id;
	DELETE FROM release_categories WHERE release_id = OLD.release_id;
	INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
		SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
			COALESCE(third_party, 0), persons, cards, organization_id, case_id
		FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE release_id = OLD.release_id AND draft = 0);
	INSERT INTO release_categories (release_id, category)
		SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
		WHERE e.release_id = OLD.release_id AND e.draft = 0 AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_facets_insert AFTER INSERT ON cases BEGIN
	DELETE FROM case_facets WHERE case_id = NEW.id;
	DELETE FROM case_categories WHERE case_id = NEW.id;
	INSERT INTO case_facets (case_id, year, seq, status, first_published, last_published, detected, persons, cards, third_party)
		SELECT id, year, seq, status, json_extract(facts, '$.first_published'), json_extract(facts, '$.last_published'),
			json_extract(facts, '$.detected'), json_extract(facts, '$.affected_persons'), json_extract(facts, '$.affected_cards'),
			COALESCE(json_extract(facts, '$.third_party'), 0)
		FROM cases WHERE id = NEW.id;
	INSERT INTO case_categories (case_id, category)
		SELECT DISTINCT c.id, j.value FROM cases c, json_each(COALESCE(json_extract(c.facts, '$.categories'), '[]')) j
		WHERE c.id = NEW.id AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_facets_update AFTER UPDATE ON cases BEGIN
	DELETE FROM case_facets WHERE case_id = NEW.id;
	DELETE FROM case_categories WHERE case_id = NEW.id;
	INSERT INTO case_facets (case_id, year, seq, status, first_published, last_published, detected, persons, cards, third_party)
		SELECT id, year, seq, status, json_extract(facts, '$.first_published'), json_extract(facts, '$.last_published'),
			json_extract(facts, '$.detected'), json_extract(facts, '$.affected_persons'), json_extract(facts, '$.affected_cards'),
			COALESCE(json_extract(facts, '$.third_party'), 0)
		FROM cases WHERE id = NEW.id;
	INSERT INTO case_categories (case_id, category)
		SELECT DISTINCT c.id, j.value FROM cases c, json_each(COALESCE(json_extract(c.facts, '$.categories'), '[]')) j
		WHERE c.id = NEW.id AND j.type = 'text';
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_facets_delete AFTER DELETE ON cases BEGIN
	DELETE FROM case_facets WHERE case_id = OLD.id;
	DELETE FROM case_categories WHERE case_id = OLD.id;
	UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_insert AFTER INSERT ON release_labels BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_update AFTER UPDATE ON release_labels BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_delete AFTER DELETE ON release_labels BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_insert AFTER INSERT ON case_organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_update AFTER UPDATE ON case_organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_delete AFTER DELETE ON case_organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_insert AFTER INSERT ON case_timeline BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_update AFTER UPDATE ON case_timeline BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_delete AFTER DELETE ON case_timeline BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_links_version_insert AFTER INSERT ON case_links BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_links_version_delete AFTER DELETE ON case_links BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_version_insert AFTER INSERT ON organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_version_update AFTER UPDATE ON organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_version_delete AFTER DELETE ON organizations BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_insert AFTER INSERT ON org_aliases BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_update AFTER UPDATE ON org_aliases BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_delete AFTER DELETE ON org_aliases BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- Fill the tables for a casebook that had data before this migration.
INSERT INTO release_facets (release_id, date, year, month, status, third_party, persons, cards, organization_id, case_id)
	SELECT release_id, d, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER), COALESCE(status, ''),
		COALESCE(third_party, 0), persons, cards, organization_id, case_id
	FROM (SELECT *, COALESCE(published, substr(imported_at, 1, 10)) AS d FROM release_effective WHERE draft = 0);
INSERT INTO release_categories (release_id, category)
	SELECT DISTINCT e.release_id, j.value FROM release_effective e, json_each(COALESCE(e.categories, '[]')) j
	WHERE e.draft = 0 AND j.type = 'text';
INSERT INTO case_facets (case_id, year, seq, status, first_published, last_published, detected, persons, cards, third_party)
	SELECT id, year, seq, status, json_extract(facts, '$.first_published'), json_extract(facts, '$.last_published'),
		json_extract(facts, '$.detected'), json_extract(facts, '$.affected_persons'), json_extract(facts, '$.affected_cards'),
		COALESCE(json_extract(facts, '$.third_party'), 0)
	FROM cases;
INSERT INTO case_categories (case_id, category)
	SELECT DISTINCT c.id, j.value FROM cases c, json_each(COALESCE(json_extract(c.facts, '$.categories'), '[]')) j
	WHERE j.type = 'text';
INSERT INTO casebook_version (id, n, changed_at)
	SELECT 1, (SELECT COUNT(*) FROM releases),
		CASE WHEN EXISTS (SELECT 1 FROM releases) THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE '' END;

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

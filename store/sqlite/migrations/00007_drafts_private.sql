-- Drafts stay private (issue 13). What a draft brought to a case (an
-- organisation's role, a release known only by date, a related case)
-- records the draft in release_id and is public only once the draft is
-- (NULL: an editor's or an export's, always public). The casebook
-- version, the ETag of every public page and the key of the response
-- cache, moves only when something public changes, so that adding,
-- correcting or deleting a draft cannot be seen from outside.

-- +goose Up
ALTER TABLE case_organizations ADD COLUMN release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL;
ALTER TABLE case_links ADD COLUMN release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL;
CREATE INDEX case_organizations_release ON case_organizations (release_id);
CREATE INDEX case_links_release ON case_links (release_id);
CREATE INDEX case_timeline_release ON case_timeline (release_id);
-- Whether readers ever saw a merged-away number: only then does it
-- redirect to the case it went into.
ALTER TABLE case_redirects ADD COLUMN public INTEGER NOT NULL DEFAULT 1;

-- A publisher known only from drafts of the case was brought by them.
UPDATE case_organizations SET release_id = (SELECT MIN(r.id) FROM releases r
		WHERE r.case_id = case_organizations.case_id AND r.organization_id = case_organizations.organization_id AND r.draft = 1)
	WHERE role = 'publisher' AND NOT EXISTS (SELECT 1 FROM releases r
		WHERE r.case_id = case_organizations.case_id AND r.organization_id = case_organizations.organization_id AND r.draft = 0);

-- The version triggers, again, each moving the version only for a change
-- a reader can see: a public release, its overrides and labels, what a
-- public release (or an editor) brought to a case, a change of a case's
-- merged facts, a public case deleted, a public organisation's name.
-- A new case or organisation has nothing public until a release or an
-- editor puts something in it, which moves the version then.
DROP TRIGGER releases_facets_insert;
DROP TRIGGER releases_facets_update;
DROP TRIGGER releases_facets_delete;
DROP TRIGGER overrides_facets_insert;
DROP TRIGGER overrides_facets_update;
DROP TRIGGER overrides_facets_delete;
DROP TRIGGER cases_facets_insert;
DROP TRIGGER cases_facets_update;
DROP TRIGGER cases_facets_delete;
DROP TRIGGER release_labels_version_insert;
DROP TRIGGER release_labels_version_update;
DROP TRIGGER release_labels_version_delete;
DROP TRIGGER case_organizations_version_insert;
DROP TRIGGER case_organizations_version_update;
DROP TRIGGER case_organizations_version_delete;
DROP TRIGGER case_timeline_version_insert;
DROP TRIGGER case_timeline_version_update;
DROP TRIGGER case_timeline_version_delete;
DROP TRIGGER organizations_version_insert;
DROP TRIGGER organizations_version_update;
DROP TRIGGER organizations_version_delete;
DROP TRIGGER org_aliases_version_insert;
DROP TRIGGER org_aliases_version_update;
DROP TRIGGER org_aliases_version_delete;
DROP TRIGGER case_links_version_insert;
DROP TRIGGER case_links_version_delete;

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
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_facets_delete AFTER DELETE ON releases BEGIN
	DELETE FROM release_facets WHERE release_id = OLD.id;
	DELETE FROM release_categories WHERE release_id = OLD.id;
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
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_facets_delete AFTER DELETE ON cases BEGIN
	DELETE FROM case_facets WHERE case_id = OLD.id;
	DELETE FROM case_categories WHERE case_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_version_insert AFTER INSERT ON releases WHEN NEW.draft = 0 BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_version_update AFTER UPDATE ON releases WHEN OLD.draft = 0 OR NEW.draft = 0 BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER releases_version_delete AFTER DELETE ON releases WHEN OLD.draft = 0 BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_version_insert AFTER INSERT ON overrides WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_version_update AFTER UPDATE ON overrides WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER overrides_version_delete AFTER DELETE ON overrides WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_insert AFTER INSERT ON release_labels WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_update AFTER UPDATE ON release_labels WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER release_labels_version_delete AFTER DELETE ON release_labels WHEN EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_insert AFTER INSERT ON case_organizations WHEN (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_update AFTER UPDATE ON case_organizations WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) OR (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_organizations_version_delete AFTER DELETE ON case_organizations WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_insert AFTER INSERT ON case_timeline WHEN (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_update AFTER UPDATE ON case_timeline WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) OR (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_timeline_version_delete AFTER DELETE ON case_timeline WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_links_version_insert AFTER INSERT ON case_links WHEN (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_links_version_update AFTER UPDATE ON case_links WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) OR (NEW.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = NEW.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_links_version_delete AFTER DELETE ON case_links WHEN (OLD.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = OLD.release_id AND pr.draft = 0)) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_version_update AFTER UPDATE ON cases WHEN OLD.status IS NOT NEW.status OR OLD.facts IS NOT NEW.facts BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_version_delete BEFORE DELETE ON cases WHEN (EXISTS (SELECT 1 FROM releases pr WHERE pr.case_id = OLD.id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM case_timeline ct WHERE ct.case_id = OLD.id AND (ct.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = ct.release_id AND pr.draft = 0)))) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_version_update AFTER UPDATE ON organizations WHEN (EXISTS (SELECT 1 FROM releases pr WHERE pr.organization_id = NEW.id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = NEW.id AND (co.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = co.release_id AND pr.draft = 0)))) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_insert AFTER INSERT ON org_aliases WHEN (EXISTS (SELECT 1 FROM releases pr WHERE pr.organization_id = NEW.organization_id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = NEW.organization_id AND (co.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = co.release_id AND pr.draft = 0)))) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_update AFTER UPDATE ON org_aliases WHEN (EXISTS (SELECT 1 FROM releases pr WHERE pr.organization_id = NEW.organization_id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = NEW.organization_id AND (co.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = co.release_id AND pr.draft = 0)))) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_aliases_version_delete AFTER DELETE ON org_aliases WHEN (EXISTS (SELECT 1 FROM releases pr WHERE pr.organization_id = OLD.organization_id AND pr.draft = 0) OR EXISTS (SELECT 1 FROM case_organizations co WHERE co.organization_id = OLD.organization_id AND (co.release_id IS NULL OR EXISTS (SELECT 1 FROM releases pr WHERE pr.id = co.release_id AND pr.draft = 0)))) BEGIN UPDATE casebook_version SET n = n + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

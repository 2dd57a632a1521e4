-- Drafts stay private (issue 13; store/sqlite's 00007). What a draft
-- brought to a case (an organisation's role, a release known only by
-- date, a related case) records the draft in release_id and is public
-- only once the draft is (NULL: an editor's or an export's, always
-- public). The casebook version, the ETag of every public page and the
-- key of the response cache, moves only when something public changes,
-- so that adding, correcting or deleting a draft cannot be seen from
-- outside.

-- +goose Up
ALTER TABLE case_organizations ADD COLUMN release_id BIGINT REFERENCES releases (id) ON DELETE SET NULL;
ALTER TABLE case_links ADD COLUMN release_id BIGINT REFERENCES releases (id) ON DELETE SET NULL;
CREATE INDEX case_organizations_release ON case_organizations (release_id);
CREATE INDEX case_links_release ON case_links (release_id);
CREATE INDEX case_timeline_release ON case_timeline (release_id);
-- Whether readers ever saw a merged-away number: only then does it
-- redirect to the case it went into.
ALTER TABLE case_redirects ADD COLUMN public BOOLEAN NOT NULL DEFAULT TRUE;

-- A publisher known only from drafts of the case was brought by them.
UPDATE case_organizations co SET release_id = (SELECT MIN(r.id) FROM releases r
		WHERE r.case_id = co.case_id AND r.organization_id = co.organization_id AND r.draft)
	WHERE co.role = 'publisher' AND NOT EXISTS (SELECT 1 FROM releases r
		WHERE r.case_id = co.case_id AND r.organization_id = co.organization_id AND NOT r.draft);

-- Whether a release is public; a NULL release (what an editor or an
-- export brought) is.
-- +goose StatementBegin
CREATE FUNCTION jikenbo_release_public(rid BIGINT) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT rid IS NULL OR EXISTS (SELECT 1 FROM releases WHERE id = rid AND NOT draft)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION jikenbo_org_public(oid BIGINT) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM releases WHERE organization_id = oid AND NOT draft)
		OR EXISTS (SELECT 1 FROM case_organizations WHERE organization_id = oid AND jikenbo_release_public(release_id))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION jikenbo_case_public(cid TEXT) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM releases WHERE case_id = cid AND NOT draft)
		OR EXISTS (SELECT 1 FROM case_timeline WHERE case_id = cid AND jikenbo_release_public(release_id))
$$;
-- +goose StatementEnd

-- The version triggers, again, each moving the version only for a change
-- a reader can see: a public release, its overrides and labels, what a
-- public release (or an editor) brought to a case, a change of a case's
-- merged facts, a public case deleted, a public organisation's name. A
-- new case or organisation has nothing public until a release or an
-- editor puts something in it, which moves the version then.
-- +goose StatementBegin
CREATE FUNCTION jikenbo_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	public boolean;
BEGIN
	IF TG_TABLE_NAME = 'releases' THEN
		public := (TG_OP <> 'INSERT' AND NOT OLD.draft) OR (TG_OP <> 'DELETE' AND NOT NEW.draft);
	ELSIF TG_TABLE_NAME = 'cases' THEN
		public := jikenbo_case_public(OLD.id);
	ELSIF TG_TABLE_NAME = 'organizations' THEN
		public := jikenbo_org_public(NEW.id);
	ELSIF TG_TABLE_NAME = 'org_aliases' THEN
		public := (TG_OP <> 'INSERT' AND jikenbo_org_public(OLD.organization_id))
			OR (TG_OP <> 'DELETE' AND jikenbo_org_public(NEW.organization_id));
	ELSE
		-- overrides, release_labels, case_organizations, case_timeline,
		-- case_links: the release the row belongs to or came with
		public := (TG_OP <> 'INSERT' AND jikenbo_release_public(OLD.release_id))
			OR (TG_OP <> 'DELETE' AND jikenbo_release_public(NEW.release_id));
	END IF;
	IF public THEN
		UPDATE casebook_version SET n = n + 1,
			changed_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') WHERE id = 1;
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	RETURN NEW;
END $$;
-- +goose StatementEnd

DROP TRIGGER releases_version ON releases;
DROP TRIGGER overrides_version ON overrides;
DROP TRIGGER cases_version ON cases;
DROP TRIGGER release_labels_version ON release_labels;
DROP TRIGGER case_organizations_version ON case_organizations;
DROP TRIGGER case_timeline_version ON case_timeline;
DROP TRIGGER case_links_version ON case_links;
DROP TRIGGER organizations_version ON organizations;
DROP TRIGGER org_aliases_version ON org_aliases;
DROP FUNCTION jikenbo_bump_version();

CREATE TRIGGER releases_version AFTER INSERT OR UPDATE OR DELETE ON releases FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER overrides_version AFTER INSERT OR UPDATE OR DELETE ON overrides FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER release_labels_version AFTER INSERT OR UPDATE OR DELETE ON release_labels FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER case_organizations_version AFTER INSERT OR UPDATE OR DELETE ON case_organizations FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER case_timeline_version AFTER INSERT OR UPDATE OR DELETE ON case_timeline FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER case_links_version AFTER INSERT OR UPDATE OR DELETE ON case_links FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER cases_version_update AFTER UPDATE ON cases FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.facts IS DISTINCT FROM NEW.facts) EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER cases_version_delete BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER organizations_version AFTER UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();
CREATE TRIGGER org_aliases_version AFTER INSERT OR UPDATE OR DELETE ON org_aliases FOR EACH ROW EXECUTE FUNCTION jikenbo_public_change();

-- +goose Down
-- Forward-only: restore a backup (pg_dump) instead.

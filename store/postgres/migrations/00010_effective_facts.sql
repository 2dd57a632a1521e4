-- Effective facts in Go (issue 15; store/sqlite's 00013). The facets the
-- public pages query (release_facets, release_categories, case_facets,
-- case_categories) and the casebook version were kept by triggers and
-- plpgsql functions that applied the editors' overrides in SQL, a copy of
-- jikenbo.ApplyOverrides. The store now writes them itself, in Go, in the
-- transaction of the write that changes them (store/sqlstore/facets.go).
-- What each maintained:
--
--   releases_facets, overrides_facets (jikenbo_refresh_release over the
--     view release_effective): a public release's row in release_facets
--     and release_categories;
--   cases_facets (jikenbo_refresh_case): a case's row in case_facets and
--     case_categories, from cases.status and cases.facts;
--   *_version, cases_version_update, cases_version_delete
--     (jikenbo_public_change with jikenbo_release_public, jikenbo_org_public,
--     jikenbo_case_public): casebook_version.n and changed_at.
--
-- The tables stay; the one-time step effective_facts_in_go
-- (sqlstore.Upgrade) writes every row of them again from Go when the
-- casebook is opened.

-- +goose Up
DROP TRIGGER IF EXISTS releases_facets ON releases;
DROP TRIGGER IF EXISTS overrides_facets ON overrides;
DROP TRIGGER IF EXISTS cases_facets ON cases;
DROP TRIGGER IF EXISTS releases_version ON releases;
DROP TRIGGER IF EXISTS overrides_version ON overrides;
DROP TRIGGER IF EXISTS release_labels_version ON release_labels;
DROP TRIGGER IF EXISTS case_organizations_version ON case_organizations;
DROP TRIGGER IF EXISTS case_timeline_version ON case_timeline;
DROP TRIGGER IF EXISTS case_links_version ON case_links;
DROP TRIGGER IF EXISTS cases_version_update ON cases;
DROP TRIGGER IF EXISTS cases_version_delete ON cases;
DROP TRIGGER IF EXISTS organizations_version ON organizations;
DROP TRIGGER IF EXISTS org_aliases_version ON org_aliases;
DROP FUNCTION IF EXISTS jikenbo_releases_facets();
DROP FUNCTION IF EXISTS jikenbo_overrides_facets();
DROP FUNCTION IF EXISTS jikenbo_cases_facets();
DROP FUNCTION IF EXISTS jikenbo_public_change();
DROP FUNCTION IF EXISTS jikenbo_refresh_release(BIGINT);
DROP FUNCTION IF EXISTS jikenbo_refresh_case(TEXT);
DROP FUNCTION IF EXISTS jikenbo_case_public(TEXT);
DROP FUNCTION IF EXISTS jikenbo_org_public(BIGINT);
DROP FUNCTION IF EXISTS jikenbo_release_public(BIGINT);
DROP VIEW IF EXISTS release_effective;
DROP FUNCTION IF EXISTS jikenbo_json_text(TEXT);
DROP FUNCTION IF EXISTS jikenbo_int(TEXT);

-- +goose Down
-- Forward-only: restore a backup (pg_dump) instead.

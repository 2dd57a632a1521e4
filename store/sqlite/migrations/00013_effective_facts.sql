-- Effective facts in Go (issue 15). The facets the public pages query
-- (release_facets, release_categories, case_facets, case_categories) and
-- the casebook version were kept by triggers and a view that applied the
-- editors' overrides in SQL, a copy of jikenbo.ApplyOverrides. The store
-- now writes them itself, in Go, in the transaction of the write that
-- changes them (store/sqlstore/facets.go), so the triggers and the view
-- go. What each maintained:
--
--   releases_facets_*, overrides_facets_*: a public release's row in
--     release_facets (date, year, month, status, third_party, persons,
--     cards, organization_id, case_id) and release_categories, from the
--     view release_effective (extracted facts with overrides);
--   cases_facets_*: a case's row in case_facets and case_categories, from
--     cases.status and cases.facts;
--   *_version_*: casebook_version.n and changed_at, moved by every change
--     a reader can see.
--
-- The tables stay; the one-time step effective_facts_in_go
-- (sqlstore.Upgrade) writes every row of them again from Go when the
-- casebook is opened, so a casebook the triggers filled reads the same.

-- +goose Up
DROP TRIGGER IF EXISTS case_links_version_delete;
DROP TRIGGER IF EXISTS case_links_version_insert;
DROP TRIGGER IF EXISTS case_links_version_update;
DROP TRIGGER IF EXISTS case_organizations_version_delete;
DROP TRIGGER IF EXISTS case_organizations_version_insert;
DROP TRIGGER IF EXISTS case_organizations_version_update;
DROP TRIGGER IF EXISTS case_timeline_version_delete;
DROP TRIGGER IF EXISTS case_timeline_version_insert;
DROP TRIGGER IF EXISTS case_timeline_version_update;
DROP TRIGGER IF EXISTS cases_facets_delete;
DROP TRIGGER IF EXISTS cases_facets_insert;
DROP TRIGGER IF EXISTS cases_facets_update;
DROP TRIGGER IF EXISTS cases_version_delete;
DROP TRIGGER IF EXISTS cases_version_update;
DROP TRIGGER IF EXISTS org_aliases_version_delete;
DROP TRIGGER IF EXISTS org_aliases_version_insert;
DROP TRIGGER IF EXISTS org_aliases_version_update;
DROP TRIGGER IF EXISTS organizations_version_update;
DROP TRIGGER IF EXISTS overrides_facets_delete;
DROP TRIGGER IF EXISTS overrides_facets_insert;
DROP TRIGGER IF EXISTS overrides_facets_update;
DROP TRIGGER IF EXISTS overrides_version_delete;
DROP TRIGGER IF EXISTS overrides_version_insert;
DROP TRIGGER IF EXISTS overrides_version_update;
DROP TRIGGER IF EXISTS release_labels_version_delete;
DROP TRIGGER IF EXISTS release_labels_version_insert;
DROP TRIGGER IF EXISTS release_labels_version_update;
DROP TRIGGER IF EXISTS releases_facets_delete;
DROP TRIGGER IF EXISTS releases_facets_insert;
DROP TRIGGER IF EXISTS releases_facets_update;
DROP TRIGGER IF EXISTS releases_version_delete;
DROP TRIGGER IF EXISTS releases_version_insert;
DROP TRIGGER IF EXISTS releases_version_update;
DROP VIEW IF EXISTS release_effective;

-- +goose Down
-- Forward-only: restore a backup instead (jikenbo backup).

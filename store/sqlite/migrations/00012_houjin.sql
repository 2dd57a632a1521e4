-- An organisation's 法人番号 (corporate number) and the address the
-- National Tax Agency registers under it; '' when unknown. A number
-- belongs to one organisation. houjin_candidates holds the registry's
-- entries an import found equally likely for an organisation, for an
-- editor to choose from on the desk.

-- +goose Up
ALTER TABLE organizations ADD COLUMN corporate_number TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN registered_address TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX organizations_corporate_number ON organizations (corporate_number) WHERE corporate_number <> '';
CREATE TABLE houjin_candidates (
	organization_id  INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	corporate_number TEXT NOT NULL,
	name             TEXT NOT NULL,
	address          TEXT NOT NULL,
	PRIMARY KEY (organization_id, corporate_number)
);

-- +goose Down
DROP TABLE houjin_candidates;
DROP INDEX organizations_corporate_number;
ALTER TABLE organizations DROP COLUMN registered_address;
ALTER TABLE organizations DROP COLUMN corporate_number;

-- Organization templates (docs/subscriptions.md#organization-templates): presets for creating
-- organizations, defined on an organization and usable there and below, like plans and roles.
CREATE TABLE org_templates (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  name_key          TEXT NOT NULL,
  subscription_id   TEXT,            -- a plan usable where the template is defined; NULL: inherit
  settings          TEXT NOT NULL,   -- JSON object of organization settings
  role_ids          TEXT NOT NULL,   -- JSON array: roles copied into the new organization
  permission_groups TEXT NOT NULL,   -- JSON array of {name, features, is_default}
  numbers           BIGINT,          -- allocated from the parent; NULL: none
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE UNIQUE INDEX org_templates_org_name ON org_templates (org_id, name_key);

-- Setup > Branding's logos (docs/product.md#app-settings): one for the portal and one for the app
-- per organization, inherited by the organizations below that have none; checked and kept like
-- the company logo (0034).
CREATE TABLE branding_logos (
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,     -- portal | app
  media_type TEXT NOT NULL,     -- image/png | image/jpeg, from the content
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  data       TEXT NOT NULL,     -- base64
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, kind),
  CHECK (kind IN ('portal', 'app'))
);

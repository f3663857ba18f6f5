-- An organization's logo (Setup > Company Profile, docs/product.md#organizations): a PNG or JPEG of
-- at most 1 MiB, checked by its content when uploaded, kept like administrators' photos (0021).
CREATE TABLE org_logos (
  org_id     TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
  media_type TEXT NOT NULL,     -- image/png | image/jpeg, from the content
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  data       TEXT NOT NULL,     -- base64
  updated_at BIGINT NOT NULL
);

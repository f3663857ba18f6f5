-- An administrator's profile photo: a PNG or JPEG of at most 1 MiB, checked by its content when it
-- was uploaded. The bytes are kept as base64 text so that one column type serves SQLite and
-- PostgreSQL; the SHA-256 of the bytes is the photo's version (its ETag and its URL's `v`).
CREATE TABLE admin_photos (
  admin_id   TEXT PRIMARY KEY REFERENCES admins (id) ON DELETE CASCADE,
  media_type TEXT NOT NULL,     -- image/png | image/jpeg, from the content
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  data       TEXT NOT NULL,     -- base64
  updated_at BIGINT NOT NULL
);

-- Administrators: the external applications an API user serves, and the results of
-- "resend invitations" batches (downloadable as CSV afterwards).

CREATE TABLE admin_applications (
  admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  name     TEXT NOT NULL,            -- HttpApi, SalesForce or a custom name
  name_key TEXT NOT NULL,
  PRIMARY KEY (admin_id, name_key)
);
CREATE INDEX admin_applications_name ON admin_applications (name_key);

CREATE TABLE invitation_batches (
  id         TEXT PRIMARY KEY,
  created_by TEXT NOT NULL,          -- the administrator who resent (only they can download it)
  created_at BIGINT NOT NULL,
  results    TEXT NOT NULL           -- JSON array of {admin_id, email, name, status, message}
);

-- Invitation templates an organization sets for itself and its descendants (docs/product.md#alerts-and-notifications
-- "Templates"). No row for (channel, language): the nearest ancestor's row applies, else the
-- template built into the binary (src/mail/templates/account_invitation*).

CREATE TABLE invitation_templates (
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  channel    TEXT NOT NULL,          -- email | sms
  language   TEXT NOT NULL,          -- en | es | pt
  subject    TEXT,                   -- email only (NULL for sms)
  body_text  TEXT NOT NULL,
  body_html  TEXT,                   -- email only, optional
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,          -- the administrator's email (kept when the admin is deleted)
  PRIMARY KEY (org_id, channel, language),
  CHECK (channel IN ('email', 'sms')),
  CHECK (language IN ('en', 'es', 'pt'))
);

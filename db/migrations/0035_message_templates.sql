-- Every message the portal sends may be rewritten by an organization (docs/product.md#message-templates):
-- the invitations (0007) and the mails of Setup > Email Templates share one table, keyed by the
-- message (the mail's event: account_invitation, account_invitation_sms, password_reset, an
-- alert key, …). The message keys are checked by the server, which knows the catalog.
CREATE TABLE message_templates (
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  message    TEXT NOT NULL,
  language   TEXT NOT NULL,          -- en | es | pt
  subject    TEXT,                   -- email only (NULL for sms)
  body_text  TEXT NOT NULL,
  body_html  TEXT,                   -- email only, optional
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,          -- the administrator's email (kept when the admin is deleted)
  PRIMARY KEY (org_id, message, language),
  CHECK (language IN ('en', 'es', 'pt'))
);

INSERT INTO message_templates (org_id, message, language, subject, body_text, body_html, updated_at, updated_by)
SELECT org_id, CASE channel WHEN 'sms' THEN 'account_invitation_sms' ELSE 'account_invitation' END, language,
       subject, body_text, body_html, updated_at, updated_by
FROM invitation_templates;

DROP TABLE invitation_templates;

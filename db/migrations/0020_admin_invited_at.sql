-- When each administrator was last sent an invitation: at creation, and again at every "Resend
-- Invite". The administrators report calls an administrator "invited" until they sign in after it.
-- Administrators made before this migration count as invited when they were created.
ALTER TABLE admins ADD COLUMN invited_at BIGINT;
UPDATE admins SET invited_at = created_at;

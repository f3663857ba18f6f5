-- Invitations go by email or by SMS (docs/product.md#user-accounts-and-invitations, #alerts-and-notifications): the outbox carries both channels.

-- 'email' or 'sms': which transport the worker hands the message to. For 'sms' the recipient
-- is an E.164 number and the subject is empty.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
-- What the message is about, e.g. 'account_invitation:<account id>': given to the dead-letter
-- handler when delivery fails for good, so it can mark what depends on it.
ALTER TABLE outbox ADD COLUMN ref TEXT;
-- A link that the email carries as a QR code image. Only the link is stored: the PNG is made
-- when the message is built, so enqueuing many invitations stays cheap.
ALTER TABLE outbox ADD COLUMN qr_link TEXT;

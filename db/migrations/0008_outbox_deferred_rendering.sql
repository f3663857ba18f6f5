-- Messages rendered at send time (docs/product.md#alerts-and-notifications, #targets): an invitation stores only the JSON its template
-- is rendered from (organization and values, the activation code among them), not ~4.5 KB of
-- text and HTML, so a CSV import of 100,000 invitations stays cheap. Subject and bodies stay
-- empty until the outbox worker renders the message; sending it erases this column too.
ALTER TABLE outbox ADD COLUMN template_data TEXT;

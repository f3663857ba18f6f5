-- A failing webhook is probed by its oldest waiting delivery while the others wait behind it
-- (docs/webhooks.md, Delivery): the claim finds that delivery with one probe of this index.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, id) WHERE status = 'pending';

-- Sent messages are deleted some days after sending (--outbox-retention-days, default 30): a CSV
-- import alone leaves 100,000 of them. Their bodies were erased when they were sent; what is
-- deleted is the record that they were. Messages that were given up on are kept for the operator.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

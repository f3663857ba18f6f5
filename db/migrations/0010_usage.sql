-- Usage records and their rollups (docs/product.md#usage-dashboard-and-reports; docs/usage.md).

-- One record per call, message batch or data session, as the service platform reports it. The
-- key is (account, record id): re-sending a record changes nothing, and one tenant's ids never
-- collide with another's. org_id is the account's organization when the record was ingested.
-- No foreign keys: records outlive the accounts they describe (the reports still show them).
CREATE TABLE usage_records (
  account_id  TEXT NOT NULL,
  id          TEXT NOT NULL,
  org_id      TEXT NOT NULL,
  usage_type  TEXT NOT NULL,          -- voice (seconds) | message (count) | data (bytes)
  direction   TEXT NOT NULL,          -- in | out
  started_at  BIGINT NOT NULL,
  quantity    BIGINT NOT NULL,
  billable    INTEGER NOT NULL,
  ingested_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, id)
);
-- The activities and user metrics reports: an organization's records in a time range.
CREATE INDEX usage_records_org_started ON usage_records (org_id, started_at);

-- Sums per organization and 15-minute UTC slot (slot = start of the slot, Unix seconds), kept in
-- the ingest transaction. Every time zone is a whole number of quarter hours off UTC, so the
-- local days and months of any time zone are exact unions of slots.
CREATE TABLE usage_buckets (
  org_id            TEXT NOT NULL,
  slot              BIGINT NOT NULL,
  usage_type        TEXT NOT NULL,
  direction         TEXT NOT NULL,
  quantity          BIGINT NOT NULL,
  billable_quantity BIGINT NOT NULL,
  records           BIGINT NOT NULL,
  PRIMARY KEY (org_id, slot, usage_type, direction)
);

-- The same sums for all time (the dashboard's "All Time" without reading every slot).
CREATE TABLE usage_totals (
  org_id            TEXT NOT NULL,
  usage_type        TEXT NOT NULL,
  direction         TEXT NOT NULL,
  quantity          BIGINT NOT NULL,
  billable_quantity BIGINT NOT NULL,
  records           BIGINT NOT NULL,
  PRIMARY KEY (org_id, usage_type, direction)
);

-- The dashboard's "Total Active Users" counts these.
CREATE INDEX accounts_active ON accounts (org_id) WHERE status = 'active';

-- Webhooks (docs/webhooks.md): an organization's HTTP endpoints that receive its events, signed
-- the Standard Webhooks way, delivered at least once by the webhook worker.
CREATE TABLE webhooks (
  id                    TEXT PRIMARY KEY,
  org_id                TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  url                   TEXT NOT NULL,
  events                TEXT NOT NULL,     -- JSON array of event types
  include_suborgs       INTEGER NOT NULL,  -- also the events of the organizations below
  enabled               INTEGER NOT NULL,
  disabled_reason       TEXT,              -- gone (the receiver answered 410) | failing (3 days of failures)
  secret                TEXT NOT NULL,     -- sealed with a key derived from the server's secret key
  previous_secret       TEXT,              -- sealed; still signs until previous_secret_until (rotation)
  previous_secret_until BIGINT,
  failing_since         BIGINT,            -- the first failed attempt since the last success
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL
);
CREATE INDEX webhooks_org ON webhooks (org_id);

-- One message to one webhook; a replay is a new delivery of the same message (message_id, the
-- webhook-id header, which receivers deduplicate on).
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  message_id      TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,     -- the exact body sent, signed as is
  created_at      BIGINT NOT NULL,
  status          TEXT NOT NULL,     -- pending | succeeded | failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,            -- NULL once succeeded or failed
  claimed_until   BIGINT,            -- a worker is sending it until then
  replay_of       TEXT,
  CHECK (status IN ('pending', 'succeeded', 'failed'))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
  delivery_id      TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt          INTEGER NOT NULL,
  attempted_at     BIGINT NOT NULL,
  status_code      INTEGER,           -- the receiver's HTTP status; NULL when none came
  latency_ms       INTEGER NOT NULL,
  response_excerpt TEXT,              -- the first 1 KiB of the answer
  error            TEXT,
  PRIMARY KEY (delivery_id, attempt)
);

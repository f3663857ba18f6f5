-- Subscription plans (docs/subscriptions.md): defined on an organization and usable there and
-- below, like roles. An organization's plan is its inherited setting `subscription_id`.
CREATE TABLE subscription_plans (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  name_key       TEXT NOT NULL,
  features       TEXT NOT NULL,        -- JSON array of app features
  max_accounts   BIGINT,               -- NULL: unlimited
  max_numbers    BIGINT,
  max_suborgs    BIGINT,
  call_filtering TEXT NOT NULL,        -- JSON {mode, allowed_prefixes, blocked_prefixes}
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX subscription_plans_org_name ON subscription_plans (org_id, name_key);

-- Prices never change in place: each change is a new version, in force from `effective_from`
-- (Unix seconds) until the next version's, so usage is priced by the version in force when it
-- happened. Amounts are integer millionths of the currency's unit.
CREATE TABLE subscription_prices (
  plan_id                        TEXT NOT NULL REFERENCES subscription_plans (id) ON DELETE CASCADE,
  version                        BIGINT NOT NULL,
  effective_from                 BIGINT NOT NULL,
  currency                       TEXT NOT NULL,
  voice_per_minute_micros        BIGINT NOT NULL,
  per_message_micros             BIGINT NOT NULL,
  data_per_mb_micros             BIGINT NOT NULL,
  monthly_per_active_user_micros BIGINT NOT NULL,
  PRIMARY KEY (plan_id, version)
);

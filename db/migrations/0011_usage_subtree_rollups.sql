-- Rollups per subtree (docs/usage.md): every organization holds the billable sums of itself and
-- everything below it, kept by the ingest for each ancestor of a record's organization, so the
-- dashboard reads a few contiguous key ranges of one organization, whatever the size of its
-- subtree, instead of joining the subtree to the per-organization slots (that join was 5× the
-- latency target with 10 million records, bench/usage_dashboard_bench.cpp).
--
-- Slots (15 minutes) serve the per-day series in any time zone; whole UTC days serve the totals
-- of a cycle (its whole days, plus the slots of the two partial days at its edges).
CREATE TABLE usage_subtree_slots (
  org_id            TEXT NOT NULL,
  usage_type        TEXT NOT NULL,
  slot              BIGINT NOT NULL,
  billable_quantity BIGINT NOT NULL,
  PRIMARY KEY (org_id, usage_type, slot)
);
INSERT INTO usage_subtree_slots (org_id, usage_type, slot, billable_quantity)
SELECT c.ancestor_id, b.usage_type, b.slot, SUM(b.billable_quantity)
FROM usage_buckets b JOIN org_closure c ON c.descendant_id = b.org_id
GROUP BY c.ancestor_id, b.usage_type, b.slot;

CREATE TABLE usage_subtree_days (
  org_id            TEXT NOT NULL,
  usage_type        TEXT NOT NULL,
  day               BIGINT NOT NULL,   -- 00:00 UTC of the day, Unix seconds
  billable_quantity BIGINT NOT NULL,
  PRIMARY KEY (org_id, usage_type, day)
);
INSERT INTO usage_subtree_days (org_id, usage_type, day, billable_quantity)
SELECT org_id, usage_type, slot - slot % 86400, SUM(billable_quantity)
FROM usage_subtree_slots GROUP BY org_id, usage_type, slot - slot % 86400;

CREATE TABLE usage_subtree_totals (
  org_id            TEXT NOT NULL,
  usage_type        TEXT NOT NULL,
  billable_quantity BIGINT NOT NULL,
  PRIMARY KEY (org_id, usage_type)
);
INSERT INTO usage_subtree_totals (org_id, usage_type, billable_quantity)
SELECT c.ancestor_id, t.usage_type, SUM(t.billable_quantity)
FROM usage_totals t JOIN org_closure c ON c.descendant_id = t.org_id
GROUP BY c.ancestor_id, t.usage_type;

-- Rollups per subtree (docs/usage.md): every organization holds the billable sums of itself and
-- everything below it, kept by the ingest for each ancestor of a record's organization. The
-- dashboard then reads one contiguous key range of one organization, whatever the size of its
-- subtree, instead of joining the subtree to the per-organization slots (5× the latency target
-- with 10 million records, bench/usage_dashboard_bench.cpp).
CREATE TABLE usage_subtree_slots (
  org_id            TEXT NOT NULL,
  slot              BIGINT NOT NULL,
  usage_type        TEXT NOT NULL,
  billable_quantity BIGINT NOT NULL,
  PRIMARY KEY (org_id, slot, usage_type)
);
INSERT INTO usage_subtree_slots (org_id, slot, usage_type, billable_quantity)
SELECT c.ancestor_id, b.slot, b.usage_type, SUM(b.billable_quantity)
FROM usage_buckets b JOIN org_closure c ON c.descendant_id = b.org_id
GROUP BY c.ancestor_id, b.slot, b.usage_type;

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

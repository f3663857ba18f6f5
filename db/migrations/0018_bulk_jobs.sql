-- A bulk operation on the accounts matching a filter (POST /orgs/{id}/accounts/bulk) runs as a
-- job over the ids that matched when it started. Each account is handled in its own transaction,
-- which also stores its result and moves the job on with a compare-and-set on `done`: a crash or
-- a second worker repeats no account and loses none. The background worker runs jobs a step at
-- a time; a request that waits for the answer runs its job itself. The batch row
-- (account_batches) gets the counts when the job ends and its row here is deleted.
CREATE TABLE bulk_jobs (
  batch_id    TEXT PRIMARY KEY REFERENCES account_batches (id) ON DELETE CASCADE,
  action      TEXT NOT NULL,         -- invite | edit | suspend | resume | delete
  changes     TEXT NOT NULL,         -- JSON: the fields an edit sets
  actor_id    TEXT NOT NULL,         -- acts with this administrator's privileges as they are at each step
  account_ids TEXT NOT NULL,         -- JSON array, in the order they are handled
  done        INTEGER NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL
);
CREATE INDEX bulk_jobs_age ON bulk_jobs (created_at);

CREATE TABLE bulk_results (
  batch_id   TEXT NOT NULL REFERENCES account_batches (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,       -- the account's place in the job
  account_id TEXT NOT NULL,
  login      TEXT NOT NULL,
  ok         INTEGER NOT NULL,
  message    TEXT NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

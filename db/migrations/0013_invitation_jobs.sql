-- A CSV import of 100,000 rows with invitations (docs/product.md#importing-accounts-from-csv, #targets) writes less in its transaction.

-- Account ids are time-ordered (crypto::new_id), so the accounts of one import lie between the
-- first and the last id it made: its result report and its invitations read that range of the
-- primary key, and the import no longer writes an index entry per row for them.
ALTER TABLE account_batches ADD COLUMN first_account_id TEXT;
ALTER TABLE account_batches ADD COLUMN last_account_id TEXT;
UPDATE account_batches
SET first_account_id = (SELECT MIN(a.id) FROM accounts a WHERE a.import_batch_id = account_batches.id),
    last_account_id = (SELECT MAX(a.id) FROM accounts a WHERE a.import_batch_id = account_batches.id)
WHERE kind = 'import';
DROP INDEX accounts_import_batch;

-- An Import & Invite stores one job instead of 100,000 outbox messages: the outbox worker turns
-- it into the invitations (a new activation code and an outbox message per account) a few hundred
-- at a time, each step in its own transaction (accounts::AccountImport::queue_invitations).
-- The job keeps its own copy of the import's id range, and no reference to the batch: the
-- accounts may move to another organization and that one be deleted before the job is done.
-- done_through is the last account id already handled ('' before the first step).
CREATE TABLE invitation_jobs (
  batch_id         TEXT PRIMARY KEY,
  first_account_id TEXT NOT NULL,
  last_account_id  TEXT NOT NULL,
  done_through     TEXT NOT NULL DEFAULT '',
  created_at       BIGINT NOT NULL
);

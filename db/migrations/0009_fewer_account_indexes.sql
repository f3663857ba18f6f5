-- Every index on accounts is written by each of the 100,000 rows of a CSV import (docs/product.md#targets):
-- keep only those a query needs.
-- One unique (login_key, org_id) keeps a login unique per organization and serves activation's
-- lookup by login alone (accounts.select_for_activation) and accounts.login_taken.
-- accounts_org was a prefix of accounts_org_created, which serves every lookup by organization
-- (accounts.login_keys_of_org, the account counts of organizations).
DROP INDEX accounts_org;
DROP INDEX accounts_org_login;
DROP INDEX accounts_login_key;
CREATE UNIQUE INDEX accounts_login_org ON accounts (login_key, org_id);

-- A login identifies one user across the whole system (docs/decisions.md, "One login, one user"):
-- until now it was unique only within an organization.
--
-- Logins have been kept normalized since accounts exist (emails in lower case, device numbers in
-- E.164) and login_key is their case-folded form, so two accounts of one person share a login_key
-- whatever case the login was typed in. Accounts that already share one are all kept, with their
-- logins, numbers, invitations and activations: the oldest (by creation, then id) keeps the login
-- as its own; each later one is marked with its own id in login_conflict, which keeps the unique
-- index below satisfied. Such an account still activates with its code and can be edited, moved
-- or deleted; an administrator resolves the conflict by changing its login (which clears the mark)
-- or deleting one of the accounts. docs/operations.md shows how to list them.
ALTER TABLE accounts ADD COLUMN login_conflict TEXT NOT NULL DEFAULT '';
UPDATE accounts SET login_conflict = id
WHERE EXISTS (SELECT 1 FROM accounts older
              WHERE older.login_key = accounts.login_key
                AND (older.created_at < accounts.created_at
                     OR (older.created_at = accounts.created_at AND older.id < accounts.id)));
-- Replaces the unique (login_key, org_id): login_key leads, so it still serves every lookup by
-- login (activation, accounts.login_owner, the import's checks).
DROP INDEX accounts_login_org;
CREATE UNIQUE INDEX accounts_login ON accounts (login_key, login_conflict);

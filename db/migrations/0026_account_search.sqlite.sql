-- Text search of the Accounts page (`q`: part of a name, a login or the digits of a number) along a
-- trigram index, kept by the triggers below in the same transaction as the account
-- (docs/performance.md#lists). The index keeps which accounts hold each trigram, not where
-- (detail=none: a CSV import of 100,000 accounts writes it in half the time): it finds the accounts
-- that hold every trigram of the text, and the search keeps those whose text holds it. The index's rows are numbered by accounts.search_rowid, which the
-- code that inserts accounts takes from account_search_rowids (accounts::reserve_search_rowids):
-- an account's own rowid would do, but VACUUM may renumber those. PostgreSQL's twin is a pg_trgm
-- index (0026_account_search.postgresql.sql).
ALTER TABLE accounts ADD COLUMN search_rowid BIGINT;
UPDATE accounts SET search_rowid = rowid;
CREATE TABLE account_search_rowids (next BIGINT NOT NULL);
INSERT INTO account_search_rowids (next) SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM accounts;

CREATE VIRTUAL TABLE account_search USING fts5(account_id UNINDEXED, text, tokenize = 'trigram', detail = 'none', columnsize = 0);
INSERT INTO account_search (rowid, account_id, text)
SELECT search_rowid, id, search_text || ' ' || COALESCE(multiline_number, '') FROM accounts;

CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts
BEGIN
  INSERT INTO account_search (rowid, account_id, text)
  VALUES (NEW.search_rowid, NEW.id, NEW.search_text || ' ' || COALESCE(NEW.multiline_number, ''));
END;

CREATE TRIGGER accounts_search_update AFTER UPDATE OF search_text, multiline_number ON accounts
WHEN OLD.search_text <> NEW.search_text OR OLD.multiline_number IS NOT NEW.multiline_number
BEGIN
  UPDATE account_search SET text = NEW.search_text || ' ' || COALESCE(NEW.multiline_number, '')
  WHERE rowid = NEW.search_rowid;
END;

CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts
BEGIN
  DELETE FROM account_search WHERE rowid = OLD.search_rowid;
END;

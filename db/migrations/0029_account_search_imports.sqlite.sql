-- A CSV import adds its accounts to the text index (0026) in one statement before it commits
-- (accounts::index_imported_accounts), not one trigger call a row. FTS5 writes what it holds to
-- disk at the start of every statement, and an import inserts 32 accounts a statement: the many
-- small pieces it wrote and merged made the index cost more than the rest of the import
-- (docs/import-performance.md). Every other account is still indexed by the trigger. An account
-- that an import's own transaction changes after inserting it (a number linked to it) is indexed
-- as it is when that statement runs: updating or deleting a row the index does not hold yet
-- changes nothing there.
DROP TRIGGER accounts_search_insert;
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts
WHEN NEW.import_batch_id IS NULL
BEGIN
  INSERT INTO account_search (rowid, account_id, text)
  VALUES (NEW.search_rowid, NEW.id, NEW.search_text || ' ' || COALESCE(NEW.multiline_number, ''));
END;

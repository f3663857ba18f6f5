-- Text search of the Accounts page (`q`: part of a name, a login or the digits of a number) along a
-- trigram index, which PostgreSQL keeps in the same transaction as the account
-- (docs/performance.md#lists). pg_trgm ships with PostgreSQL and is a trusted extension: the
-- database's owner may create it. SQLite's twin is an FTS5 table (0026_account_search.sqlite.sql),
-- whose rows are numbered by accounts.search_rowid; here the column stays empty.
ALTER TABLE accounts ADD COLUMN search_rowid BIGINT;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX accounts_search ON accounts USING gin ((search_text || ' ' || COALESCE(multiline_number, '')) gin_trgm_ops);

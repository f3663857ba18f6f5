-- The number pool's digit search (`q` of three digits or more) along a trigram index of the
-- numbers, which PostgreSQL keeps in the same transaction as the number (docs/performance.md#lists):
-- a LIKE on the number is answered along it. pg_trgm was created by 0026. SQLite's twin is an FTS5
-- table of the numbers' digits (0028_number_search.sqlite.sql).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX numbers_search ON numbers USING gin (number gin_trgm_ops);

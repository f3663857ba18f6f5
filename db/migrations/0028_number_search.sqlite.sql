-- The number pool's digit search (`q` of three digits or more) along a trigram index of the
-- numbers' digits, kept in the same transaction as the numbers (docs/performance.md#lists). The
-- index keeps which numbers hold each trigram, not where (detail=none), and not the text itself
-- (content=''): it finds the numbers holding the search's rarer trigrams, and the search keeps
-- those whose number holds the digits. A row is numbered by the number's digits read as an integer
-- (E.164: + and at most 15 digits, the first never 0), so numbers needs no column for it and a row
-- leads straight back to its number. number_trigrams counts the numbers holding each trigram: a
-- pool's numbers share their leading digits, whose trigrams each hold most of the pool, and the
-- search starts from the rarer ones (numbers::digit_search_query). The code that inserts numbers
-- (an import) adds them to both, in one statement each (numbers::add_to_search): a trigger would
-- add each number in a statement of its own, and FTS5 writes its pending rows to disk at the start
-- of every statement, which doubled an import's time. The triggers below follow deletions and
-- changes. PostgreSQL's twin is a pg_trgm index (0028_number_search.postgresql.sql).
CREATE VIRTUAL TABLE number_search USING fts5(digits, tokenize = 'trigram', detail = 'none', content = '', columnsize = 0);
INSERT INTO number_search (rowid, digits)
SELECT CAST(substr(number, 2) AS INTEGER), substr(number, 2) FROM numbers
WHERE number GLOB '+[1-9]*' AND length(number) <= 16 AND substr(number, 2) NOT GLOB '*[^0-9]*';

CREATE TABLE number_trigrams (
  trigram TEXT PRIMARY KEY,
  count   BIGINT NOT NULL   -- numbers holding it
);
INSERT INTO number_trigrams (trigram, count)
SELECT t.trigram, COUNT(*) FROM (
  SELECT DISTINCT n.number, substr(n.number, p.column1 + 1, 3) AS trigram
  FROM numbers n JOIN (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13)) AS p
  ON p.column1 + 2 <= length(n.number) - 1
  WHERE n.number GLOB '+[1-9]*' AND length(n.number) <= 16 AND substr(n.number, 2) NOT GLOB '*[^0-9]*'
) AS t GROUP BY t.trigram;

-- A row of a contentless index is deleted by naming what it held.
CREATE TRIGGER numbers_search_delete AFTER DELETE ON numbers
WHEN OLD.number GLOB '+[1-9]*' AND length(OLD.number) <= 16 AND substr(OLD.number, 2) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO number_search (number_search, rowid, digits)
  VALUES ('delete', CAST(substr(OLD.number, 2) AS INTEGER), substr(OLD.number, 2));
  UPDATE number_trigrams SET count = count - 1 WHERE trigram IN (
    SELECT substr(OLD.number, p.column1 + 1, 3)
    FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13)) AS p
    WHERE p.column1 + 2 <= length(OLD.number) - 1);
END;

-- Numbers are never renumbered (the number is the key); should one be, it leaves the search as if
-- deleted, and a number the import did not add is not searched either.
CREATE TRIGGER numbers_search_renumber AFTER UPDATE OF number ON numbers WHEN OLD.number <> NEW.number
  AND OLD.number GLOB '+[1-9]*' AND length(OLD.number) <= 16 AND substr(OLD.number, 2) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO number_search (number_search, rowid, digits)
  VALUES ('delete', CAST(substr(OLD.number, 2) AS INTEGER), substr(OLD.number, 2));
  UPDATE number_trigrams SET count = count - 1 WHERE trigram IN (
    SELECT substr(OLD.number, p.column1 + 1, 3)
    FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13)) AS p
    WHERE p.column1 + 2 <= length(OLD.number) - 1);
END;

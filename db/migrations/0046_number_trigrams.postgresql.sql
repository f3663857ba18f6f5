-- PostgreSQL's digit search starts from the rarer trigrams of the digits, as SQLite's does
-- (docs/performance.md#lists): number_trigrams counts the numbers holding each trigram of their
-- digits (E.164 without its +). A pool's numbers share their leading digits, whose trigrams each
-- hold most of the pool, and asking the pg_trgm index for them read hundreds of its pages to rule
-- out few numbers. The code that inserts numbers (an import) adds its numbers' trigrams in one
-- statement (numbers::add_to_search); the triggers below follow deletions and renumbering. The
-- counts only choose where a search starts: whatever they say, the search keeps exactly the
-- numbers holding the digits. SQLite's twin is in 0028_number_search.sqlite.sql.
CREATE TABLE number_trigrams (
  trigram TEXT PRIMARY KEY,
  count   BIGINT NOT NULL   -- numbers holding it
);

-- The distinct trigrams of each number's digits.
CREATE FUNCTION number_trigrams_of(number TEXT) RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT substr(number, p + 1, 3) FROM generate_series(1, length(number) - 3) AS p
$$;

INSERT INTO number_trigrams (trigram, count)
SELECT t, COUNT(*) FROM numbers, number_trigrams_of(number) AS t GROUP BY t;

-- Once a statement, for every number it deleted (a statement trigger sees them all at once).
CREATE FUNCTION number_trigrams_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE number_trigrams c SET count = c.count - d.holding
  FROM (SELECT t AS trigram, COUNT(*) AS holding FROM gone, number_trigrams_of(gone.number) AS t GROUP BY t) d
  WHERE c.trigram = d.trigram;
  RETURN NULL;
END
$$;
CREATE TRIGGER numbers_trigrams_delete AFTER DELETE ON numbers
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION number_trigrams_forget();

-- Numbers are never renumbered (the number is the key); should one be, its counts follow it.
CREATE FUNCTION number_trigrams_renumber() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE number_trigrams SET count = count - 1 WHERE trigram IN (SELECT number_trigrams_of(OLD.number));
  INSERT INTO number_trigrams (trigram, count) SELECT number_trigrams_of(NEW.number), 1
  ON CONFLICT (trigram) DO UPDATE SET count = number_trigrams.count + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER numbers_trigrams_renumber AFTER UPDATE OF number ON numbers
FOR EACH ROW WHEN (OLD.number <> NEW.number) EXECUTE FUNCTION number_trigrams_renumber();

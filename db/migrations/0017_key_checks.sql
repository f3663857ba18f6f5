-- The server's secret key (serve --secret-key-file) never enters the database. Activation codes
-- are kept as HMACs with it; this table holds a check value of the key (an HMAC of a fixed text),
-- so a server started with another key refuses to start instead of failing every code. The first
-- start with a key re-hashes the codes stored before (plain SHA-256) and adds the row.
CREATE TABLE key_checks (
  purpose     TEXT PRIMARY KEY,
  check_value TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

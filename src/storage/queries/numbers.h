#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::numbers {

#define LINEPORT_NUMBER_COLUMNS "number, org_id, status, tag, account_id, series, updated_at, quarantined_until"

inline constexpr Query select_one{"numbers.select_one",
                                  "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE number = $1"};
inline constexpr Query select_of_account{"numbers.select_of_account",
                                         "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE account_id = $1"};
// The columns of a number (numbers::number_from_row), the same in every statement that selects
// LINEPORT_NUMBER_COLUMNS.
inline constexpr Columns number_columns{select_one};
static_assert(Columns{select_of_account} == number_columns);

// A pool's page in number order after the cursor $5 (a number), filtered by tag $2, series $3
// and text $4 (a LIKE pattern on the number); '' means any. The status, when filtered, is an
// equality of its own query so the (org_id, status, number) index gives the order.
#define LINEPORT_NUMBER_FILTER \
  "($2 = '' OR tag = $2) AND ($3 = '' OR series = $3) AND ($4 = '' OR number LIKE $4) AND number > $5 "
inline constexpr Query select_page{"numbers.select_page", "SELECT " LINEPORT_NUMBER_COLUMNS
                                                          " FROM numbers WHERE org_id = $1 AND " LINEPORT_NUMBER_FILTER
                                                          "ORDER BY number LIMIT $6"};
inline constexpr Query select_page_in_status{
    "numbers.select_page_in_status",
    "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE org_id = $1 AND status = $7 AND " LINEPORT_NUMBER_FILTER
    "ORDER BY number LIMIT $6"};
inline constexpr Query count_filtered{
    "numbers.count_filtered",
    "SELECT COUNT(*) FROM numbers WHERE org_id = $1 AND ($6 = '' OR status = $6) AND " LINEPORT_NUMBER_FILTER};

// The digit search (`q` of three digits or more) along the trigram index of migration 0028: a
// pool's page and its total, filtered as above and by status ('' = any), the LIKE pattern $4
// keeping the numbers that hold the digits. The search starts from the digits' rarer trigrams: on
// SQLite the FTS5 query $6 gives the numbers holding them (CROSS JOIN keeps that order), on
// PostgreSQL LIKE patterns of them, which the pg_trgm index answers.
#define LINEPORT_NUMBER_FTS_FROM " FROM number_search s CROSS JOIN numbers n ON n.number = '+' || s.rowid WHERE "
#define LINEPORT_NUMBER_SEARCH_FILTER "n.org_id = $1 AND ($2 = '' OR n.tag = $2) AND ($3 = '' OR n.series = $3) "
// SQLite: the numbers the FTS5 query $6 finds that hold the digits and pass the filter. The search
// counts them and picks its page among them in one pass, then reads only the page's numbers whole
// (select_listed): a count and a page in two statements looked every candidate up twice. The
// digits are checked on the index's own row number, which is the number's digits, before the
// number is looked up: a quarter of q=2122050's candidates lack them, each a lookup in a page of
// its own, too many for a connection's page cache.
inline constexpr Query search_matches_fts{
    "numbers.search_matches_fts",
    "SELECT n.number" LINEPORT_NUMBER_FTS_FROM
    "s.number_search MATCH $6 AND CAST(s.rowid AS TEXT) LIKE $4 AND " LINEPORT_NUMBER_SEARCH_FILTER
    "AND ($5 = '' OR n.status = $5)"};
// Numbers $1 (a JSON array), in order.
inline constexpr Query select_listed{"numbers.select_listed",
                                     "SELECT " LINEPORT_NUMBER_COLUMNS
                                     " FROM numbers WHERE number IN (SELECT value FROM json_each($1)) ORDER BY number"};
// PostgreSQL: a page along the numbers in order, the LIKE $4 checked on each (many matches).
inline constexpr Query search_page_trigram{
    "numbers.search_page_trigram",
    "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers n WHERE " LINEPORT_NUMBER_SEARCH_FILTER
    "AND n.number LIKE $4 AND n.number > $5 AND ($7 = '' OR n.status = $7) ORDER BY n.number LIMIT $6"};
static_assert(parameter_count(search_page_trigram.sql) == 7);
// PostgreSQL: the index is asked only for the digits' rarer trigrams ($6, $7, $8: LIKE patterns
// of one trigram each, repeated when fewer), and strpos, which no index answers, keeps the numbers
// holding the digits $4; $9 is the cursor and $10 the page's size. Two forms, as
// numbers::few_candidates chooses. Few candidates: one statement counts the matches and picks the
// page's numbers in one pass over them, then reads only those whole; every row carries the total
// as its last column (one row of NULLs but the total when the page is empty). Many: their total,
// then the page along the numbers in order (search_page_trigram), which meets 51 matches soon
// when the matches are many.
#define LINEPORT_NUMBER_RARER_TRIGRAMS                                                             \
  "n.org_id = $1 AND ($2 = '' OR n.tag = $2) AND ($3 = '' OR n.series = $3) AND n.number LIKE $6 " \
  "AND n.number LIKE $7 AND n.number LIKE $8 AND strpos(n.number, $4) > 0 AND ($5 = '' OR n.status = $5) "
inline constexpr Query search_few_pg{
    "numbers.search_few_pg",
    "WITH m AS MATERIALIZED (SELECT n.number FROM numbers n WHERE " LINEPORT_NUMBER_RARER_TRIGRAMS
    ") SELECT p.*, t.total FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN LATERAL ("
    "SELECT " LINEPORT_NUMBER_COLUMNS
    " FROM (SELECT number AS page_number FROM m WHERE number > $9 "
    "ORDER BY number LIMIT $10) k JOIN numbers ON number = k.page_number) p ON true ORDER BY p.number"};
// The total's column in search_few_pg's rows, after the number's.
inline constexpr std::size_t search_few_pg_total = number_columns.size();
inline constexpr Query search_count_pg{"numbers.search_count_pg",
                                       "SELECT COUNT(*) FROM numbers n WHERE " LINEPORT_NUMBER_RARER_TRIGRAMS};
static_assert(parameter_count(search_few_pg.sql) == 10 && parameter_count(search_count_pg.sql) == 8);
#undef LINEPORT_NUMBER_RARER_TRIGRAMS
// New numbers in SQLite's index: $1 a JSON array of their digits (E.164 without its +), each row
// numbered by its digits read as an integer (migration 0028). One statement for a whole import:
// FTS5 writes what it holds to disk at the start of every statement that changes it.
inline constexpr Query add_to_search{
    "numbers.add_to_search",
    "INSERT INTO number_search (rowid, digits) SELECT CAST(j.value AS INTEGER), j.value FROM json_each($1) AS j"};
// Adds $1, a JSON object of trigram: new numbers holding it, to number_trigrams (in each
// database's JSON functions).
#define LINEPORT_ADD_TRIGRAM_COUNTS(each)                                         \
  "INSERT INTO number_trigrams (trigram, count) SELECT j.key, j.value FROM " each \
  " AS j "                                                                        \
  "WHERE true ON CONFLICT (trigram) DO UPDATE SET count = number_trigrams.count + excluded.count"
inline constexpr Query add_trigram_counts{"numbers.add_trigram_counts", LINEPORT_ADD_TRIGRAM_COUNTS("json_each($1)")};
inline constexpr Query add_trigram_counts_pg{
    "numbers.add_trigram_counts_pg",
    LINEPORT_ADD_TRIGRAM_COUNTS("(SELECT key, value::bigint AS value FROM jsonb_each_text($1::jsonb))")};
#undef LINEPORT_ADD_TRIGRAM_COUNTS
// How many numbers hold each trigram of $1, a JSON array of them.
#define LINEPORT_TRIGRAM_COUNTS(each)                                   \
  "SELECT j.value AS trigram, COALESCE(c.count, 0) AS count FROM " each \
  " AS j "                                                              \
  "LEFT JOIN number_trigrams c ON c.trigram = j.value"
inline constexpr Query trigram_counts{"numbers.trigram_counts", LINEPORT_TRIGRAM_COUNTS("json_each($1)")};
inline constexpr Query trigram_counts_pg{
    "numbers.trigram_counts_pg", LINEPORT_TRIGRAM_COUNTS("(SELECT value FROM jsonb_array_elements_text($1::jsonb))")};
#undef LINEPORT_TRIGRAM_COUNTS
inline constexpr Columns trigram_count_columns{trigram_counts};
static_assert(Columns{trigram_counts_pg} == trigram_count_columns);
#undef LINEPORT_NUMBER_FTS_FROM
#undef LINEPORT_NUMBER_SEARCH_FILTER
#undef LINEPORT_NUMBER_FILTER
static_assert(Columns{select_page} == number_columns && Columns{select_page_in_status} == number_columns);
static_assert(Columns{select_listed} == number_columns && Columns{search_page_trigram} == number_columns);

// New numbers, each row the values of Insert; a number already in a pool is left as it is. Every
// number stored is returned. An import sends many rows a statement (insert_many_rows of them,
// completed with storage::repeat_rows: each statement is a round trip on PostgreSQL), the rest one
// at a time.
#define LINEPORT_INSERT_NUMBERS \
  "INSERT INTO numbers (number, org_id, status, tag, account_id, series, updated_at) VALUES "
#define LINEPORT_INSERTED " ON CONFLICT (number) DO NOTHING RETURNING number"
#define LINEPORT_INSERT_ROW "($1, $2, 'available', $3, NULL, $4, $5)"
inline constexpr std::string_view insert_row = LINEPORT_INSERT_ROW;
inline constexpr int insert_row_params = 5;
inline constexpr int insert_many_rows = 64;
inline constexpr std::string_view insert_many_start = LINEPORT_INSERT_NUMBERS;
inline constexpr std::string_view insert_many_end = LINEPORT_INSERTED;
inline constexpr Query insert{"numbers.insert", LINEPORT_INSERT_NUMBERS LINEPORT_INSERT_ROW LINEPORT_INSERTED};
static_assert(parameter_count(insert.sql) == insert_row_params);
#undef LINEPORT_INSERT_NUMBERS
#undef LINEPORT_INSERTED
#undef LINEPORT_INSERT_ROW
struct Insert {
  std::string number;
  std::string org_id;
  std::optional<std::string> tag;
  std::string series;
  std::int64_t updated_at = 0;
  Params params() const { return bind<insert>(number, org_id, tag, series, updated_at); }
};

// Compare-and-set: changes the status only if the number is still in pool $2 with status $3, so
// of two concurrent requests for one number exactly one changes a row.
inline constexpr Query set_status{
    "numbers.set_status",
    "UPDATE numbers SET status = $4, account_id = $5, tag = $6, quarantined_until = $7, updated_at = $8 "
    "WHERE number = $1 AND org_id = $2 AND status = $3"};
struct SetStatus {
  std::string number;
  std::string org_id;       // still in this pool
  std::string from_status;  // still in this status
  std::string status;
  std::optional<std::string> account_id;
  std::optional<std::string> tag;
  std::optional<std::int64_t> quarantined_until;
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<set_status>(number, org_id, from_status, status, account_id, tag, quarantined_until, updated_at);
  }
};
inline constexpr Query set_org{
    "numbers.set_org",
    "UPDATE numbers SET org_id = $3, updated_at = $4 WHERE number = $1 AND org_id = $2 AND status = $5"};
struct SetOrg {
  std::string number;
  std::string from_org_id;  // still in this pool
  std::string org_id;
  std::int64_t updated_at = 0;
  std::string status;  // still in this status
  Params params() const { return bind<set_org>(number, from_org_id, org_id, updated_at, status); }
};

// The first numbers of a pool in a status, in number order (the index holds that order).
inline constexpr Query first_in_status{
    "numbers.first_in_status", "SELECT number FROM numbers WHERE org_id = $1 AND status = $2 ORDER BY number LIMIT $3"};
inline constexpr Query first_in_series{
    "numbers.first_in_series",
    "SELECT number FROM numbers WHERE org_id = $1 AND series = $2 AND status = $3 ORDER BY number LIMIT $4"};
inline constexpr Query first_with_tag{
    "numbers.first_with_tag",
    "SELECT number, status FROM numbers WHERE org_id = $1 AND tag = $2 AND status IN ('available', 'reserved') "
    "ORDER BY status, number LIMIT 1"};
inline constexpr Columns first_with_tag_columns{first_with_tag};

// Moves up to $4 available numbers (optionally of series $3) from pool $1 to pool $2. The outer
// conditions repeat the inner ones: on PostgreSQL a row changed by a concurrent transaction is
// re-checked against them, not against the subquery's snapshot.
inline constexpr Query move_first_available{
    "numbers.move_first_available",
    "UPDATE numbers SET org_id = $2, updated_at = $5 WHERE org_id = $1 AND status = 'available' AND number IN ("
    "SELECT number FROM numbers WHERE org_id = $1 AND status = 'available' AND ($3 = '' OR series = $3) "
    "ORDER BY number LIMIT $4)"};
struct MoveFirstAvailable {
  std::string from_org_id;
  std::string to_org_id;
  std::string series;  // '' for any
  std::int64_t count = 0;
  std::int64_t updated_at = 0;
  Params params() const { return bind<move_first_available>(from_org_id, to_org_id, series, count, updated_at); }
};

inline constexpr Query expired_quarantine{
    "numbers.expired_quarantine",
    "SELECT number FROM numbers WHERE org_id = $1 AND status = 'quarantined' AND quarantined_until <= $2"};

inline constexpr Query pools_with_expired_quarantine{
    "numbers.pools_with_expired_quarantine",
    "SELECT DISTINCT org_id FROM numbers WHERE status = 'quarantined' AND quarantined_until <= $1"};

// A pool's series with numbers, from the counters of migration 0048 (kept with the numbers).
inline constexpr Query series_of_pool{
    "numbers.series_of_pool",
    "SELECT series, SUM(CASE WHEN status = 'available' THEN count ELSE 0 END) AS available, SUM(count) AS total "
    "FROM number_series_counts WHERE org_id = $1 GROUP BY series HAVING SUM(count) > 0 ORDER BY series LIMIT 1000"};
inline constexpr Columns series_columns{series_of_pool};
inline constexpr Query tags_of_pool{
    "numbers.tags_of_pool",
    "SELECT tag, SUM(CASE WHEN status IN ('available', 'reserved') THEN 1 ELSE 0 END) AS available, "
    "COUNT(*) AS total FROM numbers WHERE org_id = $1 AND tag IS NOT NULL GROUP BY tag ORDER BY tag LIMIT 1000"};
inline constexpr Columns tag_columns{tags_of_pool};

// ---- number_counts: per pool and status, kept in step with every change ----
inline constexpr Query add_count{
    "numbers.add_count",
    "INSERT INTO number_counts (org_id, status, count) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, status) DO UPDATE SET count = number_counts.count + excluded.count"};
inline constexpr Query counts_of_pool{"numbers.counts_of_pool",
                                      "SELECT status, count FROM number_counts WHERE org_id = $1"};
inline constexpr Columns pool_count_columns{counts_of_pool};
// The numbers of an organization's whole subtree (its pool and every pool below it), by status.
inline constexpr Query counts_of_subtree{
    "numbers.counts_of_subtree",
    "SELECT n.status, SUM(n.count) AS count FROM org_closure c JOIN number_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 GROUP BY n.status"};
static_assert(Columns{counts_of_subtree} == pool_count_columns);
// Used after an organization's pool is merged into its parent's (organization deleted).
inline constexpr Query delete_series_counts_of_pool{"numbers.delete_series_counts_of_pool",
                                                    "DELETE FROM number_series_counts WHERE org_id = $1"};
inline constexpr Query delete_counts_of_pool{"numbers.delete_counts_of_pool",
                                             "DELETE FROM number_counts WHERE org_id = $1"};
inline constexpr Query recount_pool{
    "numbers.recount_pool",
    "INSERT INTO number_counts (org_id, status, count) "
    "SELECT org_id, status, COUNT(*) FROM numbers WHERE org_id = $1 GROUP BY org_id, status"};

// The direct children of an organization with what their subtree holds.
inline constexpr Query children_totals{
    "numbers.children_totals",
    "SELECT o.id, o.name, "
    "(SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN number_counts n ON n.org_id = c.descendant_id "
    " WHERE c.ancestor_id = o.id) AS total, "
    "(SELECT COALESCE(SUM(n.count), 0) FROM number_counts n WHERE n.org_id = o.id AND n.status = 'available') "
    "AS available FROM orgs o WHERE o.parent_id = $1 ORDER BY o.name LIMIT 1000"};
inline constexpr Columns children_total_columns{children_totals};

// ---- the account side of a number ----
inline constexpr Query link_account{"numbers.link_account",
                                    "UPDATE accounts SET multiline_number = $2, updated_at = $3 WHERE id = $1"};

inline constexpr Query count_invited_without_number{
    "numbers.count_invited_without_number",
    "SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND status = 'invited' AND multiline_number IS NULL"};

#undef LINEPORT_NUMBER_COLUMNS

}  // namespace lineport::storage::sql::numbers

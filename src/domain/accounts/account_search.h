#pragma once
// Text search of the Accounts page (`q`) along a trigram index kept in the same transaction as the
// accounts (migration 0026; docs/performance.md#lists): SQLite's FTS5 table account_search, whose
// rows the code that inserts accounts numbers, or PostgreSQL's pg_trgm index, which needs nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace lineport::accounts {

// The numbers of new rows of SQLite's text index, one per inserted account (accounts.search_rowid),
// in the write transaction that inserts them: SQLite runs one at a time, so the next number read at
// the start stays this transaction's until finish() stores the one after the last taken.
class SearchRowids {
 public:
  SearchRowids(storage::Connection& conn, storage::Backend backend);
  // The next number; none on PostgreSQL.
  std::optional<std::int64_t> take();
  // Stores the next free number (before the transaction commits).
  void finish();

 private:
  storage::Connection& conn_;
  std::optional<std::int64_t> next_;
  std::int64_t taken_ = 0;
};

// Adds the accounts of CSV import `batch_id` (ids first_id to last_id) to SQLite's text index, in
// one statement, before the import's transaction commits; nothing on PostgreSQL, whose index follows
// every insert by itself (migration 0029).
void index_imported_accounts(storage::Connection& conn, storage::Backend backend, const std::string& batch_id,
                             const std::string& first_id, const std::string& last_id);

// Text the trigram index answers: three characters or more (folded, as in accounts.search_text).
// Shorter text is matched by reading the accounts (a one- or two-character search matches many).
bool indexed_search(std::string_view folded_text);

// The LIKE pattern that matches `folded_text` anywhere: %text% with its wildcards escaped.
std::string like_pattern(std::string_view folded_text);

// The FTS5 query that finds the accounts holding every trigram of `folded_text` (SQLite's index
// keeps no positions: the LIKE pattern then keeps those that hold the text itself).
std::string trigram_query(std::string_view folded_text);

}  // namespace lineport::accounts

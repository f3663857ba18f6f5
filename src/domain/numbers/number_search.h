#pragma once
// The number pool's digit search (`q`) along a trigram index kept in the same transaction as the
// numbers (migration 0028; docs/performance.md#lists): SQLite's FTS5 table number_search, whose
// rows the code that inserts numbers adds, or PostgreSQL's pg_trgm index, which needs nothing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace lineport::numbers {

// Adds new numbers to SQLite's index and their trigrams to number_trigrams, one statement each for
// them all (the code that inserts numbers calls it in the same transaction; triggers follow
// deletions). PostgreSQL's index needs nothing.
void add_to_search(storage::Connection& conn, storage::Backend backend, const std::vector<std::string>& numbers);

// The digits of a search, which a number must hold in a row; the rest of it is ignored.
std::string search_digits(std::string_view q);

// Digits the trigram index answers: three or more. One or two match a large share of any pool:
// they are matched by reading it.
bool indexed_digits(std::string_view digits);

// The LIKE pattern of numbers holding `digits`.
std::string digits_pattern(std::string_view digits);

// SQLite's FTS5 query that starts the search for `digits`: their rarest trigram and each other one
// that at most `common_factor` times as many numbers hold, by number_trigrams. A pool's numbers
// share their leading digits, whose trigrams each hold most of the pool: reading such a trigram's
// numbers costs more than the candidates it would rule out (at 1,000,000 numbers, one held by
// 113,000 costs 5 ms to rule out 160 of 1,300). The numbers the query finds are a superset of
// those holding the digits.
inline constexpr std::int64_t common_factor = 8;
std::string digit_search_query(storage::Connection& conn, std::string_view digits);

}  // namespace lineport::numbers

#pragma once
// The number pool's digit search (`q`) along a trigram index kept in the same transaction as the
// numbers (migration 0028; docs/performance.md#lists): SQLite's FTS5 table number_search, whose
// rows the code that inserts numbers adds, or PostgreSQL's pg_trgm index, which needs nothing;
// on both, started from the digits' rarer trigrams, which number_trigrams counts (migration 0028
// on SQLite, 0046 on PostgreSQL).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace lineport::numbers {

// Adds new numbers' trigrams to number_trigrams, and the numbers to SQLite's index, one statement
// each for them all (the code that inserts numbers calls it in the same transaction; triggers follow
// deletions). PostgreSQL's pg_trgm index needs nothing.
void add_to_search(storage::Connection& conn, storage::Backend backend, const std::vector<std::string>& numbers);

// The digits of a search, which a number must hold in a row; the rest of it is ignored.
std::string search_digits(std::string_view q);

// Digits the trigram index answers: three or more. One or two match a large share of any pool:
// they are matched by reading it.
bool indexed_digits(std::string_view digits);

// The LIKE pattern of numbers holding `digits`.
std::string digits_pattern(std::string_view digits);

// Where the search for `digits` starts: their rarest trigram and each other one that at most
// `common_factor` times as many numbers hold, by number_trigrams, rarest first. A pool's numbers
// share their leading digits, whose trigrams each hold most of the pool: reading such a trigram's
// numbers costs more than the candidates it would rule out (at 1,000,000 numbers, one held by
// 113,000 costs 5 ms to rule out 160 of 1,300). The numbers holding them all are a superset of
// those holding the digits, at most `rarest` of them.
inline constexpr std::int64_t common_factor = 8;
struct SearchStart {
  std::vector<std::string> trigrams;
  std::int64_t rarest = 0;  // numbers holding the rarest trigram
};
SearchStart search_start(storage::Connection& conn, storage::Backend backend, std::string_view digits);

// SQLite's FTS5 query of the numbers holding every trigram of `start`.
std::string fts_query(const SearchStart& start);

// PostgreSQL's: LIKE patterns of the three rarest trigrams of `start`, one each (the rarest repeated
// when there are fewer), which the pg_trgm index answers together.
std::array<std::string, 3> trigram_patterns(const SearchStart& start);

// On PostgreSQL, a search with at most this many candidates (`rarest`) reads them all in one pass,
// counting them and picking its page; one with more counts them, then reads its page along the
// numbers in order, where many matches come soon (docs/performance.md#lists).
inline constexpr std::int64_t few_candidates = 20'000;

}  // namespace lineport::numbers

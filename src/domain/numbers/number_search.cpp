#include "domain/numbers/number_search.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "storage/queries/numbers.h"

namespace lineport::numbers {

namespace sql = storage::sql::numbers;

namespace {

// The distinct trigrams of `digits`.
std::set<std::string> trigrams_of(std::string_view digits) {
  std::set<std::string> out;
  for (std::size_t i = 0; i + 3 <= digits.size(); ++i) out.emplace(digits.substr(i, 3));
  return out;
}

}  // namespace

void add_to_search(storage::Connection& conn, storage::Backend backend, const std::vector<std::string>& numbers) {
  if (numbers.empty()) return;
  const bool sqlite = backend == storage::Backend::sqlite;
  auto digits = nlohmann::json::array();
  std::map<std::string, std::int64_t> holding;
  for (const auto& number : numbers) {
    const auto d = std::string_view(number).substr(1);  // E.164: + and digits
    if (sqlite) digits.emplace_back(d);
    for (const auto& trigram : trigrams_of(d)) ++holding[trigram];
  }
  if (sqlite) conn.execute(sql::add_to_search, {digits.dump()});
  conn.execute(sqlite ? sql::add_trigram_counts : sql::add_trigram_counts_pg, {nlohmann::json(holding).dump()});
}

std::string search_digits(std::string_view q) {
  std::string digits;
  for (const char c : q)
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  return digits;
}

bool indexed_digits(std::string_view digits) {
  return digits.size() >= 3;
}

std::string digits_pattern(std::string_view digits) {
  return digits.empty() ? "" : "%" + std::string(digits) + "%";
}

SearchStart search_start(storage::Connection& conn, storage::Backend backend, std::string_view digits) {
  std::vector<std::pair<std::int64_t, std::string>> by_count;
  constexpr auto c = sql::trigram_count_columns;
  const auto& counts = backend == storage::Backend::sqlite ? sql::trigram_counts : sql::trigram_counts_pg;
  for (const auto& row : conn.query(counts, {nlohmann::json(trigrams_of(digits)).dump()}).rows)
    by_count.emplace_back(row.integer(c["count"]), row.text(c["trigram"]));
  std::sort(by_count.begin(), by_count.end());
  SearchStart start;
  if (by_count.empty()) return start;
  start.rarest = by_count.front().first;
  for (const auto& [count, trigram] : by_count)
    if (count <= common_factor * start.rarest) start.trigrams.push_back(trigram);
  return start;
}

std::string fts_query(const SearchStart& start) {
  std::string query;
  for (const auto& trigram : start.trigrams) query += (query.empty() ? "\"" : " AND \"") + trigram + "\"";
  return query;
}

std::array<std::string, 3> trigram_patterns(const SearchStart& start) {
  std::array<std::string, 3> patterns;
  for (std::size_t i = 0; i < patterns.size(); ++i)
    patterns[i] = digits_pattern(start.trigrams.at(i < start.trigrams.size() ? i : 0));
  return patterns;
}

}  // namespace lineport::numbers

#include "domain/numbers/number_search.h"

#include <algorithm>
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
  if (backend != storage::Backend::sqlite || numbers.empty()) return;
  auto digits = nlohmann::json::array();
  std::map<std::string, std::int64_t> holding;
  for (const auto& number : numbers) {
    const auto& d = digits.emplace_back(number.substr(1)).get_ref<const std::string&>();  // E.164: + and digits
    for (const auto& trigram : trigrams_of(d)) ++holding[trigram];
  }
  conn.execute(sql::add_to_search, {digits.dump()});
  conn.execute(sql::add_trigram_counts, {nlohmann::json(holding).dump()});
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

namespace {

std::string and_of(const std::vector<std::string>& terms) {
  std::string query;
  for (const auto& term : terms) query += (query.empty() ? "\"" : " AND \"") + term + "\"";
  return query;
}

}  // namespace

std::string digit_search_query(storage::Connection& conn, std::string_view digits) {
  std::vector<std::pair<std::int64_t, std::string>> by_count;
  constexpr auto c = sql::trigram_count_columns;
  const auto all = trigrams_of(digits);
  for (const auto& row : conn.query(sql::trigram_counts, {nlohmann::json(all).dump()}).rows)
    by_count.emplace_back(row.integer(c["count"]), row.text(c["trigram"]));
  std::sort(by_count.begin(), by_count.end());
  std::vector<std::string> terms;
  for (const auto& [count, trigram] : by_count)
    if (terms.empty() || count <= common_factor * by_count.front().first) terms.push_back(trigram);
  return and_of(terms);
}

}  // namespace lineport::numbers

#include "domain/accounts/account_search.h"

#include <vector>

#include "storage/queries/accounts.h"
#include "util/text.h"

namespace lineport::accounts {

namespace sql = storage::sql::accounts;

SearchRowids::SearchRowids(storage::Connection& conn, storage::Backend backend) : conn_(conn) {
  if (backend == storage::Backend::sqlite) next_ = conn.query(sql::next_search_rowid).one().integer(0);
}

std::optional<std::int64_t> SearchRowids::take() {
  if (!next_) return std::nullopt;
  return *next_ + taken_++;
}

void SearchRowids::finish() {
  if (next_ && taken_ > 0) conn_.execute(sql::store_next_search_rowid, {*next_ + taken_});
  if (next_) *next_ += taken_;
  taken_ = 0;
}

void index_imported_accounts(storage::Connection& conn, storage::Backend backend, const std::string& batch_id,
                             const std::string& first_id, const std::string& last_id) {
  if (backend == storage::Backend::sqlite && !first_id.empty())
    conn.execute(sql::index_imported, {first_id, last_id, batch_id});
}

namespace {

// Where each UTF-8 character of `s` starts, and s.size() last: the index's trigrams are of characters.
std::vector<std::size_t> character_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

}  // namespace

bool indexed_search(std::string_view folded_text) {
  return character_starts(folded_text).size() > 3;
}

std::string like_pattern(std::string_view folded_text) {
  return "%" + text::escape_like(folded_text) + "%";
}

std::string trigram_query(std::string_view folded_text) {
  const auto starts = character_starts(folded_text);
  std::string query;
  for (std::size_t i = 0; i + 3 < starts.size(); ++i) {
    if (!query.empty()) query += " AND ";
    query += '"';
    for (const char c : folded_text.substr(starts[i], starts[i + 3] - starts[i])) {
      if (c == '"') query += '"';  // a double quote inside a string is written twice
      query += c;
    }
    query += '"';
  }
  return query;
}

}  // namespace lineport::accounts

#pragma once
// Number pools through the API (docs/product.md#numbers): list, import at the root, allocate to a
// sub-organization, withdraw to the parent, reserve and release, and the utilization report.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "domain/pagination.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::numbers {

struct NumberFilter {
  std::optional<NumberStatus> status;
  std::string tag;
  std::string series;
  std::string q;  // digits to find inside the number
};

// One input line of an import or a list operation that did not go through.
struct ItemResult {
  std::int64_t line = 0;  // 1-based position in the list, or line of the CSV file
  std::string input;
  std::optional<std::string> number;  // the normalized number, when valid
  std::string result;                 // import: duplicate | invalid; moves: moved | error
  std::string message;
};

struct ImportItem {
  std::int64_t line = 0;
  std::string input;
  std::optional<std::string> tag;  // a CSV row's own tag; else the request's
};

struct ImportResult {
  std::int64_t imported = 0;
  std::int64_t duplicates = 0;
  std::int64_t invalid = 0;
  std::vector<ItemResult> problems;
};

// Allocation and withdrawal: either `count` (optionally from one series) or a list of numbers.
struct MoveRequest {
  std::string other_org_id;  // allocation: the child receiving; withdrawal: the child giving back
  std::optional<std::int64_t> count;
  std::string series;
  std::optional<std::vector<std::string>> numbers;
};

struct MoveResult {
  std::int64_t moved = 0;
  std::vector<ItemResult> results;  // per number, for a list
};

struct NumberPatch {
  std::optional<NumberStatus> status;             // reserved or available
  std::optional<std::optional<std::string>> tag;  // set, or clear with null
};

struct SeriesSummary {
  std::string series;
  std::int64_t available = 0;
  std::int64_t total = 0;
};

struct SubOrgNumbers {
  std::string org_id;
  std::string org_name;
  std::int64_t total = 0;
  std::int64_t available = 0;
};

class NumberService {
 public:
  NumberService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Page<Number> list(const auth::Principal& who, const std::string& org_id, const NumberFilter& filter,
                    const PageRequest& page);
  ImportResult import(const auth::Principal& who, const std::string& org_id, const std::vector<ImportItem>& items,
                      const std::optional<std::string>& tag, const RequestMeta& meta);
  MoveResult allocate(const auth::Principal& who, const std::string& org_id, const MoveRequest& request,
                      const RequestMeta& meta);
  MoveResult withdraw(const auth::Principal& who, const std::string& org_id, const MoveRequest& request,
                      const RequestMeta& meta);
  Number update(const auth::Principal& who, const std::string& number, const NumberPatch& patch,
                const RequestMeta& meta);
  Utilization utilization(const auth::Principal& who, const std::string& org_id);
  std::vector<SeriesSummary> series(const auth::Principal& who, const std::string& org_id);
  std::vector<SeriesSummary> tags(const auth::Principal& who, const std::string& org_id);  // series = the tag
  std::vector<SubOrgNumbers> suborgs(const auth::Principal& who, const std::string& org_id);

  // Every pool's quarantined numbers whose period is over become available (a periodic job).
  void end_expired_quarantines();

  // The largest import one request may carry.
  static constexpr std::size_t max_import = 100'000;

 private:
  // Moves numbers from `from` to `to` (allocation or withdrawal; the caller checked the tree).
  MoveResult move_numbers(storage::Connection& conn, const std::string& from, const std::string& to,
                          const MoveRequest& request, bool allocation);

  storage::Database& db_;
  const Clock& clock_;
};

// Tags are short labels: trimmed, 1–50 characters, no control characters.
std::optional<std::string> clean_tag(const std::string& raw, const std::string& field, Validator& v);

}  // namespace lineport::numbers

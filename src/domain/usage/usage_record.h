#pragma once
// One usage record as the service platform reports it (docs/product.md#usage-dashboard-and-reports; docs/usage.md): its
// fields as text, however they arrived (an NDJSON object or a CSV row), and the checked record.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/clock.h"

namespace lineport::usage {

enum class UsageType { voice, message, data };
enum class Direction { in, out };

std::string_view to_string(UsageType t);
std::string_view to_string(Direction d);
std::optional<UsageType> parse_usage_type(std::string_view text);

// The fields a record may carry, in the order of the CSV template.
enum class Field { id, account_id, multiline_number, type, direction, started_at, quantity, billable };
inline constexpr std::array<std::string_view, 8> field_names = {
    "id", "account_id", "multiline_number", "type", "direction", "started_at", "quantity", "billable"};
std::optional<Field> parse_field(std::string_view name);

// A record's fields exactly as sent (JSON numbers and booleans written out); nullopt = absent.
struct RawRecord {
  std::int64_t line = 0;
  std::array<std::optional<std::string>, field_names.size()> fields;

  const std::optional<std::string>& operator[](Field f) const { return fields[static_cast<std::size_t>(f)]; }
  std::optional<std::string>& operator[](Field f) { return fields[static_cast<std::size_t>(f)]; }
};

struct FieldProblem {
  std::string field;
  std::string value;
  std::string message;
};

// How the account is named: by id or by its multiline number (E.164).
struct AccountRef {
  bool by_number = false;
  std::string value;
};

struct UsageRecord {
  std::string id;
  AccountRef account;
  UsageType type = UsageType::voice;
  Direction direction = Direction::in;
  UnixSeconds started_at = 0;
  std::int64_t quantity = 0;
  bool billable = false;
};

inline constexpr std::int64_t max_quantity = 1'000'000'000'000'000;  // 10^15
inline constexpr std::size_t max_id_length = 128;
inline constexpr UnixSeconds earliest_start = 946'684'800;  // 2000-01-01T00:00:00Z
inline constexpr UnixSeconds latest_start = 4'102'444'800;  // 2100-01-01T00:00:00Z

// Remembers the E.164 form of each distinct number for one upload: libphonenumber is by far the
// costliest part of checking a record (72% of an ingest), and an upload names the same accounts
// again and again. Bounded, so a file of distinct numbers cannot grow it without end.
class NumberCache {
 public:
  const std::optional<std::string>& normalize(const std::string& text);

  static constexpr std::size_t max_entries = 100'000;

 private:
  std::unordered_map<std::string, std::optional<std::string>> known_;
};

// The checked record, or every problem with it (appended to `problems`).
std::optional<UsageRecord> check_record(const RawRecord& raw, std::vector<FieldProblem>& problems,
                                        NumberCache& numbers);

// The 15-minute UTC slot a moment falls in (docs/usage.md: why slots).
inline constexpr UnixSeconds slot_seconds = minutes(15);
inline UnixSeconds slot_of(UnixSeconds t) {
  return t - (((t % slot_seconds) + slot_seconds) % slot_seconds);
}

}  // namespace lineport::usage

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

#include "domain/uploads/field_checks.h"
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
// The upload's fields for the reader (domain/uploads), and the CSV template with an example row.
const uploads::RecordSchema& record_schema();
std::string csv_template();

using uploads::FieldProblem;
using uploads::RawRecord;
using uploads::UploadFormat;

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

using uploads::NumberCache;

// The checked record, or every problem with it (appended to `problems`).
std::optional<UsageRecord> check_record(const RawRecord& raw, std::vector<FieldProblem>& problems,
                                        NumberCache& numbers);

// The 15-minute UTC slot a moment falls in (docs/usage.md: why slots).
inline constexpr UnixSeconds slot_seconds = minutes(15);
inline UnixSeconds slot_of(UnixSeconds t) {
  return t - (((t % slot_seconds) + slot_seconds) % slot_seconds);
}

}  // namespace lineport::usage

#include "domain/usage/usage_record.h"

#include "util/csv_writer.h"

namespace lineport::usage {

std::string_view to_string(UsageType t) {
  switch (t) {
    case UsageType::voice:
      return "voice";
    case UsageType::message:
      return "message";
    case UsageType::data:
      return "data";
  }
  return "voice";
}

std::string_view to_string(Direction d) {
  return d == Direction::in ? "in" : "out";
}

std::optional<UsageType> parse_usage_type(std::string_view text) {
  if (text == "voice") return UsageType::voice;
  if (text == "message") return UsageType::message;
  if (text == "data") return UsageType::data;
  return std::nullopt;
}

std::optional<Field> parse_field(std::string_view name) {
  for (std::size_t i = 0; i < field_names.size(); ++i)
    if (field_names[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

const uploads::RecordSchema& record_schema() {
  static constexpr csv::ExpectedColumn columns[] = {
      {"id", true},        {"account_id", false}, {"multiline_number", false}, {"type", true},
      {"direction", true}, {"started_at", true},  {"quantity", true},          {"billable", true}};
  static_assert(std::size(columns) == field_names.size());
  static const uploads::RecordSchema schema{columns};
  return schema;
}

std::string csv_template() {
  std::vector<std::string> header(field_names.begin(), field_names.end());
  return csv::line(header) +
         csv::line({"call-0001", "", "+12125550123", "voice", "out", "2026-11-02T09:15:00Z", "184", "true"});
}

std::optional<UsageRecord> check_record(const RawRecord& raw, std::vector<FieldProblem>& problems,
                                        NumberCache& numbers) {
  uploads::FieldChecks check(record_schema(), raw, problems);
  const auto at = [](Field f) { return static_cast<std::size_t>(f); };
  UsageRecord r;
  if (const auto id = check.record_id(at(Field::id))) r.id = *id;

  const bool has_id = check.has(at(Field::account_id));
  if (has_id == check.has(at(Field::multiline_number)))
    check.fail(at(has_id ? Field::multiline_number : Field::account_id),
               "Give exactly one of account_id and multiline_number.");
  else if (has_id)
    r.account = {false, *check.value(at(Field::account_id))};
  else if (const auto e164 = check.phone(at(Field::multiline_number), numbers))
    r.account = {true, *e164};

  if (const auto* type = check.required(at(Field::type))) {
    if (const auto t = parse_usage_type(*type))
      r.type = *t;
    else
      check.fail(at(Field::type), "Must be voice, message or data.");
  }
  if (const auto direction = check.direction(at(Field::direction)))
    r.direction = *direction == "in" ? Direction::in : Direction::out;
  if (const auto started = check.moment(at(Field::started_at))) r.started_at = *started;
  if (const auto quantity = check.whole(at(Field::quantity), max_quantity, "10^15 (seconds, messages or bytes)"))
    r.quantity = *quantity;
  if (const auto billable = check.yes_no(at(Field::billable))) r.billable = *billable;
  if (!check.ok()) return std::nullopt;
  return r;
}

}  // namespace lineport::usage

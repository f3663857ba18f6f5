#include "domain/usage/usage_record.h"

#include <charconv>

#include "util/phone.h"

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

namespace {

bool is_printable_ascii(std::string_view s) {
  for (const char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

std::optional<bool> parse_billable(std::string_view s) {
  if (s == "true" || s == "yes" || s == "1") return true;
  if (s == "false" || s == "no" || s == "0") return false;
  return std::nullopt;
}

}  // namespace

const std::optional<std::string>& NumberCache::normalize(const std::string& text) {
  if (const auto it = known_.find(text); it != known_.end()) return it->second;
  if (known_.size() >= max_entries) known_.clear();
  return known_.emplace(text, phone::normalize_e164(text)).first->second;
}

std::optional<UsageRecord> check_record(const RawRecord& raw, std::vector<FieldProblem>& problems,
                                        NumberCache& numbers) {
  const auto before = problems.size();
  const auto fail = [&](Field f, std::string message) {
    problems.push_back(
        {std::string(field_names[static_cast<std::size_t>(f)]), raw[f].value_or(""), std::move(message)});
  };
  const auto required = [&](Field f) -> const std::string* {
    if (raw[f] && !raw[f]->empty()) return &*raw[f];
    fail(f, "Required.");
    return nullptr;
  };

  UsageRecord r;
  if (const auto* id = required(Field::id)) {
    if (id->size() > max_id_length || !is_printable_ascii(*id))
      fail(Field::id, "Must be 1 to 128 printable ASCII characters without spaces.");
    else
      r.id = *id;
  }

  const bool has_id = raw[Field::account_id] && !raw[Field::account_id]->empty();
  const bool has_number = raw[Field::multiline_number] && !raw[Field::multiline_number]->empty();
  if (has_id == has_number) {
    fail(has_id ? Field::multiline_number : Field::account_id, "Give exactly one of account_id and multiline_number.");
  } else if (has_id) {
    r.account = {false, *raw[Field::account_id]};
  } else if (const auto& e164 = numbers.normalize(*raw[Field::multiline_number])) {
    r.account = {true, *e164};
  } else {
    fail(Field::multiline_number, "Not a phone number in international form (+ and country code).");
  }

  if (const auto* type = required(Field::type)) {
    if (const auto t = parse_usage_type(*type))
      r.type = *t;
    else
      fail(Field::type, "Must be voice, message or data.");
  }
  if (const auto* direction = required(Field::direction)) {
    // The telecom cores' exports spell it either way (docs/usage.md).
    if (*direction == "in" || *direction == "inbound")
      r.direction = Direction::in;
    else if (*direction == "out" || *direction == "outbound")
      r.direction = Direction::out;
    else
      fail(Field::direction, "Must be in, out, inbound or outbound.");
  }
  if (const auto* started = required(Field::started_at)) {
    const auto t = parse_rfc3339(*started);
    if (!t)
      fail(Field::started_at, "Must be an RFC 3339 date-time with an offset, e.g. 2026-11-22T17:28:13Z.");
    else if (*t < earliest_start || *t >= latest_start)
      fail(Field::started_at, "Must be in the years 2000 to 2099.");
    else
      r.started_at = *t;
  }
  if (const auto* quantity = required(Field::quantity)) {
    const auto* end = quantity->data() + quantity->size();
    const auto [ptr, ec] = std::from_chars(quantity->data(), end, r.quantity);
    if (ec != std::errc() || ptr != end || r.quantity < 0 || r.quantity > max_quantity)
      fail(Field::quantity, "Must be a whole number from 0 to 10^15 (seconds, messages or bytes).");
  }
  if (const auto* billable = required(Field::billable)) {
    if (const auto b = parse_billable(*billable))
      r.billable = *b;
    else
      fail(Field::billable, "Must be true or false (or yes or no, 1 or 0).");
  }
  if (problems.size() != before) return std::nullopt;
  return r;
}

}  // namespace lineport::usage

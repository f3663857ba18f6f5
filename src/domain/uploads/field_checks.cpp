#include "domain/uploads/field_checks.h"

#include <algorithm>
#include <charconv>

#include "util/phone.h"

namespace lineport::uploads {
namespace {

bool is_printable_ascii(std::string_view s) {
  for (const char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

// The first max_echoed_bytes of `value`, never cutting a UTF-8 character in two.
std::string echoed(const std::string& value) {
  if (value.size() <= max_echoed_bytes) return value;
  std::size_t end = max_echoed_bytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end) + "…";
}

}  // namespace

const std::optional<std::string>& NumberCache::normalize(const std::string& text) {
  if (const auto it = known_.find(text); it != known_.end()) return it->second;
  if (known_.size() >= max_entries) known_.clear();
  return known_.emplace(text, phone::normalize_e164(text)).first->second;
}

void FieldChecks::fail(std::size_t f, std::string message) {
  const auto name = schema_.fields[f].name;
  const bool is_private =
      std::find(schema_.private_fields.begin(), schema_.private_fields.end(), name) != schema_.private_fields.end();
  problems_.push_back(
      {std::string(name), is_private ? std::string() : echoed(raw_.fields[f].value_or("")), std::move(message)});
}

const std::string* FieldChecks::required(std::size_t f) {
  if (const auto* v = value(f)) return v;
  fail(f, "Required.");
  return nullptr;
}

std::optional<std::string> FieldChecks::record_id(std::size_t f) {
  const auto* id = required(f);
  if (!id) return std::nullopt;
  if (id->size() > max_record_id_length || !is_printable_ascii(*id)) {
    fail(f, "Must be 1 to 128 printable ASCII characters without spaces.");
    return std::nullopt;
  }
  return *id;
}

std::optional<std::string> FieldChecks::direction(std::size_t f) {
  const auto* d = required(f);
  if (!d) return std::nullopt;
  if (*d == "in" || *d == "inbound") return "in";
  if (*d == "out" || *d == "outbound") return "out";
  fail(f, "Must be in, out, inbound or outbound.");
  return std::nullopt;
}

std::optional<UnixSeconds> FieldChecks::moment(std::size_t f) {
  const auto* text = required(f);
  if (!text) return std::nullopt;
  const auto t = parse_rfc3339(*text);
  if (!t)
    fail(f, "Must be an RFC 3339 date-time with an offset, e.g. 2026-11-22T17:28:13Z.");
  else if (*t < earliest_moment || *t >= latest_moment)
    fail(f, "Must be in the years 2000 to 2099.");
  else
    return t;
  return std::nullopt;
}

std::optional<std::int64_t> FieldChecks::whole(std::size_t f, std::int64_t max, std::string_view what) {
  const auto* text = required(f);
  if (!text) return std::nullopt;
  std::int64_t n = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, n);
  if (ec == std::errc() && ptr == end && n >= 0 && n <= max) return n;
  fail(f, "Must be a whole number from 0 to " + std::string(what) + ".");
  return std::nullopt;
}

std::optional<std::string> FieldChecks::phone(std::size_t f, NumberCache& numbers) {
  const auto* text = required(f);
  if (!text) return std::nullopt;
  if (const auto& e164 = numbers.normalize(*text)) return *e164;
  fail(f, "Not a phone number in international form (+ and country code).");
  return std::nullopt;
}

std::optional<bool> FieldChecks::yes_no(std::size_t f) {
  const auto* text = required(f);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "yes" || *text == "1") return true;
  if (*text == "false" || *text == "no" || *text == "0") return false;
  fail(f, "Must be true or false (or yes or no, 1 or 0).");
  return std::nullopt;
}

}  // namespace lineport::uploads

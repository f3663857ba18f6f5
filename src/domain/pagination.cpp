#include "domain/pagination.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "domain/error.h"
#include "util/bounded_json.h"

namespace lineport {

std::string encode_cursor(const std::vector<std::string>& key) {
  const std::string text = nlohmann::json(key).dump();
  std::string out(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::vector<std::string>> decode_cursor(const std::string& cursor, std::size_t parts) {
  if (cursor.empty() || cursor.size() > 1024) return std::nullopt;
  std::string bin(cursor.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), cursor.data(), cursor.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  bin.resize(len);
  const auto bounded = parse_bounded_json(bin);
  const auto& parsed = bounded.value;
  if (bounded.outcome != BoundedJson::Outcome::ok || !parsed.is_array() || parsed.size() != parts) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& p : parsed) {
    if (!p.is_string()) return std::nullopt;
    out.push_back(p.get<std::string>());
  }
  return out;
}

std::vector<std::string> continue_after(const PageRequest& page, std::vector<std::string> start) {
  if (!page.cursor) return start;
  auto key = decode_cursor(*page.cursor, start.size());
  if (!key) throw_bad_cursor();
  return std::move(*key);
}

void throw_bad_cursor() {
  throw DomainError(ErrorCode::bad_request, "The cursor is not valid.", {{"cursor", "Not a cursor from this list."}});
}

}  // namespace lineport

#include "domain/names.h"

#include "util/text.h"

namespace lineport {

std::string clean_name(const std::string& raw, std::string_view field, std::size_t max_chars, Validator& v) {
  std::string name = text::trim(raw);
  const auto n = text::code_points(name);
  if (!text::is_valid_utf8(name) || text::has_control_chars(name) || n < 1 || n > max_chars)
    v.fail(std::string(field), "Must be 1 to " + std::to_string(max_chars) + " characters.");
  return name;
}

}  // namespace lineport

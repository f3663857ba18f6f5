#include "domain/auth/password_policy.h"

#include <mutex>
#include <string>
#include <unordered_set>

#include "util/resources.h"
#include "util/text.h"

namespace lineport::auth {
namespace {

// The list ships inside the binary (src/domain/auth/common_passwords.txt), one per line.
const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    const auto content = resources::find("src/domain/auth/common_passwords.txt").value_or("");
    std::size_t start = 0;
    while (start < content.size()) {
      auto end = content.find('\n', start);
      if (end == std::string_view::npos) end = content.size();
      auto line = text::trim(content.substr(start, end - start));
      if (!line.empty() && line.front() != '#') out.insert(text::fold_case(line));
      start = end + 1;
    }
    return out;
  }();
  return set;
}

}  // namespace

void check_password_policy(std::string_view password, std::string_view email, std::string_view field, Validator& v) {
  const std::string f(field);
  if (!text::is_valid_utf8(password)) return v.fail(f, "Must be valid text.");
  const auto length = text::code_points(password);
  if (length < 12) return v.fail(f, "Must be at least 12 characters.");
  if (length > 256) return v.fail(f, "Must be at most 256 characters.");
  const std::string folded = text::fold_case(password);
  if (folded == text::fold_case(email)) return v.fail(f, "Must not be your email address.");
  if (common_passwords().contains(folded)) return v.fail(f, "Is too common; choose a less predictable password.");
}

}  // namespace lineport::auth

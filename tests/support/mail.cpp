#include "support/mail.h"

#include <regex>

namespace lineport::testing {
namespace {

std::string header(const std::string& message, const std::string& name) {
  const std::regex pattern("(^|\r?\n)" + name + ": ([^\r\n]*)", std::regex::icase);
  std::smatch m;
  return std::regex_search(message, m, pattern) ? m[2].str() : "";
}

}  // namespace

std::optional<std::string> mail_field(const std::string& message, const std::string& label) {
  const std::regex pattern("(^|\n)" + label + ": ([^\r\n]+)");
  std::smatch m;
  if (!std::regex_search(message, m, pattern)) return std::nullopt;
  return m[2].str();
}

std::string mail_event(const std::string& message) {
  return header(message, "X-Lineport-Event");
}
std::string mail_recipient(const std::string& message) {
  return header(message, "To");
}

}  // namespace lineport::testing

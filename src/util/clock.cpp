#include "util/clock.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <sstream>

namespace lineport {

UnixSeconds SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string to_rfc3339(UnixSeconds t) {
  const date::sys_seconds tp{std::chrono::seconds{t}};
  return date::format("%FT%TZ", tp);
}

std::optional<UnixSeconds> parse_rfc3339(std::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  std::istringstream in{std::string(text)};
  date::sys_time<std::chrono::milliseconds> tp;
  if (text.back() == 'Z' || text.back() == 'z') {
    in >> date::parse("%FT%TZ", tp);
  } else {
    in >> date::parse("%FT%T%Ez", tp);
  }
  if (in.fail()) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(tp).time_since_epoch().count();
}

bool is_valid_timezone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace lineport

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

namespace {

UnixSeconds to_unix(const date::local_days& day, const date::time_zone* zone) {
  // choose::earliest: a midnight that DST skips begins at the first instant after the gap.
  const auto sys = zone->to_sys(date::local_seconds(day), date::choose::earliest);
  return sys.time_since_epoch().count();
}

date::local_days local_day_of(const date::time_zone* zone, UnixSeconds t) {
  const auto local = zone->to_local(date::sys_seconds{std::chrono::seconds{t}});
  return date::floor<date::days>(local);
}

}  // namespace

std::optional<UnixSeconds> local_midnight(std::string_view tz, std::string_view yyyy_mm_dd) {
  if (yyyy_mm_dd.size() != 10) return std::nullopt;
  std::istringstream in{std::string(yyyy_mm_dd)};
  date::year_month_day ymd{};
  in >> date::parse("%F", ymd);
  if (in.fail() || !ymd.ok()) return std::nullopt;
  return to_unix(date::local_days{ymd}, date::locate_zone(tz));
}

TimeRange month_containing(std::string_view tz, UnixSeconds t) {
  const auto* zone = date::locate_zone(tz);
  const date::year_month_day today{local_day_of(zone, t)};
  const auto first = today.year() / today.month() / 1;
  const auto next = first + date::months{1};
  return {to_unix(date::local_days{first}, zone), to_unix(date::local_days{date::year_month_day{next}}, zone)};
}

TimeRange month_before(std::string_view tz, UnixSeconds t) {
  const auto current = month_containing(tz, t);
  return month_containing(tz, current.from - 1);
}

TimeRange day_containing(std::string_view tz, UnixSeconds t) {
  const auto* zone = date::locate_zone(tz);
  const auto day = local_day_of(zone, t);
  return {to_unix(day, zone), to_unix(day + date::days{1}, zone)};
}

TimeRange last_7_days(std::string_view tz, UnixSeconds t) {
  const auto* zone = date::locate_zone(tz);
  const auto day = local_day_of(zone, t);
  return {to_unix(day - date::days{6}, zone), to_unix(day + date::days{1}, zone)};
}

}  // namespace lineport

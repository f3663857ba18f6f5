#include "util/clock.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace lineport {

UnixSeconds SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool write_rfc3339(char* out, UnixSeconds t) {
  const date::sys_seconds tp{std::chrono::seconds{t}};
  const auto day = std::chrono::floor<std::chrono::days>(tp);
  const std::chrono::year_month_day date{day};
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) return false;
  // What date::format("%FT%TZ") writes, without a stream: every time in every answer goes
  // through here (docs/performance.md#read-path).
  const auto seconds_of_day = static_cast<int>((tp - day).count());
  const auto put = [out](int at, int width, int value) {
    for (int i = at + width - 1; i >= at; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, year);
  out[4] = '-';
  put(5, 2, static_cast<int>(static_cast<unsigned>(date.month())));
  out[7] = '-';
  put(8, 2, static_cast<int>(static_cast<unsigned>(date.day())));
  out[10] = 'T';
  put(11, 2, seconds_of_day / 3600);
  out[13] = ':';
  put(14, 2, seconds_of_day / 60 % 60);
  out[16] = ':';
  put(17, 2, seconds_of_day % 60);
  out[19] = 'Z';
  return true;
}

std::string to_rfc3339(UnixSeconds t) {
  std::string text(rfc3339_size, '\0');
  if (write_rfc3339(text.data(), t)) return text;
  return date::format("%FT%TZ", date::sys_seconds{std::chrono::seconds{t}});  // not four digits
}

namespace {

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits_at(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

// Hand-written rather than through date::parse and a stream: usage ingest reads millions.
std::optional<UnixSeconds> parse_rfc3339(std::string_view text) {
  // 2026-11-22T17:28:13[.fraction](Z|+hh:mm|-hh:mm)
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  const auto year = digits_at(text, 0, 4), month = digits_at(text, 5, 2), day = digits_at(text, 8, 2);
  const auto hour = digits_at(text, 11, 2), minute = digits_at(text, 14, 2), second = digits_at(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                 date::day{static_cast<unsigned>(*day)}};
  // A leap second (:60) is accepted as the last second of its minute.
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::size_t pos = 19;
  if (text[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  int offset_seconds = 0;
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "z") {
    const auto oh = digits_at(zone, 1, 2), om = digits_at(zone, 4, 2);
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !oh || !om || *oh > 23 || *om > 59)
      return std::nullopt;
    offset_seconds = (zone[0] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
  }
  const auto days = date::sys_days{ymd}.time_since_epoch().count();
  return static_cast<UnixSeconds>(days) * 86400 + hours(*hour) + minutes(*minute) + std::min(*second, 59) -
         offset_seconds;
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

std::string local_date(std::string_view tz, UnixSeconds t) {
  return date::format("%F", local_day_of(date::locate_zone(tz), t));
}

std::vector<LocalDay> local_days(std::string_view tz, TimeRange range) {
  const auto* zone = date::locate_zone(tz);
  std::vector<LocalDay> out;
  for (auto day = local_day_of(zone, range.from);; day += date::days{1}) {
    const UnixSeconds start = to_unix(day, zone);
    if (start >= range.to) break;
    out.push_back({start, date::format("%F", day)});
  }
  return out;
}

}  // namespace lineport

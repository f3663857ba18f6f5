#pragma once
// Time as seconds since the Unix epoch, behind an interface so tests can move it.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lineport {

using UnixSeconds = std::int64_t;

// Durations in seconds, computed in 64 bits.
constexpr UnixSeconds minutes(std::int64_t n) {
  return n * 60;
}
constexpr UnixSeconds hours(std::int64_t n) {
  return n * 3600;
}
constexpr UnixSeconds days(std::int64_t n) {
  return n * 86400;
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds now() const override;
};

// A clock that moves only when told to (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixSeconds start) : now_(start) {}
  UnixSeconds now() const override { return now_.load(); }
  void advance(UnixSeconds seconds) { now_ += seconds; }

 private:
  std::atomic<UnixSeconds> now_;
};

// "2026-11-22T17:28:13Z"
std::string to_rfc3339(UnixSeconds t);
// Writes the rfc3339_size characters of to_rfc3339(t) at `out` when its year has four digits
// (0000-9999); otherwise writes nothing and returns false. For writers that avoid a string per time.
constexpr std::size_t rfc3339_size = 20;
bool write_rfc3339(char* out, UnixSeconds t);
// Accepts any RFC 3339 date-time (with an offset or Z, optional fraction, truncated to seconds).
std::optional<UnixSeconds> parse_rfc3339(std::string_view text);

// True when `name` is an IANA time zone known to the system's zoneinfo.
bool is_valid_timezone(std::string_view name);

// The instant local midnight begins on `yyyy_mm_dd` in time zone `tz` (DST-aware); nullopt for a
// malformed or impossible date. `tz` must be valid.
std::optional<UnixSeconds> local_midnight(std::string_view tz, std::string_view yyyy_mm_dd);

// A half-open interval of time.
struct TimeRange {
  UnixSeconds from;
  UnixSeconds to;
};

// Calendar months in `tz`: the one containing `t`, and the one before it.
TimeRange month_containing(std::string_view tz, UnixSeconds t);
TimeRange month_before(std::string_view tz, UnixSeconds t);
// The local day containing `t`, and the 7 local days ending with it.
TimeRange day_containing(std::string_view tz, UnixSeconds t);
TimeRange last_7_days(std::string_view tz, UnixSeconds t);

// The local calendar date ("2026-11-22") of `t` in `tz`.
std::string local_date(std::string_view tz, UnixSeconds t);

// The local days of `tz` that begin inside `range` (ranges from the functions above begin at a
// local midnight, so that is every day of the range), in order, with the instant each begins.
struct LocalDay {
  UnixSeconds start;
  std::string date;  // "2026-11-22"
};
std::vector<LocalDay> local_days(std::string_view tz, TimeRange range);

}  // namespace lineport

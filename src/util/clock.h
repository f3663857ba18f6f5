#pragma once
// Time as seconds since the Unix epoch, behind an interface so tests can move it.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineport {

using UnixSeconds = std::int64_t;

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
// Accepts any RFC 3339 date-time (with an offset or Z, optional fraction, truncated to seconds).
std::optional<UnixSeconds> parse_rfc3339(std::string_view text);

// True when `name` is an IANA time zone known to the system's zoneinfo.
bool is_valid_timezone(std::string_view name);

}  // namespace lineport

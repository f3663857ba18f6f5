#pragma once
// In-memory limits kept per key (a client address or an identity).

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/clock.h"

namespace lineport {

// Token bucket: `rate` tokens per second refill a bucket of `burst` tokens; each request takes
// one. Buckets idle long enough to be full again are dropped, so memory follows active clients.
class TokenBucketLimiter {
 public:
  TokenBucketLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // 0 when allowed; otherwise the whole seconds to wait (for Retry-After).
  int take(const std::string& key);

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Bucket {
    double tokens;
    TimePoint updated;
  };
  void sweep(TimePoint now);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  TimePoint last_sweep_{};
};

// Counts failures per key in a fixed window that starts at the first failure.
class FailureWindow {
 public:
  FailureWindow(const Clock& clock, int max_failures, UnixSeconds window)
      : clock_(clock), max_failures_(max_failures), window_(window) {}

  // Seconds until the key may try again, or 0 when it may try now.
  int blocked_for(const std::string& key);
  void record_failure(const std::string& key);

 private:
  struct Entry {
    int failures;
    UnixSeconds window_start;
  };

  const Clock& clock_;
  int max_failures_;
  UnixSeconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace lineport

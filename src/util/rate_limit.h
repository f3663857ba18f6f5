#pragma once
// In-memory limits kept per key (a client address or an identity). Failed attempts are counted
// in the database instead (domain/auth/attempts.h): those must hold under concurrency and across
// servers.

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

}  // namespace lineport

#include "util/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace lineport {

int TokenBucketLimiter::take(const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  sweep(now);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

void TokenBucketLimiter::sweep(TimePoint now) {
  if (now - last_sweep_ < std::chrono::seconds(60)) return;
  last_sweep_ = now;
  const double refill_seconds = burst_ / rate_;
  std::erase_if(buckets_, [&](const auto& entry) {
    return std::chrono::duration<double>(now - entry.second.updated).count() > refill_seconds;
  });
}

int FailureWindow::blocked_for(const std::string& key) {
  const UnixSeconds now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  const UnixSeconds ends = it->second.window_start + window_;
  if (now >= ends) {
    entries_.erase(it);
    return 0;
  }
  return it->second.failures >= max_failures_ ? static_cast<int>(ends - now) : 0;
}

void FailureWindow::record_failure(const std::string& key) {
  const UnixSeconds now = clock_.now();
  std::lock_guard lock(mutex_);
  if (entries_.size() > 100000) {
    std::erase_if(entries_, [&](const auto& e) { return now >= e.second.window_start + window_; });
  }
  auto [it, inserted] = entries_.try_emplace(key, Entry{0, now});
  if (now >= it->second.window_start + window_) it->second = Entry{0, now};
  ++it->second.failures;
}

}  // namespace lineport

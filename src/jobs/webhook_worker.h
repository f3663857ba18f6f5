#pragma once
// Sends webhook deliveries (docs/webhooks.md#delivery): claims one due delivery at a time with a
// lease (webhook_deliveries.claimed_until), sends it outside any transaction, then records the
// attempt and marks the delivery delivered, retried later (exponential backoff with jitter over
// about two days) or failed. A 410 turns the webhook off at once; failing for 3 days in a row
// does too. A worker killed mid-send leaves its lease to expire: another pass sends the delivery
// again, so delivery is at least once and receivers deduplicate on webhook-id.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::curl {
class Easy;
}

namespace lineport::jobs {

struct WebhookSettings {
  bool allow_private = false;  // targets may resolve to internal addresses (tests, closed networks)
  int senders = 2;             // threads sending at once: one slow receiver does not stop the others
  int poll_interval_ms = 500;
  long timeout_seconds = 10;  // for the whole request, connection included
};

// The attempts of one delivery: the first, then one after each of the waits of the schedule.
inline constexpr int webhook_max_attempts = 13;
// Seconds to wait after the `attempts`-th failed attempt (1-based), before jitter: 5 s, 30 s,
// 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then 12 h (about 52 hours in all).
std::int64_t webhook_retry_delay(int attempts);
// The delay with ±20% jitter, so that deliveries that failed together do not retry together.
std::int64_t webhook_retry_delay_with_jitter(int attempts);

class WebhookWorker {
 public:
  WebhookWorker(storage::Database& db, const Clock& clock, std::string secrets_key, WebhookSettings settings);
  ~WebhookWorker();  // stops
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void start();
  // Finishes the requests in hand, then returns.
  void stop();
  // Asks for a pass now (after committing a transaction that queued deliveries).
  void wake();

  // Sends every delivery due now on the calling thread; returns how many attempts it made.
  std::size_t deliver_due();

 private:
  // Claims, sends and records one delivery due by `due_by`; false when none is due.
  bool deliver_one(UnixSeconds due_by, curl::Easy& curl);
  void run();

  storage::Database& db_;
  const Clock& clock_;
  std::string secrets_key_;
  WebhookSettings settings_;

  std::mutex wait_mutex_;
  std::condition_variable wait_cv_;
  std::uint64_t wakes_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace lineport::jobs

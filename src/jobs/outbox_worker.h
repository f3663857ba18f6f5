#pragma once
// Delivers the mail outbox (SPEC §8): claims due messages in a short write transaction, sends
// them outside any transaction, then marks each sent or schedules a retry with exponential
// backoff. A claim is a lease (outbox.claimed_until), so the claims of a worker that crashed
// expire and another worker takes the messages over: a message is never lost, and a crash
// between send and mark resends it at most once (the spool overwrites nothing: same file name).

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mail/transport.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::jobs {

struct MailSettings {
  std::string spool_dir;  // exactly one of spool_dir and smtp_url is set
  std::string smtp_url;   // smtp://host:port or smtps://host:port
  std::string smtp_username;
  std::string smtp_password;
  std::string from;  // "Lineport <no-reply@example.com>"
  int max_attempts = 10;
  int base_backoff_seconds = 5;
  int poll_interval_ms = 500;
};

// Seconds to wait after the `attempts`-th failed attempt (1-based): base × 2^(attempts-1),
// at most one hour and at least one second.
std::int64_t retry_delay_seconds(int attempts, int base_backoff_seconds);

// The transport the settings select. Throws std::invalid_argument unless exactly one of
// spool_dir and smtp_url is set.
std::unique_ptr<mail::Transport> make_transport(const MailSettings& settings);

class OutboxWorker {
 public:
  // Throws std::invalid_argument for unusable settings (see make_transport; `from` must be an
  // address or "Name <address>").
  OutboxWorker(storage::Database& db, const Clock& clock, MailSettings settings);
  // With a given transport (tests, or a transport the caller built).
  OutboxWorker(storage::Database& db, const Clock& clock, MailSettings settings,
               std::unique_ptr<mail::Transport> transport);
  ~OutboxWorker();  // stops
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Delivers in a background thread: a pass every poll_interval_ms, or sooner after wake().
  void start();
  // Finishes the message in hand, hands back the rest of its claim, then returns.
  void stop();
  // Asks for a pass now (call after committing a transaction that enqueued mail).
  void wake();

  // One pass: delivers every message due now, returns how many were sent. Failed attempts are
  // rescheduled (or given up after max_attempts). Throws when the database fails.
  std::size_t deliver_due();

 private:
  struct Claimed {
    mail::OutgoingMail mail;
    int attempts = 0;  // including this one
  };
  struct Outcome {
    std::string id;
    std::string event;
    int attempts = 0;
    bool sent = false;
    bool permanent = false;  // the message cannot be sent, whatever the retries
    std::string error;
    UnixSeconds at = 0;
  };

  std::vector<Claimed> claim(UnixSeconds now);
  Outcome attempt(const Claimed& c);
  void record(const Outcome& o);
  void release(const std::vector<Claimed>& batch, std::size_t from);
  void flush_unrecorded();
  void run();

  storage::Database& db_;
  const Clock& clock_;
  MailSettings settings_;
  std::unique_ptr<mail::Transport> transport_;

  std::mutex pass_mutex_;            // one pass at a time (deliver_due may also be called directly)
  std::vector<Outcome> unrecorded_;  // outcomes the database refused to store; retried first

  std::mutex wait_mutex_;
  std::condition_variable wait_cv_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lineport::jobs

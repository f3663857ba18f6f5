#pragma once
// Delivers the outbox (docs/product.md#alerts-and-notifications): claims due messages in a short write transaction,
// sends them outside any transaction (email through the mail transport, SMS through the SMS transport, by the message's
// channel), then marks each sent or schedules a retry with exponential backoff. A message refused for good, or out of
// attempts, is dead: marked failed, and the dead-letter handler runs in that same transaction. A claim is a lease
// (outbox.claimed_until), so the claims of a worker that crashed expire and another worker takes
// the messages over: a message is never lost, and a crash between send and mark resends it at most
// once (the spool overwrites nothing: same file name).

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mail/transport.h"
#include "sms/sms_transport.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::jobs {

struct MailSettings {
  std::string spool_dir;  // exactly one of spool_dir and smtp_url is set
  std::string smtp_url;   // smtp://host:port or smtps://host:port
  std::string smtp_username;
  std::string smtp_password;
  std::string from;  // "Lineport <no-reply@example.com>"
  // Text messages: a spool directory (one .json per message) or an HTTP gateway, at most one.
  // With neither, SMS messages are retried until a worker that has one takes them.
  std::string sms_spool_dir;
  std::string sms_gateway_url;    // http(s)://… receiving POST {"id","to","text"}
  std::string sms_gateway_token;  // "Authorization: Bearer <token>" when set
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

// The SMS transport the settings select, or nullptr when they select none. Throws
// std::invalid_argument when both sms_spool_dir and sms_gateway_url are set, or for an unusable
// gateway URL or token.
std::unique_ptr<sms::SmsTransport> make_sms_transport(const MailSettings& settings);

// A message the worker gave up on: refused for good, or out of attempts.
struct DeadMessage {
  std::string id;                  // outbox id
  std::string event;               // e.g. "account_invitation"
  std::optional<std::string> ref;  // what it was about, e.g. "account_invitation:<account id>"
  std::string channel;             // "email" or "sms"
  std::string last_error;
};

// Runs inside the write transaction that marks the message failed, so what it writes commits
// with that mark or not at all.
using DeadLetterHandler = std::function<void(storage::Connection&, const DeadMessage&)>;

// Renders a message stored with template_data (see mail::Message) when it is about to be sent,
// inside a read transaction. Only subject, text, html and qr_link of its result are used. Throws
// std::invalid_argument when the data cannot be rendered: the message is then given up.
using Renderer = std::function<mail::Message(storage::Connection&, const mail::Message&)>;

// Enqueues messages that were recorded in bulk (a CSV import's invitations), a bounded number per
// call in its own transaction. Returns true when it did some: another pass then follows at once.
using Filler = std::function<bool()>;

class OutboxWorker {
 public:
  // Throws std::invalid_argument for unusable settings (see make_transport; `from` must be an
  // address or "Name <address>").
  OutboxWorker(storage::Database& db, const Clock& clock, const MailSettings& settings);
  // With a given mail transport (tests, or a transport the caller built); the SMS transport
  // comes from the settings.
  OutboxWorker(storage::Database& db, const Clock& clock, const MailSettings& settings,
               std::unique_ptr<mail::Transport> transport);
  // With both transports given; `sms_transport` may be null (SMS messages then wait).
  OutboxWorker(storage::Database& db, const Clock& clock, MailSettings settings,
               std::unique_ptr<mail::Transport> transport, std::unique_ptr<sms::SmsTransport> sms_transport);
  ~OutboxWorker();  // stops
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Delivers in a background thread: a pass every poll_interval_ms, or sooner after wake().
  void start();
  // Finishes the message in hand, hands back the rest of its claim, then returns.
  void stop();
  // Asks for a pass now (call after committing a transaction that enqueued mail).
  void wake();

  // Runs `handler` once for each message given up on, inside the transaction that marks it
  // failed (replaces any earlier handler; register it before start()). When the handler throws,
  // that transaction rolls back and the message is marked failed without it, so a broken
  // handler cannot hold up the outbox; only a database that is unavailable makes the worker try
  // the whole thing again.
  void on_dead_letter(DeadLetterHandler handler);

  // Renders the messages of `event` stored with template_data (replaces any earlier renderer of
  // that event; register it before start()). The rendered message is validated like any other:
  // one that cannot be rendered or fails validation dies (dead letter). Without a renderer for
  // its event a message waits, as text messages wait for a worker with an SMS transport.
  void on_render(std::string event, Renderer renderer);

  // Runs `fill` at the start of every pass, before due messages are claimed (replaces any earlier
  // one; register it before start()). When it throws, the error is logged and the pass goes on.
  void on_pass(Filler fill);

  // One pass: delivers every message due now, returns how many were sent. Failed attempts are
  // rescheduled (or given up after max_attempts). Throws when the database fails.
  std::size_t deliver_due();

 private:
  struct Claimed {
    mail::OutgoingMail mail;
    int attempts = 0;        // including this one
    std::int64_t lease = 0;  // the claimed_until of this claim: the message is ours while it holds
  };
  struct Outcome {
    std::string id;
    std::string event;
    std::string channel;
    std::optional<std::string> ref;
    int attempts = 0;
    bool sent = false;
    bool permanent = false;  // the message cannot be sent, whatever the retries
    std::string error;
    UnixSeconds at = 0;
    std::int64_t lease = 0;  // of the claim (Claimed::lease)
  };

  std::vector<Claimed> claim(UnixSeconds due_by);
  Outcome attempt(const Claimed& c);
  std::optional<Claimed> rendered(const Claimed& c, Outcome& o);
  void send(const Claimed& c, Outcome& o);
  void send_sms(const Claimed& c, Outcome& o);
  void record(const Outcome& o);
  void record_dead(const Outcome& o, std::int64_t next_attempt_at);
  void release(const std::vector<Claimed>& batch, std::size_t from);
  void flush_unrecorded();
  void fill();
  void run();

  storage::Database& db_;
  const Clock& clock_;
  MailSettings settings_;
  std::unique_ptr<mail::Transport> transport_;
  std::unique_ptr<sms::SmsTransport> sms_transport_;
  std::int64_t lease_seconds_ = 0;                          // how long a claim lasts
  DeadLetterHandler dead_letter_;                           // guarded by pass_mutex_
  std::map<std::string, Renderer, std::less<>> renderers_;  // by event; guarded by pass_mutex_
  Filler fill_;                                             // guarded by pass_mutex_

  std::mutex pass_mutex_;            // one pass at a time (deliver_due may also be called directly)
  std::vector<Outcome> unrecorded_;  // outcomes the database refused to store; retried first

  std::mutex wait_mutex_;
  std::condition_variable wait_cv_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lineport::jobs

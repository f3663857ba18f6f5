#include "jobs/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "mail/smtp_transport.h"
#include "mail/spool_transport.h"
#include "sms/http_gateway_transport.h"
#include "sms/spool_sms_transport.h"
#include "storage/queries/outbox.h"
#include "util/text.h"

namespace lineport::jobs {
namespace {

namespace sql = storage::sql::outbox;

constexpr std::int64_t max_retry_delay_seconds = 3600;
constexpr std::int64_t claim_batch = 8;
constexpr long smtp_connect_timeout_seconds = 10;
constexpr long smtp_timeout_seconds = 60;
// Reading a template, rendering and recording, per message, besides its send.
constexpr std::int64_t lease_margin_seconds = 2;
constexpr std::size_t max_error_bytes = 1000;

std::string truncated(std::string s) {
  if (s.size() > max_error_bytes) s.resize(max_error_bytes);
  return s;
}

}  // namespace

std::int64_t retry_delay_seconds(int attempts, int base_backoff_seconds) {
  const int exponent = std::clamp(attempts - 1, 0, 20);
  const std::int64_t delay = static_cast<std::int64_t>(std::max(base_backoff_seconds, 0)) << exponent;
  return std::clamp<std::int64_t>(delay, 1, max_retry_delay_seconds);
}

std::unique_ptr<mail::Transport> make_transport(const MailSettings& settings) {
  if (!settings.spool_dir.empty() && !settings.smtp_url.empty())
    throw std::invalid_argument("mail: set either a spool directory or an SMTP URL, not both");
  if (!settings.smtp_url.empty())
    return std::make_unique<mail::SmtpTransport>(mail::SmtpOptions{settings.smtp_url, settings.smtp_username,
                                                                   settings.smtp_password, smtp_connect_timeout_seconds,
                                                                   smtp_timeout_seconds});
  if (!settings.spool_dir.empty()) return std::make_unique<mail::SpoolTransport>(settings.spool_dir);
  throw std::invalid_argument("mail: set a spool directory or an SMTP URL");
}

std::unique_ptr<sms::SmsTransport> make_sms_transport(const MailSettings& settings) {
  if (!settings.sms_spool_dir.empty() && !settings.sms_gateway_url.empty())
    throw std::invalid_argument("sms: set either a spool directory or a gateway URL, not both");
  if (!settings.sms_gateway_url.empty())
    return std::make_unique<sms::HttpGatewayTransport>(
        sms::HttpGatewayOptions{settings.sms_gateway_url, settings.sms_gateway_token});
  if (!settings.sms_spool_dir.empty()) return std::make_unique<sms::SpoolSmsTransport>(settings.sms_spool_dir);
  return nullptr;
}

OutboxWorker::OutboxWorker(storage::Database& db, const Clock& clock, const MailSettings& settings)
    : OutboxWorker(db, clock, settings, make_transport(settings)) {}

OutboxWorker::OutboxWorker(storage::Database& db, const Clock& clock, const MailSettings& settings,
                           std::unique_ptr<mail::Transport> transport)
    : OutboxWorker(db, clock, settings, std::move(transport), make_sms_transport(settings)) {}

OutboxWorker::OutboxWorker(storage::Database& db, const Clock& clock, MailSettings settings,
                           std::unique_ptr<mail::Transport> transport, std::unique_ptr<sms::SmsTransport> sms_transport)
    : db_(db),
      clock_(clock),
      settings_(std::move(settings)),
      transport_(std::move(transport)),
      sms_transport_(std::move(sms_transport)) {
  if (!transport_) throw std::invalid_argument("mail: no transport");
  if (settings_.from.find_first_of("\r\n") != std::string::npos || !text::is_email(mail::address_of(settings_.from)))
    throw std::invalid_argument("mail: the sender must be an address or \"Name <address>\"");
  // A claim outlives the slowest batch (every message of it timing out), or another server could
  // take over messages this one is still sending. A server killed with -9 leaves its claims that
  // long: 26 s with spools, about 10 minutes with SMTP's timeouts (docs/scaling.md#work-done-once).
  const auto longest_send = std::max(transport_->longest_send_seconds(),
                                     sms_transport_ ? sms_transport_->longest_send_seconds() : std::int64_t{0});
  lease_seconds_ = claim_batch * (longest_send + lease_margin_seconds) + lease_margin_seconds;
  settings_.max_attempts = std::max(settings_.max_attempts, 1);
  settings_.poll_interval_ms = std::max(settings_.poll_interval_ms, 10);
  spdlog::info("mail: delivering the outbox through {}", transport_->describe());
  if (sms_transport_)
    spdlog::info("sms: delivering text messages through {}", sms_transport_->describe());
  else
    spdlog::warn("sms: no SMS transport is configured: text messages wait in the outbox");
}

void OutboxWorker::on_dead_letter(DeadLetterHandler handler) {
  std::lock_guard pass(pass_mutex_);
  dead_letter_ = std::move(handler);
}

void OutboxWorker::on_render(std::string event, Renderer renderer) {
  std::lock_guard pass(pass_mutex_);
  renderers_[std::move(event)] = std::move(renderer);
}

void OutboxWorker::on_pass(Filler fill) {
  std::lock_guard pass(pass_mutex_);
  fill_ = std::move(fill);
}

OutboxWorker::~OutboxWorker() {
  stop();
}

void OutboxWorker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(wait_mutex_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  stopping_ = false;  // deliver_due may still be called directly
}

void OutboxWorker::wake() {
  {
    std::lock_guard lock(wait_mutex_);
    woken_ = true;
  }
  wait_cv_.notify_all();
}

void OutboxWorker::run() {
  while (!stopping_) {
    try {
      deliver_due();
    } catch (const std::exception& e) {
      spdlog::error("mail: outbox pass failed: {}", e.what());
    }
    std::unique_lock lock(wait_mutex_);
    wait_cv_.wait_for(lock, std::chrono::milliseconds(settings_.poll_interval_ms),
                      [&] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

void OutboxWorker::fill() {
  if (!fill_) return;
  try {
    if (fill_()) wake();  // more may be waiting: the next pass follows this one at once
  } catch (const std::exception& e) {
    spdlog::error("mail: filling the outbox failed: {}", e.what());
  }
}

std::size_t OutboxWorker::deliver_due() {
  std::lock_guard pass(pass_mutex_);
  flush_unrecorded();
  fill();
  // Due means due at the start of the pass: a retry scheduled during it waits for a later one.
  const UnixSeconds now = clock_.now();
  std::size_t sent = 0;
  while (!stopping_) {
    const std::vector<Claimed> batch = claim(now);
    if (batch.empty()) break;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (stopping_) {
        release(batch, i);
        return sent;
      }
      Outcome outcome = attempt(batch[i]);
      if (outcome.sent) ++sent;
      try {
        record(outcome);
      } catch (...) {
        // Kept in memory and stored first thing next pass: the lease keeps the message ours
        // meanwhile, so a database hiccup does not turn into a second send.
        unrecorded_.push_back(std::move(outcome));
        release(batch, i + 1);
        throw;
      }
    }
  }
  return sent;
}

std::vector<OutboxWorker::Claimed> OutboxWorker::claim(UnixSeconds due_by) {
  std::int64_t lease = 0;
  const storage::ResultSet rows = db_.write([&](storage::Connection& c) {
    // Servers claim one after another, not over each other's row locks.
    c.lock_among_servers(storage::ServerLock::outbox_claim);
    // The lease runs from now, not from the start of the pass (`due_by`), which may be long past.
    const std::int64_t now = clock_.now();
    lease = now + lease_seconds_;
    return c.query(sql::claim_due, {static_cast<std::int64_t>(due_by), lease, claim_batch, now});
  });
  constexpr auto col = sql::claimed_columns;
  std::vector<Claimed> batch;
  batch.reserve(rows.rows.size());
  for (const auto& r : rows.rows) {
    Claimed c;
    c.mail.id = r.text(col["id"]);
    c.mail.from = settings_.from;
    c.mail.date = r.integer(col["created_at"]);
    c.mail.message = mail::Message{.event = r.text(col["event"]),
                                   .to = r.text(col["recipient"]),
                                   .subject = r.text(col["subject"]),
                                   .text = r.text(col["body_text"]),
                                   .html = r.opt_text(col["body_html"]),
                                   .channel = r.text(col["channel"]),
                                   .ref = r.opt_text(col["ref"]),
                                   .qr_link = r.opt_text(col["qr_link"]),
                                   .template_data = r.opt_text(col["template_data"])};
    c.attempts = static_cast<int>(r.integer(col["attempts"]));
    c.lease = lease;
    batch.push_back(std::move(c));
  }
  // RETURNING follows no order: oldest first.
  std::sort(batch.begin(), batch.end(), [](const Claimed& a, const Claimed& b) {
    return a.mail.date != b.mail.date ? a.mail.date < b.mail.date : a.mail.id < b.mail.id;
  });
  return batch;
}

OutboxWorker::Outcome OutboxWorker::attempt(const Claimed& c) {
  const mail::Message& m = c.mail.message;
  Outcome o{c.mail.id, m.event, m.channel, m.ref, c.attempts};
  o.lease = c.lease;
  if (c.attempts > settings_.max_attempts) {
    // Only a worker that died during earlier attempts leaves the count this high.
    o.permanent = true;
    o.error = "gave up: attempts interrupted " + std::to_string(c.attempts - 1) + " times";
  } else if (m.template_data) {
    if (const auto ready = rendered(c, o)) {
      if (m.channel == mail::sms_channel)
        send_sms(*ready, o);
      else
        send(*ready, o);
    }
  } else if (m.channel == mail::sms_channel) {
    send_sms(c, o);
  } else {
    send(c, o);
  }
  o.at = clock_.now();
  return o;
}

// The message with its subject and bodies, or nothing (and why in `o`).
std::optional<OutboxWorker::Claimed> OutboxWorker::rendered(const Claimed& c, Outcome& o) {
  const auto renderer = renderers_.find(c.mail.message.event);
  if (renderer == renderers_.end()) {
    o.error = "no renderer for " + c.mail.message.event + " messages is registered";
    return std::nullopt;
  }
  try {
    const mail::Message body =
        db_.read([&](storage::Connection& conn) { return renderer->second(conn, c.mail.message); });
    Claimed ready = c;
    mail::Message& m = ready.mail.message;
    m.subject = body.subject;
    m.text = body.text;
    m.html = body.html;
    m.qr_link = body.qr_link;
    m.template_data.reset();
    mail::validate(m);
    return ready;
  } catch (const std::invalid_argument& e) {  // the data or what it renders to: for good
    o.permanent = true;
    o.error = std::string("cannot render the message: ") + e.what();
  } catch (const std::exception& e) {  // the database, most likely: maybe better next time
    o.error = std::string("cannot render the message now: ") + e.what();
  }
  return std::nullopt;
}

void OutboxWorker::send(const Claimed& c, Outcome& o) {
  try {
    transport_->send(c.mail);
    o.sent = true;
  } catch (const std::invalid_argument& e) {  // the message cannot be built
    o.permanent = true;
    o.error = e.what();
  } catch (const mail::PermanentDeliveryError& e) {
    o.permanent = true;
    o.error = e.what();
  } catch (const std::exception& e) {
    o.error = e.what();
  }
}

void OutboxWorker::send_sms(const Claimed& c, Outcome& o) {
  if (!sms_transport_) {
    o.error = "no SMS transport is configured";
    return;
  }
  const mail::Message& m = c.mail.message;
  sms::SendResult result;
  try {
    result = sms_transport_->send(sms::OutgoingSms{c.mail.id, m.to, m.text, m.event, c.mail.date});
  } catch (const std::exception& e) {  // out of memory and the like: maybe better next time
    result = sms::SendResult::retry(e.what());
  }
  o.sent = result.status == sms::SendStatus::sent;
  o.permanent = result.status == sms::SendStatus::permanent;
  o.error = std::move(result.reason);
}

void OutboxWorker::record(const Outcome& o) {
  if (o.sent) {
    db_.write([&](storage::Connection& c) { c.execute(sql::mark_sent, {o.id, static_cast<std::int64_t>(o.at)}); });
    spdlog::info("{} {} ({}) sent", o.channel, o.id, o.event);
    return;
  }
  const std::int64_t delay = retry_delay_seconds(o.attempts, settings_.base_backoff_seconds);
  if (o.permanent || o.attempts >= settings_.max_attempts) {
    record_dead(o, o.at + delay);
    spdlog::error("{} {} ({}) given up after {} attempts: {}", o.channel, o.id, o.event, o.attempts, o.error);
    return;
  }
  db_.write([&](storage::Connection& c) {
    c.execute(sql::mark_attempt_failed, {o.id, static_cast<std::int64_t>(o.at + delay), truncated(o.error), o.lease});
  });
  spdlog::warn("{} {} ({}) attempt {} of {} failed, retrying in {}s: {}", o.channel, o.id, o.event, o.attempts,
               settings_.max_attempts, delay, o.error);
}

void OutboxWorker::record_dead(const Outcome& o, std::int64_t next_attempt_at) {
  const DeadMessage dead{o.id, o.event, o.ref, o.channel, truncated(o.error)};
  bool handler_failed = false;
  const auto mark_failed = [&](storage::Connection& c, bool with_handler) {
    // Only a message still pending and still ours becomes dead, and only once: a crashed worker's
    // resend may have won, another worker may have claimed it once our lease ran out, or an
    // earlier record of this outcome may have committed after all.
    const bool marked = c.execute(sql::mark_dead, {o.id, next_attempt_at, dead.last_error,
                                                   static_cast<std::int64_t>(o.at), o.lease}) > 0;
    if (!marked || !with_handler || !dead_letter_) return;
    try {
      dead_letter_(c, dead);
    } catch (...) {
      handler_failed = true;
      throw;
    }
  };
  try {
    db_.write([&](storage::Connection& c) { mark_failed(c, true); });
  } catch (const std::exception& e) {
    const auto* db_error = dynamic_cast<const storage::DatabaseError*>(&e);
    if (!handler_failed || (db_error && db_error->kind() == storage::DatabaseError::Kind::unavailable)) throw;
    spdlog::error("{} {} ({}): the dead-letter handler failed, marking it failed without: {}", o.channel, o.id, o.event,
                  e.what());
    db_.write([&](storage::Connection& c) { mark_failed(c, false); });
  }
}

void OutboxWorker::release(const std::vector<Claimed>& batch, std::size_t from) {
  if (from >= batch.size()) return;
  try {
    db_.write([&](storage::Connection& c) {
      for (std::size_t i = from; i < batch.size(); ++i)
        c.execute(sql::release_claim, {batch[i].mail.id, batch[i].lease});
    });
  } catch (const std::exception& e) {
    // Harmless: the claims expire with their lease.
    spdlog::warn("mail: could not hand back {} claimed messages: {}", batch.size() - from, e.what());
  }
}

void OutboxWorker::flush_unrecorded() {
  while (!unrecorded_.empty()) {
    record(unrecorded_.front());
    unrecorded_.erase(unrecorded_.begin());
  }
}

}  // namespace lineport::jobs

#include "jobs/webhook_worker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "domain/webhooks/destination.h"
#include "domain/webhooks/signature.h"
#include "domain/webhooks/webhooks.h"
#include "storage/queries/webhooks.h"
#include "util/crypto.h"
#include "util/curl_easy.h"
#include "util/text.h"

namespace lineport::jobs {
namespace {

namespace sql = storage::sql::webhooks;

// A claim outlives the request it covers (timeout plus the time to record it) and no more: a
// server killed mid-send hands its delivery to another pass soon.
constexpr std::int64_t lease_margin_seconds = 20;
// What an attempt keeps of the receiver's answer.
constexpr std::size_t max_excerpt_bytes = 1024;
// Failing this long in a row turns a webhook off.
constexpr UnixSeconds failing_limit = days(3);

struct Claimed {
  std::string id;
  std::string webhook_id;
  std::string message_id;
  std::string payload;
  std::int64_t attempt = 0;  // this one, 1-based
  std::string url;
  std::vector<std::string> secrets;  // the current one, then the previous one while it still signs
};

struct Result {
  UnixSeconds at = 0;
  std::optional<long> status;
  std::int64_t latency_ms = 0;
  std::string excerpt;
  std::string error;
  bool delivered() const { return status && *status >= 200 && *status <= 299; }
  bool gone() const { return status && *status == 410; }
};

// Keeps the first 1 KiB of the answer, then stops the transfer: a receiver cannot hold a sender
// by streaming a large body.
std::size_t keep_excerpt(char* data, std::size_t size, std::size_t count, void* user) {
  auto* excerpt = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (excerpt->size() >= max_excerpt_bytes) return 0;
  excerpt->append(data, std::min(n, max_excerpt_bytes - excerpt->size()));
  return n;
}

// The excerpt as text a database column takes: control characters become spaces, and bytes of
// what is not UTF-8 (or a character cut at the 1 KiB mark) become '?'.
std::string storable(std::string text) {
  for (auto& c : text)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) c = ' ';
  if (!text::is_valid_utf8(text))
    for (auto& c : text)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  return text;
}

// The socket for each address curl is about to connect to, after it resolved the host within the
// request's timeout: an internal address gets none unless private targets are allowed. Checking
// here, on the very address of the connection, leaves no gap for a name that answers one thing
// to a check and another to the connection.
struct SocketGuard {
  bool allow_private = false;
  bool refused = false;
};

curl_socket_t open_checked_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* where = nullptr;
  if (address->family == AF_INET)
    where = &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr;
  else if (address->family == AF_INET6)
    where = &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr;
  const bool known = where && inet_ntop(address->family, where, text.data(), text.size());
  if (!guard->allow_private && (!known || webhooks::is_internal_address(text.data()))) {
    guard->refused = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// What an attempt records of a transfer that failed. Receivers' administrators read it, so it says
// what they can act on and nothing of the server's own network (which names resolve, to what).
std::string attempt_error(const curl::Outcome& outcome, const SocketGuard& guard) {
  if (guard.refused || outcome.code == CURLE_COULDNT_RESOLVE_HOST)
    return "the host did not resolve to a public address";
  if (outcome.code == CURLE_OPERATION_TIMEDOUT) return "no answer within 10 seconds";
  if (outcome.code == CURLE_COULDNT_CONNECT) return "the connection was refused";
  if (outcome.code == CURLE_PEER_FAILED_VERIFICATION || outcome.code == CURLE_SSL_CONNECT_ERROR)
    return "the TLS connection failed (certificate not trusted or handshake refused)";
  return curl_easy_strerror(outcome.code);
}

Result send(const Claimed& d, const Clock& clock, const WebhookSettings& settings, curl::Easy& easy) {
  Result r;
  r.at = clock.now();
  std::string why;
  if (!webhooks::parse_url(d.url, why)) {
    r.error = "the URL cannot be used: " + why;
    return r;
  }
  curl::List headers;
  headers.append("Content-Type: application/json");
  headers.append("User-Agent: Lineport-Webhooks/1");
  headers.append("webhook-id: " + d.message_id);
  headers.append("webhook-timestamp: " + std::to_string(r.at));
  headers.append("webhook-signature: " + webhooks::signature_header(d.secrets, d.message_id, r.at, d.payload));
  headers.append("Expect:");

  SocketGuard guard{settings.allow_private};
  CURL* curl = easy.start();
  curl_easy_setopt(curl, CURLOPT_URL, d.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // never through a proxy the environment names
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, d.payload.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.payload.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_excerpt);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.excerpt);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings.timeout_seconds);  // name lookup included
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(5L, settings.timeout_seconds));

  const auto started = std::chrono::steady_clock::now();
  const auto outcome = easy.perform();
  r.latency_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  // Reading stops after the first 1 KiB (keep_excerpt): the status line came before it.
  const bool answered = outcome.ok() || (outcome.code == CURLE_WRITE_ERROR && outcome.response > 0);
  if (answered)
    r.status = outcome.response;
  else
    r.error = attempt_error(outcome, guard);
  r.excerpt = storable(std::move(r.excerpt));
  return r;
}

// Records the attempt of a delivery claimed with `lease`, unless the claim was lost meanwhile.
void record(storage::Database& db, const Clock& clock, const Claimed& claimed, std::int64_t lease, const Result& result,
            bool our_fault) {
  db.write([&](storage::Connection& conn) {
    const bool last = claimed.attempt >= webhook_max_attempts;
    std::int64_t changed = 0;
    if (result.delivered())
      changed = conn.execute(sql::mark_delivered, {claimed.id, lease});
    else if (result.gone() || last)
      changed = conn.execute(sql::mark_failed, {claimed.id, lease});
    else
      changed = conn.execute(
          sql::mark_retry,
          {claimed.id, lease, result.at + webhook_retry_delay_with_jitter(static_cast<int>(claimed.attempt))});
    if (changed == 0) return;  // the lease ran out (another worker has it) or the webhook was deleted
    conn.execute(
        sql::insert_attempt,
        sql::InsertAttempt{.delivery_id = claimed.id,
                           .attempt = claimed.attempt,
                           .attempted_at = result.at,
                           .status_code = result.status ? std::optional<std::int64_t>(*result.status) : std::nullopt,
                           .latency_ms = result.latency_ms,
                           .response_excerpt = result.status ? std::optional(result.excerpt) : std::nullopt,
                           .error = result.error.empty() ? std::nullopt : std::optional(result.error)}
            .params());
    if (result.delivered()) {
      conn.execute(sql::mark_succeeding, {claimed.webhook_id});
    } else if (result.gone()) {
      webhooks::disable(conn, clock, claimed.webhook_id, "gone");
    } else if (!our_fault) {
      const auto failing = conn.query(sql::mark_failing, {claimed.webhook_id, result.at});
      if (!failing.empty() && result.at - failing.one().integer(0) >= failing_limit)
        webhooks::disable(conn, clock, claimed.webhook_id, "failing");
    }
  });
  if (!result.delivered())
    spdlog::info("webhooks: delivery {} attempt {} failed: {}", claimed.id, claimed.attempt,
                 result.error.empty() ? "HTTP " + std::to_string(result.status.value_or(0)) : result.error);
}

}  // namespace

std::int64_t webhook_retry_delay(int attempts) {
  static constexpr std::array<std::int64_t, 10> waits{5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200};
  const auto i = static_cast<std::size_t>(std::clamp(attempts, 1, static_cast<int>(waits.size())) - 1);
  return waits[i];
}

std::int64_t webhook_retry_delay_with_jitter(int attempts) {
  const std::int64_t base = webhook_retry_delay(attempts);
  const auto spread = static_cast<std::uint32_t>(base * 2 / 5);  // ±20%
  return std::max<std::int64_t>(1, base - spread / 2 + randombytes_uniform(spread + 1));
}

WebhookWorker::WebhookWorker(storage::Database& db, const Clock& clock, std::string secrets_key,
                             WebhookSettings settings)
    : db_(db), clock_(clock), secrets_key_(std::move(secrets_key)), settings_(settings) {}

WebhookWorker::~WebhookWorker() {
  stop();
}

void WebhookWorker::start() {
  for (int i = 0; i < std::max(1, settings_.senders); ++i) threads_.emplace_back([this] { run(); });
}

void WebhookWorker::stop() {
  {
    std::lock_guard lock(wait_mutex_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void WebhookWorker::wake() {
  {
    std::lock_guard lock(wait_mutex_);
    ++wakes_;
  }
  wait_cv_.notify_all();
}

void WebhookWorker::run() {
  curl::Easy easy;
  while (!stopping_) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(wait_mutex_);
      seen = wakes_;
    }
    try {
      const UnixSeconds now = clock_.now();
      while (!stopping_ && deliver_one(now, easy)) {
      }
    } catch (const std::exception& e) {
      spdlog::error("webhooks: delivery pass failed: {}", e.what());
    }
    std::unique_lock lock(wait_mutex_);
    wait_cv_.wait_for(lock, std::chrono::milliseconds(settings_.poll_interval_ms),
                      [&] { return wakes_ != seen || stopping_.load(); });
  }
}

std::size_t WebhookWorker::deliver_due() {
  curl::Easy easy;
  // Due means due at the start of the pass: a retry scheduled during it waits for a later one.
  const UnixSeconds now = clock_.now();
  std::size_t attempts = 0;
  while (deliver_one(now, easy)) ++attempts;
  return attempts;
}

bool WebhookWorker::deliver_one(UnixSeconds due_by, curl::Easy& easy) {
  std::int64_t lease = 0;
  const auto claimed = db_.write([&](storage::Connection& conn) -> std::optional<Claimed> {
    // The claim picks a delivery by what other servers have claimed (one per webhook at a
    // time), so it must see their claims: one server claims at a time.
    conn.lock_among_servers(storage::ServerLock::webhook_claim);
    const auto now = clock_.now();
    lease = now + settings_.timeout_seconds + lease_margin_seconds;
    const auto rows = conn.query(sql::claim_due, {due_by, lease, std::int64_t{1}, now});
    if (rows.empty()) return std::nullopt;
    constexpr auto c = sql::claimed_columns;
    const auto& row = rows.one();
    Claimed d{row.text(c["id"]),
              row.text(c["webhook_id"]),
              row.text(c["message_id"]),
              row.text(c["payload"]),
              row.integer(c["attempts"]),
              {},
              {}};
    constexpr auto t = sql::target_columns;
    const auto& target = conn.query(sql::select_target, {d.webhook_id}).one();
    d.url = target.text(t["url"]);
    d.secrets.push_back(crypto::open(secrets_key_, target.text(t["secret"])).value_or(""));
    if (!target.is_null(t["previous_secret"]) && target.integer(t["previous_secret_until"]) > now)
      d.secrets.push_back(crypto::open(secrets_key_, target.text(t["previous_secret"])).value_or(""));
    return d;
  });
  if (!claimed) return false;

  // What went wrong on this side (an unreadable secret, an attempt that threw) is recorded like a
  // receiver's failure but does not count toward turning the webhook off.
  Result result;
  bool our_fault = false;
  if (claimed->attempt > webhook_max_attempts) {
    // Attempts that never got recorded (a worker killed each time): give up as the schedule would.
    result.at = clock_.now();
    result.error = "given up: earlier attempts were interrupted";
    our_fault = true;
  } else if (std::any_of(claimed->secrets.begin(), claimed->secrets.end(), [](const auto& s) { return s.empty(); })) {
    result.at = clock_.now();
    result.error = "the webhook's secret cannot be read with this server's secret key (rotate it)";
    our_fault = true;
  } else {
    try {
      result = send(*claimed, clock_, settings_, easy);
    } catch (const std::exception& e) {
      spdlog::error("webhooks: delivery {}: {}", claimed->id, e.what());
      result.at = clock_.now();
      result.error = "the server could not send it";
      our_fault = true;
    }
  }
  record(db_, clock_, *claimed, lease, result, our_fault);
  return true;
}

}  // namespace lineport::jobs

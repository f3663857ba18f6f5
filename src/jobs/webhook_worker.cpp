#include "jobs/webhook_worker.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

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

std::size_t keep_excerpt(char* data, std::size_t size, std::size_t count, void* user) {
  auto* excerpt = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (excerpt->size() < max_excerpt_bytes) excerpt->append(data, std::min(n, max_excerpt_bytes - excerpt->size()));
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

// The addresses the request may connect to, or why it may not go at all.
std::vector<std::string> allowed_addresses(const webhooks::Destination& d, bool allow_private, std::string& why) {
  std::vector<std::string> addresses;
  try {
    addresses = webhooks::resolve(d.host, d.port);
  } catch (const std::runtime_error& e) {
    why = e.what();
    return {};
  }
  if (allow_private) return addresses;
  for (const auto& a : addresses)
    if (webhooks::is_internal_address(a)) {
      why = "refused: " + d.host + " resolves to " + a + ", an internal address";
      return {};
    }
  return addresses;
}

Result send(const Claimed& d, const Clock& clock, const WebhookSettings& settings, curl::Easy& easy) {
  Result r;
  r.at = clock.now();
  std::string why;
  const auto destination = webhooks::parse_url(d.url, why);
  if (!destination) {
    r.error = "the URL cannot be used: " + why;
    return r;
  }
  const auto addresses = allowed_addresses(*destination, settings.allow_private, why);
  if (addresses.empty()) {
    r.error = why;
    return r;
  }
  // The request connects to the addresses just checked, not to what a second lookup might answer.
  std::string pinned = destination->host + ":" + std::to_string(destination->port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i) pinned += ',';
    pinned += addresses[i].find(':') == std::string::npos ? addresses[i] : "[" + addresses[i] + "]";
  }
  curl::List resolve;
  resolve.append(pinned);

  curl::List headers;
  headers.append("Content-Type: application/json");
  headers.append("User-Agent: Lineport-Webhooks/1");
  headers.append("webhook-id: " + d.message_id);
  headers.append("webhook-timestamp: " + std::to_string(r.at));
  headers.append("webhook-signature: " + webhooks::signature_header(d.secrets, d.message_id, r.at, d.payload));
  headers.append("Expect:");

  CURL* curl = easy.start();
  curl_easy_setopt(curl, CURLOPT_URL, d.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // never through a proxy the environment names
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, d.payload.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.payload.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_excerpt);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.excerpt);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings.timeout_seconds);

  const auto started = std::chrono::steady_clock::now();
  const auto outcome = easy.perform();
  r.latency_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (outcome.ok() && outcome.response > 0) r.status = outcome.response;
  if (!outcome.ok()) r.error = outcome.error;
  r.excerpt = storable(std::move(r.excerpt));
  return r;
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

bool WebhookWorker::deliver_one(UnixSeconds now, curl::Easy& easy) {
  const auto claimed = db_.write([&](storage::Connection& conn) -> std::optional<Claimed> {
    const auto lease = now + settings_.timeout_seconds + lease_margin_seconds;
    const auto rows = conn.query(sql::claim_due, {now, lease, std::int64_t{1}});
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

  Result result;
  if (std::any_of(claimed->secrets.begin(), claimed->secrets.end(), [](const auto& s) { return s.empty(); })) {
    // Sealed with another key: the server was given a different secret key file.
    result.at = clock_.now();
    result.error = "the webhook's secret cannot be read with this server's secret key";
  } else {
    result = send(*claimed, clock_, settings_, easy);
  }
  db_.write([&](storage::Connection& conn) {
    conn.execute(
        sql::insert_attempt,
        sql::InsertAttempt{.delivery_id = claimed->id,
                           .attempt = claimed->attempt,
                           .attempted_at = result.at,
                           .status_code = result.status ? std::optional<std::int64_t>(*result.status) : std::nullopt,
                           .latency_ms = result.latency_ms,
                           .response_excerpt = result.status ? std::optional(result.excerpt) : std::nullopt,
                           .error = result.error.empty() ? std::nullopt : std::optional(result.error)}
            .params());
    if (result.delivered()) {
      conn.execute(sql::mark_delivered, {claimed->id});
      conn.execute(sql::mark_succeeding, {claimed->webhook_id});
      return;
    }
    if (result.gone()) {
      conn.execute(sql::mark_failed, {claimed->id});
      webhooks::disable(conn, clock_, claimed->webhook_id, "gone");
      return;
    }
    if (claimed->attempt >= webhook_max_attempts) {
      conn.execute(sql::mark_failed, {claimed->id});
    } else {
      conn.execute(sql::mark_retry,
                   {claimed->id, result.at + webhook_retry_delay_with_jitter(static_cast<int>(claimed->attempt))});
    }
    const auto failing = conn.query(sql::mark_failing, {claimed->webhook_id, result.at});
    if (!failing.empty() && result.at - failing.one().integer(0) >= failing_limit)
      webhooks::disable(conn, clock_, claimed->webhook_id, "failing");
  });
  if (!result.delivered())
    spdlog::info("webhooks: delivery {} attempt {} failed: {}", claimed->id, claimed->attempt,
                 result.error.empty() ? "HTTP " + std::to_string(result.status.value_or(0)) : result.error);
  return true;
}

}  // namespace lineport::jobs

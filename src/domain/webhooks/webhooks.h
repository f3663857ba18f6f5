#pragma once
// Webhooks (docs/webhooks.md): an organization's HTTP endpoints that receive its events (and, by
// default, those of its sub-organizations) as signed JSON. This service keeps the webhooks, turns
// each published event into one stored delivery per receiving webhook inside the transaction of
// the change (so a delivery exists exactly when its event does), and lists, replays and tests
// deliveries. The webhook worker (jobs/webhook_worker.h) sends them.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/alerts/alerts.h"
#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/events/event_bus.h"
#include "domain/pagination.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::webhooks {

// What a webhook may subscribe to: the 15 alerts, account_activated, invitation_failed and ping.
struct EventType {
  std::string_view type;
  alerts::LocalizedText name;
};
const std::vector<EventType>& event_types();
bool is_event_type(std::string_view type);

struct Webhook {
  std::string id;
  std::string org_id;
  std::string url;
  std::vector<std::string> events;
  bool include_suborgs = true;
  bool enabled = true;
  std::optional<std::string> disabled_reason;  // gone | failing: the server turned it off
  std::optional<UnixSeconds> failing_since;
  std::optional<UnixSeconds> previous_secret_until;  // the old secret still signs until then
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

// A webhook with its secret: the one time the secret is shown (creation, rotation).
struct WebhookWithSecret {
  Webhook webhook;
  std::string secret;
};

struct WebhookInput {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> include_suborgs;
  std::optional<bool> enabled;
};

struct Attempt {
  std::int64_t attempt = 0;
  UnixSeconds attempted_at = 0;
  std::optional<std::int64_t> status_code;
  std::int64_t latency_ms = 0;
  std::optional<std::string> response_excerpt;
  std::optional<std::string> error;
};

struct Delivery {
  std::string id;
  std::string webhook_id;
  std::string message_id;  // the webhook-id header and the payload's id; a replay keeps it
  std::string type;
  std::string payload;  // the exact body sent
  UnixSeconds created_at = 0;
  std::string status;  // pending | succeeded | failed
  std::int64_t attempts = 0;
  std::optional<UnixSeconds> next_attempt_at;
  std::optional<std::string> replay_of;
  std::vector<Attempt> attempt_log;
};

// Turns webhook `id` off for `reason` ("gone": the receiver answered 410; "failing": every attempt
// failed for 3 days), once, and mails the organization's administrators (webhook_disabled).
// Returns false when it was off already. Runs in the caller's transaction.
bool disable(storage::Connection& conn, const Clock& clock, const std::string& id, std::string_view reason);

// Deletes the deliveries (with their attempts) that succeeded or failed before `before`; returns
// how many.
std::int64_t delete_finished_before(storage::Database& db, UnixSeconds before);

// The key that seals webhook secrets in the database, from the server's secret key.
std::string secrets_key_from(std::string_view server_secret_key);

class WebhookService {
 public:
  // `secrets_key`: secrets_key_from(the server's secret key). `allow_private`: targets may be
  // internal addresses (serve --webhooks-allow-private).
  WebhookService(storage::Database& db, const Clock& clock, std::string secrets_key, bool allow_private)
      : db_(db), clock_(clock), secrets_key_(std::move(secrets_key)), allow_private_(allow_private) {}

  std::vector<Webhook> list(const auth::Principal& who, const std::string& org_id);
  Webhook get(const auth::Principal& who, const std::string& id);
  WebhookWithSecret create(const auth::Principal& who, const std::string& org_id, const WebhookInput& input,
                           const RequestMeta& meta);
  Webhook update(const auth::Principal& who, const std::string& id, const WebhookInput& input, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);
  // A new secret; the old one keeps signing for 24 hours.
  WebhookWithSecret rotate_secret(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

  // Queues a ping to this webhook (409 when it is disabled: nothing would send it).
  Delivery send_test(const auth::Principal& who, const std::string& id, const RequestMeta& meta);
  Page<Delivery> deliveries(const auth::Principal& who, const std::string& id, const PageRequest& page);
  // A new delivery of the same message (same body, same webhook-id).
  Delivery replay(const auth::Principal& who, const std::string& id, const std::string& delivery_id,
                  const RequestMeta& meta);

  // The event-bus subscriber: one delivery per enabled webhook that receives this event.
  void enqueue(storage::Connection& conn, const events::Event& event) const;

  const std::string& secrets_key() const { return secrets_key_; }

 private:
  Webhook load(storage::Connection& conn, const auth::Principal& who, const std::string& id) const;
  // Adds a field error for a URL that cannot be a webhook's (destination.h).
  void check_url(const std::string& url, Validator& v) const;

  storage::Database& db_;
  const Clock& clock_;
  std::string secrets_key_;
  bool allow_private_;
};

}  // namespace lineport::webhooks

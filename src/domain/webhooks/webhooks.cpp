#include "domain/webhooks/webhooks.h"

#include <algorithm>

#include "domain/audit/audit_log.h"
#include "domain/orgs/defined_in_org.h"
#include "domain/orgs/org_service.h"
#include "domain/templates/message_templates.h"
#include "domain/webhooks/destination.h"
#include "domain/webhooks/signature.h"
#include "mail/outbox.h"
#include "storage/queries/webhooks.h"
#include "util/crypto.h"

namespace lineport::webhooks {
namespace {

namespace sql = storage::sql::webhooks;

// Each webhook multiplies the requests every event causes: a bound keeps one organization from
// flooding its receivers and the senders every tenant shares.
constexpr std::int64_t max_webhooks_per_org = 20;

// How long the secret before a rotation keeps signing, so receivers can switch without a gap.
constexpr UnixSeconds rotation_overlap = hours(24);

Webhook webhook_from_row(const storage::Row& r) {
  constexpr auto c = sql::webhook_columns;
  Webhook w;
  w.id = r.text(c["id"]);
  w.org_id = r.text(c["org_id"]);
  w.url = r.text(c["url"]);
  w.events = nlohmann::json::parse(r.text(c["events"])).get<std::vector<std::string>>();
  w.include_suborgs = r.boolean(c["include_suborgs"]);
  w.enabled = r.boolean(c["enabled"]);
  w.disabled_reason = r.opt_text(c["disabled_reason"]);
  w.failing_since = r.opt_integer(c["failing_since"]);
  w.previous_secret_until = r.opt_integer(c["previous_secret_until"]);
  w.created_at = r.integer(c["created_at"]);
  w.updated_at = r.integer(c["updated_at"]);
  return w;
}

Delivery delivery_from_row(const storage::Row& r) {
  constexpr auto c = sql::delivery_columns;
  Delivery d;
  d.id = r.text(c["id"]);
  d.webhook_id = r.text(c["webhook_id"]);
  d.message_id = r.text(c["message_id"]);
  d.type = r.text(c["event_type"]);
  d.payload = r.text(c["payload"]);
  d.created_at = r.integer(c["created_at"]);
  d.status = r.text(c["status"]);
  d.attempts = r.integer(c["attempts"]);
  d.next_attempt_at = r.opt_integer(c["next_attempt_at"]);
  d.replay_of = r.opt_text(c["replay_of"]);
  return d;
}

// The body of a message, stored once and sent as is on every attempt and replay.
std::string payload(const std::string& message_id, std::string_view type, UnixSeconds at, const std::string& org_id,
                    const nlohmann::json& data) {
  return nlohmann::json{
      {"id", message_id}, {"type", type}, {"occurred_at", to_rfc3339(at)}, {"org_id", org_id}, {"data", data}}
      .dump();
}

Delivery insert_delivery(storage::Connection& conn, Delivery d) {
  conn.execute(sql::insert_delivery, sql::InsertDelivery{.id = d.id,
                                                         .webhook_id = d.webhook_id,
                                                         .message_id = d.message_id,
                                                         .event_type = d.type,
                                                         .payload = d.payload,
                                                         .created_at = d.created_at,
                                                         .replay_of = d.replay_of}
                                         .params());
  d.status = "pending";
  d.attempts = 0;
  d.next_attempt_at = d.created_at;
  return d;
}

std::vector<std::string> validated_events(const std::vector<std::string>& events, Validator& v) {
  if (events.empty()) v.fail("events", "Choose at least one event type.");
  std::vector<std::string> seen;
  for (const auto& e : events) {
    if (!is_event_type(e)) {
      v.fail("events", "Unknown event type \"" + e + "\" (see GET /api/v1/webhook-event-types).");
    } else if (std::find(seen.begin(), seen.end(), e) != seen.end()) {
      v.fail("events", "\"" + e + "\" is listed twice.");
    }
    seen.push_back(e);
  }
  return events;
}

void require_enabled(const Webhook& w) {
  if (!w.enabled) throw DomainError(ErrorCode::conflict, "The webhook is disabled: enable it first, then send again.");
}

}  // namespace

const std::vector<EventType>& event_types() {
  static const std::vector<EventType> all = [] {
    std::vector<EventType> out;
    for (const auto& a : alerts::alert_catalog()) out.push_back({a.key, a.name});
    out.push_back({"account_activated", {"Account activated", "Cuenta activada", "Conta ativada"}});
    out.push_back({"invitation_failed", {"Invitation failed", "Invitación fallida", "Convite falhou"}});
    out.push_back({"ping", {"Test (ping)", "Prueba (ping)", "Teste (ping)"}});
    return out;
  }();
  return all;
}

bool is_event_type(std::string_view type) {
  const auto& all = event_types();
  return std::any_of(all.begin(), all.end(), [&](const EventType& e) { return e.type == type; });
}

namespace {

std::string reason_text(std::string_view reason, std::string_view language) {
  const bool gone = reason == "gone";
  if (language == "es")
    return gone ? "el receptor respondió 410 Gone: ya no quiere estos eventos."
                : "todos los envíos fallaron durante 3 días seguidos.";
  if (language == "pt")
    return gone ? "o receptor respondeu 410 Gone: não quer mais estes eventos."
                : "todas as entregas falharam durante 3 dias seguidos.";
  return gone ? "the receiver answered 410 Gone: it no longer wants these events."
              : "every delivery failed for 3 days in a row.";
}

}  // namespace

bool disable(storage::Connection& conn, const Clock& clock, const std::string& id, std::string_view reason) {
  const auto now = clock.now();
  const auto rows = conn.query(sql::disable, {id, std::string(reason), now});
  if (rows.empty()) return false;
  conn.execute(sql::park_pending, {id, now});
  const auto org_id = rows.one().text(sql::disabled_columns["org_id"]);
  const auto url = rows.one().text(sql::disabled_columns["url"]);
  const auto org_name = orgs::org_name(conn, org_id);
  for (const auto& [email, language] : alerts::alert_administrators(conn, org_id).recipients) {
    const nlohmann::json values = {{"org_name", org_name},
                                   {"url", redacted_url(url)},
                                   {"reason", reason_text(reason, language)},
                                   {"disabled_at", to_rfc3339(now)}};
    mail::enqueue(conn, clock, templates::render_mail(conn, org_id, "webhook_disabled", language, email, values));
  }
  return true;
}

std::int64_t delete_finished_before(storage::Database& db, UnixSeconds before) {
  return db.write([&](storage::Connection& conn) { return conn.execute(sql::delete_finished_before, {before}); });
}

std::string secrets_key_from(std::string_view server_secret_key) {
  return crypto::derive_key(server_secret_key, "lineport webhook secrets");
}

void WebhookService::check_url(const std::string& url, Validator& v) const {
  std::string why;
  const auto d = parse_url(url, why);
  if (!d) return v.fail("url", why);
  // Names are checked again on every attempt (destination.h); what is internal already is refused now.
  std::string host = d->host;
  if (host.ends_with('.')) host.pop_back();  // "localhost." is localhost
  const bool local_name = host == "localhost" || host.ends_with(".localhost");
  const bool literal =
      d->host.find_first_not_of("0123456789.") == std::string::npos || d->host.find(':') != std::string::npos;
  if (!allow_private_ && (local_name || (literal && is_internal_address(d->host))))
    v.fail("url", "Must reach a public address: loopback, private, link-local and metadata addresses are refused.");
}

Webhook WebhookService::load(storage::Connection& conn, const auth::Principal& who, const std::string& id) const {
  return orgs::load_defined_in_scope(conn, who, sql::select_by_id, id, webhook_from_row, "webhook");
}

std::vector<Webhook> WebhookService::list(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<Webhook> out;
    for (const auto& r : conn.query(sql::select_for_org, {org_id}).rows) out.push_back(webhook_from_row(r));
    return out;
  });
}

Webhook WebhookService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) { return load(conn, who, id); });
}

WebhookWithSecret WebhookService::create(const auth::Principal& who, const std::string& org_id,
                                         const WebhookInput& input, const RequestMeta& meta) {
  Validator v;
  Webhook w;
  if (!input.url) v.fail("url", "Is required: the https:// address that receives the events.");
  w.url = input.url.value_or("");
  check_url(w.url, v);
  if (!input.events) v.fail("events", "Is required: the event types to send (see GET /api/v1/webhook-event-types).");
  w.events = validated_events(input.events.value_or(std::vector<std::string>{}), v);
  w.include_suborgs = input.include_suborgs.value_or(true);
  w.enabled = input.enabled.value_or(true);
  v.throw_if_failed();

  w.id = crypto::new_id();
  w.org_id = org_id;
  WebhookWithSecret out{w, new_secret()};
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    if (conn.query(sql::count_for_org, {org_id}).one().integer(0) >= max_webhooks_per_org)
      throw DomainError(ErrorCode::conflict, "An organization has at most 20 webhooks: delete one first.");
    const auto now = clock_.now();
    conn.execute(sql::insert, sql::Insert{.id = w.id,
                                          .org_id = org_id,
                                          .url = w.url,
                                          .events = nlohmann::json(w.events).dump(),
                                          .include_suborgs = w.include_suborgs,
                                          .enabled = w.enabled,
                                          .secret = crypto::seal(secrets_key_, out.secret),
                                          .created_at = now}
                                  .params());
    out.webhook.created_at = out.webhook.updated_at = now;
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "webhook.create",
                   audit::Activity::write,
                   "webhook",
                   w.id,
                   {{"url", redacted_url(w.url)},
                    {"events", w.events},
                    {"include_suborgs", w.include_suborgs},
                    {"enabled", w.enabled}}});
  });
  return out;
}

Webhook WebhookService::update(const auth::Principal& who, const std::string& id, const WebhookInput& input,
                               const RequestMeta& meta) {
  Validator v;
  if (input.url) check_url(*input.url, v);
  const auto events = input.events ? std::optional(validated_events(*input.events, v)) : std::nullopt;
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    const Webhook before = load(conn, who, id);
    Webhook w = before;
    if (input.url) w.url = *input.url;
    if (events) w.events = *events;
    if (input.include_suborgs) w.include_suborgs = *input.include_suborgs;
    if (input.enabled) w.enabled = *input.enabled;
    // A new address starts a new record: the old one's failures say nothing about it.
    if (w.url != before.url) w.failing_since.reset();
    if (w.enabled && !before.enabled) {
      // Turned on again by an administrator: the server's reason and the failure streak end.
      w.disabled_reason.reset();
      w.failing_since.reset();
    } else if (!w.enabled && before.enabled) {
      w.disabled_reason.reset();  // turned off by an administrator, not by the server
    }
    w.updated_at = clock_.now();
    if (w.enabled != before.enabled)
      conn.execute(w.enabled ? sql::resume_parked : sql::park_pending, {w.id, w.updated_at});
    conn.execute(sql::update, sql::Update{.id = w.id,
                                          .url = w.url,
                                          .events = nlohmann::json(w.events).dump(),
                                          .include_suborgs = w.include_suborgs,
                                          .enabled = w.enabled,
                                          .disabled_reason = w.disabled_reason,
                                          .failing_since = w.failing_since,
                                          .updated_at = w.updated_at}
                                  .params());
    audit::Changes changes;
    changes.compare("url", redacted_url(before.url), redacted_url(w.url));
    changes.compare("events", before.events, w.events);
    changes.compare("include_suborgs", before.include_suborgs, w.include_suborgs);
    changes.compare("enabled", before.enabled, w.enabled);
    if (!changes.empty())
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {w.org_id, "webhook.update", audit::Activity::write, "webhook", w.id, changes.take()});
    return w;
  });
}

void WebhookService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Webhook w = load(conn, who, id);
    conn.execute(sql::remove, {w.id});
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {w.org_id, "webhook.delete", audit::Activity::write, "webhook", w.id, {{"url", redacted_url(w.url)}}});
  });
}

WebhookWithSecret WebhookService::rotate_secret(const auth::Principal& who, const std::string& id,
                                                const RequestMeta& meta) {
  const std::string secret = new_secret();
  return db_.write([&](storage::Connection& conn) {
    Webhook w = load(conn, who, id);
    const auto current = conn.query(sql::select_target, {w.id}).one().text(sql::target_columns["secret"]);
    const auto now = clock_.now();
    w.previous_secret_until = now + rotation_overlap;
    w.updated_at = now;
    conn.execute(sql::update_secrets,
                 {w.id, crypto::seal(secrets_key_, secret), current, *w.previous_secret_until, now});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {w.org_id, "webhook.rotate_secret", audit::Activity::write, "webhook", w.id, {}});
    return WebhookWithSecret{std::move(w), secret};
  });
}

Delivery WebhookService::send_test(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    const Webhook w = load(conn, who, id);
    require_enabled(w);
    Delivery d;
    d.id = d.message_id = crypto::new_id();
    d.webhook_id = w.id;
    d.type = "ping";
    d.created_at = clock_.now();
    d.payload = payload(d.message_id, d.type, d.created_at, w.org_id,
                        {{"webhook_id", w.id}, {"message", "A test event sent from the portal."}});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {w.org_id, "webhook.test", audit::Activity::write, "webhook", w.id, {{"delivery_id", d.id}}});
    return insert_delivery(conn, std::move(d));
  });
}

Page<Delivery> WebhookService::deliveries(const auth::Principal& who, const std::string& id, const PageRequest& page) {
  const auto before = continue_after(page, {""});
  return db_.read([&](storage::Connection& conn) {
    const Webhook w = load(conn, who, id);
    Page<Delivery> out;
    // page.limit + 1 deliveries: the one past the page says there is a next page.
    std::size_t read = 0;
    constexpr auto c = sql::page_columns;
    for (const auto& r : conn.query(sql::select_deliveries_page, {w.id, before[0], page.limit + 1}).rows) {
      if (out.items.empty() || out.items.back().id != r.text(c["id"])) {
        if (++read > static_cast<std::size_t>(page.limit)) break;
        out.items.push_back(delivery_from_row(r));
      }
      if (!r.is_null(c["attempt"]))
        out.items.back().attempt_log.push_back({r.integer(c["attempt"]), r.integer(c["attempted_at"]),
                                                r.opt_integer(c["status_code"]), r.integer(c["latency_ms"]),
                                                r.opt_text(c["response_excerpt"]), r.opt_text(c["error"])});
    }
    if (read > static_cast<std::size_t>(page.limit)) out.next_cursor = encode_cursor({out.items.back().id});
    out.total = static_cast<std::int64_t>(out.items.size());
    return out;
  });
}

Delivery WebhookService::replay(const auth::Principal& who, const std::string& id, const std::string& delivery_id,
                                const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    const Webhook w = load(conn, who, id);
    const auto rows = conn.query(sql::select_delivery, {delivery_id, w.id});
    if (rows.empty()) throw_not_found("The delivery does not exist.");
    require_enabled(w);
    const Delivery original = delivery_from_row(rows.one());
    Delivery d;
    d.id = crypto::new_id();
    d.webhook_id = w.id;
    d.message_id = original.message_id;
    d.type = original.type;
    d.payload = original.payload;
    d.created_at = clock_.now();
    d.replay_of = original.id;
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {w.org_id,
                   "webhook.replay",
                   audit::Activity::write,
                   "webhook",
                   w.id,
                   {{"delivery_id", d.id}, {"replay_of", original.id}}});
    return insert_delivery(conn, std::move(d));
  });
}

void WebhookService::enqueue(storage::Connection& conn, const events::Event& event) const {
  if (!is_event_type(event.key)) return;
  const auto now = clock_.now();
  constexpr auto c = sql::receiving_columns;
  for (const auto& r : conn.query(sql::select_receiving, {event.org_id}).rows) {
    const auto events = nlohmann::json::parse(r.text(c["events"]));
    if (std::find(events.begin(), events.end(), event.key) == events.end()) continue;
    Delivery d;
    d.id = d.message_id = crypto::new_id();
    d.webhook_id = r.text(c["id"]);
    d.type = event.key;
    d.created_at = now;
    d.payload = payload(d.message_id, d.type, now, event.org_id, event.values);
    insert_delivery(conn, std::move(d));
  }
}

}  // namespace lineport::webhooks

// Setup > Webhook Events: an organization's webhooks, their secrets (shown when created or
// rotated), test pings, and the deliveries with every attempt, replayable (docs/webhooks.md).

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

constexpr const char* view_privilege = "setup.view.webhooks";
constexpr const char* edit_privilege = "setup.edit.webhooks";

webhooks::WebhookInput webhook_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"url", "events", "include_suborgs", "enabled"});
  webhooks::WebhookInput input;
  input.url = in.string("url");
  input.events = in.string_list("events", 100);
  input.include_suborgs = in.boolean("include_suborgs");
  input.enabled = in.boolean("enabled");
  in.finish();
  return input;
}

nlohmann::json view(const webhooks::Webhook& w) {
  return {{"id", w.id},
          {"org_id", w.org_id},
          {"url", w.url},
          {"events", w.events},
          {"include_suborgs", w.include_suborgs},
          {"enabled", w.enabled},
          {"disabled_reason", w.disabled_reason ? nlohmann::json(*w.disabled_reason) : nlohmann::json()},
          {"failing_since", time_or_null(w.failing_since)},
          {"previous_secret_expires_at", time_or_null(w.previous_secret_until)},
          {"created_at", to_rfc3339(w.created_at)},
          {"updated_at", to_rfc3339(w.updated_at)}};
}

nlohmann::json view(const webhooks::WebhookWithSecret& w) {
  auto out = view(w.webhook);
  out["secret"] = w.secret;
  return out;
}

nlohmann::json view(const webhooks::Delivery& d) {
  nlohmann::json attempts = nlohmann::json::array();
  for (const auto& a : d.attempt_log)
    attempts.push_back(
        {{"attempt", a.attempt},
         {"attempted_at", to_rfc3339(a.attempted_at)},
         {"status_code", a.status_code ? nlohmann::json(*a.status_code) : nlohmann::json()},
         {"latency_ms", a.latency_ms},
         {"response_excerpt", a.response_excerpt ? nlohmann::json(*a.response_excerpt) : nlohmann::json()},
         {"error", a.error ? nlohmann::json(*a.error) : nlohmann::json()}});
  return {{"id", d.id},
          {"message_id", d.message_id},
          {"webhook_id", d.webhook_id},
          {"type", d.type},
          {"status", d.status},
          {"attempts", d.attempts},
          {"created_at", to_rfc3339(d.created_at)},
          {"next_attempt_at", time_or_null(d.next_attempt_at)},
          {"replay_of", d.replay_of ? nlohmann::json(*d.replay_of) : nlohmann::json()},
          {"payload", nlohmann::json::parse(d.payload)},
          {"attempt_log", std::move(attempts)}};
}

http::Response event_types() {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : webhooks::event_types())
    items.push_back({{"type", e.type}, {"name", {{"en", e.name.en}, {"es", e.name.es}, {"pt", e.name.pt}}}});
  return json_response({{"items", std::move(items)}});
}

http::Response list(Services& s, RequestContext& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& w : s.webhooks.list(ctx.who(), ctx.param("id"))) items.push_back(view(w));
  const auto total = items.size();
  return json_response({{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

http::Response deliveries(Services& s, RequestContext& ctx) {
  const auto page = s.webhooks.deliveries(ctx.who(), ctx.param("id"), ctx.page());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : page.items) items.push_back(view(d));
  return json_response({{"items", std::move(items)},
                        {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
}

}  // namespace

void add_webhook_routes(Router& router, Services& s) {
  router.add(
      {"GET", "/api/v1/webhook-event-types", needs(view_privilege), [](RequestContext&) { return event_types(); }});
  router.add({"GET", "/api/v1/orgs/{id}/webhooks", needs(view_privilege, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/webhooks", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.webhooks.create(c.who(), c.param("id"), webhook_input(c), c.meta)), 201);
              },
              BodyKind::json});
  router.add({"GET", "/api/v1/webhooks/{id}", needs(view_privilege),
              [&s](RequestContext& c) { return json_response(view(s.webhooks.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/webhooks/{id}", needs(edit_privilege),
              [&s](RequestContext& c) {
                return json_response(view(s.webhooks.update(c.who(), c.param("id"), webhook_input(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/webhooks/{id}", needs(edit_privilege), [&s](RequestContext& c) {
                s.webhooks.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"POST", "/api/v1/webhooks/{id}/rotate-secret", needs(edit_privilege), [&s](RequestContext& c) {
                return json_response(view(s.webhooks.rotate_secret(c.who(), c.param("id"), c.meta)));
              }});
  router.add({"POST", "/api/v1/webhooks/{id}/test", needs(edit_privilege), [&s](RequestContext& c) {
                return json_response(view(s.webhooks.send_test(c.who(), c.param("id"), c.meta)), 202);
              }});
  router.add({"GET", "/api/v1/webhooks/{id}/deliveries", needs(view_privilege),
              [&s](RequestContext& c) { return deliveries(s, c); }});
  router.add(
      {"POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", needs(edit_privilege), [&s](RequestContext& c) {
         return json_response(view(s.webhooks.replay(c.who(), c.param("id"), c.param("delivery_id"), c.meta)), 202);
       }});
}

}  // namespace lineport::api

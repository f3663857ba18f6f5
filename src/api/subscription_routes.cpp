// Subscription plans: the ones usable at an organization (inherited included, with whether the
// caller may choose each), one plan, create, edit, delete; and the call filter that the telecom core
// asks (docs/subscriptions.md).

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/csv_writer.h"
#include "util/money.h"

namespace lineport::api {
namespace {

constexpr const char* view_privilege = "setup.view.subscriptions";
constexpr const char* edit_privilege = "setup.edit.subscriptions";

subscriptions::PlanInput plan_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"name", "features", "limits", "charging", "call_filtering"});
  subscriptions::PlanInput input;
  input.name = in.string("name");
  input.features = in.string_list("features");
  input.limits = in.object("limits");
  input.charging = in.object("charging");
  input.call_filtering = in.object("call_filtering");
  in.finish();
  return input;
}

nlohmann::json view(const subscriptions::Plan& plan) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& p : plan.prices) {
    auto item = subscriptions::prices_json(p.prices);
    item["version"] = p.version;
    item["effective_from"] = to_rfc3339(p.effective_from);
    item["effective_until"] = time_or_null(p.effective_until);
    history.push_back(std::move(item));
  }
  nlohmann::json charging = history.empty() ? nlohmann::json() : history.front();
  if (!charging.is_null()) charging.erase("effective_until");
  return {{"id", plan.id},
          {"org_id", plan.org_id},
          {"org_name", plan.org_name},
          {"name", plan.name},
          {"features", plan.features},
          {"limits", subscriptions::limits_json(plan.limits)},
          {"charging", std::move(charging)},
          {"charging_history", std::move(history)},
          {"call_filtering", subscriptions::call_filtering_json(plan.call_filtering)},
          {"in_use", plan.in_use},
          {"created_at", to_rfc3339(plan.created_at)},
          {"updated_at", to_rfc3339(plan.updated_at)}};
}

nlohmann::json view(const subscriptions::UsablePlan& usable) {
  auto out = view(usable.plan);
  out["selectable"] = usable.selectable;
  return out;
}

http::Response list(Services& s, RequestContext& ctx) {
  const std::string& org_id = ctx.param("id");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& usable : s.plans.list_usable(ctx.who(), org_id)) {
    auto item = view(usable);
    item["inherited"] = usable.plan.org_id != org_id;
    items.push_back(std::move(item));
  }
  const auto total = items.size();
  return json_response({{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

http::Response check_call(Services& s, RequestContext& ctx, storage::Connection& conn) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"from", "to"});
  const auto from = in.string("from", true);
  const auto to = in.string("to", true);
  in.finish();
  const auto decision = s.call_filter.check(conn, ctx.who(), *from, *to);
  return json_response({{"allowed", decision.allowed},
                        {"reason", decision.reason},
                        {"prefix", decision.prefix ? nlohmann::json(*decision.prefix) : nlohmann::json()}});
}

// The whole rule set, for a core to cache: revalidated with If-None-Match.
http::Response call_rules(Services& s, RequestContext& ctx) {
  const auto rules = s.call_filter.rules(ctx.who(), ctx.param("id"));
  return json_with_etag(ctx.request, rules->etag, [&] { return rules->to_json(); });
}

nlohmann::json view(const subscriptions::ChargeLine& l) {
  const auto price = [&](std::int64_t subscriptions::Prices::*field) {
    return l.prices ? nlohmann::json(money::format_micros((*l.prices).*field)) : nlohmann::json();
  };
  const auto amount = [&](std::int64_t micros) {
    return l.prices ? nlohmann::json(money::format_micros(micros)) : nlohmann::json();
  };
  return {{"org_id", l.org_id},
          {"org_name", l.org_name},
          {"plan_id", l.plan_id ? nlohmann::json(*l.plan_id) : nlohmann::json()},
          {"plan_name", l.plan_id ? nlohmann::json(l.plan_name) : nlohmann::json()},
          {"price_version", l.prices ? nlohmann::json(l.price_version) : nlohmann::json()},
          {"from", to_rfc3339(l.from)},
          {"to", to_rfc3339(l.to)},
          {"currency", l.prices ? nlohmann::json(l.prices->currency) : nlohmann::json()},
          {"voice_minutes", l.voice_minutes},
          {"voice_per_minute", price(&subscriptions::Prices::voice_per_minute)},
          {"voice_amount", amount(l.voice_amount)},
          {"messages", l.messages},
          {"per_message", price(&subscriptions::Prices::per_message)},
          {"messages_amount", amount(l.messages_amount)},
          {"data_mb", l.data_mb},
          {"data_per_mb", price(&subscriptions::Prices::data_per_mb)},
          {"data_amount", amount(l.data_amount)},
          {"active_users", l.active_users},
          {"monthly_per_active_user", price(&subscriptions::Prices::monthly_per_active_user)},
          {"active_users_amount", amount(l.active_users_amount)},
          {"amount", amount(l.amount)}};
}

constexpr std::string_view charge_columns[] = {"org_id",
                                               "org_name",
                                               "plan_id",
                                               "plan_name",
                                               "price_version",
                                               "from",
                                               "to",
                                               "currency",
                                               "voice_minutes",
                                               "voice_per_minute",
                                               "voice_amount",
                                               "messages",
                                               "per_message",
                                               "messages_amount",
                                               "data_mb",
                                               "data_per_mb",
                                               "data_amount",
                                               "active_users",
                                               "monthly_per_active_user",
                                               "active_users_amount",
                                               "amount"};

// The JSON document, or the same lines as CSV (one column per field; empty where unpriced).
http::Response charges(Services& s, RequestContext& ctx) {
  const auto format = json_or_csv(ctx.request);
  const auto c = s.charges.charges(ctx.who(), ctx.param("id"), ctx.request.query_param("cycle").value_or("current"));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& line : c.lines) items.push_back(view(line));
  if (format == "csv") {
    auto r = csv_attachment("charges-" + c.cycle + ".csv");
    r.body = csv::line({std::begin(charge_columns), std::end(charge_columns)});
    for (const auto& item : items) {
      std::vector<std::string> fields;
      for (const auto column : charge_columns) {
        const auto& v = item[std::string(column)];
        fields.push_back(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
      }
      r.body += csv::line(fields);
    }
    return r;
  }
  nlohmann::json totals = nlohmann::json::array();
  for (const auto& t : c.totals)
    totals.push_back({{"currency", t.currency}, {"amount", money::format_micros(t.amount)}});
  return json_response({{"org_id", c.org_id},
                        {"cycle", c.cycle},
                        {"current", c.current},
                        {"as_of", to_rfc3339(c.as_of)},
                        {"timezone", c.timezone},
                        {"from", local_date(c.timezone, c.range.from)},
                        {"to", local_date(c.timezone, c.range.to - 1)},
                        {"items", std::move(items)},
                        {"totals", std::move(totals)}});
}

}  // namespace

void add_subscription_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/subscriptions", needs(view_privilege, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/subscriptions", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.plans.create(c.who(), c.param("id"), plan_input(c), c.meta)), 201);
              },
              BodyKind::json});
  router.add({"GET", "/api/v1/subscriptions/{id}", needs(view_privilege),
              [&s](RequestContext& c) { return json_response(view(s.plans.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/subscriptions/{id}", needs(edit_privilege),
              [&s](RequestContext& c) {
                return json_response(view(s.plans.update(c.who(), c.param("id"), plan_input(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/subscriptions/{id}", needs(edit_privilege), [&s](RequestContext& c) {
                s.plans.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"GET", "/api/v1/orgs/{id}/charges", needs(view_privilege, "id"),
              [&s](RequestContext& c) { return charges(s, c); }});
  // The telecom core asks before it connects a call, with the privilege it sends usage with.
  // Asked before every call: one read transaction with the caller's authentication.
  router.add({.method = "POST",
              .pattern = "/api/v1/call-filter/check",
              .requirement = needs("usage.ingest"),
              .body = BodyKind::json,
              .read_handler = [&s](RequestContext& c, storage::Connection& conn) { return check_call(s, c, conn); }});
  router.add({"GET", "/api/v1/orgs/{id}/call-filter", needs_any({"usage.ingest", view_privilege}, "id"),
              [&s](RequestContext& c) { return call_rules(s, c); }});
}

}  // namespace lineport::api

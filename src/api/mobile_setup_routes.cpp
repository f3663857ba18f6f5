// Setup > In-App Messaging (messages to the app's users, with delivered and read counts) and
// Setup > Application Version's report of the versions users run (docs/app.md).

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

nlohmann::json view(const mobile::InAppMessage& m) {
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"text", m.text},
          {"include_suborgs", m.include_suborgs},
          {"permission_group_id", m.permission_group_id ? nlohmann::json(*m.permission_group_id) : nlohmann::json()},
          {"account_count", m.account_count},
          {"starts_at", to_rfc3339(m.starts_at)},
          {"expires_at", to_rfc3339(m.expires_at)},
          {"created_at", to_rfc3339(m.created_at)},
          {"created_by", m.created_by},
          {"delivered", m.delivered},
          {"read", m.read}};
}

mobile::InAppMessageInput message_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"text", "include_suborgs", "permission_group_id", "account_ids", "starts_at", "expires_at"});
  mobile::InAppMessageInput input;
  input.text = in.string("text");
  input.include_suborgs = in.boolean("include_suborgs");
  input.permission_group_id = in.string("permission_group_id");
  input.account_ids = in.string_list("account_ids", 10'000);
  input.starts_at = in.string("starts_at");
  input.expires_at = in.string("expires_at");
  in.finish();
  return input;
}

http::Response list_messages(Services& s, RequestContext& ctx) {
  const auto page = s.in_app_messages.list(ctx.who(), ctx.param("id"), ctx.page());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : page.items) items.push_back(view(m));
  return json_response({{"items", std::move(items)},
                        {"total", page.total},
                        {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
}

http::Response app_versions(Services& s, RequestContext& ctx) {
  const auto format = json_or_csv(ctx.request);
  const auto report = s.app_versions.report(ctx.who(), ctx.param("id"));
  if (format == "csv") {
    auto r = csv_attachment("app-versions-below-minimum.csv");
    r.body = mobile::AppVersionReport::csv_header();
    for (const auto& u : report.below_minimum) r.body += mobile::AppVersionReport::csv_line(u);
    return r;
  }
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : report.versions)
    versions.push_back({{"platform", v.platform}, {"app_version", v.app_version}, {"users", v.users}});
  nlohmann::json below = nlohmann::json::array();
  for (const auto& u : report.below_minimum)
    below.push_back({{"account_id", u.account_id},
                     {"login", u.login},
                     {"name", u.name},
                     {"org_id", u.org_id},
                     {"org_name", u.org_name},
                     {"platform", u.platform},
                     {"app_version", u.app_version},
                     {"minimum_version", u.minimum_version},
                     {"seen_at", to_rfc3339(u.seen_at)}});
  return json_response({{"versions", std::move(versions)}, {"below_minimum", std::move(below)}});
}

}  // namespace

void add_mobile_setup_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/in-app-messages", needs("setup.view.in_app_messaging", "id"),
              [&s](RequestContext& c) { return list_messages(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/in-app-messages", needs("setup.edit.in_app_messaging", "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.in_app_messages.create(c.who(), c.param("id"), message_input(c), c.meta)),
                                     201);
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/in-app-messages/{id}", needs("setup.edit.in_app_messaging"), [&s](RequestContext& c) {
                s.in_app_messages.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"GET", "/api/v1/orgs/{id}/app-versions", needs("setup.view.application_version", "id"),
              [&s](RequestContext& c) { return app_versions(s, c); }});
}

}  // namespace lineport::api

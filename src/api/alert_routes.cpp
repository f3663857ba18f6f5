// Alert settings of an organization (Setup > Manage Alerts).

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

http::Response update(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"enabled", "to_org_admins", "recipients"});
  alerts::AlertPatch patch;
  patch.enabled = in.boolean("enabled");
  patch.to_org_admins = in.boolean("to_org_admins");
  patch.recipients = in.string_list("recipients");
  in.finish();
  return json_response(view(s.alerts.update(ctx.who(), ctx.param("id"), ctx.param("key"), patch, ctx.meta)));
}

}  // namespace

void add_alert_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/alerts", needs("setup.view.alerts", "id"), [&s](RequestContext& c) {
                const auto alerts = s.alerts.list(c.who(), c.param("id")).items;
                return json_response({{"items", views(alerts)}, {"total", alerts.size()}, {"next_cursor", nullptr}});
              }});
  router.add({"PATCH", "/api/v1/orgs/{id}/alerts/{key}", needs("setup.edit.alerts", "id"),
              [&s](RequestContext& c) { return update(s, c); }, BodyKind::json});
}

}  // namespace lineport::api

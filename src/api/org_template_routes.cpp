// Organization templates: the ones usable at an organization (inherited included), one template,
// create, edit, delete (docs/subscriptions.md#organization-templates). They are used by
// POST /orgs/{id}/children with `template_id`.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

// Who creates organizations reads the templates; who sells plans manages them.
constexpr const char* use_privilege = "profile.create_suborg";
constexpr const char* view_privilege = "setup.view.subscriptions";
constexpr const char* edit_privilege = "setup.edit.subscriptions";

orgs::TemplateInput template_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"name", "subscription_id", "settings", "role_ids", "permission_groups", "numbers"});
  orgs::TemplateInput input;
  input.name = in.string("name");
  input.subscription_id = in.nullable_string("subscription_id");
  input.settings = in.object("settings");
  input.role_ids = in.string_list("role_ids");
  if (in.has("permission_groups")) input.permission_groups = body["permission_groups"];
  if (in.has("numbers")) {
    if (body["numbers"].is_null())
      input.numbers = std::optional<std::int64_t>();
    else if (const auto n = in.integer("numbers"))
      input.numbers = *n;
  }
  in.finish();
  return input;
}

nlohmann::json view(const orgs::OrgTemplate& t) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : t.permission_groups)
    groups.push_back({{"name", g.name}, {"features", g.features}, {"is_default", g.is_default}});
  return {{"id", t.id},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"name", t.name},
          {"subscription_id", t.subscription_id ? nlohmann::json(*t.subscription_id) : nlohmann::json()},
          {"settings", t.settings},
          {"role_ids", t.role_ids},
          {"permission_groups", std::move(groups)},
          {"numbers", t.numbers ? nlohmann::json(*t.numbers) : nlohmann::json()},
          {"created_at", to_rfc3339(t.created_at)},
          {"updated_at", to_rfc3339(t.updated_at)}};
}

http::Response list(Services& s, RequestContext& ctx) {
  const std::string& org_id = ctx.param("id");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : s.org_templates.list_usable(ctx.who(), org_id)) {
    auto item = view(t);
    item["inherited"] = t.org_id != org_id;
    items.push_back(std::move(item));
  }
  const auto total = items.size();
  return json_response({{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

}  // namespace

void add_org_template_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/org-templates", needs_any({use_privilege, view_privilege}, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/org-templates", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.org_templates.create(c.who(), c.param("id"), template_input(c), c.meta)),
                                     201);
              },
              BodyKind::json});
  router.add({"GET", "/api/v1/org-templates/{id}", needs_any({use_privilege, view_privilege}),
              [&s](RequestContext& c) { return json_response(view(s.org_templates.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/org-templates/{id}", needs(edit_privilege),
              [&s](RequestContext& c) {
                return json_response(view(s.org_templates.update(c.who(), c.param("id"), template_input(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/org-templates/{id}", needs(edit_privilege), [&s](RequestContext& c) {
                s.org_templates.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api

// Organizations: one, its children, its settings.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "domain/orgs/settings.h"

namespace lineport::api {
namespace {

http::Response create_child(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  orgs::NewOrg input;
  Validator type_errors;
  for (const auto& [key, value] : body.items()) {
    if (key == "name" || key == "description") {
      if (!value.is_string())
        type_errors.fail(key, "Must be a string.");
      else
        (key == "name" ? input.name : input.description) = value.get<std::string>();
    } else if (key == "template_id") {
      if (!value.is_string())
        type_errors.fail(key, "Must be the id of an organization template.");
      else
        input.template_id = value.get<std::string>();
    } else if (key == "numbers") {
      // {"count": n}: numbers allocated from the parent's pool with the organization.
      if (!value.is_object() || value.size() != 1 || !value.contains("count") || !value["count"].is_number_integer())
        type_errors.fail("numbers", "Must be {\"count\": n} with a whole number n.");
      else
        input.number_count = value["count"].get<std::int64_t>();
    } else {
      input.settings[key] = value;  // every other field is a setting; unknown ones fail validation
    }
  }
  if (!body.contains("name")) type_errors.fail("name", "Is required.");
  type_errors.throw_if_failed();
  return json_response(view(s.orgs.create_child(ctx.who(), ctx.param("id"), input, ctx.meta)), 201);
}

http::Response update(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"name", "description", "profile"});
  orgs::OrgPatch patch;
  patch.name = in.string("name");
  patch.description = in.string("description");
  patch.profile = in.object("profile");
  in.finish();
  return json_response(view(s.orgs.update(ctx.who(), ctx.param("id"), patch, ctx.meta)));
}

}  // namespace

void add_org_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}", signed_in_on_org("id"),
              [&s](RequestContext& c) { return json_response(view(s.orgs.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/orgs/{id}", needs("profile.edit", "id"),
              [&s](RequestContext& c) { return update(s, c); }, BodyKind::json});
  router.add({"DELETE", "/api/v1/orgs/{id}", needs("profile.delete_suborg", "id"), [&s](RequestContext& c) {
                s.orgs.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add(
      {"GET", "/api/v1/orgs/{id}/deletion-preview", needs("profile.delete_suborg", "id"), [&s](RequestContext& c) {
         const auto p = s.orgs.deletion_preview(c.who(), c.param("id"));
         return json_response(
             {{"org_id", p.org_id},
              {"name", p.name},
              {"parent_id", p.parent_id.empty() ? nlohmann::json() : nlohmann::json(p.parent_id)},
              {"parent_name", p.parent_id.empty() ? nlohmann::json() : nlohmann::json(p.parent_name)},
              {"sub_orgs", p.sub_orgs},
              {"numbers", p.numbers},
              {"accounts", p.accounts},
              {"admins", p.admins},
              {"can_delete", p.blocked_code.empty()},
              {"blocked_code", p.blocked_code.empty() ? nlohmann::json() : nlohmann::json(p.blocked_code)},
              {"blocked_message", p.blocked_code.empty() ? nlohmann::json() : nlohmann::json(p.blocked_message)}});
       }});
  router.add({"GET", "/api/v1/orgs/{id}/children", needs("profile.view", "id"), [&s](RequestContext& c) {
                return json_response(view(s.orgs.children(c.who(), c.param("id"), c.page())));
              }});
  router.add({"POST", "/api/v1/orgs/{id}/children", needs("profile.create_suborg", "id"),
              [&s](RequestContext& c) { return create_child(s, c); }, BodyKind::json});
  router.add({"GET", "/api/v1/orgs/{id}/settings", signed_in_on_org("id"),
              [&s](RequestContext& c) { return json_response(s.orgs.settings(c.who(), c.param("id"))); }});
  // Each setting needs its own edit privilege (see domain/orgs/settings.cpp): the route lets in
  // whoever holds any of them, and the per-setting check names the one that is missing.
  std::vector<std::string> setting_editors;
  for (const auto& d : orgs::setting_definitions())
    if (std::find(setting_editors.begin(), setting_editors.end(), d.edit_privilege) == setting_editors.end())
      setting_editors.emplace_back(d.edit_privilege);
  router.add({"PATCH", "/api/v1/orgs/{id}/settings", needs_any(setting_editors, "id"),
              [&s](RequestContext& c) {
                return json_response(s.orgs.update_settings(c.who(), c.param("id"), c.json_body(), c.meta));
              },
              BodyKind::json});
}

}  // namespace lineport::api

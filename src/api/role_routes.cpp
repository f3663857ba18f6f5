// Roles: the ones usable at an organization (inherited included), create, edit, delete.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

roles::RoleInput role_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"name", "privileges"});
  roles::RoleInput input;
  input.name = in.string("name");
  input.privileges = in.string_list("privileges");
  in.finish();
  return input;
}

http::Response list(Services& s, RequestContext& ctx) {
  const std::string& org_id = ctx.param("id");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& role : s.roles.list_usable(ctx.who(), org_id)) {
    auto item = view(role);
    item["inherited"] = role.org_id != org_id;
    items.push_back(std::move(item));
  }
  const auto total = items.size();
  return json_response({{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

}  // namespace

void add_role_routes(Router& router, Services& s) {
  // Reading roles is also needed to invite administrators (the role drop-down).
  router.add({"GET", "/api/v1/orgs/{id}/roles", needs_any({"roles", "administrators"}, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/roles", needs("roles", "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.roles.create(c.who(), c.param("id"), role_input(c), c.meta)), 201);
              },
              BodyKind::json});
  router.add({"PATCH", "/api/v1/roles/{id}", needs("roles"),
              [&s](RequestContext& c) {
                return json_response(view(s.roles.update(c.who(), c.param("id"), role_input(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/roles/{id}", needs("roles"), [&s](RequestContext& c) {
                s.roles.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api

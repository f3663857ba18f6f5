// User permission groups: the ones usable at an organization (inherited included), create, edit,
// delete.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

constexpr auto view_privilege = "setup.view.user_permissions";
constexpr auto edit_privilege = "setup.edit.user_permissions";

accounts::GroupInput group_input(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"name", "features", "is_default"});
  accounts::GroupInput input;
  input.name = in.string("name");
  input.features = in.string_list("features");
  input.is_default = in.boolean("is_default");
  in.finish();
  return input;
}

http::Response list(Services& s, RequestContext& ctx) {
  const std::string& org_id = ctx.param("id");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& group : s.permission_groups.list_usable(ctx.who(), org_id)) {
    auto item = view(group);
    item["inherited"] = group.org_id != org_id;
    items.push_back(std::move(item));
  }
  const auto total = items.size();
  return json_response({{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

}  // namespace

void add_permission_group_routes(Router& router, Services& s) {
  // Reading groups is also needed to add accounts (the permission-group drop-down).
  router.add({"GET", "/api/v1/orgs/{id}/permission-groups", needs_any({view_privilege, "accounts"}, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/permission-groups", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.permission_groups.create(c.who(), c.param("id"), group_input(c), c.meta)),
                                     201);
              },
              BodyKind::json});
  router.add({"PATCH", "/api/v1/permission-groups/{id}", needs(edit_privilege),
              [&s](RequestContext& c) {
                return json_response(view(s.permission_groups.update(c.who(), c.param("id"), group_input(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/permission-groups/{id}", needs(edit_privilege), [&s](RequestContext& c) {
                s.permission_groups.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api

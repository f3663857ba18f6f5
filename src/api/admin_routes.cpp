// Administrators and API users: list and search, invite, read, edit (suspend), delete, resend
// invitations with a CSV of the results, profile photos.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

admins::NewAdmin new_admin(RequestContext& ctx, bool api_user) {
  const auto body = ctx.json_body();
  JsonInput in(body, api_user
                         ? std::initializer_list<std::string_view>{"first_name", "last_name", "email", "role_id",
                                                                   "device_number", "timezone", "language", "address",
                                                                   "external_applications"}
                         : std::initializer_list<std::string_view>{"first_name", "last_name", "email", "role_id",
                                                                   "device_number", "timezone", "language", "address"});
  admins::NewAdmin input;
  // Missing and empty values are reported by the domain's validation, together with the rest.
  input.first_name = in.string("first_name").value_or("");
  input.last_name = in.string("last_name").value_or("");
  input.email = in.string("email").value_or("");
  input.role_id = in.string("role_id").value_or("");
  if (auto device = in.nullable_string("device_number"); device && *device) input.device_number = **device;
  input.timezone = in.string("timezone");
  input.language = in.string("language");
  input.address = in.object("address");
  if (api_user)
    input.external_applications = in.string_list("external_applications", 20).value_or(std::vector<std::string>{});
  in.finish();
  return input;
}

admins::AdminPatch admin_patch(RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"first_name", "last_name", "device_number", "timezone", "language", "address", "role_id",
                      "login_suspended", "account_suspended", "external_applications"});
  admins::AdminPatch patch;
  patch.profile.first_name = in.string("first_name");
  patch.profile.last_name = in.string("last_name");
  patch.profile.device_number = in.nullable_string("device_number");
  patch.profile.timezone = in.string("timezone");
  patch.profile.language = in.string("language");
  patch.profile.address = in.object("address");
  patch.role_id = in.string("role_id");
  patch.login_suspended = in.boolean("login_suspended");
  patch.account_suspended = in.boolean("account_suspended");
  patch.external_applications = in.string_list("external_applications", 20);
  in.finish();
  return patch;
}

http::Response list(Services& s, RequestContext& ctx) {
  admins::AdminQuery query;
  query.q = ctx.request.query_param("q").value_or("");
  query.include_suborgs = ctx.request.query_param("include_suborgs") == std::optional<std::string>("true");
  query.page = ctx.page();
  return json_response(view(s.admins.list(ctx.who(), ctx.param("id"), query)));
}

http::Response resend(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"admin_ids"});
  const auto ids = in.string_list("admin_ids").value_or(std::vector<std::string>{});
  if (!in.has("admin_ids")) in.validator().fail("admin_ids", "Is required.");
  in.finish();
  const auto [batch_id, results] = s.admins.resend_invitations(ctx.who(), ids, ctx.meta);
  return json_response({{"batch_id", batch_id},
                        {"results", views(results)},
                        {"csv_url", "/api/v1/admins/resend-invitations/" + batch_id + ".csv"}});
}

http::Response batch_csv(Services& s, RequestContext& ctx) {
  auto r = csv_attachment("invitation-status-" + ctx.param("batch") + ".csv");
  r.body = admins::resend_results_csv(s.admins.batch_results(ctx.who(), ctx.param("batch")));
  return r;
}

}  // namespace

void add_admin_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/admins", needs("administrators", "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/admins", needs("administrators", "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.admins.invite(c.who(), c.param("id"), new_admin(c, false), c.meta)), 201);
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/orgs/{id}/api-users", needs("api_users", "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.admins.create_api_user(c.who(), c.param("id"), new_admin(c, true), c.meta)),
                                     201);
              },
              BodyKind::json});
  // API users are managed with api_users, administrators with administrators (checked per account).
  router.add({"GET", "/api/v1/admins/{id}", needs_any({"administrators", "api_users"}),
              [&s](RequestContext& c) { return json_response(view(s.admins.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/admins/{id}", needs_any({"administrators", "api_users"}),
              [&s](RequestContext& c) {
                return json_response(view(s.admins.update(c.who(), c.param("id"), admin_patch(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/admins/{id}", needs_any({"administrators", "api_users"}), [&s](RequestContext& c) {
                const bool confirm = c.request.query_param("confirm") == std::optional<std::string>("true");
                s.admins.remove(c.who(), c.param("id"), confirm, c.meta);
                return http::Response::no_content();
              }});
  // Open to every signed-in administrator for their own photo (My Profile); for another
  // administrator's the service asks what editing (or reading) that administrator asks.
  router.add({"PUT", "/api/v1/admins/{id}/photo", signed_in(),
              [&s](RequestContext& c) {
                return json_response(
                    view(s.admins.set_photo(c.who(), c.param("id"), std::move(c.request.body), c.meta)));
              },
              BodyKind::image});
  router.add({"GET", "/api/v1/admins/{id}/photo", signed_in(),
              [&s](RequestContext& c) { return image_response(s.admins.photo(c.who(), c.param("id")), c.request); }});
  router.add({"DELETE", "/api/v1/admins/{id}/photo", signed_in(), [&s](RequestContext& c) {
                s.admins.remove_photo(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"POST", "/api/v1/admins/resend-invitations", needs("administrators"),
              [&s](RequestContext& c) { return resend(s, c); }, BodyKind::json});
  router.add({"GET", "/api/v1/admins/resend-invitations/{batch}.csv", needs("administrators"),
              [&s](RequestContext& c) { return batch_csv(s, c); }});
}

}  // namespace lineport::api

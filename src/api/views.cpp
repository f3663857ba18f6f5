#include "api/views.h"

namespace lineport::api {
namespace {

nlohmann::json time_or_null(const std::optional<UnixSeconds>& t) {
  return t ? nlohmann::json(to_rfc3339(*t)) : nlohmann::json();
}

}  // namespace

nlohmann::json view(const orgs::Org& o) {
  nlohmann::json path = nlohmann::json::array();
  for (const auto& p : o.path) path.push_back({{"id", p.id}, {"name", p.name}});
  nlohmann::json out = {
      {"id", o.id},
      {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json()},
      {"name", o.name},
      {"description", o.description},
      {"profile", o.profile},
      {"created_at", to_rfc3339(o.created_at)},
      {"updated_at", to_rfc3339(o.updated_at)},
      {"child_count", o.child_count},
      {"subtree_admin_count", o.subtree_admin_count},
      {"subtree_account_count", o.subtree_account_count},
  };
  if (!o.timezone.empty()) out["timezone"] = o.timezone;
  if (!o.language.empty()) out["language"] = o.language;
  if (!o.path.empty()) out["path"] = std::move(path);
  return out;
}

nlohmann::json view(const admins::Admin& a) {
  return nlohmann::json{
      {"id", a.id},
      {"org_id", a.org_id},
      {"role_id", a.role_id},
      {"kind", a.kind},
      {"first_name", a.first_name},
      {"last_name", a.last_name},
      {"email", a.email},
      {"device_number", a.device_number ? nlohmann::json(*a.device_number) : nlohmann::json()},
      {"timezone", a.timezone},
      {"language", a.language},
      {"address", a.address},
      {"login_suspended", a.login_suspended},
      {"account_suspended", a.account_suspended},
      {"last_sign_in_at", time_or_null(a.last_sign_in_at)},
      {"created_at", to_rfc3339(a.created_at)},
      {"external_applications", a.external_applications},
      {"role_name", a.role_name},
      {"org_name", a.org_name},
      {"password_change_required", a.password_change_required},
  };
}

nlohmann::json view(const roles::Role& r) {
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"name", r.name},
          {"privileges", r.privileges},
          {"built_in", r.built_in},
          {"admin_count", r.admin_count},
          {"created_at", to_rfc3339(r.created_at)},
          {"updated_at", to_rfc3339(r.updated_at)}};
}

http::Response json_response(const nlohmann::json& body, int status) {
  return http::Response::json(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), status);
}

}  // namespace lineport::api

#include "domain/bootstrap.h"

#include <nlohmann/json.hpp>

#include "domain/audit/audit_log.h"
#include "domain/auth/password_policy.h"
#include "domain/auth/privileges.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/admins.h"
#include "storage/queries/roles.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::bootstrap {
namespace {

std::vector<std::string> api_user_privileges() {
  std::vector<std::string> keys{"accounts"};
  for (const auto& p : auth::privilege_catalog())
    if (p.key.starts_with("reports.view.") || p.key.starts_with("reports.download.")) keys.push_back(p.key);
  return keys;
}

std::string insert_role(storage::Connection& conn, const Clock& clock, const std::string& org_id, std::string_view name,
                        const std::vector<std::string>& privileges) {
  std::string id = crypto::new_id();
  namespace sql = storage::sql::roles;
  conn.execute(sql::insert, sql::Insert{.id = id,
                                        .org_id = org_id,
                                        .name = std::string(name),
                                        .name_key = text::fold_case(name),
                                        .privileges = nlohmann::json(privileges).dump(),
                                        .built_in = true,
                                        .created_at = clock.now()}
                                .params());
  return id;
}

}  // namespace

std::string built_in_role_id(storage::Connection& conn, std::string_view name) {
  return conn.query(storage::sql::roles::select_built_in, {name}).one().text(0);
}

std::string insert_admin(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                         const std::string& role_id, const std::string& email, const std::string& first_name,
                         const std::string& last_name, const std::string& password, bool must_change) {
  std::string id = crypto::new_id();
  namespace sql = storage::sql::admin_management;
  conn.execute(sql::insert, sql::Insert{.id = id,
                                        .org_id = org_id,
                                        .role_id = role_id,
                                        .kind = "admin",
                                        .first_name = first_name,
                                        .last_name = last_name,
                                        .email = email,
                                        .email_key = text::fold_case(email),
                                        .timezone = "UTC",
                                        .language = "en",
                                        .password_hash = crypto::hash_password(password),
                                        .password_change_required = must_change,
                                        .created_at = clock.now()}
                                .params());
  return id;
}

InitResult initialize(storage::Database& db, const Clock& clock, const InitRequest& request) {
  Validator v;
  const std::string email = text::trim(request.admin_email);
  if (!text::is_email(email)) v.fail("admin_email", "Must be an email address.");
  if (request.admin_password) auth::check_password_policy(*request.admin_password, email, "admin_password", v);
  v.throw_if_failed();

  InitResult result;
  const std::string password = request.admin_password.value_or(crypto::generate_password());
  if (!request.admin_password) result.generated_password = password;

  orgs::OrgService orgs(db, clock);
  db.write([&](storage::Connection& conn) {
    result.root_org_id = orgs.create_root(conn, request.root_org_name);
    nlohmann::json settings = {{"timezone", request.timezone}, {"language", request.language}};
    orgs::write_own_settings(conn, result.root_org_id, settings);
    const auto everything = auth::PrivilegeSet::all().keys();
    const std::string super_role = insert_role(conn, clock, result.root_org_id, super_admin_role, everything);
    insert_role(conn, clock, result.root_org_id, api_user_role, api_user_privileges());
    result.admin_id = insert_admin(conn, clock, result.root_org_id, super_role, email, "Super", "Administrator",
                                   password, !request.admin_password.has_value());
    audit::append(conn, clock, {"", "lineport init"}, {"local", ""},
                  {result.root_org_id,
                   "system.init",
                   audit::Activity::write,
                   "org",
                   result.root_org_id,
                   {{"root_org", request.root_org_name}, {"admin_email", email}}});
  });
  return result;
}

}  // namespace lineport::bootstrap

#include "domain/roles/role_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/admins/admin_service.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/names.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/roles.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::roles {
namespace {

namespace sql = storage::sql::roles;

// Known keys only, each once, in catalog order.
std::vector<std::string> clean_privileges(const std::vector<std::string>& raw, Validator& v) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!auth::is_known_privilege(raw[i])) {
      v.fail("privileges[" + std::to_string(i) + "]", "Unknown privilege \"" + raw[i] + "\".");
    } else if (std::find(out.begin(), out.end(), raw[i]) == out.end()) {
      out.push_back(raw[i]);
    }
  }
  std::vector<std::string> ordered;
  for (const auto& p : auth::privilege_catalog())
    if (std::find(out.begin(), out.end(), p.key) != out.end()) ordered.push_back(p.key);
  return ordered;
}

// No privilege escalation: a role can hold only what its author holds.
void require_held(const auth::Principal& who, const std::vector<std::string>& privileges) {
  std::vector<FieldError> errors;
  for (const auto& p : privileges)
    if (!who.privileges.has(p)) errors.push_back({"privileges", "You do not hold \"" + p + "\" yourself."});
  if (!errors.empty())
    throw ApiError(ErrorCode::forbidden, "A role can include only privileges you hold.", std::move(errors));
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  if (!conn.query(sql::name_taken, {org_id, text::fold_case(name), self_id}).empty())
    throw ApiError(ErrorCode::name_taken, "A role named \"" + name + "\" already exists in this organization.",
                   {{"name", "Already used by another role of this organization."}});
}

}  // namespace

Role role_from_row(const storage::Row& r) {
  Role role;
  role.id = r.text(0);
  role.org_id = r.text(1);
  role.org_name = r.text(2);
  role.name = r.text(3);
  const auto keys = nlohmann::json::parse(r.text(4), nullptr, false);
  if (keys.is_array()) role.privileges = keys.get<std::vector<std::string>>();
  role.built_in = r.boolean(5);
  role.created_at = r.integer(6);
  role.updated_at = r.integer(7);
  role.admin_count = r.integer(8);
  return role;
}

std::optional<Role> find_usable_role(storage::Connection& conn, const std::string& role_id, const std::string& org_id) {
  const auto rows = conn.query(sql::select_usable_by_id, {role_id, org_id});
  if (rows.empty()) return std::nullopt;
  return role_from_row(rows.one());
}

std::vector<Role> RoleService::list_usable(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<Role> out;
    for (const auto& r : conn.query(sql::select_usable_at, {org_id}).rows) out.push_back(role_from_row(r));
    return out;
  });
}

Role RoleService::create(const auth::Principal& who, const std::string& org_id, const RoleInput& input,
                         const RequestMeta& meta) {
  Validator v;
  const std::string name = clean_name(input.name.value_or(""), "name", 100, v);
  if (!input.privileges) v.fail("privileges", "Is required (a list of privilege keys).");
  const auto privileges = clean_privileges(input.privileges.value_or(std::vector<std::string>{}), v);
  v.throw_if_failed();
  require_held(who, privileges);

  const std::string id = crypto::new_id();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    require_name_free(conn, org_id, name, "");
    conn.execute(sql::insert, {id, org_id, name, text::fold_case(name), nlohmann::json(privileges).dump(), false,
                               clock_.now()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "role.create", audit::Activity::write, "role", id,
                   {{"name", name}, {"privileges", privileges}}});
  });
  return db_.read([&](storage::Connection& conn) { return role_from_row(conn.query(sql::select_by_id, {id}).one()); });
}

Role RoleService::load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& role_id) {
  const auto rows = conn.query(sql::select_by_id, {role_id});
  if (rows.empty()) throw_not_found("The role does not exist.");
  Role role = role_from_row(rows.one());
  if (!orgs::in_scope(conn, who.home_org_id, role.org_id)) throw_not_found("The role does not exist.");
  if (role.built_in) throw ApiError(ErrorCode::built_in_role, "Built-in roles cannot be changed or deleted.");
  return role;
}

Role RoleService::update(const auth::Principal& who, const std::string& role_id, const RoleInput& input,
                         const RequestMeta& meta) {
  Validator v;
  std::optional<std::string> name;
  if (input.name) name = clean_name(*input.name, "name", 100, v);
  std::optional<std::vector<std::string>> privileges;
  if (input.privileges) privileges = clean_privileges(*input.privileges, v);
  v.throw_if_failed();

  db_.write([&](storage::Connection& conn) {
    Role role = load_editable(conn, who, role_id);
    nlohmann::json changes = nlohmann::json::object();
    if (name && *name != role.name) {
      require_name_free(conn, role.org_id, *name, role.id);
      changes["name"] = {{"from", role.name}, {"to", *name}};
      role.name = *name;
    }
    if (privileges && *privileges != role.privileges) {
      // Only the privileges being added must be held: an admin may remove what they lack.
      std::vector<std::string> added, removed;
      for (const auto& p : *privileges)
        if (std::find(role.privileges.begin(), role.privileges.end(), p) == role.privileges.end()) added.push_back(p);
      for (const auto& p : role.privileges)
        if (std::find(privileges->begin(), privileges->end(), p) == privileges->end()) removed.push_back(p);
      require_held(who, added);
      changes["privileges"] = {{"added", added}, {"removed", removed}};
      // Every holder gains or loses these privileges from their next request.
      for (const auto& holder : conn.query(sql::select_holders, {role.id}).rows) {
        admins::Admin admin;
        admin.id = holder.text(0);
        admin.email = holder.text(1);
        admin.org_id = holder.text(2);
        admins::publish_privilege_changes(conn, events_, admin, auth::PrivilegeSet(role.privileges),
                                          auth::PrivilegeSet(*privileges), who.email);
      }
      role.privileges = *privileges;
    }
    if (changes.empty()) return;
    conn.execute(sql::update, {role.id, role.name, text::fold_case(role.name), nlohmann::json(role.privileges).dump(),
                               clock_.now()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {role.org_id, "role.update", audit::Activity::write, "role", role.id, changes});
  });
  return db_.read([&](storage::Connection& conn) { return role_from_row(conn.query(sql::select_by_id, {role_id}).one()); });
}

void RoleService::remove(const auth::Principal& who, const std::string& role_id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Role role = load_editable(conn, who, role_id);
    if (role.admin_count > 0) {
      ApiError error(ErrorCode::role_in_use, "The role is held by " + std::to_string(role.admin_count) +
                                                 " administrator(s). Give them another role first.");
      error.extra = {{"admins", role.admin_count}};
      throw error;
    }
    conn.execute(sql::delete_one, {role.id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {role.org_id, "role.delete", audit::Activity::write, "role", role.id, {{"name", role.name}}});
  });
}

}  // namespace lineport::roles

#include "domain/roles/role_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/admins/admin_service.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/names.h"
#include "domain/orgs/defined_in_org.h"
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
void require_held(const auth::Principal& who, const std::vector<std::string>& privileges,
                  const std::string& why = "A role can include only privileges you hold.") {
  std::vector<FieldError> errors;
  for (const auto& p : privileges)
    if (!who.privileges.has(p)) errors.push_back({"privileges", "You do not hold \"" + p + "\" yourself."});
  if (!errors.empty()) throw DomainError(ErrorCode::forbidden, why, std::move(errors));
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  orgs::require_name_free(conn, sql::name_taken, org_id, name, self_id, "role");
}

std::string insert_role(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                        const std::string& name, const std::vector<std::string>& privileges) {
  require_name_free(conn, org_id, name, "");
  std::string id = crypto::new_id();
  conn.execute(sql::insert, sql::Insert{.id = id,
                                        .org_id = org_id,
                                        .name = name,
                                        .name_key = text::fold_case(name),
                                        .privileges = nlohmann::json(privileges).dump(),
                                        .built_in = false,
                                        .created_at = clock.now()}
                                .params());
  return id;
}

}  // namespace

std::string copy_role(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                      const std::string& role_id, const std::string& org_id, const std::string& field) {
  const auto role = find_usable_role(conn, role_id, org_id);
  if (!role)
    throw DomainError(ErrorCode::conflict, "A role to copy no longer exists.",
                      {{field, "The role " + role_id + " was deleted: remove it from the template."}});
  if (!who.privileges.has("roles"))
    throw DomainError(ErrorCode::forbidden, "Copying roles into the new organization needs the roles privilege.");
  require_held(who, role->privileges, "The role \"" + role->name + "\" includes privileges you do not hold.");
  return insert_role(conn, clock, org_id, role->name, role->privileges);
}

Role role_from_row(const storage::Row& r) {
  constexpr auto c = sql::role_columns;
  Role role;
  role.id = r.text(c["id"]);
  role.org_id = r.text(c["org_id"]);
  role.org_name = r.text(c["org_name"]);
  role.name = r.text(c["name"]);
  const auto keys = nlohmann::json::parse(r.text(c["privileges"]), nullptr, false);
  if (keys.is_array()) role.privileges = keys.get<std::vector<std::string>>();
  role.built_in = r.boolean(c["built_in"]);
  role.created_at = r.integer(c["created_at"]);
  role.updated_at = r.integer(c["updated_at"]);
  role.admin_count = r.integer(c["admin_count"]);
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

  std::string id;
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    id = insert_role(conn, clock_, org_id, name, privileges);
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {org_id, "role.create", audit::Activity::write, "role", id, {{"name", name}, {"privileges", privileges}}});
  });
  return db_.read([&](storage::Connection& conn) { return role_from_row(conn.query(sql::select_by_id, {id}).one()); });
}

Role RoleService::load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& role_id) {
  Role role = orgs::load_defined_in_scope(conn, who, sql::select_by_id, role_id, role_from_row, "role");
  if (role.built_in) throw DomainError(ErrorCode::built_in_role, "Built-in roles cannot be changed or deleted.");
  // Changing or deleting a role acts on every holder: whoever lacks one of its privileges could
  // otherwise strip an administrator they may not edit down to nothing, by proxy.
  require_held(who, role.privileges, "You can change or delete only roles whose privileges you all hold.");
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
      // The role's privileges before were checked when it was loaded; those added must be held too.
      std::vector<std::string> added, removed;
      for (const auto& p : *privileges)
        if (std::find(role.privileges.begin(), role.privileges.end(), p) == role.privileges.end()) added.push_back(p);
      for (const auto& p : role.privileges)
        if (std::find(privileges->begin(), privileges->end(), p) == privileges->end()) removed.push_back(p);
      require_held(who, added);
      changes["privileges"] = {{"added", added}, {"removed", removed}};
      // Every holder gains or loses these privileges from their next request.
      constexpr auto c = sql::holder_columns;
      for (const auto& holder : conn.query(sql::select_holders, {role.id}).rows) {
        admins::Admin admin;
        admin.id = holder.text(c["id"]);
        admin.email = holder.text(c["email"]);
        admin.org_id = holder.text(c["org_id"]);
        admins::publish_privilege_changes(conn, events_, admin, auth::PrivilegeSet(role.privileges),
                                          auth::PrivilegeSet(*privileges), who.email);
      }
      role.privileges = *privileges;
    }
    if (changes.empty()) return;
    conn.execute(sql::update, sql::Update{.id = role.id,
                                          .name = role.name,
                                          .name_key = text::fold_case(role.name),
                                          .privileges = nlohmann::json(role.privileges).dump(),
                                          .updated_at = clock_.now()}
                                  .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {role.org_id, "role.update", audit::Activity::write, "role", role.id, changes});
  });
  return db_.read(
      [&](storage::Connection& conn) { return role_from_row(conn.query(sql::select_by_id, {role_id}).one()); });
}

void RoleService::remove(const auth::Principal& who, const std::string& role_id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Role role = load_editable(conn, who, role_id);
    if (role.admin_count > 0) {
      DomainError error(ErrorCode::role_in_use, "The role is held by " + std::to_string(role.admin_count) +
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

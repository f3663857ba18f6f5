#include "domain/accounts/permission_groups.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/names.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/permission_groups.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::permission_groups;

const std::vector<std::string_view> kDefaultFeatures{"voice", "sms", "mms", "social_messaging", "in_app_messaging"};

PermissionGroup group_from_row(const storage::Row& r) {
  PermissionGroup g;
  g.id = r.text(0);
  g.org_id = r.text(1);
  g.org_name = r.text(2);
  g.name = r.text(3);
  const auto features = nlohmann::json::parse(r.text(4), nullptr, false);
  if (features.is_array()) g.features = features.get<std::vector<std::string>>();
  g.is_default = r.boolean(5);
  g.created_at = r.integer(6);
  g.updated_at = r.integer(7);
  g.account_count = r.integer(8);
  return g;
}

// Known features only, each once, in catalog order.
std::vector<std::string> clean_features(const std::vector<std::string>& raw, Validator& v) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto& known = app_features();
    if (std::find(known.begin(), known.end(), raw[i]) == known.end())
      v.fail("features[" + std::to_string(i) + "]", "Unknown feature \"" + raw[i] + "\".");
  }
  std::vector<std::string> out;
  for (const auto f : app_features())
    if (std::find(raw.begin(), raw.end(), f) != raw.end()) out.emplace_back(f);
  return out;
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  if (!conn.query(sql::name_taken, {org_id, text::fold_case(name), self_id}).empty())
    throw ApiError(ErrorCode::name_taken, "A permission group named \"" + name + "\" already exists here.",
                   {{"name", "Already used by another group of this organization."}});
}

PermissionGroup load(storage::Connection& conn, const std::string& id) {
  return group_from_row(conn.query(sql::select_by_id, {id}).one());
}

}  // namespace

const std::vector<std::string_view>& app_features() {
  static const std::vector<std::string_view> features{"voice",          "sms",
                                                      "mms",            "social_messaging",
                                                      "call_recording", "message_logging",
                                                      "in_app_messaging"};
  return features;
}

void create_default_group(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                          const std::string& org_name) {
  const std::string name = "default cos for " + org_name;
  conn.execute(sql::insert, {crypto::new_id(), org_id, name, text::fold_case(name),
                             nlohmann::json(kDefaultFeatures).dump(), true, clock.now()});
}

std::string default_group_id(storage::Connection& conn, const std::string& org_id) {
  return conn.query(sql::default_of, {org_id}).one().text(0);
}

std::optional<PermissionGroup> find_usable_group(storage::Connection& conn, const std::string& group_id,
                                                 const std::string& org_id) {
  const auto rows = conn.query(sql::select_usable_by_id, {group_id, org_id});
  if (rows.empty()) return std::nullopt;
  return group_from_row(rows.one());
}

std::vector<PermissionGroup> PermissionGroupService::list_usable(const auth::Principal& who,
                                                                 const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<PermissionGroup> out;
    for (const auto& r : conn.query(sql::select_usable_at, {org_id}).rows) out.push_back(group_from_row(r));
    return out;
  });
}

PermissionGroup PermissionGroupService::create(const auth::Principal& who, const std::string& org_id,
                                               const GroupInput& input, const RequestMeta& meta) {
  Validator v;
  const std::string name = clean_name(input.name.value_or(""), "name", 100, v);
  if (!input.features) v.fail("features", "Is required (a list of feature keys).");
  const auto features = clean_features(input.features.value_or(std::vector<std::string>{}), v);
  v.throw_if_failed();

  const std::string id = crypto::new_id();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    require_name_free(conn, org_id, name, "");
    const bool is_default = input.is_default.value_or(false);
    if (is_default) conn.execute(sql::clear_default, {org_id});
    conn.execute(sql::insert, {id, org_id, name, text::fold_case(name), nlohmann::json(features).dump(), is_default,
                               clock_.now()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "permission_group.create", audit::Activity::write, "permission_group", id,
                   {{"name", name}, {"features", features}, {"is_default", is_default}}});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, id); });
}

PermissionGroup PermissionGroupService::load_editable(storage::Connection& conn, const auth::Principal& who,
                                                      const std::string& id) {
  const auto rows = conn.query(sql::select_by_id, {id});
  if (rows.empty()) throw_not_found("The permission group does not exist.");
  auto group = group_from_row(rows.one());
  if (!orgs::in_scope(conn, who.home_org_id, group.org_id)) throw_not_found("The permission group does not exist.");
  return group;
}

PermissionGroup PermissionGroupService::update(const auth::Principal& who, const std::string& id,
                                               const GroupInput& input, const RequestMeta& meta) {
  Validator v;
  std::optional<std::string> name;
  if (input.name) name = clean_name(*input.name, "name", 100, v);
  std::optional<std::vector<std::string>> features;
  if (input.features) features = clean_features(*input.features, v);
  if (input.is_default == false)
    v.fail("is_default", "Make another group the default instead: an organization always has one.");
  v.throw_if_failed();

  db_.write([&](storage::Connection& conn) {
    auto group = load_editable(conn, who, id);
    nlohmann::json changes = nlohmann::json::object();
    if (name && *name != group.name) {
      require_name_free(conn, group.org_id, *name, group.id);
      changes["name"] = {{"from", group.name}, {"to", *name}};
      group.name = *name;
    }
    if (features && *features != group.features) {
      changes["features"] = {{"from", group.features}, {"to", *features}};
      group.features = *features;
    }
    if (input.is_default == true && !group.is_default) {
      conn.execute(sql::clear_default, {group.org_id});
      changes["is_default"] = true;
      group.is_default = true;
    }
    if (changes.empty()) return;
    conn.execute(sql::update, {group.id, group.name, text::fold_case(group.name), nlohmann::json(group.features).dump(),
                               group.is_default, clock_.now()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {group.org_id, "permission_group.update", audit::Activity::write, "permission_group", group.id,
                   changes});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, id); });
}

void PermissionGroupService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const auto group = load_editable(conn, who, id);
    if (group.is_default)
      throw ApiError(ErrorCode::default_group, "The default permission group cannot be deleted.");
    if (group.account_count > 0) {
      ApiError error(ErrorCode::group_in_use, "The group is used by " + std::to_string(group.account_count) +
                                                  " user account(s). Give them another group first.");
      error.extra = {{"accounts", group.account_count}};
      throw error;
    }
    conn.execute(sql::delete_counts_of, {group.id});
    conn.execute(sql::delete_one, {group.id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {group.org_id, "permission_group.delete", audit::Activity::write, "permission_group", group.id,
                   {{"name", group.name}}});
  });
}

}  // namespace lineport::accounts

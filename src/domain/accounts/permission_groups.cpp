#include "domain/accounts/permission_groups.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/names.h"
#include "domain/orgs/defined_in_org.h"
#include "domain/orgs/org_service.h"
#include "domain/subscriptions/plan_rules.h"
#include "storage/queries/permission_groups.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::permission_groups;

constexpr std::array<std::string_view, 5> default_features{"voice", "sms", "mms", "social_messaging",
                                                           "in_app_messaging"};

PermissionGroup group_from_row(const storage::Row& r) {
  constexpr auto c = sql::group_columns;
  PermissionGroup g;
  g.id = r.text(c["id"]);
  g.org_id = r.text(c["org_id"]);
  g.org_name = r.text(c["org_name"]);
  g.name = r.text(c["name"]);
  const auto features = nlohmann::json::parse(r.text(c["features"]), nullptr, false);
  if (features.is_array()) g.features = features.get<std::vector<std::string>>();
  g.is_default = r.boolean(c["is_default"]);
  g.created_at = r.integer(c["created_at"]);
  g.updated_at = r.integer(c["updated_at"]);
  g.account_count = r.integer(c["account_count"]);
  return g;
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  orgs::require_name_free(conn, sql::name_taken, org_id, name, self_id, "permission group");
}

PermissionGroup load(storage::Connection& conn, const std::string& id) {
  return group_from_row(conn.query(sql::select_by_id, {id}).one());
}

// 422 when the plans of `org_id` do not allow one of `features` (docs/subscriptions.md).
void require_in_plan(storage::Connection& conn, const std::string& org_id, const std::vector<std::string>& features) {
  const auto allowed = subscriptions::allowed_features(conn, org_id);
  if (!allowed) return;
  Validator v;
  for (std::size_t i = 0; i < features.size(); ++i)
    if (std::find(allowed->begin(), allowed->end(), features[i]) == allowed->end())
      v.fail("features[" + std::to_string(i) + "]",
             "The organization's subscription plan does not include \"" + features[i] + "\".");
  v.throw_if_failed();
}

}  // namespace

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

const std::vector<std::string_view>& app_features() {
  static const std::vector<std::string_view> features{
      "voice", "sms", "mms", "social_messaging", "call_recording", "message_logging", "in_app_messaging"};
  return features;
}

void create_default_group(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                          const std::string& org_name) {
  const std::string name = "default cos for " + org_name;
  conn.execute(sql::insert, sql::Insert{.id = crypto::new_id(),
                                        .org_id = org_id,
                                        .name = name,
                                        .name_key = text::fold_case(name),
                                        .features = nlohmann::json(default_features).dump(),
                                        .is_default = true,
                                        .created_at = clock.now()}
                                .params());
}

std::string add_group(storage::Connection& conn, const Clock& clock, const std::string& org_id, const std::string& name,
                      const std::vector<std::string>& features, bool is_default) {
  require_name_free(conn, org_id, name, "");
  require_in_plan(conn, org_id, features);
  if (is_default) conn.execute(sql::clear_default, {org_id});
  std::string id = crypto::new_id();
  conn.execute(sql::insert, sql::Insert{.id = id,
                                        .org_id = org_id,
                                        .name = name,
                                        .name_key = text::fold_case(name),
                                        .features = nlohmann::json(features).dump(),
                                        .is_default = is_default,
                                        .created_at = clock.now()}
                                .params());
  return id;
}

std::string default_group_id(storage::Connection& conn, const std::string& org_id) {
  return conn.query(sql::effective_default_of, {org_id}).one().text(sql::effective_default_columns["id"]);
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
    // Each organization up the tree has its default, but only the nearest one is in effect here:
    // rows come nearest last, so the last default wins and the others are plain groups here.
    const auto effective = std::find_if(out.rbegin(), out.rend(), [](const auto& g) { return g.is_default; });
    for (auto it = out.rbegin(); it != out.rend(); ++it) it->is_default = it == effective;
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

  const bool is_default = input.is_default.value_or(false);
  std::string id;
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    id = add_group(conn, clock_, org_id, name, features, is_default);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "permission_group.create",
                   audit::Activity::write,
                   "permission_group",
                   id,
                   {{"name", name}, {"features", features}, {"is_default", is_default}}});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, id); });
}

PermissionGroup PermissionGroupService::load_editable(storage::Connection& conn, const auth::Principal& who,
                                                      const std::string& id) {
  return orgs::load_defined_in_scope(conn, who, sql::select_by_id, id, group_from_row, "permission group");
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
      require_in_plan(conn, group.org_id, *features);
      changes["features"] = {{"from", group.features}, {"to", *features}};
      group.features = *features;
    }
    if (input.is_default == true && !group.is_default) {
      conn.execute(sql::clear_default, {group.org_id});
      changes["is_default"] = true;
      group.is_default = true;
    }
    if (changes.empty()) return;
    conn.execute(sql::update, sql::Update{.id = group.id,
                                          .name = group.name,
                                          .name_key = text::fold_case(group.name),
                                          .features = nlohmann::json(group.features).dump(),
                                          .is_default = group.is_default,
                                          .updated_at = clock_.now()}
                                  .params());
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {group.org_id, "permission_group.update", audit::Activity::write, "permission_group", group.id, changes});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, id); });
}

void PermissionGroupService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const auto group = load_editable(conn, who, id);
    if (group.is_default)
      throw DomainError(ErrorCode::default_group, "The default permission group cannot be deleted.");
    if (group.account_count > 0) {
      DomainError error(ErrorCode::group_in_use, "The group is used by " + std::to_string(group.account_count) +
                                                     " user account(s). Give them another group first.");
      error.extra = {{"accounts", group.account_count}};
      throw error;
    }
    conn.execute(sql::delete_counts_of, {group.id});
    conn.execute(sql::delete_one, {group.id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {group.org_id,
                   "permission_group.delete",
                   audit::Activity::write,
                   "permission_group",
                   group.id,
                   {{"name", group.name}}});
  });
}

}  // namespace lineport::accounts

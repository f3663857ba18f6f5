#include "domain/orgs/org_service.h"

#include <algorithm>

#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "domain/orgs/company_profile.h"
#include "domain/orgs/settings.h"
#include "domain/roles/role_service.h"
#include "domain/subscriptions/plan_rules.h"
#include "storage/queries/numbers.h"
#include "storage/queries/orgs.h"
#include "storage/queries/usage.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::orgs {
namespace {

namespace sql = storage::sql::orgs;
namespace numbers_sql = storage::sql::numbers;
namespace usage_sql = storage::sql::usage;

// As many numbers as one allocation request may move.
constexpr std::int64_t max_numbers_at_creation = 1'000'000;

constexpr std::size_t max_description = 2000;

// A row of a statement that begins with sql::org_columns.
Org org_from_row(const storage::Row& r) {
  constexpr auto c = sql::org_columns;
  Org o;
  o.id = r.text(c["id"]);
  o.parent_id = r.opt_text(c["parent_id"]);
  o.name = r.text(c["name"]);
  o.description = r.text(c["description"]);
  o.depth = static_cast<int>(r.integer(c["depth"]));
  o.profile = nlohmann::json::parse(r.text(c["profile"]), nullptr, false);
  if (o.profile.is_discarded()) o.profile = nlohmann::json::object();
  o.created_at = r.integer(c["created_at"]);
  o.updated_at = r.integer(c["updated_at"]);
  o.child_count = r.integer(c["child_count"]);
  return o;
}

void check_description(const std::string& description, Validator& v) {
  if (!text::is_valid_utf8(description) || text::code_points(description) > max_description)
    v.fail("description", "Must be at most 2000 characters of text.");
}

void require_sibling_name_free(storage::Connection& conn, const std::optional<std::string>& parent_id,
                               const std::string& name, const std::string& self_id) {
  if (!parent_id) return;  // the root has no siblings
  if (!conn.query(sql::sibling_name_taken, {*parent_id, text::fold_case(name), self_id}).empty())
    throw DomainError(ErrorCode::name_taken, "An organization named \"" + name + "\" already exists here.",
                      {{"name", "Another sub-organization of the same parent has this name."}});
}

// Each setting names the privilege that changes it (settings.cpp); `values` holds valid keys only.
void require_setting_privileges(const auth::Principal& who, const nlohmann::json& values) {
  for (const auto& [key, value] : values.items()) {
    const auto* def = find_setting(key);
    if (!who.privileges.has(def->edit_privilege))
      throw DomainError(ErrorCode::forbidden,
                        "Changing " + key + " needs the " + std::string(def->edit_privilege) + " privilege.");
  }
}

// A template fills in what the request leaves out: its settings and plan under the request's own,
// its numbers unless the request names some, and its roles and groups.
void fill_from_template(NewOrg& org, const OrgTemplate& preset) {
  nlohmann::json settings = preset.settings;
  if (preset.subscription_id) settings["subscription_id"] = *preset.subscription_id;
  for (const auto& [key, value] : org.settings.items()) settings[key] = value;
  org.settings = std::move(settings);
  if (!org.number_count) org.number_count = preset.numbers;
  org.copied_role_ids = preset.role_ids;
  org.groups = preset.permission_groups;
}

// Whatever a new organization gets, typed or from a template, needs the privilege that would change
// it afterwards: without this, creating a child would turn off two-factor authentication for it.
void require_creation_privileges(const auth::Principal& who, const NewOrg& org) {
  require_setting_privileges(who, org.settings);
  if (org.number_count && !who.privileges.has("setup.edit.number_management"))
    throw DomainError(ErrorCode::forbidden, "Allocating numbers needs the setup.edit.number_management privilege.");
  if (!org.groups.empty() && !who.privileges.has("setup.edit.user_permissions"))
    throw DomainError(ErrorCode::forbidden,
                      "Creating the template's permission groups needs the setup.edit.user_permissions privilege.");
  // Copied roles are checked one by one (roles::copy_role): each needs its own privileges.
}

// The audit record of a new organization: everything it was given.
nlohmann::json creation_record(const NewOrg& org, const std::string& parent_id) {
  nlohmann::json record = {{"name", org.name}, {"description", org.description}, {"parent_id", parent_id}};
  for (const auto& [key, value] : org.settings.items()) record[key] = value;
  if (org.number_count) record["numbers"] = *org.number_count;
  if (org.template_id) {
    record["template_id"] = *org.template_id;
    record["copied_role_ids"] = org.copied_role_ids;
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : org.groups) groups.push_back(g.name);
    record["permission_groups"] = std::move(groups);
  }
  return record;
}

std::int64_t count(storage::Connection& conn, const storage::Query& q, const std::string& id) {
  return conn.query(q, {id}).one().integer(0);
}

}  // namespace

std::optional<std::string> normalized_org_name(const std::string& raw, Validator& v) {
  std::string name = text::trim(raw);
  const auto length = text::code_points(name);
  if (!text::is_valid_utf8(name) || text::has_control_chars(name) || length < 1 || length > 120) {
    v.fail("name", "Must be 1 to 120 characters.");
    return std::nullopt;
  }
  return name;
}

bool in_scope(storage::Connection& conn, std::string_view home_org_id, std::string_view org_id) {
  return !conn.query(sql::is_in_subtree, {home_org_id, org_id}).empty();
}

void require_in_scope(storage::Connection& conn, const auth::Principal& principal, std::string_view org_id) {
  if (!in_scope(conn, principal.home_org_id, org_id)) throw_not_found("The organization does not exist.");
}

std::string org_name(storage::Connection& conn, const std::string& org_id) {
  const auto rows = conn.query(sql::select_name, {org_id});
  if (rows.empty()) throw_not_found("The organization does not exist.");
  return rows.one().text(0);
}

PathItem root_org(storage::Connection& conn) {
  constexpr auto c = sql::root_columns;
  const auto rows = conn.query(sql::select_root);
  if (rows.empty()) return {};
  return {rows.one().text(c["id"]), rows.one().text(c["name"])};
}

std::string company_name(storage::Connection& conn, const std::string& org_id) {
  const auto chain = conn.query(sql::select_ancestors_with_profile, {org_id});
  if (chain.empty()) throw_not_found("The organization does not exist.");
  std::string top_name;
  constexpr auto c = sql::ancestor_columns;
  for (const auto& r : chain.rows) {
    const auto profile = nlohmann::json::parse(r.text(c["profile"]), nullptr, false);
    if (profile.is_object() && profile.contains("legal_name") && profile["legal_name"].is_string()) {
      auto legal = text::trim(profile["legal_name"].get<std::string>());
      if (!legal.empty()) return legal;
    }
    top_name = r.text(c["name"]);
    // The service provider's own profile is not its customers' company.
    if (r.integer(c["depth"]) <= 1) break;
  }
  return top_name;
}

std::string OrgService::create_root(storage::Connection& conn, const std::string& name) {
  if (!conn.query(sql::select_root).empty())
    throw DomainError(ErrorCode::conflict, "The database already has a root organization.");
  Validator v;
  const auto clean = normalized_org_name(name, v);
  v.throw_if_failed();
  std::string id = crypto::new_id();
  conn.execute(
      sql::insert,
      sql::Insert{.id = id, .name = *clean, .name_key = text::fold_case(*clean), .created_at = clock_.now()}.params());
  conn.execute(sql::insert_self_link, {id});
  accounts::create_default_group(conn, clock_, id, *clean);
  return id;
}

std::string OrgService::insert_child(storage::Connection& conn, const std::string& parent_id, const NewOrg& input) {
  const auto parent = conn.query(sql::select_by_id, {parent_id});
  if (parent.empty()) throw_not_found("The organization does not exist.");
  require_sibling_name_free(conn, parent_id, input.name, "");
  std::string id = crypto::new_id();
  const auto depth = parent.one().integer(sql::org_columns["depth"]) + 1;
  try {
    conn.execute(sql::insert, sql::Insert{.id = id,
                                          .parent_id = parent_id,
                                          .name = input.name,
                                          .name_key = text::fold_case(input.name),
                                          .description = input.description,
                                          .depth = depth,
                                          .created_at = clock_.now()}
                                  .params());
  } catch (const storage::DatabaseError& e) {
    // A concurrent request took the name between the check and the insert.
    if (e.kind() == storage::DatabaseError::Kind::unique_violation)
      throw DomainError(ErrorCode::name_taken, "An organization named \"" + input.name + "\" already exists here.");
    throw;
  }
  conn.execute(sql::insert_self_link, {id});
  conn.execute(sql::insert_ancestor_links, {id, parent_id});
  const bool preset_default =
      std::any_of(input.groups.begin(), input.groups.end(), [](const GroupPreset& g) { return g.is_default; });
  if (!preset_default) accounts::create_default_group(conn, clock_, id, input.name);
  write_own_settings(conn, id, input.settings);
  return id;
}

Org OrgService::load(storage::Connection& conn, const auth::Principal& who, const std::string& id) {
  require_in_scope(conn, who, id);
  const auto rows = conn.query(sql::select_by_id, {id});
  if (rows.empty()) throw_not_found("The organization does not exist.");
  Org org = org_from_row(rows.one());
  org.subtree_admin_count = count(conn, sql::count_subtree_admins, id);
  org.subtree_account_count = count(conn, sql::count_subtree_accounts, id);
  for (auto& [key, setting] : effective_settings(conn, id)) {
    if (key == "timezone") org.timezone = setting.value.get<std::string>();
    if (key == "language") org.language = setting.value.get<std::string>();
  }
  const auto home = conn.query(sql::select_by_id, {who.home_org_id}).one();
  constexpr auto c = sql::path_columns;
  for (const auto& r : conn.query(sql::select_path, {id, home.integer(sql::org_columns["depth"])}).rows)
    org.path.push_back({r.text(c["id"]), r.text(c["name"])});
  return org;
}

Org OrgService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) { return load(conn, who, id); });
}

Page<Org> OrgService::children(const auth::Principal& who, const std::string& id, const PageRequest& page) {
  const auto after = continue_after(page, {"", ""});
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, id);
    Page<Org> out;
    out.total = count(conn, sql::count_children, id);
    // One extra row tells whether another page follows.
    const auto rows = conn.query(sql::select_children_page, {id, after[0], after[1], page.limit + 1}).rows;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(page.limit); ++i) {
      constexpr auto c = sql::children_page_columns;
      Org o = org_from_row(rows[i]);
      o.subtree_admin_count = rows[i].integer(c["subtree_admin_count"]);
      o.subtree_account_count = rows[i].integer(c["subtree_account_count"]);
      out.items.push_back(std::move(o));
    }
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      const auto& last = rows[static_cast<std::size_t>(page.limit) - 1];
      constexpr auto c = sql::children_page_columns;
      out.next_cursor = encode_cursor({last.text(c["name_key"]), last.text(c["id"])});
    }
    return out;
  });
}

void OrgService::allocate_from_parent(storage::Connection& conn, const std::string& parent_id,
                                      const std::string& org_id, std::int64_t count) {
  subscriptions::require_room(conn, db_.backend(), org_id, subscriptions::Limit::numbers,
                              {.moved_from = {{parent_id, count}}});
  numbers::NumberPool pool(conn, clock_);
  pool.end_expired_quarantine(parent_id);
  const auto moved = pool.move_available(parent_id, org_id, "", count);
  if (moved < count) {
    // The organization is not created either: the transaction rolls back.
    DomainError error(
        ErrorCode::not_enough_numbers,
        "The parent has " + std::to_string(moved) + " available number(s); " + std::to_string(count) + " requested.",
        {{"numbers.count", "At most " + std::to_string(moved) + " (the parent's available numbers)."}});
    error.extra = {{"available", moved}, {"requested", count}};
    throw error;
  }
}

Org OrgService::create_child(const auth::Principal& who, const std::string& parent_id, const NewOrg& input,
                             const RequestMeta& meta) {
  Validator v;
  const auto name = normalized_org_name(input.name, v);
  check_description(input.description, v);
  for (const auto& [key, value] : input.settings.items()) validate_setting(key, value, v);
  if (input.number_count && (*input.number_count < 1 || *input.number_count > max_numbers_at_creation))
    v.fail("numbers.count", "Must be a whole number from 1 to 1000000.");
  v.throw_if_failed();

  const std::string id = db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, parent_id);
    NewOrg clean = input;
    clean.name = *name;
    if (input.template_id) fill_from_template(clean, usable_template(conn, *input.template_id, parent_id));
    require_creation_privileges(who, clean);
    subscriptions::require_room(conn, db_.backend(), parent_id, subscriptions::Limit::suborgs, {.created = 1});
    std::string new_id = insert_child(conn, parent_id, clean);
    if (clean.settings.contains("subscription_id")) {
      const auto& plan = clean.settings["subscription_id"];
      subscriptions::check_plan_choice(conn, db_.backend(), who, new_id, plan, "settings.subscription_id");
      subscriptions::record_plan_history(conn, new_id, plan, clock_.now());
    }
    for (const auto& role_id : clean.copied_role_ids)
      roles::copy_role(conn, clock_, who, role_id, new_id, "template_id");
    for (const auto& g : clean.groups) accounts::add_group(conn, clock_, new_id, g.name, g.features, g.is_default);
    if (clean.number_count) allocate_from_parent(conn, parent_id, new_id, *clean.number_count);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {new_id, "org.create", audit::Activity::write, "org", new_id, creation_record(clean, parent_id)});
    return new_id;
  });
  return get(who, id);
}

Org OrgService::update(const auth::Principal& who, const std::string& id, const OrgPatch& patch,
                       const RequestMeta& meta) {
  Validator v;
  std::optional<std::string> name;
  if (patch.name) name = normalized_org_name(*patch.name, v);
  if (patch.description) check_description(*patch.description, v);
  if (patch.profile) check_profile(*patch.profile, v, "profile.");
  v.throw_if_failed();
  // The same fields as Setup > Company Profile, with the same privilege.
  if (patch.profile && !who.privileges.has("setup.edit.company_profile"))
    throw DomainError(ErrorCode::forbidden,
                      "Changing the company profile needs the setup.edit.company_profile privilege.");

  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, id);
    Org current = org_from_row(conn.query(sql::select_by_id, {id}).one());
    nlohmann::json changes = nlohmann::json::object();
    if (name && *name != current.name) {
      require_sibling_name_free(conn, current.parent_id, *name, id);
      changes["name"] = {{"from", current.name}, {"to", *name}};
      current.name = *name;
    }
    if (patch.description && *patch.description != current.description) {
      changes["description"] = {{"from", current.description}, {"to", *patch.description}};
      current.description = *patch.description;
    }
    if (patch.profile) apply_profile(current.profile, *patch.profile, "profile.", changes);
    if (changes.empty()) return;
    conn.execute(sql::update_fields, sql::UpdateFields{.id = id,
                                                       .name = current.name,
                                                       .name_key = text::fold_case(current.name),
                                                       .description = current.description,
                                                       .profile = current.profile.dump(),
                                                       .updated_at = clock_.now()}
                                         .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {id, "org.update", audit::Activity::write, "org", id, changes});
  });
  return get(who, id);
}

DeletionPreview OrgService::preview_deletion(storage::Connection& conn, const auth::Principal& who,
                                             const std::string& id) {
  require_in_scope(conn, who, id);
  const Org org = org_from_row(conn.query(sql::select_by_id, {id}).one());
  DeletionPreview p;
  p.org_id = org.id;
  p.name = org.name;
  if (org.parent_id) {
    p.parent_id = *org.parent_id;
    p.parent_name = org_name(conn, *org.parent_id);
  }
  p.sub_orgs = count(conn, sql::count_descendants, id);
  p.numbers = count(conn, sql::count_subtree_numbers, id);
  p.admins = count(conn, sql::count_subtree_admins, id);
  p.accounts = count(conn, sql::count_subtree_accounts, id);
  if (!org.parent_id) {
    p.blocked_code = "conflict";
    p.blocked_message = "The root organization cannot be deleted.";
  } else if (id == who.home_org_id) {
    p.blocked_code = "conflict";
    p.blocked_message = "You cannot delete your own home organization.";
  } else if (p.admins > 0 || p.accounts > 0) {
    p.blocked_code = "org_not_empty";
    p.blocked_message = "The organization or its sub-organizations still hold " + std::to_string(p.accounts) +
                        " user account(s) and " + std::to_string(p.admins) +
                        " administrator(s). Delete or move them first.";
  }
  return p;
}

DeletionPreview OrgService::deletion_preview(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) { return preview_deletion(conn, who, id); });
}

void OrgService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const auto preview = preview_deletion(conn, who, id);
    if (preview.blocked_code == "org_not_empty") {
      DomainError error(ErrorCode::org_not_empty, preview.blocked_message);
      error.extra = {{"admins", preview.admins}, {"accounts", preview.accounts}};
      throw error;
    }
    if (!preview.blocked_code.empty()) throw DomainError(ErrorCode::conflict, preview.blocked_message);
    const Org org = org_from_row(conn.query(sql::select_by_id, {id}).one());
    // Numbers move one level at a time: the whole subtree's go to the parent's pool.
    conn.execute(sql::move_subtree_numbers_to, {id, *org.parent_id, clock_.now()});
    std::vector<std::string> doomed;
    for (const auto& r : conn.query(sql::select_subtree_deepest_first, {id}).rows) doomed.push_back(r.text(0));
    numbers::NumberPool pool(conn, clock_);
    for (const auto& victim : doomed) {
      // Their numbers went to the parent's pool, with their statuses: so do the counters.
      constexpr auto c = numbers_sql::pool_count_columns;
      for (const auto& r : conn.query(numbers_sql::counts_of_pool, {victim}).rows)
        pool.add_count(*org.parent_id, *numbers::parse_number_status(r.text(c["status"])), r.integer(c["count"]));
      conn.execute(numbers_sql::delete_counts_of_pool, {victim});
      conn.execute(numbers_sql::delete_series_counts_of_pool, {victim});  // all 0: the triggers moved them
      // Its usage happened inside the parent's subtree and stays counted there.
      conn.execute(usage_sql::move_records_to_parent, {victim, *org.parent_id});
      conn.execute(usage_sql::merge_buckets_into_parent, {victim, *org.parent_id});
      conn.execute(usage_sql::merge_totals_into_parent, {victim, *org.parent_id});
      conn.execute(usage_sql::move_active_user_changes_to_parent, {victim, *org.parent_id});
      conn.execute(usage_sql::delete_buckets_of, {victim});
      conn.execute(usage_sql::delete_totals_of, {victim});
      conn.execute(usage_sql::delete_subtree_slots_of, {victim});
      conn.execute(usage_sql::delete_subtree_days_of, {victim});
      conn.execute(usage_sql::delete_subtree_totals_of, {victim});
      conn.execute(sql::delete_org_owned_rows_account_counts, {victim});
      conn.execute(sql::delete_org_owned_rows_account_created_counts, {victim});
      conn.execute(sql::delete_org_owned_rows_permission_groups, {victim});
      conn.execute(sql::delete_org_owned_rows_account_batches, {victim});
      conn.execute(sql::delete_links_of, {victim});
      conn.execute(sql::delete_one, {victim});
    }
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {*org.parent_id,
                   "org.delete",
                   audit::Activity::write,
                   "org",
                   id,
                   {{"name", org.name}, {"deleted_orgs", doomed.size()}, {"numbers_to_parent", preview.numbers}}});
  });
}

nlohmann::json OrgService::settings(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, id);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, s] : effective_settings(conn, id)) {
      out[key] = {{"value", s.value},
                  {"source_org_id", s.source_org_id},
                  {"source_org_name", s.source_org_name},
                  {"own", s.own}};
      if (s.own_value) out[key]["own_value"] = *s.own_value;
      if (s.inherited_value) out[key]["inherited_value"] = *s.inherited_value;
    }
    return out;
  });
}

nlohmann::json OrgService::update_settings(const auth::Principal& who, const std::string& id,
                                           const nlohmann::json& values, const RequestMeta& meta) {
  Validator v;
  if (!values.is_object() || values.empty())
    v.fail("body", "Send an object with at least one setting.");
  else
    for (const auto& [key, value] : values.items()) validate_setting(key, value, v);
  v.throw_if_failed();
  require_setting_privileges(who, values);
  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, id);
    std::optional<subscriptions::PlanTerms> plan_before;
    const bool plan_change = values.contains("subscription_id");
    if (plan_change) {
      subscriptions::check_plan_choice(conn, db_.backend(), who, id, values["subscription_id"], "subscription_id");
      plan_before = subscriptions::plan_in_force(conn, id);
    }
    write_own_settings(conn, id, values);
    if (plan_change) {
      subscriptions::record_plan_history(conn, id, values["subscription_id"], clock_.now());
      subscriptions::announce_plan_change(conn, clock_, who, id, plan_before, subscriptions::plan_in_force(conn, id));
    }
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {id, "org.settings.update", audit::Activity::write, "org", id, values});
  });
  return settings(who, id);
}

}  // namespace lineport::orgs

#include "domain/orgs/org_templates.h"

#include <algorithm>

#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/names.h"
#include "domain/orgs/defined_in_org.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/roles/role_service.h"
#include "storage/queries/org_templates.h"
#include "storage/queries/subscriptions.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::orgs {
namespace {

namespace sql = storage::sql::org_templates;

constexpr std::size_t max_roles = 100;
constexpr std::size_t max_groups = 50;
constexpr std::int64_t max_numbers = 1'000'000;

nlohmann::json groups_json(const std::vector<GroupPreset>& groups) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : groups)
    out.push_back({{"name", g.name}, {"features", g.features}, {"is_default", g.is_default}});
  return out;
}

std::vector<GroupPreset> groups_from_json(const nlohmann::json& stored) {
  std::vector<GroupPreset> out;
  for (const auto& g : stored)
    out.push_back({g.at("name").get<std::string>(), g.at("features").get<std::vector<std::string>>(),
                   g.value("is_default", false)});
  return out;
}

OrgTemplate template_from_row(const storage::Row& r) {
  constexpr auto c = sql::template_columns;
  OrgTemplate t;
  t.id = r.text(c["id"]);
  t.org_id = r.text(c["org_id"]);
  t.org_name = r.text(c["org_name"]);
  t.name = r.text(c["name"]);
  t.subscription_id = r.opt_text(c["subscription_id"]);
  t.settings = nlohmann::json::parse(r.text(c["settings"]));
  t.role_ids = nlohmann::json::parse(r.text(c["role_ids"])).get<std::vector<std::string>>();
  t.permission_groups = groups_from_json(nlohmann::json::parse(r.text(c["permission_groups"])));
  t.numbers = r.opt_integer(c["numbers"]);
  t.created_at = r.integer(c["created_at"]);
  t.updated_at = r.integer(c["updated_at"]);
  return t;
}

// Organization settings, each checked as PATCH /orgs/{id}/settings would. The plan has its own
// field: one place to read it.
nlohmann::json clean_settings(const nlohmann::json& raw, Validator& v) {
  if (!raw.is_object()) {
    v.fail("settings", "Must be an object of organization settings.");
    return nlohmann::json::object();
  }
  for (const auto& [key, value] : raw.items()) {
    if (key == "subscription_id") {
      v.fail("settings.subscription_id", "Set the plan with the field subscription_id.");
      continue;
    }
    Validator one;
    validate_setting(key, value, one);
    for (const auto& e : one.errors()) v.fail("settings." + e.field, e.message);
    if (value.is_null()) v.fail("settings." + key, "A new organization inherits unless given a value: omit it.");
  }
  return raw;
}

std::vector<std::string> clean_role_ids(const std::vector<std::string>& raw, Validator& v) {
  if (raw.size() > max_roles) v.fail("role_ids", "At most 100 roles.");
  std::vector<std::string> out;
  for (const auto& id : raw)
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

std::vector<GroupPreset> clean_groups(const nlohmann::json& raw, Validator& v) {
  std::vector<GroupPreset> out;
  if (!raw.is_array() || raw.size() > max_groups) {
    v.fail("permission_groups", "Must be a list of at most 50 groups, each {name, features, is_default}.");
    return out;
  }
  std::vector<std::string> keys;
  int defaults = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string at = "permission_groups[" + std::to_string(i) + "]";
    const auto& g = raw[i];
    if (!g.is_object() || !g.contains("name") || !g["name"].is_string() || !g.contains("features") ||
        !g["features"].is_array()) {
      v.fail(at, "Must be {\"name\": text, \"features\": [...], \"is_default\": bool}.");
      continue;
    }
    for (const auto& [key, value] : g.items()) {
      if (key == "name" || key == "features" || key == "is_default") continue;
      std::string field = at;
      field.append(".").append(key);
      v.fail(std::move(field), "Unknown field.");
    }
    GroupPreset preset;
    preset.name = clean_name(g["name"].get<std::string>(), at + ".name", 100, v);
    std::vector<std::string> features;
    for (const auto& f : g["features"]) {
      if (f.is_string())
        features.push_back(f.get<std::string>());
      else
        v.fail(at + ".features", "Must be a list of feature keys.");
    }
    Validator feature_errors;
    preset.features = accounts::clean_features(features, feature_errors);
    for (const auto& e : feature_errors.errors()) v.fail(at + "." + e.field, e.message);
    if (g.contains("is_default")) {
      if (!g["is_default"].is_boolean())
        v.fail(at + ".is_default", "Must be true or false.");
      else
        preset.is_default = g["is_default"].get<bool>();
    }
    if (preset.is_default && ++defaults > 1) v.fail(at + ".is_default", "Only one group can be the default.");
    const auto key = text::fold_case(preset.name);
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      v.fail(at + ".name", "Another group of the template has this name.");
    keys.push_back(key);
    out.push_back(std::move(preset));
  }
  return out;
}

void check_numbers(const std::optional<std::int64_t>& numbers, Validator& v) {
  if (numbers && (*numbers < 1 || *numbers > max_numbers))
    v.fail("numbers", "Must be a whole number from 1 to 1000000, or null for none.");
}

// Applies the fields of `input` to `t`, checking each; returns what changed, for the audit log.
nlohmann::json apply(OrgTemplate& t, const TemplateInput& input, Validator& v) {
  nlohmann::json changes = nlohmann::json::object();
  const auto record = [&](const char* field, const nlohmann::json& from, const nlohmann::json& to) {
    if (from != to) changes[field] = {{"from", from}, {"to", to}};
  };
  if (input.name) {
    const auto name = clean_name(*input.name, "name", 100, v);
    record("name", t.name, name);
    t.name = name;
  }
  if (input.subscription_id) {
    const auto& id = *input.subscription_id;
    if (id && id->empty()) v.fail("subscription_id", "Must be a subscription id, or null to inherit.");
    record("subscription_id", t.subscription_id ? nlohmann::json(*t.subscription_id) : nlohmann::json(),
           id ? nlohmann::json(*id) : nlohmann::json());
    t.subscription_id = *id;
  }
  if (input.settings) {
    auto settings = clean_settings(*input.settings, v);
    record("settings", t.settings, settings);
    t.settings = std::move(settings);
  }
  if (input.role_ids) {
    auto roles = clean_role_ids(*input.role_ids, v);
    record("role_ids", t.role_ids, roles);
    t.role_ids = std::move(roles);
  }
  if (input.permission_groups) {
    auto groups = clean_groups(*input.permission_groups, v);
    record("permission_groups", groups_json(t.permission_groups), groups_json(groups));
    t.permission_groups = std::move(groups);
  }
  if (input.numbers) {
    check_numbers(*input.numbers, v);
    record("numbers", t.numbers ? nlohmann::json(*t.numbers) : nlohmann::json(),
           *input.numbers ? nlohmann::json(**input.numbers) : nlohmann::json());
    t.numbers = *input.numbers;
  }
  return changes;
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  orgs::require_name_free(conn, sql::name_taken, org_id, name, self_id, "template");
}

void save(storage::Connection& conn, const OrgTemplate& t, UnixSeconds now) {
  conn.execute(sql::save, sql::Save{.id = t.id,
                                    .org_id = t.org_id,
                                    .name = t.name,
                                    .name_key = text::fold_case(t.name),
                                    .subscription_id = t.subscription_id,
                                    .settings = t.settings.dump(),
                                    .role_ids = nlohmann::json(t.role_ids).dump(),
                                    .permission_groups = groups_json(t.permission_groups).dump(),
                                    .numbers = t.numbers,
                                    .now = now}
                              .params());
}

}  // namespace

OrgTemplate usable_template(storage::Connection& conn, const std::string& template_id, const std::string& parent_id) {
  const auto rows = conn.query(sql::select_usable_by_id, {template_id, parent_id});
  if (rows.empty())
    throw DomainError(ErrorCode::validation_failed, "The template cannot be used here.",
                      {{"template_id", "No template with this id is defined on this organization or above it."}});
  return template_from_row(rows.one());
}

void OrgTemplateService::check_references(storage::Connection& conn, const OrgTemplate& t) {
  Validator v;
  if (t.subscription_id &&
      conn.query(storage::sql::subscriptions::select_usable_by_id, {*t.subscription_id, t.org_id}).empty())
    v.fail("subscription_id", "No plan with this id is usable where the template is defined.");
  for (std::size_t i = 0; i < t.role_ids.size(); ++i)
    if (!roles::find_usable_role(conn, t.role_ids[i], t.org_id))
      v.fail("role_ids[" + std::to_string(i) + "]", "No role with this id is usable where the template is defined.");
  v.throw_if_failed();
}

std::vector<OrgTemplate> OrgTemplateService::list_usable(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    std::vector<OrgTemplate> out;
    for (const auto& r : conn.query(sql::select_usable_at, {org_id}).rows) out.push_back(template_from_row(r));
    return out;
  });
}

OrgTemplate OrgTemplateService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_by_id, {id});
    if (rows.empty()) throw_not_found("The template does not exist.");
    OrgTemplate t = template_from_row(rows.one());
    // Visible where the caller may use it (defined at their organization or above) or manage it.
    if (!in_scope(conn, who.home_org_id, t.org_id) && !in_scope(conn, t.org_id, who.home_org_id))
      throw_not_found("The template does not exist.");
    return t;
  });
}

OrgTemplate OrgTemplateService::create(const auth::Principal& who, const std::string& org_id,
                                       const TemplateInput& input, const RequestMeta& meta) {
  Validator v;
  if (!input.name) v.fail("name", "Is required.");
  OrgTemplate t;
  t.org_id = org_id;
  apply(t, input, v);
  v.throw_if_failed();

  t.id = crypto::new_id();
  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    require_name_free(conn, org_id, t.name, "");
    check_references(conn, t);
    save(conn, t, clock_.now());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "org_template.create",
                   audit::Activity::write,
                   "org_template",
                   t.id,
                   {{"name", t.name},
                    {"subscription_id", t.subscription_id ? nlohmann::json(*t.subscription_id) : nlohmann::json()},
                    {"settings", t.settings},
                    {"role_ids", t.role_ids},
                    {"permission_groups", groups_json(t.permission_groups)},
                    {"numbers", t.numbers ? nlohmann::json(*t.numbers) : nlohmann::json()}}});
  });
  return get(who, t.id);
}

OrgTemplate OrgTemplateService::update(const auth::Principal& who, const std::string& id, const TemplateInput& input,
                                       const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    OrgTemplate t = load_defined_in_scope(conn, who, sql::select_by_id, id, template_from_row, "template");
    Validator v;
    const auto changes = apply(t, input, v);
    v.throw_if_failed();
    if (changes.empty()) return;
    if (changes.contains("name")) require_name_free(conn, t.org_id, t.name, t.id);
    check_references(conn, t);
    save(conn, t, clock_.now());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {t.org_id, "org_template.update", audit::Activity::write, "org_template", t.id, changes});
  });
  return get(who, id);
}

void OrgTemplateService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const auto t = load_defined_in_scope(conn, who, sql::select_by_id, id, template_from_row, "template");
    conn.execute(sql::delete_one, {t.id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {t.org_id, "org_template.delete", audit::Activity::write, "org_template", t.id, {{"name", t.name}}});
  });
}

}  // namespace lineport::orgs

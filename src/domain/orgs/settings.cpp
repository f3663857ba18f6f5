#include "domain/orgs/settings.h"

#include <algorithm>
#include <set>

#include "domain/subscriptions/plan.h"
#include "storage/queries/orgs.h"
#include "util/clock.h"

namespace lineport::orgs {
namespace {

namespace sql = storage::sql::orgs;

constexpr std::size_t max_blocked_prefixes = 10'000;

bool is_language(const nlohmann::json& v) {
  return v.is_string() && (v == "en" || v == "es" || v == "pt");
}

// "@example.com": "@" and a lower-case DNS name of at least two labels, the last alphabetic.
bool is_domain_entry(std::string_view entry) {
  if (entry.size() < 5 || entry.size() > 255 || entry.front() != '@') return false;
  std::string_view rest = entry.substr(1);
  int labels = 0;
  bool last_alphabetic = false;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    last_alphabetic = true;
    for (const char c : label) {
      const bool letter = c >= 'a' && c <= 'z';
      if (!letter && !(c >= '0' && c <= '9') && c != '-') return false;
      last_alphabetic = last_alphabetic && letter;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
    if (rest.empty()) return false;  // a trailing dot
  }
  return labels >= 2 && last_alphabetic;
}

// Every entry of the lists set for `key` from the organization up (or, `above_only`, by its
// ancestors alone), each once, sorted.
nlohmann::json accumulated(const std::vector<storage::Row>& rows, std::string_view key, bool above_only = false) {
  constexpr auto c = sql::inherited_setting_columns;
  std::set<std::string> entries;
  for (const auto& r : rows) {
    if (r.text(c["key"]) != key || (above_only && r.integer(c["depth"]) == 0)) continue;
    for (const auto& entry : nlohmann::json::parse(r.text(c["value"]))) entries.insert(entry.get<std::string>());
  }
  return nlohmann::json(std::vector<std::string>(entries.begin(), entries.end()));
}

}  // namespace

const std::vector<SettingDefinition>& setting_definitions() {
  static const std::vector<SettingDefinition> defs = {
      {"timezone", "UTC", "profile.edit"},
      {"language", "en", "profile.edit"},
      {"two_factor_enabled", false, "setup.edit.two_factor"},
      {"utilization_threshold_pct", 80, "setup.edit.number_management"},
      {"domain_restriction", nlohmann::json::array(), "setup.edit.domain_restriction"},
      {"number_quarantine_days", 0, "setup.edit.number_management"},
      {"subscription_id", nullptr, "setup.edit.subscriptions"},
      {"call_filter_blocked_prefixes", nlohmann::json::array(), "setup.edit.subscriptions", true},
  };
  return defs;
}

const SettingDefinition* find_setting(std::string_view key) {
  const auto& defs = setting_definitions();
  const auto it = std::find_if(defs.begin(), defs.end(), [&](const auto& d) { return d.key == key; });
  return it == defs.end() ? nullptr : &*it;
}

void validate_setting(std::string_view key, const nlohmann::json& value, Validator& v) {
  const std::string field(key);
  if (!find_setting(key)) return v.fail(field, "Unknown setting.");
  if (value.is_null()) return;
  if (key == "timezone") {
    if (!value.is_string() || !is_valid_timezone(value.get<std::string>()))
      v.fail(field, "Must be an IANA time zone such as \"America/New_York\".");
  } else if (key == "language") {
    if (!is_language(value)) v.fail(field, "Must be one of en, es, pt.");
  } else if (key == "two_factor_enabled") {
    if (!value.is_boolean()) v.fail(field, "Must be true or false.");
  } else if (key == "utilization_threshold_pct") {
    if (!value.is_number_integer() || value.get<int>() < 1 || value.get<int>() > 100)
      v.fail(field, "Must be a whole number from 1 to 100.");
  } else if (key == "number_quarantine_days") {
    if (!value.is_number_integer() || value.get<int>() < 0 || value.get<int>() > 365)
      v.fail(field, "Must be a whole number of days from 0 to 365.");
  } else if (key == "domain_restriction") {
    if (!value.is_array() || value.size() > 100) return v.fail(field, "Must be a list of at most 100 domains.");
    for (const auto& entry : value) {
      if (!entry.is_string() || !is_domain_entry(entry.get<std::string>())) {
        return v.fail(field, "Each entry must be written as @example.com (lower case).");
      }
    }
  } else if (key == "subscription_id") {
    if (!value.is_string() || value.get<std::string>().empty()) v.fail(field, "Must be a subscription id.");
  } else if (key == "call_filter_blocked_prefixes") {
    if (!value.is_array() || value.size() > max_blocked_prefixes)
      return v.fail(field, "Must be a list of at most 10000 prefixes such as \"+1900\".");
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!value[i].is_string() || !subscriptions::is_prefix(value[i].get<std::string>()))
        v.fail(field + "[" + std::to_string(i) + "]", "Must be \"+\" followed by 1 to 15 digits, such as \"+1900\".");
  }
}

std::vector<std::pair<std::string, EffectiveSetting>> effective_settings(storage::Connection& conn,
                                                                         std::string_view org_id) {
  const auto rows = conn.query(sql::select_inherited_settings, {org_id}).rows;
  // A default's source is the root; it is looked up only when some setting falls back to one.
  std::optional<std::pair<std::string, std::string>> root;
  std::vector<std::pair<std::string, EffectiveSetting>> out;
  for (const auto& def : setting_definitions()) {
    EffectiveSetting s{def.default_value, "", "", false};
    // Rows come nearest first: the first one for the key wins.
    constexpr auto c = sql::inherited_setting_columns;
    constexpr auto key_column = c["key"];
    const auto own =
        std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.text(key_column) == def.key; });
    if (own != rows.end() && def.accumulates) {
      s.value = accumulated(rows, def.key);
      s.source_org_id = own->text(c["org_id"]);
      s.source_org_name = own->text(c["org_name"]);
      s.own = own->integer(c["depth"]) == 0;
      s.own_value = s.own ? nlohmann::json::parse(own->text(c["value"])) : nlohmann::json();
      s.inherited_value = accumulated(rows, def.key, true);
    } else if (own != rows.end()) {
      s.value = nlohmann::json::parse(own->text(c["value"]));
      s.source_org_id = own->text(c["org_id"]);
      s.source_org_name = own->text(c["org_name"]);
      s.own = own->integer(c["depth"]) == 0;
    } else {
      if (!root) {
        constexpr auto r = sql::root_columns;
        const auto found = conn.query(sql::select_root);
        root = found.empty() ? std::make_pair(std::string(), std::string())
                             : std::make_pair(found.rows.front().text(r["id"]), found.rows.front().text(r["name"]));
      }
      s.source_org_id = root->first;
      s.source_org_name = root->second;
      if (def.accumulates) {
        s.own_value = nlohmann::json();
        s.inherited_value = nlohmann::json::array();
      }
    }
    out.emplace_back(std::string(def.key), std::move(s));
  }
  return out;
}

nlohmann::json effective_value(storage::Connection& conn, std::string_view org_id, std::string_view key) {
  for (auto& [k, s] : effective_settings(conn, org_id))
    if (k == key) return s.value;
  return nullptr;
}

void write_own_settings(storage::Connection& conn, std::string_view org_id, const nlohmann::json& values) {
  for (const auto& [key, value] : values.items()) {
    if (value.is_null())
      conn.execute(sql::delete_setting, {org_id, key});
    else
      conn.execute(sql::upsert_setting, {org_id, key, value.dump()});
  }
}

}  // namespace lineport::orgs

#include "domain/orgs/settings.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/subscriptions/plan.h"
#include "storage/queries/orgs.h"
#include "util/clock.h"
#include "util/text.h"

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

// A text of 1 to `max` characters (0 to `max` with `may_be_empty`), without control characters
// other than line breaks.
void check_text(const std::string& field, const nlohmann::json& value, std::size_t max, bool may_be_empty,
                Validator& v) {
  const std::string limits = (may_be_empty ? "at most " : "1 to ") + std::to_string(max) + " characters";
  if (!value.is_string()) return v.fail(field, "Must be a text of " + limits + ".");
  const auto& text = value.get_ref<const std::string&>();
  const auto length = text::code_points(text);
  if ((!may_be_empty && length == 0) || length > max) return v.fail(field, "Must be a text of " + limits + ".");
  if (text::has_control_chars_but_line_breaks(text)) v.fail(field, "Must not contain control characters.");
}

void check_integer(const std::string& field, const nlohmann::json& value, int min, int max, std::string_view unit,
                   Validator& v) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < min || value.get<std::int64_t>() > max)
    v.fail(field, "Must be a whole number of " + std::string(unit) + " from " + std::to_string(min) + " to " +
                      std::to_string(max) + ".");
}

bool is_colour(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() == 7 && s[0] == '#' &&
         std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool is_https_url(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.starts_with("https://") && s.size() > 8 && s.size() <= 500 && !text::has_control_chars(s) &&
         s.find(' ') == std::string::npos;
}

// An application version policy: {latest_version, minimum_version, release_notes, store_url}.
void check_version_policy(const std::string& field, const nlohmann::json& value, Validator& v) {
  static const std::set<std::string> keys = {"latest_version", "minimum_version", "release_notes", "store_url"};
  if (!value.is_object())
    return v.fail(field, "Must be {latest_version, minimum_version, release_notes, store_url}, or null.");
  for (const auto& [key, _] : value.items())
    if (!keys.contains(key)) v.fail(std::string(field).append(".").append(key), "Unknown field.");
  const auto version = [&](const char* key) -> std::optional<Version> {
    const auto it = value.find(key);
    const auto parsed = it != value.end() && it->is_string() ? parse_version(it->get<std::string>()) : std::nullopt;
    if (!parsed) v.fail(field + "." + key, "Is required: a version such as \"2.4.1\" (major.minor.patch).");
    return parsed;
  };
  const auto latest = version("latest_version");
  const auto minimum = version("minimum_version");
  if (latest && minimum && *latest < *minimum) v.fail(field + ".minimum_version", "Must not be above latest_version.");
  if (const auto it = value.find("release_notes"); it != value.end())
    check_text(field + ".release_notes", *it, 2000, true, v);
  if (const auto it = value.find("store_url"); it == value.end() || !is_https_url(*it))
    v.fail(field + ".store_url", "Is required: the https:// address of the app in its store (at most 500 characters).");
}

}  // namespace

std::optional<Version> parse_version(std::string_view text) {
  Version out{};
  std::size_t part = 0;
  std::size_t digits = 0;
  for (const char c : text) {
    if (c == '.') {
      if (digits == 0 || ++part > 2) return std::nullopt;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 9) {
      if (digits == 1 && out[part] == 0) return std::nullopt;  // a leading zero
      out[part] = out[part] * 10 + (c - '0');
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits == 0) return std::nullopt;
  return out;
}

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
      // Setup > Mobile Recording, Messages, SMS Opt-In, Application Version, Branding: what the
      // app reads in GET /api/v1/app/config (docs/product.md#app-settings).
      {"call_recording_enabled", false, "setup.edit.recording"},
      {"message_logging_enabled", false, "setup.edit.recording"},
      {"recording_announcement", "", "setup.edit.recording"},
      {"recording_retention_days", 2557, "setup.edit.recording"},  // 7 years
      {"message_sync_enabled", true, "setup.edit.messages"},
      {"multimedia_messages_enabled", true, "setup.edit.messages"},
      {"max_attachment_mb", 10, "setup.edit.messages"},
      {"sms_opt_in_enabled", false, "setup.edit.sms_opt_in"},
      {"sms_opt_in_keyword", "START", "setup.edit.sms_opt_in"},
      {"sms_opt_in_confirmation", "You are subscribed. Reply STOP to opt out, HELP for help.", "setup.edit.sms_opt_in"},
      {"sms_opt_in_help", "Reply START to subscribe, STOP to opt out.", "setup.edit.sms_opt_in"},
      {"app_version_ios", nullptr, "setup.edit.application_version"},
      {"app_version_android", nullptr, "setup.edit.application_version"},
      {"portal_product_name", "Lineport", "setup.edit.branding"},
      {"portal_primary_color", "#1677FF", "setup.edit.branding"},
      {"app_name", "Lineport", "setup.edit.branding"},
      {"app_primary_color", "#1677FF", "setup.edit.branding"},
      {"app_support_email", nullptr, "setup.edit.branding"},
      {"app_support_url", nullptr, "setup.edit.branding"},
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
  } else if (key == "two_factor_enabled" || key == "call_recording_enabled" || key == "message_logging_enabled" ||
             key == "message_sync_enabled" || key == "multimedia_messages_enabled" || key == "sms_opt_in_enabled") {
    if (!value.is_boolean()) v.fail(field, "Must be true or false.");
  } else if (key == "recording_announcement") {
    check_text(field, value, 500, true, v);
  } else if (key == "recording_retention_days") {
    check_integer(field, value, 1, 36500, "days", v);
  } else if (key == "max_attachment_mb") {
    check_integer(field, value, 1, 100, "megabytes", v);
  } else if (key == "sms_opt_in_keyword") {
    const bool ok = value.is_string() && !value.get_ref<const std::string&>().empty() &&
                    value.get_ref<const std::string&>().size() <= 20 &&
                    std::all_of(value.get_ref<const std::string&>().begin(), value.get_ref<const std::string&>().end(),
                                [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
    if (!ok) v.fail(field, "Must be 1 to 20 capital letters or digits, such as \"START\".");
  } else if (key == "sms_opt_in_confirmation" || key == "sms_opt_in_help") {
    check_text(field, value, 320, false, v);
  } else if (key == "app_version_ios" || key == "app_version_android") {
    check_version_policy(field, value, v);
  } else if (key == "portal_product_name" || key == "app_name") {
    check_text(field, value, 60, false, v);
  } else if (key == "portal_primary_color" || key == "app_primary_color") {
    if (!is_colour(value)) v.fail(field, "Must be a colour written #RRGGBB, such as \"#1677FF\".");
  } else if (key == "app_support_email") {
    if (!value.is_string() || !text::is_email(value.get<std::string>()))
      v.fail(field, "Must be an email address, or null for none.");
  } else if (key == "app_support_url") {
    if (!is_https_url(value)) v.fail(field, "Must be an https:// address of at most 500 characters, or null for none.");
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

// Resolves the one setting as effective_settings does, without the source's name (a report asks
// for its organization's time zone on every page).
nlohmann::json effective_value(storage::Connection& conn, std::string_view org_id, std::string_view key) {
  const auto* def = find_setting(key);
  if (!def) return nullptr;
  const auto rows = conn.query(sql::select_inherited_settings, {org_id}).rows;
  constexpr auto c = sql::inherited_setting_columns;
  constexpr auto key_column = c["key"];
  const auto own = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.text(key_column) == key; });
  if (own == rows.end()) return def->default_value;
  if (def->accumulates) return accumulated(rows, key);
  return nlohmann::json::parse(own->text(c["value"]));
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

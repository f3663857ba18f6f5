#pragma once
// Organization settings (docs/product.md#organizations, #http-api-conventions): each is inherited from the nearest
// ancestor that sets it; the root falls back to the defaults here.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "storage/database.h"

namespace lineport::orgs {

struct SettingDefinition {
  std::string_view key;
  nlohmann::json default_value;
  std::string_view edit_privilege;  // what an admin needs to change it
  // A list that adds to its ancestors' instead of replacing them: the effective value is every
  // entry from the organization up (call_filter_blocked_prefixes: a prefix blocked above stays
  // blocked below).
  bool accumulates = false;
};

const std::vector<SettingDefinition>& setting_definitions();

// An application version, major.minor.patch ("2.4.1"), compared part by part; nullopt for
// anything else (leading zeros, fewer or more parts, more than 9 digits in a part).
using Version = std::array<std::int64_t, 3>;
std::optional<Version> parse_version(std::string_view text);
const SettingDefinition* find_setting(std::string_view key);

// Checks one value; adds a field error to `v` when it is not acceptable. Null is always
// acceptable (it clears the organization's own value).
void validate_setting(std::string_view key, const nlohmann::json& value, Validator& v);

struct EffectiveSetting {
  nlohmann::json value;
  std::string source_org_id;  // the organization that set it (the root for a default)
  std::string source_org_name;
  bool own = false;  // set on this organization itself
  // A list that accumulates: the organization's own entries (null when it sets none) and those its
  // ancestors set, which `value` joins.
  std::optional<nlohmann::json> own_value;
  std::optional<nlohmann::json> inherited_value;
};

// Every setting of `org_id`, resolved through its ancestors.
std::vector<std::pair<std::string, EffectiveSetting>> effective_settings(storage::Connection& conn,
                                                                         std::string_view org_id);
nlohmann::json effective_value(storage::Connection& conn, std::string_view org_id, std::string_view key);

// Writes the organization's own values; null removes one (the setting inherits again).
void write_own_settings(storage::Connection& conn, std::string_view org_id, const nlohmann::json& values);

}  // namespace lineport::orgs

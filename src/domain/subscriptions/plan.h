#pragma once
// Subscription plans (docs/subscriptions.md): what an organization's users may do (features), how
// far it may grow (limits), what it is charged (prices, in versions) and where its users may call
// (call filtering). Defined on an organization and usable there and below, like roles.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::subscriptions {

// What a subtree may hold; none is unlimited.
struct Limits {
  std::optional<std::int64_t> max_accounts;
  std::optional<std::int64_t> max_numbers;
  std::optional<std::int64_t> max_suborgs;
  bool operator==(const Limits&) const = default;
};

// Unit prices in micro-units of `currency` (util/money.h).
struct Prices {
  std::string currency;
  std::int64_t voice_per_minute = 0;
  std::int64_t per_message = 0;
  std::int64_t data_per_mb = 0;
  std::int64_t monthly_per_active_user = 0;
  bool operator==(const Prices&) const = default;
};

// Prices in force from `effective_from` until the next version's (none for the current one).
struct PriceVersion {
  std::int64_t version = 0;
  UnixSeconds effective_from = 0;
  std::optional<UnixSeconds> effective_until;
  Prices prices;
};

struct CallFiltering {
  std::string mode = "allow_all";  // allow_all | allow_list
  std::vector<std::string> allowed_prefixes;
  std::vector<std::string> blocked_prefixes;
  bool operator==(const CallFiltering&) const = default;
};

// What the rules read of a plan (plan_rules.h): what it allows and how far it lets a subtree grow.
struct PlanTerms {
  std::string id;
  std::string name;
  std::vector<std::string> features;
  Limits limits;
};

struct Plan : PlanTerms {
  std::string org_id;  // where it is defined
  std::string org_name;
  CallFiltering call_filtering;
  std::vector<PriceVersion> prices;  // newest first; the first is in force now
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::int64_t in_use = 0;  // organizations whose own setting names it
};

// The plan of a row of storage::sql::subscriptions (plan_columns), without its prices.
Plan plan_from_row(const storage::Row& row);
// The terms of a row of a plan or of a plan holder (plan_columns or holder_columns).
PlanTerms plan_terms_from_row(const storage::Row& row);
// A plan's call filtering as stored ({mode, allowed_prefixes, blocked_prefixes}).
CallFiltering call_filtering_from_json(const std::string& stored);
// Its price versions, newest first.
std::vector<PriceVersion> load_prices(storage::Connection& conn, const std::string& plan_id);

// The fields of a request; each one given replaces the plan's whole field.
struct PlanInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> features;
  std::optional<nlohmann::json> limits;
  std::optional<nlohmann::json> charging;
  std::optional<nlohmann::json> call_filtering;
};

// Each checks its JSON object and reports every fault under its field ("limits.max_accounts").
Limits parse_limits(const nlohmann::json& json, Validator& v);
Prices parse_prices(const nlohmann::json& json, Validator& v);
CallFiltering parse_call_filtering(const nlohmann::json& json, Validator& v);
// The fields as the API shows them (prices as decimal strings).
nlohmann::json limits_json(const Limits& limits);
nlohmann::json prices_json(const Prices& prices);
nlohmann::json call_filtering_json(const CallFiltering& filtering);

// "+" and 1 to 15 digits: the start of an E.164 number.
bool is_prefix(std::string_view text);

// The features or limits of `plan` that go past `ceiling` (a feature it lacks, a limit above its
// own or unlimited where it has one), each as a line for a message; empty when none does.
std::vector<std::string> excesses(const PlanTerms& plan, const PlanTerms& ceiling);

}  // namespace lineport::subscriptions

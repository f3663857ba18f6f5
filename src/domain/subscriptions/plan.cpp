#include "domain/subscriptions/plan.h"

#include <algorithm>
#include <set>

#include "storage/queries/subscriptions.h"
#include "util/money.h"

namespace lineport::subscriptions {
namespace {

namespace sql = storage::sql::subscriptions;

// A call-filtering list holds at most this many prefixes (a country's premium ranges, not a
// phone book): the call-filter benchmark runs with 10,000.
constexpr std::size_t max_prefixes = 10'000;
constexpr std::int64_t max_limit = 1'000'000'000;

std::optional<std::int64_t> opt_integer_of(const storage::Row& r, std::size_t column) {
  return r.is_null(column) ? std::nullopt : std::optional(r.integer(column));
}

// Refuses members other than `allowed`: a misspelt one must not be silently ignored.
bool only_members(const nlohmann::json& json, const std::string& field, std::initializer_list<std::string_view> allowed,
                  Validator& v) {
  if (!json.is_object()) {
    v.fail(field, "Must be an object.");
    return false;
  }
  for (const auto& [key, value] : json.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      v.fail(std::string(field).append(".").append(key), "Unknown field.");
  return true;
}

std::vector<std::string> parse_prefixes(const nlohmann::json& json, const std::string& field, Validator& v) {
  std::vector<std::string> out;
  if (!json.is_array() || json.size() > max_prefixes) {
    v.fail(field, "Must be a list of at most " + std::to_string(max_prefixes) + " prefixes such as \"+1900\".");
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const std::string where = field + "[" + std::to_string(i) + "]";
    if (!json[i].is_string() || !is_prefix(json[i].get<std::string>())) {
      v.fail(where, "Must be \"+\" followed by 1 to 15 digits, such as \"+1900\".");
    } else if (!seen.insert(json[i].get<std::string>()).second) {
      v.fail(where, "\"" + json[i].get<std::string>() + "\" is in the list twice.");
    } else {
      out.push_back(json[i].get<std::string>());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string limit_text(const std::optional<std::int64_t>& limit) {
  return limit ? std::to_string(*limit) : "unlimited";
}

}  // namespace

PlanTerms plan_terms_from_row(const storage::Row& r) {
  constexpr auto c = sql::holder_columns;  // where plan_columns has them too
  return {
      r.text(c["id"]),
      r.text(c["name"]),
      nlohmann::json::parse(r.text(c["features"])).get<std::vector<std::string>>(),
      {opt_integer_of(r, c["max_accounts"]), opt_integer_of(r, c["max_numbers"]), opt_integer_of(r, c["max_suborgs"])}};
}

CallFiltering call_filtering_from_json(const std::string& stored) {
  const auto filtering = nlohmann::json::parse(stored);
  return {filtering.at("mode").get<std::string>(), filtering.at("allowed_prefixes").get<std::vector<std::string>>(),
          filtering.at("blocked_prefixes").get<std::vector<std::string>>()};
}

Plan plan_from_row(const storage::Row& r) {
  constexpr auto c = sql::plan_columns;
  Plan plan;
  static_cast<PlanTerms&>(plan) = plan_terms_from_row(r);
  plan.org_id = r.text(c["org_id"]);
  plan.org_name = r.text(c["org_name"]);
  plan.call_filtering = call_filtering_from_json(r.text(c["call_filtering"]));
  plan.created_at = r.integer(c["created_at"]);
  plan.updated_at = r.integer(c["updated_at"]);
  plan.in_use = r.integer(c["in_use"]);
  return plan;
}

std::vector<PriceVersion> load_prices(storage::Connection& conn, const std::string& plan_id) {
  constexpr auto c = sql::price_columns;
  std::vector<PriceVersion> out;
  for (const auto& r : conn.query(sql::select_prices, {plan_id}).rows) {
    PriceVersion p;
    p.version = r.integer(c["version"]);
    p.effective_from = r.integer(c["effective_from"]);
    // Newest first: a version ends where the one after it (the row before) begins.
    if (!out.empty()) p.effective_until = out.back().effective_from;
    p.prices = {r.text(c["currency"]), r.integer(c["voice_per_minute_micros"]), r.integer(c["per_message_micros"]),
                r.integer(c["data_per_mb_micros"]), r.integer(c["monthly_per_active_user_micros"])};
    out.push_back(std::move(p));
  }
  return out;
}

Limits parse_limits(const nlohmann::json& json, Validator& v) {
  Limits out;
  if (!only_members(json, "limits", {"max_accounts", "max_numbers", "max_suborgs"}, v)) return out;
  const auto one = [&](const char* key, std::optional<std::int64_t>& into) {
    const std::string field = std::string("limits.") + key;
    if (!json.contains(key))
      return v.fail(field, "Is required: a whole number from 0 to 1000000000, or null for unlimited.");
    const auto& value = json.at(key);
    if (value.is_null()) return;
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > max_limit)
      return v.fail(field, "Must be a whole number from 0 to 1000000000, or null for unlimited.");
    into = value.get<std::int64_t>();
  };
  one("max_accounts", out.max_accounts);
  one("max_numbers", out.max_numbers);
  one("max_suborgs", out.max_suborgs);
  return out;
}

Prices parse_prices(const nlohmann::json& json, Validator& v) {
  Prices out;
  if (!only_members(json, "charging",
                    {"currency", "voice_per_minute", "per_message", "data_per_mb", "monthly_per_active_user"}, v))
    return out;
  if (!json.contains("currency") || !json.at("currency").is_string() ||
      !money::is_currency_code(json.at("currency").get<std::string>()))
    v.fail("charging.currency", "Must be an ISO 4217 currency code such as \"USD\" or \"EUR\".");
  else
    out.currency = json.at("currency").get<std::string>();
  const auto price = [&](const char* key, std::int64_t& into) {
    const std::string field = std::string("charging.") + key;
    const auto parsed = json.contains(key) && json.at(key).is_string()
                            ? money::parse_price(json.at(key).get<std::string>())
                            : std::nullopt;
    if (!parsed)
      return v.fail(field, "Must be a price written as a decimal string of at most 6 decimals, such as \"0.0125\".");
    into = *parsed;
  };
  price("voice_per_minute", out.voice_per_minute);
  price("per_message", out.per_message);
  price("data_per_mb", out.data_per_mb);
  price("monthly_per_active_user", out.monthly_per_active_user);
  return out;
}

CallFiltering parse_call_filtering(const nlohmann::json& json, Validator& v) {
  CallFiltering out;
  if (!only_members(json, "call_filtering", {"mode", "allowed_prefixes", "blocked_prefixes"}, v)) return out;
  const auto mode = json.value("mode", nlohmann::json());
  if (mode != "allow_all" && mode != "allow_list")
    v.fail("call_filtering.mode",
           "Must be \"allow_all\" (every destination but the blocked prefixes) or \"allow_list\" (only the allowed "
           "prefixes).");
  else
    out.mode = mode.get<std::string>();
  for (const char* key : {"allowed_prefixes", "blocked_prefixes"})
    if (!json.contains(key))
      v.fail(std::string("call_filtering.") + key, "Is required: a list of prefixes such as \"+1900\" (may be empty).");
  if (json.contains("allowed_prefixes"))
    out.allowed_prefixes = parse_prefixes(json.at("allowed_prefixes"), "call_filtering.allowed_prefixes", v);
  if (json.contains("blocked_prefixes"))
    out.blocked_prefixes = parse_prefixes(json.at("blocked_prefixes"), "call_filtering.blocked_prefixes", v);
  return out;
}

nlohmann::json call_filtering_json(const CallFiltering& f) {
  return {{"mode", f.mode}, {"allowed_prefixes", f.allowed_prefixes}, {"blocked_prefixes", f.blocked_prefixes}};
}

nlohmann::json limits_json(const Limits& l) {
  const auto value = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"max_accounts", value(l.max_accounts)},
          {"max_numbers", value(l.max_numbers)},
          {"max_suborgs", value(l.max_suborgs)}};
}

nlohmann::json prices_json(const Prices& p) {
  return {{"currency", p.currency},
          {"voice_per_minute", money::format_micros(p.voice_per_minute)},
          {"per_message", money::format_micros(p.per_message)},
          {"data_per_mb", money::format_micros(p.data_per_mb)},
          {"monthly_per_active_user", money::format_micros(p.monthly_per_active_user)}};
}

bool is_prefix(std::string_view text) {
  return text.size() >= 2 && text.size() <= 16 && text.front() == '+' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> excesses(const PlanTerms& plan, const PlanTerms& ceiling) {
  std::vector<std::string> out;
  for (const auto& f : plan.features)
    if (std::find(ceiling.features.begin(), ceiling.features.end(), f) == ceiling.features.end())
      out.push_back("the feature " + f);
  const auto compare = [&](const char* name, const std::optional<std::int64_t>& mine,
                           const std::optional<std::int64_t>& cap) {
    if (cap && (!mine || *mine > *cap))
      out.push_back(std::string(name) + " " + limit_text(mine) + " (at most " + std::to_string(*cap) + ")");
  };
  compare("max_accounts", plan.limits.max_accounts, ceiling.limits.max_accounts);
  compare("max_numbers", plan.limits.max_numbers, ceiling.limits.max_numbers);
  compare("max_suborgs", plan.limits.max_suborgs, ceiling.limits.max_suborgs);
  return out;
}

}  // namespace lineport::subscriptions

#include "domain/subscriptions/call_filter.h"

#include <algorithm>
#include <set>

#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/subscriptions/plan.h"
#include "storage/queries/subscriptions.h"
#include "util/crypto.h"

namespace lineport::subscriptions {
namespace {

namespace sql = storage::sql::subscriptions;

// The longest prefix of `to` (at least "+" and a digit) in `prefixes`.
std::optional<std::string_view> longest_match(const std::unordered_set<std::string>& prefixes, std::string_view to) {
  if (prefixes.empty()) return std::nullopt;
  for (std::size_t length = to.size(); length >= 2; --length) {
    // At most 16 bytes: within the short-string buffer, so this allocates nothing.
    const std::string candidate(to.substr(0, length));
    if (prefixes.contains(candidate)) return to.substr(0, length);
  }
  return std::nullopt;
}

nlohmann::json sorted(const std::unordered_set<std::string>& prefixes) {
  std::vector<std::string> out(prefixes.begin(), prefixes.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

CallDecision CallRule::decide(std::string_view to) const {
  const auto block = longest_match(blocked, to);
  const auto allow = longest_match(allowed, to);
  if (block && (!allow || block->size() >= allow->size())) return {false, "blocked_prefix", std::string(*block)};
  if (allow) return {true, "allowed", std::string(*allow)};
  if (allow_list) return {false, "not_in_allow_list", std::nullopt};
  return {true, "allowed", std::nullopt};
}

CallDecision CallRules::decide(std::string_view to) const {
  CallDecision nearest;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto decision = rules[i].decide(to);
    if (!decision.allowed) return decision;
    if (i == 0) nearest = std::move(decision);
  }
  nearest.reason = "allowed";
  return nearest;
}

nlohmann::json CallRules::to_json() const {
  nlohmann::json plans = nlohmann::json::array();
  for (const auto& r : rules) {
    if (r.plan_id.empty()) continue;
    plans.push_back({{"plan_id", r.plan_id},
                     {"plan_name", r.plan_name},
                     {"org_id", r.holder_org_id},
                     {"mode", r.allow_list ? "allow_list" : "allow_all"},
                     {"allowed_prefixes", sorted(r.allowed)},
                     {"blocked_prefixes", sorted(r.blocked)}});
  }
  return {{"org_id", org_id}, {"plans", std::move(plans)}, {"org_blocked_prefixes", blocked}};
}

CallRules load_call_rules(storage::Connection& conn, const std::string& org_id) {
  CallRules out;
  out.org_id = org_id;
  std::set<std::string> blocked;
  for (const auto& r : conn.query(sql::select_blocked_prefix_settings, {org_id}).rows)
    for (const auto& prefix : nlohmann::json::parse(r.text(0))) blocked.insert(prefix.get<std::string>());
  out.blocked.assign(blocked.begin(), blocked.end());

  constexpr auto c = sql::call_filtering_columns;
  for (const auto& r : conn.query(sql::select_holders_call_filtering, {org_id}).rows) {
    const CallFiltering filtering = call_filtering_from_json(r.text(c["call_filtering"]));
    CallRule rule;
    rule.plan_id = r.text(c["id"]);
    rule.plan_name = r.text(c["name"]);
    rule.holder_org_id = r.text(c["holder_id"]);
    rule.allow_list = filtering.mode == "allow_list";
    rule.allowed.insert(filtering.allowed_prefixes.begin(), filtering.allowed_prefixes.end());
    rule.blocked.insert(filtering.blocked_prefixes.begin(), filtering.blocked_prefixes.end());
    rule.blocked.insert(blocked.begin(), blocked.end());
    out.rules.push_back(std::move(rule));
  }
  if (out.rules.empty()) {
    CallRule open;  // no plan: every destination but the blocked prefixes
    open.blocked.insert(blocked.begin(), blocked.end());
    out.rules.push_back(std::move(open));
  }
  out.etag = "\"" + crypto::sha256_hex(out.to_json().dump()).substr(0, 32) + "\"";
  return out;
}

bool is_destination(std::string_view text) {
  return text.size() >= 8 && text.size() <= 16 && text.front() == '+' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::shared_ptr<const CallRules> CallFilter::cached_rules(storage::Connection& conn, const std::string& org_id) {
  return cached_rules(conn, org_id, conn.query(sql::select_call_filter_version).one().integer(0));
}

std::shared_ptr<const CallRules> CallFilter::cached_rules(storage::Connection& conn, const std::string& org_id,
                                                          std::int64_t version) {
  // The version is read before the rules: rules read after it are at least as new as it says.
  {
    const std::lock_guard lock(mutex_);
    if (version != cached_version_) {
      cache_.clear();
      cached_version_ = version;
    }
    if (const auto it = cache_.find(org_id); it != cache_.end()) return it->second;
  }
  auto rules = std::make_shared<const CallRules>(load_call_rules(conn, org_id));
  const std::lock_guard lock(mutex_);
  if (version == cached_version_) cache_.emplace(org_id, rules);
  return rules;
}

CallDecision CallFilter::check(storage::Connection& conn, const auth::Principal& who, const std::string& from,
                               const std::string& to) {
  Validator v;
  if (!is_destination(to)) v.fail("to", "Must be a number in E.164 form: \"+\" and 7 to 15 digits.");
  if (!is_destination(from)) v.fail("from", "Must be a multiline number in E.164 form: \"+\" and 7 to 15 digits.");
  v.throw_if_failed();
  const auto rows = conn.query(sql::select_caller_org, {from, who.home_org_id});
  if (rows.empty()) throw_not_found("No user account in your scope has the multiline number " + from + ".");
  constexpr auto c = sql::caller_columns;
  return cached_rules(conn, rows.one().text(c["org_id"]), rows.one().integer(c["version"]))->decide(to);
}

std::shared_ptr<const CallRules> CallFilter::rules(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return cached_rules(conn, org_id);
  });
}

}  // namespace lineport::subscriptions

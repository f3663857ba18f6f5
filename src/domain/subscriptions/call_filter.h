#pragma once
// Outgoing call filtering (docs/subscriptions.md#call-filtering): the telecom core asks, before it
// connects a call, whether the account of the calling number may call the destination. The rule
// set of an organization is each plan's call filtering from the organization up, plus every
// prefix blocked by the organization and its ancestors (call_filter_blocked_prefixes).

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/auth/principal.h"
#include "storage/database.h"

namespace lineport::subscriptions {

struct CallDecision {
  bool allowed = true;
  std::string reason;                 // blocked_prefix | not_in_allow_list | allowed
  std::optional<std::string> prefix;  // the prefix that decided, if one did
};

// One plan's rule with the organizations' blocked prefixes added to its own.
struct CallRule {
  std::string plan_id;  // empty: no plan anywhere above (everything not blocked is allowed)
  std::string plan_name;
  std::string holder_org_id;  // the organization whose own plan it is
  bool allow_list = false;
  std::unordered_set<std::string> allowed;
  std::unordered_set<std::string> blocked;
  // The longest matching prefix decides; a blocked one wins over an allowed one of equal or
  // shorter length; no match leaves allow-all open and an allow list closed.
  CallDecision decide(std::string_view to) const;
};

// The rule set of one organization: a call must pass every rule (a reseller's plan below the
// provider's cannot open what the provider's closes).
struct CallRules {
  std::string org_id;
  std::vector<CallRule> rules;       // nearest plan first
  std::vector<std::string> blocked;  // the organizations' own blocked prefixes, sorted
  CallDecision decide(std::string_view to) const;
  nlohmann::json to_json() const;
  std::string etag;  // of to_json(), quoted
};

// Reads the rule set of `org_id` from the database.
CallRules load_call_rules(storage::Connection& conn, const std::string& org_id);

// "+" and 7 to 15 digits: a destination the check accepts.
bool is_destination(std::string_view text);

class CallFilter {
 public:
  explicit CallFilter(storage::Database& db) : db_(db) {}

  // The decision for a call from the multiline number `from` (an account in the caller's scope;
  // 404 otherwise) to `to` (422 unless a destination).
  // In the caller's read transaction (the route's read handler: one transaction per check).
  CallDecision check(storage::Connection& conn, const auth::Principal& who, const std::string& from,
                     const std::string& to);
  // The rule set of an organization in the caller's scope.
  std::shared_ptr<const CallRules> rules(const auth::Principal& who, const std::string& org_id);

 private:
  // The rule set of `org_id`, compiled once and kept until call_filter_version moves on.
  std::shared_ptr<const CallRules> cached_rules(storage::Connection& conn, const std::string& org_id);
  // The same, with call_filter_version as read before (in the caller's statement).
  std::shared_ptr<const CallRules> cached_rules(storage::Connection& conn, const std::string& org_id,
                                                std::int64_t version);

  storage::Database& db_;
  std::mutex mutex_;
  std::int64_t cached_version_ = -1;
  std::unordered_map<std::string, std::shared_ptr<const CallRules>> cache_;
};

}  // namespace lineport::subscriptions

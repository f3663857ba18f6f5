#pragma once
// How subscription plans bind the rest of the portal (docs/subscriptions.md): every organization
// that holds a plan of its own (the setting subscription_id) counts its whole subtree against the
// plan's limits, and an account's features are its permission group's that every plan above it
// allows. Called inside the write transaction that makes the change.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/subscriptions/plan.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::subscriptions {

enum class Limit { accounts, numbers, suborgs };

// What a change brings into an organization: new items, and items moved in from other
// organizations (by their current organization), which a subtree already holding them does not
// count twice.
struct Arrivals {
  std::int64_t created = 0;
  std::map<std::string, std::int64_t> moved_from;
  // The transaction has written them already, so the counts hold them (a move whose size is known
  // only once made): the check is then that no count is past its limit.
  bool counted = false;
};

// 409 subscription_limit, naming the limit, the plan and the organization, if `arrivals` at
// `org_id` would take any plan holder above it (or itself) past its limit. On PostgreSQL it first
// locks those holders, so concurrent changes under one holder are counted one after the other.
void require_room(storage::Connection& conn, storage::Backend backend, const std::string& org_id, Limit limit,
                  const Arrivals& arrivals);

// On PostgreSQL, locks the plan holders from `org_id` up that limit `limit`, before a change
// whose size is known only once made (then checked with Arrivals::counted).
void lock_holders(storage::Connection& conn, storage::Backend backend, const std::string& org_id, Limit limit);

// The features every plan from `org_id` up allows (in app order); none when no plan is set there.
std::optional<std::vector<std::string>> allowed_features(storage::Connection& conn, const std::string& org_id);

// The plan in force at `org_id`: the nearest own plan up the tree; none when there is none.
std::optional<PlanTerms> plan_in_force(storage::Connection& conn, const std::string& org_id);

// The plan in force at the caller's organization, past which no plan they define or choose may go;
// none for the root's administrators (nobody above them) and where no plan is in force.
std::optional<PlanTerms> callers_ceiling(storage::Connection& conn, const auth::Principal& who);
// Whether a caller under `ceiling` may choose `plan`.
bool selectable(const PlanTerms& plan, const std::optional<PlanTerms>& ceiling);
// 403 subscription_above_own, naming each feature and limit past the ceiling, unless selectable.
void require_within(const PlanTerms& plan, const std::optional<PlanTerms>& ceiling);

// 409 subscription_limit unless the subtree of `org_id` already holds no more than `plan` allows.
void require_fits(storage::Connection& conn, storage::Backend backend, const std::string& org_id,
                  const PlanTerms& plan);

// Checks setting `org_id`'s own plan to `value` (a plan id, or null to inherit) before it is
// written: the plan must be usable there (422 on `field`), not above the caller's own (403
// subscription_above_own), and hold what the subtree already holds (409 subscription_limit). An
// organization's plan is chosen from above it: only the root's administrators set their own.
void check_plan_choice(storage::Connection& conn, storage::Backend backend, const auth::Principal& who,
                       const std::string& org_id, const nlohmann::json& value, const std::string& field);

// Records that `org_id`'s own plan is `value` (a plan id, or null to inherit) from `at` on: usage
// is charged by the plan in force when it happened (charging.h).
void record_plan_history(storage::Connection& conn, const std::string& org_id, const nlohmann::json& value,
                         UnixSeconds at);

// Mails subscription_changed when the plan in force at `org_id` went from `before` to `after` (none:
// no plan), to the organization's administrators (the nearest up the tree, as its alerts) and the
// root's, each once, in their language.
void announce_plan_change(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                          const std::string& org_id, const std::optional<PlanTerms>& before,
                          const std::optional<PlanTerms>& after);

}  // namespace lineport::subscriptions

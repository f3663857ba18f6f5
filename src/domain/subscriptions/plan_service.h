#pragma once
// Subscription plans as the Setup > Subscriptions page and the API manage them
// (docs/subscriptions.md): listed where usable, with whether the caller may choose each; created,
// changed and deleted where the caller's scope holds the organization defining them.

#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/subscriptions/plan.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::subscriptions {

struct UsablePlan {
  Plan plan;
  bool selectable = false;  // the caller may choose it (not above their own organization's plan)
};

class PlanService {
 public:
  PlanService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The plans usable at `org_id`: inherited ones (from ancestors) first, then its own.
  std::vector<UsablePlan> list_usable(const auth::Principal& who, const std::string& org_id);
  // A plan defined in the caller's scope or usable at their own organization.
  UsablePlan get(const auth::Principal& who, const std::string& plan_id);
  Plan create(const auth::Principal& who, const std::string& org_id, const PlanInput& input, const RequestMeta& meta);
  // A change of prices adds a price version in force from now; the past keeps its prices.
  Plan update(const auth::Principal& who, const std::string& plan_id, const PlanInput& input, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& plan_id, const RequestMeta& meta);

 private:
  Plan load(storage::Connection& conn, const std::string& plan_id);
  Plan load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& plan_id);
  // 403 subscription_above_own when `plan` goes past the plan in force at the caller's organization.
  void require_within_own(storage::Connection& conn, const auth::Principal& who, const Plan& plan);

  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::subscriptions

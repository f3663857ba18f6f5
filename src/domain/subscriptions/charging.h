#pragma once
// What an organization and each organization below it are charged for one cycle
// (docs/subscriptions.md#charging): billable voice minutes (each call rounded up to the started
// minute), messages, data in MB (10^6 bytes, the cycle's sum rounded up) and active users at the
// end of the cycle, priced by the plan and price version in force when the usage happened. Money
// is integer micro-units all the way (util/money.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/subscriptions/plan.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::subscriptions {

// The usage of one organization under one plan's price version (or under no plan: unpriced).
struct ChargeLine {
  std::string org_id;
  std::string org_name;
  std::optional<std::string> plan_id;  // none: no plan was in force
  std::string plan_name;
  std::int64_t price_version = 0;
  // The stretch of the cycle in which the line's plan and version were in force for the
  // organization (for the current cycle, up to now).
  UnixSeconds from = 0;
  UnixSeconds to = 0;
  std::optional<Prices> prices;
  std::int64_t voice_minutes = 0;
  std::int64_t messages = 0;
  std::int64_t data_mb = 0;
  std::int64_t active_users = 0;  // on the line in force at the end of the cycle
  // Amounts, in micro-units of the prices' currency.
  std::int64_t voice_amount = 0;
  std::int64_t messages_amount = 0;
  std::int64_t data_amount = 0;
  std::int64_t active_users_amount = 0;
  std::int64_t amount = 0;
};

struct CurrencyTotal {
  std::string currency;
  std::int64_t amount = 0;  // micro-units
};

struct Charges {
  std::string org_id;
  std::string timezone;  // the organization's: its cycles are its calendar months
  std::string cycle;     // "2026-11"
  TimeRange range{};
  bool current = false;
  UnixSeconds as_of = 0;          // when computed: the current cycle's figures are up to here
  std::vector<ChargeLine> lines;  // by organization name, then time; organizations with nothing are left out
  std::vector<CurrencyTotal> totals;
};

class ChargeService {
 public:
  ChargeService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // `cycle`: "current", "last" or a month "YYYY-MM" up to the current one (422 on `cycle` otherwise).
  Charges charges(const auth::Principal& who, const std::string& org_id, const std::string& cycle);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::subscriptions

#pragma once
// The dashboard of an organization and its subtree (docs/product.md#usage-dashboard-and-reports; the seed "Dashboard"):
// the current cycle, the past cycle and all time, read from the rollups (never the records), and the number utilization
// report. Cycles are calendar months in the organization's time zone.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/numbers/number_pool.h"
#include "domain/usage/usage_record.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::usage {

struct BillableTotals {
  std::int64_t voice_seconds = 0;
  std::int64_t messages = 0;
  std::int64_t data_bytes = 0;

  void add(UsageType type, std::int64_t quantity);
};

struct DayQuantity {
  std::string date;  // local, "2026-11-22"
  std::int64_t quantity = 0;
};

struct CycleTotals {
  std::string from;  // first local day
  std::string to;    // last local day (inclusive)
  BillableTotals billable;
};

struct DashboardView {
  std::string org_id;
  std::string timezone;
  UsageType type = UsageType::voice;
  CycleTotals current;
  std::int64_t new_users = 0;       // accounts created in the current cycle
  std::int64_t active_users = 0;    // accounts active now
  std::vector<DayQuantity> series;  // every day of the current cycle: billable quantity of `type`
  CycleTotals past;
  BillableTotals all_time;
  numbers::Utilization utilization;
};

class Dashboard {
 public:
  Dashboard(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  DashboardView view(const auth::Principal& who, const std::string& org_id, UsageType type);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::usage

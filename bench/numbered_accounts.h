#pragma once
// A customer's user accounts as the ingest benchmarks need them: `count` accounts in `org`, each
// holding one multiline number of the pool, +1 212 200-0000 upwards (how a telecom core names
// them in its records), made through the real number import, allocation and account import.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench_carrier.h"
#include "domain/accounts/account_import.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"

namespace lineport::bench {

inline constexpr std::int64_t first_number = 12122000000;  // the first account's multiline number

// Returns how many accounts were created (all `count` unless the setup was refused).
inline std::int64_t add_numbered_accounts(Carrier& carrier, const Clock& clock, const std::string& org,
                                          std::int64_t count, const std::optional<std::string>& group) {
  numbers::NumberService pool(*carrier.db, clock);
  std::vector<numbers::ImportItem> items;
  for (std::int64_t i = 0; i < count; ++i)
    items.push_back({i + 1, "+" + std::to_string(first_number + i), std::nullopt});
  pool.import(carrier.root, carrier.root_org_id, items, std::nullopt, meta);
  pool.allocate(carrier.root, carrier.root_org_id, {org, count, "", std::nullopt}, meta);
  std::string csv =
      "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
      "forwarding_number,restrict_incoming_social_messaging\n";
  for (std::int64_t i = 0; i < count; ++i)
    csv += "First" + std::to_string(i) + ",Last" + std::to_string(i) + ",user" + std::to_string(i) +
           "@bench.example,Yes,+" + std::to_string(first_number + i) + ",auto,on,,No\n";
  const events::EventBus events;
  accounts::AccountImport accounts(*carrier.db, clock, events, activation_codes);
  return accounts.run(carrier.root, {org, group, false, false}, csv, meta).created;
}

}  // namespace lineport::bench

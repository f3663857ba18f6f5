// Times one CSV import with invitations (docs/product.md#targets: 100,000 rows and 100,000 outbox messages in
// at most 3× the time of `sqlite3 .import` of the same file). bench/import_ratio.sh runs both
// and prints the ratio; this program does the Lineport side:
//   account_import_bench FILE.csv DB_PATH
// prints three times in seconds on one line: the import (its answer to the user), then the work
// it leaves to background threads: turning its invitation job into 100,000 outbox messages (the
// outbox worker's queue_invitations, run here to the end), and the last checkpoint of the
// write-ahead log when the database closes.

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench_carrier.h"
#include "domain/accounts/account_import.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "storage/database.h"
#include "util/crypto.h"

using namespace lineport;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: account_import_bench FILE.csv DB_PATH\n";
    return 2;
  }
  crypto::initialize();
  spdlog::set_level(spdlog::level::warn);  // stdout carries the result
  const bool invite = std::getenv("LINEPORT_BENCH_NO_INVITE") == nullptr;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string csv = buffer.str();

  ManualClock clock{1'790'000'000};
  auto carrier = bench::open_carrier(argv[2], clock);
  auto& db = carrier.db;
  const auto& root = carrier.root;
  const auto& meta = bench::meta;

  // The customer organization, with numbers for the invited users to choose at activation.
  orgs::OrgService orgs(*db, clock);
  const auto org = orgs.create_child(root, carrier.root_org_id, {"Customer", "", nlohmann::json::object()}, meta).id;
  numbers::NumberService pool(*db, clock);
  std::vector<numbers::ImportItem> items;
  for (int i = 0; i < 100; ++i) items.push_back({i + 1, "+1212555" + std::to_string(1000 + i), std::nullopt});
  pool.import(root, carrier.root_org_id, items, std::nullopt, meta);
  pool.allocate(root, carrier.root_org_id, {org, 100, "", std::nullopt}, meta);

  events::EventBus events;  // alerts are not what is measured
  accounts::AccountImport import(*db, clock, events, bench::activation_codes);
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = import.run(root, {org, std::nullopt, invite, false}, csv, meta);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cerr << "imported " << outcome.created << " accounts, " << outcome.invited << " invitations\n";

  const auto queue_started = std::chrono::steady_clock::now();
  while (import.queue_invitations()) {
  }
  const std::chrono::duration<double> queued = std::chrono::steady_clock::now() - queue_started;
  const auto close_started = std::chrono::steady_clock::now();
  db.reset();
  const std::chrono::duration<double> closed = std::chrono::steady_clock::now() - close_started;
  std::cout << took.count() << " " << queued.count() << " " << closed.count() << "\n";
  return outcome.created > 0 ? 0 : 1;
}

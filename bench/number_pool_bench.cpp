// Number pools at 1,000,000 numbers under one root (docs/product.md#numbers): the utilization report reads the
// per-pool counters, never the numbers, and picking numbers reads an index in order. Run with
// `make bench`.

#include <benchmark/benchmark.h>

#include <filesystem>

#include "bench_carrier.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "storage/database.h"
#include "util/crypto.h"

namespace {

using namespace lineport;

struct Pools {
  std::unique_ptr<storage::Database> db;
  ManualClock clock{1'790'000'000};
  std::string root, customer, branch;
  auth::Principal admin;
};

// 1,000,000 numbers at the root; 300,000 allocated to a customer, 100,000 of those to a branch;
// 5,000 reserved in the branch.
void build(Pools& p) {
  crypto::initialize();
  auto carrier = bench::open_carrier(std::filesystem::temp_directory_path() / "lineport-bench-numbers.db", p.clock, 4);
  p.db = std::move(carrier.db);
  p.root = carrier.root_org_id;
  p.admin = carrier.root;
  const auto& meta = bench::meta;
  orgs::OrgService orgs(*p.db, p.clock);
  p.customer = orgs.create_child(p.admin, p.root, {"Customer", "", nlohmann::json::object()}, meta).id;
  p.branch = orgs.create_child(p.admin, p.customer, {"Branch", "", nlohmann::json::object()}, meta).id;
  numbers::NumberService service(*p.db, p.clock);
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<numbers::ImportItem> items;
    for (int i = 0; i < 100'000; ++i)
      items.push_back({i + 1, "+1212" + std::to_string(2'000'000 + batch * 100'000 + i), std::nullopt});
    service.import(p.admin, p.root, items, std::nullopt, meta);
  }
  service.allocate(p.admin, p.root, {p.customer, 300'000, "", std::nullopt}, meta);
  service.allocate(p.admin, p.customer, {p.branch, 100'000, "", std::nullopt}, meta);
  p.db->write([&](storage::Connection& conn) {
    numbers::NumberPool pool(conn, p.clock);
    for (const auto& n : pool.first_available(p.branch, 5'000))
      pool.apply(numbers::NumberEvent::reserve, *pool.find(n), std::nullopt, std::string("PORTED"));
  });
}

Pools& pools() {
  static Pools p;
  static const bool built = (build(p), true);
  (void)built;
  return p;
}

void UtilizationOfTheRoot(benchmark::State& state) {
  auto& p = pools();
  numbers::NumberService service(*p.db, p.clock);
  for (auto _ : state) benchmark::DoNotOptimize(service.utilization(p.admin, p.root));
}
BENCHMARK(UtilizationOfTheRoot);

void UtilizationOfABranch(benchmark::State& state) {
  auto& p = pools();
  numbers::NumberService service(*p.db, p.clock);
  for (auto _ : state) benchmark::DoNotOptimize(service.utilization(p.admin, p.branch));
}
BENCHMARK(UtilizationOfABranch);

void FirstPageOfAvailableNumbers(benchmark::State& state) {
  auto& p = pools();
  numbers::NumberService service(*p.db, p.clock);
  numbers::NumberFilter available;
  available.status = numbers::NumberStatus::available;
  for (auto _ : state) benchmark::DoNotOptimize(service.list(p.admin, p.root, available, {50, std::nullopt}));
}
BENCHMARK(FirstPageOfAvailableNumbers);

void FiveNumbersToChooseFrom(benchmark::State& state) {
  auto& p = pools();
  auto lease = p.db->acquire();
  numbers::NumberPool pool(*lease, p.clock);
  for (auto _ : state) benchmark::DoNotOptimize(pool.first_available(p.customer, 5));
}
BENCHMARK(FiveNumbersToChooseFrom);

// The digit search of the pool (`q`): 1,000 numbers of the 1,000,000 hold 2122050.
void DigitSearchFirstPage(benchmark::State& state) {
  auto& p = pools();
  numbers::NumberService service(*p.db, p.clock);
  numbers::NumberFilter filter;
  filter.q = "2122050";
  for (auto _ : state) benchmark::DoNotOptimize(service.list(p.admin, p.root, filter, {50, std::nullopt}));
}
BENCHMARK(DigitSearchFirstPage)->Unit(benchmark::kMillisecond);

// One import request of 100,000 new numbers into the root's pool of 1,000,000 and more, as
// `POST /orgs/{id}/numbers` writes it (one transaction).
void ImportOf100000Numbers(benchmark::State& state) {
  auto& p = pools();
  numbers::NumberService service(*p.db, p.clock);
  std::int64_t next = 3'000'000;
  for (auto _ : state) {
    std::vector<numbers::ImportItem> items;
    for (int i = 0; i < 100'000; ++i) items.push_back({i + 1, "+1212" + std::to_string(next++), std::nullopt});
    service.import(p.admin, p.root, items, std::nullopt, bench::meta);
  }
}
BENCHMARK(ImportOf100000Numbers)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();

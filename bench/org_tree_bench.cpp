// The organization tree at 100,000 organizations (docs/product.md#organizations): scope checks, paths and child pages
// must stay index lookups, whatever the depth or width. Run with `make bench`.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "bench_carrier.h"
#include "domain/orgs/org_service.h"
#include "storage/database.h"
#include "util/crypto.h"

namespace {

using namespace lineport;

struct Tree {
  std::unique_ptr<storage::Database> db;
  ManualClock clock{1'790'000'000};
  std::string root;
  std::vector<std::string> ids;
  auth::Principal root_admin;
};

// 100 customers × 10 departments × 10 teams × 10 branches = 100,000 organizations below the root.
void build(Tree& t) {
  crypto::initialize();
  {
    auto carrier = bench::open_carrier(std::filesystem::temp_directory_path() / "lineport-bench-tree.db", t.clock, 4);
    t.db = std::move(carrier.db);
    t.root = carrier.root_org_id;
    t.root_admin = carrier.root;
    orgs::OrgService service(*t.db, t.clock);
    std::vector<std::string> level{t.root};
    for (int depth = 0; depth < 4; ++depth) {
      std::vector<std::string> next;
      const int width = depth == 0 ? 100 : 10;
      t.db->write([&](storage::Connection& c) {
        for (const auto& parent : level)
          for (int i = 0; i < width; ++i)
            next.push_back(service.insert_child(c, parent, {"Org " + std::to_string(i), "", nlohmann::json::object()}));
      });
      t.ids.insert(t.ids.end(), next.begin(), next.end());
      level = std::move(next);
    }
  }
}

Tree& tree() {
  static Tree t;
  static const bool built = (build(t), true);
  (void)built;
  return t;
}

void ScopeCheckDeepLeaf(benchmark::State& state) {
  auto& t = tree();
  std::mt19937 rng(42);
  auto lease = t.db->acquire();
  for (auto _ : state) {
    const auto& leaf = t.ids[t.ids.size() - 1 - rng() % 100000 % t.ids.size()];
    benchmark::DoNotOptimize(orgs::in_scope(*lease, t.root, leaf));
  }
}
BENCHMARK(ScopeCheckDeepLeaf);

void GetOrgWithPathAndCounts(benchmark::State& state) {
  auto& t = tree();
  orgs::OrgService service(*t.db, t.clock);
  std::mt19937 rng(7);
  for (auto _ : state) benchmark::DoNotOptimize(service.get(t.root_admin, t.ids[rng() % t.ids.size()]));
}
BENCHMARK(GetOrgWithPathAndCounts);

void ChildrenPageOfACustomer(benchmark::State& state) {
  auto& t = tree();
  orgs::OrgService service(*t.db, t.clock);
  std::mt19937 rng(9);
  for (auto _ : state) benchmark::DoNotOptimize(service.children(t.root_admin, t.ids[rng() % 100], {50, std::nullopt}));
}
BENCHMARK(ChildrenPageOfACustomer);

}  // namespace

BENCHMARK_MAIN();

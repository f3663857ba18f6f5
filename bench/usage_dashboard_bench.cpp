// The dashboard over 10 million usage records under one organization (docs/product.md#targets: under 20 ms per
// request, rollups rather than scans; issue 5 item 7: p99 under 50 ms at 32 concurrent clients,
// measured over HTTP by bench/usage_dashboard_wrk.sh on the same database).
//
//   usage_dashboard_bench [--dataset-only] [Google Benchmark flags]
//
// The dataset is built once and cached (building it takes minutes): a customer "Enterprise" with
// four departments and two teams under Support (7 organizations), 10,000 user accounts spread
// over them (90% active), 10,000 numbers allocated to the customer, and LINEPORT_USAGE_RECORDS
// (default 10,000,000) records over the 12 months before the build, loaded through the real
// ingest (usage::UsageIngest::run, CSV, all or nothing) in chunks of 500,000 records in time
// order. An API user of the customer whose role holds `dashboard` is created for the HTTP run.
//   file:    LINEPORT_USAGE_DB, default build-bench/usage-<records>-v<version>-<YYYYMM>.db (the
//            month is in the name so that "current cycle" always has data; a new month rebuilds)
//   sidecar: the same path + ".env": DB_URL, ORG_ID, DEPARTMENT_ID, API_EMAIL, API_PASSWORD,
//            DATASET_END…
// On PostgreSQL (LINEPORT_USAGE_PG=postgresql://user@host:port/db, a server the benchmark may
// create databases on), the dataset is the database lineport_usage_<records>_v<version>_<YYYYMM>
// of that server, built the same way, and its sidecar build-bench/usage-<records>-v<version>-
// <YYYYMM>.postgresql.env; it is built again when the sidecar's database is gone or elsewhere
// (a throwaway cluster of scripts/postgres.sh takes it along when stopped). Datasets of earlier
// months stay on the server: drop them with psql.
// --dataset-only builds the dataset when missing and prints its URL and the sidecar's path.

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "api_user.h"
#include "bench_carrier.h"
#include "domain/accounts/account_import.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "domain/usage/dashboard.h"
#include "domain/usage/usage_ingest.h"
#include "storage/database.h"
#include "util/crypto.h"

namespace {

using namespace lineport;
namespace fs = std::filesystem;

constexpr int dataset_version = 1;  // bump when the dataset below changes
constexpr std::int64_t chunk_records = 500'000;
constexpr std::int64_t accounts_per_org[] = {1000, 1500, 1500, 1500, 1500, 1500, 1500};  // 10,000

struct Dataset {
  std::string url;
  fs::path sidecar;
  std::map<std::string, std::string> env;
};

std::map<std::string, std::string> read_env(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (const auto eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  return out;
}

// Builds the dataset in the empty database at `url` and returns the sidecar's values.
std::map<std::string, std::string> build(const std::string& url, std::int64_t records, UnixSeconds end) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  ManualClock clock{end - 400 * 86400};  // accounts and numbers exist before the first record
  auto carrier = bench::open_carrier_at(url, clock);
  auto& db = carrier.db;
  const auto& root = carrier.root;
  const auto& meta = bench::meta;
  const events::EventBus events;

  orgs::OrgService orgs(*db, clock);
  const auto child = [&](const std::string& parent, const char* name) {
    return orgs.create_child(root, parent, {name, "", nlohmann::json::object()}, meta).id;
  };
  const auto enterprise = child(carrier.root_org_id, "Enterprise");
  const auto support = child(enterprise, "Support");
  const std::vector<std::string> org_ids = {enterprise,
                                            child(enterprise, "Sales"),
                                            support,
                                            child(enterprise, "Engineering"),
                                            child(enterprise, "Operations"),
                                            child(support, "Support Tier 1"),
                                            child(support, "Support Tier 2")};

  numbers::NumberService pool(*db, clock);
  std::vector<numbers::ImportItem> items;
  for (std::int64_t i = 0; i < 10'000; ++i)
    items.push_back({i + 1, "+" + std::to_string(12123000000 + i), std::nullopt});
  pool.import(root, carrier.root_org_id, items, std::nullopt, meta);
  pool.allocate(root, carrier.root_org_id, {enterprise, 10'000, "", std::nullopt}, meta);

  accounts::AccountImport import(*db, clock, events, bench::activation_codes);
  std::int64_t serial = 0;
  for (std::size_t o = 0; o < org_ids.size(); ++o) {
    // A few accounts were created in the current cycle (the dashboard's "new users").
    clock.advance((o + 1 == org_ids.size() ? end - 5 * 86400 : end - 400 * 86400) - clock.now());
    std::string csv =
        "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,"
        "monitor_sms,"
        "forwarding_number,restrict_incoming_social_messaging\n";
    for (std::int64_t i = 0; i < accounts_per_org[o]; ++i, ++serial)
      csv += "First" + std::to_string(serial) + ",Last" + std::to_string(serial) + ",user" + std::to_string(serial) +
             "@bench.example,Yes,,auto,on,,No\n";
    import.run(root, {org_ids[o], std::nullopt, false, false}, csv, meta);
  }
  // 90% active: activating 9,000 accounts through the app is not what is measured.
  std::vector<std::string> account_ids;
  db->write([&](storage::Connection& c) {
    c.execute({"bench.activate",
               "UPDATE accounts SET status = 'active' WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
               "(ORDER BY id) AS n FROM accounts) numbered WHERE n % 10 <> 0)"});
    for (const auto& row : c.query({"bench.accounts", "SELECT id FROM accounts ORDER BY id"}).rows)
      account_ids.push_back(row.text(0));
  });
  clock.advance((end)-clock.now());

  // The API user for the HTTP run: a role with `dashboard` at the customer.
  const auto api_user =
      bench::add_api_user(*db, clock, root, enterprise, "api@bench.example", "Dashboard reader", {"dashboard"});
  std::cerr << "dataset: organizations, " << account_ids.size() << " accounts and the API user in " << elapsed()
            << " s\n";

  // The records: in time order (a platform sends what just happened), chunk by chunk; busier
  // between 08:00 and 20:00 UTC; 30% calls, 50% messages, 20% data sessions.
  std::mt19937_64 random(20261122);
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  const UnixSeconds first = end - 365 * 86400;
  const std::int64_t span = end - first;
  usage::UsageIngest ingest(*db, clock);
  std::int64_t ingest_seconds_total = 0;
  double ingest_total = 0;
  for (std::int64_t start = 0; start < records; start += chunk_records) {
    std::string csv = "id,account_id,type,direction,started_at,quantity,billable\n";
    const std::int64_t stop = std::min(records, start + chunk_records);
    csv.reserve(static_cast<std::size_t>(stop - start) * 90);
    for (std::int64_t i = start; i < stop; ++i) {
      UnixSeconds t = first + static_cast<std::int64_t>(static_cast<double>(i) * static_cast<double>(span) /
                                                        static_cast<double>(records));
      if (uniform(0, 99) < 66) t = t - t % 86400 + 8 * 3600 + uniform(0, 12 * 3600 - 1);
      if (t > end) t = end;
      const auto& account =
          account_ids[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(account_ids.size()) - 1))];
      const char* direction = uniform(0, 1) ? "in" : "out";
      const auto kind = uniform(0, 9);
      csv += "r" + std::to_string(i) + "," + account + ",";
      if (kind < 3)
        csv += std::string("voice,") + direction + "," + to_rfc3339(t) + "," + std::to_string(uniform(15, 900)) + "," +
               (uniform(0, 9) ? "true" : "false");
      else if (kind < 8)
        csv +=
            std::string("message,") + direction + "," + to_rfc3339(t) + "," + std::to_string(uniform(1, 3)) + ",true";
      else
        csv += std::string("data,") + direction + "," + to_rfc3339(t) + "," + std::to_string(uniform(1, 80) * 1048576) +
               ",true";
      csv += '\n';
    }
    std::size_t offset = 0;
    const auto c0 = std::chrono::steady_clock::now();
    const auto result = ingest.run(
        root, {usage::UploadFormat::csv, false},
        [&](std::span<char> buffer) {
          const auto n = std::min(buffer.size(), csv.size() - offset);
          std::copy_n(csv.data() + offset, n, buffer.data());
          offset += n;
          return n;
        },
        meta);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
    ingest_total += took;
    if (result.stored != stop - start) throw std::runtime_error("the ingest did not store every record");
    std::cerr << "dataset: " << stop << " records (this chunk: " << took << " s, "
              << static_cast<std::int64_t>(static_cast<double>(result.stored) / took) << " records/s), " << elapsed()
              << " s\n";
  }
  ingest_seconds_total = static_cast<std::int64_t>(ingest_total);
  std::int64_t buckets = 0;
  db->read([&](storage::Connection& c) {
    buckets = c.query({"bench.buckets", "SELECT COUNT(*) FROM usage_buckets"}).one().integer(0);
  });
  std::cerr << "dataset: built in " << elapsed() << " s (ingest " << ingest_total << " s), " << buckets
            << " slot rows\n";
  return {{"DB_URL", url},
          {"ROOT_ORG_ID", carrier.root_org_id},
          {"ORG_ID", enterprise},
          {"DEPARTMENT_ID", support},
          {"API_EMAIL", api_user.email},
          {"API_PASSWORD", api_user.password},
          {"DATASET_END", std::to_string(end)},
          {"RECORDS", std::to_string(records)},
          {"ACCOUNTS", std::to_string(account_ids.size())},
          {"BUCKET_ROWS", std::to_string(buckets)},
          {"INGEST_SECONDS", std::to_string(ingest_seconds_total)},
          {"BUILD_SECONDS", std::to_string(static_cast<std::int64_t>(elapsed()))}};
}

Dataset& dataset() {
  static Dataset d;
  return d;
}

void write_env(const fs::path& path, const std::map<std::string, std::string>& env) {
  std::ofstream out(path);
  for (const auto& [k, v] : env) out << k << "=" << v << "\n";
}

// `server_url` with its database replaced by `name`.
std::string with_database(const std::string& server_url, const std::string& name) {
  const auto slash = server_url.find('/', server_url.find("://") + 3);
  const auto query = server_url.find('?');
  return server_url.substr(0, slash) + "/" + name + (query == std::string::npos ? "" : server_url.substr(query));
}

// True when the sidecar describes the database at `url` and that database holds the dataset.
bool postgresql_dataset_exists(const std::map<std::string, std::string>& env, const std::string& url) {
  if (!env.contains("DB_URL") || env.at("DB_URL") != url || !env.contains("ORG_ID")) return false;
  try {
    const auto db = storage::open_database(url, 1);
    return db->read([&](storage::Connection& c) {
      return c.query({"bench.dataset_org", "SELECT COUNT(*) FROM orgs WHERE id = $1"}, {env.at("ORG_ID")})
                 .one()
                 .integer(0) == 1;
    });
  } catch (const std::exception&) {
    return false;  // no such database, or not migrated
  }
}

// A new, empty database `name` on the PostgreSQL server of `server_url`, replacing one that a
// build that did not finish left.
void create_postgresql_database(const std::string& server_url, const std::string& name) {
  const auto server = storage::open_database(server_url, 1);
  auto lease = server->acquire();  // CREATE DATABASE runs outside a transaction
  lease->execute_script("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  lease->execute_script("CREATE DATABASE " + name);
}

// The cached dataset (built when missing).
void open_dataset(const fs::path& bench_dir) {
  const char* records_env = std::getenv("LINEPORT_USAGE_RECORDS");
  const std::int64_t records = records_env ? std::stoll(records_env) : 10'000'000;
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char month[8];
  std::strftime(month, sizeof month, "%Y%m", &utc);
  const std::string name = "usage-" + std::to_string(records) + "-v" + std::to_string(dataset_version) + "-" + month;
  auto& d = dataset();
  if (const char* server = std::getenv("LINEPORT_USAGE_PG")) {
    d.sidecar = bench_dir / (name + ".postgresql.env");
    const std::string database =
        "lineport_usage_" + std::to_string(records) + "_v" + std::to_string(dataset_version) + "_" + month;
    d.url = with_database(server, database);
    if (!postgresql_dataset_exists(read_env(d.sidecar), d.url)) {
      std::cerr << "dataset: building " << d.url << " (" << records << " records; takes minutes)\n";
      fs::remove(d.sidecar);
      create_postgresql_database(server, database);
      write_env(d.sidecar, build(d.url, records, static_cast<UnixSeconds>(now)));
    }
    d.env = read_env(d.sidecar);
    return;
  }
  const char* path_env = std::getenv("LINEPORT_USAGE_DB");
  const fs::path db_path = path_env ? fs::path(path_env) : bench_dir / (name + ".db");
  d.url = "sqlite://" + db_path.string();
  d.sidecar = db_path.string() + ".env";
  if (!path_env) {
    // Datasets of earlier months (or versions) of the same size are stale: 1.6 GB each.
    const std::string prefix = "usage-" + std::to_string(records) + "-v";
    for (const auto& entry : fs::directory_iterator(bench_dir)) {
      const auto file = entry.path().filename().string();
      if (file.starts_with(prefix) && !file.starts_with(db_path.filename().string()) &&
          !file.ends_with(".postgresql.env"))
        fs::remove(entry.path());
    }
  }
  if (!fs::exists(db_path) || !fs::exists(d.sidecar)) {
    std::cerr << "dataset: building " << db_path << " (" << records << " records; takes minutes)\n";
    const fs::path tmp = db_path.string() + ".tmp";
    for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(tmp.string() + suffix);
    // The database is closed (WAL checkpointed) when build returns.
    auto env = build("sqlite://" + tmp.string(), records, static_cast<UnixSeconds>(now));
    fs::rename(tmp, db_path);
    env["DB_URL"] = d.url;
    write_env(d.sidecar, env);
  }
  d.env = read_env(d.sidecar);
}

struct Reader {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<ManualClock> clock;
  auth::Principal root;
};

Reader& reader() {
  static Reader r = [] {
    Reader out;
    out.db = storage::open_database(dataset().url, 2);
    storage::migrate(*out.db);  // a dataset cached before a migration gets it, as a server would
    out.clock = std::make_unique<ManualClock>(std::stoll(dataset().env.at("DATASET_END")));
    out.root = {"", "bench", "admin", dataset().env.at("ROOT_ORG_ID"), "", auth::PrivilegeSet::all()};
    return out;
  }();
  return r;
}

void view(benchmark::State& state, const std::string& org_key, usage::UsageType type) {
  auto& r = reader();
  usage::Dashboard dashboard(*r.db, *r.clock);
  const auto& org = dataset().env.at(org_key);
  for (auto _ : state) benchmark::DoNotOptimize(dashboard.view(r.root, org, type));
}

void DashboardCustomerVoice(benchmark::State& state) {
  view(state, "ORG_ID", usage::UsageType::voice);
}
void DashboardCustomerData(benchmark::State& state) {
  view(state, "ORG_ID", usage::UsageType::data);
}
void DashboardDepartmentVoice(benchmark::State& state) {
  view(state, "DEPARTMENT_ID", usage::UsageType::voice);
}
BENCHMARK(DashboardCustomerVoice)->Unit(benchmark::kMillisecond);
BENCHMARK(DashboardCustomerData)->Unit(benchmark::kMillisecond);
BENCHMARK(DashboardDepartmentVoice)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  crypto::initialize();
  spdlog::set_level(spdlog::level::warn);
  bool dataset_only = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--dataset-only")
      dataset_only = true;
    else
      args.push_back(argv[i]);
  }
  open_dataset(fs::absolute(argv[0]).parent_path());
  if (dataset_only) {
    std::cout << dataset().url << " " << dataset().sidecar.string() << "\n";
    return 0;
  }
  const auto& env = dataset().env;
  std::cerr << "dataset: " << dataset().url << ": " << env.at("RECORDS") << " records, " << env.at("ACCOUNTS")
            << " accounts, " << env.at("BUCKET_ROWS") << " slot rows, dataset end " << env.at("DATASET_END") << "\n";
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

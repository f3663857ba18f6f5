// Reading compliance records at the size of a regulated customer (issue 17: a report page and an
// ADK page over 10,000,000 records in under 20 ms; docs/compliance.md#the-reports).
//
//   compliance_read_bench [--dataset-only] [Google Benchmark flags]
//
// The dataset is built once and cached (building it takes minutes): a bank with four departments
// and two teams under Compliance (7 organizations), 5,000 user accounts over them whose group has
// message_logging, message logging turned on, and LINEPORT_COMPLIANCE_RECORDS (default 10,000,000)
// message logs over the 12 months before the build, texts sealed, peers from a pool of 50,000,
// loaded through the real ingest (compliance::ComplianceIngest::run, CSV, all or nothing) in
// chunks of 500,000 records in time order.
//   file:    LINEPORT_COMPLIANCE_DB, default build-bench/compliance-<records>-v<version>-<YYYYMM>.db
//   sidecar: the same path + ".env" (ids, the dataset's end, the API user) and + ".data-key"
//            (its data key)
// --dataset-only builds the dataset when missing and prints its URL and the sidecar's path, for
// bench/compliance_wrk.sh. A dataset cached without an API user (one for the HTTP runs, with the
// message logging report and ADK privileges) gets one then.

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
#include "domain/accounts/permission_groups.h"
#include "domain/compliance/compliance_feed.h"
#include "domain/compliance/compliance_ingest.h"
#include "domain/compliance/data_key.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "domain/reports/compliance_reports.h"
#include "storage/database.h"
#include "util/crypto.h"

namespace {

using namespace lineport;
namespace fs = std::filesystem;

constexpr int dataset_version = 2;  // bump when the dataset below or its schema changes
constexpr std::int64_t chunk_records = 500'000;
constexpr std::int64_t accounts_per_org[] = {500, 750, 750, 750, 750, 750, 750};  // 5,000
constexpr std::int64_t first_number = 12123000000;
constexpr std::int64_t peers = 50'000;

std::map<std::string, std::string> read_env(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (const auto eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  return out;
}

std::string peer_number(std::int64_t i) {
  return "+1415" + std::to_string(5'000'000 + i);
}

// Builds the dataset in the new SQLite database at `path` and returns the sidecar's values.
std::map<std::string, std::string> build(const fs::path& path, const compliance::DataKey& key, std::int64_t records,
                                         UnixSeconds end) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  ManualClock clock{end - 400 * 86400};
  auto carrier = bench::open_carrier(path, clock);
  auto& db = *carrier.db;
  const auto& root = carrier.root;
  const auto& meta = bench::meta;
  key.bind(db, clock.now());

  orgs::OrgService orgs(db, clock);
  const auto child = [&](const std::string& parent, const char* name) {
    return orgs.create_child(root, parent, {name, "", nlohmann::json::object()}, meta).id;
  };
  const auto bank = child(carrier.root_org_id, "Bank");
  const auto compliance_org = child(bank, "Compliance");
  const std::vector<std::string> org_ids = {bank,
                                            child(bank, "Trading"),
                                            compliance_org,
                                            child(bank, "Retail"),
                                            child(bank, "Operations"),
                                            child(compliance_org, "Compliance Team 1"),
                                            child(compliance_org, "Compliance Team 2")};
  orgs.update_settings(root, bank, {{"message_logging_enabled", true}}, meta);
  accounts::PermissionGroupService groups(db, clock);
  accounts::GroupInput group_input;
  group_input.name = "Logged";
  group_input.features = std::vector<std::string>{"voice", "sms", "message_logging"};
  group_input.is_default = false;
  const auto group = groups.create(root, bank, group_input, meta).id;

  numbers::NumberService pool(db, clock);
  std::vector<numbers::ImportItem> items;
  for (std::int64_t i = 0; i < 5'000; ++i)
    items.push_back({i + 1, "+" + std::to_string(first_number + i), std::nullopt});
  pool.import(root, carrier.root_org_id, items, std::nullopt, meta);
  pool.allocate(root, carrier.root_org_id, {bank, 5'000, "", std::nullopt}, meta);
  const events::EventBus events;
  accounts::AccountImport import(db, clock, events, bench::activation_codes);
  std::int64_t serial = 0;
  for (std::size_t o = 0; o < org_ids.size(); ++o) {
    std::string csv =
        "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
        "forwarding_number,restrict_incoming_social_messaging\n";
    for (std::int64_t i = 0; i < accounts_per_org[o]; ++i, ++serial)
      csv += "First" + std::to_string(serial) + ",Last" + std::to_string(serial) + ",user" + std::to_string(serial) +
             "@bank.example,Yes,,auto,on,,No\n";
    import.run(root, {org_ids[o], group, false, false}, csv, meta);
  }
  std::vector<std::string> account_ids;
  db.read([&](storage::Connection& c) {
    for (const auto& row : c.query({"bench.accounts", "SELECT id FROM accounts ORDER BY id"}).rows)
      account_ids.push_back(row.text(0));
  });
  clock.advance(end - clock.now());
  std::cerr << "dataset: organizations and " << account_ids.size() << " accounts in " << elapsed() << " s\n";

  // The records, in time order, busier from 08:00 to 20:00 UTC; texts of 20 to 160 characters.
  std::mt19937_64 random(20261205);
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  static constexpr const char* words[] = {"meet",   "at",    "the",    "desk", "call",   "me",       "about",
                                          "trade",  "order", "client", "ok",   "thanks", "tomorrow", "10:30",
                                          "report", "sent",  "please", "see",  "notes",  "today"};
  const UnixSeconds first = end - 365 * 86400;
  const std::int64_t span = end - first;
  compliance::ComplianceIngest ingest(db, clock, key);
  for (std::int64_t start = 0; start < records; start += chunk_records) {
    std::string csv = "id,kind,account_id,direction,peer_number,sent_at,channel,text,attachment_urls\n";
    const std::int64_t stop = std::min(records, start + chunk_records);
    for (std::int64_t i = start; i < stop; ++i) {
      UnixSeconds t = first + static_cast<std::int64_t>(static_cast<double>(i) * static_cast<double>(span) /
                                                        static_cast<double>(records));
      if (uniform(0, 99) < 66) t = t - t % 86400 + 8 * 3600 + uniform(0, 12 * 3600 - 1);
      t = std::min(t, end - 1);
      std::string text;
      for (auto n = uniform(4, 25); n > 0; --n) text += std::string(text.empty() ? "" : " ") + words[uniform(0, 19)];
      csv += "m" + std::to_string(i) + ",message_log," +
             account_ids[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(account_ids.size()) - 1))] +
             "," + (uniform(0, 1) ? "in" : "out") + "," + peer_number(uniform(0, peers - 1)) + "," + to_rfc3339(t) +
             "," + (uniform(0, 9) ? "sms" : "whatsapp") + "," + text + "," +
             (uniform(0, 9) ? "" : "https://media.bank.example/" + std::to_string(i) + ".jpg") + "\n";
    }
    std::size_t offset = 0;
    const auto c0 = std::chrono::steady_clock::now();
    const auto result = ingest.run(
        root, {uploads::UploadFormat::csv, false},
        [&](std::span<char> buffer) {
          const auto n = std::min(buffer.size(), csv.size() - offset);
          std::copy_n(csv.data() + offset, n, buffer.data());
          offset += n;
          return n;
        },
        meta);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
    if (result.stored != stop - start) throw std::runtime_error("the ingest did not store every record");
    std::cerr << "dataset: " << stop << " records (this chunk: " << took << " s), " << elapsed() << " s\n";
  }
  return {
      {"ROOT_ORG_ID", carrier.root_org_id}, {"BANK_ID", bank},
      {"DEPARTMENT_ID", compliance_org},    {"ACCOUNT_ID", account_ids[42]},
      {"PEER", peer_number(4242)},          {"DATASET_END", std::to_string(end)},
      {"RECORDS", std::to_string(records)}, {"BUILD_SECONDS", std::to_string(static_cast<std::int64_t>(elapsed()))}};
}

struct Dataset {
  std::string url;
  std::map<std::string, std::string> env;
  std::unique_ptr<compliance::DataKey> key;
  fs::path sidecar;
};

Dataset& dataset() {
  static Dataset d;
  return d;
}

// The archiver of the HTTP runs: an API user at the bank with the message logging report's view
// and ADK privileges, added to the sidecar.
void add_api_user(Dataset& d) {
  const auto db = storage::open_database(d.url, 1);
  storage::migrate(*db);
  const ManualClock clock{std::stoll(d.env.at("DATASET_END"))};
  const auth::Principal root{"", "bench", "admin", d.env.at("ROOT_ORG_ID"), "", auth::PrivilegeSet::all()};
  const auto api = bench::add_api_user(*db, clock, root, d.env.at("BANK_ID"), "archiver@bench.example", "Archiver",
                                       {"reports.view.message_logging", "reports.adk.message_logging"});
  std::ofstream(d.sidecar, std::ios::app) << "API_EMAIL=" << api.email << "\nAPI_PASSWORD=" << api.password << "\n";
  d.env["API_EMAIL"] = api.email;
  d.env["API_PASSWORD"] = api.password;
}

void open_dataset(const fs::path& bench_dir) {
  const char* records_env = std::getenv("LINEPORT_COMPLIANCE_RECORDS");
  const std::int64_t records = records_env ? std::stoll(records_env) : 10'000'000;
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char month[8];
  std::strftime(month, sizeof month, "%Y%m", &utc);
  const char* path_env = std::getenv("LINEPORT_COMPLIANCE_DB");
  const fs::path db_path = path_env ? fs::path(path_env)
                                    : bench_dir / ("compliance-" + std::to_string(records) + "-v" +
                                                   std::to_string(dataset_version) + "-" + month + ".db");
  const fs::path sidecar = db_path.string() + ".env";
  const fs::path key_path = db_path.string() + ".data-key";
  auto& d = dataset();
  d.url = "sqlite://" + db_path.string();
  if (!fs::exists(db_path) || !fs::exists(sidecar) || !fs::exists(key_path)) {
    std::cerr << "dataset: building " << db_path << " (" << records << " records; takes minutes)\n";
    {
      std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
      out << crypto::random_bytes(32);
    }
    const fs::path tmp = db_path.string() + ".tmp";
    for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(tmp.string() + suffix);
    const auto env = build(tmp, compliance::DataKey::from_file(key_path.string()), records, now);
    fs::rename(tmp, db_path);
    std::ofstream out(sidecar);
    for (const auto& [k, v] : env) out << k << "=" << v << "\n";
  }
  d.env = read_env(sidecar);
  d.key = std::make_unique<compliance::DataKey>(compliance::DataKey::from_file(key_path.string()));
  d.sidecar = sidecar;
  if (!d.env.contains("API_EMAIL")) add_api_user(d);
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
    storage::migrate(*out.db);
    out.clock = std::make_unique<ManualClock>(std::stoll(dataset().env.at("DATASET_END")));
    out.root = {"", "bench", "admin", dataset().env.at("ROOT_ORG_ID"), "", auth::PrivilegeSet::all()};
    return out;
  }();
  return r;
}

reports::ReportQuery query(const char* org_key, const char* range, bool subtree) {
  reports::ReportQuery q;
  q.org_id = dataset().env.at(org_key);
  q.range = range;
  q.include_suborgs = subtree;
  return q;
}

// A report's first page of 50 (total included), or with `deep` the page after the first 10.
void report(benchmark::State& state, reports::ReportQuery q, bool deep = false) {
  auto& r = reader();
  reports::ComplianceReports reports(*r.db, *r.clock, *dataset().key);
  PageRequest page{50, std::nullopt};
  if (deep)
    for (int i = 0; i < 10; ++i)
      page.cursor = reports.page(r.root, compliance::Kind::message_log, q, page, bench::meta).next_cursor;
  for (auto _ : state) {
    const auto p = reports.page(r.root, compliance::Kind::message_log, q, page, bench::meta);
    if (p.items.empty()) state.SkipWithError("an empty page");
    benchmark::DoNotOptimize(p);
  }
}

void ReportBankLast7Days(benchmark::State& state) {
  report(state, query("BANK_ID", "last_7_days", true));
}
void ReportBankLastCycleDeep(benchmark::State& state) {
  report(state, query("BANK_ID", "last_cycle", true), true);
}
void ReportDepartmentCurrentCycle(benchmark::State& state) {
  report(state, query("DEPARTMENT_ID", "current_cycle", false));
}
void ReportBankYear(benchmark::State& state) {
  auto q = query("BANK_ID", "custom", true);
  const auto end = std::stoll(dataset().env.at("DATASET_END"));
  q.from = to_rfc3339(end - 360 * 86400).substr(0, 10);
  q.to = to_rfc3339(end).substr(0, 10);
  report(state, q);
}
void ReportAccountLastCycle(benchmark::State& state) {
  auto q = query("BANK_ID", "last_cycle", true);
  q.account = dataset().env.at("ACCOUNT_ID");
  report(state, q);
}
void ReportPeerYear(benchmark::State& state) {
  auto q = query("BANK_ID", "custom", true);
  const auto end = std::stoll(dataset().env.at("DATASET_END"));
  q.from = to_rfc3339(end - 360 * 86400).substr(0, 10);
  q.to = to_rfc3339(end).substr(0, 10);
  q.peer_number = dataset().env.at("PEER");
  report(state, q);
}
BENCHMARK(ReportBankLast7Days)->Unit(benchmark::kMillisecond);
BENCHMARK(ReportBankLastCycleDeep)->Unit(benchmark::kMillisecond);
BENCHMARK(ReportDepartmentCurrentCycle)->Unit(benchmark::kMillisecond);
BENCHMARK(ReportBankYear)->Unit(benchmark::kMillisecond);
BENCHMARK(ReportAccountLastCycle)->Unit(benchmark::kMillisecond);
BENCHMARK(ReportPeerYear)->Unit(benchmark::kMillisecond);

// An archiver's page of `limit` from the start, from the middle, or up to date (an empty page).
void feed(benchmark::State& state, const char* org_key, std::int64_t after, std::int64_t limit) {
  auto& r = reader();
  compliance::ComplianceFeed feed(*r.db, *r.clock, *dataset().key);
  const compliance::FeedQuery q{dataset().env.at(org_key), true, after ? "c1_" + std::to_string(after) : "", limit};
  for (auto _ : state) benchmark::DoNotOptimize(feed.page(r.root, compliance::Kind::message_log, q, bench::meta));
}
void AdkBankFromStart(benchmark::State& state) {
  feed(state, "BANK_ID", 0, 1000);
}
void AdkBankFromMiddle(benchmark::State& state) {
  feed(state, "BANK_ID", std::stoll(dataset().env.at("RECORDS")) / 2, 1000);
}
void AdkDepartmentFromMiddle(benchmark::State& state) {
  feed(state, "DEPARTMENT_ID", std::stoll(dataset().env.at("RECORDS")) / 2, 100);
}
void AdkBankUpToDate(benchmark::State& state) {
  feed(state, "BANK_ID", std::stoll(dataset().env.at("RECORDS")), 1000);
}
BENCHMARK(AdkBankFromStart)->Unit(benchmark::kMillisecond);
BENCHMARK(AdkBankFromMiddle)->Unit(benchmark::kMillisecond);
BENCHMARK(AdkDepartmentFromMiddle)->Unit(benchmark::kMillisecond);
BENCHMARK(AdkBankUpToDate)->Unit(benchmark::kMillisecond);

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
  std::cerr << "dataset: " << dataset().url << ": " << dataset().env.at("RECORDS") << " message logs\n";
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// Times one usage ingest (docs/product.md#usage-dashboard-and-reports, issue 5 item 7: records per second, and the
// ratio to `sqlite3 .import` of the same records). bench/usage_ratio.sh writes the file, runs both and prints the
// ratio; this program does the Lineport side:
//   usage_ingest_bench FILE.csv|FILE.ndjson DB_PATH [ACCOUNTS]
//     → sets up a database with one customer organization and ACCOUNTS (default 5,000) user
//       accounts whose multiline numbers are +12122000000, +12122000001, …, then times
//       usage::UsageIngest::run over the file (all or nothing, the same call as POST /api/v1/usage)
//       and prints "SECONDS RECORDS_PER_SECOND" on stdout.
//   LINEPORT_BENCH_BY_ID=1: the same records name their accounts by account_id (CSV files of
//   bench/usage_ratio.sh only), which skips checking the multiline numbers.
//   usage_ingest_bench --setup-only FILE.csv DB_PATH [ACCOUNTS]
//     → the same database without the ingest, for `lineport usage import` and POST /api/v1/usage
//       to be timed on: also writes DB_PATH.by-id.csv (FILE naming its accounts by account_id)
//       and adds an API user with `usage.ingest` at the root, printing "EMAIL PASSWORD".

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api_user.h"
#include "bench_carrier.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/usage/usage_ingest.h"
#include "numbered_accounts.h"
#include "storage/database.h"
#include "util/crypto.h"

using namespace lineport;

int main(int argc, char** argv) {
  const bool setup_only = argc > 1 && std::string_view(argv[1]) == "--setup-only";
  if (setup_only) {
    --argc;
    ++argv;
  }
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: usage_ingest_bench [--setup-only] FILE.csv|FILE.ndjson DB_PATH [ACCOUNTS]\n";
    return 2;
  }
  crypto::initialize();
  spdlog::set_level(spdlog::level::warn);  // stdout carries the result
  const std::string file = argv[1];
  const std::int64_t account_count = argc == 4 ? std::stoll(argv[3]) : 5000;

  ManualClock clock{1'790'000'000};
  auto carrier = bench::open_carrier(argv[2], clock);
  auto& db = carrier.db;
  const auto& root = carrier.root;
  const auto& meta = bench::meta;

  // One customer with ACCOUNTS accounts, each holding one multiline number (the platform names
  // accounts by number in the usage feed).
  orgs::OrgService orgs(*db, clock);
  const auto org = orgs.create_child(root, carrier.root_org_id, {"Customer", "", nlohmann::json::object()}, meta).id;
  const auto created = bench::add_numbered_accounts(carrier, clock, org, account_count, std::nullopt);

  // LINEPORT_BENCH_BY_ID=1 (CSV only): the same records naming their accounts by account_id
  // instead of multiline_number, to measure what checking the numbers costs.
  std::string input = file;
  if (std::getenv("LINEPORT_BENCH_BY_ID") != nullptr || setup_only) {
    std::unordered_map<std::string, std::string> ids;
    db->read([&](storage::Connection& c) {
      for (const auto& row : c.query({"bench.ids", "SELECT multiline_number, id FROM accounts"}).rows)
        ids[row.text(0)] = row.text(1);
    });
    input = std::string(argv[2]) + ".by-id.csv";
    std::ifstream from(file);
    std::ofstream to(input);
    std::string line;
    std::getline(from, line);
    to << "id,account_id,type,direction,started_at,quantity,billable\n";  // the header of
                                                                          // usage_ratio.sh's file
    while (std::getline(from, line)) {
      const auto a = line.find(',');
      const auto b = line.find(',', a + 1);
      to << line.substr(0, a + 1) << ids.at(line.substr(a + 1, b - a - 1)) << line.substr(b) << '\n';
    }
  }

  if (setup_only) {
    const auto api =
        bench::add_api_user(*db, clock, root, carrier.root_org_id, "api@bench.example", "Usage feed", {"usage.ingest"});
    std::cout << api.email << " " << api.password << "\n";
    return created == account_count ? 0 : 1;
  }

  // The ingest, reading the file in pieces as the server reads its spooled upload.
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(input.c_str(), "rb"), &std::fclose);
  if (!in) {
    std::cerr << "cannot open " << file << "\n";
    return 2;
  }
  usage::UsageIngest ingest(*db, clock);
  usage::IngestRequest request;
  request.format = file.ends_with(".csv") ? usage::UploadFormat::csv : usage::UploadFormat::ndjson;
  const auto started = std::chrono::steady_clock::now();
  usage::IngestResult result;
  try {
    result = ingest.run(
        root, request, [&](std::span<char> buffer) { return std::fread(buffer.data(), 1, buffer.size(), in.get()); },
        meta);
  } catch (const DomainError& e) {
    std::cerr << e.what() << " " << e.extra.dump().substr(0, 2000) << "\n";
    return 1;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cerr << created << " accounts; received " << result.received << ", stored " << result.stored << ", duplicates "
            << result.duplicates << ", rejected " << result.rejected << "\n";
  std::cout << took.count() << " " << static_cast<double>(result.stored) / took.count() << "\n";
  return result.stored > 0 && result.rejected == 0 ? 0 : 1;
}

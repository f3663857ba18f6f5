// Times one compliance ingest of message logs (docs/compliance.md, issue 17: 1,000,000 message logs,
// their texts sealed, within 4× of `sqlite3 .import` of the same file into a bare table).
// bench/compliance_ratio.sh writes the file, runs both and prints the ratio; this program does the
// Lineport side:
//   compliance_ingest_bench FILE.csv|FILE.ndjson DB_PATH [ACCOUNTS]
//     → sets up a database with one customer organization that turned message logging on and
//       ACCOUNTS (default 5,000) user accounts in a permission group with message_logging, whose
//       multiline numbers are +12122000000, +12122000001, …; then times
//       compliance::ComplianceIngest::run over the file (all or nothing in one transaction, the
//       same call as POST /api/v1/compliance/records) with a data key of 32 random bytes, and prints
//       "SECONDS RECORDS_PER_SECOND" on stdout. Exits 1 unless every record was stored (none
//       rejected), so a refused setup cannot pass as a fast one.
//   LINEPORT_BENCH_BY_ID=1: the same records name their accounts by account_id (CSV files of
//   bench/compliance_ratio.sh only), which skips checking the multiline numbers.
//   compliance_ingest_bench --setup-only FILE.csv DB_PATH [ACCOUNTS]
//     → the same database and data key (DB_PATH.data-key) without the ingest, for
//       `lineport compliance import` and POST /api/v1/compliance/records to be timed on: also
//       writes DB_PATH.by-id.csv (FILE naming its accounts by account_id) and adds an API user
//       with `usage.ingest` at the root, printing "EMAIL PASSWORD".

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api_user.h"
#include "bench_carrier.h"
#include "domain/accounts/account.h"
#include "domain/accounts/permission_groups.h"
#include "domain/compliance/compliance_ingest.h"
#include "domain/compliance/data_key.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "numbered_accounts.h"
#include "storage/database.h"
#include "util/crypto.h"

using namespace lineport;

namespace {

void print_errors(const RowErrorReport& report) {
  std::size_t shown = 0;
  for (const auto& e : report.errors) {
    if (++shown > 20) break;
    std::cerr << "  line " << e.line << (e.where.empty() ? "" : ", " + e.where) << ": " << e.message
              << (e.value.empty() ? "" : " (" + e.value + ")") << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool setup_only = argc > 1 && std::string_view(argv[1]) == "--setup-only";
  if (setup_only) {
    --argc;
    ++argv;
  }
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: compliance_ingest_bench [--setup-only] FILE.csv|FILE.ndjson DB_PATH [ACCOUNTS]\n";
    return 2;
  }
  crypto::initialize();
  spdlog::set_level(spdlog::level::warn);  // stdout carries the result
  const std::string file = argv[1];
  const std::string db_path = argv[2];
  const std::int64_t account_count = argc == 4 ? std::stoll(argv[3]) : 5000;

  ManualClock clock{1'790'000'000};
  auto carrier = bench::open_carrier(db_path, clock);
  auto& db = carrier.db;
  const auto& root = carrier.root;
  const auto& meta = bench::meta;

  // The data key: 32 random bytes in a file of their own, as `serve --data-key-file` reads them,
  // bound to the database as a server binds it when it starts.
  const std::string key_path = db_path + ".data-key";
  {
    std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
    out << crypto::random_bytes(32);
  }
  const auto key = compliance::DataKey::from_file(key_path);
  key.bind(*db, clock.now());

  // One customer that logs messages, with ACCOUNTS accounts each holding one multiline number, in
  // a permission group whose features include message_logging.
  orgs::OrgService orgs(*db, clock);
  const auto org = orgs.create_child(root, carrier.root_org_id, {"Customer", "", nlohmann::json::object()}, meta).id;
  orgs.update_settings(root, org, {{"message_logging_enabled", true}}, meta);
  accounts::PermissionGroupService groups(*db, clock);
  accounts::GroupInput group_input;
  group_input.name = "Message logging";
  group_input.features = std::vector<std::string>{"voice", "sms", "mms", "social_messaging", "message_logging"};
  group_input.is_default = false;
  const auto group = groups.create(root, org, group_input, meta).id;

  const auto created = bench::add_numbered_accounts(carrier, clock, org, account_count, group);

  // The setup as the ingest will see it: logging on for the organization, message_logging among
  // the first account's effective features.
  const bool setup_ok = db->read([&](storage::Connection& c) {
    const bool logging = orgs::effective_value(c, org, "message_logging_enabled").get<bool>();
    const auto rows = c.query({"bench.account",
                               "SELECT org_id, permission_group_id FROM accounts WHERE org_id = $1 "
                               "LIMIT 1"},
                              {org});
    if (rows.empty()) return false;
    accounts::Account a;
    a.org_id = rows.one().text(0);
    a.permission_group_id = rows.one().text(1);
    const auto features = accounts::effective_features(c, a);
    return logging && std::find(features.begin(), features.end(), "message_logging") != features.end();
  });
  if (!setup_ok || created != account_count) {
    std::cerr << "setup failed: " << created
              << " accounts; message logging on and in the group's features: " << (setup_ok ? "yes" : "no") << "\n";
    return 1;
  }

  // LINEPORT_BENCH_BY_ID=1 (CSV only): the same records naming their accounts by account_id
  // instead of multiline_number, to measure what checking the numbers costs.
  std::string input = file;
  if (std::getenv("LINEPORT_BENCH_BY_ID") != nullptr || setup_only) {
    std::unordered_map<std::string, std::string> ids;
    db->read([&](storage::Connection& c) {
      for (const auto& row : c.query({"bench.ids", "SELECT multiline_number, id FROM accounts"}).rows)
        ids[row.text(0)] = row.text(1);
    });
    input = db_path + ".by-id.csv";
    std::ifstream from(file);
    std::ofstream to(input);
    std::string line;
    std::getline(from, line);
    to << line << '\n';  // the template's header: both account_id and multiline_number are columns
    // compliance_ratio.sh's lines start "id,kind,,+1212…,": the number moves to account_id.
    while (std::getline(from, line)) {
      const auto a = line.find(',', line.find(',') + 1);  // the comma before account_id
      const auto b = line.find(',', a + 1);               // the comma before multiline_number
      const auto c = line.find(',', b + 1);               // the comma after it
      to << line.substr(0, a + 1) << ids.at(line.substr(b + 1, c - b - 1)) << ',' << line.substr(c) << '\n';
    }
  }

  if (setup_only) {
    const auto api = bench::add_api_user(*db, clock, root, carrier.root_org_id, "api@bench.example", "Compliance feed",
                                         {"usage.ingest"});
    std::cout << api.email << " " << api.password << "\n";
    return 0;
  }

  // The ingest, reading the file in pieces as the server reads its spooled upload.
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(input.c_str(), "rb"), &std::fclose);
  if (!in) {
    std::cerr << "cannot open " << input << "\n";
    return 2;
  }
  compliance::ComplianceIngest ingest(*db, clock, key);
  uploads::UploadRequest request;
  request.format = file.ends_with(".csv") ? uploads::UploadFormat::csv : uploads::UploadFormat::ndjson;
  request.partial = false;  // all or nothing, in one transaction
  const auto started = std::chrono::steady_clock::now();
  uploads::UploadResult result;
  try {
    result = ingest.run(
        root, request, [&](std::span<char> buffer) { return std::fread(buffer.data(), 1, buffer.size(), in.get()); },
        meta);
  } catch (const DomainError& e) {
    std::cerr << e.what() << "\n";
    print_errors(e.row_errors());
    return 1;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cerr << created << " accounts; received " << result.received << ", stored " << result.stored << ", duplicates "
            << result.duplicates << ", rejected " << result.rejected << "\n";
  print_errors(result.errors);

  // What was stored: as many message logs as records, every text sealed.
  const auto [logs, sealed] = db->read([&](storage::Connection& c) {
    const auto& r = c.query({"bench.count", "SELECT count(*), count(text_sealed) FROM message_logs"}).one();
    return std::pair{r.integer(0), r.integer(1)};
  });
  std::cerr << logs << " message logs stored, " << sealed << " with a sealed text\n";

  std::cout << took.count() << " " << static_cast<double>(result.stored) / took.count() << "\n";
  const bool ok = result.received > 0 && result.stored == result.received && result.rejected == 0 &&
                  result.duplicates == 0 && logs == result.stored;
  return ok ? 0 : 1;
}

// The command line: options from a TOML file, the environment and the command line, in that
// order of precedence; init's generated password; audit verify's exit status.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "domain/audit/audit_log.h"
#include "support/http_client.h"
#include "support/served_binary.h"
#include "support/test_database.h"

namespace lineport::testing {
namespace {

struct Run {
  int status;
  std::string output;
};

Run run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) output += buf.data();
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), output};
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* b = std::getenv("LINEPORT_BIN");
    if (!b) GTEST_SKIP() << "LINEPORT_BIN not set";
    bin = b;
    dir = make_temp_dir("lineport-cli-");
    db.close();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  // Loads the demo and returns the multiline number of one of its active users.
  std::string demo_user_number() {
    EXPECT_EQ(run(bin + " demo --db " + db.url() + " --secret-key-file " + dir +
                  "/secret.key --admin-password demo-password-123")
                  .status,
              0);
    db.reopen();
    const auto number = db.db().read([](storage::Connection& c) {
      return c.query({"test.number", "SELECT multiline_number FROM accounts WHERE status = 'active' LIMIT 1"})
          .one()
          .text(0);
    });
    db.close();
    return number;
  }

  std::string bin, dir;
  TestDatabase db;
};

TEST_F(Cli, CommandLineBeatsEnvironmentWhichBeatsTheConfigFile) {
  std::ofstream(dir + "/lineport.toml") << "db = \"" << db.url() << "\"\nroot_org = \"From File\"\n"
                                        << "admin_email = \"file@example.com\"\n";
  const auto r = run("LINEPORT_ROOT_ORG='From Env' LINEPORT_ADMIN_EMAIL=env@example.com " + bin + " init --config " +
                     dir + "/lineport.toml --admin-email cli@example.com");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Root organization: From Env"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Super administrator: cli@example.com"), std::string::npos) << r.output;
  // No password given: one is generated, shown once, and must be changed.
  EXPECT_NE(r.output.find("Password: "), std::string::npos);
  EXPECT_NE(r.output.find("must be changed"), std::string::npos);
}

TEST_F(Cli, ABadConfigFileNamesTheLineAndTheProblem) {
  std::ofstream(dir + "/bad.toml") << "db = \"sqlite:///tmp/x.db\"\nlisten_adress = \"0.0.0.0:1\"\n";
  const auto r = run(bin + " serve --config " + dir + "/bad.toml");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bad.toml:2: unknown option \"listen_adress\""), std::string::npos) << r.output;
}

TEST_F(Cli, InitRefusesAWeakPasswordAndASecondRoot) {
  auto r =
      run(bin + " init --db " + db.url() + " --root-org Carrier --admin-email a@example.com --admin-password short");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("admin_password"), std::string::npos) << r.output;
  r = run(bin + " init --db " + db.url() +
          " --root-org Carrier --admin-email a@example.com --admin-password long-enough-password");
  ASSERT_EQ(r.status, 0) << r.output;
  r = run(bin + " init --db " + db.url() +
          " --root-org Again --admin-email b@example.com --admin-password long-enough-password");
  EXPECT_EQ(r.status, 1);
}

TEST_F(Cli, DemoLoadsTheExampleTreeWithNumbersAndAccounts) {
  const auto demo = run(bin + " demo --db " + db.url() + " --secret-key-file " + dir +
                        "/secret.key --admin-password demo-password-123");
  ASSERT_EQ(demo.status, 0) << demo.output;
  // Both sign-ins: the customer's administrator first, then the service provider's.
  const auto customer = demo.output.find("  Sign in as: admin@abc-banking.example\n  Password:   demo-password-123\n");
  const auto carrier = demo.output.find("  Sign in as: admin@carrier.example\n  Password:   demo-password-123\n");
  EXPECT_NE(customer, std::string::npos) << demo.output;
  EXPECT_NE(carrier, std::string::npos) << demo.output;
  EXPECT_LT(customer, carrier) << demo.output;
  db.reopen();
  // The carrier's administrator is homed at the root; ABC Banking has its own, homed there.
  const auto home_of = [&](const std::string& email) {
    return db.db().read([&](storage::Connection& c) {
      const auto r = c.query({"test.home",
                              "SELECT o.name, r.name FROM admins a JOIN orgs o ON o.id = a.org_id "
                              "JOIN roles r ON r.id = a.role_id WHERE a.email = $1"},
                             {email});
      return r.empty() ? std::string("none") : r.one().text(0) + " / " + r.one().text(1);
    });
  };
  EXPECT_EQ(home_of("admin@carrier.example"), "Carrier Org / Enterprise Super Administrator");
  EXPECT_EQ(home_of("admin@abc-banking.example"), "ABC Banking Corporation / Enterprise Super Administrator");
  EXPECT_EQ(home_of("it.desk@abc-banking.example"), "ABC Banking Corporation / IT Help Desk");
  const auto count = [&](std::string_view sql) {
    return db.db().read([&](storage::Connection& c) { return c.query({"test.count", sql}).one().integer(0); });
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM orgs"), 8);
  EXPECT_EQ(count("SELECT COUNT(*) FROM numbers"), 400);
  EXPECT_EQ(count("SELECT SUM(count) FROM number_counts"), 400);  // the counters agree with the pools
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts"), 24);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE status = 'invited'"), 6);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE status = 'active'"), 12);  // activated with their codes
  EXPECT_EQ(count("SELECT SUM(count) FROM account_counts WHERE status = 'active'"), 12);
  EXPECT_GT(count("SELECT COUNT(*) FROM numbers WHERE status <> 'available'"), 0);
  // Months of usage, in the rollups as well as the records.
  EXPECT_GT(count("SELECT COUNT(*) FROM usage_records"), 20000);
  EXPECT_GT(count("SELECT COUNT(DISTINCT started_at / 2592000) FROM usage_records"), 5);
  EXPECT_EQ(count("SELECT SUM(records) FROM usage_totals"), count("SELECT COUNT(*) FROM usage_records"));
  EXPECT_EQ(count("SELECT SUM(records) FROM usage_buckets"), count("SELECT COUNT(*) FROM usage_records"));
  // The root's subtree rollups hold every billable record, slot by slot and in total.
  const auto billable = count("SELECT SUM(quantity) FROM usage_records WHERE billable = 1");
  const std::string root = "(SELECT id FROM orgs WHERE parent_id IS NULL)";
  EXPECT_EQ(count("SELECT SUM(billable_quantity) FROM usage_subtree_slots WHERE org_id = " + root), billable);
  EXPECT_EQ(count("SELECT SUM(billable_quantity) FROM usage_subtree_totals WHERE org_id = " + root), billable);
  db.close();
}

TEST_F(Cli, UsageImportReadsCsvOrNdjsonFilesAllOrNothing) {
  const auto number = demo_user_number();
  ASSERT_FALSE(number.empty());
  std::ofstream(dir + "/usage.csv") << "id,multiline_number,type,direction,started_at,quantity,billable\n"
                                    << "cli-1," << number << ",voice,in,2026-11-01T10:00:00Z,61,true\n"
                                    << "cli-2," << number << ",message,out,2026-11-01T10:05:00Z,1,true\n";
  auto r = run(bin + " usage import --db " + db.url() + " " + dir + "/usage.csv");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("received 2, stored 2, duplicates 0"), std::string::npos) << r.output;
  r = run(bin + " usage import --db " + db.url() + " " + dir + "/usage.csv");
  EXPECT_NE(r.output.find("stored 0, duplicates 2"), std::string::npos) << r.output;

  std::ofstream(dir + "/usage.ndjson")
      << R"({"id":"cli-3","multiline_number":")" << number
      << R"(","type":"data","direction":"in","started_at":"2026-11-01T10:00:00Z","quantity":5,"billable":true})"
      << "\n"
      << R"({"id":"cli-4","account_id":"nobody","type":"data"})"
      << "\n";
  r = run(bin + " usage import --db " + db.url() + " " + dir + "/usage.ndjson");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("line 2, direction: Required."), std::string::npos) << r.output;
  db.reopen();
  EXPECT_EQ(db.db().read([](storage::Connection& c) {
    return c.query({"test.count", "SELECT COUNT(*) FROM usage_records WHERE id LIKE 'cli-%'"}).one().integer(0);
  }),
            2);  // nothing of the refused file
  db.close();
}

// The compliance import reads the same records as POST /api/v1/compliance/records, seals message
// texts with the data key file it is given, and refuses a key file that is not a key or a key
// that is not the database's.
TEST_F(Cli, ComplianceImportStoresRecordsWithTheDataKey) {
  const auto number = demo_user_number();
  ASSERT_FALSE(number.empty());
  std::ofstream(dir + "/records.ndjson")
      << R"({"id":"o-1","kind":"sms_opt_in","multiline_number":")" << number
      << R"(","peer_number":"+14155550188","at":"2026-11-02T09:25:00Z","opted_in":true,"keyword":"START"})"
      << "\n";
  std::ofstream(dir + "/data.key") << std::string(64, 'a') << "\n";
  std::ofstream(dir + "/bad.key") << "not a key";
  const std::string import = bin + " compliance import --db " + db.url() + " --secret-key-file " + dir + "/secret.key ";
  auto r = run(import + "--data-key-file " + dir + "/bad.key " + dir + "/records.ndjson");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("must hold 32 bytes or 64 hexadecimal digits"), std::string::npos) << r.output;
  r = run(import + "--data-key-file " + dir + "/data.key " + dir + "/records.ndjson");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("received 1, stored 1, duplicates 0"), std::string::npos) << r.output;
  r = run(import + "--data-key-file " + dir + "/data.key " + dir + "/records.ndjson");
  EXPECT_NE(r.output.find("stored 0, duplicates 1"), std::string::npos) << r.output;
  // The database now holds texts under that key: another key (here, none) is refused.
  r = run(import + dir + "/records.ndjson");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("the data key is not the one"), std::string::npos) << r.output;
}

TEST_F(Cli, AuditVerifyExitsNonZeroOnTampering) {
  ASSERT_EQ(run(bin + " demo --db " + db.url() + " --secret-key-file " + dir +
                "/secret.key --admin-password demo-password-123")
                .status,
            0);
  auto ok = run(bin + " audit verify --db " + db.url());
  EXPECT_EQ(ok.status, 0) << ok.output;
  db.reopen();
  db.db().write([](storage::Connection& c) {
    c.execute_script("UPDATE audit_log SET actor_email = 'someone@else.example' WHERE seq = 1");
  });
  db.close();
  auto broken = run(bin + " audit verify --db " + db.url());
  EXPECT_EQ(broken.status, 2);
  EXPECT_NE(broken.output.find("BROKEN at entry 1"), std::string::npos) << broken.output;
}

// The secret key lives outside the database: made beside an SQLite file on first use, readable
// by its owner only; with PostgreSQL it has no default place and must be given.
TEST_F(Cli, TheSecretKeyIsMadeBesideAnSqliteFileAndMustBeGivenForPostgresql) {
  const auto r = run(bin + " demo --db " + db.url() + " --admin-password demo-password-123");
  if (!db.url().starts_with("sqlite://")) {
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("--secret-key-file"), std::string::npos) << r.output;
    return;
  }
  ASSERT_EQ(r.status, 0) << r.output;
  const std::filesystem::path key = db.url().substr(std::string_view("sqlite://").size()) + ".key";
  ASSERT_TRUE(std::filesystem::exists(key));
  EXPECT_EQ(std::filesystem::status(key).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ifstream in(key);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content.size(), 64u);

  // Another key for the same database is refused, saying why.
  std::ofstream(dir + "/other.key") << std::string(64, 'a') << "\n";
  const std::string serve =
      "timeout 20 " + bin + " serve --listen 127.0.0.1:0 --db " + db.url() + " --secret-key-file ";
  const auto wrong = run(serve + dir + "/other.key");
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.output.find("not the one this database"), std::string::npos) << wrong.output;
  std::ofstream(dir + "/short.key") << "too short\n";
  const auto weak = run(serve + dir + "/short.key");
  EXPECT_EQ(weak.status, 1);
  EXPECT_NE(weak.output.find("fewer than 32 characters"), std::string::npos) << weak.output;
}

TEST_F(Cli, APublicUrlThatIsNotSchemeAndHostIsRefused) {
  for (const std::string url : {"portal.example.com", "HTTPS://portal.example.com", "https://portal.example.com/",
                                "https://portal.example.com/lineport", "ftp://portal.example.com"}) {
    const auto r = run("timeout 20 " + bin + " serve --listen 127.0.0.1:0 --db " + db.url() + " --public-url " + url);
    EXPECT_NE(r.status, 0) << url << ": " << r.output;
    EXPECT_NE(r.output.find("--public-url"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("https://portal.example.com"), std::string::npos) << r.output;
  }
}

// One `lineport serve` per SQLite database: a second one on the same file stops at once, naming
// the file and why, and the first serves on. On PostgreSQL several servers share one database.
TEST_F(Cli, ASecondServerOnOneSqliteDatabaseIsRefused) {
  ServedBinary first(bin.c_str(), {"--log-level", "warn"});
  ASSERT_TRUE(first.wait_until_ready());
  const std::string log = dir + "/second.log";
  ServedBinary second(bin.c_str(), first.db_url(),
                      {"--log-level", "warn", "--secret-key-file", first.secret_key_file()}, log);
  if (first.db_url().starts_with("sqlite://")) {
    EXPECT_EQ(second.exit_status(), 1);
    std::stringstream output;
    output << std::ifstream(log).rdbuf();
    EXPECT_NE(output.str().find("another lineport process is serving"), std::string::npos) << output.str();
    EXPECT_NE(output.str().find("one server per SQLite database"), std::string::npos) << output.str();
  } else {
    EXPECT_TRUE(second.wait_until_ready());
  }
  EXPECT_EQ(HttpClient(first.port()).get("/readyz").status, 200);
}

// A backup taken while the server writes is one moment of the database: restored, its audit chain
// verifies, and a server on it serves what had been written by then. SQLite: `lineport backup` and
// `lineport restore`; PostgreSQL: pg_dump and pg_restore, as docs/operations.md#backups says.
TEST_F(Cli, ABackupTakenDuringWritesRestoresToAServerThatServes) {
  ServedBinary served(bin.c_str(), {"--log-level", "warn"});
  ASSERT_TRUE(served.wait_until_ready());
  const bool sqlite = served.db_url().starts_with("sqlite://");
  TestDatabase target;  // PostgreSQL: the database to restore into
  target.close();
  const std::string restored = sqlite ? "sqlite://" + dir + "/restored.db" : target.url();
  const std::string take = sqlite ? bin + " backup --db " + served.db_url() + " " + dir + "/backup.db"
                                  : "pg_dump --format=custom --file=" + dir + "/backup.dump '" + served.db_url() + "'";
  const std::string put =
      sqlite ? bin + " restore --db " + restored + " " + dir + "/backup.db"
             : "pg_restore --clean --if-exists --no-owner --dbname='" + restored + "' " + dir + "/backup.dump";

  HttpClient writer(served.port());
  const auto login = writer.sign_in("root@carrier.example", "root-password-0001");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string children = "/api/v1/orgs/" + login.json()["admin"]["org_id"].get<std::string>() + "/children";
  std::atomic<int> created = 0;
  std::atomic<bool> stop = false;
  std::thread writes([&] {
    try {
      for (int i = 0; !stop; ++i)
        if (writer.post(children, {{"name", "Branch " + std::to_string(i)}}).status == 201) ++created;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "the writer stopped: " << e.what();
    }
  });
  // Up to a minute for each wait: a server that stops answering fails the test, not hangs it.
  const auto wait_for = [&](int n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (created < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return created >= n;
  };
  EXPECT_TRUE(wait_for(20));
  const int before = created;
  const auto backup = run(take);
  const int after = created;
  EXPECT_TRUE(wait_for(after + 20));  // writes went on during and after the backup
  stop = true;
  writes.join();
  ASSERT_EQ(backup.status, 0) << backup.output;
  if (sqlite) {
    EXPECT_EQ(std::filesystem::status(dir + "/backup.db").permissions() & std::filesystem::perms::others_read,
              std::filesystem::perms::none);
    // Never over a file, and never while a server holds the database.
    EXPECT_NE(run(take).status, 0);
    const auto busy = run(bin + " restore --replace --db " + served.db_url() + " " + dir + "/backup.db");
    EXPECT_NE(busy.status, 0);
    EXPECT_NE(busy.output.find("another lineport process is serving"), std::string::npos) << busy.output;
  } else {
    EXPECT_NE(run(bin + " backup --db " + served.db_url() + " " + dir + "/x.db").output.find("pg_dump"),
              std::string::npos);
  }

  const auto restore = run(put);
  ASSERT_EQ(restore.status, 0) << restore.output;
  const auto verified = run(bin + " audit verify --db " + restored);
  EXPECT_EQ(verified.status, 0) << verified.output;
  if (sqlite) {
    EXPECT_NE(run(put).status, 0);  // it exists now: --replace
  }

  // The secret key is not in the backup (docs/operations.md#backups): it is kept apart, and given.
  ServedBinary again(bin.c_str(), restored, {"--log-level", "warn", "--secret-key-file", served.secret_key_file()});
  ASSERT_TRUE(again.wait_until_ready());
  HttpClient reader(again.port());
  ASSERT_EQ(reader.sign_in("root@carrier.example", "root-password-0001").status, 200);
  const auto page = reader.get(children + "?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  const int total = page.json()["total"].get<int>();
  EXPECT_GE(total, before);
  EXPECT_LE(total, after + 1);  // one request may have been in flight: committed, not yet answered
}
}  // namespace
}  // namespace lineport::testing

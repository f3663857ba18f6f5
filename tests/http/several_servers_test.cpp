// Three `lineport serve` processes on one PostgreSQL database behave as one server
// (docs/scaling.md): a client sends its requests to them in turn, as a load balancer would.
// A session made on one is good on the others; a number is taken once however many servers are
// asked for it at once; wrong passwords counted on all of them lock the administrator; each
// invitation of an import is mailed once, also when a server is killed with -9 in the middle.
// On SQLite one server per file is the rule (Cli.ASecondServerOnOneSqliteDatabaseIsRefused).

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "support/http_client.h"
#include "support/mail.h"
#include "support/served_binary.h"
#include "support/test_database.h"

namespace lineport::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* root_email = "root@carrier.example";
constexpr const char* root_password = "root-password-0001";

class SeveralServers : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("LINEPORT_BIN");
    if (!bin) GTEST_SKIP() << "LINEPORT_BIN not set";
    const char* backend = std::getenv("LINEPORT_TEST_BACKEND");
    if (!backend || std::string(backend) != "postgresql") GTEST_SKIP() << "several servers share PostgreSQL only";
    spool = make_temp_dir("lineport-shared-spool-");
    // One spool for all, as one mail relay would be: a message is in it once or not at all.
    const std::vector<std::string> shared = {"--log-level", "warn", "--mail-spool", spool, "--sms-spool", spool};
    servers[0] = std::make_unique<ServedBinary>(bin, shared);
    ASSERT_TRUE(servers[0]->wait_until_ready());
    auto same = shared;
    same.insert(same.end(), {"--secret-key-file", servers[0]->secret_key_file()});
    for (std::size_t i = 1; i < servers.size(); ++i)
      servers[i] = std::make_unique<ServedBinary>(bin, servers[0]->db_url(), same);
    for (auto& s : servers) ASSERT_TRUE(s->wait_until_ready());
  }
  void TearDown() override {
    // The first holds the database: it goes last.
    for (auto s = servers.rbegin(); s != servers.rend(); ++s) s->reset();
    if (!spool.empty()) fs::remove_all(spool);
  }

  // A client of server `i` (taken modulo three) holding `session`'s cookie and CSRF token.
  HttpClient on(std::size_t i, const HttpClient& session) const {
    HttpClient c(servers[i % servers.size()]->port());
    c.session_cookie = session.session_cookie;
    c.csrf_token = session.csrf_token;
    return c;
  }
  HttpClient signed_in_root() {
    HttpClient c(servers[0]->port());
    EXPECT_EQ(c.sign_in(root_email, root_password).status, 200);
    return c;
  }
  std::string root_org_id(HttpClient& root) {
    return root.get("/api/v1/auth/me").json()["admin"]["org_id"].get<std::string>();
  }
  // A customer organization holding `numbers` numbers of the pool, from +12125551000 on.
  std::string customer(HttpClient& root, int numbers) {
    const std::string carrier = root_org_id(root);
    const auto org = root.post("/api/v1/orgs/" + carrier + "/children", {{"name", "ABC Bank"}});
    EXPECT_EQ(org.status, 201) << org.body;
    nlohmann::json list = nlohmann::json::array();
    for (int i = 0; i < numbers; ++i) list.push_back("+1212555" + std::to_string(1000 + i));
    EXPECT_EQ(root.post("/api/v1/orgs/" + carrier + "/numbers", {{"numbers", list}}).status, 200);
    const auto given = root.post("/api/v1/orgs/" + carrier + "/numbers/allocate",
                                 {{"to_org_id", org.json()["id"]}, {"count", numbers}});
    EXPECT_EQ(given.status, 200) << given.body;
    return org.json()["id"];
  }
  // Invitations in the shared spool, by recipient.
  std::map<std::string, int> invitations_mailed() const {
    std::map<std::string, int> by_recipient;
    for (const auto& entry : fs::directory_iterator(spool)) {
      if (entry.path().extension() != ".eml") continue;
      std::stringstream message;
      message << std::ifstream(entry.path()).rdbuf();
      if (mail_event(message.str()) == "account_invitation") ++by_recipient[mail_recipient(message.str())];
    }
    return by_recipient;
  }
  // Waits up to `seconds` for `count` recipients to have their invitation.
  std::map<std::string, int> wait_for_invitations(std::size_t count, int seconds) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    auto mailed = invitations_mailed();
    while (mailed.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      mailed = invitations_mailed();
    }
    return mailed;
  }
  // Imports `count` accounts with invitations into `org`; their logins are user<i>@bank.example.
  void import_and_invite(HttpClient& as, const std::string& org, int count) {
    std::string csv =
        "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
        "forwarding_number,restrict_incoming_social_messaging\n";
    for (int i = 0; i < count; ++i)
      csv += "User,No" + std::to_string(i) + ",user" + std::to_string(i) + "@bank.example,no,,auto,on,,\n";
    const auto r = as.send("POST", "/api/v1/orgs/" + org + "/accounts/import?invite=true", csv, "text/csv");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.json()["invited"], count) << r.body;
  }

  static std::int64_t count(storage::Database& db, const storage::Query& q, const storage::Params& params = {}) {
    return db.read([&](storage::Connection& c) { return c.query(q, params).one().integer(0); });
  }
  // Messages not yet sent nor given up on.
  static std::int64_t unsent(storage::Database& db) {
    return count(db, {"test.unsent", "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"});
  }
  // Of those, the ones a server holds a lease on now.
  static std::int64_t claims_held(storage::Database& db) {
    return count(db,
                 {"test.claims_held",
                  "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND claimed_until > $1"},
                 {static_cast<std::int64_t>(std::time(nullptr))});
  }
  // Other connections' transactions under way (a paused server's would hold its locks).
  static std::int64_t transactions_open(storage::Database& db) {
    return count(db, {"test.transactions_open",
                      "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
                      "AND xact_start IS NOT NULL"});
  }
  static bool wait_until_outbox_is_empty(storage::Database& db) {
    for (int i = 0; i < 1200; ++i) {  // a minute: longer than a lease with spools (26 s)
      if (unsent(db) == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::string spool;
  std::array<std::unique_ptr<ServedBinary>, 3> servers;
};

TEST_F(SeveralServers, ASessionMadeOnOneIsGoodOnAllAndEndsOnAll) {
  HttpClient root = signed_in_root();
  for (std::size_t i = 0; i < servers.size(); ++i) EXPECT_EQ(on(i, root).get("/api/v1/auth/me").status, 200) << i;
  // A change made through one server (with the CSRF token the first gave) is seen on the others.
  const std::string carrier = root_org_id(root);
  auto third = on(2, root);
  const auto made = third.post("/api/v1/orgs/" + carrier + "/children", {{"name", "Made on the third"}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(on(1, root).get("/api/v1/orgs/" + made.json()["id"].get<std::string>()).json()["name"],
            "Made on the third");
  // Signed out on the second: no server takes the session any more.
  EXPECT_EQ(on(1, root).post("/api/v1/auth/logout", nlohmann::json::object()).status, 204);
  for (std::size_t i = 0; i < servers.size(); ++i) EXPECT_EQ(on(i, root).get("/api/v1/auth/me").status, 401) << i;
}

TEST_F(SeveralServers, SixteenClaimsOfOneNumberSpreadOverThemTakeItOnce) {
  HttpClient root = signed_in_root();
  const std::string abc = customer(root, 1);
  std::vector<HttpResult> answers(16);
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < answers.size(); ++i)
    clients.emplace_back([&, i] {
      answers[i] = on(i, root).post(
          "/api/v1/orgs/" + abc + "/accounts",
          {{"login", "u" + std::to_string(i) + "@bank.example"}, {"multiline_number", "+12125551000"}});
    });
  for (auto& t : clients) t.join();
  int created = 0;
  for (const auto& a : answers) {
    if (a.status == 201) {
      ++created;
      continue;
    }
    EXPECT_EQ(a.status, 409) << a.body;
    EXPECT_EQ(a.code(), "number_unavailable") << a.body;
  }
  EXPECT_EQ(created, 1);
  // The accounts refused were not written without their number.
  EXPECT_EQ(on(1, root).get("/api/v1/orgs/" + abc + "/accounts").json()["total"], 1);
}

TEST_F(SeveralServers, FiveWrongPasswordsSpreadOverThemLockTheAdministratorOnAll) {
  for (int i = 0; i < 5; ++i) {
    HttpClient c(servers[static_cast<std::size_t>(i) % servers.size()]->port());
    EXPECT_EQ(c.sign_in(root_email, "wrong-password-" + std::to_string(i)).code(), "invalid_credentials") << i;
  }
  for (auto& s : servers) {
    HttpClient c(s->port());
    EXPECT_EQ(c.sign_in(root_email, root_password).code(), "account_locked");
  }
}

TEST_F(SeveralServers, AThousandInvitationsAreEachMailedOnce) {
  HttpClient root = signed_in_root();
  const std::string abc = customer(root, 1);
  import_and_invite(root, abc, 1000);
  const auto mailed = wait_for_invitations(1000, 120);
  ASSERT_EQ(mailed.size(), 1000u);
  for (const auto& [recipient, times] : mailed) EXPECT_EQ(times, 1) << recipient;
}

// Killed with -9 while it holds claims on the outbox (messages it may or may not have sent), a
// server leaves them until their lease runs out (docs/scaling.md#work-done-once); the others then
// send them and carry on with the invitation job: every invitation arrives, once.
TEST_F(SeveralServers, AServerKilledDuringAnInvitationJobLeavesNoInvitationUnsentOrSentTwice) {
  HttpClient root = signed_in_root();
  const std::string abc = customer(root, 1);
  auto db = storage::open_database(servers[0]->db_url(), 1);
  // The first and third stand still, idle (nothing to send, no transaction open): the second
  // alone runs the job, so the claims held when it is killed are its own.
  for (int tries = 0;; ++tries) {
    ASSERT_LT(tries, 200) << "the servers never stood idle together";
    ASSERT_TRUE(wait_until_outbox_is_empty(*db));
    servers[0]->pause();
    servers[2]->pause();
    if (transactions_open(*db) == 0 && unsent(*db) == 0) break;
    servers[0]->resume();
    servers[2]->resume();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto second = on(1, root);
  import_and_invite(second, abc, 600);
  std::int64_t held = 0;
  for (int tries = 0; held == 0; ++tries) {
    ASSERT_LT(tries, 3000) << "the second server never held a claim";
    servers[1]->pause();
    held = claims_held(*db);
    if (held == 0) {
      servers[1]->resume();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  servers[1]->kill_now();
  servers[0]->resume();
  servers[2]->resume();

  const auto mailed = wait_for_invitations(600, 180);
  ASSERT_EQ(mailed.size(), 600u);
  for (const auto& [recipient, times] : mailed) EXPECT_EQ(times, 1) << recipient;
  // A message written to the spool just before the kill is recorded as sent once its lease has
  // run out and another server finds the file there.
  EXPECT_TRUE(wait_until_outbox_is_empty(*db));
}

}  // namespace
}  // namespace lineport::testing

// Bulk operations as jobs, on both backends: every account handled exactly once whoever runs the
// job and however it is interrupted, and a job that does not outlive its starter's rights.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/accounts/account_service.h"
#include "domain/events/event_bus.h"
#include "domain/orgs/org_service.h"
#include "support/carrier.h"
#include "support/test_database.h"
#include "util/crypto.h"

namespace lineport::testing {
namespace {

constexpr storage::Query suspended_count{"test.suspended", "SELECT COUNT(*) FROM accounts WHERE status = 'suspended'"};
constexpr storage::Query audited_suspensions{"test.audited",
                                             "SELECT COUNT(*) FROM audit_log WHERE action = 'account.suspend'"};
constexpr storage::Query take_third{"test.take_third", "UPDATE bulk_jobs SET done = 3 WHERE done = 2"};
constexpr storage::Query record_third{"test.record_third",
                                      "INSERT INTO bulk_results (batch_id, seq, account_id, login, "
                                      "ok, message) VALUES ($1, 2, 'x', 'elsewhere', 1, '')"};
constexpr storage::Query suspend_starter{"test.suspend_starter",
                                         "UPDATE admins SET account_suspended = 1 WHERE id = $1"};

class BulkJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::initialize();
    const auto carrier = initialize_carrier(db.db(), clock);
    who = carrier.root_admin;
    org = orgs::OrgService(db.db(), clock)
              .create_child(who, carrier.root_org_id, {"ABC Bank", "", nlohmann::json::object()}, meta)
              .id;
    for (int i = 0; i < 7; ++i) {
      accounts::NewAccount a;
      a.fields.login = "u" + std::to_string(i) + "@bank.example";
      service.create(who, org, a, meta);
    }
  }

  accounts::BulkRequest suspend_all() const { return {{}, "suspend", {}}; }

  TestDatabase db;
  ManualClock clock{1'790'000'000};
  events::EventBus events;
  accounts::ActivationCodes codes{"a-test-secret-key-of-32-characters"};
  accounts::AccountService service{db.db(), clock, events, codes, "http://portal.test"};
  auth::Principal who;
  RequestMeta meta{"127.0.0.1", "test"};
  std::string org;
};

TEST_F(BulkJobs, AJobGoesOnWhereItStoppedAndHandlesEachAccountOnce) {
  const auto started = service.start_bulk(who, org, suspend_all(), meta);
  EXPECT_EQ(started.total, 7);
  EXPECT_TRUE(service.run_bulk_step(2));  // accounts 0 and 1
  auto progress = service.bulk_progress(who, started.batch_id);
  EXPECT_EQ(progress.done, 2);
  EXPECT_FALSE(progress.finished);

  // Another worker (another server) handled account 2 meanwhile, in its own transaction: this one
  // goes on after it and does not handle it again.
  db.db().write([&](storage::Connection& c) {
    c.execute(take_third);
    c.execute(record_third, {started.batch_id});
  });
  while (service.run_bulk_step(2)) {
  }
  progress = service.bulk_progress(who, started.batch_id);
  EXPECT_TRUE(progress.finished);
  EXPECT_EQ(progress.done, 7);
  EXPECT_EQ(progress.succeeded, 7);
  EXPECT_EQ(db.count(suspended_count), 6);  // the other worker's account was not touched here
  EXPECT_EQ(db.count(audited_suspensions), 6);

  std::vector<std::string> logins;
  service.for_each_bulk_result(who, started.batch_id,
                               [&](const accounts::AccountResult& r) { logins.push_back(r.login); });
  ASSERT_EQ(logins.size(), 7u);
  EXPECT_EQ(logins[2], "elsewhere");
  EXPECT_FALSE(service.run_bulk_step(2)) << "nothing left to do";
}

TEST_F(BulkJobs, AJobStopsActingWhenItsStarterMayNoLonger) {
  const auto started = service.start_bulk(who, org, suspend_all(), meta);
  EXPECT_TRUE(service.run_bulk_step(3));
  db.db().write([&](storage::Connection& c) { c.execute(suspend_starter, {who.admin_id}); });
  while (service.run_bulk_step(3)) {
  }
  const auto progress = service.bulk_progress(who, started.batch_id);
  EXPECT_TRUE(progress.finished);
  EXPECT_EQ(progress.succeeded, 3);
  EXPECT_EQ(progress.failed, 4);
  EXPECT_EQ(db.count(suspended_count), 3);
  std::vector<std::string> messages;
  service.for_each_bulk_result(who, started.batch_id, [&](const accounts::AccountResult& r) {
    if (!r.ok) messages.push_back(r.message);
  });
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_NE(messages[0].find("can no longer act"), std::string::npos) << messages[0];
}

TEST_F(BulkJobs, TheMatchingAccountsAreFixedWhenTheJobStarts) {
  const auto started = service.start_bulk(who, org, suspend_all(), meta);
  accounts::NewAccount late;
  late.fields.login = "late@bank.example";
  service.create(who, org, late, meta);
  while (service.run_bulk_step(100)) {
  }
  EXPECT_EQ(service.bulk_progress(who, started.batch_id).total, 7);
  EXPECT_EQ(db.count(suspended_count), 7);
}

}  // namespace
}  // namespace lineport::testing

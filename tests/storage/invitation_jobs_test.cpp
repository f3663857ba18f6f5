// The invitations of an Import & Invite (docs/product.md#importing-accounts-from-csv, #targets), on both backends: the
// import's transaction stores one job, and the outbox worker's calls of queue_invitations turn it into one activation
// code and one outbox message per account that still awaits its invitation.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "domain/accounts/account_import.h"
#include "domain/accounts/invitation.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "support/carrier.h"
#include "support/test_database.h"
#include "util/crypto.h"

namespace lineport::testing {
namespace {

constexpr storage::Query count_jobs{"test.count_jobs", "SELECT COUNT(*) FROM invitation_jobs"};
constexpr storage::Query invitations_queued{"test.invitations_queued",
                                            "SELECT ref, recipient, template_data FROM outbox "
                                            "WHERE event = 'account_invitation' ORDER BY ref"};
constexpr storage::Query accounts_in_line_order{
    "test.accounts_in_line_order",
    "SELECT id, login, activation_code_hash, activation_expires_at FROM accounts ORDER BY "
    "import_line"};
constexpr storage::Query set_status{"test.set_status", "UPDATE accounts SET status = $2 WHERE id = $1"};
constexpr storage::Query set_code_hash{"test.set_code_hash",
                                       "UPDATE accounts SET activation_code_hash = $2 WHERE id = $1"};

class InvitationJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::initialize();
    const auto carrier = initialize_carrier(db.db(), clock);
    who = carrier.root_admin;
    org = orgs::OrgService(db.db(), clock)
              .create_child(who, carrier.root_org_id, {"ABC Bank", "", nlohmann::json::object()}, meta)
              .id;
    // Users invited without a number choose one at activation: the pool must have some.
    numbers::NumberService pool(db.db(), clock);
    pool.import(who, carrier.root_org_id, {{1, "+12125551000", std::nullopt}, {2, "+12125551001", std::nullopt}},
                std::nullopt, meta);
    pool.allocate(who, carrier.root_org_id, {org, 2, "", std::nullopt}, meta);
  }

  // A file of `users` users, u1@bank.example and on, without numbers.
  static std::string file_of(int users) {
    std::string csv =
        "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,"
        "monitor_sms\n";
    for (int i = 1; i <= users; ++i) csv += "U,S,u" + std::to_string(i) + "@bank.example,No,,auto,on\n";
    return csv;
  }

  TestDatabase db;
  ManualClock clock{1'790'000'000};
  events::EventBus events;
  accounts::ActivationCodes codes{"a-test-secret-key-of-32-characters"};
  accounts::AccountImport import{db.db(), clock, events, codes};
  auth::Principal who;
  RequestMeta meta{"127.0.0.1", "test"};
  std::string org;
};

TEST_F(InvitationJobs, OneJobBecomesOneInvitationPerAccountThatStillAwaitsIt) {
  const auto outcome = import.run(who, {org, std::nullopt, true, false}, file_of(5), meta);
  ASSERT_EQ(outcome.invited, 5);

  // The import wrote the accounts and one job; no code and no message yet.
  EXPECT_EQ(db.count(count_jobs), 1);
  const auto accounts = db.db().read([&](storage::Connection& c) { return c.query(accounts_in_line_order).rows; });
  ASSERT_EQ(accounts.size(), 5u);
  for (const auto& a : accounts) EXPECT_FALSE(a.opt_text(2));

  // Before the job reaches them: u2 is suspended, u3 was resent (it has a code of its own).
  db.db().write([&](storage::Connection& c) {
    c.execute(set_status, {accounts[1].text(0), "suspended"});
    c.execute(set_code_hash, {accounts[2].text(0), "hash-of-a-resent-code"});
  });

  // Two accounts a step: [u1, u2], [u3, u4], [u5] and the job is done.
  int steps = 0;
  while (import.queue_invitations(2)) ++steps;
  EXPECT_EQ(steps, 3);
  EXPECT_EQ(db.count(count_jobs), 0);
  EXPECT_FALSE(import.queue_invitations(2));

  const auto queued = db.db().read([&](storage::Connection& c) { return c.query(invitations_queued).rows; });
  const auto after = db.db().read([&](storage::Connection& c) { return c.query(accounts_in_line_order).rows; });
  std::vector<std::string> recipients;
  for (const auto& m : queued) {
    recipients.push_back(m.text(1));
    const auto ref = accounts::parse_invitation_ref(m.text(0));
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->second, 1);  // the account's first invitation
    // The code in the message is the one whose hash the account keeps, valid for 30 days.
    const auto code = nlohmann::json::parse(m.text(2)).at("activation_code").get<std::string>();
    EXPECT_EQ(code.size(), 8u);
    for (const auto& a : after)
      if (a.text(0) == ref->first) {
        EXPECT_EQ(a.opt_text(2), codes.hash(code));
        EXPECT_EQ(a.integer(3), clock.now() + accounts::activation_code_lifetime);
      }
  }
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, (std::vector<std::string>{"u1@bank.example", "u4@bank.example", "u5@bank.example"}));
  EXPECT_EQ(after[2].opt_text(2), "hash-of-a-resent-code");  // left as the resend made it
  EXPECT_FALSE(after[1].opt_text(2));                        // suspended: no invitation
}

TEST_F(InvitationJobs, TheJobOutlivesItsBatch) {
  // The accounts may move to another organization and their old one be deleted, with its
  // batches, before the job is done: the job keeps its own id range.
  const auto outcome = import.run(who, {org, std::nullopt, true, false}, file_of(3), meta);
  static constexpr storage::Query delete_batch{"test.delete_batch", "DELETE FROM account_batches WHERE id = $1"};
  db.db().write([&](storage::Connection& c) { c.execute(delete_batch, {outcome.batch_id}); });
  while (import.queue_invitations()) {
  }
  EXPECT_EQ(db.db().read([&](storage::Connection& c) { return c.query(invitations_queued).rows.size(); }), 3u);
}

TEST_F(InvitationJobs, AnImportWithoutInvitationsQueuesNone) {
  ASSERT_EQ(import.run(who, {org, std::nullopt, false, false}, file_of(1), meta).created, 1);
  EXPECT_EQ(db.count(count_jobs), 0);
  EXPECT_FALSE(import.queue_invitations());
}

// The first start with a secret key re-hashes the codes stored before keys existed (plain
// SHA-256) so they keep working; a later start with another key is refused.
TEST_F(InvitationJobs, BindingAKeyConvertsPlainCodeHashesAndRefusesAnotherKey) {
  ASSERT_EQ(import.run(who, {org, std::nullopt, true, false}, file_of(2), meta).invited, 2);
  while (import.queue_invitations(10)) {
  }
  std::map<std::string, std::string> code_of;  // account id → code
  for (const auto& m : db.db().read([&](storage::Connection& c) { return c.query(invitations_queued).rows; }))
    code_of[accounts::parse_invitation_ref(m.text(0))->first] =
        nlohmann::json::parse(m.text(2)).at("activation_code").get<std::string>();
  ASSERT_EQ(code_of.size(), 2u);
  db.db().write([&](storage::Connection& c) {
    for (const auto& [id, code] : code_of) c.execute(set_code_hash, {id, crypto::sha256_hex(code)});
  });

  const accounts::ActivationCodes keyed{"the-key-this-server-starts-with-0001"};
  keyed.bind(db.db(), clock.now());
  const auto stored = db.db().read([&](storage::Connection& c) { return c.query(accounts_in_line_order).rows; });
  for (const auto& a : stored) EXPECT_EQ(a.opt_text(2), keyed.hash(code_of.at(a.text(0))));

  EXPECT_NO_THROW(keyed.bind(db.db(), clock.now()));
  const accounts::ActivationCodes other{"another-key-given-by-mistake-00002"};
  EXPECT_THROW(other.bind(db.db(), clock.now()), std::runtime_error);
  const auto unchanged = db.db().read([&](storage::Connection& c) { return c.query(accounts_in_line_order).rows; });
  for (const auto& a : unchanged) EXPECT_EQ(a.opt_text(2), keyed.hash(code_of.at(a.text(0))));
}

}  // namespace
}  // namespace lineport::testing

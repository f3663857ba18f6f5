// Charging (docs/subscriptions.md#charging): each call rounded up to the started minute, data
// rounded up once per cycle, usage priced by the price version in force when it happened (to the
// micro-unit, across a change in the middle of a 15-minute slot), active users at the end of the
// cycle, one line per organization and price, CSV the same, privileges and tenants.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

constexpr UnixSeconds october_20 = 1'792'454'400;    // 2026-10-20T00:00:00Z
constexpr UnixSeconds price_change = 1'794'312'450;  // 2026-11-10T12:07:30Z
constexpr UnixSeconds november_20 = 1'795'132'800;   // 2026-11-20T00:00:00Z
constexpr UnixSeconds december_2 = 1'796'169'600;    // 2026-12-02T00:00:00Z

nlohmann::json prices(const char* voice, const char* message, const char* data, const char* monthly) {
  return {{"currency", "USD"},
          {"voice_per_minute", voice},
          {"per_message", message},
          {"data_per_mb", data},
          {"monthly_per_active_user", monthly}};
}

nlohmann::json record(const std::string& id, const std::string& account, const std::string& type,
                      const std::string& started, std::int64_t quantity, bool billable = true) {
  return {{"id", id},
          {"account_id", account},
          {"type", type},
          {"direction", "out"},
          {"started_at", started},
          {"quantity", quantity},
          {"billable", billable}};
}

class Charges : public ::testing::Test {
 protected:
  void SetUp() override {
    server.clock().advance(october_20 - server.clock().now());
    root = server.root_client();
    abc = child_of(server.root_org_id(), "ABC Bank");
    retail = child_of(abc, "Retail");
    server.give_numbers(abc, 4);
    EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"count", 2}}).status,
              200);
    auto r = root.post("/api/v1/orgs/" + server.root_org_id() + "/subscriptions",
                       {{"name", "Business"},
                        {"features", {"voice", "sms"}},
                        {"limits", {{"max_accounts", nullptr}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}}},
                        {"charging", prices("0.0125", "0.01", "0.002", "4.50")},
                        {"call_filtering",
                         {{"mode", "allow_all"},
                          {"allowed_prefixes", nlohmann::json::array()},
                          {"blocked_prefixes", nlohmann::json::array()}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    plan = r.json()["id"];
    EXPECT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"subscription_id", plan}}).status, 200);
    teller = account(abc, "teller@abc.example");
    clerk = account(retail, "clerk@abc.example");
  }

  // Moves the clock to `t`; the root signs in again (a month idle ends any session).
  void travel_to(UnixSeconds t) {
    server.clock().advance(t - server.clock().now());
    root = server.root_client();
  }

  std::string child_of(const std::string& parent, const std::string& name) {
    const auto r = root.post("/api/v1/orgs/" + parent + "/children", {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  std::string account(const std::string& org, const std::string& login) {
    const auto r = root.post("/api/v1/orgs/" + org + "/accounts", {{"login", login}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  // Invites the account and activates it from the app, now.
  void activate(const std::string& account_id, const std::string& login) {
    ASSERT_EQ(root.post("/api/v1/accounts/invite", {{"account_ids", {account_id}}}).status, 200);
    const auto code = mail_field(server.wait_for_message(login, "account_invitation"), "Activation code");
    ASSERT_TRUE(code.has_value());
    auto app = server.client();
    auto r = app.post("/api/v1/activation/numbers", {{"login", login}, {"activation_code", *code}});
    ASSERT_EQ(r.status, 200) << r.body;
    r = app.post("/api/v1/activation", {{"login", login},
                                        {"activation_code", *code},
                                        {"device_number", "+447911123456"},
                                        {"multiline_number", r.json()["items"][0]}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  void ingest(const std::vector<nlohmann::json>& records) {
    std::string body;
    for (const auto& r : records) body += r.dump() + "\n";
    const auto r = root.send("POST", "/api/v1/usage", body, "application/x-ndjson");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  nlohmann::json charges(const std::string& cycle, HttpClient* as = nullptr) {
    const auto r = (as ? *as : root).get("/api/v1/orgs/" + abc + "/charges?cycle=" + cycle);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail, plan, teller, clerk;
};

TEST_F(Charges, UsageIsPricedByTheVersionInForceWhenItHappened) {
  travel_to(price_change);
  ASSERT_EQ(root.patch("/api/v1/subscriptions/" + plan, {{"charging", prices("0.02", "0.015", "0.003", "5")}}).status,
            200);
  travel_to(november_20);
  ingest({record("v1", teller, "voice", "2026-11-05T10:00:00Z", 61),  // 2 minutes, first prices
          record("v2", teller, "voice", "2026-11-10T12:05:00Z", 59),  // 1, same slot as the change, before it
          record("v3", teller, "voice", "2026-11-10T12:10:00Z", 1),   // 1, after it
          record("v4", teller, "voice", "2026-11-12T09:00:00Z", 120, false),
          record("m1", teller, "message", "2026-11-03T08:00:00Z", 3),
          record("m2", teller, "message", "2026-11-15T08:00:00Z", 2),
          record("d1", teller, "data", "2026-11-04T08:00:00Z", 1'500'000),  // 1.5 MB
          record("d2", teller, "data", "2026-11-16T08:00:00Z", 600'000),    // the cycle's 2.1 MB: 3 MB
          record("r1", clerk, "voice", "2026-11-18T08:00:00Z", 30),
          record("o1", teller, "voice", "2026-10-25T08:00:00Z", 30)});
  activate(teller, "teller@abc.example");

  const auto c = charges("current");
  EXPECT_EQ(c["cycle"], "2026-11");
  EXPECT_EQ(c["current"], true);
  EXPECT_EQ(c["from"], "2026-11-01");
  EXPECT_EQ(c["to"], "2026-11-30");
  ASSERT_EQ(c["items"].size(), 3U) << c.dump(1);
  const auto& first = c["items"][0];  // ABC Bank at the first prices
  EXPECT_EQ(first["org_name"], "ABC Bank");
  EXPECT_EQ(first["plan_name"], "Business");
  EXPECT_EQ(first["price_version"], 1);
  EXPECT_EQ(first["voice_minutes"], 3);
  EXPECT_EQ(first["voice_amount"], "0.0375");
  EXPECT_EQ(first["messages"], 3);
  EXPECT_EQ(first["messages_amount"], "0.03");
  EXPECT_EQ(first["data_mb"], 2);
  EXPECT_EQ(first["data_amount"], "0.004");
  EXPECT_EQ(first["active_users"], 0);
  EXPECT_EQ(first["amount"], "0.0715");
  EXPECT_EQ(first["from"], "2026-11-01T00:00:00Z");  // the whole stretch of its prices
  EXPECT_EQ(first["to"], "2026-11-10T12:07:30Z");
  const auto& second = c["items"][1];  // ABC Bank at the new prices, with its active user
  EXPECT_EQ(second["price_version"], 2);
  EXPECT_EQ(second["from"], "2026-11-10T12:07:30Z");
  EXPECT_EQ(second["voice_minutes"], 1);
  EXPECT_EQ(second["voice_per_minute"], "0.02");
  EXPECT_EQ(second["messages"], 2);
  EXPECT_EQ(second["data_mb"], 1);
  EXPECT_EQ(second["active_users"], 1);
  EXPECT_EQ(second["active_users_amount"], "5");
  EXPECT_EQ(second["amount"], "5.053");
  const auto& branch = c["items"][2];  // Retail inherits ABC Bank's plan
  EXPECT_EQ(branch["org_name"], "Retail");
  EXPECT_EQ(branch["voice_minutes"], 1);
  EXPECT_EQ(branch["amount"], "0.02");
  EXPECT_EQ(c["totals"], nlohmann::json({{{"currency", "USD"}, {"amount", "5.1445"}}}));

  // October: one call at the first prices, nobody active at its end; "last" is the same month.
  const auto october = charges("2026-10");
  ASSERT_EQ(october["items"].size(), 1U) << october.dump(1);
  EXPECT_EQ(october["items"][0]["voice_minutes"], 1);
  EXPECT_EQ(october["items"][0]["active_users"], 0);
  EXPECT_EQ(charges("last")["items"], october["items"]);

  // The CSV holds the same lines.
  const auto csv = root.get("/api/v1/orgs/" + abc + "/charges?cycle=2026-11&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("org_id,org_name,plan_id,plan_name,price_version"), std::string::npos);
  EXPECT_NE(csv.body.find(",Business,2,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",5.053\r\n"), std::string::npos) << csv.body;
}

TEST_F(Charges, ActiveUsersAreCountedAtTheEndOfTheCycle) {
  travel_to(november_20);
  activate(teller, "teller@abc.example");
  activate(clerk, "clerk@abc.example");
  travel_to(december_2);
  ASSERT_EQ(root.del("/api/v1/accounts/" + teller).status, 204);
  ASSERT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {clerk}}}).status, 200);

  // Both were active when November ended; neither is now.
  const auto november = charges("last");
  ASSERT_EQ(november["items"].size(), 2U) << november.dump(1);
  EXPECT_EQ(november["items"][0]["active_users"], 1);
  EXPECT_EQ(november["items"][0]["active_users_amount"], "4.5");
  EXPECT_EQ(november["items"][1]["active_users"], 1);
  EXPECT_EQ(november["totals"][0]["amount"], "9");
  EXPECT_TRUE(charges("current")["items"].empty());
}

TEST_F(Charges, ThePlanThatPricedUsageIsKeptAndOnlyItsViewersSeeCharges) {
  // Usage before any plan is listed unpriced.
  ingest({record("x", teller, "voice", "2026-10-19T08:00:00Z", 60)});
  auto c = charges("current");
  ASSERT_EQ(c["items"].size(), 1U);
  EXPECT_EQ(c["items"][0]["voice_minutes"], 1);
  EXPECT_TRUE(c["items"][0]["plan_id"].is_null());
  EXPECT_TRUE(c["items"][0]["amount"].is_null());
  EXPECT_TRUE(c["totals"].empty());

  server.clock().advance(minutes(1));
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"subscription_id", nullptr}}).status, 200);
  const auto kept = root.del("/api/v1/subscriptions/" + plan);
  EXPECT_EQ(kept.status, 409) << kept.body;
  EXPECT_EQ(kept.code(), "subscription_in_use");

  for (const char* bad : {"2026-13", "next", "2099-01", "2026-1"}) {
    const auto r = root.get("/api/v1/orgs/" + abc + "/charges?cycle=" + bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.json()["errors"][0]["field"], "cycle");
  }
  auto viewer = server.admin_with_privileges(abc, {"setup.view.subscriptions"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/charges").status, 200);
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + server.root_org_id() + "/charges").status, 404);
  auto dashboard_only = server.admin_with_privileges(abc, {"dashboard"}, "dash@abc.example");
  EXPECT_EQ(dashboard_only.get("/api/v1/orgs/" + abc + "/charges").status, 403);
}

}  // namespace
}  // namespace lineport::testing

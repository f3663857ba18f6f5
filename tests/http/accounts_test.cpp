// User accounts: add (Save, Save & Invite), numbers by value or tag, listing, edit, move with the
// "not enough numbers" rule, suspend and resume, delete, export, bulk, permission groups, and
// exactly one winner when many requests want the same number.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
    // Alerts go to the administrators of the organization where the account is.
    server.add_admin(abc, abc_admin, "abc-admin-password-1");
    server.add_admin(retail, retail_admin, "retail-admin-password-1");
    server.give_numbers(abc, 6);
  }

  std::string accounts_of(const std::string& org) { return "/api/v1/orgs/" + org + "/accounts"; }

  nlohmann::json add(const std::string& org, const nlohmann::json& body, int expected = 201) {
    const auto r = root.post(accounts_of(org), body);
    EXPECT_EQ(r.status, expected) << r.body;
    return r.json();
  }

  nlohmann::json number(const std::string& e164) {
    return root.get("/api/v1/orgs/" + abc + "/numbers?q=" + e164.substr(1)).json()["items"][0];
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
  static constexpr const char* abc_admin = "it@abc.example";
  static constexpr const char* retail_admin = "it@retail.example";
};

TEST_F(Accounts, SaveHoldsTheNumberAndSaveAndInviteAssignsItAndMailsTheCode) {
  const auto saved = add(abc, {{"first_name", "Ana"}, {"last_name", "Silva"}, {"login", "Ana@Bank.example"},
                               {"multiline_number", "+12125551000"}, {"social_messaging", true},
                               {"monitor_calls", "off"}, {"monitor_sms", "on"}});
  EXPECT_EQ(saved["status"], "saved");
  EXPECT_EQ(saved["invitation_status"], "not_sent");
  EXPECT_EQ(saved["login"], "ana@bank.example");
  EXPECT_EQ(saved["login_kind"], "email");
  EXPECT_EQ(saved["multiline_number"], "+12125551000");
  EXPECT_EQ(saved["permission_group_name"], "default cos for ABC Bank");
  EXPECT_EQ(number("+12125551000")["status"], "pending_invitation");
  EXPECT_EQ(number("+12125551000")["account_id"], saved["id"]);

  const auto invited = add(abc, {{"first_name", "Bo"}, {"login", "bo@bank.example"},
                                 {"multiline_number", "+12125551001"}, {"invite", true}});
  EXPECT_EQ(invited["status"], "invited");
  EXPECT_EQ(invited["invitation_status"], "sent");
  EXPECT_EQ(invited["invitation_count"], 1);
  EXPECT_EQ(number("+12125551001")["status"], "assigned");
  const auto mail = server.wait_for_message("bo@bank.example", "account_invitation");
  ASSERT_FALSE(mail.empty());
  const auto code = mail_field(mail, "Activation code");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->size(), 8u);
  EXPECT_FALSE(server.wait_for_message(abc_admin, "account_added").empty());

  // Inviting the saved account moves its held number on to assigned.
  const auto r = root.post("/api/v1/accounts/invite", {{"account_ids", {saved["id"]}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["results"][0]["result"], "ok");
  EXPECT_EQ(number("+12125551000")["status"], "assigned");
}

TEST_F(Accounts, NumberByTagOrNoneAndTheStockRule) {
  ASSERT_EQ(root.patch("/api/v1/numbers/+12125551003", {{"status", "reserved"}, {"tag", "VIP"}}).status, 200);
  const auto vip = add(abc, {{"login", "vip@bank.example"}, {"tag", "VIP"}});
  EXPECT_EQ(vip["multiline_number"], "+12125551003");
  auto r = root.post(accounts_of(abc), {{"login", "vip2@bank.example"}, {"tag", "VIP"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "no_numbers_available");

  // Retail has no numbers: a saved account is fine, an invitation without a number is not.
  add(retail, {{"login", "+447911123456"}});
  r = root.post(accounts_of(retail), {{"login", "x@bank.example"}, {"invite", true}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "no_numbers_available");
  EXPECT_EQ(root.get(accounts_of(retail)).json()["total"], 1);  // nothing half-written
}

TEST_F(Accounts, ValidationDomainRestrictionAndDuplicateLogins) {
  auto r = root.post(accounts_of(abc), {{"login", "not an address"}, {"monitor_calls", "sometimes"},
                                        {"forwarding_number", "12"}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const auto errors = r.json()["errors"];
  for (const auto& e : errors) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"forwarding_number", "login", "monitor_calls"})) << r.body;
  r = root.post(accounts_of(abc), {{"login", "c@bank.example"}, {"colour", "blue"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "colour");

  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"domain_restriction", {"@bank.example"}}}).status, 200);
  r = root.post(accounts_of(retail), {{"login", "someone@gmail.example"}});
  EXPECT_EQ(r.status, 422) << r.body;  // inherited by Retail
  EXPECT_EQ(r.json()["errors"][0]["field"], "login");
  add(retail, {{"login", "someone@bank.example"}});
  add(retail, {{"login", "+447911123456"}});  // device logins are not restricted
  r = root.post(accounts_of(retail), {{"login", "SomeOne@bank.example"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "login_taken");
}

TEST_F(Accounts, ListFiltersSearchPaginationAndSubOrganizations) {
  for (int i = 0; i < 5; ++i) {
    add(abc, {{"first_name", "User" + std::to_string(i)}, {"login", "user" + std::to_string(i) + "@bank.example"}});
    server.clock().advance(1);
  }
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"numbers", {"+12125551005"}}}).status, 200);
  add(retail, {{"first_name", "Rita"}, {"login", "rita@bank.example"}, {"multiline_number", "+12125551005"}});
  auto page = root.get(accounts_of(abc) + "?limit=2").json();
  EXPECT_EQ(page["total"], 5);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["first_name"], "User4");  // newest first
  std::vector<std::string> seen;
  std::string cursor = page["next_cursor"];
  for (const auto& a : page["items"]) seen.push_back(a["first_name"]);
  while (!cursor.empty()) {
    page = root.get(accounts_of(abc) + "?limit=2&cursor=" + cursor).json();
    for (const auto& a : page["items"]) seen.push_back(a["first_name"]);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"User4", "User3", "User2", "User1", "User0"}));

  EXPECT_EQ(root.get(accounts_of(abc) + "?include_suborgs=true").json()["total"], 6);
  EXPECT_EQ(root.get(accounts_of(abc) + "?include_suborgs=true&q=RITA").json()["total"], 1);
  EXPECT_EQ(root.get(accounts_of(abc) + "?include_suborgs=true&q=5551005").json()["total"], 1);
  EXPECT_EQ(root.get(accounts_of(abc) + "?status=invited").json()["total"], 0);
  EXPECT_EQ(root.get(accounts_of(abc) + "?q=%25").json()["total"], 0);  // % is a character, not a wildcard
  EXPECT_EQ(root.get(accounts_of(abc) + "?q=user_").json()["total"], 0);
  EXPECT_EQ(root.get(accounts_of(retail)).json()["items"][0]["org_name"], "Retail");
}

TEST_F(Accounts, EditChangesFieldsAndNumber) {
  const auto a = add(abc, {{"login", "e@bank.example"}, {"multiline_number", "+12125551000"}});
  const std::string id = a["id"];
  auto r = root.patch("/api/v1/accounts/" + id, {{"first_name", "Eve"}, {"multiline_number", "+12125551002"},
                                                 {"forwarding_number", "+5511987654321"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["first_name"], "Eve");
  EXPECT_EQ(r.json()["multiline_number"], "+12125551002");
  EXPECT_EQ(number("+12125551000")["status"], "available");
  EXPECT_EQ(number("+12125551002")["status"], "pending_invitation");
  r = root.patch("/api/v1/accounts/" + id, {{"multiline_number", nullptr}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["multiline_number"].is_null());
  EXPECT_EQ(number("+12125551002")["status"], "available");
}

TEST_F(Accounts, MoveNeedsNumbersForInvitedAccountsWithoutOne) {
  const auto waiting = add(abc, {{"login", "w@bank.example"}, {"invite", true}});  // no number
  const auto holder = add(abc, {{"login", "h@bank.example"}, {"multiline_number", "+12125551000"}, {"invite", true}});

  // Retail has no available number: the invited account without one cannot go there.
  auto options = root.post("/api/v1/accounts/move-options", {{"account_ids", {waiting["id"]}}}).json()["items"];
  bool found = false;
  for (const auto& o : options) {
    if (o["org_id"] != retail) continue;
    found = true;
    EXPECT_FALSE(o["allowed"].get<bool>());
    EXPECT_EQ(o["reason"],
              "Unable to move account(s). You do not have enough numbers available in the selected organization");
  }
  EXPECT_TRUE(found);
  auto r = root.post("/api/v1/accounts/move", {{"account_ids", {waiting["id"]}}, {"to_org_id", retail}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["detail"],
            "Unable to move account(s). You do not have enough numbers available in the selected organization");

  // The holder's number moves with it; the account takes Retail's default group.
  r = root.post("/api/v1/accounts/move", {{"account_ids", {holder["id"]}}, {"to_org_id", retail}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto moved = root.get("/api/v1/accounts/" + holder["id"].get<std::string>()).json();
  EXPECT_EQ(moved["org_id"], retail);
  EXPECT_EQ(moved["permission_group_name"], "default cos for Retail");
  EXPECT_EQ(root.get("/api/v1/orgs/" + retail + "/numbers").json()["items"][0]["status"], "assigned");
  EXPECT_FALSE(server.wait_for_message(abc_admin, "account_moved").empty());  // both organizations
  EXPECT_FALSE(server.wait_for_message(retail_admin, "account_moved").empty());

  // With one number in Retail the waiting account may follow.
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"count", 1}}).status, 200);
  r = root.post("/api/v1/accounts/move", {{"account_ids", {waiting["id"]}}, {"to_org_id", retail}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(Accounts, SuspendResumeAndDeleteReleasesTheNumber) {
  const auto a = add(abc, {{"login", "s@bank.example"}, {"multiline_number", "+12125551004"}, {"invite", true}});
  const std::string id = a["id"];
  auto r = root.post("/api/v1/accounts/suspend", {{"account_ids", {id, "nonexistent"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["results"][0]["result"], "ok");
  EXPECT_EQ(r.json()["results"][1]["result"], "error");
  EXPECT_EQ(root.get("/api/v1/accounts/" + id).json()["status"], "suspended");
  EXPECT_EQ(root.get("/api/v1/accounts/" + id).json()["suspended_reason"], "admin");
  EXPECT_FALSE(server.wait_for_message(abc_admin, "account_suspended").empty());
  r = root.post("/api/v1/accounts/resume", {{"account_ids", {id}}});
  EXPECT_EQ(root.get("/api/v1/accounts/" + id).json()["status"], "invited");
  EXPECT_FALSE(server.wait_for_message(abc_admin, "suspended_account_reactivated").empty());

  ASSERT_EQ(root.del("/api/v1/accounts/" + id).status, 204);
  EXPECT_EQ(root.get("/api/v1/accounts/" + id).status, 404);
  EXPECT_EQ(number("+12125551004")["status"], "available");
  EXPECT_TRUE(number("+12125551004")["account_id"].is_null());
  EXPECT_FALSE(server.wait_for_message(abc_admin, "account_deleted").empty());
}

TEST_F(Accounts, ExportIsCsvOfTheFilteredListAndIsAudited) {
  add(abc, {{"first_name", "Ana"}, {"last_name", "Silva"}, {"login", "ana@bank.example"},
            {"multiline_number", "+12125551000"}, {"social_messaging", true}});
  add(abc, {{"login", "bo@bank.example"}});
  const auto r = root.get(accounts_of(abc) + ".csv?q=ana");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("name,login,invitation_sent,organization,multiline_number"), std::string::npos);
  EXPECT_NE(r.body.find("Ana Silva,ana@bank.example,,ABC Bank,\"'+12125551000\",,saved"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("bo@bank.example"), std::string::npos);
  const auto audit = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity").json();
  bool recorded = false;
  for (const auto& e : audit["items"]) recorded = recorded || e["action"] == "accounts.export";
  EXPECT_TRUE(recorded);
}

TEST_F(Accounts, BulkSuspendByFilterReportsPerAccount) {
  add(abc, {{"login", "a1@bank.example"}});
  add(abc, {{"login", "a2@bank.example"}});
  add(retail, {{"login", "r1@bank.example"}});
  const auto r = root.post(accounts_of(abc) + "/bulk",
                           {{"filter", {{"include_suborgs", true}, {"q", "bank"}}}, {"action", "suspend"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["total"], 3);
  EXPECT_EQ(r.json()["succeeded"], 3);
  EXPECT_EQ(root.get(accounts_of(abc) + "?include_suborgs=true&status=suspended").json()["total"], 3);
  EXPECT_FALSE(server.wait_for_message(abc_admin, "batch_operations_report").empty());
  EXPECT_EQ(root.post(accounts_of(abc) + "/bulk", {{"action", "explode"}}).status, 422);
}

TEST_F(Accounts, BulkEditInviteAndDeleteByFilter) {
  const auto group = root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Voice"}, {"features", {"voice"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  add(abc, {{"login", "b1@bank.example"}, {"multiline_number", "+12125551000"}});
  add(abc, {{"login", "b2@bank.example"}});
  add(abc, {{"login", "keep@other.example"}});
  const nlohmann::json filter = {{"q", "@bank.example"}};

  auto r = root.post(accounts_of(abc) + "/bulk", {{"filter", filter}, {"action", "edit"},
                                                  {"changes", {{"permission_group_id", group.json()["id"]}, {"monitor_calls", "off"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["succeeded"], 2);
  EXPECT_EQ(root.get(accounts_of(abc) + "?permission_group_id=" + group.json()["id"].get<std::string>()).json()["total"], 2);
  EXPECT_EQ(root.post(accounts_of(abc) + "/bulk", {{"filter", filter}, {"action", "edit"}, {"changes", {{"login", "x@y.z"}}}}).status,
            422);

  r = root.post(accounts_of(abc) + "/bulk", {{"filter", filter}, {"action", "invite"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["succeeded"], 2);
  EXPECT_TRUE(mail_field(server.wait_for_message("b2@bank.example", "account_invitation"), "Activation code"));
  EXPECT_EQ(number("+12125551000")["status"], "assigned");

  r = root.post(accounts_of(abc) + "/bulk", {{"filter", filter}, {"action", "delete"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["succeeded"], 2);
  const auto left = root.get(accounts_of(abc)).json();
  ASSERT_EQ(left["total"], 1);
  EXPECT_EQ(left["items"][0]["login"], "keep@other.example");
  EXPECT_EQ(number("+12125551000")["status"], "available");
}

TEST_F(Accounts, InvitationsWithoutANumberBeyondTheAvailableOnesRaiseTheThresholdAlert) {
  // Retail gets one number; two invitations without a number outnumber it.
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"count", 1}}).status, 200);
  add(retail, {{"login", "first@bank.example"}, {"invite", true}});
  add(retail, {{"login", "second@bank.example"}, {"invite", true}});
  const auto alert = server.wait_for_message(retail_admin, "invitation_threshold_exceeded");
  ASSERT_FALSE(alert.empty());
  EXPECT_NE(alert.find("Retail"), std::string::npos);
}

TEST_F(Accounts, PermissionGroupsAreInheritedWithOneDefaultPerOrganization) {
  auto r = root.post("/api/v1/orgs/" + abc + "/permission-groups",
                     {{"name", "Recorded"}, {"features", {"voice", "call_recording"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string recorded = r.json()["id"];
  EXPECT_EQ(r.json()["features"], nlohmann::json({"voice", "call_recording"}));
  EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "X"}, {"features", {"teleport"}}}).status, 422);

  const auto groups = root.get("/api/v1/orgs/" + retail + "/permission-groups").json();
  std::vector<std::string> names;
  for (const auto& g : groups["items"]) names.push_back(g["name"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "Recorded"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "default cos for Retail"), names.end());

  const auto a = add(retail, {{"login", "g@bank.example"}, {"permission_group_id", recorded}});
  EXPECT_EQ(a["permission_group_name"], "Recorded");
  r = root.del("/api/v1/permission-groups/" + recorded);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "group_in_use");
  // A group defined below is not usable above.
  const auto low = root.post("/api/v1/orgs/" + retail + "/permission-groups", {{"name", "Low"}, {"features", {"sms"}}});
  EXPECT_EQ(root.post(accounts_of(abc), {{"login", "h@bank.example"}, {"permission_group_id", low.json()["id"]}}).status, 422);
  // Making a group the default takes it from the previous one.
  ASSERT_EQ(root.patch("/api/v1/permission-groups/" + low.json()["id"].get<std::string>(), {{"is_default", true}}).status, 200);
  int defaults = 0;
  const auto after = root.get("/api/v1/orgs/" + retail + "/permission-groups").json();
  for (const auto& g : after["items"])
    if (g["org_id"] == retail && g["is_default"].get<bool>()) ++defaults;
  EXPECT_EQ(defaults, 1);
}

TEST_F(Accounts, ManySimultaneousRequestsForOneNumberHaveExactlyOneWinner) {
  constexpr int kClients = 12;
  std::vector<HttpClient> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(server.root_client());
  std::atomic<int> created{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      const auto r = clients[i].post(accounts_of(abc), {{"login", "race" + std::to_string(i) + "@bank.example"},
                                                        {"multiline_number", "+12125551005"},
                                                        {"invite", i % 2 == 0}});
      (r.status == 201 ? created : r.status == 409 ? refused : other)++;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(refused, kClients - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(root.get(accounts_of(abc)).json()["total"], 1);  // the losers left nothing behind
}

}  // namespace
}  // namespace lineport::testing

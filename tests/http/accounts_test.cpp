// User accounts: add (Save, Save & Invite), numbers by value or tag, listing, edit, move with the
// "not enough numbers" rule, suspend and resume, delete, export, bulk, permission groups, and
// exactly one winner when many requests want the same number.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

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
  const auto saved = add(abc, {{"first_name", "Ana"},
                               {"last_name", "Silva"},
                               {"login", "Ana@Bank.example"},
                               {"multiline_number", "+12125551000"},
                               {"social_messaging", true},
                               {"monitor_calls", "off"},
                               {"monitor_sms", "on"}});
  EXPECT_EQ(saved["status"], "saved");
  EXPECT_EQ(saved["invitation_status"], "not_sent");
  EXPECT_EQ(saved["login"], "ana@bank.example");
  EXPECT_EQ(saved["login_kind"], "email");
  EXPECT_EQ(saved["multiline_number"], "+12125551000");
  EXPECT_EQ(saved["permission_group_name"], "default cos for ABC Bank");
  EXPECT_EQ(number("+12125551000")["status"], "pending_invitation");
  EXPECT_EQ(number("+12125551000")["account_id"], saved["id"]);

  const auto invited =
      add(abc,
          {{"first_name", "Bo"}, {"login", "bo@bank.example"}, {"multiline_number", "+12125551001"}, {"invite", true}});
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
  auto r = root.post(accounts_of(abc),
                     {{"login", "not an address"}, {"monitor_calls", "sometimes"}, {"forwarding_number", "12"}});
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

// A login identifies one user across the whole system: adding, editing or importing a login
// that any organization has is refused, naming that organization only to those who may see it.
TEST_F(Accounts, ALoginIsOneUserAcrossEveryOrganization) {
  const auto other = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Other Co"}})
                         .json()["id"]
                         .get<std::string>();
  const auto ana = add(retail, {{"login", "ana@bank.example"}});

  auto r = root.post(accounts_of(other), {{"login", " Ana@Bank.example "}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "login_taken");
  EXPECT_EQ(r.json()["org_name"], "Retail");
  EXPECT_EQ(r.json()["org_id"], retail);
  EXPECT_EQ(r.json()["detail"], "A user account with the login ana@bank.example exists in Retail.");
  EXPECT_EQ(r.json()["errors"][0]["field"], "login");
  r = root.post(accounts_of(abc), {{"login", "ana@bank.example"}});  // the parent too
  EXPECT_EQ(r.status, 409) << r.body;

  // Other Co's administrator may not see Retail: told only that another organization has it.
  auto other_admin = server.admin_with_privileges(other, {"accounts", "accounts.bulk"}, "it@other.example");
  r = other_admin.post(accounts_of(other), {{"login", "ana@bank.example"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "login_taken");
  EXPECT_EQ(r.json()["detail"], "A user account with the login ana@bank.example exists in another organization.");
  EXPECT_FALSE(r.json().contains("org_name"));
  EXPECT_EQ(r.body.find("Retail"), std::string::npos) << r.body;

  // Device logins are numbers: written another way, still the same login.
  add(abc, {{"login", "+447911123456"}});
  r = root.post(accounts_of(other), {{"login", "+44 7911 123456"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["org_name"], "ABC Bank");

  // Editing another account's login into one that exists elsewhere is refused too.
  const auto bo = add(other, {{"login", "bo@other.example"}});
  r = root.patch("/api/v1/accounts/" + bo["id"].get<std::string>(), {{"login", "ANA@bank.example"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "login_taken");
  EXPECT_EQ(root.get("/api/v1/accounts/" + bo["id"].get<std::string>()).json()["login"], "bo@other.example");

  // The CSV import: an error on the line, naming the organization to whom may see it.
  const std::string csv =
      "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
      "forwarding_number,restrict_incoming_social_messaging\r\n"
      "Cy,Doe,cy@other.example,No,,auto,on,,\r\n"
      "Ana,Silva,ANA@bank.example,Yes,,auto,on,,No\r\n";
  r = root.send("POST", accounts_of(other) + "/import", csv, "text/csv");
  ASSERT_EQ(r.status, 422) << r.body;
  ASSERT_EQ(r.json()["errors"].size(), 1u) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 3);
  EXPECT_EQ(r.json()["errors"][0]["column"], "email_or_device");
  EXPECT_EQ(r.json()["errors"][0]["message"], "A user account with this login already exists in Retail.");
  r = other_admin.send("POST", accounts_of(other) + "/import", csv, "text/csv");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["message"], "A user account with this login already exists in another organization.");
  EXPECT_EQ(root.get(accounts_of(other)).json()["total"], 1);  // Bo only: nothing imported

  // Moving is how an account changes organization.
  r = root.post("/api/v1/accounts/move", {{"account_ids", {ana["id"]}}, {"to_org_id", other}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(root.get("/api/v1/accounts/" + ana["id"].get<std::string>()).json()["org_id"], other);
}

TEST_F(Accounts, ListFiltersSearchPaginationAndSubOrganizations) {
  for (int i = 0; i < 5; ++i) {
    add(abc, {{"first_name", "User" + std::to_string(i)}, {"login", "user" + std::to_string(i) + "@bank.example"}});
    server.clock().advance(1);
  }
  ASSERT_EQ(
      root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"numbers", {"+12125551005"}}})
          .status,
      200);
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
  EXPECT_EQ(root.get(accounts_of(abc) + "?q=%25").json()["total"],
            0);  // % is a character, not a wildcard
  EXPECT_EQ(root.get(accounts_of(abc) + "?q=user_").json()["total"], 0);
  EXPECT_EQ(root.get(accounts_of(retail)).json()["items"][0]["org_name"], "Retail");
}

// Text of three characters or more is searched along a trigram index (docs/performance.md#lists):
// what it finds must be what reading every account would find, through edits and deletions.
TEST_F(Accounts, SearchFindsAnyPartOfTheTextAndFollowsEveryChange) {
  const auto total = [&](const std::string& q) {
    const auto r = root.get(accounts_of(abc) + "?include_suborgs=true&q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["total"].get<int>();
  };
  // Both hold the trigrams of "abcd", only the second the text itself.
  add(abc, {{"first_name", "Xabc"}, {"last_name", "Bcdy"}, {"login", "one@bank.example"}});
  const auto second = add(retail, {{"first_name", "Zabcd"}, {"login", "two@bank.example"}});
  EXPECT_EQ(total("abcd"), 1);
  EXPECT_EQ(total("ABCD"), 1);
  EXPECT_EQ(total("bcdy"), 1);
  EXPECT_EQ(total("wo%40bank"), 1);  // part of a login
  EXPECT_EQ(total("bank.example"), 2);
  EXPECT_EQ(total("ab"), 2);         // two characters: every account is read
  EXPECT_EQ(total("a%22b%22c"), 0);  // double quotes are characters too

  const std::string id = second["id"];
  ASSERT_EQ(root.patch("/api/v1/accounts/" + id, {{"first_name", "Quentin"}}).status, 200);
  EXPECT_EQ(total("abcd"), 0);
  EXPECT_EQ(total("uenti"), 1);
  ASSERT_EQ(root.post("/api/v1/accounts/delete", {{"account_ids", {id}}}).status, 200);
  EXPECT_EQ(total("uenti"), 0);
  EXPECT_EQ(total("bcdy"), 1);
}

// A subtree's page is merged from its organizations' own pages: newest first across all of them,
// each account once, whatever the filter.
TEST_F(Accounts, SubtreePagesInterleaveTheOrganizationsNewestFirst) {
  std::vector<std::string> expected, ids;
  for (int i = 0; i < 7; ++i) {
    const auto name = "Person" + std::to_string(i);
    ids.push_back(add(i % 3 == 0 ? abc : retail,
                      {{"first_name", name}, {"login", "p" + std::to_string(i) + "@bank.example"}})["id"]);
    expected.insert(expected.begin(), name);
    server.clock().advance(1);
  }
  // Every page of the subtree's list after `filter`, `limit` a page: the first names in order, and
  // the total each page gave.
  struct Pages {
    std::vector<std::string> seen;
    std::vector<nlohmann::json> totals;
  };
  const auto pages = [&](const std::string& filter, int limit) {
    Pages out;
    std::string cursor;
    do {
      const auto page = root.get(accounts_of(abc) + "?include_suborgs=true&limit=" + std::to_string(limit) + filter +
                                 (cursor.empty() ? "" : "&cursor=" + cursor))
                            .json();
      out.totals.push_back(page["total"]);
      for (const auto& a : page["items"]) out.seen.push_back(a["first_name"]);
      cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    } while (!cursor.empty());
    return out;
  };
  // A rare state is read along its own index in each organization, merged the same way.
  const auto r = root.post("/api/v1/accounts/suspend", {{"account_ids", {ids[0], ids[1], ids[3], ids[5]}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(pages("&status=suspended", 2).seen, (std::vector<std::string>{"Person5", "Person3", "Person1", "Person0"}));
  root.post("/api/v1/accounts/resume", {{"account_ids", {ids[0], ids[1], ids[3], ids[5]}}});
  for (const std::string filter : {"", "&status=saved", "&q=person"}) {
    const auto [seen, totals] = pages(filter, 3);
    for (const auto& total : totals) EXPECT_EQ(total, 7) << filter;
    EXPECT_EQ(seen, expected) << filter;
  }
  EXPECT_EQ(root.get(accounts_of(abc) + "?include_suborgs=true&status=suspended").json()["total"], 0);
}

TEST_F(Accounts, EditChangesFieldsAndNumber) {
  const auto a = add(abc, {{"login", "e@bank.example"}, {"multiline_number", "+12125551000"}});
  const std::string id = a["id"];
  auto r = root.patch(
      "/api/v1/accounts/" + id,
      {{"first_name", "Eve"}, {"multiline_number", "+12125551002"}, {"forwarding_number", "+5511987654321"}});
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

TEST_F(Accounts, RestrictingSocialMessagingWithoutItIsRefusedNotDropped) {
  auto r = root.post(
      "/api/v1/orgs/" + abc + "/accounts",
      {{"login", "r@bank.example"}, {"social_messaging", false}, {"restrict_incoming_social_messaging", true}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "restrict_incoming_social_messaging") << r.body;

  const auto a =
      add(abc, {{"login", "r@bank.example"}, {"social_messaging", true}, {"restrict_incoming_social_messaging", true}});
  const std::string id = a["id"];
  EXPECT_EQ(a["restrict_incoming_social_messaging"], true);
  r = root.patch("/api/v1/accounts/" + id, {{"social_messaging", false}, {"restrict_incoming_social_messaging", true}});
  EXPECT_EQ(r.status, 422) << r.body;
  // Switching social messaging off lifts the restriction.
  r = root.patch("/api/v1/accounts/" + id, {{"social_messaging", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["restrict_incoming_social_messaging"], false);
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
              "Unable to move account(s). You do not have enough numbers available in the selected "
              "organization");
  }
  EXPECT_TRUE(found);
  auto r = root.post("/api/v1/accounts/move", {{"account_ids", {waiting["id"]}}, {"to_org_id", retail}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["detail"],
            "Unable to move account(s). You do not have enough numbers available in the selected "
            "organization");

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

// Deleting several at once is the single delete for each: the number goes back to the pool, the
// alert goes out, and an account that cannot be deleted is reported without stopping the rest.
TEST_F(Accounts, DeletingSeveralDeletesEachAndReportsEach) {
  const std::string first =
      add(abc, {{"login", "d1@bank.example"}, {"multiline_number", "+12125551005"}, {"invite", true}})["id"];
  const std::string second = add(abc, {{"login", "d2@bank.example"}})["id"];
  auto r = root.post("/api/v1/accounts/delete", {{"account_ids", {first, "nonexistent", second}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto results = r.json()["results"];
  ASSERT_EQ(results.size(), 3u) << r.body;
  EXPECT_EQ(results[0]["result"], "ok");
  EXPECT_EQ(results[1]["result"], "error");
  EXPECT_EQ(results[2]["result"], "ok");
  EXPECT_EQ(root.get("/api/v1/accounts/" + first).status, 404);
  EXPECT_EQ(root.get("/api/v1/accounts/" + second).status, 404);
  EXPECT_EQ(number("+12125551005")["status"], "available");
  EXPECT_FALSE(server.wait_for_message(abc_admin, "account_deleted").empty());

  EXPECT_EQ(root.post("/api/v1/accounts/delete", {{"account_ids", nlohmann::json::array()}}).status, 422);
  HttpClient outsider{server.port()};
  ASSERT_EQ(outsider.sign_in(retail_admin, "retail-admin-password-1").status, 200);
  const std::string elsewhere = add(abc, {{"login", "d3@bank.example"}})["id"];
  r = outsider.post("/api/v1/accounts/delete", {{"account_ids", {elsewhere}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["results"][0]["result"], "error");
  EXPECT_EQ(root.get("/api/v1/accounts/" + elsewhere).status, 200) << "outside the caller's scope";
}

TEST_F(Accounts, ExportIsCsvOfTheFilteredListAndIsAudited) {
  add(abc, {{"first_name", "Ana"},
            {"last_name", "Silva"},
            {"login", "ana@bank.example"},
            {"multiline_number", "+12125551000"},
            {"social_messaging", true}});
  add(abc, {{"login", "bo@bank.example"}});
  const auto r = root.get(accounts_of(abc) + ".csv?q=ana");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("name,login,invitation_sent,organization,multiline_number"), std::string::npos);
  EXPECT_NE(r.body.find("Ana Silva,ana@bank.example,,ABC Bank,\"+12125551000\",,saved"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("bo@bank.example"), std::string::npos);
  const auto audit = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity").json();
  bool recorded = false;
  for (const auto& e : audit["items"]) recorded = recorded || e["action"] == "accounts.export";
  EXPECT_TRUE(recorded);
}

// The database failing while the second of three accounts is suspended (a trigger standing in for
// a lost disk or server; on PostgreSQL with the SQLSTATE of a lost connection) ends the request
// as a server error, not as a 200 listing the database's words as a refusal.
TEST_F(Accounts, ADatabaseFailureMidBatchIsAServerErrorNotAReport) {
  const std::string first = add(abc, {{"login", "f1@bank.example"}})["id"];
  const std::string second = add(abc, {{"login", "f2@bank.example"}})["id"];
  const std::string third = add(abc, {{"login", "f3@bank.example"}})["id"];
  const bool postgres = server.db().backend() == storage::Backend::postgresql;
  server.db().write([&](storage::Connection& conn) {
    if (postgres)
      conn.execute_script(
          "CREATE FUNCTION lose_the_disk() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the disk is gone' "
          "USING ERRCODE = '08006'; END $$ LANGUAGE plpgsql; "
          "CREATE TRIGGER lose_the_disk BEFORE UPDATE ON accounts FOR EACH ROW WHEN (NEW.id = '" +
          second + "' AND NEW.status = 'suspended') EXECUTE FUNCTION lose_the_disk();");
    else
      conn.execute_script("CREATE TRIGGER lose_the_disk BEFORE UPDATE ON accounts FOR EACH ROW WHEN NEW.id = '" +
                          second +
                          "' AND NEW.status = 'suspended' BEGIN SELECT RAISE(ABORT, 'the disk is gone'); END;");
  });
  const auto r = root.post("/api/v1/accounts/suspend", {{"account_ids", {first, second, third}}});
  EXPECT_EQ(r.status, postgres ? 503 : 500) << r.body;
  EXPECT_EQ(r.body.find("disk"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("accounts."), std::string::npos) << r.body;  // no statement names
  // Each account is its own transaction: the one before was suspended, the one after not tried.
  EXPECT_EQ(root.get("/api/v1/accounts/" + first).json()["status"], "suspended");
  EXPECT_EQ(root.get("/api/v1/accounts/" + second).json()["status"], "saved");
  EXPECT_EQ(root.get("/api/v1/accounts/" + third).json()["status"], "saved");
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
  const auto group =
      root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Voice"}, {"features", {"voice"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  add(abc, {{"login", "b1@bank.example"}, {"multiline_number", "+12125551000"}});
  add(abc, {{"login", "b2@bank.example"}});
  add(abc, {{"login", "keep@other.example"}});
  const nlohmann::json filter = {{"q", "@bank.example"}};

  auto r = root.post(accounts_of(abc) + "/bulk",
                     {{"filter", filter},
                      {"action", "edit"},
                      {"changes", {{"permission_group_id", group.json()["id"]}, {"monitor_calls", "off"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["succeeded"], 2);
  EXPECT_EQ(
      root.get(accounts_of(abc) + "?permission_group_id=" + group.json()["id"].get<std::string>()).json()["total"], 2);
  EXPECT_EQ(
      root.post(accounts_of(abc) + "/bulk", {{"filter", filter}, {"action", "edit"}, {"changes", {{"login", "x@y.z"}}}})
          .status,
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

// "Select all N matching": the portal starts the job in the background and follows it. The job
// fixed its accounts when it started, reports each one, and offers the results as CSV.
TEST_F(Accounts, BulkInTheBackgroundReportsProgressAndPerAccountResults) {
  for (int i = 0; i < 5; ++i) add(abc, {{"login", "s" + std::to_string(i) + "@bank.example"}});
  add(retail, {{"login", "r0@bank.example"}});
  ASSERT_EQ(root.post(accounts_of(abc) + "/bulk", {{"filter", {{"q", "s0@"}}}, {"action", "suspend"}}).status, 200);

  const auto started = root.send(
      "POST", accounts_of(abc) + "/bulk",
      nlohmann::json{{"filter", {{"include_suborgs", true}, {"q", "@bank.example"}}}, {"action", "resume"}}.dump(),
      "application/json", {{"Prefer", "respond-async"}});
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.header("preference-applied"), "respond-async");
  const std::string batch = started.json()["batch_id"];
  EXPECT_EQ(started.header("location"), "/api/v1/accounts/bulk/" + batch);
  EXPECT_EQ(started.json()["total"], 6);
  EXPECT_EQ(started.json()["action"], "resume");

  nlohmann::json progress;
  for (int i = 0; i < 200; ++i) {
    progress = root.get("/api/v1/accounts/bulk/" + batch).json();
    if (progress["finished"] == true) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(progress["finished"], true) << progress.dump();
  EXPECT_EQ(progress["done"], 6);
  EXPECT_EQ(progress["succeeded"], 1);  // only s0 was suspended
  EXPECT_EQ(progress["failed"], 5);
  EXPECT_EQ(root.get(accounts_of(abc) + "?status=suspended").json()["total"], 0);

  const auto csv = root.get("/api/v1/accounts/bulk/" + batch + "/results.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 7);
  EXPECT_NE(csv.body.find(",s0@bank.example,ok,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",r0@bank.example,error,Not suspended."), std::string::npos) << csv.body;
  EXPECT_FALSE(server.wait_for_message(abc_admin, "batch_operations_report", 2).empty());

  // Another tenant's administrator, and one without accounts.bulk, do not see it.
  const auto xyz = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "XYZ"}}).json()["id"];
  auto stranger = server.admin_with_privileges(xyz, {"accounts", "accounts.bulk"}, "ops@xyz.example");
  EXPECT_EQ(stranger.get("/api/v1/accounts/bulk/" + batch).status, 404);
  EXPECT_EQ(stranger.get("/api/v1/accounts/bulk/" + batch + "/results.csv").status, 404);
  auto viewer = server.admin_with_privileges(abc, {"accounts"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/accounts/bulk/" + batch).status, 403);
  EXPECT_EQ(root.get("/api/v1/accounts/bulk/nonexistent").status, 404);
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
  EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "X"}, {"features", {"teleport"}}}).status,
            422);

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
  EXPECT_EQ(
      root.post(accounts_of(abc), {{"login", "h@bank.example"}, {"permission_group_id", low.json()["id"]}}).status,
      422);
  // Making a group the default takes it from the previous one.
  ASSERT_EQ(
      root.patch("/api/v1/permission-groups/" + low.json()["id"].get<std::string>(), {{"is_default", true}}).status,
      200);
  int defaults = 0;
  const auto after = root.get("/api/v1/orgs/" + retail + "/permission-groups").json();
  for (const auto& g : after["items"])
    if (g["org_id"] == retail && g["is_default"].get<bool>()) ++defaults;
  EXPECT_EQ(defaults, 1);
}

// A group's name is its own where it is defined (whatever the case), and a group is out of reach
// to an administrator whose scope does not hold its organization.
TEST_F(Accounts, PermissionGroupNamesAreUniqueWhereDefinedAndGroupsStayInScope) {
  const auto made =
      root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Night Shift"}, {"features", {"sms"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto r = root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "night shift"}, {"features", {"voice"}}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "name_taken");
  EXPECT_EQ(r.json()["errors"][0]["field"], "name");
  EXPECT_EQ(root.post("/api/v1/orgs/" + retail + "/permission-groups", {{"name", "Night Shift"}, {"features", {"sms"}}})
                .status,
            201)
      << "another organization may use the name";

  HttpClient below{server.port()};
  ASSERT_EQ(below.sign_in(retail_admin, "retail-admin-password-1").status, 200);
  const auto group = "/api/v1/permission-groups/" + made.json()["id"].get<std::string>();
  EXPECT_EQ(below.patch(group, {{"name", "Mine now"}}).status, 404);
  EXPECT_EQ(below.del(group).status, 404);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/permission-groups").body.find("Mine now"), std::string::npos);
}

// Issue 12, item 1: every organization up the tree has a default group, but below them only the
// nearest one is in effect: the list marks that one alone, and an account added or imported
// without a group gets it (not the root's).
TEST_F(Accounts, OnlyTheNearestDefaultGroupIsTheDefaultBelow) {
  const auto groups = root.get("/api/v1/orgs/" + retail + "/permission-groups").json();
  std::vector<std::string> defaults;
  for (const auto& g : groups["items"])
    if (g["is_default"].get<bool>()) defaults.push_back(g["name"]);
  EXPECT_EQ(defaults, std::vector<std::string>{"default cos for Retail"});
  // At ABC Bank its own is the default.
  defaults.clear();
  const auto at_abc = root.get("/api/v1/orgs/" + abc + "/permission-groups").json();
  for (const auto& g : at_abc["items"])
    if (g["is_default"].get<bool>()) defaults.push_back(g["name"]);
  EXPECT_EQ(defaults, std::vector<std::string>{"default cos for ABC Bank"});

  const auto a = add(retail, {{"login", "nogroup@bank.example"}});
  EXPECT_EQ(a["permission_group_name"], "default cos for Retail");
  const auto r = root.send("POST", "/api/v1/orgs/" + retail + "/accounts/import",
                           "email_or_device,social_messaging,monitor_calls,monitor_sms\n"
                           "imported@bank.example,No,auto,on\n",
                           "text/csv");
  ASSERT_LT(r.status, 300) << r.body;
  const auto listed = root.get(accounts_of(retail) + "?q=imported").json();
  ASSERT_EQ(listed["items"].size(), 1u) << listed;
  EXPECT_EQ(listed["items"][0]["permission_group_name"], "default cos for Retail");
}

TEST_F(Accounts, ManySimultaneousRequestsForOneNumberHaveExactlyOneWinner) {
  constexpr int client_count = 12;
  std::vector<HttpClient> clients;
  for (int i = 0; i < client_count; ++i) clients.push_back(server.root_client());
  std::atomic<int> created{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < client_count; ++i) {
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
  EXPECT_EQ(refused, client_count - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(root.get(accounts_of(abc)).json()["total"], 1);  // the losers left nothing behind
}

// Two administrators add one login at the same moment, in two organizations: the unique index
// lets exactly one in, and every other request is told the login is taken.
TEST_F(Accounts, SimultaneousAddsOfOneLoginInTwoOrganizationsHaveExactlyOneWinner) {
  const auto other = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Other Co"}})
                         .json()["id"]
                         .get<std::string>();
  constexpr int client_count = 12;
  std::vector<HttpClient> clients;
  for (int i = 0; i < client_count; ++i) clients.push_back(server.root_client());
  std::atomic<int> created{0}, taken{0}, other_answer{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < client_count; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      const auto r = clients[i].post(accounts_of(i % 2 ? other : retail), {{"login", "Same.Person@bank.example"}});
      if (r.status == 201)
        ++created;
      else if (r.status == 409 && r.json()["code"] == "login_taken")
        ++taken;
      else
        ++other_answer;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(taken, client_count - 1);
  EXPECT_EQ(other_answer, 0);
  EXPECT_EQ(root.get(accounts_of(retail)).json()["total"].get<int>() +
                root.get(accounts_of(other)).json()["total"].get<int>(),
            1);
}

// Two administrators move accounts between the same two organizations at the same moment, in
// opposite directions, each a saved and a suspended account in a different order: each move
// changes counters of both organizations for both statuses, one account at a time. Every move
// must succeed (on PostgreSQL one of two such transactions was aborted as a deadlock: a 500).
TEST_F(Accounts, SimultaneousMovesInOppositeDirectionsAllSucceed) {
  const std::string wholesale =
      root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Wholesale"}}).json()["id"].get<std::string>();
  constexpr int rounds = 15;
  const auto saved_and_suspended = [&](const std::string& org, const std::string& name) {
    const std::string saved = add(org, {{"login", name + "-saved@bank.example"}})["id"];
    const std::string suspended = add(org, {{"login", name + "-suspended@bank.example"}})["id"];
    EXPECT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {suspended}}}).status, 200);
    return std::vector<std::string>{saved, suspended};
  };
  const auto from_retail = saved_and_suspended(retail, "r");
  auto from_wholesale = saved_and_suspended(wholesale, "w");
  std::reverse(from_wholesale.begin(), from_wholesale.end());
  std::atomic<int> failed{0};
  std::string first_failure;  // written by the thread that counts the first failure
  const auto shuttle = [&](HttpClient client, const std::vector<std::string>& ids, const std::string& home,
                           const std::string& away) {
    for (int round = 0; round < rounds; ++round) {
      for (const auto& to : {away, home}) {
        const auto r = client.post("/api/v1/accounts/move", {{"account_ids", ids}, {"to_org_id", to}});
        if (r.status == 200) continue;
        if (failed++ == 0) first_failure = std::to_string(r.status) + " " + r.body;
      }
    }
  };
  std::thread one(shuttle, server.root_client(), from_retail, retail, wholesale);
  std::thread two(shuttle, server.root_client(), from_wholesale, wholesale, retail);
  one.join();
  two.join();
  EXPECT_EQ(failed, 0) << first_failure;
  EXPECT_EQ(root.get(accounts_of(retail)).json()["total"], 2);
  EXPECT_EQ(root.get(accounts_of(wholesale)).json()["total"], 2);
}

}  // namespace
}  // namespace lineport::testing

// CSV import of user accounts (SPEC §6.1): every error by line, column and value; all or nothing;
// dry runs; Import & Invite; duplicates refused; malformed and oversized files.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

constexpr const char* kHeader =
    "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
    "forwarding_number,restrict_incoming_social_messaging\r\n";

class AccountImport : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    server.add_admin(abc, "it@abc.example", "abc-admin-password-1");
    server.give_numbers(abc, 5);
  }

  HttpResult upload(const std::string& csv, const std::string& query = "") {
    return root.send("POST", "/api/v1/orgs/" + abc + "/accounts/import" + query, csv, "text/csv");
  }
  std::int64_t account_count() { return root.get("/api/v1/orgs/" + abc + "/accounts").json()["total"]; }

  TestServer server;
  HttpClient root{0};
  std::string abc;
};

TEST_F(AccountImport, TemplateHasTheHeaderAndAnExampleRow) {
  const auto r = root.get("/api/v1/accounts/import-template.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, r.body.find('\n') + 1), kHeader);
  // The template itself imports.
  EXPECT_EQ(upload(r.body).status, 200);
}

TEST_F(AccountImport, EveryErrorIsReportedByLineColumnAndValueAndNothingIsWritten) {
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/accounts", {{"login", "taken@bank.example"}}).status, 201);
  const std::string csv = std::string(kHeader) +
                          "Ana,Silva,ana@bank.example,Yes,,auto,on,,No\r\n"           // line 2: fine
                          "Bo,\"Quoted, Name\",bo@bank.example,Maybe,,auto,on,,\r\n"  // line 3: social
                          "Cy,Doe,not-an-address,No,,always,on,,\r\n"                 // line 4: login, calls
                          "Di,Doe,ANA@bank.example,No,,off,off,,\r\n"                 // line 5: duplicate in file
                          "Ed,Doe,taken@bank.example,No,+19999999999,off,on,12,\r\n";  // line 6: exists, number, fwd
  const auto r = upload(csv);
  ASSERT_EQ(r.status, 422) << r.body;
  const auto errors = r.json()["errors"];
  std::set<std::tuple<int, std::string>> seen;
  for (const auto& e : errors) seen.insert({e["line"].get<int>(), e["column"].get<std::string>()});
  const std::set<std::tuple<int, std::string>> expected{
      {3, "social_messaging"}, {4, "email_or_device"}, {4, "monitor_calls"}, {5, "email_or_device"},
      {6, "email_or_device"},  {6, "multiline_number"}, {6, "forwarding_number"}};
  EXPECT_EQ(seen, expected) << r.body;
  EXPECT_EQ(errors[0]["value"], "Maybe");
  EXPECT_EQ(account_count(), 1);
}

TEST_F(AccountImport, AValidFileIsWrittenWithBomQuotesAndCrlf) {
  const std::string csv = "\xEF\xBB\xBF" + std::string(kHeader) +
                          "\"Ana, Maria\",Silva,ana@bank.example,YES,+12125551000,AUTO,On,+5511987654321,yes\r\n"
                          "Bo,Lee,+447911123456,no,,off,off,,\r\n"
                          ",,,,,,,,\r\n";  // a blank row is skipped
  auto r = upload(csv, "?dry_run=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["rows"], 2);
  EXPECT_EQ(r.json()["created"], 0);
  EXPECT_EQ(account_count(), 0);

  r = upload(csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(r.json()["invited"], 0);
  const auto list = root.get("/api/v1/orgs/" + abc + "/accounts?q=ana").json();
  ASSERT_EQ(list["total"], 1);
  const auto ana = list["items"][0];
  EXPECT_EQ(ana["first_name"], "Ana, Maria");
  EXPECT_EQ(ana["multiline_number"], "+12125551000");
  EXPECT_EQ(ana["social_messaging"], true);
  EXPECT_EQ(ana["restrict_incoming_social_messaging"], true);
  EXPECT_EQ(ana["status"], "saved");

  // The same file again: every row is a duplicate, nothing is added.
  r = upload(csv);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error_count"], 3);  // two logins and the number already held
  EXPECT_EQ(account_count(), 2);
}

TEST_F(AccountImport, ImportAndInviteSendsEachInvitationAndAReport) {
  const std::string csv = std::string(kHeader) + "Ana,Silva,ana@bank.example,Yes,+12125551000,auto,on,,\n" +
                          "Bo,Lee,bo@bank.example,No,,auto,on,,\n";
  const auto r = upload(csv, "?invite=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["invited"], 2);
  const std::string batch = r.json()["batch_id"];
  const auto ana_code = mail_field(server.wait_for_message("ana@bank.example", "account_invitation"), "Activation code");
  ASSERT_TRUE(ana_code);
  EXPECT_TRUE(mail_field(server.wait_for_message("bo@bank.example", "account_invitation"), "Activation code"));
  // The code the import's invitation carries activates the account, with the number of its row.
  const auto activated = server.client().post("/api/v1/activation", {{"login", "ana@bank.example"},
                                                                     {"activation_code", *ana_code},
                                                                     {"device_number", "+447911123456"}});
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_EQ(activated.json()["multiline_number"], "+12125551000");
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/numbers?status=activated").json()["total"], 1);
  EXPECT_FALSE(server.wait_for_message("it@abc.example", "batch_operations_report").empty());

  const auto report = root.get("/api/v1/accounts/import/" + batch + ".csv");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("2,ana@bank.example,"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("3,bo@bank.example,"), std::string::npos) << report.body;
}

TEST_F(AccountImport, ThePermissionGroupIsChosenPerUpload) {
  const auto group = root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Sales"}, {"features", {"voice", "sms"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  const std::string csv = std::string(kHeader) + "Ana,Silva,ana@bank.example,Yes,,auto,on,,\n";
  auto r = upload(csv, "?permission_group_id=unknown-group");
  EXPECT_EQ(r.status, 422) << r.body;
  r = upload(csv, "?permission_group_id=" + group.json()["id"].get<std::string>());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/accounts").json()["items"][0]["permission_group_name"], "Sales");
  EXPECT_EQ(upload(csv, "?invite=maybe").status, 422);
}

TEST_F(AccountImport, MalformedFilesGetClearErrors) {
  auto r = upload("first,last,email\r\nAna,Silva,ana@bank.example\r\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 1);

  r = upload(std::string(kHeader) + "Ana,Silva,ana@bank.example,Yes,,auto,on,,\n\"Bo,Lee,bo@bank.example,No,,auto,on,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 3);

  r = upload(std::string(kHeader) + "An\xff,Silva,ana@bank.example,Yes,,auto,on,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 2);

  r = upload(std::string(kHeader) + "Ana,Silva,ana@bank.example,Yes,,auto,on,,No,surprise\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 2);

  r = upload("");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(root.send("POST", "/api/v1/orgs/" + abc + "/accounts/import", "{}", "application/json").status, 415);
  EXPECT_EQ(account_count(), 0);
}

TEST_F(AccountImport, TooManyRowsOrAHugeBodyAreRefusedWhole) {
  std::string csv = kHeader;
  csv.reserve(200'002 * 40);
  for (int i = 0; i <= 200'000; ++i) csv += ",,u" + std::to_string(i) + "@bank.example,No,,off,off,,\n";
  auto r = upload(csv);
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 500);
  EXPECT_NE(r.json()["errors"][0]["message"].get<std::string>().find("rows"), std::string::npos);
  EXPECT_EQ(account_count(), 0);

  // A 1 GB upload is refused from its Content-Length, before the body is read.
  const auto answer = raw_exchange(server.port(), "POST /api/v1/orgs/" + abc +
                                                      "/accounts/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                                                      "Content-Length: 1073741824\r\n\r\n");
  EXPECT_NE(answer.find(" 413 "), std::string::npos) << answer;
}

}  // namespace
}  // namespace lineport::testing

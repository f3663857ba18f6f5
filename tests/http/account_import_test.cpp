// CSV import of user accounts (docs/product.md#importing-accounts-from-csv): every error by line, column and value; all
// or nothing; dry runs; Import & Invite; duplicates refused; malformed and oversized files.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

constexpr const char* template_header =
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

// The template is the header alone, so an upload never imports an example by mistake; the
// example rows are a separate download.
TEST_F(AccountImport, TemplateIsTheHeaderAloneAndTheExampleIsSeparate) {
  const auto r = root.get("/api/v1/accounts/import-template.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, template_header);
  const auto empty = upload(r.body);
  ASSERT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(empty.json()["errors"][0]["message"], "The file has no user rows.");

  const auto example = root.get("/api/v1/accounts/import-example.csv");
  ASSERT_EQ(example.status, 200);
  EXPECT_EQ(example.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(example.body.starts_with(template_header)) << example.body;
  EXPECT_NE(example.body.find("ana.silva@example.com"), std::string::npos) << example.body;
  // Its rows are valid rows.
  const auto imported = upload(example.body, "?dry_run=true");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_GE(imported.json()["rows"].get<int>(), 2);
  EXPECT_EQ(server.client().get("/api/v1/accounts/import-example.csv").status, 401);
}

// A line with more or fewer fields than the header is one error that says so, not errors about
// values that landed under the wrong columns; the other lines keep their own line numbers.
TEST_F(AccountImport, ALineWithAnotherNumberOfFieldsThanTheHeaderIsOneErrorSayingSo) {
  const auto r = upload(std::string(template_header) +
                        "Ana,Silva,ana@bank.example,Yes,,auto\r\n"             // line 2: 6 fields
                        "Bo,Lee,bo@bank.example,No,,auto,on,,\r\n"             // line 3: fine
                        "Cy,Doe,cy@bank.example,No,,auto,on,,No,surprise\r\n"  // line 4: 10 fields
                        "Di,Doe,di@bank.example,Maybe,,auto,on,,\r\n");        // line 5: a value
  ASSERT_EQ(r.status, 422) << r.body;
  const auto errors = r.json()["errors"];
  ASSERT_EQ(errors.size(), 3u) << r.body;
  EXPECT_EQ(errors[0]["line"], 2);
  EXPECT_EQ(errors[0]["message"],
            "The line has 6 fields but the header has 9: give every line one field per column of the header "
            "(a field may be empty).");
  EXPECT_EQ(errors[1]["line"], 4);
  EXPECT_NE(errors[1]["message"].get<std::string>().find("has 10 fields but the header has 9"), std::string::npos);
  EXPECT_EQ(errors[2]["line"], 5);
  EXPECT_EQ(errors[2]["column"], "social_messaging");
  EXPECT_EQ(account_count(), 0);
}

TEST_F(AccountImport, EveryErrorIsReportedByLineColumnAndValueAndNothingIsWritten) {
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/accounts", {{"login", "taken@bank.example"}}).status, 201);
  const std::string csv = std::string(template_header) +
                          "Ana,Silva,ana@bank.example,Yes,,auto,on,,No\r\n"            // line 2: fine
                          "Bo,\"Quoted, Name\",bo@bank.example,Maybe,,auto,on,,\r\n"   // line 3: social
                          "Cy,Doe,not-an-address,No,,always,on,,\r\n"                  // line 4: login, calls
                          "Di,Doe,ANA@bank.example,No,,off,off,,\r\n"                  // line 5: duplicate in file
                          "Ed,Doe,taken@bank.example,No,+19999999999,off,on,12,\r\n";  // line 6: exists, number, fwd
  const auto r = upload(csv);
  ASSERT_EQ(r.status, 422) << r.body;
  const auto errors = r.json()["errors"];
  std::set<std::tuple<int, std::string>> seen;
  for (const auto& e : errors) seen.insert({e["line"].get<int>(), e["column"].get<std::string>()});
  const std::set<std::tuple<int, std::string>> expected{
      {3, "social_messaging"}, {4, "email_or_device"},  {4, "monitor_calls"},    {5, "email_or_device"},
      {6, "email_or_device"},  {6, "multiline_number"}, {6, "forwarding_number"}};
  EXPECT_EQ(seen, expected) << r.body;
  EXPECT_EQ(errors[0]["value"], "Maybe");
  EXPECT_EQ(account_count(), 1);
}

TEST_F(AccountImport, AValidFileIsWrittenWithBomQuotesAndCrlf) {
  const std::string csv = "\xEF\xBB\xBF" + std::string(template_header) +
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
  const std::string csv = std::string(template_header) + "Ana,Silva,ana@bank.example,Yes,+12125551000,auto,on,,\n" +
                          "Bo,Lee,bo@bank.example,No,,auto,on,,\n";
  const auto r = upload(csv, "?invite=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["invited"], 2);
  const std::string batch = r.json()["batch_id"];
  const auto ana_code =
      mail_field(server.wait_for_message("ana@bank.example", "account_invitation"), "Activation code");
  ASSERT_TRUE(ana_code);
  EXPECT_TRUE(mail_field(server.wait_for_message("bo@bank.example", "account_invitation"), "Activation code"));
  // The code the import's invitation carries activates the account, with the number of its row.
  const auto activated = server.client().post(
      "/api/v1/activation",
      {{"login", "ana@bank.example"}, {"activation_code", *ana_code}, {"device_number", "+447911123456"}});
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
  const auto group =
      root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Sales"}, {"features", {"voice", "sms"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  const std::string csv = std::string(template_header) + "Ana,Silva,ana@bank.example,Yes,,auto,on,,\n";
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

  r = upload(std::string(template_header) +
             "Ana,Silva,ana@bank.example,Yes,,auto,on,,\n\"Bo,Lee,bo@bank.example,No,,auto,on,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 3);

  r = upload(std::string(template_header) + "An\xff,Silva,ana@bank.example,Yes,,auto,on,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 2);

  r = upload(std::string(template_header) + "Ana,Silva,ana@bank.example,Yes,,auto,on,,No,surprise\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 2);

  r = upload("");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(root.send("POST", "/api/v1/orgs/" + abc + "/accounts/import", "{}", "application/json").status, 415);
  EXPECT_EQ(account_count(), 0);
}

TEST_F(AccountImport, TooManyRowsOrAHugeBodyAreRefusedWhole) {
  std::string csv = template_header;
  csv.reserve(200'002 * 40);
  for (int i = 0; i <= 200'000; ++i) csv += ",,u" + std::to_string(i) + "@bank.example,No,,off,off,,\n";
  auto r = upload(csv);
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 500);
  EXPECT_NE(r.json()["errors"][0]["message"].get<std::string>().find("200000 user rows"), std::string::npos) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 200'002) << "the first row too many";
  EXPECT_EQ(r.json()["error_count"], 1);
  EXPECT_EQ(account_count(), 0);

  // A 1 GB upload is refused from its Content-Length, before the body is read.
  const auto answer =
      raw_exchange(server.port(), "POST /api/v1/orgs/" + abc +
                                      "/accounts/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                                      "Content-Length: 1073741824\r\n\r\n");
  EXPECT_NE(answer.find(" 413 "), std::string::npos) << answer;
}

TEST_F(AccountImport, RestrictingSocialMessagingWithoutItIsALineError) {
  const auto r = upload(std::string(template_header) + "Ana,Silva,ana@bank.example,No,,auto,on,,Yes\n");
  ASSERT_EQ(r.status, 422) << r.body;
  const auto e = r.json()["errors"][0];
  EXPECT_EQ(e["line"], 2);
  EXPECT_EQ(e["column"], "restrict_incoming_social_messaging");
  EXPECT_EQ(e["value"], "Yes");
  EXPECT_EQ(account_count(), 0);
}

}  // namespace
}  // namespace lineport::testing

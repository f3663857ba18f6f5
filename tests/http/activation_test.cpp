// The app's side: numbers to choose from, activation with the invitation's code, the device token
// and the privacy choice; codes replaced on resend; failures that reveal nothing and are limited.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class Activation : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    server.add_admin(abc, "it@abc.example", "abc-admin-password-1");
    server.give_numbers(abc, 8);
  }

  // Invites `login` and returns the activation code from the invitation (the nth one sent).
  std::string invite(const std::string& login, const nlohmann::json& extra = nlohmann::json::object(), int nth = 1) {
    nlohmann::json body = {{"login", login}, {"invite", true}};
    body.update(extra);
    const auto r = root.post("/api/v1/orgs/" + abc + "/accounts", body);
    EXPECT_EQ(r.status, 201) << r.body;
    account_id = r.json()["id"];
    return mail_field(server.wait_for_message(login, "account_invitation", nth), "Activation code").value_or("");
  }

  TestServer server;
  HttpClient root{0};
  HttpClient app = server.client();
  std::string abc, account_id;
};

TEST_F(Activation, WithoutANumberTheUserChoosesOneOfFiveAndActivates) {
  const auto code = invite("ana@bank.example");
  auto r = app.post("/api/v1/activation/numbers", {{"login", "Ana@Bank.example"}, {"activation_code", code}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto offered = r.json()["items"];
  ASSERT_EQ(offered.size(), 5u);

  r = app.post("/api/v1/activation", {{"login", "ana@bank.example"}, {"activation_code", code},
                                      {"device_number", "+447911123456"}, {"multiline_number", offered[2]},
                                      {"platform", "ios"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["multiline_number"], offered[2]);
  EXPECT_GE(r.json()["device_token"].get<std::string>().size(), 32u);

  const auto account = root.get("/api/v1/accounts/" + account_id).json();
  EXPECT_EQ(account["status"], "active");
  EXPECT_EQ(account["device_number"], "+447911123456");
  EXPECT_EQ(account["platform"], "ios");
  EXPECT_EQ(account["multiline_number"], offered[2]);
  EXPECT_FALSE(account["activated_at"].is_null());
  const auto numbers = root.get("/api/v1/orgs/" + abc + "/numbers?status=activated").json();
  ASSERT_EQ(numbers["total"], 1);
  EXPECT_EQ(numbers["items"][0]["number"], offered[2]);

  // The code is spent.
  r = app.post("/api/v1/activation/numbers", {{"login", "ana@bank.example"}, {"activation_code", code}});
  EXPECT_EQ(r.status, 401);
}

TEST_F(Activation, AnAssignedNumberIsTheOnlyChoice) {
  const auto code = invite("bo@bank.example", {{"multiline_number", "+12125551007"}});
  auto r = app.post("/api/v1/activation/numbers", {{"login", "bo@bank.example"}, {"activation_code", code}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["items"], nlohmann::json({"+12125551007"}));
  r = app.post("/api/v1/activation",
               {{"login", "bo@bank.example"}, {"activation_code", code}, {"device_number", "+447911123456"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["multiline_number"], "+12125551007");
}

TEST_F(Activation, ResendReplacesTheCodeAndWrongCodesRevealNothing) {
  const auto first = invite("cy@bank.example");
  ASSERT_EQ(root.post("/api/v1/accounts/invite", {{"account_ids", {account_id}}}).status, 200);
  const auto second =
      mail_field(server.wait_for_message("cy@bank.example", "account_invitation", 2), "Activation code").value_or("");
  ASSERT_FALSE(second.empty());
  ASSERT_NE(first, second);
  EXPECT_EQ(root.get("/api/v1/accounts/" + account_id).json()["invitation_count"], 2);

  const auto old = app.post("/api/v1/activation/numbers", {{"login", "cy@bank.example"}, {"activation_code", first}});
  const auto unknown = app.post("/api/v1/activation/numbers", {{"login", "nobody@bank.example"}, {"activation_code", first}});
  ASSERT_EQ(old.status, 401);
  ASSERT_EQ(unknown.status, 401);
  EXPECT_EQ(old.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(old.code(), "invalid_activation");
  EXPECT_EQ(app.post("/api/v1/activation/numbers", {{"login", "cy@bank.example"}, {"activation_code", second}}).status, 200);
}

TEST_F(Activation, PrivacyOptOutSuspendsAndOptInResumes) {
  const auto code = invite("di@bank.example", {{"multiline_number", "+12125551006"}});
  const auto r = app.post("/api/v1/activation",
                          {{"login", "di@bank.example"}, {"activation_code", code}, {"device_number", "+447911123456"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string token = r.json()["device_token"];

  HttpClient device = server.client();
  EXPECT_EQ(device.send("POST", "/api/v1/app/privacy", "{\"accepted\":false}", "application/json").status, 401);
  const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + token}};
  auto p = device.send("POST", "/api/v1/app/privacy", R"({"accepted":false})", "application/json", bearer);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(root.get("/api/v1/accounts/" + account_id).json()["suspended_reason"], "privacy_opt_out");
  EXPECT_FALSE(server.wait_for_message("it@abc.example", "privacy_opted_out").empty());
  // Only the user resumes an opt-out.
  const auto resume = root.post("/api/v1/accounts/resume", {{"account_ids", {account_id}}}).json();
  EXPECT_EQ(resume["results"][0]["result"], "error");
  p = device.send("POST", "/api/v1/app/privacy", R"({"accepted":true})", "application/json", bearer);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(root.get("/api/v1/accounts/" + account_id).json()["status"], "active");
  EXPECT_FALSE(server.wait_for_message("it@abc.example", "privacy_resumed").empty());
}

TEST_F(Activation, AnActivatedAccountKeepsItsNumberAndLoginEvenWhenSuspended) {
  const auto code = invite("fy@bank.example", {{"multiline_number", "+12125551005"}});
  ASSERT_EQ(app.post("/api/v1/activation", {{"login", "fy@bank.example"}, {"activation_code", code},
                                            {"device_number", "+447911123456"}}).status, 200);
  ASSERT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {account_id}}}).status, 200);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"multiline_number", "+12125551004"}}).status, 422);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"multiline_number", nullptr}}).status, 422);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"login", "other@bank.example"}}).status, 422);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/numbers?status=activated").json()["total"], 1);
}

TEST_F(Activation, ChangingTheLoginRetiresTheCodeSentToTheOldOne) {
  const auto code = invite("gus@bank.example");
  ASSERT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"login", "gus.new@bank.example"}}).status, 200);
  EXPECT_EQ(app.post("/api/v1/activation/numbers", {{"login", "gus.new@bank.example"}, {"activation_code", code}}).status,
            401);
}

TEST_F(Activation, OnlyAnOfferedNumberCanBeChosen) {
  const auto code = invite("hal@bank.example");
  const auto r = app.post("/api/v1/activation", {{"login", "hal@bank.example"}, {"activation_code", code},
                                                 {"device_number", "+447911123456"}, {"multiline_number", "+12125551007"}});
  EXPECT_EQ(r.status, 409) << r.body;  // the eighth number is not among the first five
}

TEST_F(Activation, RepeatedWrongCodesFromOneAddressAre429) {
  invite("ed@bank.example");
  int last = 0;
  for (int i = 0; i < 21; ++i)
    last = app.post("/api/v1/activation/numbers", {{"login", "ed@bank.example"}, {"activation_code", "00000000"}}).status;
  EXPECT_EQ(last, 429);
}

}  // namespace
}  // namespace lineport::testing

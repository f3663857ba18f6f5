// The app's side: numbers to choose from, activation with the invitation's code, the device token
// and the privacy choice; codes replaced on resend; failures that reveal nothing and are limited.

#include <gtest/gtest.h>

#include <fstream>

#include "domain/accounts/invitation.h"
#include "support/mail.h"
#include "support/test_server.h"
#include "util/crypto.h"

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

  r = app.post("/api/v1/activation", {{"login", "ana@bank.example"},
                                      {"activation_code", code},
                                      {"device_number", "+447911123456"},
                                      {"multiline_number", offered[2]},
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
  const auto unknown =
      app.post("/api/v1/activation/numbers", {{"login", "nobody@bank.example"}, {"activation_code", first}});
  ASSERT_EQ(old.status, 401);
  ASSERT_EQ(unknown.status, 401);
  EXPECT_EQ(old.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(old.code(), "invalid_activation");
  EXPECT_EQ(app.post("/api/v1/activation/numbers", {{"login", "cy@bank.example"}, {"activation_code", second}}).status,
            200);
}

// A user who changed phones or reinstalled the app is invited again: the new code activates the
// new phone, whose token replaces the old one; number and status stay, and it is audited.
TEST_F(Activation, AnActiveUserInvitedAgainActivatesANewPhoneAndKeepsNumberAndStatus) {
  const auto first = invite("ho@bank.example", {{"multiline_number", "+12125551003"}});
  const auto activated =
      app.post("/api/v1/activation",
               {{"login", "ho@bank.example"}, {"activation_code", first}, {"device_number", "+447911000001"}});
  ASSERT_EQ(activated.status, 200) << activated.body;
  const std::string old_token = activated.json()["device_token"];

  const auto resent = root.post("/api/v1/accounts/invite", {{"account_ids", {account_id}}});
  ASSERT_EQ(resent.status, 200) << resent.body;
  EXPECT_EQ(resent.json()["results"][0]["result"], "ok") << resent.body;
  const auto second =
      mail_field(server.wait_for_message("ho@bank.example", "account_invitation", 2), "Activation code").value_or("");
  ASSERT_EQ(second.size(), 8u);
  EXPECT_EQ(root.get("/api/v1/accounts/" + account_id).json()["status"],
            "active");  // until then, too

  const auto numbers =
      app.post("/api/v1/activation/numbers", {{"login", "ho@bank.example"}, {"activation_code", second}});
  ASSERT_EQ(numbers.status, 200) << numbers.body;
  EXPECT_EQ(numbers.json()["items"], nlohmann::json({"+12125551003"}));
  const auto again = app.post("/api/v1/activation", {{"login", "ho@bank.example"},
                                                     {"activation_code", second},
                                                     {"device_number", "+447911000002"},
                                                     {"platform", "android"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["multiline_number"], "+12125551003");
  const std::string new_token = again.json()["device_token"];
  EXPECT_NE(new_token, old_token);

  const auto account = root.get("/api/v1/accounts/" + account_id).json();
  EXPECT_EQ(account["status"], "active");
  EXPECT_EQ(account["multiline_number"], "+12125551003");
  EXPECT_EQ(account["device_number"], "+447911000002");
  EXPECT_EQ(account["platform"], "android");
  EXPECT_EQ(account["invitation_count"], 2);

  const auto privacy = [&](const std::string& token) {
    return server.client()
        .send("POST", "/api/v1/app/privacy", R"({"accepted":true})", "application/json",
              {{"Authorization", "Bearer " + token}})
        .status;
  };
  EXPECT_EQ(privacy(old_token), 401) << "the old phone stops working";
  EXPECT_EQ(privacy(new_token), 200);
  EXPECT_EQ(app.post("/api/v1/activation",
                     {{"login", "ho@bank.example"}, {"activation_code", second}, {"device_number", "+447911000003"}})
                .status,
            401)
      << "the code is single use";
  const auto audited = server.db().read([&](storage::Connection& c) {
    return c
        .query({"test.reactivations",
                "SELECT COUNT(*) FROM audit_log WHERE action = 'account.reactivate' AND target_id "
                "= $1"},
               {account_id})
        .one()
        .integer(0);
  });
  EXPECT_EQ(audited, 1);
}

// One suspended before it was ever activated has nothing to activate into: resume it first.
TEST_F(Activation, ASuspendedAccountNeverActivatedIsNotInvitedAgain) {
  invite("iv@bank.example");
  ASSERT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {account_id}}}).status, 200);
  const auto resent = root.post("/api/v1/accounts/invite", {{"account_ids", {account_id}}});
  ASSERT_EQ(resent.status, 200);
  EXPECT_EQ(resent.json()["results"][0]["result"], "error");
  EXPECT_NE(resent.json()["results"][0]["message"].get<std::string>().find("resume it"), std::string::npos);
}

TEST_F(Activation, PrivacyOptOutSuspendsAndOptInResumes) {
  const auto code = invite("di@bank.example", {{"multiline_number", "+12125551006"}});
  const auto r =
      app.post("/api/v1/activation",
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
  ASSERT_EQ(app.post("/api/v1/activation",
                     {{"login", "fy@bank.example"}, {"activation_code", code}, {"device_number", "+447911123456"}})
                .status,
            200);
  ASSERT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {account_id}}}).status, 200);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"multiline_number", "+12125551004"}}).status, 422);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"multiline_number", nullptr}}).status, 422);
  EXPECT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"login", "other@bank.example"}}).status, 422);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/numbers?status=activated").json()["total"], 1);
}

TEST_F(Activation, ChangingTheLoginRetiresTheCodeSentToTheOldOne) {
  const auto code = invite("gus@bank.example");
  ASSERT_EQ(root.patch("/api/v1/accounts/" + account_id, {{"login", "gus.new@bank.example"}}).status, 200);
  EXPECT_EQ(
      app.post("/api/v1/activation/numbers", {{"login", "gus.new@bank.example"}, {"activation_code", code}}).status,
      401);
}

TEST_F(Activation, OnlyAnOfferedNumberCanBeChosen) {
  const auto code = invite("hal@bank.example");
  const auto r = app.post("/api/v1/activation", {{"login", "hal@bank.example"},
                                                 {"activation_code", code},
                                                 {"device_number", "+447911123456"},
                                                 {"multiline_number", "+12125551007"}});
  EXPECT_EQ(r.status, 409) << r.body;  // the eighth number is not among the first five
}

// The portal's activation page (/activate?login=…&code=…) shows the invitation only to whoever
// holds both its login and its code: a wrong login and a wrong code get the same answer, and each
// counts against the login and the address like a wrong code given to the app.
TEST_F(Activation, TheActivationPageShowsTheInvitationOnlyWithItsLoginAndCode) {
  const auto code = invite("ana@bank.example", {{"first_name", "Ana"}, {"last_name", "Silva"}});
  ASSERT_EQ(code.size(), 8u);
  const std::string wrong = code == "00000000" ? "11111111" : "00000000";

  auto r = app.post("/api/v1/activation/invitation", {{"login", "Ana@Bank.example"}, {"activation_code", code}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto card = r.json();
  EXPECT_EQ(card["first_name"], "Ana");
  EXPECT_EQ(card["last_name"], "Silva");
  EXPECT_EQ(card["login"], "ana@bank.example");
  EXPECT_EQ(card["org_name"], "ABC Bank");
  EXPECT_EQ(card["activation_code"], code);
  EXPECT_NE(card["activation_link"].get<std::string>().find("/activate?login=ana%40bank.example&code=" + code),
            std::string::npos);
  const std::string qr = card["qr_code"];
  ASSERT_TRUE(qr.starts_with("data:image/png;base64,")) << qr.substr(0, 40);
  const auto png = crypto::from_base64(qr.substr(std::string("data:image/png;base64,").size()));
  ASSERT_TRUE(png.has_value());
  EXPECT_TRUE(png->starts_with("\x89PNG")) << "a PNG image";
  EXPECT_EQ(r.header("cache-control"), "no-store");

  const auto wrong_code =
      app.post("/api/v1/activation/invitation", {{"login", "ana@bank.example"}, {"activation_code", wrong}});
  const auto wrong_login =
      app.post("/api/v1/activation/invitation", {{"login", "nobody@bank.example"}, {"activation_code", code}});
  EXPECT_EQ(wrong_code.status, 401);
  EXPECT_EQ(wrong_login.status, 401);
  EXPECT_EQ(wrong_code.code(), "invalid_activation");
  EXPECT_EQ(wrong_code.json()["detail"], wrong_login.json()["detail"]);
  EXPECT_EQ(wrong_code.body.find("Ana"), std::string::npos);

  // Four more wrong codes on the page make five for the login: the app's right code now waits too.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(
        app.post("/api/v1/activation/invitation", {{"login", "ana@bank.example"}, {"activation_code", wrong}}).status,
        401);
  const auto page =
      app.post("/api/v1/activation/invitation", {{"login", "ana@bank.example"}, {"activation_code", code}});
  EXPECT_EQ(page.status, 429);
  EXPECT_FALSE(page.header("retry-after").empty());
  EXPECT_EQ(app.post("/api/v1/activation/numbers", {{"login", "ana@bank.example"}, {"activation_code", code}}).status,
            429);
}

TEST_F(Activation, RepeatedWrongCodesFromOneAddressAre429) {
  invite("ed@bank.example");
  int last = 0;
  for (int i = 0; i < 21; ++i)
    last =
        app.post("/api/v1/activation/numbers", {{"login", "ed@bank.example"}, {"activation_code", "00000000"}}).status;
  EXPECT_EQ(last, 429);
}

// Someone who knows a login cannot kill its invitation by guessing from many addresses: past five
// wrong codes the login is slowed down (a wait that doubles with every further wrong code), the
// organization's administrators are alerted, and the right code still works after the wait.
TEST(ActivationGuessing, WrongCodesSlowTheLoginDownWithoutKillingTheCode) {
  TestServer server([](app::Config& config) { config.trusted_proxy = "127.0.0.1"; });
  auto root = server.root_client();
  const std::string abc =
      root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
  server.add_admin(abc, "it@abc.example", "abc-admin-password-1");
  server.give_numbers(abc, 2);
  ASSERT_EQ(root.post("/api/v1/orgs/" + abc + "/accounts", {{"login", "fi@bank.example"}, {"invite", true}}).status,
            201);
  const auto code =
      mail_field(server.wait_for_message("fi@bank.example", "account_invitation"), "Activation code").value_or("");
  ASSERT_EQ(code.size(), 8u);
  const std::string wrong = code == "00000000" ? "11111111" : "00000000";

  auto guess = [&](int from, const std::string& tried) {
    return server.client().send("POST", "/api/v1/activation/numbers",
                                nlohmann::json{{"login", "fi@bank.example"}, {"activation_code", tried}}.dump(),
                                "application/json", {{"X-Forwarded-For", "10.0.0." + std::to_string(from)}});
  };
  std::vector<int> statuses;
  for (int i = 1; i <= 10; ++i) statuses.push_back(guess(i, wrong).status);
  EXPECT_EQ(statuses, (std::vector<int>{401, 401, 401, 401, 401, 429, 429, 429, 429, 429}));
  const auto waiting = guess(11, code);
  EXPECT_EQ(waiting.status, 429);
  EXPECT_EQ(waiting.header("retry-after"), "60");
  EXPECT_FALSE(server.wait_for_message("it@abc.example", "suspicious_login_activity").empty());

  // The wait doubles with every wrong code after it.
  server.clock().advance(60);
  EXPECT_EQ(guess(12, wrong).status, 401);
  EXPECT_EQ(guess(13, code).header("retry-after"), "120");
  server.clock().advance(120);
  EXPECT_EQ(guess(14, code).status, 200) << "the invitation still works";
  EXPECT_TRUE(server.wait_for_message("it@abc.example", "suspicious_login_activity", 2).empty()) << "one alert a day";
}

// Codes are kept as HMACs with the server's secret key: the stored value is neither the code nor
// its plain SHA-256, and a server given another key refuses to start rather than fail every code.
TEST(ActivationGuessing, CodesAreKeptAsKeyedHashesAndTheKeyIsChecked) {
  TestServer server;
  auto root = server.root_client();
  const std::string abc =
      root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC"}}).json()["id"];
  server.give_numbers(abc, 1);
  const auto created = root.post("/api/v1/orgs/" + abc + "/accounts", {{"login", "gu@bank.example"}, {"invite", true}});
  ASSERT_EQ(created.status, 201);
  const auto code =
      mail_field(server.wait_for_message("gu@bank.example", "account_invitation"), "Activation code").value_or("");
  const auto stored = server.db().read([&](storage::Connection& c) {
    return c
        .query({"test.hash", "SELECT activation_code_hash FROM accounts WHERE id = $1"},
               {created.json()["id"].get<std::string>()})
        .one()
        .text(0);
  });
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find(code), std::string::npos);
  EXPECT_NE(stored, crypto::sha256_hex(code));
  // What the server would make with the key it was given.
  std::ifstream in(server.secret_key_file());
  std::string key;
  std::getline(in, key);
  EXPECT_EQ(stored, accounts::ActivationCodes(key).hash(code));
  EXPECT_NE(stored, accounts::ActivationCodes(key + "x").hash(code));
}

}  // namespace
}  // namespace lineport::testing

// Organization email templates: every mail the portal sends may be rewritten per organization and
// language, inherited down the tree; the mails actually sent use the text in force; what a message
// needs (the password, the reset link, the PIN) cannot be dropped; previews; privileges.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

const std::string reset_text = "Hello {{first_name}},\nReset link: {{reset_link}}\nABC Bank service desk\n";

class EmailTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
  }

  static std::string path(const std::string& org, const std::string& rest = "") {
    return "/api/v1/orgs/" + org + "/email-templates" + rest;
  }

  static HttpResult put(HttpClient& c, const std::string& org, const std::string& message_language,
                        const nlohmann::json& body) {
    return c.send("PUT", path(org, "/" + message_language), body.dump(), "application/json");
  }

  nlohmann::json item(HttpClient& c, const std::string& org, const std::string& message, const std::string& language) {
    const auto list = c.get(path(org));
    EXPECT_EQ(list.status, 200) << list.body;
    const auto body = list.json();
    for (const auto& i : body["items"])
      if (i["message"] == message && i["language"] == language) return i;
    ADD_FAILURE() << message << "/" << language << " not listed";
    return {};
  }

  // Asks for a password reset of `email` and returns the mail that was sent.
  std::string reset_mail(const std::string& email, std::size_t nth) {
    EXPECT_EQ(server.client().post("/api/v1/auth/forgot", {{"email", email}}).status, 202);
    return server.wait_for_message(email, "password_reset", nth);
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(EmailTemplates, ListsEveryMessageInEachLanguageWithWhatItMayAndMustUse) {
  const auto list = root.get(path(retail));
  ASSERT_EQ(list.status, 200) << list.body;
  const auto body = list.json();
  const auto& items = body["items"];
  ASSERT_EQ(items.size(), 63u);
  EXPECT_EQ(items[0]["message"], "admin_invitation");
  EXPECT_EQ(items[0]["language"], "en");
  EXPECT_EQ(items[2]["language"], "pt");
  EXPECT_EQ(items[3]["message"], "password_reset");
  EXPECT_EQ(items[15]["message"], "webhook_disabled");
  EXPECT_EQ(items[62]["message"], "batch_operations_report");
  for (const auto& i : items) {
    SCOPED_TRACE(i["message"].get<std::string>() + "/" + i["language"].get<std::string>());
    EXPECT_TRUE(i["built_in"].get<bool>());
    EXPECT_FALSE(i["own"].get<bool>());
    EXPECT_EQ(i["source_org_id"], server.root_org_id());
    EXPECT_FALSE(i["subject"].get<std::string>().empty());
    for (const auto* language : {"en", "es", "pt"}) EXPECT_FALSE(i["name"][language].get<std::string>().empty());
    // The shipped text uses only the message's placeholders and every required one.
    for (const auto& required : i["required_placeholders"])
      EXPECT_NE(i["text"].get<std::string>().find("{{" + required.get<std::string>() + "}}"), std::string::npos);
  }
  const auto reset = item(root, retail, "password_reset", "es");
  EXPECT_EQ(reset["name"]["es"], "Restablecimiento de contraseña");
  EXPECT_EQ(item(root, retail, "account_moved", "en")["name"]["en"], "Account Moved");  // as Manage Alerts names it
  EXPECT_EQ(reset["required_placeholders"], nlohmann::json({"reset_link"}));
  EXPECT_NE(std::find(reset["placeholders"].begin(), reset["placeholders"].end(), "expires_minutes"),
            reset["placeholders"].end());
  EXPECT_EQ(item(root, retail, "admin_invitation", "en")["required_placeholders"],
            nlohmann::json({"login", "password"}));
  EXPECT_EQ(item(root, retail, "two_factor_pin", "pt")["required_placeholders"], nlohmann::json({"pin"}));
}

TEST_F(EmailTemplates, TheMailSentUsesTheNearestTemplateUntilItIsReset) {
  server.add_admin(retail, "teller@abc.example", "a-long-password-1");
  const auto before = reset_mail("teller@abc.example", 1);
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(before.find("ABC Bank service desk"), std::string::npos);

  // Set on ABC Bank: Retail inherits it; the root's own administrators keep the default.
  const auto saved =
      put(root, abc, "password_reset/en", {{"subject", "  ABC: reset your password  "}, {"text", reset_text}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json()["subject"], "ABC: reset your password");
  EXPECT_TRUE(saved.json()["own"].get<bool>());
  EXPECT_EQ(saved.json()["updated_by"], root_email);
  ASSERT_EQ(put(root, abc, "password_reset/es", {{"subject", "ABC: restablecer"}, {"text", reset_text}}).status, 200);
  const auto inherited = item(root, retail, "password_reset", "en");
  EXPECT_FALSE(inherited["own"].get<bool>());
  EXPECT_FALSE(inherited["built_in"].get<bool>());
  EXPECT_EQ(inherited["source_org_id"], abc);
  EXPECT_EQ(inherited["source_org_name"], "ABC Bank");
  EXPECT_TRUE(item(root, retail, "password_reset", "pt")["built_in"].get<bool>());

  const auto custom = reset_mail("teller@abc.example", 2);
  EXPECT_NE(custom.find("Subject: ABC: reset your password"), std::string::npos) << custom;
  EXPECT_NE(custom.find("ABC Bank service desk"), std::string::npos);
  const auto link = mail_field(custom, "Reset link");
  ASSERT_TRUE(link.has_value());
  EXPECT_NE(link->find("/reset-password?token="), std::string::npos);
  EXPECT_EQ(reset_mail(root_email, 1).find("ABC Bank service desk"), std::string::npos);

  // Reset on ABC Bank: back to the default; a second reset finds nothing of its own.
  EXPECT_EQ(root.del(path(abc, "/password_reset/en")).status, 204);
  EXPECT_EQ(root.del(path(abc, "/password_reset/en")).status, 404);
  EXPECT_TRUE(item(root, retail, "password_reset", "en")["built_in"].get<bool>());
  EXPECT_EQ(reset_mail("teller@abc.example", 3).find("ABC Bank service desk"), std::string::npos);
}

TEST_F(EmailTemplates, AnAdministratorsInvitationCarriesThePasswordThroughTheOrganizationsText) {
  ASSERT_EQ(put(root, abc, "admin_invitation/en",
                {{"subject", "Welcome to {{org_name}}"},
                 {"text", "Dear {{first_name}} {{last_name}},\nLogin: {{login}}\nPassword: {{password}}\n"},
                 {"html", "<p>{{first_name}} &amp; {{org_name}}</p><p>{{login}} / {{password}}</p>"}})
                .status,
            200);
  const auto role =
      root.post("/api/v1/orgs/" + retail + "/roles", {{"name", "Tellers"}, {"privileges", {"accounts"}}}).json()["id"];
  ASSERT_EQ(root.post("/api/v1/orgs/" + retail + "/admins",
                      {{"first_name", "Ana"}, {"last_name", "Silva"}, {"email", "ana@abc.example"}, {"role_id", role}})
                .status,
            201);
  const auto mail = server.wait_for_message("ana@abc.example", "admin_invitation");
  EXPECT_NE(mail.find("Subject: Welcome to Retail"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Dear Ana Silva"), std::string::npos);
  const auto password = mail_field(mail, "Password");
  ASSERT_TRUE(password.has_value());
  EXPECT_EQ(server.client().sign_in("ana@abc.example", *password).status, 200);
}

TEST_F(EmailTemplates, ATemplateThatDropsWhatTheMessageNeedsIsRefusedAndNothingIsSaved) {
  const auto expect_422 = [&](const std::string& key, const nlohmann::json& body, const std::string& field,
                              const std::string& words) {
    const auto r = put(root, abc, key, body);
    ASSERT_EQ(r.status, 422) << r.body;
    const auto errors = r.json()["errors"];
    const bool named = std::any_of(errors.begin(), errors.end(), [&](const auto& e) {
      return e["field"] == field && e["message"].template get<std::string>().find(words) != std::string::npos;
    });
    EXPECT_TRUE(named) << r.body;
  };
  expect_422("password_reset/en", {{"subject", "x"}, {"text", "Hello {{first_name}}"}}, "text", "{{reset_link}}");
  expect_422("password_reset/en", {{"subject", "x"}, {"text", reset_text}, {"html", "<p>{{first_name}}</p>"}}, "html",
             "{{reset_link}}");
  expect_422("admin_invitation/en", {{"subject", "x"}, {"text", "Login: {{login}}"}}, "text", "{{password}}");
  expect_422("two_factor_pin/pt", {{"subject", "x"}, {"text", "Olá"}}, "text", "{{pin}}");
  expect_422("password_reset/en", {{"subject", "x"}, {"text", reset_text + "{{activation_code}}"}}, "text",
             "Unknown placeholder {{activation_code}}");
  expect_422("password_reset/en", {{"subject", " "}, {"text", reset_text}}, "subject", "required");
  expect_422("account_added/en", {{"subject", "{{account_name}}"}, {"text", "{{password}}"}}, "text",
             "Unknown placeholder {{password}}");
  expect_422("no_such_message/en", {{"subject", "x"}, {"text", "y"}}, "message", "Must be one of");
  expect_422("password_reset/fr", {{"subject", "x"}, {"text", reset_text}}, "language", "en, es, pt");
  // An alert needs nothing in particular.
  EXPECT_EQ(put(root, abc, "account_added/en", {{"subject", "New user"}, {"text", "{{account_name}} joined."}}).status,
            200);
  EXPECT_TRUE(item(root, abc, "password_reset", "en")["built_in"].get<bool>());
  EXPECT_TRUE(item(root, abc, "two_factor_pin", "pt")["built_in"].get<bool>());
}

TEST_F(EmailTemplates, PreviewRendersExampleValuesEscapedInHtml) {
  ASSERT_EQ(
      root.send("PATCH", "/api/v1/orgs/" + abc, nlohmann::json({{"name", "ABC <Bank>"}}).dump(), "application/json")
          .status,
      200);
  const auto given = root.post(path(abc, "/preview"), {{"message", "password_reset"},
                                                       {"language", "en"},
                                                       {"subject", "Reset for {{first_name}}"},
                                                       {"text", reset_text},
                                                       {"html", "<p>{{reset_link}}</p>"}});
  ASSERT_EQ(given.status, 200) << given.body;
  EXPECT_EQ(given.json()["subject"], "Reset for Alex");
  EXPECT_NE(given.json()["text"].get<std::string>().find("Reset link: http"), std::string::npos);
  EXPECT_EQ(given.json()["html"].get<std::string>().find("{{"), std::string::npos);

  // The text in force (the default) of an alert, with the organization's name escaped in HTML.
  const auto in_force =
      root.post(path(abc, "/preview"), {{"message", "suspicious_login_activity"}, {"language", "es"}});
  ASSERT_EQ(in_force.status, 200) << in_force.body;
  EXPECT_EQ(in_force.json()["text"].get<std::string>().find("{{"), std::string::npos);
  EXPECT_NE(in_force.json()["text"].get<std::string>().find("203.0.113.7"), std::string::npos);

  const auto bad = root.post(path(abc, "/preview"), {{"message", "password_reset"}, {"language", "en"}, {"text", "x"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(root.post(path(abc, "/preview"), {{"message", "nope"}, {"language", "en"}}).status, 422);
}

TEST_F(EmailTemplates, ViewingAndChangingNeedTheTemplatePrivilegesOnTheOrganization) {
  HttpClient viewer = server.admin_with_privileges(abc, {"setup.view.invitation_templates"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get(path(retail)).status, 200);
  EXPECT_EQ(viewer.post(path(retail, "/preview"), {{"message", "password_reset"}, {"language", "en"}}).status, 200);
  EXPECT_EQ(put(viewer, retail, "password_reset/en", {{"subject", "x"}, {"text", reset_text}}).status, 403);
  EXPECT_EQ(viewer.del(path(retail, "/password_reset/en")).status, 403);
  // Above its organization, or in another tenant: not found.
  EXPECT_EQ(viewer.get(path(server.root_org_id())).status, 404);
  const auto other = add_child_org(root, server.root_org_id(), "Other Corp");
  EXPECT_EQ(viewer.get(path(other)).status, 404);

  HttpClient editor = server.admin_with_privileges(
      abc, {"setup.view.invitation_templates", "setup.edit.invitation_templates"}, "editor@abc.example");
  EXPECT_EQ(put(editor, retail, "password_reset/en", {{"subject", "x"}, {"text", reset_text}}).status, 200);
  EXPECT_EQ(put(editor, other, "password_reset/en", {{"subject", "x"}, {"text", reset_text}}).status, 404);
  EXPECT_TRUE(item(root, other, "password_reset", "en")["built_in"].get<bool>());
}

}  // namespace
}  // namespace lineport::testing

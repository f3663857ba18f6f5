// Invitation templates: built-in defaults, per-organization overrides inherited down the tree,
// validation, previews, privileges and scope; and render_invitation on the real database.

#include "domain/invitations/invitation_templates.h"

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"
#include "util/crypto.h"
#include "util/qr_code.h"

namespace lineport::testing {
namespace {

const std::string valid_text = "Hi {{first_name}}\nLogin: {{login}}\nActivation code: {{activation_code}}\n";
const std::string valid_html = "<p>{{qr_code}}</p><p>{{first_name}} / {{org_name}}: {{login}} {{activation_code}}</p>";

class InvitationTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
    branch = add_child_org(root, retail, "Branch 12");
  }

  static std::string path(const std::string& org, const std::string& rest = "") {
    return "/api/v1/orgs/" + org + "/invitation-templates" + rest;
  }

  static HttpResult put(HttpClient& c, const std::string& org, const std::string& channel_language,
                        const nlohmann::json& body) {
    return c.send("PUT", path(org, "/" + channel_language), body.dump(), "application/json");
  }

  // The listed item for channel/language.
  nlohmann::json item(HttpClient& c, const std::string& org, const std::string& channel, const std::string& language) {
    const auto list = c.get(path(org));
    EXPECT_EQ(list.status, 200) << list.body;
    const auto body = list.json();
    for (const auto& i : body["items"])
      if (i["channel"] == channel && i["language"] == language) return i;
    ADD_FAILURE() << channel << "/" << language << " not listed";
    return {};
  }

  // An administrator of `org` whose role (defined there) holds `privileges`.
  HttpClient admin_with(const std::string& org, const nlohmann::json& privileges, const std::string& email) {
    const auto role = root.post("/api/v1/orgs/" + org + "/roles", {{"name", email}, {"privileges", privileges}});
    EXPECT_EQ(role.status, 201) << role.body;
    const auto invited =
        root.post("/api/v1/orgs/" + org + "/admins",
                  {{"first_name", "T"}, {"last_name", "Admin"}, {"email", email}, {"role_id", role.json()["id"]}});
    EXPECT_EQ(invited.status, 201) << invited.body;
    const auto password = mail_field(server.wait_for_message(email, "admin_invitation"), "Password").value_or("");
    HttpClient c = server.client();
    EXPECT_EQ(c.sign_in(email, password).status, 200);
    EXPECT_EQ(
        c.post("/api/v1/auth/password", {{"current_password", password}, {"new_password", "a-new-password-77"}}).status,
        204);
    return c;
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail, branch;
};

TEST_F(InvitationTemplates, ListShowsTheBuiltInDefaultsFromTheRoot) {
  const auto list = root.get(path(branch));
  ASSERT_EQ(list.status, 200) << list.body;
  const auto body = list.json();
  const auto& items = body["items"];
  ASSERT_EQ(items.size(), 6u);
  std::vector<std::string> keys;
  for (const auto& i : items) {
    keys.push_back(i["channel"].get<std::string>() + "/" + i["language"].get<std::string>());
    EXPECT_FALSE(i["own"].get<bool>());
    EXPECT_TRUE(i["built_in"].get<bool>());
    EXPECT_EQ(i["source_org_id"], server.root_org_id());
    EXPECT_FALSE(i["source_org_name"].get<std::string>().empty());
    EXPECT_TRUE(i["updated_at"].is_null());
    const bool email = i["channel"] == "email";
    EXPECT_EQ(i["subject"].is_string(), email);
    EXPECT_EQ(i["html"].is_string(), email);
    EXPECT_NE(i["text"].get<std::string>().find("{{activation_code}}"), std::string::npos);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"email/en", "email/es", "email/pt", "sms/en", "sms/es", "sms/pt"}));
  EXPECT_NE(items[0]["text"].get<std::string>().find("\nActivation code: {{activation_code}}\n"), std::string::npos);
  EXPECT_NE(items[0]["html"].get<std::string>().find("{{qr_code}}"), std::string::npos);
}

TEST_F(InvitationTemplates, AnOverrideIsInheritedBelowButNotAboveAndDeleteReverts) {
  const auto saved =
      put(root, retail, "email/en", {{"subject", "  Join {{org_name}}  "}, {"text", valid_text}, {"html", valid_html}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const auto s = saved.json();
  EXPECT_EQ(s["subject"], "Join {{org_name}}");
  EXPECT_EQ(s["text"], valid_text);
  EXPECT_EQ(s["html"], valid_html);
  EXPECT_TRUE(s["own"].get<bool>());
  EXPECT_FALSE(s["built_in"].get<bool>());
  EXPECT_EQ(s["source_org_id"], retail);
  EXPECT_EQ(s["updated_by"], root_email);
  EXPECT_TRUE(s["updated_at"].is_string());

  const auto below = item(root, branch, "email", "en");
  EXPECT_FALSE(below["own"].get<bool>());
  EXPECT_EQ(below["source_org_id"], retail);
  EXPECT_EQ(below["source_org_name"], "Retail");
  EXPECT_EQ(below["text"], valid_text);
  // Other languages and channels, and the parent, keep the built-in template.
  EXPECT_TRUE(item(root, branch, "email", "es")["built_in"].get<bool>());
  EXPECT_TRUE(item(root, branch, "sms", "en")["built_in"].get<bool>());
  EXPECT_TRUE(item(root, abc, "email", "en")["built_in"].get<bool>());

  // A nearer override wins; saving again replaces it.
  ASSERT_EQ(put(root, branch, "email/en", {{"subject", "Branch"}, {"text", valid_text}}).status, 200);
  EXPECT_EQ(item(root, branch, "email", "en")["source_org_id"], branch);
  EXPECT_TRUE(item(root, branch, "email", "en")["html"].is_null());
  ASSERT_EQ(put(root, branch, "email/en", {{"subject", "Branch 2"}, {"text", valid_text}, {"html", nullptr}}).status,
            200);
  EXPECT_EQ(item(root, branch, "email", "en")["subject"], "Branch 2");

  EXPECT_EQ(root.del(path(branch, "/email/en")).status, 204);
  EXPECT_EQ(item(root, branch, "email", "en")["source_org_id"], retail);
  EXPECT_EQ(root.del(path(retail, "/email/en")).status, 204);
  EXPECT_TRUE(item(root, branch, "email", "en")["built_in"].get<bool>());
  const auto again = root.del(path(retail, "/email/en"));
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.code(), "not_found");

  // Both changes are in the audit log.
  const auto actions = server.db().read([&](storage::Connection& c) {
    return c
        .query({"test.audit",
                "SELECT action, target_id FROM audit_log WHERE org_id = $1 AND action LIKE "
                "'invitation_template.%' ORDER BY seq"},
               {retail})
        .rows;
  });
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].text(0), "invitation_template.update");
  EXPECT_EQ(actions[0].text(1), "email.en");
  EXPECT_EQ(actions[1].text(0), "invitation_template.delete");
}

TEST_F(InvitationTemplates, SmsTemplatesHaveOnlyAText) {
  const auto saved = put(root, abc, "sms/es", {{"text", "Hola {{first_name}}: {{login}} / {{activation_code}}"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_TRUE(saved.json()["subject"].is_null());
  EXPECT_TRUE(saved.json()["html"].is_null());
  EXPECT_EQ(item(root, retail, "sms", "es")["source_org_name"], "ABC Bank");
}

TEST_F(InvitationTemplates, TemplatesThatDropOrInventPlaceholdersAreRefused) {
  auto expect_422 = [&](const std::string& key, const nlohmann::json& body, const std::string& field,
                        const std::string& message) {
    const auto r = put(root, retail, key, body);
    ASSERT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), "validation_failed");
    bool found = false;
    const auto problem = r.json();
    for (const auto& e : problem["errors"])
      found = found || (e["field"] == field && e["message"].get<std::string>().find(message) != std::string::npos);
    EXPECT_TRUE(found) << r.body;
  };
  expect_422("email/en", {{"subject", "x"}, {"text", "Login: {{login}}"}}, "text", "{{activation_code}}");
  expect_422("email/en", {{"subject", "x"}, {"text", "Code: {{activation_code}}"}}, "text", "{{login}}");
  expect_422("email/en", {{"subject", "x"}, {"text", valid_text}, {"html", "<p>{{activation_code}}</p>"}}, "html",
             "{{login}}");
  expect_422("email/en", {{"subject", "x"}, {"text", valid_text + "{{password}}"}}, "text",
             "Unknown placeholder {{password}}");
  expect_422("email/en", {{"subject", "x"}, {"text", valid_text + "{{qr_code}}"}}, "text", "only in the HTML");
  expect_422("email/en", {{"text", valid_text}}, "subject", "Is required");
  expect_422("email/en", {{"subject", "a\nb"}, {"text", valid_text}}, "subject", "one line");
  expect_422("sms/en", {{"text", valid_text}, {"html", valid_html}}, "html", "An SMS has no HTML body");
  expect_422("sms/en", {{"text", std::string(1001, 'x') + valid_text}}, "text", "at most 1000 characters");
  expect_422("fax/en", {{"text", valid_text}}, "channel", "email or sms");
  expect_422("email/fr", {{"subject", "x"}, {"text", valid_text}}, "language", "en, es, pt");
  expect_422("email/en", {{"subject", "x"}, {"text", valid_text}, {"colour", "red"}}, "colour", "Unknown field");
  // Nothing was saved.
  EXPECT_TRUE(item(root, retail, "email", "en")["built_in"].get<bool>());
  EXPECT_TRUE(item(root, retail, "sms", "en")["built_in"].get<bool>());
}

TEST_F(InvitationTemplates, PreviewRendersSampleValuesAndEscapesThemInHtml) {
  const std::string bold = add_child_org(root, server.root_org_id(), "<b>Bold</b> & Co");
  const auto effective = root.post(path(bold, "/preview"), {{"channel", "email"}, {"language", "en"}});
  ASSERT_EQ(effective.status, 200) << effective.body;
  const auto p = effective.json();
  EXPECT_EQ(p["subject"], "Your MultiLine business number from <b>Bold</b> & Co");
  const std::string text = p["text"];
  EXPECT_NE(text.find("<b>Bold</b> & Co invites you"), std::string::npos) << text;
  EXPECT_NE(text.find("\nLogin: alex.morgan@example.com\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nActivation code: "), std::string::npos) << text;
  const std::string html = p["html"];
  EXPECT_EQ(html.find("<b>Bold</b>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;Bold&lt;/b&gt; &amp; Co invites you"), std::string::npos) << html;
  // The QR code comes inline as a PNG (the portal's Content-Security-Policy allows data: images,
  // never cid:), so the preview shows it: the image of the sample activation link.
  EXPECT_EQ(html.find("cid:"), std::string::npos) << html;
  const std::string src_prefix = "<img src=\"data:image/png;base64,";
  const auto src_at = html.find(src_prefix);
  ASSERT_NE(src_at, std::string::npos) << html;
  const auto base64_at = src_at + src_prefix.size();
  const auto png = lineport::crypto::from_base64(html.substr(base64_at, html.find('"', base64_at) - base64_at));
  ASSERT_TRUE(png.has_value());
  // The link as the text part gives it.
  const std::string link_tail = "/activate?code=58203746";
  const auto link_end = text.find(link_tail);
  ASSERT_NE(link_end, std::string::npos) << text;
  const auto link_start = text.find_last_of(" \n", link_end) + 1;
  EXPECT_EQ(*png, lineport::qr::qr_png(text.substr(link_start, link_end + link_tail.size() - link_start)));

  // A template being edited, before it is saved.
  const auto draft = root.post(path(bold, "/preview"), {{"channel", "email"},
                                                        {"language", "pt"},
                                                        {"subject", "Oi {{first_name}}"},
                                                        {"text", valid_text},
                                                        {"html", valid_html}});
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json()["subject"], "Oi Alex");
  EXPECT_TRUE(draft.json()["text"].get<std::string>().starts_with("Hi Alex\nLogin: alex.morgan@example.com\n"));
  EXPECT_NE(draft.json()["html"].get<std::string>().find("Alex / &lt;b&gt;Bold&lt;/b&gt; &amp; Co: "),
            std::string::npos);
  EXPECT_NE(draft.json()["html"].get<std::string>().find("alt=\"Código QR do seu link de ativação\""),
            std::string::npos);
  EXPECT_EQ(item(root, bold, "email", "pt")["built_in"], true);  // a preview saves nothing

  const auto sms = root.post(path(bold, "/preview"), {{"channel", "sms"}, {"language", "en"}});
  ASSERT_EQ(sms.status, 200) << sms.body;
  EXPECT_EQ(sms.json()["subject"], "");
  EXPECT_TRUE(sms.json()["html"].is_null());
  EXPECT_NE(sms.json()["text"].get<std::string>().find("Login: +1"), std::string::npos);

  // Validated like a save.
  const auto bad = root.post(path(bold, "/preview"), {{"channel", "sms"}, {"language", "en"}, {"text", "{{login}}"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "text");
  EXPECT_EQ(root.post(path(bold, "/preview"), {{"language", "en"}}).status, 422);
}

TEST_F(InvitationTemplates, PrivilegesAndScope) {
  auto nothing = admin_with(abc, {"dashboard"}, "nothing@abc.example");
  EXPECT_EQ(nothing.get(path(abc)).status, 403);
  EXPECT_EQ(nothing.post(path(abc, "/preview"), {{"channel", "sms"}, {"language", "en"}}).status, 403);

  auto viewer = admin_with(abc, {"setup.view.invitation_templates"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get(path(retail)).status, 200);
  EXPECT_EQ(viewer.post(path(retail, "/preview"), {{"channel", "sms"}, {"language", "en"}}).status, 200);
  EXPECT_EQ(put(viewer, retail, "sms/en", {{"text", valid_text}}).status, 403);
  EXPECT_EQ(viewer.del(path(retail, "/sms/en")).status, 403);

  // Editing implies viewing; nothing outside the editor's subtree exists for them.
  auto editor = admin_with(retail, {"setup.edit.invitation_templates"}, "editor@retail.example");
  EXPECT_EQ(editor.get(path(branch)).status, 200);
  EXPECT_EQ(put(editor, branch, "sms/en", {{"text", valid_text}}).status, 200);
  EXPECT_EQ(editor.get(path(abc)).status, 404);
  EXPECT_EQ(put(editor, abc, "sms/en", {{"text", valid_text}}).status, 404);
  EXPECT_EQ(editor.del(path(abc, "/sms/en")).status, 404);
  EXPECT_EQ(editor.post(path(abc, "/preview"), {{"channel", "sms"}, {"language", "en"}}).status, 404);
  const std::string other_tenant = add_child_org(root, server.root_org_id(), "Other Tenant");
  EXPECT_EQ(editor.get(path(other_tenant)).status, 404);
}

// The invitation names the company the user works for, not the branch: the nearest legal name in
// the company profiles up to the top customer organization, else that organization's name.
TEST_F(InvitationTemplates, InvitationsNameTheCompanyNotTheBranch) {
  const auto preview_text = [&](const std::string& org, const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json body = {{"channel", "email"}, {"language", "en"}};
    body.update(extra);
    const auto r = root.post(path(org, "/preview"), body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto p = preview_text(branch);
  EXPECT_EQ(p["subject"], "Your MultiLine business number from ABC Bank");
  EXPECT_NE(p["text"].get<std::string>().find("ABC Bank invites you"), std::string::npos) << p["text"];
  EXPECT_EQ(p["text"].get<std::string>().find("Branch 12"), std::string::npos) << p["text"];
  // An account directly in the root: the root's name.
  EXPECT_NE(preview_text(server.root_org_id())["text"].get<std::string>().find("Carrier invites you"),
            std::string::npos);
  // {{org_name}} still is the account's own organization; {{company_name}} the company.
  p = preview_text(branch,
                   {{"subject", "{{org_name}} / {{company_name}}"}, {"text", valid_text}, {"html", valid_html}});
  EXPECT_EQ(p["subject"], "Branch 12 / ABC Bank");

  // A legal name in the company profile wins; the root's (the service provider's) never does.
  ASSERT_EQ(root.patch("/api/v1/orgs/" + server.root_org_id(), {{"profile", {{"legal_name", "Carrier Telecom S.A."}}}})
                .status,
            200);
  EXPECT_NE(preview_text(branch)["text"].get<std::string>().find("ABC Bank invites you"), std::string::npos);
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc, {{"profile", {{"legal_name", "ABC Banking Corporation S.A."}}}}).status,
            200);

  // The invitation a user receives.
  server.give_numbers(abc, 1);
  for (const auto& [from, to] : {std::pair{abc, retail}, std::pair{retail, branch}})
    ASSERT_EQ(root.post("/api/v1/orgs/" + from + "/numbers/allocate", {{"to_org_id", to}, {"count", 1}}).status, 200);
  const auto added =
      root.post("/api/v1/orgs/" + branch + "/accounts", {{"login", "teller@abc.example"}, {"invite", true}});
  ASSERT_EQ(added.status, 201) << added.body;
  const auto mail = server.wait_for_message("teller@abc.example", "account_invitation");
  ASSERT_FALSE(mail.empty());
  EXPECT_NE(mail.find("Subject: Your MultiLine business number from ABC Banking Corporation S.A."), std::string::npos)
      << mail;
  EXPECT_NE(mail.find("ABC Banking Corporation S.A. invites you"), std::string::npos) << mail;
  EXPECT_EQ(mail.find("Branch 12 invites you"), std::string::npos) << mail;
}

TEST_F(InvitationTemplates, DeletingAnOrganizationDeletesItsTemplates) {
  const std::string doomed = add_child_org(root, retail, "Closing Branch");
  ASSERT_EQ(put(root, doomed, "sms/pt", {{"text", valid_text}}).status, 200);
  EXPECT_EQ(root.del("/api/v1/orgs/" + doomed).status, 204);
  const auto left = server.db().read([&](storage::Connection& c) {
    return c.query({"test.left", "SELECT COUNT(*) FROM message_templates WHERE org_id = $1"}, {doomed})
        .one()
        .integer(0);
  });
  EXPECT_EQ(left, 0);
}

TEST_F(InvitationTemplates, RenderInvitationUsesTheNearestTemplateOnTheDatabase) {
  ASSERT_EQ(
      put(root, retail, "email/es", {{"subject", "Hola {{first_name}}"}, {"text", valid_text}, {"html", valid_html}})
          .status,
      200);
  invitations::InvitationValues values;
  values.first_name = "<i>Ana</i>";
  values.login = "ana@example.com";
  values.activation_code = "K7Q2M4PX";
  values.org_name = "Retail & Co";
  values.activation_link = "https://portal.example.com/activate?code=K7Q2M4PX";

  const auto rendered = server.db().read([&](storage::Connection& c) {
    return invitations::render_invitation(c, branch, invitations::Channel::email, "es-MX", values);
  });
  EXPECT_EQ(rendered.subject, "Hola <i>Ana</i>");
  EXPECT_EQ(rendered.text, "Hi <i>Ana</i>\nLogin: ana@example.com\nActivation code: K7Q2M4PX\n");
  ASSERT_TRUE(rendered.html.has_value());
  EXPECT_TRUE(rendered.shows_qr_code);
  EXPECT_EQ(*rendered.html,
            "<p><img src=\"cid:qr@lineport\" alt=\"Código QR de su enlace de activación\" width=\"200\" "
            "height=\"200\"></p><p>&lt;i&gt;Ana&lt;/i&gt; / Retail &amp; Co: ana@example.com "
            "K7Q2M4PX</p>");

  // Resolved once, rendered many times; the parent and other languages keep the built-in text.
  server.db().read([&](storage::Connection& c) {
    const auto tmpl = invitations::resolve(c, branch, invitations::Channel::email, "es");
    EXPECT_EQ(tmpl.source_org_id, retail);
    for (int i = 0; i < 3; ++i) {
      values.login = "user" + std::to_string(i) + "@example.com";
      EXPECT_NE(invitations::render(tmpl, values).text.find("Login: " + values.login), std::string::npos);
    }
    EXPECT_TRUE(invitations::resolve(c, abc, invitations::Channel::email, "es").source_org_id.empty());
    const auto english = invitations::render_invitation(c, branch, invitations::Channel::email, "en", values);
    EXPECT_NE(english.text.find("\nActivation code: K7Q2M4PX\n"), std::string::npos);
  });
}

}  // namespace
}  // namespace lineport::testing

#include "mail/templates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "domain/alerts/alerts.h"
#include "util/resources.h"

namespace lineport::mail {
namespace {

const nlohmann::json invitation_values = {
    {"first_name", "Ana"},        {"last_name", "Silva"},           {"org_name", "ABC Banking Corporation"},
    {"login", "ana@example.com"}, {"password", "Xk7#pQ2m!Lw9zR4t"}, {"portal_url", "https://portal.example.com/"}};

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

TEST(TemplatesTest, EnglishInvitationShowsThePasswordOnItsOwnLine) {
  const Message m = render("admin_invitation", "en", "ana@example.com", invitation_values);
  EXPECT_EQ(m.event, "admin_invitation");
  EXPECT_EQ(m.to, "ana@example.com");
  EXPECT_EQ(m.subject, "Your Lineport administrator account for ABC Banking Corporation");
  EXPECT_TRUE(m.text.starts_with("Hello Ana,\n"));
  EXPECT_TRUE(has_line(m.text, "Password: Xk7#pQ2m!Lw9zR4t")) << m.text;
  EXPECT_TRUE(has_line(m.text, "Login: ana@example.com"));
  EXPECT_NE(m.text.find("https://portal.example.com/"), std::string::npos);
  ASSERT_TRUE(m.html.has_value());
  EXPECT_NE(m.html->find("Xk7#pQ2m!Lw9zR4t"), std::string::npos);
  EXPECT_NE(m.html->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NO_THROW(validate(m));
}

TEST(TemplatesTest, SpanishAndPortugueseAreTranslated) {
  const Message es = render("admin_invitation", "es", "ana@example.com", invitation_values);
  EXPECT_EQ(es.subject, "Su cuenta de administrador de Lineport para ABC Banking Corporation");
  EXPECT_TRUE(has_line(es.text, "Contraseña: Xk7#pQ2m!Lw9zR4t")) << es.text;
  EXPECT_NE(es.html->find("<html lang=\"es\">"), std::string::npos);

  const Message pt = render("admin_invitation", "pt-BR", "ana@example.com", invitation_values);
  EXPECT_EQ(pt.subject, "Sua conta de administrador do Lineport para ABC Banking Corporation");
  EXPECT_TRUE(has_line(pt.text, "Senha: Xk7#pQ2m!Lw9zR4t")) << pt.text;
  EXPECT_NE(pt.html->find("<html lang=\"pt\">"), std::string::npos);

  const Message pin = render("two_factor_pin", "ES", "ana@example.com", {{"pin", "482913"}, {"expires_minutes", 10}});
  EXPECT_EQ(pin.subject, "Su PIN de inicio de sesión en Lineport");
  EXPECT_TRUE(has_line(pin.text, "PIN: 482913"));
  EXPECT_NE(pin.text.find("Caduca en 10 minutos."), std::string::npos);
}

TEST(TemplatesTest, MissingLanguageFallsBackToEnglish) {
  for (const char* language : {"fr", "de-DE", "", "x"}) {
    const Message m = render("password_reset", language, "ana@example.com",
                             {{"first_name", "Ana"}, {"reset_link", "https://p.example.com/r/abc"}});
    EXPECT_EQ(m.subject, "Reset your Lineport password") << language;
    EXPECT_TRUE(has_line(m.text, "Reset link: https://p.example.com/r/abc"));
  }
}

TEST(TemplatesTest, ValuesAreEscapedInHtmlButNotInText) {
  const nlohmann::json values = {{"first_name", "<script>alert('x')</script> & \"Co\""},
                                 {"reset_link", "https://p.example.com/r?a=1&b=\"2\""}};
  const Message m = render("password_reset", "en", "ana@example.com", values);
  ASSERT_TRUE(m.html.has_value());
  EXPECT_EQ(m.html->find("<script>"), std::string::npos);
  EXPECT_NE(m.html->find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"), std::string::npos);
  EXPECT_NE(m.html->find("href=\"https://p.example.com/r?a=1&amp;b=&quot;2&quot;\""), std::string::npos);
  EXPECT_TRUE(m.text.starts_with("Hello <script>alert('x')</script> & \"Co\",\n"));
}

TEST(TemplatesTest, LineBreaksInValuesCannotReachTheSubject) {
  const Message m =
      render("admin_invitation", "en", "ana@example.com", {{"org_name", "Evil\r\nBcc: victim@example.com"}});
  EXPECT_EQ(m.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_NO_THROW(validate(m));
}

TEST(TemplatesTest, UnknownPlaceholdersRenderEmpty) {
  EXPECT_EQ(substitute("a{{nope}}b", nlohmann::json::object(), false), "ab");
  EXPECT_EQ(substitute("{{ name }}!", {{"name", "Ana"}}, false), "Ana!");
  EXPECT_EQ(substitute("{{n}} {{f}}", {{"n", 42}, {"f", 1.5}}, false), "42 1.5");
  EXPECT_EQ(substitute("{{obj}}{{arr}}{{null}}", {{"obj", {{"a", 1}}}, {"arr", {1, 2}}, {"null", nullptr}}, false), "");
  EXPECT_EQ(substitute("{{not a name}} {{open", {{"open", "x"}}, false), "{{not a name}} {{open");
  EXPECT_EQ(placeholders("Hi {{first_name}}, code {{ activation_code }} {{first_name}}"),
            (std::set<std::string>{"activation_code", "first_name"}));
}

TEST(TemplatesTest, EventsWithoutATemplateAreRefused) {
  EXPECT_FALSE(has_template("no_such_event"));
  EXPECT_THROW(render("no_such_event", "en", "ana@example.com", {}), std::invalid_argument);
  EXPECT_THROW(render("../../db/migrations/0001_init", "en", "ana@example.com", {}), std::invalid_argument);
}

TEST(TemplatesTest, EveryShippedTemplateRendersInEveryLanguage) {
  const char* events[] = {"admin_invitation", "password_reset",   "password_reset_blocked",
                          "two_factor_pin",   "password_changed", "suspicious_login_activity"};
  const nlohmann::json values = {{"first_name", "Ana"},
                                 {"org_name", "ABC"},
                                 {"login", "ana@example.com"},
                                 {"password", "P4ss-word!"},
                                 {"portal_url", "https://p.example.com"},
                                 {"reset_link", "https://p.example.com/r/1"},
                                 {"expires_minutes", 15},
                                 {"pin", "123456"},
                                 {"changed_at", "2026-01-02 10:00 UTC"},
                                 {"failed_attempts", 5},
                                 {"occurred_at", "2026-01-02 10:00 UTC"},
                                 {"client_ip", "203.0.113.7"}};
  for (const char* event : events) {
    EXPECT_TRUE(has_template(event));
    for (const auto language : template_languages) {
      const std::string base = std::string("src/mail/templates/") + event + "." + std::string(language);
      EXPECT_TRUE(resources::find(base + ".txt")) << base;
      EXPECT_TRUE(resources::find(base + ".html")) << base;
      const Message m = render(event, language, "ana@example.com", values);
      EXPECT_NO_THROW(validate(m)) << base;
      EXPECT_FALSE(m.subject.empty());
      EXPECT_EQ(m.text.find("{{"), std::string::npos) << base;
      EXPECT_EQ(m.html->find("{{"), std::string::npos) << base;
      for (const auto& name : placeholders(*resources::find(base + ".txt")))
        EXPECT_TRUE(values.contains(name)) << base << " uses an undocumented placeholder " << name;
    }
  }
  // The English secrets, each on its own line (docs/product.md#alerts-and-notifications).
  EXPECT_TRUE(
      has_line(render("password_reset", "en", "a@example.com", values).text, "Reset link: https://p.example.com/r/1"));
  EXPECT_TRUE(has_line(render("two_factor_pin", "en", "a@example.com", values).text, "PIN: 123456"));
  EXPECT_TRUE(has_line(render("admin_invitation", "en", "a@example.com", values).text, "Password: P4ss-word!"));
}

// The values each alert's event carries (see templates.h), plus org_name from alerts::deliver.
const std::map<std::string, nlohmann::json> alert_values = {
    {"account_added",
     {{"account_name", "Ana Silva"},
      {"login", "ana@example.com"},
      {"added_by", "root@example.com"},
      {"multiline_number", "+15550100199"}}},
    {"account_deleted",
     {{"account_name", "Ana Silva"}, {"login", "ana@example.com"}, {"deleted_by", "root@example.com"}}},
    {"account_moved",
     {{"account_name", "Ana Silva"},
      {"login", "ana@example.com"},
      {"from_org_name", "Retail"},
      {"to_org_name", "Wholesale"},
      {"moved_by", "root@example.com"}}},
    {"account_suspended",
     {{"account_name", "Ana Silva"},
      {"login", "ana@example.com"},
      {"suspended_by", "root@example.com"},
      {"reason", "suspended by an administrator"}}},
    {"suspended_account_reactivated",
     {{"account_name", "Ana Silva"}, {"login", "ana@example.com"}, {"reactivated_by", "root@example.com"}}},
    {"privacy_opted_out", {{"account_name", "Ana Silva"}, {"login", "ana@example.com"}}},
    {"privacy_resumed", {{"account_name", "Ana Silva"}, {"login", "ana@example.com"}}},
    {"batch_operations_report",
     {{"operation", "import"},
      {"total", 100000},
      {"succeeded", 99998},
      {"failed", 2},
      {"started_by", "root@example.com"}}},
    {"number_utilization_threshold_exceeded",
     {{"utilization_pct", 85}, {"threshold_pct", 80}, {"total", 1000}, {"available", 150}}},
    {"invitation_threshold_exceeded", {{"invitations_without_number", 12}, {"available", 7}}},
    {"admin_added",
     {{"name", "Ana Silva"},
      {"login", "ana@example.com"},
      {"role_name", "Help Desk"},
      {"added_by", "root@example.com"}}},
    {"admin_privilege_granted",
     {{"login", "ana@example.com"}, {"privileges", "accounts"}, {"changed_by", "root@example.com"}}},
    {"admin_privilege_revoked",
     {{"login", "ana@example.com"}, {"privileges", "accounts"}, {"changed_by", "root@example.com"}}},
    {"password_changed", {{"login", "ana@example.com"}, {"changed_at", "2026-01-02 10:00 UTC"}}},
    {"suspicious_login_activity",
     {{"login", "ana@example.com"},
      {"failed_attempts", 5},
      {"occurred_at", "2026-01-02 10:00 UTC"},
      {"client_ip", "203.0.113.7"}}},
};

TEST(TemplatesTest, EveryAlertHasTemplatesThatUseOnlyItsValues) {
  for (const auto& alert : alerts::alert_catalog()) {
    const std::string key(alert.key);
    SCOPED_TRACE(key);
    ASSERT_TRUE(has_template(key));
    ASSERT_TRUE(alert_values.contains(key)) << "document this alert's values above and in templates.h";
    nlohmann::json values = alert_values.at(key);
    values["org_name"] = "ABC Banking Corporation";
    for (const auto language : template_languages) {
      const std::string base = "src/mail/templates/" + key + "." + std::string(language);
      for (const auto& name : placeholders(*resources::find(base + ".txt")))
        EXPECT_TRUE(values.contains(name) || name == "to") << base << " uses a value its event lacks: " << name;
      const Message m = render(key, language, "ops@example.com", values);
      EXPECT_EQ(m.event, key);
      EXPECT_NO_THROW(validate(m)) << base;
      EXPECT_FALSE(m.subject.empty());
      EXPECT_EQ(m.text.find("{{"), std::string::npos) << base;
    }
  }
  const Message moved = render("account_moved", "en", "ops@example.com", alert_values.at("account_moved"));
  EXPECT_NE(moved.text.find("from Retail to Wholesale"), std::string::npos) << moved.text;
  const Message suspended = render("account_suspended", "en", "ops@example.com", alert_values.at("account_suspended"));
  EXPECT_TRUE(has_line(suspended.text, "Reason: suspended by an administrator")) << suspended.text;
}

// "<event>.<lang>.<ext>": every shipped file exists in every language, and in no other.
TEST(TemplatesTest, EveryTemplateFileExistsInAllThreeLanguages) {
  constexpr std::string_view dir = "src/mail/templates/";
  int files = 0;
  for (const auto& r : resources::all()) {
    if (!r.name.starts_with(dir)) continue;
    ++files;
    const std::string file(r.name.substr(dir.size()));
    SCOPED_TRACE(file);
    const auto first_dot = file.find('.');
    const auto last_dot = file.rfind('.');
    ASSERT_NE(first_dot, last_dot) << "expected <event>.<lang>.<ext>";
    const std::string event = file.substr(0, first_dot);
    const std::string language = file.substr(first_dot + 1, last_dot - first_dot - 1);
    const std::string extension = file.substr(last_dot);
    EXPECT_NE(std::find(std::begin(template_languages), std::end(template_languages), language),
              std::end(template_languages));
    for (const auto other : template_languages)
      EXPECT_TRUE(resources::find(std::string(dir) + event + "." + std::string(other) + extension))
          << event << " lacks its " << other << extension << " version";
  }
  EXPECT_GE(files, 84);
}

}  // namespace
}  // namespace lineport::mail

namespace lineport::mail {
namespace {

TEST(TemplatesTest, SubscriptionChangedNamesBothPlansInEveryLanguage) {
  const nlohmann::json values = {{"org_name", "ABC Banking Corporation"},
                                 {"plan_name", "Business Line"},
                                 {"previous_plan_name", "Starter"},
                                 {"changed_by", "root@example.com"},
                                 {"changed_at", "2026-01-02T10:00:00Z"}};
  for (const auto language : template_languages) {
    const Message m = render("subscription_changed", language, "ops@example.com", values);
    EXPECT_NO_THROW(validate(m));
    EXPECT_NE(m.subject.find("Business Line"), std::string::npos) << language;
    EXPECT_NE(m.text.find("Starter"), std::string::npos) << language;
    EXPECT_EQ(m.text.find("{{"), std::string::npos) << language;
  }
}

}  // namespace
}  // namespace lineport::mail

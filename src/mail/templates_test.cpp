#include "mail/templates.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "util/resources.h"

namespace lineport::mail {
namespace {

const nlohmann::json invitation_values = {{"first_name", "Ana"},
                                          {"last_name", "Silva"},
                                          {"org_name", "ABC Banking Corporation"},
                                          {"login", "ana@example.com"},
                                          {"password", "Xk7#pQ2m!Lw9zR4t"},
                                          {"portal_url", "https://portal.example.com/"}};

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

  const Message pin = render("two_factor_pin", "ES", "ana@example.com",
                             {{"pin", "482913"}, {"expires_minutes", 10}});
  EXPECT_EQ(pin.subject, "Su PIN de inicio de sesión en Lineport");
  EXPECT_TRUE(has_line(pin.text, "PIN: 482913"));
  EXPECT_NE(pin.text.find("Caduca en 10 minutos."), std::string::npos);
}

TEST(TemplatesTest, MissingLanguageFallsBackToEnglish) {
  for (const char* language : {"fr", "de-DE", "", "x"}) {
    const Message m =
        render("password_reset", language, "ana@example.com",
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
  EXPECT_NE(m.html->find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"),
            std::string::npos);
  EXPECT_NE(m.html->find("href=\"https://p.example.com/r?a=1&amp;b=&quot;2&quot;\""),
            std::string::npos);
  EXPECT_TRUE(m.text.starts_with("Hello <script>alert('x')</script> & \"Co\",\n"));
}

TEST(TemplatesTest, LineBreaksInValuesCannotReachTheSubject) {
  const Message m = render("admin_invitation", "en", "ana@example.com",
                           {{"org_name", "Evil\r\nBcc: victim@example.com"}});
  EXPECT_EQ(m.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_NO_THROW(validate(m));
}

TEST(TemplatesTest, UnknownPlaceholdersRenderEmpty) {
  EXPECT_EQ(substitute("a{{nope}}b", nlohmann::json::object(), false), "ab");
  EXPECT_EQ(substitute("{{ name }}!", {{"name", "Ana"}}, false), "Ana!");
  EXPECT_EQ(substitute("{{n}} {{f}}", {{"n", 42}, {"f", 1.5}}, false), "42 1.5");
  EXPECT_EQ(substitute("{{obj}}{{arr}}{{null}}",
                       {{"obj", {{"a", 1}}}, {"arr", {1, 2}}, {"null", nullptr}}, false),
            "");
  EXPECT_EQ(substitute("{{not a name}} {{open", {{"open", "x"}}, false), "{{not a name}} {{open");
  EXPECT_EQ(placeholders("Hi {{first_name}}, code {{ activation_code }} {{first_name}}"),
            (std::set<std::string>{"activation_code", "first_name"}));
}

TEST(TemplatesTest, EventsWithoutATemplateAreRefused) {
  EXPECT_FALSE(has_template("account_moved"));
  EXPECT_THROW(render("account_moved", "en", "ana@example.com", {}), std::invalid_argument);
  EXPECT_THROW(render("../../db/migrations/0001_init", "en", "ana@example.com", {}),
               std::invalid_argument);
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
      const std::string base =
          std::string("src/mail/templates/") + event + "." + std::string(language);
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
  // The English secrets, each on its own line (SPEC §8).
  EXPECT_TRUE(has_line(render("password_reset", "en", "a@example.com", values).text,
                       "Reset link: https://p.example.com/r/1"));
  EXPECT_TRUE(
      has_line(render("two_factor_pin", "en", "a@example.com", values).text, "PIN: 123456"));
  EXPECT_TRUE(has_line(render("admin_invitation", "en", "a@example.com", values).text,
                       "Password: P4ss-word!"));
}

}  // namespace
}  // namespace lineport::mail

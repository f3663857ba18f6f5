#include "domain/templates/message_templates.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/alerts/alerts.h"
#include "mail/templates.h"

namespace lineport::templates {
namespace {

// The field errors validate_template reports, as "field: message" lines ("" when valid).
std::string errors_of(const MessageKind& kind, const TemplateInput& input) {
  Validator v;
  validate_template(kind, input, v);
  std::string out;
  for (const auto& e : v.errors()) out += e.field + ": " + e.message + "\n";
  return out;
}

TEST(MessageTemplates, EveryShippedTextMeetsTheRulesAnAdministratorMeets) {
  for (const auto& kind : email_kinds()) {
    for (const auto language : languages) {
      SCOPED_TRACE(std::string(kind.key) + "." + std::string(language));
      const auto t = shipped_text(kind, language);
      EXPECT_EQ(errors_of(kind, {t.subject, t.text, t.html}), "");
    }
  }
}

TEST(MessageTemplates, TheCatalogHasEveryAlertAndTheAdministratorsMailsInTheAlertsOrder) {
  std::vector<std::string> keys;
  for (const auto& kind : email_kinds()) keys.emplace_back(kind.key);
  ASSERT_EQ(keys.size(), 21u);
  EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 6),
            (std::vector<std::string>{"admin_invitation", "password_reset", "password_reset_blocked", "two_factor_pin",
                                      "subscription_changed", "webhook_disabled"}));
  std::vector<std::string> alerts;
  for (const auto& a : alerts::alert_catalog()) alerts.emplace_back(a.key);
  EXPECT_EQ(std::vector<std::string>(keys.begin() + 6, keys.end()), alerts);
  for (const auto& key : keys) EXPECT_TRUE(mail::has_template(key)) << key;
  EXPECT_EQ(find_kind("account_invitation_sms")->channel, Channel::sms);
  EXPECT_EQ(find_kind("nope"), nullptr);
}

TEST(MessageTemplates, RequiredPlaceholdersAreCheckedInTextAndHtml) {
  const auto& reset = *find_kind("password_reset");
  EXPECT_EQ(errors_of(reset, {"Reset", "Link: {{reset_link}}", std::nullopt}), "");
  EXPECT_EQ(errors_of(reset, {"Reset", "Hello {{first_name}}", "<p>{{reset_link}}</p>"}),
            "text: Must contain {{reset_link}}.\n");
  EXPECT_EQ(errors_of(reset, {"Reset", "{{reset_link}}", "<p>{{first_name}}</p>"}),
            "html: Must contain {{reset_link}}.\n");
  EXPECT_EQ(errors_of(reset, {"{{pin}}", "{{reset_link}}", std::nullopt}), "subject: Unknown placeholder {{pin}}.\n");
  EXPECT_EQ(errors_of(*find_kind("account_added"), {"New", "{{to}} {{org_name}} {{account_name}}", std::nullopt}), "");
  EXPECT_EQ(
      errors_of(invitation_kind(Channel::email), {"x", "{{login}} {{activation_code}} {{qr_code}}", std::nullopt}),
      "text: {{qr_code}} can be used only in the HTML body.\n");
}

TEST(MessageTemplates, LanguagesNormalizeToTheirPrimarySubtagOrEnglish) {
  EXPECT_EQ(normalized_language("pt-BR"), "pt");
  EXPECT_EQ(normalized_language("ES"), "es");
  EXPECT_EQ(normalized_language("fr"), "en");
  EXPECT_EQ(normalized_language(""), "en");
}

}  // namespace
}  // namespace lineport::templates

#include "domain/invitations/invitation_templates.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mail/outbox.h"
#include "mail/templates.h"
#include "util/text.h"

namespace lineport::invitations {
namespace {

InvitationValues typical_values(const std::string& login = "ana.silva@example.com") {
  InvitationValues v;
  v.first_name = "Ana";
  v.last_name = "Silva";
  v.login = login;
  v.activation_code = "58203746";
  v.multiline_number = "+15550100199";
  v.org_name = "Retail Bank";
  v.company_name = "ABC Banking Corporation";  // what the built-in templates name
  v.portal_url = "https://portal.example.com";
  v.activation_link = "https://portal.example.com/activate?code=58203746";
  return v;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

// The field errors validate_template reports, as "field: message" lines ("" when valid).
std::string errors_of(Channel channel, const TemplateInput& input) {
  Validator v;
  validate_template(channel, input, v);
  try {
    v.throw_if_failed();
  } catch (const DomainError& e) {
    std::string out;
    for (const auto& f : e.field_errors()) out += f.field + ": " + f.message + "\n";
    return out;
  }
  return "";
}

const std::string good_text = "Login: {{login}}\nActivation code: {{activation_code}}\n";

TEST(InvitationTemplates, EnglishEmailShowsTheSecretsOnTheirOwnLines) {
  const auto m = render(built_in_template(Channel::email, "en"), typical_values());
  EXPECT_EQ(m.subject, "Your MultiLine business number from ABC Banking Corporation");
  EXPECT_TRUE(has_line(m.text, "Login: ana.silva@example.com")) << m.text;
  EXPECT_TRUE(has_line(m.text, "Activation code: 58203746")) << m.text;
  EXPECT_TRUE(has_line(m.text, "Activation link: https://portal.example.com/activate?code=58203746")) << m.text;
  EXPECT_NE(m.text.find("+15550100199"), std::string::npos);
  ASSERT_TRUE(m.html.has_value());
  EXPECT_TRUE(m.shows_qr_code);
  EXPECT_NE(m.html->find("<img src=\"cid:qr@lineport\" alt=\"QR code of your activation link\" width=\"200\""),
            std::string::npos);
  EXPECT_NE(m.html->find("href=\"https://portal.example.com/activate?code=58203746\""), std::string::npos);
  EXPECT_EQ(m.html->find("{{"), std::string::npos);
  mail::Message message;
  message.event = "account_invitation";
  message.to = "ana.silva@example.com";
  message.subject = m.subject;
  message.text = m.text;
  message.html = m.html;
  EXPECT_NO_THROW(mail::validate(message));
}

TEST(InvitationTemplates, EveryBuiltInTemplateMeetsTheRulesAdministratorsMeet) {
  for (const Channel channel : channels) {
    for (const auto language : languages) {
      SCOPED_TRACE(std::string(channel_name(channel)) + "." + std::string(language));
      const auto& t = built_in_template(channel, language);
      EXPECT_EQ(t.language, language);
      EXPECT_TRUE(t.source_org_id.empty());
      TemplateInput input{channel == Channel::email ? std::optional(t.subject.source()) : std::nullopt, t.text.source(),
                          t.html ? std::optional(t.html->source()) : std::nullopt};
      EXPECT_EQ(errors_of(channel, input), "");
      EXPECT_EQ(t.html.has_value(), channel == Channel::email);

      const auto m = render(t, typical_values(channel == Channel::sms ? "+15550100123" : "ana.silva@example.com"));
      EXPECT_EQ(m.text.find("{{"), std::string::npos);
      EXPECT_NE(m.text.find("58203746"), std::string::npos);
      if (channel == Channel::sms) {
        EXPECT_TRUE(m.subject.empty());
        EXPECT_LE(text::code_points(m.text), 300u) << m.text;
        EXPECT_FALSE(m.text.ends_with("\n"));  // the file's final line break is not part of the SMS
      } else {
        EXPECT_NE(m.html->find("<html lang=\"" + std::string(language) + "\">"), std::string::npos);
        EXPECT_NE(m.html->find("cid:qr@lineport"), std::string::npos);
      }
    }
  }
}

TEST(InvitationTemplates, LanguageTagsFallBackToTheirPrimaryLanguageThenEnglish) {
  EXPECT_EQ(built_in_template(Channel::email, "pt-BR").language, "pt");
  EXPECT_EQ(built_in_template(Channel::sms, "ES").language, "es");
  EXPECT_EQ(built_in_template(Channel::email, "fr").language, "en");
  EXPECT_EQ(built_in_template(Channel::email, "").language, "en");
  const auto pt = render(built_in_template(Channel::email, "pt_BR"), typical_values());
  EXPECT_TRUE(has_line(pt.text, "Código de ativação: 58203746")) << pt.text;
  EXPECT_NE(pt.html->find("alt=\"Código QR do seu link de ativação\""), std::string::npos);
}

TEST(InvitationTemplates, ValuesAreEscapedInHtmlAndTheQrCodeIsNot) {
  ResolvedTemplate t;
  t.language = "en";
  t.subject = CompiledText("Hi {{first_name}}");
  t.text = CompiledText("{{first_name}} {{qr_code}}|{{company_name}}");
  t.html = CompiledText("<p>{{first_name}}</p>{{ qr_code }}<a href=\"{{activation_link}}\">x</a>");
  auto values = typical_values();
  values.first_name = "<b>Ana</b> & \"Co\"\r\nBcc: x@example.com";
  values.activation_link = "https://p.example.com/a?x=1&y=\"2\"";
  const auto m = render(t, values);
  EXPECT_EQ(m.subject, "Hi <b>Ana</b> & \"Co\"  Bcc: x@example.com");  // one header line
  EXPECT_EQ(m.text, values.first_name + " |ABC Banking Corporation");  // no image in text
  EXPECT_EQ(*m.html,
            "<p>&lt;b&gt;Ana&lt;/b&gt; &amp; &quot;Co&quot;\r\nBcc: x@example.com</p>"
            "<img src=\"cid:qr@lineport\" alt=\"QR code of your activation link\" width=\"200\" "
            "height=\"200\">"
            "<a href=\"https://p.example.com/a?x=1&amp;y=&quot;2&quot;\">x</a>");
  EXPECT_TRUE(m.shows_qr_code);

  t.html = CompiledText("<p>{{login}} {{activation_code}}</p>");
  EXPECT_FALSE(render(t, values).shows_qr_code);
  t.channel = Channel::sms;  // an SMS never has a subject or HTML
  const auto sms = render(t, values);
  EXPECT_TRUE(sms.subject.empty());
  EXPECT_FALSE(sms.html.has_value());
}

TEST(InvitationTemplates, CompiledTextReadsPlaceholdersLikeMailSubstitute) {
  const auto values = typical_values();
  const nlohmann::json as_json = {{"first_name", values.first_name},
                                  {"login", values.login},
                                  {"activation_code", values.activation_code},
                                  {"org_name", values.org_name},
                                  {"company_name", values.company_name}};
  for (const char* tmpl : {"plain", "", "{{login}}", "a{{ login }}b{{first_name}}", "{{nope}}x{{ not a name }}",
                           "{{a {{login}}", "{{open", "}}{{login}}{{", "{{login}}}}", "{{{{activation_code}}}}",
                           "{{org_name}}{{org_name}}", "{{company_name}} / {{org_name}}", "{{LOGIN}}"}) {
    SCOPED_TRACE(tmpl);
    const CompiledText compiled(tmpl);
    EXPECT_EQ(compiled.source(), tmpl);
    EXPECT_EQ(compiled.render(values, false, "<qr>"), mail::substitute(tmpl, as_json, false));
    EXPECT_EQ(compiled.render(values, true, "<qr>"), mail::substitute(tmpl, as_json, true));
  }
  EXPECT_TRUE(CompiledText("x {{ qr_code }}").uses("qr_code"));
  EXPECT_FALSE(CompiledText("x {{qr_code").uses("qr_code"));
  EXPECT_FALSE(CompiledText("x").uses("no_such_placeholder"));
}

TEST(InvitationTemplates, ValidationRefusesTemplatesThatCannotDoTheirJob) {
  const std::string subject = "Welcome to {{org_name}}";
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text, std::nullopt}), "");
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text, "<p>" + good_text + "{{qr_code}}</p>"}), "");
  EXPECT_EQ(errors_of(Channel::sms, {std::nullopt, good_text, std::nullopt}), "");
  EXPECT_EQ(errors_of(Channel::sms, {"", good_text, ""}), "");  // empty counts as absent

  EXPECT_EQ(errors_of(Channel::email, {subject, "Login: {{login}}", std::nullopt}),
            "text: Must contain {{activation_code}}.\n");
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text, "<p>{{activation_code}}</p>"}),
            "html: Must contain {{login}}.\n");
  EXPECT_EQ(errors_of(Channel::sms, {std::nullopt, "{{ activation_code }}", std::nullopt}),
            "text: Must contain {{login}}.\n");
  EXPECT_EQ(errors_of(Channel::email, {subject + " {{password}}", good_text + "{{favourite_colour}}", std::nullopt}),
            "subject: Unknown placeholder {{password}}.\ntext: Unknown placeholder "
            "{{favourite_colour}}.\n");
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text + "{{qr_code}}", std::nullopt}),
            "text: {{qr_code}} can be used only in the HTML body.\n");
  EXPECT_EQ(errors_of(Channel::sms, {"Hi", good_text, "<p>" + good_text + "</p>"}),
            "subject: An SMS has no subject.\nhtml: An SMS has no HTML body.\n");
  EXPECT_EQ(errors_of(Channel::email, {std::nullopt, std::nullopt, std::nullopt}),
            "subject: Is required for an email template.\ntext: Is required.\n");
  EXPECT_EQ(errors_of(Channel::email, {"  ", " \n ", std::nullopt}),
            "subject: Is required for an email template.\ntext: Is required.\n");
  EXPECT_EQ(errors_of(Channel::email, {"Two\r\nlines", good_text, std::nullopt}),
            "subject: Must be one line of at most 200 characters.\n");
  EXPECT_EQ(errors_of(Channel::email, {std::string(201, 's'), good_text, std::nullopt}),
            "subject: Must be one line of at most 200 characters.\n");
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text + "\xC3(", std::nullopt}),
            "text: Must be UTF-8 text without control characters.\n");
  EXPECT_EQ(errors_of(Channel::email, {subject, good_text + std::string(1, '\0'), std::nullopt}),
            "text: Must be UTF-8 text without control characters.\n");
  // Limits count characters, not bytes: 10,000 "é" are fine in an email, not in an SMS.
  std::string long_text = good_text;
  for (std::size_t n = text::code_points(good_text); n < 10'000; ++n) long_text += "\xC3\xA9";
  EXPECT_EQ(errors_of(Channel::email, {subject, long_text, std::nullopt}), "");
  EXPECT_EQ(errors_of(Channel::email, {subject, long_text + "x", std::nullopt}),
            "text: Must be at most 10000 characters.\n");
  EXPECT_EQ(errors_of(Channel::sms, {std::nullopt, good_text + std::string(1000, 'x'), std::nullopt}),
            "text: Must be at most 1000 characters.\n");
}

TEST(InvitationTemplates, ChannelNames) {
  EXPECT_TRUE(parse_channel("email") == Channel::email);
  EXPECT_TRUE(parse_channel("sms") == Channel::sms);
  EXPECT_FALSE(parse_channel("SMS").has_value());
  EXPECT_EQ(channel_name(Channel::sms), "sms");
}

}  // namespace
}  // namespace lineport::invitations

#include "mail/outbox.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace lineport::mail {
namespace {

Message valid() {
  return {"password_changed", "ana@example.com", "Password changed", "Body\n", std::nullopt};
}

Message to_render_later() {
  Message m{"account_invitation", "ana@example.com", "", "", std::nullopt};
  m.template_data = R"({"first_name":"Ana"})";
  return m;
}

TEST(OutboxValidateTest, AMessageToRenderLaterHasItsDataAndNoBodyYet) {
  EXPECT_NO_THROW(validate(to_render_later()));
  auto sms = to_render_later();
  sms.channel = "sms";
  sms.to = "+447911123456";
  EXPECT_NO_THROW(validate(sms));

  for (const std::string& data : std::vector<std::string>{"", "[1]", "not json", std::string(64 * 1024 + 1, '{')}) {
    auto m = to_render_later();
    m.template_data = data;
    EXPECT_THROW(validate(m), std::invalid_argument) << data.substr(0, 10);
  }
  auto with_text = to_render_later();
  with_text.text = "already rendered";
  EXPECT_THROW(validate(with_text), std::invalid_argument);
  auto with_subject = to_render_later();
  with_subject.subject = "Hi";
  EXPECT_THROW(validate(with_subject), std::invalid_argument);
  auto with_qr = to_render_later();
  with_qr.qr_link = "https://portal.example/activate";
  EXPECT_THROW(validate(with_qr), std::invalid_argument);
  // What exists before rendering is checked as for any message.
  auto two_recipients = to_render_later();
  two_recipients.to = "ana@example.com, eve@example.com";
  EXPECT_THROW(validate(two_recipients), std::invalid_argument);
  sms.to = "447911123456";
  EXPECT_THROW(validate(sms), std::invalid_argument);
  auto unknown = to_render_later();
  unknown.event = "party_invitation";
  EXPECT_THROW(validate(unknown), std::invalid_argument);
}

TEST(OutboxValidateTest, AcceptsAWellFormedMessage) {
  EXPECT_NO_THROW(validate(valid()));
  auto m = valid();
  m.subject = "Contraseña cambiada — ¡atención!";
  m.html = "<p>ok</p>";
  EXPECT_NO_THROW(validate(m));
}

TEST(OutboxValidateTest, KnowsTheEventCatalog) {
  EXPECT_EQ(event_keys().size(), 22u);
  for (const char* key : {"account_moved", "batch_operations_report", "admin_invitation", "account_invitation",
                          "two_factor_pin", "password_reset", "password_reset_blocked", "subscription_changed"})
    EXPECT_TRUE(is_known_event(key)) << key;
  auto m = valid();
  m.event = "made_up";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m.event = "";
  EXPECT_THROW(validate(m), std::invalid_argument);
}

TEST(OutboxValidateTest, TheRecipientIsExactlyOneAddress) {
  for (const char* to : {"", "ana", "ana@example.com, bob@example.com", "ana@example.com bob@example.com",
                         "ana@example.com\r\nBcc: eve@example.com", "ana@example.com\n", "Ana <ana@example.com>",
                         "ana@example.com;bob@example.com"}) {
    auto m = valid();
    m.to = to;
    EXPECT_THROW(validate(m), std::invalid_argument) << to;
  }
}

TEST(OutboxValidateTest, TheSubjectCannotInjectHeaders) {
  for (const char* subject : {"Hi\r\nBcc: eve@example.com", "Hi\nX: y", "Hi\r", "tab\tin"}) {
    auto m = valid();
    m.subject = subject;
    EXPECT_THROW(validate(m), std::invalid_argument) << subject;
  }
  auto m = valid();
  m.subject = std::string(701, 'a');
  EXPECT_THROW(validate(m), std::invalid_argument);
}

TEST(OutboxValidateTest, TextMustBeUtf8) {
  auto m = valid();
  m.text = "bad \xff byte";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m = valid();
  m.html = "bad \xc3";
  EXPECT_THROW(validate(m), std::invalid_argument);
}

Message sms() {
  Message m{"account_invitation", "+14155550123", "", "Your Lineport activation code: 48291375"};
  m.channel = "sms";
  return m;
}

TEST(OutboxValidateTest, AMessageIsEmailUnlessSaidOtherwise) {
  EXPECT_EQ(valid().channel, "email");
  auto m = valid();
  m.channel = "fax";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m.channel = "";
  EXPECT_THROW(validate(m), std::invalid_argument);
}

TEST(OutboxValidateTest, AnSmsGoesToOneE164Number) {
  EXPECT_NO_THROW(validate(sms()));
  for (const char* to : {"+12345678", "+123456789012345"}) {
    auto m = sms();
    m.to = to;
    EXPECT_NO_THROW(validate(m)) << to;
  }
  for (const char* to : {"", "+", "+1234567", "+1234567890123456", "14155550123", "+1 415 555 0123", "+1415555012a",
                         "+14155550123\n", "ana@example.com", "++14155550123"}) {
    auto m = sms();
    m.to = to;
    EXPECT_THROW(validate(m), std::invalid_argument) << to;
  }
  auto email_to_number = valid();
  email_to_number.to = "+14155550123";
  EXPECT_THROW(validate(email_to_number), std::invalid_argument);
}

TEST(OutboxValidateTest, AnSmsIsShortPlainText) {
  auto m = sms();
  m.text = std::string(1600, 'a');
  EXPECT_NO_THROW(validate(m));
  m.text = std::string(1601, 'a');
  EXPECT_THROW(validate(m), std::invalid_argument);
  // Characters, not bytes: 1600 two-byte letters are fine.
  m.text.clear();
  for (int i = 0; i < 1600; ++i) m.text += "ñ";
  EXPECT_NO_THROW(validate(m));
  m.text += "ñ";
  EXPECT_THROW(validate(m), std::invalid_argument);

  m = sms();
  m.html = "<p>no</p>";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m = sms();
  m.qr_link = "https://portal.test/activate";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m = sms();
  m.subject = "Hi\r\nBcc: eve@example.com";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m = sms();
  m.text = "bad \xff byte";
  EXPECT_THROW(validate(m), std::invalid_argument);
}

TEST(OutboxValidateTest, RefAndQrLinkAreBoundedText) {
  auto m = valid();
  m.ref = "account_invitation:01jabcdefghkmnpq";
  m.qr_link = "https://portal.test/activate?login=ana%40example.com&code=48291375";
  EXPECT_NO_THROW(validate(m));
  m.qr_link = std::string(1024, 'x');
  EXPECT_NO_THROW(validate(m));
  for (const std::string& link :
       {std::string(), std::string(1025, 'x'), std::string("a\nb"), std::string("bad \xff")}) {
    auto bad = valid();
    bad.qr_link = link;
    EXPECT_THROW(validate(bad), std::invalid_argument) << link.size();
  }
  for (const std::string& ref : {std::string(201, 'r'), std::string("a\r\nb")}) {
    auto bad = sms();
    bad.ref = ref;
    EXPECT_THROW(validate(bad), std::invalid_argument);
  }
}

}  // namespace
}  // namespace lineport::mail

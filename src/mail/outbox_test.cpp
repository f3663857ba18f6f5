#include "mail/outbox.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lineport::mail {
namespace {

Message valid() {
  return {"password_changed", "ana@example.com", "Password changed", "Body\n", std::nullopt};
}

TEST(OutboxValidateTest, AcceptsAWellFormedMessage) {
  EXPECT_NO_THROW(validate(valid()));
  auto m = valid();
  m.subject = "Contraseña cambiada — ¡atención!";
  m.html = "<p>ok</p>";
  EXPECT_NO_THROW(validate(m));
}

TEST(OutboxValidateTest, KnowsTheEventCatalog) {
  EXPECT_EQ(event_keys().size(), 21u);
  for (const char* key :
       {"account_moved", "batch_operations_report", "admin_invitation", "account_invitation",
        "two_factor_pin", "password_reset", "password_reset_blocked", "subscription_changed"})
    EXPECT_TRUE(is_known_event(key)) << key;
  auto m = valid();
  m.event = "made_up";
  EXPECT_THROW(validate(m), std::invalid_argument);
  m.event = "";
  EXPECT_THROW(validate(m), std::invalid_argument);
}

TEST(OutboxValidateTest, TheRecipientIsExactlyOneAddress) {
  for (const char* to :
       {"", "ana", "ana@example.com, bob@example.com", "ana@example.com bob@example.com",
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

}  // namespace
}  // namespace lineport::mail

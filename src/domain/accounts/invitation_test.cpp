#include "domain/accounts/invitation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace lineport::accounts {
namespace {

Account account_named(std::string first, std::string last, std::string login, std::string kind) {
  Account a;
  a.id = "acc1";
  a.first_name = std::move(first);
  a.last_name = std::move(last);
  a.login = std::move(login);
  a.login_kind = std::move(kind);
  return a;
}

TEST(InvitationMessage, HoldsOnlyTheActivationCodeAndPointsAtTheAccount) {
  // Names, login and number are read from the account when the message is rendered; the code is
  // the one value the account row does not keep (only its hash).
  const auto a = account_named("Zoë \"Z\"", "O'Neil", "zoe@bank.example", "email");
  const auto m = invitation_message(a, "01234567", 3);
  EXPECT_NO_THROW(mail::validate(m));
  EXPECT_EQ(m.event, "account_invitation");
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.to, "zoe@bank.example");
  EXPECT_EQ(m.ref, "account_invitation:acc1:3");
  EXPECT_TRUE(m.subject.empty() && m.text.empty() && !m.html && !m.qr_link);
  ASSERT_TRUE(m.template_data);
  EXPECT_EQ(nlohmann::json::parse(*m.template_data), (nlohmann::json{{"activation_code", "01234567"}}));
  EXPECT_EQ(parse_invitation_ref(*m.ref), std::make_pair(std::string("acc1"), std::int64_t{3}));
}

TEST(InvitationMessage, ADeviceLoginGetsAnSms) {
  const auto m = invitation_message(account_named("", "", "+447911123456", "device"), "7654321", 1);
  EXPECT_NO_THROW(mail::validate(m));
  EXPECT_EQ(m.channel, "sms");
  EXPECT_EQ(m.to, "+447911123456");
}

}  // namespace
}  // namespace lineport::accounts

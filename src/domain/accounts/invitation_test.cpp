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

TEST(InvitationMessage, HoldsTheValuesAsJsonThatReadsBackExactly) {
  // Quotes, backslashes, a control character and non-ASCII letters: what the hand-written JSON
  // must escape or keep.
  const auto a = account_named("Zoë \"Z\"", "O'Neil\\Ka\tne", "zoe@bank.example", "email");
  const auto m = invitation_message("org9", a, "01234567", std::string("+12125551000"), 3);
  EXPECT_NO_THROW(mail::validate(m));
  EXPECT_EQ(m.event, "account_invitation");
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.to, "zoe@bank.example");
  EXPECT_EQ(m.ref, "account_invitation:acc1:3");
  EXPECT_TRUE(m.subject.empty() && m.text.empty() && !m.html && !m.qr_link);
  ASSERT_TRUE(m.template_data);
  const auto data = nlohmann::json::parse(*m.template_data);
  EXPECT_EQ(data.at("org_id"), "org9");
  EXPECT_EQ(data.at("first_name"), "Zoë \"Z\"");
  EXPECT_EQ(data.at("last_name"), "O'Neil\\Ka\tne");
  EXPECT_EQ(data.at("login"), "zoe@bank.example");
  EXPECT_EQ(data.at("activation_code"), "01234567");
  EXPECT_EQ(data.at("multiline_number"), "+12125551000");
  EXPECT_EQ(data.size(), 6u);
}

TEST(InvitationMessage, ADeviceLoginGetsAnSmsWithoutANumber) {
  const auto m = invitation_message("org9", account_named("", "", "+447911123456", "device"), "7654321", std::nullopt, 1);
  EXPECT_NO_THROW(mail::validate(m));
  EXPECT_EQ(m.channel, "sms");
  EXPECT_EQ(nlohmann::json::parse(*m.template_data).at("multiline_number"), "");
}

}  // namespace
}  // namespace lineport::accounts

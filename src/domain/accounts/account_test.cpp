// The account field checks shared by the form, edits, bulk edits and the CSV import: what each
// accepts, how it normalizes, and the message for what it refuses.

#include "domain/accounts/account.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lineport::accounts {
namespace {

TEST(AccountFields, ALoginIsALowerCaseEmailOrAnE164DeviceNumber) {
  Validator v;
  const auto email = clean_login("  Ana.Silva@Bank.Example ", "login", v);
  ASSERT_TRUE(email);
  EXPECT_EQ(email->value, "ana.silva@bank.example");
  EXPECT_EQ(email->kind, "email");
  const auto device = clean_login("+44 7911 123456", "login", v);
  ASSERT_TRUE(device);
  EXPECT_EQ(device->value, "+447911123456");
  EXPECT_EQ(device->kind, "device");
  EXPECT_TRUE(v.ok());
}

TEST(AccountFields, ALoginThatIsNeitherSaysWhatIsExpected) {
  for (const std::string bad : {"", "   ", "ana@", "ana@@bank.example", "07911 123456", "+99 123", "ana"}) {
    Validator v;
    EXPECT_FALSE(clean_login(bad, "email_or_device", v)) << bad;
    ASSERT_EQ(v.errors().size(), 1u) << bad;
    EXPECT_EQ(v.errors()[0].field, "email_or_device");
  }
  Validator empty;
  clean_login("", "login", empty);
  EXPECT_EQ(empty.errors()[0].message, "Is required: an email address or a device number with country code.");
}

TEST(AccountFields, NamesAreAtMostAHundredCharactersWithoutControls) {
  Validator v;
  EXPECT_EQ(clean_person_name(" Zoë ", "first_name", v), "Zoë");
  EXPECT_EQ(clean_person_name(std::string(100, 'a'), "first_name", v), std::string(100, 'a'));
  EXPECT_TRUE(v.ok());
  for (const std::string& bad :
       {std::string(101, 'a'), std::string("Ana\x01"), std::string("Ana\nBo"), std::string("\xFF")}) {
    Validator refused;
    clean_person_name(bad, "last_name", refused);
    ASSERT_EQ(refused.errors().size(), 1u) << bad;
    EXPECT_EQ(refused.errors()[0].field, "last_name");
  }
}

TEST(AccountFields, AForwardingNumberIsFourToEighteenDigitsWithItsPlus) {
  Validator v;
  EXPECT_EQ(clean_forwarding_number("5511987654321", "forwarding_number", v), "+5511987654321");
  EXPECT_EQ(clean_forwarding_number("+1234", "forwarding_number", v), "+1234");
  EXPECT_EQ(clean_forwarding_number("+" + std::string(18, '9'), "forwarding_number", v), "+" + std::string(18, '9'));
  EXPECT_EQ(clean_forwarding_number("", "forwarding_number", v), std::nullopt);  // none
  EXPECT_TRUE(v.ok());
  for (const std::string& bad :
       std::vector<std::string>{"123", "+" + std::string(19, '9'), "+1 212 555", "12a45", "++1234"}) {
    Validator refused;
    EXPECT_FALSE(clean_forwarding_number(bad, "forwarding_number", refused)) << bad;
    ASSERT_EQ(refused.errors().size(), 1u) << bad;
    EXPECT_EQ(refused.errors()[0].message, "Must be 4 to 18 digits, starting with the country code.");
  }
}

TEST(AccountFields, MonitoringValuesAreExactlyTheirWords) {
  EXPECT_TRUE(valid_monitor_calls("auto"));
  EXPECT_TRUE(valid_monitor_calls("off"));
  EXPECT_FALSE(valid_monitor_calls("on"));
  EXPECT_FALSE(valid_monitor_calls("AUTO"));  // the CSV import lower-cases first; the API does not
  EXPECT_TRUE(valid_monitor_sms("on"));
  EXPECT_TRUE(valid_monitor_sms("off"));
  EXPECT_FALSE(valid_monitor_sms("auto"));
}

TEST(AccountFields, TheDomainRestrictionAppliesToEmailLoginsOnly) {
  const std::vector<std::string> domains{"@bank.example", "@Bank.Example.COM"};
  EXPECT_TRUE(login_allowed({"ana@bank.example", "email"}, domains));
  EXPECT_TRUE(login_allowed({"ana@bank.example.com", "email"}, domains));
  EXPECT_FALSE(login_allowed({"ana@evil.example", "email"}, domains));
  EXPECT_FALSE(login_allowed({"ana@sub.bank.example", "email"}, domains));
  EXPECT_TRUE(login_allowed({"+447911123456", "device"}, domains));
  EXPECT_TRUE(login_allowed({"ana@evil.example", "email"}, {}));
}

TEST(AccountFields, RestrictingSocialMessagingWithoutItIsRefused) {
  Account a;
  AccountInput in;
  in.social_messaging = false;
  in.restrict_incoming_social_messaging = true;
  Validator v;
  apply_input(a, in, v);
  ASSERT_EQ(v.errors().size(), 1u);
  EXPECT_EQ(v.errors()[0].field, "restrict_incoming_social_messaging");

  Account on;
  on.social_messaging = true;
  on.restrict_incoming_social_messaging = true;
  AccountInput off;
  off.social_messaging = false;
  Validator fine;
  apply_input(on, off, fine);
  EXPECT_TRUE(fine.ok());
  EXPECT_FALSE(on.restrict_incoming_social_messaging);
}

}  // namespace
}  // namespace lineport::accounts

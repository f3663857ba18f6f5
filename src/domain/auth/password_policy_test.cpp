// The password policy: length in characters (not bytes), not the email, not a common password.

#include "domain/auth/password_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace lineport::auth {
namespace {

// The message for "password", or "" when the password is accepted.
std::string verdict(std::string_view password, std::string_view email = "ana@bank.example") {
  Validator v;
  check_password_policy(password, email, "password", v);
  if (v.ok()) return "";
  EXPECT_EQ(v.errors().size(), 1u);
  EXPECT_EQ(v.errors()[0].field, "password");
  return v.errors()[0].message;
}

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(PasswordPolicy, TwelveToTwoHundredFiftySixCharactersAreAccepted) {
  EXPECT_EQ(verdict("kq3-vz8-wm4-"), "");
  EXPECT_EQ(verdict(repeat("kq3-vz8-", 32)), "");  // 256
  EXPECT_EQ(verdict("kq3-vz8-wm4"), "Must be at least 12 characters.");
  EXPECT_EQ(verdict(""), "Must be at least 12 characters.");
  EXPECT_EQ(verdict(repeat("kq3-vz8-", 32) + "x"), "Must be at most 256 characters.");
}

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(verdict(repeat("\xC3\xA9", 11)), "Must be at least 12 characters.");  // 22 bytes, 11 é
  EXPECT_EQ(verdict(repeat("\xC3\xA9", 12)), "");
  EXPECT_EQ(verdict(repeat("\xE6\x97\xA5", 256)), "");  // 768 bytes, 256 characters
}

TEST(PasswordPolicy, TextThatIsNotUtf8IsRefused) {
  EXPECT_EQ(verdict("kq3-vz8-wm4-\xFF"), "Must be valid text.");
  EXPECT_EQ(verdict("kq3-vz8-wm4-\xC3"), "Must be valid text.");
}

TEST(PasswordPolicy, TheEmailIsRefusedWhateverItsCase) {
  EXPECT_EQ(verdict("ana@bank.example", "ana@bank.example"), "Must not be your email address.");
  EXPECT_EQ(verdict("ANA@Bank.Example", "ana@bank.example"), "Must not be your email address.");
  EXPECT_EQ(verdict("ana@bank.example", "bo@bank.example"), "");
}

TEST(PasswordPolicy, CommonPasswordsAreRefusedWhateverTheirCase) {
  EXPECT_EQ(verdict("password1234"), "Is too common; choose a less predictable password.");
  EXPECT_EQ(verdict("PassWord1234"), "Is too common; choose a less predictable password.");
  EXPECT_EQ(verdict("password1234 but longer"), "");
}

}  // namespace
}  // namespace lineport::auth

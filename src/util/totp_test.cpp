#include "util/totp.h"

#include <gtest/gtest.h>

#include "util/crypto.h"

namespace lineport::totp {

TEST(Totp, MatchesRfc6238ReferenceValues) {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890", 6 digits.
  const std::string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(code_at(secret, 59), "287082");
  EXPECT_EQ(code_at(secret, 1111111109), "081804");
  EXPECT_EQ(code_at(secret, 2000000000), "279037");
}

TEST(Totp, AcceptsOneStepOfDriftAndNoMore) {
  crypto::initialize();
  const auto secret = new_secret();
  const UnixSeconds now = 1'790'000'010;
  EXPECT_EQ(matching_step(secret, code_at(secret, now), now), now / 30);
  EXPECT_EQ(matching_step(secret, code_at(secret, now - 30), now), now / 30 - 1);
  EXPECT_FALSE(matching_step(secret, code_at(secret, now - 90), now));
  EXPECT_FALSE(matching_step(secret, "12345", now));
  EXPECT_TRUE(provisioning_url(secret, "ana@abc.example", "Lineport")
                  .starts_with("otpauth://totp/Lineport:ana%40abc.example?secret="));
}

}  // namespace lineport::totp

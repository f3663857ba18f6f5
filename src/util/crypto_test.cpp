#include "util/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace lineport::crypto {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { initialize(); }
};

TEST_F(CryptoTest, PasswordHashVerifiesOnlyTheSamePassword) {
  const auto hash = hash_password("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
}

TEST_F(CryptoTest, IdsAreDistinctAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = new_id();
    ASSERT_EQ(id.size(), 16u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(CryptoTest, GeneratedPasswordsHaveEveryCharacterClass) {
  for (int i = 0; i < 50; ++i) {
    const auto p = generate_password();
    EXPECT_EQ(p.size(), 16u);
    EXPECT_NE(p.find_first_of("abcdefghijkmnpqrstuvwxyz"), std::string::npos);
    EXPECT_NE(p.find_first_of("ABCDEFGHJKLMNPQRSTUVWXYZ"), std::string::npos);
    EXPECT_NE(p.find_first_of("23456789"), std::string::npos);
  }
}

TEST_F(CryptoTest, Sha256KnownAnswer) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(random_digits(6).size(), 6u);
}

}  // namespace lineport::crypto

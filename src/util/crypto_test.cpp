#include "util/crypto.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <thread>
#include <vector>

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

TEST_F(CryptoTest, IdsOfDifferentThreadsDiffer) {
  // Each thread draws from its own buffer of random bytes: the buffers must not repeat.
  std::vector<std::string> a, b;
  std::thread ta([&] { for (int i = 0; i < 600; ++i) a.push_back(new_id()); });
  std::thread tb([&] { for (int i = 0; i < 600; ++i) b.push_back(new_id()); });
  ta.join();
  tb.join();
  std::set<std::string> seen(a.begin(), a.end());
  seen.insert(b.begin(), b.end());
  EXPECT_EQ(seen.size(), 1200u);
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

TEST_F(CryptoTest, RandomDigitsAreDigitsOfEveryLengthAndUniform) {
  EXPECT_EQ(random_digits(0), "");
  EXPECT_EQ(random_digits(100).size(), 100u);  // more than one draw of bytes
  std::array<int, 10> counts{};
  const std::string many = random_digits(10'000);
  ASSERT_EQ(many.size(), 10'000u);
  for (const char c : many) {
    ASSERT_TRUE(c >= '0' && c <= '9') << c;
    ++counts[static_cast<std::size_t>(c - '0')];
  }
  // 1,000 expected per digit, standard deviation 30: a biased draw lands outside, chance never.
  for (const int n : counts) EXPECT_TRUE(n > 800 && n < 1200) << n;
}

}  // namespace lineport::crypto

#include "util/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
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

TEST_F(CryptoTest, IdsOfDifferentThreadsDifferAndEachSortsAfterTheOneBefore) {
  // Many ids a millisecond (the low part counts up) from two threads at once: each thread's ids
  // come in ascending order, so an import's rows append to its indexes, and none repeats.
  std::vector<std::string> a, b;
  std::thread ta([&] {
    for (int i = 0; i < 20000; ++i) a.push_back(new_id());
  });
  std::thread tb([&] {
    for (int i = 0; i < 20000; ++i) b.push_back(new_id());
  });
  ta.join();
  tb.join();
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()) && std::adjacent_find(a.begin(), a.end()) == a.end());
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()) && std::adjacent_find(b.begin(), b.end()) == b.end());
  std::set<std::string> seen(a.begin(), a.end());
  seen.insert(b.begin(), b.end());
  EXPECT_EQ(seen.size(), 40000u);
}

TEST_F(CryptoTest, IdsStartWithTheTime) {
  // Ids made a few milliseconds apart sort by time even though each starts its low part at
  // random: the milliseconds come first.
  const auto first = new_id();
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  const auto second = new_id();
  EXPECT_LT(first, second);
  EXPECT_NE(first.substr(0, 9), second.substr(0, 9));
}

TEST_F(CryptoTest, RandomBase32CodesAreUniformlySpread) {
  // Recovery codes: unlike ids, nothing in them is predictable. 2,000 codes of 10 characters use
  // every one of the 32 characters in every position.
  std::array<std::set<char>, 10> seen_at;
  for (int i = 0; i < 2000; ++i) {
    const auto code = random_base32(10);
    ASSERT_EQ(code.size(), 10u);
    for (std::size_t p = 0; p < code.size(); ++p) seen_at[p].insert(code[p]);
  }
  for (const auto& s : seen_at) EXPECT_EQ(s.size(), 32u);
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

TEST_F(CryptoTest, Base64RoundTripsBinaryAndRefusesAnythingElse) {
  EXPECT_EQ(to_base64("foobar"), "Zm9vYmFy");  // RFC 4648 §10
  EXPECT_EQ(to_base64("fo"), "Zm8=");
  EXPECT_EQ(to_base64(""), "");
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  EXPECT_EQ(from_base64(to_base64(binary)), binary);
  EXPECT_EQ(from_base64("Zm8="), "fo");
  EXPECT_EQ(from_base64("Zm8"), std::nullopt);    // padding missing
  EXPECT_EQ(from_base64("Zm8=x"), std::nullopt);  // after the end
  EXPECT_EQ(from_base64("Z-8="), std::nullopt);   // base64url is another alphabet
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

TEST_F(CryptoTest, HmacSha256MatchesRfc4231) {
  // RFC 4231, test case 2.
  const auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  ASSERT_EQ(mac.size(), 32u);
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_base64(mac), to_base64(*from_base64("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")));
}

TEST_F(CryptoTest, SealedTextOpensOnlyWithItsKeyAndUntouched) {
  const auto key = derive_key("the server's secret key, at least 32 characters", "webhook-secrets");
  ASSERT_EQ(key.size(), 32u);
  EXPECT_NE(key, derive_key("the server's secret key, at least 32 characters", "message-logs"));
  const auto sealed = seal(key, "whsec_secret");
  EXPECT_NE(sealed, seal(key, "whsec_secret"));  // a fresh nonce each time
  EXPECT_EQ(open(key, sealed), "whsec_secret");
  EXPECT_EQ(open(derive_key("another server's key, also 32 characters long", "webhook-secrets"), sealed), std::nullopt);
  auto tampered = *from_base64(sealed);
  tampered.back() ^= 1;
  EXPECT_EQ(open(key, to_base64(tampered)), std::nullopt);
  EXPECT_EQ(open(key, "not base64"), std::nullopt);
  EXPECT_THROW(seal("short", "x"), std::invalid_argument);
}

}  // namespace lineport::crypto

#include "domain/compliance/data_key.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "util/crypto.h"

namespace lineport::compliance {
namespace {

std::string write_file(const std::string& name, const std::string& content) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(DataKey, SealsSoOnlyTheSameKeyOpens) {
  crypto::initialize();
  const auto raw = DataKey::from_file(write_file("lineport-key-raw", std::string(32, '\x07')));
  const auto hex = DataKey::from_file(write_file("lineport-key-hex", std::string(64, 'B') + "\n"));
  const auto derived = DataKey::derived_from("a server secret key of enough length");
  const auto sealed = raw.seal("Meet at 10");
  EXPECT_EQ(sealed.find("Meet"), std::string::npos);
  EXPECT_TRUE(sealed.starts_with(raw.id() + ":"));
  EXPECT_EQ(raw.open(sealed), "Meet at 10");
  EXPECT_NE(raw.seal("Meet at 10"), sealed);  // a fresh nonce each time
  EXPECT_FALSE(hex.open(sealed).has_value());
  EXPECT_FALSE(derived.open(sealed).has_value());
  EXPECT_EQ(hex.open(hex.seal("")), "");
  auto damaged = sealed;
  damaged.back() = damaged.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(raw.open(damaged).has_value());
}

TEST(DataKey, AFileThatIsNotAKeyIsRefused) {
  for (const auto& content : {std::string(31, 'x'), std::string(63, 'a'), std::string(64, 'g'), std::string()})
    EXPECT_THROW(DataKey::from_file(write_file("lineport-key-bad", content)), std::runtime_error) << content;
  EXPECT_THROW(DataKey::from_file("/nonexistent/lineport.key"), std::runtime_error);
}

}  // namespace
}  // namespace lineport::compliance

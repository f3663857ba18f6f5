#include "sms/spool_sms_transport.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lineport::sms {
namespace {
namespace fs = std::filesystem;

class SpoolSmsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "lineport-sms-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
  }
  void TearDown() override { fs::remove_all(root); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path root;
  const OutgoingSms sms{"01jsmsspool00001", "+14155550123", "Código de activación: 48291375", "account_invitation",
                        1767225600};
};

TEST_F(SpoolSmsTransportTest, WritesOneJsonFilePerMessage) {
  SpoolSmsTransport spool(root / "sms");  // created when missing
  EXPECT_EQ(spool.describe(), "sms spool " + (root / "sms").string());
  const SendResult result = spool.send(sms);
  EXPECT_EQ(result.status, SendStatus::sent) << result.reason;

  const fs::path file = spool.path_for(sms.id);
  EXPECT_EQ(file, root / "sms" / "01jsmsspool00001.json");
  const auto json = nlohmann::json::parse(read(file));
  EXPECT_EQ(json, (nlohmann::json{{"id", sms.id},
                                  {"to", "+14155550123"},
                                  {"text", "Código de activación: 48291375"},
                                  {"event", "account_invitation"},
                                  {"created_at", "2026-01-01T00:00:00Z"}}));
  // Only the finished file: no temporary left behind, and nobody else may read it.
  EXPECT_EQ(std::distance(fs::directory_iterator(root / "sms"), fs::directory_iterator{}), 1);
  EXPECT_EQ(fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(SpoolSmsTransportTest, SendingTheSameIdAgainKeepsTheFirstFile) {
  SpoolSmsTransport spool(root);
  ASSERT_EQ(spool.send(sms).status, SendStatus::sent);
  const std::string first = read(spool.path_for(sms.id));
  OutgoingSms again = sms;
  again.text = "changed";
  EXPECT_EQ(spool.send(again).status, SendStatus::sent);
  EXPECT_EQ(read(spool.path_for(sms.id)), first);
}

TEST_F(SpoolSmsTransportTest, AnUnsafeIdIsRefusedForGood) {
  SpoolSmsTransport spool(root / "sms");
  OutgoingSms bad = sms;
  bad.id = "../escape";
  EXPECT_EQ(spool.send(bad).status, SendStatus::permanent);
  EXPECT_FALSE(fs::exists(root / "escape.json"));
}

TEST_F(SpoolSmsTransportTest, AnUnwritableDirectoryIsRetried) {
  SpoolSmsTransport spool(root / "sms");
  fs::remove_all(root / "sms");  // gone after start: the next attempt may find it again
  const SendResult result = spool.send(sms);
  EXPECT_EQ(result.status, SendStatus::retry);
  EXPECT_NE(result.reason.find("sms"), std::string::npos) << result.reason;
}

}  // namespace
}  // namespace lineport::sms

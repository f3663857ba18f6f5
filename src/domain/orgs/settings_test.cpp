#include "domain/orgs/settings.h"

#include <gtest/gtest.h>

namespace lineport::orgs {

TEST(Settings, DomainRestrictionEntriesAreWrittenWithAnAt) {
  auto check = [](const nlohmann::json& value) {
    Validator v;
    validate_setting("domain_restriction", value, v);
    return v.ok();
  };
  EXPECT_TRUE(check({"@abc-bank.example", "@mail.abc.co.uk"}));
  EXPECT_FALSE(check({"abc.example"}));
  EXPECT_FALSE(check({"@ABC.example"}));
  EXPECT_FALSE(check({"@localhost"}));
  EXPECT_FALSE(check({"@-bad.example"}));
  EXPECT_FALSE(check({"@abc.example."}));
  EXPECT_FALSE(check({"@abc.123"}));
  EXPECT_TRUE(check(nullptr));
}

TEST(Settings, ThresholdAndTimezoneAreChecked) {
  Validator v;
  validate_setting("utilization_threshold_pct", 101, v);
  validate_setting("timezone", "Europe/Atlantis", v);
  validate_setting("language", "fr", v);
  validate_setting("two_factor_enabled", "yes", v);
  EXPECT_TRUE(v.has("utilization_threshold_pct"));
  EXPECT_TRUE(v.has("timezone"));
  EXPECT_TRUE(v.has("language"));
  EXPECT_TRUE(v.has("two_factor_enabled"));
  Validator ok;
  validate_setting("utilization_threshold_pct", 100, ok);
  validate_setting("timezone", "Asia/Kolkata", ok);
  EXPECT_TRUE(ok.ok());
}

TEST(Settings, AppSettingsAreCheckedAndNothingIsRoundedOrTrimmed) {
  const auto error = [](std::string_view key, const nlohmann::json& value) {
    Validator v;
    validate_setting(key, value, v);
    return v.ok() ? std::string() : v.errors().front().field;
  };
  EXPECT_EQ(error("call_recording_enabled", true), "");
  EXPECT_EQ(error("call_recording_enabled", "on"), "call_recording_enabled");
  EXPECT_EQ(error("recording_retention_days", 0), "recording_retention_days");
  EXPECT_EQ(error("recording_retention_days", 2557.5), "recording_retention_days");
  EXPECT_EQ(error("max_attachment_mb", 101), "max_attachment_mb");
  EXPECT_EQ(error("sms_opt_in_keyword", "start"), "sms_opt_in_keyword");
  EXPECT_EQ(error("sms_opt_in_keyword", "JOIN2"), "");
  EXPECT_EQ(error("sms_opt_in_help", ""), "sms_opt_in_help");
  EXPECT_EQ(error("recording_announcement", ""), "");
  EXPECT_EQ(error("recording_announcement", std::string(501, 'a')), "recording_announcement");
  EXPECT_EQ(error("portal_primary_color", "#12ab9F"), "");
  EXPECT_EQ(error("portal_primary_color", "blue"), "portal_primary_color");
  EXPECT_EQ(error("app_support_email", "help@bank.example"), "");
  EXPECT_EQ(error("app_support_url", "http://bank.example"), "app_support_url");
  const nlohmann::json policy = {{"latest_version", "2.4.1"},
                                 {"minimum_version", "2.0.0"},
                                 {"release_notes", "Faster calls."},
                                 {"store_url", "https://apps.apple.com/app/id1"}};
  EXPECT_EQ(error("app_version_ios", policy), "");
  auto above = policy;
  above["minimum_version"] = "2.10.0";
  EXPECT_EQ(error("app_version_ios", above), "app_version_ios.minimum_version");
  auto unknown = policy;
  unknown["force"] = true;
  EXPECT_EQ(error("app_version_android", unknown), "app_version_android.force");
  auto no_store = policy;
  no_store.erase("store_url");
  EXPECT_EQ(error("app_version_android", no_store), "app_version_android.store_url");
}

TEST(Settings, VersionsAreThreeNumbersComparedPartByPart) {
  EXPECT_EQ(parse_version("2.10.0"), (Version{2, 10, 0}));
  EXPECT_LT(*parse_version("2.9.9"), *parse_version("2.10.0"));
  for (const char* bad : {"2.4", "2.4.1.0", "v2.4.1", "2.04.1", "2..1", "", "2.4.1-beta", "1234567890.0.0"})
    EXPECT_EQ(parse_version(bad), std::nullopt) << bad;
  EXPECT_EQ(parse_version("0.0.0"), (Version{0, 0, 0}));
}

}  // namespace lineport::orgs

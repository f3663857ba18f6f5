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

}  // namespace lineport::orgs

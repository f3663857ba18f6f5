// The settings of the app's Setup areas (Mobile Recording, Messages, SMS Opt-In, Application
// Version, Branding): inherited down the tree with their source, each changed only with its
// area's edit privilege, refused naming the field and never rounded or trimmed.

#include <gtest/gtest.h>

#include <set>

#include "support/images.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class AppSettings : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
  }

  static std::string settings_of(const std::string& org) { return "/api/v1/orgs/" + org + "/settings"; }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(AppSettings, DefaultsAreInheritedAndAnOrganizationsOwnValueWinsBelowIt) {
  auto s = root.get(settings_of(retail)).json();
  EXPECT_EQ(s["call_recording_enabled"]["value"], false);
  EXPECT_EQ(s["recording_retention_days"]["value"], 2557);
  EXPECT_EQ(s["message_sync_enabled"]["value"], true);
  EXPECT_EQ(s["max_attachment_mb"]["value"], 10);
  EXPECT_EQ(s["sms_opt_in_keyword"]["value"], "START");
  EXPECT_TRUE(s["app_version_ios"]["value"].is_null());
  EXPECT_EQ(s["app_name"]["value"], "Lineport");
  EXPECT_EQ(s["app_name"]["source_org_id"], server.root_org_id());

  const nlohmann::json policy = {{"latest_version", "2.4.1"},
                                 {"minimum_version", "2.0.0"},
                                 {"release_notes", "Clearer calls."},
                                 {"store_url", "https://apps.apple.com/app/id123"}};
  const auto set = root.patch(settings_of(abc), {{"call_recording_enabled", true},
                                                 {"recording_announcement", "This call is recorded."},
                                                 {"max_attachment_mb", 25},
                                                 {"sms_opt_in_keyword", "JOIN"},
                                                 {"app_version_ios", policy},
                                                 {"app_name", "ABC Mobile"},
                                                 {"app_primary_color", "#003366"},
                                                 {"app_support_email", "help@abc.example"}});
  ASSERT_EQ(set.status, 200) << set.body;
  s = root.get(settings_of(retail)).json();
  EXPECT_EQ(s["call_recording_enabled"]["value"], true);
  EXPECT_EQ(s["call_recording_enabled"]["source_org_id"], abc);
  EXPECT_FALSE(s["call_recording_enabled"]["own"].get<bool>());
  EXPECT_EQ(s["recording_announcement"]["value"], "This call is recorded.");
  EXPECT_EQ(s["app_version_ios"]["value"], policy);
  EXPECT_EQ(s["app_name"]["value"], "ABC Mobile");

  ASSERT_EQ(root.patch(settings_of(retail), {{"app_name", "Retail Phone"}}).status, 200);
  EXPECT_EQ(root.get(settings_of(retail)).json()["app_name"]["value"], "Retail Phone");
  EXPECT_EQ(root.get(settings_of(abc)).json()["app_name"]["value"], "ABC Mobile");
  ASSERT_EQ(root.patch(settings_of(retail), {{"app_name", nullptr}}).status, 200);
  EXPECT_EQ(root.get(settings_of(retail)).json()["app_name"]["value"], "ABC Mobile");
}

TEST_F(AppSettings, BadValuesAreRefusedNamingTheFieldAndNothingIsSaved) {
  const auto r = root.patch(
      settings_of(abc),
      {{"message_sync_enabled", false},
       {"max_attachment_mb", 0},
       {"sms_opt_in_keyword", "start"},
       {"app_version_android",
        {{"latest_version", "2.0"}, {"minimum_version", "1.0.0"}, {"store_url", "https://play.google.com/x"}}},
       {"portal_primary_color", "#12345"}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const auto body = r.json();
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"max_attachment_mb", "sms_opt_in_keyword",
                                           "app_version_android.latest_version", "portal_primary_color"}));
  // All or nothing: the good value of the same request was not written either.
  EXPECT_EQ(root.get(settings_of(abc)).json()["message_sync_enabled"]["value"], true);
}

TEST_F(AppSettings, EachAreaNeedsItsOwnEditPrivilege) {
  HttpClient recording = server.admin_with_privileges(abc, {"setup.edit.recording"}, "rec@abc.example");
  EXPECT_EQ(recording.patch(settings_of(abc), {{"recording_retention_days", 3650}}).status, 200);
  EXPECT_EQ(recording.patch(settings_of(abc), {{"message_sync_enabled", false}}).status, 403);
  EXPECT_EQ(recording.patch(settings_of(abc), {{"app_name", "Mine"}}).status, 403);
  EXPECT_EQ(recording.patch(settings_of(abc), {{"app_version_ios", nullptr}}).status, 403);
  HttpClient branding = server.admin_with_privileges(abc, {"setup.edit.branding"}, "brand@abc.example");
  EXPECT_EQ(branding.patch(settings_of(retail), {{"portal_product_name", "ABC Portal"}}).status, 200);
  EXPECT_EQ(branding.patch(settings_of(server.root_org_id()), {{"portal_product_name", "Mine"}}).status, 404);
  EXPECT_EQ(root.get(settings_of(abc)).json()["recording_retention_days"]["value"], 3650);
}

TEST_F(AppSettings, LogosAreCheckedByTheirContentAndInheritedDownTheTree) {
  const auto logo = [](const std::string& org, const std::string& kind) {
    return "/api/v1/orgs/" + org + "/branding/" + kind + "/logo";
  };
  auto r = root.get("/api/v1/orgs/" + retail + "/branding");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["portal_logo"].is_null());
  EXPECT_EQ(root.get(logo(retail, "portal")).status, 404);

  const auto& jpeg = baseline_jpeg();
  r = root.send("PUT", logo(abc, "portal"), jpeg, "image/jpeg");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["portal_logo"]["media_type"], "image/jpeg");
  EXPECT_TRUE(r.json()["portal_logo"]["own"].get<bool>());
  EXPECT_TRUE(r.json()["app_logo"].is_null());
  // Below, the parent's logo shows, said to come from the parent.
  const auto below = root.get("/api/v1/orgs/" + retail + "/branding").json()["portal_logo"];
  EXPECT_FALSE(below["own"].get<bool>());
  EXPECT_EQ(below["source_org_id"], abc);
  const auto served = root.get(below["url"].get<std::string>());
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, jpeg);
  EXPECT_EQ(served.header("content-type"), "image/jpeg");
  // Any administrator signed in below sees it (the portal shows it to everyone).
  HttpClient plain = server.admin_with_privileges(retail, nlohmann::json::array(), "plain@abc.example");
  EXPECT_EQ(plain.get(logo(retail, "portal")).status, 200);
  EXPECT_EQ(plain.send("PUT", logo(retail, "portal"), jpeg, "image/jpeg").status, 403);

  // Not an image, an unknown kind, nothing own to remove.
  r = root.send("PUT", logo(abc, "app"), "GIF89a not really", "image/png");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(root.send("PUT", logo(abc, "favicon"), jpeg, "image/jpeg").status, 404);
  EXPECT_EQ(root.del(logo(retail, "portal")).status, 404);
  r = root.del(logo(abc, "portal"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["portal_logo"].is_null());
}

}  // namespace
}  // namespace lineport::testing

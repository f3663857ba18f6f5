// What the app reads and reports with its device token: the configuration document with the
// settings of its organization applied to its user (and its ETag), heartbeats and the version
// report, and in-app messages from Setup > In-App Messaging with their delivered and read counts.

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "support/images.h"
#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class App : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
    server.give_numbers(abc, 8);
  }

  struct Device {
    std::string account_id;
    std::map<std::string, std::string> bearer;
  };

  // Invites `login` into ABC Bank with `number` and activates it on `platform`.
  Device activate(const std::string& login, const std::string& number, const std::string& platform,
                  const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json body = {{"login", login}, {"invite", true}, {"multiline_number", number}};
    body.update(extra);
    const auto added = root.post("/api/v1/orgs/" + abc + "/accounts", body);
    EXPECT_EQ(added.status, 201) << added.body;
    const auto code = mail_field(server.wait_for_message(login, "account_invitation"), "Activation code").value_or("");
    const auto r = server.client().post(
        "/api/v1/activation",
        {{"login", login}, {"activation_code", code}, {"device_number", "+447911123456"}, {"platform", platform}});
    EXPECT_EQ(r.status, 200) << r.body;
    return {added.json()["id"], {{"Authorization", "Bearer " + r.json()["device_token"].get<std::string>()}}};
  }

  HttpResult device_get(const Device& d, const std::string& path, std::map<std::string, std::string> extra = {}) {
    extra.insert(d.bearer.begin(), d.bearer.end());
    return server.client().send("GET", path, "", "", extra);
  }
  HttpResult device_post(const Device& d, const std::string& path, const nlohmann::json& body) {
    return server.client().send("POST", path, body.dump(), "application/json", d.bearer);
  }

  nlohmann::json config(const Device& d) {
    const auto r = device_get(d, "/api/v1/app/config");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  HttpResult message(const std::string& org, const nlohmann::json& fields) {
    nlohmann::json body = {{"text", "Branch closed on Friday."},
                           {"expires_at", to_rfc3339(server.clock().now() + days(2))}};
    body.update(fields);
    return root.post("/api/v1/orgs/" + org + "/in-app-messages", body);
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(App, TheConfigurationAppliesTheOrganizationsSettingsToTheUser) {
  const auto ana = activate("ana@bank.example", "+12125551000", "ios");
  auto c = config(ana);
  EXPECT_EQ(c["features"], nlohmann::json({"voice", "sms", "mms", "social_messaging", "in_app_messaging"}));
  EXPECT_EQ(c["recording"]["call_recording"], false);
  EXPECT_EQ(c["messages"]["sync"], true);
  EXPECT_EQ(c["sms_opt_in"]["keyword"], "START");
  EXPECT_EQ(c["branding"]["app_name"], "Lineport");
  EXPECT_TRUE(c["branding"]["logo_url"].is_null());
  EXPECT_EQ(device_get(ana, "/api/v1/app/logo").status, 404);
  EXPECT_EQ(c["version_policy"]["platform"], "ios");
  EXPECT_TRUE(c["version_policy"]["latest_version"].is_null());
  EXPECT_EQ(c["version_policy"]["update_required"], false);
  EXPECT_EQ(c["unread_messages"], 0);

  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"call_recording_enabled", true},
                                                             {"message_logging_enabled", true},
                                                             {"app_name", "ABC Mobile"},
                                                             {"app_version_ios",
                                                              {{"latest_version", "2.4.1"},
                                                               {"minimum_version", "2.0.0"},
                                                               {"release_notes", "Clearer calls."},
                                                               {"store_url", "https://apps.apple.com/app/id123"}}}})
                .status,
            200);
  ASSERT_EQ(device_post(ana, "/api/v1/app/heartbeat",
                        {{"platform", "ios"}, {"app_version", "1.9.3"}, {"os_version", "17.4.1"}})
                .status,
            204);
  c = config(ana);
  // Recording is on for the organization, but the user's features do not include it.
  EXPECT_EQ(c["recording"]["call_recording"], false);
  EXPECT_EQ(c["branding"]["app_name"], "ABC Mobile");
  EXPECT_EQ(c["version_policy"]["minimum_version"], "2.0.0");
  EXPECT_EQ(c["version_policy"]["store_url"], "https://apps.apple.com/app/id123");
  EXPECT_EQ(c["version_policy"]["update_required"], true);

  // The app's logo of the organization, fetched with the device token.
  ASSERT_EQ(
      root.send("PUT", "/api/v1/orgs/" + server.root_org_id() + "/branding/app/logo", baseline_jpeg(), "image/jpeg")
          .status,
      200);
  const auto with_logo = config(ana);
  ASSERT_TRUE(with_logo["branding"]["logo_url"].is_string());
  const auto logo = device_get(ana, with_logo["branding"]["logo_url"].get<std::string>());
  ASSERT_EQ(logo.status, 200);
  EXPECT_EQ(logo.body, baseline_jpeg());

  // Unchanged: 304 on the ETag; changed: a new document.
  const auto r = device_get(ana, "/api/v1/app/config");
  const auto etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(device_get(ana, "/api/v1/app/config", {{"If-None-Match", etag}}).status, 304);
  // As a cache may send it: weak, in a list.
  EXPECT_EQ(device_get(ana, "/api/v1/app/config", {{"If-None-Match", "\"old\", W/" + etag}}).status, 304);
  ASSERT_EQ(device_post(ana, "/api/v1/app/heartbeat",
                        {{"platform", "ios"}, {"app_version", "2.4.1"}, {"os_version", "17.4.1"}})
                .status,
            204);
  const auto after = device_get(ana, "/api/v1/app/config", {{"If-None-Match", etag}});
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.json()["version_policy"]["update_required"], false);

  // A group with call recording: now the user is recorded.
  const auto group = root.post("/api/v1/orgs/" + abc + "/permission-groups",
                               {{"name", "Traders"}, {"features", {"voice", "call_recording"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  ASSERT_EQ(root.patch("/api/v1/accounts/" + ana.account_id, {{"permission_group_id", group.json()["id"]}}).status,
            200);
  c = config(ana);
  EXPECT_EQ(c["features"], nlohmann::json({"voice", "call_recording"}));
  EXPECT_EQ(c["recording"]["call_recording"], true);
  EXPECT_EQ(c["recording"]["message_logging"], false);
}

TEST_F(App, DeviceRequestsNeedATokenAndGoodValues) {
  const auto ana = activate("ana@bank.example", "+12125551000", "android");
  EXPECT_EQ(server.client().get("/api/v1/app/config").status, 401);
  EXPECT_EQ(device_get({"", {{"Authorization", "Bearer not-a-token"}}}, "/api/v1/app/config").status, 401);
  const auto bad = device_post(ana, "/api/v1/app/heartbeat", {{"platform", "symbian"}, {"app_version", "2.4"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  std::set<std::string> fields;
  const auto body = bad.json();
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"platform", "app_version", "os_version"}));
  EXPECT_EQ(device_post(ana, "/api/v1/app/messages/nope/read", nlohmann::json::object()).status, 404);
  // A suspended account's device reads nothing more.
  ASSERT_EQ(root.post("/api/v1/accounts/suspend", {{"account_ids", {ana.account_id}}}).status, 200);
  EXPECT_EQ(device_get(ana, "/api/v1/app/config").status, 403);
  EXPECT_EQ(device_get(ana, "/api/v1/app/messages").status, 403);
}

TEST_F(App, InAppMessagesReachTheirUsersAndCountDeliveredAndRead) {
  const auto ana = activate("ana@bank.example", "+12125551000", "ios");
  const auto bob = activate("bob@bank.example", "+12125551001", "ios");
  const auto sent = message(abc, {{"text", "Branch closed on Friday.\nUse the app."}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string id = sent.json()["id"];
  // Only Bob, and one that has not started yet.
  ASSERT_EQ(message(abc, {{"text", "For Bob"}, {"account_ids", {bob.account_id}}}).status, 201);
  ASSERT_EQ(message(abc, {{"text", "Tomorrow"},
                          {"starts_at", to_rfc3339(server.clock().now() + days(1))},
                          {"expires_at", to_rfc3339(server.clock().now() + days(3))}})
                .status,
            201);

  EXPECT_EQ(config(ana)["unread_messages"], 1);
  const auto listed = device_get(ana, "/api/v1/app/messages");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto items = listed.json()["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["text"], "Branch closed on Friday.\nUse the app.");
  EXPECT_EQ(items[0]["read"], false);
  EXPECT_EQ(device_get(bob, "/api/v1/app/messages").json()["items"].size(), 2u);
  ASSERT_EQ(device_post(ana, "/api/v1/app/messages/" + id + "/read", nlohmann::json::object()).status, 204);
  EXPECT_EQ(config(ana)["unread_messages"], 0);

  const auto page = root.get("/api/v1/orgs/" + abc + "/in-app-messages").json();
  ASSERT_EQ(page["items"].size(), 3u);
  const auto& first = page["items"][2];
  EXPECT_EQ(first["id"], id);
  EXPECT_EQ(first["delivered"], 2);
  EXPECT_EQ(first["read"], 1);
  EXPECT_EQ(page["items"][1]["account_count"], 1);

  server.clock().advance(days(1) + 1);
  EXPECT_EQ(device_get(ana, "/api/v1/app/messages").json()["items"].size(), 2u);
  // Withdrawn: gone from the app.
  root = server.root_client();
  ASSERT_EQ(root.del("/api/v1/in-app-messages/" + id).status, 204);
  EXPECT_EQ(device_get(ana, "/api/v1/app/messages").json()["items"].size(), 1u);

  // A user whose features lack in_app_messaging sees none.
  const auto group =
      root.post("/api/v1/orgs/" + abc + "/permission-groups", {{"name", "Quiet"}, {"features", {"voice"}}});
  ASSERT_EQ(root.patch("/api/v1/accounts/" + bob.account_id, {{"permission_group_id", group.json()["id"]}}).status,
            200);
  EXPECT_TRUE(device_get(bob, "/api/v1/app/messages").json()["items"].empty());
  EXPECT_EQ(config(bob)["unread_messages"], 0);
}

// The app lists the newest 100 messages shown now, however many an organization sends.
TEST_F(App, TheAppListsTheNewestHundredMessages) {
  const auto ana = activate("ana@bank.example", "+12125551000", "ios");
  for (int i = 0; i < 101; ++i) {
    server.clock().advance(1);
    ASSERT_EQ(message(abc, {{"text", "Notice " + std::to_string(i)}}).status, 201);
  }
  const auto items = device_get(ana, "/api/v1/app/messages").json()["items"];
  ASSERT_EQ(items.size(), 100u);
  EXPECT_EQ(items[0]["text"], "Notice 100");
  EXPECT_EQ(items[99]["text"], "Notice 1");
  EXPECT_EQ(config(ana)["unread_messages"], 100);
}

TEST_F(App, MessagesAreCheckedAndKeptToTheirOrganizationAndPrivileges) {
  const auto field = [](const HttpResult& r) { return r.json()["errors"][0]["field"].get<std::string>(); };
  auto r = message(abc, {{"text", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field(r), "text");
  r = message(abc, {{"text", std::string(501, 'a')}});
  EXPECT_EQ(field(r), "text");
  r = message(abc, {{"expires_at", "tomorrow"}});
  EXPECT_EQ(field(r), "expires_at");
  r = message(abc, {{"starts_at", to_rfc3339(server.clock().now() + days(2))}});
  EXPECT_EQ(field(r), "expires_at");
  r = message(abc, {{"account_ids", {"nobody"}}});
  EXPECT_EQ(field(r), "account_ids");
  r = message(abc, {{"permission_group_id", "nothing"}});
  EXPECT_EQ(field(r), "permission_group_id");
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/in-app-messages").json()["items"].size(), 0u);

  const auto sent = message(abc, nlohmann::json::object());
  ASSERT_EQ(sent.status, 201);
  HttpClient viewer = server.admin_with_privileges(abc, {"setup.view.in_app_messaging"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/in-app-messages").status, 200);
  EXPECT_EQ(viewer
                .post("/api/v1/orgs/" + abc + "/in-app-messages",
                      {{"text", "x"}, {"expires_at", to_rfc3339(server.clock().now() + days(1))}})
                .status,
            403);
  const auto other = add_child_org(root, server.root_org_id(), "Other Bank");
  HttpClient stranger = server.admin_with_privileges(
      other, {"setup.view.in_app_messaging", "setup.edit.in_app_messaging"}, "admin@other.example");
  EXPECT_EQ(stranger.get("/api/v1/orgs/" + abc + "/in-app-messages").status, 404);
  EXPECT_EQ(stranger.del("/api/v1/in-app-messages/" + sent.json()["id"].get<std::string>()).status, 404);
}

TEST_F(App, TheVersionReportCountsActiveUsersAndListsThoseBelowTheMinimum) {
  const auto ana = activate("ana@bank.example", "+12125551000", "ios");
  const auto bob = activate("bob@bank.example", "+12125551001", "ios");
  const auto cy = activate("cy@bank.example", "+12125551002", "android");
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"app_version_ios",
                                                              {{"latest_version", "2.10.0"},
                                                               {"minimum_version", "2.9.0"},
                                                               {"store_url", "https://apps.apple.com/app/id123"}}}})
                .status,
            200);
  for (const auto& [d, platform, version] :
       {std::tuple{ana, "ios", "2.10.0"}, std::tuple{bob, "ios", "2.8.5"}, std::tuple{cy, "android", "1.0.0"}})
    ASSERT_EQ(device_post(d, "/api/v1/app/heartbeat",
                          {{"platform", platform}, {"app_version", version}, {"os_version", "14"}})
                  .status,
              204);
  const auto report = root.get("/api/v1/orgs/" + abc + "/app-versions");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto body = report.json();
  EXPECT_EQ(body["versions"], nlohmann::json::parse(R"([
    {"platform": "android", "app_version": "1.0.0", "users": 1},
    {"platform": "ios", "app_version": "2.10.0", "users": 1},
    {"platform": "ios", "app_version": "2.8.5", "users": 1}])"));
  ASSERT_EQ(body["below_minimum"].size(), 1u);  // Android has no policy
  EXPECT_EQ(body["below_minimum"][0]["login"], "bob@bank.example");
  EXPECT_EQ(body["below_minimum"][0]["minimum_version"], "2.9.0");
  const auto csv = root.get("/api/v1/orgs/" + abc + "/app-versions?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("bob@bank.example"), std::string::npos);
  EXPECT_EQ(csv.body.find("ana@bank.example"), std::string::npos);
  HttpClient none = server.admin_with_privileges(abc, {"setup.view.recording"}, "none@abc.example");
  EXPECT_EQ(none.get("/api/v1/orgs/" + abc + "/app-versions").status, 403);
}

}  // namespace
}  // namespace lineport::testing

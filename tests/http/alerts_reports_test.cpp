// Alert settings and the alert mail they drive; the administrators activity report.

#include <gtest/gtest.h>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class AlertsAndReports : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    // ABC's own administrator receives ABC's alerts.
    server.add_admin(abc, "it@abc.example", "it-password-1234");
    role = root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Helper"}, {"privileges", {"dashboard", "profile.view"}}}).json()["id"];
  }

  HttpResult invite(const std::string& email) {
    return root.post("/api/v1/orgs/" + abc + "/admins",
                     {{"first_name", "New"}, {"last_name", "Admin"}, {"email", email}, {"role_id", role}});
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, role;
};

TEST_F(AlertsAndReports, TheCatalogHasFifteenAlertsOnByDefault) {
  const auto list = root.get("/api/v1/orgs/" + abc + "/alerts").json();
  ASSERT_EQ(list["items"].size(), 15u);
  for (const auto& a : list["items"]) {
    EXPECT_TRUE(a["enabled"].get<bool>());
    EXPECT_TRUE(a["to_org_admins"].get<bool>());
  }
  const auto bad = root.patch("/api/v1/orgs/" + abc + "/alerts/admin_added", {{"recipients", {"ok@abc.example", "not an email"}}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "recipients[1]");
  EXPECT_EQ(root.patch("/api/v1/orgs/" + abc + "/alerts/no_such_alert", {{"enabled", false}}).status, 404);
}

TEST_F(AlertsAndReports, AdminAddedGoesToTheOrganizationsAdminsAndOtherRecipients) {
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/alerts/admin_added", {{"recipients", {"security@abc.example"}}}).status, 200);
  ASSERT_EQ(invite("first@abc.example").status, 201);
  const auto to_admin = server.wait_for_message("it@abc.example", "admin_added");
  EXPECT_NE(to_admin.find("first@abc.example"), std::string::npos);
  EXPECT_FALSE(server.wait_for_message("security@abc.example", "admin_added").empty());

  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/alerts/admin_added", {{"enabled", false}}).status, 200);
  ASSERT_EQ(invite("second@abc.example").status, 201);
  server.wait_for_message("second@abc.example", "admin_invitation");
  for (const auto& m : server.wait_for_mail(0)) {
    if (mail_event(m) == "admin_added") {
      EXPECT_EQ(m.find("second@abc.example"), std::string::npos);
    }
  }
}

TEST_F(AlertsAndReports, ChangingARoleReportsGrantedAndRevokedPrivileges) {
  ASSERT_EQ(invite("helper@abc.example").status, 201);
  ASSERT_EQ(root.patch("/api/v1/roles/" + role, {{"privileges", {"dashboard", "accounts"}}}).status, 200);
  const auto granted = server.wait_for_message("it@abc.example", "admin_privilege_granted");
  EXPECT_NE(granted.find("accounts"), std::string::npos);
  const auto revoked = server.wait_for_message("it@abc.example", "admin_privilege_revoked");
  EXPECT_NE(revoked.find("profile.view"), std::string::npos);
}

TEST_F(AlertsAndReports, AdminActivityReportPagesFiltersAndStreamsCsv) {
  invite("report@abc.example");
  root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}});
  const auto page = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?range=today&limit=2").json();
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_GE(page["total"].get<int>(), 3);
  EXPECT_GT(page["items"][0]["seq"].get<int>(), page["items"][1]["seq"].get<int>());  // newest first
  EXPECT_FALSE(page["next_cursor"].is_null());
  const auto writes = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?activity_type=write").json();
  for (const auto& item : writes["items"]) EXPECT_EQ(item["activity_type"], "write");
  const auto created = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?event=org.create").json();
  ASSERT_EQ(created["total"], 1) << created.dump();
  EXPECT_EQ(created["items"][0]["action"], "org.create");
  for (const auto& item : writes["items"]) EXPECT_EQ(item["changes"].dump().find("password\":\"") , std::string::npos);

  const auto csv = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?format=csv&range=current_cycle");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(csv.body.starts_with("time,administrator,address,organization,activity_type,action"));
  EXPECT_NE(csv.body.find("admin.invite"), std::string::npos);
  // The download itself is recorded, and shows in the report.
  const auto downloads = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?activity_type=download").json();
  ASSERT_GE(downloads["items"].size(), 1u);
  EXPECT_EQ(downloads["items"][0]["action"], "report.download");

  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?from=2026-13-01&to=2026-01-01").status, 422);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?range=forever").status, 422);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?format=pdf").status, 422);
}

TEST_F(AlertsAndReports, ViewAndDownloadAreSeparatePrivileges) {
  const auto viewer_role = root.post("/api/v1/orgs/" + abc + "/roles",
                                     {{"name", "Viewer"}, {"privileges", {"reports.view.admin_activity"}}}).json()["id"];
  const auto downloader_role = root.post("/api/v1/orgs/" + abc + "/roles",
                                         {{"name", "Downloader"}, {"privileges", {"reports.download.admin_activity"}}}).json()["id"];
  const auto viewer = server.add_admin(abc, "viewer@abc.example", "viewer-password-1");
  const auto downloader = server.add_admin(abc, "dl@abc.example", "dl-password-12345");
  root.patch("/api/v1/admins/" + viewer, {{"role_id", viewer_role}});
  root.patch("/api/v1/admins/" + downloader, {{"role_id", downloader_role}});

  auto v = server.client();
  ASSERT_EQ(v.sign_in("viewer@abc.example", "viewer-password-1").status, 200);
  EXPECT_EQ(v.get("/api/v1/orgs/" + abc + "/reports/admin_activity").status, 200);
  EXPECT_EQ(v.get("/api/v1/orgs/" + abc + "/reports/admin_activity?format=csv").status, 403);
  auto d = server.client();
  ASSERT_EQ(d.sign_in("dl@abc.example", "dl-password-12345").status, 200);
  EXPECT_EQ(d.get("/api/v1/orgs/" + abc + "/reports/admin_activity").status, 403);
  EXPECT_EQ(d.get("/api/v1/orgs/" + abc + "/reports/admin_activity?format=csv").status, 200);
}

}  // namespace
}  // namespace lineport::testing

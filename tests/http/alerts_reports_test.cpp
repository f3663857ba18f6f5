// Alert settings and the alert mail they drive; the administrators activity report.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "support/mail.h"
#include "support/test_server.h"
#include "util/clock.h"

namespace lineport::testing {
namespace {

class AlertsAndReports : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    // ABC's own administrator receives ABC's alerts.
    server.add_admin(abc, "it@abc.example", "it-password-1234");
    role =
        root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Helper"}, {"privileges", {"dashboard", "profile.view"}}})
            .json()["id"];
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
  const auto bad =
      root.patch("/api/v1/orgs/" + abc + "/alerts/admin_added", {{"recipients", {"ok@abc.example", "not an email"}}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "recipients[1]");
  EXPECT_EQ(root.patch("/api/v1/orgs/" + abc + "/alerts/no_such_alert", {{"enabled", false}}).status, 404);
}

// Seed 002's "What alerts are available?" table, as written there (the one change: "a new
// MultiLine user account" where the seed names its vendor, see docs/decisions.md).
TEST_F(AlertsAndReports, AlertNamesAndDescriptionsAreTheSeeds) {
  const std::string all =
      "An administrator can select all administrators or other recipients to receive this alert "
      "when ";
  const std::vector<std::tuple<std::string, std::string, std::string>> seed = {
      {"account_moved", "Account Moved",
       "An administrator can select an organization administrator or a recipient to receive this "
       "alert when an account "
       "is moved to or from the organization."},
      {"invitation_threshold_exceeded", "Threshold exceeded for invitations",
       all + "the count of numbers needed for pending invitations exceeds the count of available "
             "numbers."},
      {"admin_privilege_granted", "User granted administrator privilege",
       all + "administration rights are granted to a user."},
      {"suspended_account_reactivated", "Suspended Account made active",
       all + "a user account that was previously suspended is reactivated."},
      {"account_added", "Account added", all + "a new MultiLine user account is added in the Portal."},
      {"admin_added", "New administrator added",
       all + "a new organization administrator account is added in the Portal."},
      {"number_utilization_threshold_exceeded", "Number utilization threshold exceeded",
       all + "the percentage of numbers used exceeds the set threshold."},
      {"admin_privilege_revoked", "User revoked administrator privilege",
       all + "a user administrator rights are revoked."},
      {"suspicious_login_activity", "Suspicious login activity",
       all + "an unauthorized person is attempting to access a user account."},
      {"account_deleted", "Account deleted", all + "an administrator deletes a MultiLine user account."},
      {"password_changed", "Administrator and MultiLine password changed", all + "a user password is changed."},
      {"account_suspended", "Account suspended by administrator", all + "a user account is suspended."},
      {"privacy_opted_out", "Privacy Settings Opted Out",
       "When a user turns-off or rejects privacy policy, the user account will be suspended. An "
       "alert is sent to the "
       "defined administrator."},
      {"privacy_resumed", "Privacy Settings Resumed",
       "When a user turns-on or resumes privacy policy, the user account will be resumed. An alert "
       "is sent to the "
       "defined administrator."},
      {"batch_operations_report", "Batch Operations Report",
       "An administrator can upload a CSV file of multiple user accounts. An alert is sent to the "
       "defined "
       "administrator with a summary of the batch operation results."},
  };
  const auto list = root.get("/api/v1/orgs/" + abc + "/alerts").json();
  ASSERT_EQ(list["items"].size(), seed.size());
  for (std::size_t i = 0; i < seed.size(); ++i) {
    const auto& [key, name, description] = seed[i];
    const auto& item = list["items"][i];
    SCOPED_TRACE(key);
    EXPECT_EQ(item["key"], key);  // in the seed's order
    EXPECT_EQ(item["labels"]["en"], name);
    EXPECT_EQ(item["descriptions"]["en"], description);
    // Spanish and Portuguese are translations, not copies of the English.
    for (const auto* language : {"es", "pt"}) {
      EXPECT_FALSE(item["labels"][language].get<std::string>().empty());
      EXPECT_NE(item["labels"][language], name);
      EXPECT_NE(item["descriptions"][language], description);
      EXPECT_GT(item["descriptions"][language].get<std::string>().size(), 40u);
    }
  }
  // A change answers the same names.
  const auto changed = root.patch("/api/v1/orgs/" + abc + "/alerts/password_changed", {{"enabled", false}});
  ASSERT_EQ(changed.status, 200);
  EXPECT_EQ(changed.json()["labels"]["en"], "Administrator and MultiLine password changed");
  EXPECT_EQ(changed.json()["descriptions"]["en"], all + "a user password is changed.");
}

TEST_F(AlertsAndReports, AdminAddedGoesToTheOrganizationsAdminsAndOtherRecipients) {
  ASSERT_EQ(
      root.patch("/api/v1/orgs/" + abc + "/alerts/admin_added", {{"recipients", {"security@abc.example"}}}).status,
      200);
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

// Issue 12, item 5: an organization without administrators of its own has its alerts delivered to
// the nearest ancestor's, and the alert list says who actually receives each alert.
TEST_F(AlertsAndReports, AlertsOfAnOrganizationWithoutAdministratorsGoToTheNearestAncestors) {
  const std::string europe = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Europe"}}).json()["id"];
  const std::string paris = root.post("/api/v1/orgs/" + europe + "/children", {{"name", "Paris"}}).json()["id"];
  const auto alert_of = [&](const std::string& org, const std::string& key) {
    const auto list = root.get("/api/v1/orgs/" + org + "/alerts").json();
    for (const auto& a : list["items"])
      if (a["key"] == key) return a;
    return nlohmann::json();
  };
  auto added = alert_of(paris, "account_added");
  EXPECT_EQ(added["effective_recipients"], nlohmann::json({"it@abc.example"}));
  EXPECT_EQ(added["administrators_from"]["name"], "ABC Bank");

  ASSERT_EQ(root.post("/api/v1/orgs/" + paris + "/accounts", {{"login", "pierre@paris.example"}}).status, 201);
  const auto mail = server.wait_for_message("it@abc.example", "account_added");
  EXPECT_NE(mail.find("pierre@paris.example"), std::string::npos);

  // Other recipients come after the administrators; an alert turned off reaches nobody.
  auto r = root.patch("/api/v1/orgs/" + paris + "/alerts/account_added", {{"recipients", {"ops@paris.example"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["effective_recipients"], nlohmann::json({"it@abc.example", "ops@paris.example"}));
  r = root.patch("/api/v1/orgs/" + paris + "/alerts/account_added", {{"to_org_admins", false}});
  EXPECT_EQ(r.json()["effective_recipients"], nlohmann::json({"ops@paris.example"}));
  EXPECT_TRUE(r.json()["administrators_from"].is_null());
  r = root.patch("/api/v1/orgs/" + paris + "/alerts/account_added", {{"enabled", false}});
  EXPECT_EQ(r.json()["effective_recipients"], nlohmann::json::array());

  // Once Europe has an administrator of its own, Europe's and Paris's alerts go to them instead.
  server.add_admin(europe, "it@europe.example", "europe-password-1234");
  added = alert_of(paris, "account_moved");
  EXPECT_EQ(added["effective_recipients"], nlohmann::json({"it@europe.example"}));
  EXPECT_EQ(added["administrators_from"]["id"], europe);
  EXPECT_EQ(alert_of(abc, "account_moved")["effective_recipients"], nlohmann::json({"it@abc.example"}));
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
  for (const auto& item : writes["items"]) EXPECT_EQ(item["changes"].dump().find("password\":\""), std::string::npos);

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

TEST_F(AlertsAndReports, AdminActivityNamesEachTargetAsItIsNow) {
  ASSERT_EQ(invite("named@abc.example").status, 201);
  const std::string retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
  ASSERT_EQ(root.patch("/api/v1/roles/" + role, {{"name", "Helpdesk"}}).status, 200);
  const auto report = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?include_suborgs=true&limit=100");
  ASSERT_EQ(report.status, 200) << report.body;
  std::map<std::string, nlohmann::json> by_action;
  const auto body = report.json();
  for (const auto& row : body["items"]) by_action.emplace(row["action"].get<std::string>(), row);
  ASSERT_TRUE(by_action.contains("org.create")) << report.body;
  EXPECT_EQ(by_action["org.create"]["target_id"], retail);
  EXPECT_EQ(by_action["org.create"]["target_name"], "Retail");
  EXPECT_EQ(by_action["admin.invite"]["target_name"], "New Admin");
  // The name as it is now: the role was renamed after it was created.
  EXPECT_EQ(by_action["role.create"]["target_name"], "Helpdesk");
  EXPECT_EQ(by_action["role.update"]["target_name"], "Helpdesk");
  // A report has no name of its own: null, never its id again.
  const auto views = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?event=report.view").json();
  ASSERT_GE(views["items"].size(), 1u);
  EXPECT_TRUE(views["items"][0].contains("target_name"));
  EXPECT_TRUE(views["items"][0]["target_name"].is_null()) << views.dump();
}

TEST_F(AlertsAndReports, ViewAndDownloadAreSeparatePrivileges) {
  const auto viewer_role =
      root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Viewer"}, {"privileges", {"reports.view.admin_activity"}}})
          .json()["id"];
  const auto downloader_role = root.post("/api/v1/orgs/" + abc + "/roles",
                                         {{"name", "Downloader"}, {"privileges", {"reports.download.admin_activity"}}})
                                   .json()["id"];
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

// Seed 002: "If you want to check whether administrators have onboarded, you can monitor
// administrator status in Administrator Reports."
TEST_F(AlertsAndReports, AdministratorsReportShowsWhoHasOnboarded) {
  const std::string retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
  const auto invited_at = to_rfc3339(server.clock().now());
  const auto add = [&](const std::string& org, const std::string& email) {
    const auto r = root.post(
        "/api/v1/orgs/" + org + "/admins",
        {{"first_name", "Ana"}, {"last_name", email.substr(0, email.find('@'))}, {"email", email}, {"role_id", role}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].get<std::string>();
  };
  const auto sign_in_with_mail = [&](const std::string& email, std::size_t nth) {
    const auto password = mail_field(server.wait_for_message(email, "admin_invitation", nth), "Password");
    ASSERT_TRUE(password);
    auto c = server.client();
    ASSERT_EQ(c.sign_in(email, *password).status, 200);
  };
  add(abc, "waiting@abc.example");
  const auto onboarded = add(retail, "onboarded@abc.example");
  const auto locked = add(abc, "locked@abc.example");
  const auto gone = add(abc, "gone@abc.example");
  const auto again = add(abc, "again@abc.example");
  server.clock().advance(60);
  const auto signed_in_at = to_rfc3339(server.clock().now());
  sign_in_with_mail("onboarded@abc.example", 1);
  sign_in_with_mail("again@abc.example", 1);
  ASSERT_EQ(root.patch("/api/v1/admins/" + locked, {{"login_suspended", true}}).status, 200);
  ASSERT_EQ(root.patch("/api/v1/admins/" + gone, {{"login_suspended", true}, {"account_suspended", true}}).status, 200);
  // Invited again after signing in: waiting for a sign-in with the new password.
  server.clock().advance(60);
  const auto reinvited_at = to_rfc3339(server.clock().now());
  ASSERT_EQ(root.post("/api/v1/admins/resend-invitations", {{"admin_ids", {again}}}).status, 200);

  const std::string report = "/api/v1/orgs/" + abc + "/reports/administrators";
  const auto all = root.get(report + "?include_suborgs=true");
  ASSERT_EQ(all.status, 200) << all.body;
  std::map<std::string, nlohmann::json> by_email;
  const auto all_rows = all.json();
  for (const auto& row : all_rows["items"]) by_email[row["email"]] = row;
  // it@abc.example (made directly, never signed in) and the five above.
  ASSERT_EQ(all_rows["total"], 6) << all.body;
  ASSERT_EQ(by_email.size(), 6u);
  EXPECT_EQ(by_email["waiting@abc.example"]["status"], "invited");
  EXPECT_EQ(by_email["waiting@abc.example"]["invited_at"], invited_at);
  EXPECT_TRUE(by_email["waiting@abc.example"]["last_sign_in_at"].is_null());
  EXPECT_EQ(by_email["waiting@abc.example"]["role_name"], "Helper");
  EXPECT_EQ(by_email["waiting@abc.example"]["org_name"], "ABC Bank");
  EXPECT_EQ(by_email["waiting@abc.example"]["first_name"], "Ana");
  EXPECT_EQ(by_email["waiting@abc.example"]["last_name"], "waiting");
  EXPECT_EQ(by_email["onboarded@abc.example"]["status"], "active");
  EXPECT_EQ(by_email["onboarded@abc.example"]["org_name"], "Retail");
  EXPECT_EQ(by_email["onboarded@abc.example"]["org_id"], retail);
  EXPECT_EQ(by_email["onboarded@abc.example"]["id"], onboarded);
  EXPECT_EQ(by_email["onboarded@abc.example"]["last_sign_in_at"], signed_in_at);
  EXPECT_EQ(by_email["locked@abc.example"]["status"], "login_suspended");
  EXPECT_EQ(by_email["gone@abc.example"]["status"], "account_suspended");
  EXPECT_EQ(by_email["again@abc.example"]["status"], "invited");
  EXPECT_EQ(by_email["again@abc.example"]["invited_at"], reinvited_at);
  EXPECT_EQ(by_email["again@abc.example"]["last_sign_in_at"], signed_in_at);
  EXPECT_EQ(by_email["it@abc.example"]["status"], "invited");
  // Signing in with the new password makes them active again.
  sign_in_with_mail("again@abc.example", 2);
  EXPECT_EQ(root.get(report + "?status=active&include_suborgs=true").json()["total"], 2);

  // Without the sub-organizations, Retail's administrator is not listed.
  const auto own = root.get(report).json();
  EXPECT_EQ(own["total"], 5);
  for (const auto& row : own["items"]) EXPECT_NE(row["email"], "onboarded@abc.example");
  // One status.
  const auto waiting = root.get(report + "?status=invited&include_suborgs=true").json();
  std::set<std::string> emails;
  for (const auto& row : waiting["items"]) emails.insert(row["email"]);
  EXPECT_EQ(emails, (std::set<std::string>{"it@abc.example", "waiting@abc.example"}));
  const auto bad = root.get(report + "?status=pending");
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "status");

  // Pages of two, by email, never overlapping.
  std::vector<std::string> paged;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    const auto page =
        root.get(report + "?include_suborgs=true&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
    for (const auto& row : page["items"]) paged.push_back(row["email"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"again@abc.example", "gone@abc.example", "it@abc.example",
                                             "locked@abc.example", "onboarded@abc.example", "waiting@abc.example"}));
  EXPECT_EQ(root.get(report + "?cursor=nonsense").status, 400);

  // The CSV: a header and one line per administrator; the download is in the activity report.
  const auto csv = root.get(report + "?format=csv&include_suborgs=true");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").find("administrators.csv"), std::string::npos);
  EXPECT_TRUE(
      csv.body.starts_with("first_name,last_name,email,kind,organization,role,status,invited_at,last_sign_in_at\r\n"))
      << csv.body;
  EXPECT_NE(csv.body.find("Ana,waiting,waiting@abc.example,admin,ABC Bank,Helper,invited," + invited_at + ",\r\n"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("Ana,onboarded,onboarded@abc.example,admin,Retail,Helper,active," + invited_at + "," +
                          signed_in_at + "\r\n"),
            std::string::npos)
      << csv.body;
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 7);
  const auto downloads = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?activity_type=download").json();
  ASSERT_GE(downloads["items"].size(), 1u);
  EXPECT_EQ(downloads["items"][0]["target_id"], "administrators");
  const auto views = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?event=report.view").json();
  bool viewed = false;
  for (const auto& row : views["items"]) viewed = viewed || row["target_id"] == "administrators";
  EXPECT_TRUE(viewed);
}

TEST_F(AlertsAndReports, AdministratorsReportNeedsTheAdministratorsActivityPrivileges) {
  const auto viewer_role =
      root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Viewer"}, {"privileges", {"reports.view.admin_activity"}}})
          .json()["id"];
  const auto helper = server.add_admin(abc, "viewer@abc.example", "viewer-password-1");
  ASSERT_EQ(root.patch("/api/v1/admins/" + helper, {{"role_id", viewer_role}}).status, 200);
  auto v = server.client();
  ASSERT_EQ(v.sign_in("viewer@abc.example", "viewer-password-1").status, 200);
  EXPECT_EQ(v.get("/api/v1/orgs/" + abc + "/reports/administrators").status, 200);
  EXPECT_EQ(v.get("/api/v1/orgs/" + abc + "/reports/administrators?format=csv").status, 403);
  // Above the viewer's organization: as if it did not exist.
  EXPECT_EQ(v.get("/api/v1/orgs/" + server.root_org_id() + "/reports/administrators").status, 404);
}

}  // namespace
}  // namespace lineport::testing

// Administrators and API users through the API: invitation by mail, search, suspension,
// resend with its CSV, self-protection, API tokens and the last-API-user rule.

#include <gtest/gtest.h>

#include <set>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

std::string basic(const std::string& user, const std::string& password) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + password;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                       (i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) << 8 : 0) |
                       (i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0);
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < in.size() ? table[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? table[n & 63] : '=';
  }
  return "Basic " + out;
}

class Admins : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
    manager_role =
        root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Manager"},
                                                     {"privileges",
                                                      {"administrators", "api_users", "dashboard", "accounts",
                                                       "reports.view.user_metrics", "reports.download.user_metrics"}}})
            .json()["id"];
  }

  HttpResult invite(HttpClient& by, const std::string& org, const std::string& email, const std::string& role) {
    return by.post("/api/v1/orgs/" + org + "/admins",
                   {{"first_name", "Ana"}, {"last_name", "Silva"}, {"email", email}, {"role_id", role}});
  }

  // Signs in with the emailed password and sets a new one.
  HttpClient activate(const std::string& email, std::size_t nth_invitation = 1) {
    const auto mail = server.wait_for_message(email, "admin_invitation", nth_invitation);
    const auto password = mail_field(mail, "Password");
    EXPECT_TRUE(password) << mail;
    HttpClient c = server.client();
    const auto login = c.sign_in(email, password.value_or(""));
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_TRUE(login.json()["password_change_required"].get<bool>());
    EXPECT_EQ(c.post("/api/v1/auth/password", {{"current_password", *password}, {"new_password", "chosen-password-42"}})
                  .status,
              204);
    return c;
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail, manager_role;
};

TEST_F(Admins, InvitationMailsAGeneratedPasswordThatMustBeChanged) {
  const auto created = invite(root, retail, "ana@abc.example", manager_role);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto admin = created.json();
  EXPECT_EQ(admin["org_id"], retail);
  EXPECT_EQ(admin["role_name"], "Manager");
  EXPECT_EQ(admin["kind"], "admin");
  EXPECT_TRUE(admin["password_change_required"].get<bool>());
  const auto mail = server.wait_for_message("ana@abc.example", "admin_invitation");
  EXPECT_NE(mail.find("Login: ana@abc.example"), std::string::npos);
  auto ana = activate("ana@abc.example");
  EXPECT_EQ(ana.get("/api/v1/auth/me").json()["org"]["id"], retail);

  const auto dup = invite(root, abc, "ANA@abc.example", manager_role);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "email_taken");
  const auto invalid = root.post("/api/v1/orgs/" + abc + "/admins",
                                 {{"first_name", ""}, {"email", "not-an-email"}, {"role_id", manager_role}});
  ASSERT_EQ(invalid.status, 422);
  EXPECT_GE(invalid.json()["errors"].size(), 3u);
  // A role defined below the organization is not usable there.
  const auto low_role =
      root.post("/api/v1/orgs/" + retail + "/roles", {{"name", "Low"}, {"privileges", {"dashboard"}}}).json()["id"];
  EXPECT_EQ(invite(root, abc, "x@abc.example", low_role).status, 422);
}

TEST_F(Admins, ListSearchesByNameOrEmailWithSubOrganizations) {
  invite(root, abc, "carla@abc.example", manager_role);
  invite(root, retail, "bruno@abc.example", manager_role);
  root.post("/api/v1/orgs/" + retail + "/admins",
            {{"first_name", "Zoe"}, {"last_name", "Quintana"}, {"email", "zq@abc.example"}, {"role_id", manager_role}});
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/admins").json()["total"], 1);
  const auto all = root.get("/api/v1/orgs/" + abc + "/admins?include_suborgs=true&limit=2").json();
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["items"].size(), 2u);
  EXPECT_EQ(all["items"][0]["email"], "bruno@abc.example");
  EXPECT_FALSE(all["next_cursor"].is_null());
  const auto by_name = root.get("/api/v1/orgs/" + abc + "/admins?include_suborgs=true&q=quintana").json();
  ASSERT_EQ(by_name["total"], 1);
  EXPECT_EQ(by_name["items"][0]["org_name"], "Retail");
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/admins?include_suborgs=true&q=%25").json()["total"], 0);
}

TEST_F(Admins, SuspensionEndsSessionsAtOnceAndCanBeLifted) {
  const auto id = invite(root, abc, "sam@abc.example", manager_role).json()["id"].get<std::string>();
  auto sam = activate("sam@abc.example");
  ASSERT_EQ(sam.get("/api/v1/auth/me").status, 200);
  ASSERT_EQ(root.patch("/api/v1/admins/" + id, {{"login_suspended", true}}).status, 200);
  EXPECT_EQ(sam.get("/api/v1/auth/me").status, 401);
  HttpClient again = server.client();
  EXPECT_EQ(again.sign_in("sam@abc.example", "chosen-password-42").status, 403);
  ASSERT_EQ(root.patch("/api/v1/admins/" + id, {{"login_suspended", false}}).status, 200);
  EXPECT_EQ(again.sign_in("sam@abc.example", "chosen-password-42").status, 200);
}

TEST_F(Admins, NobodySuspendsOrDeletesThemselves) {
  const auto me = root.get("/api/v1/auth/me").json()["admin"]["id"].get<std::string>();
  EXPECT_EQ(root.patch("/api/v1/admins/" + me, {{"account_suspended", true}}).code(), "self_action");
  EXPECT_EQ(root.del("/api/v1/admins/" + me).code(), "self_action");
  EXPECT_EQ(root.patch("/api/v1/admins/" + me, {{"first_name", "Still Allowed"}}).status, 200);
}

TEST_F(Admins, ALimitedAdminCannotManageAStrongerOne) {
  invite(root, abc, "mgr@abc.example", manager_role);
  auto manager = activate("mgr@abc.example");
  const auto boss = server.add_admin(abc, "boss@abc.example", "boss-password-123");  // super administrator
  EXPECT_EQ(manager.patch("/api/v1/admins/" + boss, {{"account_suspended", true}}).status, 403);
  EXPECT_EQ(manager.del("/api/v1/admins/" + boss).status, 403);
}

TEST_F(Admins, ResendGivesNewPasswordsAndADownloadableStatus) {
  const auto a1 = invite(root, abc, "one@abc.example", manager_role).json()["id"].get<std::string>();
  const auto a2 = invite(root, retail, "two@abc.example", manager_role).json()["id"].get<std::string>();
  const auto first_password = mail_field(server.wait_for_message("one@abc.example", "admin_invitation"), "Password");

  const auto r = root.post("/api/v1/admins/resend-invitations", {{"admin_ids", {a1, a2, "missing-id"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  ASSERT_EQ(body["results"].size(), 3u);
  EXPECT_EQ(body["results"][0]["status"], "sent");
  EXPECT_EQ(body["results"][1]["status"], "sent");
  EXPECT_EQ(body["results"][2]["status"], "not_found");

  const auto csv = root.get(body["csv_url"].get<std::string>());
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("\"one@abc.example\",\"sent\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"not_found\""), std::string::npos);

  // The first password no longer works; the second invitation's does.
  HttpClient c = server.client();
  EXPECT_EQ(c.sign_in("one@abc.example", first_password.value_or("")).status, 401);
  activate("one@abc.example", 2);
}

TEST_F(Admins, ApiUsersGetTokensNotPortalSessions) {
  const auto created =
      root.post("/api/v1/orgs/" + abc + "/api-users", {{"first_name", "CRM"},
                                                       {"last_name", "Sync"},
                                                       {"email", "crm@abc.example"},
                                                       {"external_applications", {"SalesForce", "HttpApi"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()["id"].get<std::string>();
  EXPECT_EQ(created.json()["kind"], "api_user");
  EXPECT_EQ(created.json()["role_name"], "API User");
  EXPECT_EQ(created.json()["external_applications"], (nlohmann::json{"HttpApi", "SalesForce"}));
  const auto password =
      mail_field(server.wait_for_message("crm@abc.example", "admin_invitation"), "Password").value_or("");

  HttpClient portal = server.client();
  EXPECT_EQ(portal.sign_in("crm@abc.example", password).status, 401);

  HttpClient api = server.client();
  const auto token =
      api.send("POST", "/api/v1/auth/token", "", "", {{"Authorization", basic("crm@abc.example", password)}});
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(token.json()["token_type"], "Bearer");
  EXPECT_EQ(token.json()["expires_in"], 3600);
  const std::map<std::string, std::string> bearer = {
      {"Authorization", "Bearer " + token.json()["access_token"].get<std::string>()}};
  EXPECT_EQ(api.send("GET", "/api/v1/orgs/" + abc, "", "", bearer).status, 200);
  EXPECT_EQ(
      api.send("POST", "/api/v1/auth/token", "", "", {{"Authorization", basic("crm@abc.example", "wrong")}}).status,
      401);
  // Administrators do not get tokens.
  EXPECT_EQ(
      api.send("POST", "/api/v1/auth/token", "", "", {{"Authorization", basic(root_email, root_password)}}).status,
      401);

  // Its applications can be edited (API users only).
  const auto edited = root.patch("/api/v1/admins/" + id, {{"external_applications", {"HttpApi", "Workday"}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["external_applications"], (nlohmann::json{"HttpApi", "Workday"}));
  EXPECT_EQ(root.patch("/api/v1/admins/" + id, {{"external_applications", {"HttpApi", ""}}}).status, 422);
  const auto me = root.get("/api/v1/auth/me").json()["admin"]["id"].get<std::string>();
  EXPECT_EQ(root.patch("/api/v1/admins/" + me, {{"external_applications", {"HttpApi"}}}).status, 422);

  // Deleting the last API user of an application needs confirmation, and kills its tokens.
  const auto refused = root.del("/api/v1/admins/" + id);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), "integration_would_break");
  EXPECT_EQ(refused.json()["application"], "HttpApi");
  EXPECT_EQ(api.send("GET", "/api/v1/orgs/" + abc, "", "", bearer).status, 200);
  EXPECT_EQ(root.del("/api/v1/admins/" + id + "?confirm=true").status, 204);
  EXPECT_EQ(api.send("GET", "/api/v1/orgs/" + abc, "", "", bearer).status, 401);
}

TEST_F(Admins, SuspendingAnApiUserKillsItsTokensAndTokensExpireAfterAnHour) {
  const auto id = root.post("/api/v1/orgs/" + abc + "/api-users", {{"first_name", "HR"},
                                                                   {"last_name", "Feed"},
                                                                   {"email", "hr@abc.example"},
                                                                   {"external_applications", {"Workday"}}})
                      .json()["id"]
                      .get<std::string>();
  const auto password =
      mail_field(server.wait_for_message("hr@abc.example", "admin_invitation"), "Password").value_or("");
  HttpClient api = server.client();
  auto issue = [&] {
    const auto t =
        api.send("POST", "/api/v1/auth/token", "", "", {{"Authorization", basic("hr@abc.example", password)}});
    return std::map<std::string, std::string>{
        {"Authorization", "Bearer " + t.json().value("access_token", std::string())}};
  };
  auto bearer = issue();
  server.clock().advance(3599);
  EXPECT_EQ(api.send("GET", "/api/v1/auth/me", "", "", bearer).status, 200);
  server.clock().advance(1);
  EXPECT_EQ(api.send("GET", "/api/v1/auth/me", "", "", bearer).status, 401);

  bearer = issue();
  root = server.root_client();  // the root's own session went idle while the clock moved
  ASSERT_EQ(root.patch("/api/v1/admins/" + id, {{"account_suspended", true}}).status, 200);
  EXPECT_EQ(api.send("GET", "/api/v1/auth/me", "", "", bearer).status, 401);
  EXPECT_EQ(
      api.send("POST", "/api/v1/auth/token", "", "", {{"Authorization", basic("hr@abc.example", password)}}).status,
      403);
}

// The seed's administrator form has an Address tab; the invitation takes the address too.
TEST_F(Admins, AnAdministratorIsInvitedWithTheAddressOfTheFormsAddressTab) {
  const nlohmann::json address = {{"street", "1 Harbour Road"},
                                  {"city", "Lisboa"},
                                  {"state", "Lisboa"},
                                  {"postal_code", "1100-148"},
                                  {"country", "Portugal"}};
  const auto created = root.post("/api/v1/orgs/" + abc + "/admins", {{"first_name", "Ana"},
                                                                     {"last_name", "Silva"},
                                                                     {"email", "ana@abc.example"},
                                                                     {"role_id", manager_role},
                                                                     {"address", address}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["address"], address);
  const auto id = created.json()["id"].get<std::string>();
  EXPECT_EQ(root.get("/api/v1/admins/" + id).json()["address"], address);
  const auto moved = root.patch("/api/v1/admins/" + id, {{"address", {{"city", "Porto"}}}});
  ASSERT_EQ(moved.status, 200);
  EXPECT_EQ(moved.json()["address"], (nlohmann::json{{"city", "Porto"}}));

  const auto bad =
      root.post("/api/v1/orgs/" + abc + "/admins", {{"first_name", "Bo"},
                                                    {"last_name", "Lee"},
                                                    {"email", "bo@abc.example"},
                                                    {"role_id", manager_role},
                                                    {"address", {{"zip", "12345"}, {"city", std::string(201, 'x')}}}});
  ASSERT_EQ(bad.status, 422);
  std::set<std::string> fields;
  const auto problem = bad.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"address.zip", "address.city"}));
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/admins?q=bo%40abc").json()["total"], 0);
}

// Seed 002's Add API User form offers "None" among the external applications.
TEST_F(Admins, AnApiUserMayServeNoExternalApplication) {
  const auto created =
      root.post("/api/v1/orgs/" + abc + "/api-users", {{"first_name", "Batch"},
                                                       {"last_name", "Job"},
                                                       {"email", "batch@abc.example"},
                                                       {"external_applications", nlohmann::json::array()}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["external_applications"], nlohmann::json::array());
  const auto id = created.json()["id"].get<std::string>();
  const auto with_app = root.patch("/api/v1/admins/" + id, {{"external_applications", {"HttpApi"}}});
  ASSERT_EQ(with_app.status, 200);
  EXPECT_EQ(with_app.json()["external_applications"], (nlohmann::json{"HttpApi"}));
  const auto none = root.patch("/api/v1/admins/" + id, {{"external_applications", nlohmann::json::array()}});
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json()["external_applications"], nlohmann::json::array());
  // Without an application there is no integration to break: it is deleted without confirmation.
  EXPECT_EQ(root.del("/api/v1/admins/" + id).status, 204);
}

}  // namespace
}  // namespace lineport::testing

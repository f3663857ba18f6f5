// Roles: inheritance, validation, no privilege escalation, in-use and built-in protection.

#include <gtest/gtest.h>

#include <map>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class Roles : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
  }

  std::string make_role(const std::string& org, const std::string& name, const nlohmann::json& privileges) {
    const auto r = root.post("/api/v1/orgs/" + org + "/roles", {{"name", name}, {"privileges", privileges}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  // An administrator of `org` holding `role_id`, signed in with a known password.
  HttpClient admin_with_role(const std::string& org, const std::string& role_id, const std::string& email) {
    const auto invited =
        root.post("/api/v1/orgs/" + org + "/admins",
                  {{"first_name", "Role"}, {"last_name", "Tester"}, {"email", email}, {"role_id", role_id}});
    EXPECT_EQ(invited.status, 201) << invited.body;
    const auto password = mail_field(server.wait_for_message(email, "admin_invitation"), "Password").value_or("");
    HttpClient c = server.client();
    EXPECT_EQ(c.sign_in(email, password).status, 200);
    EXPECT_EQ(
        c.post("/api/v1/auth/password", {{"current_password", password}, {"new_password", "a-new-password-77"}}).status,
        204);
    return c;
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(Roles, ListIncludesInheritedRolesWithTheirSource) {
  make_role(abc, "Help Desk", {"accounts", "dashboard"});
  make_role(retail, "Branch Manager", {"dashboard"});
  const auto list = root.get("/api/v1/orgs/" + retail + "/roles").json();
  std::vector<std::string> names;
  for (const auto& r : list["items"]) names.push_back(r["name"]);
  EXPECT_EQ(names,
            (std::vector<std::string>{"API User", "Enterprise Super Administrator", "Help Desk", "Branch Manager"}));
  EXPECT_TRUE(list["items"][2]["inherited"].get<bool>());
  EXPECT_EQ(list["items"][2]["org_name"], "ABC Bank");
  EXPECT_FALSE(list["items"][3]["inherited"].get<bool>());
  EXPECT_TRUE(list["items"][1]["built_in"].get<bool>());
  // A role defined below is not usable (nor listed) above.
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/roles").json()["total"], 3);
}

TEST_F(Roles, ValidationAndNameRules) {
  auto unknown = root.post("/api/v1/orgs/" + abc + "/roles",
                           {{"name", "X"}, {"privileges", {"dashboard", "reports.view.everything"}}});
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "privileges[1]");
  EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/roles", {{"name", ""}, {"privileges", nlohmann::json::array()}}).status,
            422);
  EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "NoList"}}).status, 422);
  make_role(abc, "Auditor", {"reports.view.admin_activity"});
  const auto dup =
      root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "AUDITOR"}, {"privileges", nlohmann::json::array()}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "name_taken");
  // The same name in another organization is fine.
  make_role(retail, "Auditor", {"dashboard"});
}

TEST_F(Roles, NobodyGrantsPrivilegesTheyDoNotHold) {
  const auto limited_role = make_role(abc, "Role Editor", {"roles", "dashboard", "administrators"});
  auto editor = admin_with_role(abc, limited_role, "editor@abc.example");

  const auto escalate =
      editor.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Sneaky"}, {"privileges", {"dashboard", "accounts"}}});
  EXPECT_EQ(escalate.status, 403);
  EXPECT_EQ(escalate.code(), "forbidden");
  EXPECT_EQ(editor.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Viewer"}, {"privileges", {"dashboard"}}}).status,
            201);

  // Nor by editing an existing role, nor by inviting an administrator with a bigger role.
  const auto big = make_role(abc, "Big", {"dashboard"});
  EXPECT_EQ(editor.patch("/api/v1/roles/" + big, {{"privileges", {"dashboard", "api_users"}}}).status, 403);
  const auto super_role = root.get("/api/v1/orgs/" + abc + "/roles").json()["items"][1]["id"].get<std::string>();
  const auto invite = editor.post(
      "/api/v1/orgs/" + abc + "/admins",
      {{"first_name", "E"}, {"last_name", "Scalate"}, {"email", "esc@abc.example"}, {"role_id", super_role}});
  EXPECT_EQ(invite.status, 403);
}

TEST_F(Roles, ChangingARoleChangesWhatItsHoldersCanDoAtOnce) {
  const auto role = make_role(abc, "Org Viewer", {"profile.view", "dashboard"});
  auto viewer = admin_with_role(abc, role, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/children").status, 200);
  ASSERT_EQ(root.patch("/api/v1/roles/" + role, {{"privileges", {"dashboard"}}}).status, 200);
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/children").status, 403);
}

TEST_F(Roles, InUseAndBuiltInRolesAreProtected) {
  const auto role = make_role(abc, "Operators", {"dashboard"});
  admin_with_role(abc, role, "op@abc.example");
  const auto in_use = root.del("/api/v1/roles/" + role);
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(in_use.code(), "role_in_use");
  EXPECT_EQ(in_use.json()["admins"], 1);

  const auto unused = make_role(abc, "Spare", {"dashboard"});
  EXPECT_EQ(root.del("/api/v1/roles/" + unused).status, 204);

  const auto built_in = root.get("/api/v1/orgs/" + abc + "/roles").json()["items"][0]["id"].get<std::string>();
  EXPECT_EQ(root.patch("/api/v1/roles/" + built_in, {{"name", "Renamed"}}).code(), "built_in_role");
  EXPECT_EQ(root.del("/api/v1/roles/" + built_in).code(), "built_in_role");
}

// Editing or deleting a role acts on its holders: it needs every privilege the role holds,
// before the change and after it.
TEST_F(Roles, ChangingOrDeletingARoleNeedsEveryPrivilegeItHolds) {
  const auto editor_role = make_role(abc, "Role Editor", {"roles", "dashboard"});
  auto editor = admin_with_role(abc, editor_role, "editor@abc.example");
  const auto operators = make_role(abc, "Operators", {"dashboard", "administrators", "accounts"});
  const auto holder = admin_with_role(abc, operators, "ops@abc.example");
  const auto spare = make_role(abc, "Spare Ops", {"accounts"});

  const auto stripped = editor.patch("/api/v1/roles/" + operators, {{"privileges", {"dashboard"}}});
  EXPECT_EQ(stripped.status, 403) << stripped.body;
  EXPECT_EQ(stripped.code(), "forbidden");
  EXPECT_EQ(editor.patch("/api/v1/roles/" + operators, {{"name", "Renamed"}}).status, 403);
  EXPECT_EQ(editor.del("/api/v1/roles/" + spare).status, 403);
  std::map<std::string, nlohmann::json> listed;
  const auto roles = root.get("/api/v1/orgs/" + abc + "/roles").json();
  for (const auto& r : roles["items"]) listed[r["id"]] = r;
  EXPECT_EQ(listed[operators]["name"], "Operators");
  EXPECT_EQ(listed[operators]["privileges"].size(), 3u);
  EXPECT_TRUE(listed.contains(spare));

  // A role within what the editor holds stays theirs to change and delete.
  const auto viewer = make_role(abc, "Viewer", {"dashboard"});
  EXPECT_EQ(editor.patch("/api/v1/roles/" + viewer, {{"name", "Dashboard Viewer"}}).status, 200);
  EXPECT_EQ(editor.patch("/api/v1/roles/" + viewer, {{"privileges", {"dashboard", "roles"}}}).status, 200);
  EXPECT_EQ(editor.del("/api/v1/roles/" + viewer).status, 204);
}

// A role's admin count covers the organization the list is for and its subtree: a built-in role
// is held in every tenant, and their administrators are nobody else's business.
TEST_F(Roles, AdminCountsStayInsideTheListedSubtree) {
  const auto xyz =
      root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "XYZ Insurance"}}).json()["id"];
  server.add_admin(xyz, "one@xyz.example", "xyz-password-0001");
  server.add_admin(xyz, "two@xyz.example", "xyz-password-0002");
  server.add_admin(retail, "it@retail.example", "retail-password-01");
  const auto at = [&](const std::string& org) {
    const auto roles = root.get("/api/v1/orgs/" + org + "/roles").json();
    for (const auto& r : roles["items"])
      if (r["name"] == "Enterprise Super Administrator") return r["admin_count"].get<int>();
    ADD_FAILURE() << "no super administrator role at " << org;
    return -1;
  };
  EXPECT_EQ(at(abc), 1);
  EXPECT_EQ(at(retail), 1);
  EXPECT_EQ(at(xyz), 2);
  EXPECT_EQ(at(server.root_org_id()), 4);  // the root's own administrator too

  auto abc_admin = server.client();
  server.add_admin(abc, "boss@abc.example", "abc-password-0001");
  ASSERT_EQ(abc_admin.sign_in("boss@abc.example", "abc-password-0001").status, 200);
  const auto seen_by_abc = abc_admin.get("/api/v1/orgs/" + abc + "/roles").json();
  for (const auto& r : seen_by_abc["items"])
    if (r["name"] == "Enterprise Super Administrator") {
      EXPECT_EQ(r["admin_count"], 2);
    }
}

}  // namespace
}  // namespace lineport::testing

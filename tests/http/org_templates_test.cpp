// Organization templates (docs/subscriptions.md#organization-templates): a new organization gets
// the template's plan, settings, copied roles, permission groups and numbers together or not at
// all, passing the same privilege checks as if its creator had typed them; templates are managed
// only where the caller's scope holds them and only with what the defining organization may use.

#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

const nlohmann::json no_limits = {{"max_accounts", nullptr}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}};

class OrgTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = child_of(server.root_org_id(), "ABC Bank");
    server.give_numbers(abc, 5);
    plan = make_plan("Business", {"voice", "sms"});
    auto r = root.post("/api/v1/orgs/" + server.root_org_id() + "/roles",
                       {{"name", "Help desk"}, {"privileges", {"accounts", "profile.view"}}});
    EXPECT_EQ(r.status, 201) << r.body;
    help_desk = r.json()["id"];
  }

  std::string child_of(const std::string& parent, const std::string& name) {
    const auto r = root.post("/api/v1/orgs/" + parent + "/children", {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  std::string make_plan(const std::string& name, const nlohmann::json& features) {
    const auto r = root.post("/api/v1/orgs/" + server.root_org_id() + "/subscriptions",
                             {{"name", name},
                              {"features", features},
                              {"limits", no_limits},
                              {"charging",
                               {{"currency", "USD"},
                                {"voice_per_minute", "0.01"},
                                {"per_message", "0.01"},
                                {"data_per_mb", "0.01"},
                                {"monthly_per_active_user", "1"}}},
                              {"call_filtering",
                               {{"mode", "allow_all"},
                                {"allowed_prefixes", nlohmann::json::array()},
                                {"blocked_prefixes", nlohmann::json::array()}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  // A branch preset: the plan, two-factor on, the help-desk role, two groups (one the default)
  // and three numbers.
  nlohmann::json branch_preset() const {
    return {{"name", "Branch"},
            {"subscription_id", plan},
            {"settings", {{"two_factor_enabled", true}, {"timezone", "America/New_York"}}},
            {"role_ids", {help_desk}},
            {"permission_groups",
             {{{"name", "Tellers"}, {"features", {"voice", "sms"}}, {"is_default", true}},
              {{"name", "Managers"}, {"features", {"voice"}}}}},
            {"numbers", 3}};
  }

  std::string make_template(const std::string& org, const nlohmann::json& body) {
    const auto r = root.post("/api/v1/orgs/" + org + "/org-templates", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  std::vector<std::string> names_of(const std::string& path, const std::string& org) {
    std::vector<std::string> out;
    const auto listed = root.get(path).json();
    for (const auto& item : listed["items"])
      if (item["org_id"] == org) out.push_back(item["name"].get<std::string>());
    return out;
  }

  std::int64_t numbers_of(const std::string& org) {
    return root.get("/api/v1/orgs/" + org + "/numbers/utilization").json()["total"];
  }

  std::vector<std::string> child_names(const std::string& parent) {
    std::vector<std::string> out;
    const auto listed = root.get("/api/v1/orgs/" + parent + "/children").json();
    for (const auto& o : listed["items"]) out.push_back(o["name"].get<std::string>());
    return out;
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, plan, help_desk;
};

TEST_F(OrgTemplates, ANewOrganizationGetsEverythingTheTemplateHolds) {
  const auto id = make_template(server.root_org_id(), branch_preset());
  const auto listed = root.get("/api/v1/orgs/" + abc + "/org-templates").json();
  ASSERT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["items"][0]["inherited"], true);
  EXPECT_EQ(listed["items"][0]["numbers"], 3);
  EXPECT_EQ(listed["items"][0]["permission_groups"][0]["name"], "Tellers");

  auto r = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Downtown"}, {"template_id", id}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string downtown = r.json()["id"];
  EXPECT_EQ(r.json()["timezone"], "America/New_York");
  const auto settings = root.get("/api/v1/orgs/" + downtown + "/settings").json();
  EXPECT_EQ(settings["subscription_id"]["value"], plan);
  EXPECT_EQ(settings["subscription_id"]["own"], true);
  EXPECT_EQ(settings["two_factor_enabled"]["value"], true);
  EXPECT_EQ(names_of("/api/v1/orgs/" + downtown + "/roles", downtown), std::vector<std::string>{"Help desk"});
  // The template's default group takes the place of the automatic one.
  const auto groups = root.get("/api/v1/orgs/" + downtown + "/permission-groups").json()["items"];
  std::vector<std::string> own;
  for (const auto& g : groups) {
    if (g["org_id"] != downtown) continue;
    own.push_back(g["name"].get<std::string>());
    EXPECT_EQ(g["is_default"], g["name"] == "Tellers") << g;
  }
  std::sort(own.begin(), own.end());
  EXPECT_EQ(own, (std::vector<std::string>{"Managers", "Tellers"}));
  EXPECT_EQ(numbers_of(downtown), 3);

  // What the request names wins over the template: one number, another time zone.
  r = root.post("/api/v1/orgs/" + abc + "/children",
                {{"name", "Uptown"}, {"template_id", id}, {"numbers", {{"count", 1}}}, {"timezone", "Europe/Lisbon"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["timezone"], "Europe/Lisbon");
  EXPECT_EQ(numbers_of(r.json()["id"]), 1);
  EXPECT_EQ(numbers_of(abc), 5);  // the parent's pool counts its subtree's numbers
}

TEST_F(OrgTemplates, NothingIsCreatedWhenOnePartFails) {
  auto preset = branch_preset();
  preset["numbers"] = 6;  // the parent has 5
  const auto id = make_template(server.root_org_id(), preset);
  auto r = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Downtown"}, {"template_id", id}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "not_enough_numbers");
  EXPECT_TRUE(child_names(abc).empty());

  // A copied role that was deleted since: refused, naming the template.
  ASSERT_EQ(root.patch("/api/v1/org-templates/" + id, {{"numbers", nullptr}}).status, 200);
  ASSERT_EQ(root.del("/api/v1/roles/" + help_desk).status, 204);
  r = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Downtown"}, {"template_id", id}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "template_id");
  EXPECT_TRUE(child_names(abc).empty());

  // A group with a feature the new organization's plan lacks.
  preset = branch_preset();
  preset["name"] = "Wide";
  preset.erase("role_ids");
  preset["permission_groups"] = {{{"name", "Recorders"}, {"features", {"voice", "call_recording"}}}};
  r = root.post("/api/v1/orgs/" + abc + "/children",
                {{"name", "Downtown"}, {"template_id", make_template(server.root_org_id(), preset)}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(child_names(abc).empty());
  EXPECT_EQ(numbers_of(abc), 5);
}

TEST_F(OrgTemplates, WhatATemplateBringsNeedsTheCreatorsPrivileges) {
  const auto id = make_template(server.root_org_id(), {{"name", "Lax"}, {"settings", {{"two_factor_enabled", false}}}});
  auto creator = server.admin_with_privileges(abc, {"profile.create_suborg", "profile.view"}, "maker@abc.example");
  // Creators see the templates they may use; only plan managers change them.
  EXPECT_EQ(creator.get("/api/v1/orgs/" + abc + "/org-templates").json()["total"], 1);
  EXPECT_EQ(creator.get("/api/v1/org-templates/" + id).status, 200);
  EXPECT_EQ(creator.patch("/api/v1/org-templates/" + id, {{"name", "Mine"}}).status, 403);
  EXPECT_EQ(creator.post("/api/v1/orgs/" + abc + "/org-templates", {{"name", "Mine"}}).status, 403);

  // Two-factor turned off through a template is still a change of two-factor.
  auto r = creator.post("/api/v1/orgs/" + abc + "/children", {{"name", "Weak"}, {"template_id", id}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.json()["detail"].get<std::string>().find("setup.edit.two_factor"), std::string::npos) << r.body;

  // A role holding a privilege the creator lacks; groups without the privilege to make them.
  const auto with_role = make_template(server.root_org_id(), {{"name", "Roles"}, {"role_ids", {help_desk}}});
  auto roles_maker =
      server.admin_with_privileges(abc, {"profile.create_suborg", "profile.view", "roles"}, "roles@abc.example");
  r = roles_maker.post("/api/v1/orgs/" + abc + "/children", {{"name", "Desk"}, {"template_id", with_role}});
  EXPECT_EQ(r.status, 403) << r.body;
  const auto with_groups = make_template(
      server.root_org_id(), {{"name", "Groups"}, {"permission_groups", {{{"name", "G"}, {"features", {"voice"}}}}}});
  r = creator.post("/api/v1/orgs/" + abc + "/children", {{"name", "Desk"}, {"template_id", with_groups}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(child_names(abc).empty());

  // Holding them all, the same template works.
  auto full = server.admin_with_privileges(abc, {"profile.create_suborg", "profile.view", "roles", "accounts"},
                                           "full@abc.example");
  r = full.post("/api/v1/orgs/" + abc + "/children", {{"name", "Desk"}, {"template_id", with_role}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(OrgTemplates, ATemplateHoldsOnlyWhatItsOrganizationMayUse) {
  auto r = root.post("/api/v1/orgs/" + abc + "/org-templates",
                     {{"name", ""},
                      {"settings", {{"colour", "blue"}, {"subscription_id", plan}, {"timezone", "Mars/Olympus"}}},
                      {"permission_groups",
                       {{{"name", "A"}, {"features", {"teleport"}}, {"is_default", true}},
                        {{"name", "a"}, {"features", {"voice"}}, {"is_default", true}}}},
                      {"numbers", 0}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::vector<std::string> fields;
  const auto body = r.json();
  for (const auto& e : body["errors"]) fields.push_back(e["field"].get<std::string>());
  for (const char* f :
       {"name", "settings.colour", "settings.subscription_id", "settings.timezone", "permission_groups[0].features[0]",
        "permission_groups[1].name", "permission_groups[1].is_default", "numbers"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << " in " << r.body;

  // A role or plan defined in another branch is not usable here.
  const auto other = child_of(server.root_org_id(), "XYZ Corp");
  r = root.post("/api/v1/orgs/" + other + "/roles", {{"name", "XYZ only"}, {"privileges", {"profile.view"}}});
  ASSERT_EQ(r.status, 201);
  r = root.post("/api/v1/orgs/" + abc + "/org-templates", {{"name", "Borrowed"}, {"role_ids", {r.json()["id"]}}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "role_ids[0]");
  r = root.post("/api/v1/orgs/" + abc + "/org-templates", {{"name", "Unknown plan"}, {"subscription_id", "nope"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "subscription_id");

  // Another tenant's template can neither be used nor managed.
  const auto theirs = make_template(other, {{"name", "XYZ preset"}});
  auto abc_admin = server.admin_with_privileges(
      abc, {"profile.create_suborg", "profile.view", "setup.view.subscriptions", "setup.edit.subscriptions"},
      "setup@abc.example");
  EXPECT_EQ(abc_admin.get("/api/v1/org-templates/" + theirs).status, 404);
  EXPECT_EQ(abc_admin.patch("/api/v1/org-templates/" + theirs, {{"name", "Mine"}}).status, 404);
  EXPECT_EQ(abc_admin.del("/api/v1/org-templates/" + theirs).status, 404);
  r = abc_admin.post("/api/v1/orgs/" + abc + "/children", {{"name", "Stolen"}, {"template_id", theirs}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "template_id");

  // Names are unique where defined; the root's template is read-only to abc's admin.
  make_template(abc, {{"name", "Branch"}});
  r = root.post("/api/v1/orgs/" + abc + "/org-templates", {{"name", "branch"}});
  EXPECT_EQ(r.status, 409) << r.body;
  const auto roots = make_template(server.root_org_id(), {{"name", "Provider preset"}});
  EXPECT_EQ(abc_admin.get("/api/v1/org-templates/" + roots).status, 200);
  EXPECT_EQ(abc_admin.del("/api/v1/org-templates/" + roots).status, 404);
  EXPECT_EQ(root.del("/api/v1/org-templates/" + roots).status, 204);
  EXPECT_EQ(root.get("/api/v1/org-templates/" + roots).status, 404);
}

}  // namespace
}  // namespace lineport::testing

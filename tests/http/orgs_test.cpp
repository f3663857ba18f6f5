// The organization tree through the API: create, list with cursors, scope, delete rule, settings.

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

std::string create(HttpClient& c, const std::string& parent, const std::string& name) {
  const auto r = c.post("/api/v1/orgs/" + parent + "/children", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"].get<std::string>();
}

// ABC Bank > Operations > Finance, under `parent`.
struct BankTree {
  std::string abc, ops, finance;
};
BankTree bank_tree(HttpClient& c, const std::string& parent) {
  BankTree tree;
  tree.abc = create(c, parent, "ABC Bank");
  tree.ops = create(c, tree.abc, "Operations");
  tree.finance = create(c, tree.ops, "Finance");
  return tree;
}

TEST(Orgs, CreateReadAndRenameWithCaseInsensitiveSiblingNames) {
  TestServer server;
  auto c = server.root_client();
  const auto bank = create(c, server.root_org_id(), "ABC Banking Corporation");
  const auto retail = create(c, bank, "Retail Bank");

  auto dup = c.post("/api/v1/orgs/" + bank + "/children", {{"name", "  retail BANK "}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "name_taken");
  // The same name under another parent is fine.
  create(c, server.root_org_id(), "Retail Bank");

  const auto got = c.get("/api/v1/orgs/" + retail).json();
  EXPECT_EQ(got["name"], "Retail Bank");
  EXPECT_EQ(got["parent_id"], bank);
  ASSERT_EQ(got["path"].size(), 3u);
  EXPECT_EQ(got["path"][1]["name"], "ABC Banking Corporation");

  auto renamed = c.patch("/api/v1/orgs/" + retail, {{"name", "Retail"}, {"description", "Branches"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["name"], "Retail");
  EXPECT_EQ(c.get("/api/v1/orgs/" + bank).json()["child_count"], 1);
}

TEST(Orgs, ValidationErrorsNameTheField) {
  TestServer server;
  auto c = server.root_client();
  const auto path = "/api/v1/orgs/" + server.root_org_id() + "/children";
  auto empty = c.post(path, {{"name", "   "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(empty.json()["errors"][0]["field"], "name");
  auto long_name = c.post(path, {{"name", std::string(121, 'x')}});
  EXPECT_EQ(long_name.status, 422);
  auto bad_setting = c.post(path, {{"name", "Ok"}, {"timezone", "Nowhere/City"}, {"colour", "red"}});
  ASSERT_EQ(bad_setting.status, 422);
  EXPECT_EQ(bad_setting.json()["errors"].size(), 2u);
  auto not_json = c.send("POST", path, "{name:", "application/json");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.code(), "bad_request");
  auto wrong_type = c.send("POST", path, "name=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(wrong_type.status, 415);
  // Nothing was created by any of these.
  EXPECT_EQ(c.get(path).json()["total"], 0);
}

TEST(Orgs, ChildrenArePagedWithCursorsInNameOrder) {
  TestServer server;
  auto c = server.root_client();
  for (const char* name : {"Echo", "alpha", "Delta", "charlie", "Bravo"}) create(c, server.root_org_id(), name);
  std::vector<std::string> names;
  std::string next;
  int pages = 0;
  do {
    auto r =
        c.get("/api/v1/orgs/" + server.root_org_id() + "/children?limit=2" + (next.empty() ? "" : "&cursor=" + next));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto j = r.json();
    EXPECT_EQ(j["total"], 5);
    for (const auto& item : j["items"]) names.push_back(item["name"].get<std::string>());
    next = j["next_cursor"].is_null() ? "" : j["next_cursor"].get<std::string>();
    ++pages;
  } while (!next.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"alpha", "Bravo", "charlie", "Delta", "Echo"}));

  EXPECT_EQ(c.get("/api/v1/orgs/" + server.root_org_id() + "/children?cursor=garbage").status, 400);
  // Every list refuses a cursor that is not its own alike.
  for (const char* list : {"/accounts", "/numbers", "/admins", "/children"}) {
    const auto r = c.get("/api/v1/orgs/" + server.root_org_id() + list + "?cursor=garbage");
    EXPECT_EQ(r.status, 400) << list << " " << r.body;
    EXPECT_EQ(r.json()["errors"][0]["field"], "cursor") << list;
  }
  EXPECT_EQ(c.get("/api/v1/orgs/" + server.root_org_id() + "/children?limit=0").status, 422);
  EXPECT_EQ(c.get("/api/v1/orgs/" + server.root_org_id() + "/children?limit=501").status, 422);
}

TEST(Orgs, AnAdminSeesOnlyTheirSubtreeAndEverythingElseIs404) {
  TestServer server;
  auto root = server.root_client();
  const auto abc = create(root, server.root_org_id(), "ABC Bank");
  const auto retail = create(root, abc, "Retail");
  const auto other_tenant = create(root, server.root_org_id(), "XYZ Insurance");
  server.add_admin(abc, "it@abc.example", "abc-admin-password");

  auto abc_admin = server.client();
  ASSERT_EQ(abc_admin.sign_in("it@abc.example", "abc-admin-password").status, 200);
  EXPECT_EQ(abc_admin.get("/api/v1/orgs/" + retail).status, 200);
  for (const auto& outside : {other_tenant, server.root_org_id(), std::string("no-such-org")}) {
    auto r = abc_admin.get("/api/v1/orgs/" + outside);
    EXPECT_EQ(r.status, 404) << outside;
    EXPECT_EQ(r.code(), "not_found");
    EXPECT_EQ(abc_admin.get("/api/v1/orgs/" + outside + "/children").status, 404);
    EXPECT_EQ(abc_admin.get("/api/v1/orgs/" + outside + "/settings").status, 404);
    EXPECT_EQ(abc_admin.post("/api/v1/orgs/" + outside + "/children", {{"name", "Sneaky"}}).status, 404);
    EXPECT_EQ(abc_admin.patch("/api/v1/orgs/" + outside, {{"name", "Renamed"}}).status, 404);
    EXPECT_EQ(abc_admin.del("/api/v1/orgs/" + outside).status, 404);
  }
  EXPECT_EQ(root.get("/api/v1/orgs/" + other_tenant).json()["name"], "XYZ Insurance");
  // The path shown to the ABC admin starts at their home organization.
  EXPECT_EQ(abc_admin.get("/api/v1/orgs/" + retail).json()["path"][0]["id"], abc);
}

// The Organizations page shows each organization's accounts, its subtree's included: added one at
// a time or by a CSV import, moved, deleted.
TEST(Orgs, SubtreeAccountCountsFollowTheAccounts) {
  TestServer server;
  auto c = server.root_client();
  const auto [abc, ops, finance] = bank_tree(c, server.root_org_id());
  const auto counts = [&] {
    const auto children = c.get("/api/v1/orgs/" + abc + "/children").json()["items"];
    EXPECT_EQ(children.size(), 1u);
    return std::vector<std::int64_t>{c.get("/api/v1/orgs/" + abc).json()["subtree_account_count"],
                                     children[0]["subtree_account_count"],
                                     c.get("/api/v1/orgs/" + finance).json()["subtree_account_count"]};
  };
  EXPECT_EQ(counts(), (std::vector<std::int64_t>{0, 0, 0}));

  ASSERT_EQ(c.post("/api/v1/orgs/" + abc + "/accounts", {{"login", "ana@bank.example"}}).status, 201);
  const auto bo = c.post("/api/v1/orgs/" + finance + "/accounts", {{"login", "bo@bank.example"}}).json();
  const auto imported = c.send("POST", "/api/v1/orgs/" + ops + "/accounts/import",
                               "email_or_device,social_messaging,monitor_calls,monitor_sms\n"
                               "cy@bank.example,No,auto,on\ndi@bank.example,No,auto,on\n",
                               "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(counts(), (std::vector<std::int64_t>{4, 3, 1}));
  EXPECT_EQ(c.del("/api/v1/orgs/" + ops).json()["accounts"], 3);

  ASSERT_EQ(c.post("/api/v1/accounts/move", {{"account_ids", {bo["id"]}}, {"to_org_id", abc}}).status, 200);
  EXPECT_EQ(counts(), (std::vector<std::int64_t>{4, 2, 0}));
  ASSERT_EQ(c.del("/api/v1/accounts/" + bo["id"].get<std::string>()).status, 204);
  EXPECT_EQ(counts(), (std::vector<std::int64_t>{3, 2, 0}));
}

TEST(Orgs, DeleteNeedsAnEmptySubtreeAndReturnsNumbersToTheParent) {
  TestServer server;
  auto c = server.root_client();
  const auto [abc, ops, finance] = bank_tree(c, server.root_org_id());
  const auto admin_id = server.add_admin(finance, "fin@abc.example", "finance-password-1");
  server.db().write([&](storage::Connection& conn) {
    conn.execute({"test.number",
                  "INSERT INTO numbers (number, org_id, status, series, updated_at) "
                  "VALUES ('+14155550100', $1, 'available', '1415', 0)"},
                 {finance});
    conn.execute({"test.number_count", "INSERT INTO number_counts (org_id, status, count) VALUES ($1, 'available', 1)"},
                 {finance});
  });

  auto refused = c.del("/api/v1/orgs/" + ops);
  ASSERT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), "org_not_empty");
  EXPECT_EQ(refused.json()["admins"], 1);
  EXPECT_EQ(refused.json()["accounts"], 0);
  EXPECT_EQ(c.get("/api/v1/orgs/" + ops).json()["subtree_admin_count"], 1);

  server.db().write([&](storage::Connection& conn) {
    conn.execute({"test.delete_admin", "DELETE FROM admins WHERE id = $1"}, {admin_id});
  });
  EXPECT_EQ(c.del("/api/v1/orgs/" + ops).status, 204);
  EXPECT_EQ(c.get("/api/v1/orgs/" + ops).status, 404);
  EXPECT_EQ(c.get("/api/v1/orgs/" + finance).status, 404);
  const auto owner = server.db().read([&](storage::Connection& conn) {
    return conn.query({"test.number_owner", "SELECT org_id FROM numbers WHERE number = '+14155550100'"}).one().text(0);
  });
  EXPECT_EQ(owner, abc);

  auto root_delete = c.del("/api/v1/orgs/" + server.root_org_id());
  EXPECT_EQ(root_delete.status, 409);
}

// Before deleting, the portal asks what the deletion does: how many numbers go to the parent's
// pool (numbers move one level at a time), and whether it is allowed at all.
TEST(Orgs, DeletionPreviewCountsTheNumbersThatGoToTheParent) {
  TestServer server;
  auto c = server.root_client();
  const auto [abc, ops, finance] = bank_tree(c, server.root_org_id());
  server.give_numbers(abc, 10);
  ASSERT_EQ(c.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", ops}, {"count", 6}}).status, 200);
  ASSERT_EQ(c.post("/api/v1/orgs/" + ops + "/numbers/allocate", {{"to_org_id", finance}, {"count", 2}}).status, 200);

  auto r = c.get("/api/v1/orgs/" + ops + "/deletion-preview");
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = r.json();
  EXPECT_EQ(p["name"], "Operations");
  EXPECT_EQ(p["numbers"], 6);  // its 4 and Finance's 2
  EXPECT_EQ(p["sub_orgs"], 1);
  EXPECT_EQ(p["parent_id"], abc);
  EXPECT_EQ(p["parent_name"], "ABC Bank");
  EXPECT_EQ(p["can_delete"], true);
  EXPECT_TRUE(p["blocked_code"].is_null());

  // An administrator in the subtree blocks it, with the reason the DELETE would give.
  const auto admin_id = server.add_admin(finance, "fin@abc.example", "finance-password-1");
  p = c.get("/api/v1/orgs/" + ops + "/deletion-preview").json();
  EXPECT_EQ(p["can_delete"], false);
  EXPECT_EQ(p["blocked_code"], "org_not_empty");
  EXPECT_EQ(p["admins"], 1);
  server.db().write([&](storage::Connection& conn) {
    conn.execute({"test.delete_admin", "DELETE FROM admins WHERE id = $1"}, {admin_id});
  });
  p = c.get("/api/v1/orgs/" + server.root_org_id() + "/deletion-preview").json();
  EXPECT_EQ(p["can_delete"], false);
  EXPECT_TRUE(p["parent_id"].is_null());

  // The deletion does what the preview said: ABC Bank's pool gets the 6 numbers back.
  ASSERT_EQ(c.del("/api/v1/orgs/" + ops).status, 204);
  const auto utilization = c.get("/api/v1/orgs/" + abc + "/numbers/utilization").json();
  EXPECT_EQ(utilization["total"], 10);
  EXPECT_EQ(utilization["available"], 10);
  EXPECT_EQ(utilization["allocated_to_suborgs"], 0);
  EXPECT_EQ(c.get("/api/v1/orgs/" + server.root_org_id() + "/numbers/utilization").json()["available"], 0);
  EXPECT_EQ(c.get("/api/v1/orgs/" + ops + "/deletion-preview").status, 404);

  // Outside the caller's scope it does not exist; without the privilege it is forbidden.
  const auto other = create(c, server.root_org_id(), "Other Co");
  server.add_admin(abc, "it@abc.example", "abc-admin-password");
  auto abc_admin = server.client();
  ASSERT_EQ(abc_admin.sign_in("it@abc.example", "abc-admin-password").status, 200);
  EXPECT_EQ(abc_admin.get("/api/v1/orgs/" + other + "/deletion-preview").status, 404);
  auto viewer = server.admin_with_privileges(abc, {"profile.view"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/deletion-preview").status, 403);
}

TEST(Orgs, AdminCannotDeleteTheirOwnHomeOrganization) {
  TestServer server;
  auto root = server.root_client();
  const auto abc = create(root, server.root_org_id(), "ABC Bank");
  server.add_admin(abc, "it@abc.example", "abc-admin-password");
  server.db().write([&](storage::Connection& conn) {
    conn.execute({"test.delete_admin", "DELETE FROM admins WHERE email_key = 'it@abc.example'"});
  });
  // Re-create the admin in an empty sub-organization of its own to test the home rule.
  const auto lab = create(root, abc, "Lab");
  server.add_admin(lab, "lab@abc.example", "lab-admin-password");
  auto lab_admin = server.client();
  ASSERT_EQ(lab_admin.sign_in("lab@abc.example", "lab-admin-password").status, 200);
  const auto r = lab_admin.del("/api/v1/orgs/" + lab);
  EXPECT_EQ(r.status, 409);
}

TEST(Orgs, SettingsAreInheritedWithTheirSource) {
  TestServer server;
  auto c = server.root_client();
  const auto abc = create(c, server.root_org_id(), "ABC Bank");
  const auto europe = create(c, abc, "Europe");

  auto set = c.patch("/api/v1/orgs/" + abc + "/settings",
                     {{"timezone", "America/New_York"}, {"utilization_threshold_pct", 90}});
  ASSERT_EQ(set.status, 200) << set.body;
  auto s = c.get("/api/v1/orgs/" + europe + "/settings").json();
  EXPECT_EQ(s["timezone"]["value"], "America/New_York");
  EXPECT_EQ(s["timezone"]["source_org_id"], abc);
  EXPECT_FALSE(s["timezone"]["own"].get<bool>());
  EXPECT_EQ(s["utilization_threshold_pct"]["value"], 90);
  EXPECT_EQ(s["two_factor_enabled"]["source_org_id"], server.root_org_id());

  ASSERT_EQ(c.patch("/api/v1/orgs/" + europe + "/settings", {{"timezone", "Europe/London"}}).status, 200);
  s = c.get("/api/v1/orgs/" + europe + "/settings").json();
  EXPECT_EQ(s["timezone"]["value"], "Europe/London");
  EXPECT_TRUE(s["timezone"]["own"].get<bool>());
  EXPECT_EQ(c.get("/api/v1/orgs/" + europe).json()["timezone"], "Europe/London");

  ASSERT_EQ(c.patch("/api/v1/orgs/" + europe + "/settings", {{"timezone", nullptr}}).status, 200);
  EXPECT_EQ(c.get("/api/v1/orgs/" + europe + "/settings").json()["timezone"]["value"], "America/New_York");

  auto invalid = c.patch("/api/v1/orgs/" + abc + "/settings",
                         {{"utilization_threshold_pct", 0}, {"domain_restriction", {"example.com"}}});
  ASSERT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.json()["errors"].size(), 2u);
  EXPECT_EQ(c.patch("/api/v1/orgs/" + abc + "/settings", {{"domain_restriction", {"@abc-bank.example"}}}).status, 200);
}

// Settings given when a child is created pass the same privilege check as a change to them
// afterwards: creating a sub-organization is no way to turn its two-factor sign-in off.
TEST(Orgs, SettingsGivenAtCreationNeedTheirEditPrivilege) {
  TestServer server;
  auto root = server.root_client();
  const auto abc = create(root, server.root_org_id(), "ABC Bank");
  auto creator =
      server.admin_with_privileges(abc, {"profile.view", "profile.create_suborg"}, "creator@abc-bank.example");
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings",
                       {{"two_factor_enabled", true}, {"domain_restriction", {"@abc-bank.example"}}})
                .status,
            200);

  for (const auto& [key, value, privilege] :
       {std::tuple{"two_factor_enabled", nlohmann::json(false), "setup.edit.two_factor"},
        std::tuple{"domain_restriction", nlohmann::json::array(), "setup.edit.domain_restriction"},
        std::tuple{"utilization_threshold_pct", nlohmann::json(99), "setup.edit.number_management"},
        std::tuple{"timezone", nlohmann::json("Europe/Paris"), "profile.edit"}}) {
    const auto refused = creator.post("/api/v1/orgs/" + abc + "/children", {{"name", "Branch"}, {key, value}});
    EXPECT_EQ(refused.status, 403) << key << ": " << refused.body;
    EXPECT_NE(refused.json().value("detail", "").find(privilege), std::string::npos) << refused.body;
  }
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc).json()["child_count"], 0) << "nothing was created";

  const auto plain = creator.post("/api/v1/orgs/" + abc + "/children", {{"name", "Branch"}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  const auto settings = root.get("/api/v1/orgs/" + plain.json()["id"].get<std::string>() + "/settings").json();
  EXPECT_EQ(settings["two_factor_enabled"]["value"], true);
  EXPECT_EQ(settings["domain_restriction"]["value"], nlohmann::json({"@abc-bank.example"}));
}

}  // namespace
}  // namespace lineport::testing

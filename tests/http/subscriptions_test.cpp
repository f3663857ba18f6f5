// Subscription plans (docs/subscriptions.md): prices to the micro-unit in versions, limits at the
// boundary for every way a subtree grows, plans above the caller's own greyed out and refused,
// features a plan lacks refused to permission groups, a plan in use kept.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

const nlohmann::json no_limits = {{"max_accounts", nullptr}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}};
const nlohmann::json prices = {{"currency", "USD"},
                               {"voice_per_minute", "0.0125"},
                               {"per_message", "0.01"},
                               {"data_per_mb", "0.002"},
                               {"monthly_per_active_user", "4.50"}};
const nlohmann::json open_calls = {
    {"mode", "allow_all"}, {"allowed_prefixes", nlohmann::json::array()}, {"blocked_prefixes", {"+1900"}}};
const nlohmann::json all_features = {
    "voice", "sms", "mms", "social_messaging", "call_recording", "message_logging", "in_app_messaging"};

class Subscriptions : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = child_of(server.root_org_id(), "ABC Bank");
    retail = child_of(abc, "Retail");
  }

  std::string child_of(const std::string& parent, const std::string& name) {
    const auto r = root.post("/api/v1/orgs/" + parent + "/children", {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  nlohmann::json plan_body(const std::string& name, const nlohmann::json& features, const nlohmann::json& limits) {
    return {{"name", name},
            {"features", features},
            {"limits", limits},
            {"charging", prices},
            {"call_filtering", open_calls}};
  }

  std::string make_plan(const std::string& org, const std::string& name, const nlohmann::json& features = all_features,
                        const nlohmann::json& limits = no_limits) {
    const auto r = root.post("/api/v1/orgs/" + org + "/subscriptions", plan_body(name, features, limits));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  HttpResult choose(HttpClient& as, const std::string& org, const nlohmann::json& plan_id) {
    return as.patch("/api/v1/orgs/" + org + "/settings", {{"subscription_id", plan_id}});
  }

  HttpResult add_account(const std::string& org, const std::string& login) {
    return root.post("/api/v1/orgs/" + org + "/accounts", {{"login", login}});
  }

  std::int64_t accounts_in(const std::string& org) {
    return root.get("/api/v1/orgs/" + org + "/accounts?include_suborgs=true").json()["total"];
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(Subscriptions, PricesKeepEveryVersionToTheMicroUnit) {
  const auto id = make_plan(server.root_org_id(), "Business");
  auto plan = root.get("/api/v1/subscriptions/" + id).json();
  EXPECT_EQ(plan["charging"]["voice_per_minute"], "0.0125");
  EXPECT_EQ(plan["charging"]["monthly_per_active_user"], "4.5");
  EXPECT_EQ(plan["charging"]["version"], 1);
  EXPECT_EQ(plan["call_filtering"]["blocked_prefixes"], nlohmann::json({"+1900"}));

  // The same prices again are no new version; a change of one price is.
  auto r = root.patch("/api/v1/subscriptions/" + id, {{"charging", prices}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["charging_history"].size(), 1U);
  server.clock().advance(60);
  auto cheaper = prices;
  cheaper["voice_per_minute"] = "0.000001";
  r = root.patch("/api/v1/subscriptions/" + id, {{"charging", cheaper}});
  ASSERT_EQ(r.status, 200) << r.body;
  plan = r.json();
  ASSERT_EQ(plan["charging_history"].size(), 2U);
  EXPECT_EQ(plan["charging"]["version"], 2);
  EXPECT_EQ(plan["charging"]["voice_per_minute"], "0.000001");
  const auto& old = plan["charging_history"][1];
  EXPECT_EQ(old["version"], 1);
  EXPECT_EQ(old["voice_per_minute"], "0.0125");
  EXPECT_EQ(old["effective_until"], plan["charging"]["effective_from"]);
  EXPECT_TRUE(plan["charging_history"][0]["effective_until"].is_null());
}

TEST_F(Subscriptions, BadFieldsAreNamedAndNothingIsStored) {
  auto body = plan_body("Broken", {"voice", "teleport"}, {{"max_accounts", -1}, {"max_numbers", nullptr}});
  body["charging"]["currency"] = "XYZ";
  body["charging"]["per_message"] = "0.0000001";
  body["call_filtering"] = {{"mode", "allow_list"},
                            {"allowed_prefixes", {"+44", "+12ab", "+44"}},
                            {"blocked_prefixes", nlohmann::json::array()}};
  const auto r = root.post("/api/v1/orgs/" + abc + "/subscriptions", body);
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const auto problem = r.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"features[1]", "limits.max_accounts", "limits.max_suborgs",
                                           "charging.currency", "charging.per_message",
                                           "call_filtering.allowed_prefixes[1]", "call_filtering.allowed_prefixes[2]"}))
      << r.body;
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/subscriptions").json()["total"], 0);
  // Every part is required when a plan is created: nothing is assumed for what was not sent.
  EXPECT_EQ(root.post("/api/v1/orgs/" + abc + "/subscriptions", {{"name", "Half"}, {"features", {"voice"}}}).status,
            422);
}

TEST_F(Subscriptions, AccountLimitHoldsAtTheBoundaryForTheWholeSubtree) {
  const auto plan = make_plan(server.root_org_id(), "Two users", all_features,
                              {{"max_accounts", 2}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}});
  ASSERT_EQ(choose(root, abc, plan).status, 200);
  ASSERT_EQ(add_account(abc, "one@bank.example").status, 201);
  ASSERT_EQ(add_account(retail, "two@bank.example").status, 201);  // a sub-organization counts too
  const auto r = add_account(retail, "three@bank.example");
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "subscription_limit");
  EXPECT_EQ(r.json()["limit"], "max_accounts");
  EXPECT_EQ(r.json()["max"], 2);
  EXPECT_EQ(r.json()["org_id"], abc);
  EXPECT_EQ(accounts_in(abc), 2);

  // An import past the limit writes nothing.
  const auto csv = std::string(
      "firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
      "forwarding_number,restrict_incoming_social_messaging\r\n"
      "Ann,One,ann@bank.example,No,,off,off,,No\r\n");
  const auto imported = root.send("POST", "/api/v1/orgs/" + abc + "/accounts/import", csv, "text/csv");
  EXPECT_EQ(imported.status, 409) << imported.body;
  EXPECT_EQ(imported.code(), "subscription_limit");
  const auto dry_run = root.send("POST", "/api/v1/orgs/" + abc + "/accounts/import?dry_run=true", csv, "text/csv");
  EXPECT_EQ(dry_run.code(), "subscription_limit") << dry_run.body;
  EXPECT_EQ(accounts_in(abc), 2);

  // Moving an account inside the subtree is no growth; from outside it is.
  const auto outside = child_of(server.root_org_id(), "Other Bank");
  const std::string stranger = add_account(outside, "out@other.example").json()["id"];
  const std::string inside = root.get("/api/v1/orgs/" + retail + "/accounts").json()["items"][0]["id"];
  EXPECT_EQ(root.post("/api/v1/accounts/move", {{"account_ids", {inside}}, {"to_org_id", abc}}).status, 200);
  const auto moved = root.post("/api/v1/accounts/move", {{"account_ids", {stranger}}, {"to_org_id", retail}});
  EXPECT_EQ(moved.status, 409) << moved.body;
  EXPECT_EQ(moved.code(), "subscription_limit");

  // A limit below what the subtree holds is refused, as a plan the subtree does not fit in.
  auto smaller = root.patch("/api/v1/subscriptions/" + plan,
                            {{"limits", {{"max_accounts", 1}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}}}});
  EXPECT_EQ(smaller.status, 409) << smaller.body;
  EXPECT_EQ(smaller.code(), "subscription_limit");
  const auto one_user = make_plan(server.root_org_id(), "One user", all_features,
                                  {{"max_accounts", 1}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}});
  EXPECT_EQ(choose(root, abc, one_user).code(), "subscription_limit");
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/settings").json()["subscription_id"]["value"], plan);
}

TEST_F(Subscriptions, NumberAndSubOrganizationLimits) {
  const auto plan = make_plan(server.root_org_id(), "Small", all_features,
                              {{"max_accounts", nullptr}, {"max_numbers", 3}, {"max_suborgs", 2}});
  ASSERT_EQ(choose(root, abc, plan).status, 200);
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < 5; ++i) list.push_back("+1212555" + std::to_string(2000 + i));
  ASSERT_EQ(root.post("/api/v1/orgs/" + server.root_org_id() + "/numbers", {{"numbers", list}}).status, 200);
  const auto pool = "/api/v1/orgs/" + server.root_org_id() + "/numbers/allocate";
  auto r = root.post(pool, {{"to_org_id", abc}, {"count", 4}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["limit"], "max_numbers");
  EXPECT_EQ(root.post(pool, {{"to_org_id", abc}, {"count", 3}}).status, 200);
  r = root.post(pool, {{"to_org_id", abc}, {"numbers", {"+12125552003"}}});
  EXPECT_EQ(r.code(), "subscription_limit") << r.body;
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/numbers").json()["total"], 3);

  // Retail is one sub-organization of ABC; a second fits, a third does not.
  child_of(abc, "Corporate");
  r = root.post("/api/v1/orgs/" + retail + "/children", {{"name", "Branch 1"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["limit"], "max_suborgs");
}

TEST_F(Subscriptions, PlansAboveTheCallersOwnAreGreyedOutAndRefused) {
  const auto gold = make_plan(server.root_org_id(), "Gold");
  const auto basic = make_plan(server.root_org_id(), "Basic", {"voice", "sms"},
                               {{"max_accounts", 100}, {"max_numbers", 100}, {"max_suborgs", 5}});
  ASSERT_EQ(choose(root, abc, basic).status, 200);
  auto it =
      server.admin_with_privileges(abc, {"setup.view.subscriptions", "setup.edit.subscriptions"}, "it@abc.example");

  const auto list = it.get("/api/v1/orgs/" + retail + "/subscriptions");
  ASSERT_EQ(list.status, 200) << list.body;
  std::map<std::string, bool> selectable;
  const auto plans = list.json();
  for (const auto& p : plans["items"]) selectable[p["name"].get<std::string>()] = p["selectable"].get<bool>();
  EXPECT_EQ(selectable, (std::map<std::string, bool>{{"Basic", true}, {"Gold", false}}));

  const auto above = choose(it, retail, gold);
  EXPECT_EQ(above.status, 403) << above.body;
  EXPECT_EQ(above.code(), "subscription_above_own");
  EXPECT_EQ(choose(it, retail, basic).status, 200);
  // Nor can ABC's administrator lift ABC itself: its plan is chosen above it.
  EXPECT_EQ(choose(it, abc, gold).status, 403);
  EXPECT_EQ(choose(it, abc, nullptr).status, 403);
  // Nor define a plan of its own that goes past Basic.
  auto own = it.post("/api/v1/orgs/" + abc + "/subscriptions", plan_body("Mine", {"voice", "mms"}, no_limits));
  EXPECT_EQ(own.code(), "subscription_above_own") << own.body;
  own = it.post("/api/v1/orgs/" + abc + "/subscriptions",
                plan_body("Mine", {"voice"}, {{"max_accounts", 10}, {"max_numbers", 10}, {"max_suborgs", 1}}));
  EXPECT_EQ(own.status, 201) << own.body;
  // A plan of another organization's tree is not there for it.
  const auto other = make_plan(child_of(server.root_org_id(), "Other Bank"), "Theirs");
  EXPECT_EQ(it.get("/api/v1/subscriptions/" + other).status, 404);
  EXPECT_EQ(choose(it, retail, other).status, 422);
}

TEST_F(Subscriptions, PermissionGroupsGetOnlyWhatThePlansAllow) {
  // A group made before the plan keeps its features, but its users get only what the plan allows.
  auto r = root.post("/api/v1/orgs/" + retail + "/permission-groups",
                     {{"name", "Everything"}, {"features", {"voice", "sms", "mms"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto account = root.post("/api/v1/orgs/" + retail + "/accounts",
                                 {{"login", "ana@abc.example"}, {"permission_group_id", r.json()["id"]}});
  ASSERT_EQ(account.status, 201) << account.body;
  const auto features = [&] {
    return root.get("/api/v1/accounts/" + account.json()["id"].get<std::string>()).json()["effective_features"];
  };
  EXPECT_EQ(features(), nlohmann::json({"voice", "sms", "mms"}));
  const auto voice_only = make_plan(server.root_org_id(), "Voice", {"voice"});
  ASSERT_EQ(choose(root, abc, voice_only).status, 200);
  EXPECT_EQ(features(), nlohmann::json({"voice"}));
  r = root.post("/api/v1/orgs/" + retail + "/permission-groups", {{"name", "Texting"}, {"features", {"voice", "sms"}}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "features[1]");
  EXPECT_EQ(
      root.post("/api/v1/orgs/" + retail + "/permission-groups", {{"name", "Calls"}, {"features", {"voice"}}}).status,
      201);
}

TEST_F(Subscriptions, AChangeOfPlanIsMailedToTheOrganizationAndTheProvider) {
  server.add_admin(abc, "it@abc.example", "abc-admin-password-1");
  const auto starter = make_plan(server.root_org_id(), "Starter");
  const auto business = make_plan(server.root_org_id(), "Business Line");
  ASSERT_EQ(choose(root, abc, starter).status, 200);
  ASSERT_EQ(choose(root, abc, business).status, 200);
  // Each change is mailed to ABC's administrator and to the provider's; the second names both plans.
  for (const char* to : {"it@abc.example", root_email}) {
    const auto first = server.wait_for_message(to, "subscription_changed", 1);
    const auto second = server.wait_for_message(to, "subscription_changed", 2);
    ASSERT_FALSE(second.empty()) << to;
    const auto& change = first.find("is now Business Line") != std::string::npos ? first : second;
    EXPECT_NE(change.find("Subject: The subscription plan of ABC Bank is now Business Line"), std::string::npos)
        << change;
    EXPECT_NE(change.find("Before: Starter"), std::string::npos) << change;
  }
  // Choosing the plan already in force mails nobody.
  ASSERT_EQ(choose(root, abc, business).status, 200);
  ASSERT_EQ(choose(root, retail, business).status, 200);  // Retail was on Business Line through ABC
  EXPECT_TRUE(server.wait_for_message("it@abc.example", "subscription_changed", 3).empty());
}

TEST_F(Subscriptions, APlanInUseIsKeptAndPrivilegesAreChecked) {
  const auto plan = make_plan(server.root_org_id(), "Business");
  ASSERT_EQ(choose(root, retail, plan).status, 200);
  auto r = root.del("/api/v1/subscriptions/" + plan);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "subscription_in_use");
  EXPECT_EQ(r.json()["orgs"][0]["id"], retail);
  // Once it has been in force, its prices are kept for the charges of that time.
  server.clock().advance(minutes(1));
  ASSERT_EQ(choose(root, retail, nullptr).status, 200);
  EXPECT_EQ(root.del("/api/v1/subscriptions/" + plan).status, 409);
  EXPECT_EQ(root.del("/api/v1/subscriptions/" + make_plan(server.root_org_id(), "Never used")).status, 204);

  auto viewer = server.admin_with_privileges(abc, {"setup.view.subscriptions"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/subscriptions").status, 200);
  EXPECT_EQ(viewer.post("/api/v1/orgs/" + abc + "/subscriptions", plan_body("X", {"voice"}, no_limits)).status, 403);
  auto nobody = server.admin_with_privileges(abc, {"dashboard"}, "nobody@abc.example");
  EXPECT_EQ(nobody.get("/api/v1/orgs/" + abc + "/subscriptions").status, 403);
}

// Call filtering: the longest prefix decides, a blocked prefix wins a tie, an allow list closes
// what it does not name, and every plan and blocked list from the organization up applies.
class CallFiltering : public Subscriptions {
 protected:
  void SetUp() override {
    Subscriptions::SetUp();
    server.give_numbers(abc, 2);
    ASSERT_EQ(
        root.post("/api/v1/orgs/" + abc + "/numbers/allocate", {{"to_org_id", retail}, {"numbers", {"+12125551001"}}})
            .status,
        200);
    const auto caller = root.post("/api/v1/orgs/" + retail + "/accounts",
                                  {{"login", "caller@bank.example"}, {"multiline_number", "+12125551001"}});
    ASSERT_EQ(caller.status, 201) << caller.body;
  }

  std::string plan_with(const std::string& org, const std::string& name, const nlohmann::json& filtering) {
    auto body = plan_body(name, all_features, no_limits);
    body["call_filtering"] = filtering;
    const auto r = root.post("/api/v1/orgs/" + org + "/subscriptions", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  nlohmann::json check(const std::string& to) {
    const auto r = root.post("/api/v1/call-filter/check", {{"from", "+12125551001"}, {"to", to}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

TEST_F(CallFiltering, TheLongestPrefixDecidesAndABlockedOneWinsATie) {
  // No plan anywhere: everything is allowed.
  EXPECT_EQ(check("+19005551234"), nlohmann::json({{"allowed", true}, {"reason", "allowed"}, {"prefix", nullptr}}));
  const auto plan = plan_with(
      server.root_org_id(), "Filtered",
      {{"mode", "allow_all"}, {"allowed_prefixes", {"+1900555", "+44"}}, {"blocked_prefixes", {"+1900", "+44"}}});
  ASSERT_EQ(choose(root, abc, plan).status, 200);
  EXPECT_EQ(check("+19001234567"),
            nlohmann::json({{"allowed", false}, {"reason", "blocked_prefix"}, {"prefix", "+1900"}}));
  EXPECT_EQ(check("+19005551234"), nlohmann::json({{"allowed", true}, {"reason", "allowed"}, {"prefix", "+1900555"}}));
  EXPECT_EQ(check("+442071234567")["reason"], "blocked_prefix");  // equal length: blocked wins
  EXPECT_EQ(check("+12125550000")["allowed"], true);

  // An allow list closes what it does not name, at once for every check.
  ASSERT_EQ(root.patch("/api/v1/subscriptions/" + plan,
                       {{"call_filtering",
                         {{"mode", "allow_list"}, {"allowed_prefixes", {"+1"}}, {"blocked_prefixes", {"+1900"}}}}})
                .status,
            200);
  EXPECT_EQ(check("+33123456789"),
            nlohmann::json({{"allowed", false}, {"reason", "not_in_allow_list"}, {"prefix", nullptr}}));
  EXPECT_EQ(check("+12125550000")["prefix"], "+1");
  EXPECT_EQ(check("+19001234567")["reason"], "blocked_prefix");
}

TEST_F(CallFiltering, BlocksFromAboveStayBlockedBelow) {
  const auto provider = plan_with(
      server.root_org_id(), "Provider",
      {{"mode", "allow_all"}, {"allowed_prefixes", nlohmann::json::array()}, {"blocked_prefixes", {"+1900"}}});
  ASSERT_EQ(choose(root, abc, provider).status, 200);
  // A plan lower down that blocks nothing does not open what the provider's plan closes.
  const auto open = plan_with(abc, "Open", open_calls);
  ASSERT_EQ(choose(root, retail, open).status, 200);
  EXPECT_EQ(check("+19001234567")["allowed"], false);
  // Each organization's blocked prefixes add to its ancestors'.
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"call_filter_blocked_prefixes", {"+881"}}}).status, 200);
  ASSERT_EQ(root.patch("/api/v1/orgs/" + retail + "/settings", {{"call_filter_blocked_prefixes", {"+882"}}}).status,
            200);
  EXPECT_EQ(check("+88112345678")["prefix"], "+881");
  EXPECT_EQ(check("+88212345678")["prefix"], "+882");
  const auto settings = root.get("/api/v1/orgs/" + retail + "/settings").json();
  EXPECT_EQ(settings["call_filter_blocked_prefixes"]["value"], nlohmann::json({"+881", "+882"}));
  EXPECT_EQ(settings["call_filter_blocked_prefixes"]["own_value"], nlohmann::json({"+882"}));
  EXPECT_EQ(settings["call_filter_blocked_prefixes"]["inherited_value"], nlohmann::json({"+881"}));
  const auto bad = root.patch("/api/v1/orgs/" + retail + "/settings", {{"call_filter_blocked_prefixes", {"+8 82"}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "call_filter_blocked_prefixes[0]");
}

TEST_F(CallFiltering, TheRuleSetIsCachedByETagAndBadRequestsAreRefused) {
  const auto path = "/api/v1/orgs/" + retail + "/call-filter";
  const auto first = root.get(path);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(root.send("GET", path, "", "", {{"If-None-Match", etag}}).status, 304);
  ASSERT_EQ(root.patch("/api/v1/orgs/" + abc + "/settings", {{"call_filter_blocked_prefixes", {"+881"}}}).status, 200);
  const auto changed = root.send("GET", path, "", "", {{"If-None-Match", etag}});
  ASSERT_EQ(changed.status, 200);
  EXPECT_NE(changed.header("etag"), etag);
  EXPECT_EQ(changed.json()["org_blocked_prefixes"], nlohmann::json({"+881"}));

  auto r = root.post("/api/v1/call-filter/check", {{"from", "+12125559999"}, {"to", "+12125550000"}});
  EXPECT_EQ(r.status, 404) << r.body;
  r = root.post("/api/v1/call-filter/check", {{"from", "+12125551001"}, {"to", "0049 30 1234"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "to");
  // Another tenant's core does not learn about this tenant's numbers.
  const auto other = child_of(server.root_org_id(), "Other Bank");
  auto core = server.admin_with_privileges(other, {"usage.ingest"}, "core@other.example");
  EXPECT_EQ(core.post("/api/v1/call-filter/check", {{"from", "+12125551001"}, {"to", "+12125550000"}}).status, 404);
  EXPECT_EQ(core.get(path).status, 404);
  auto viewer = server.admin_with_privileges(abc, {"dashboard"}, "viewer@abc.example");
  EXPECT_EQ(viewer.post("/api/v1/call-filter/check", {{"from", "+12125551001"}, {"to", "+12125550000"}}).status, 403);
}

}  // namespace
}  // namespace lineport::testing

// Number pools: import at the root, allocation and withdrawal, reserve and release, the
// utilization report, quarantine and the utilization threshold alert.

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class Numbers : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
  }

  std::string pool(const std::string& org) { return "/api/v1/orgs/" + org + "/numbers"; }

  // Imports +1 212 555 01xx for xx in [first, first + count).
  void import_range(int first, int count, const std::string& tag = "") {
    nlohmann::json list = nlohmann::json::array();
    for (int i = first; i < first + count; ++i) list.push_back("+1212555" + std::to_string(1000 + i));
    nlohmann::json body = {{"numbers", list}};
    if (!tag.empty()) body["tag"] = tag;
    const auto r = root.post(pool(server.root_org_id()), body);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.json()["imported"], count);
  }

  nlohmann::json utilization(const std::string& org) { return root.get(pool(org) + "/utilization").json(); }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(Numbers, ImportNormalizesAndReportsEachRejectedItem) {
  const auto r =
      root.post(pool(server.root_org_id()),
                {{"numbers", {"+1 (212) 555-0100", "not a number", "+12125550100", "2125550101"}}, {"tag", "BATCH-1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  EXPECT_EQ(body["imported"], 1);
  EXPECT_EQ(body["duplicates"], 1);
  EXPECT_EQ(body["invalid"], 2);
  ASSERT_EQ(body["results"].size(), 3u);
  EXPECT_EQ(body["results"][0]["line"], 2);
  EXPECT_EQ(body["results"][0]["result"], "invalid");
  EXPECT_EQ(body["results"][1]["line"], 3);
  EXPECT_EQ(body["results"][1]["result"], "duplicate");
  EXPECT_EQ(body["results"][1]["number"], "+12125550100");

  const auto list = root.get(pool(server.root_org_id())).json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["number"], "+12125550100");
  EXPECT_EQ(list["items"][0]["status"], "available");
  EXPECT_EQ(list["items"][0]["tag"], "BATCH-1");
  EXPECT_EQ(list["items"][0]["series"], "+1 212");
}

// An import stores its numbers many to a statement: a number already in a pool, or named a second
// time in the same statement or in a later one, is reported on its own line as a duplicate.
TEST_F(Numbers, ALargeImportReportsEachDuplicateOnItsLine) {
  ASSERT_EQ(root.post(pool(server.root_org_id()), {{"numbers", {"+12125557000"}}}).status, 200);
  std::vector<std::string> list;
  for (int i = 0; i < 140; ++i) list.push_back("+1212555" + std::to_string(7000 + i));
  list.insert(list.begin() + 20, list[3]);  // line 21, in the same statement as line 4
  list.push_back(list[70]);                 // line 142, a later statement than line 71's
  const auto r = root.post(pool(server.root_org_id()), {{"numbers", list}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  EXPECT_EQ(body["imported"], 139);
  EXPECT_EQ(body["duplicates"], 3);
  ASSERT_EQ(body["results"].size(), 3u) << r.body;
  for (const auto& [i, line, number] :
       {std::tuple{0, 1, "+12125557000"}, std::tuple{1, 21, "+12125557003"}, std::tuple{2, 142, "+12125557069"}}) {
    EXPECT_EQ(body["results"][i]["line"], line);
    EXPECT_EQ(body["results"][i]["result"], "duplicate");
    EXPECT_EQ(body["results"][i]["number"], number);
  }
  EXPECT_EQ(utilization(server.root_org_id())["total"], 140);
  EXPECT_EQ(root.get(pool(server.root_org_id()) + "?q=5557069").json()["total"], 1);
}

TEST_F(Numbers, CsvImportTakesEachRowsTagAndNamesBadLines) {
  auto r = root.send("POST", pool(server.root_org_id()),
                     "\xEF\xBB\xBFnumber,tag\r\n+442079460958,PORTED\r\n+12125550177,\r\n+1 999,\r\n", "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["imported"], 2);
  EXPECT_EQ(r.json()["results"][0]["line"], 4);
  EXPECT_EQ(root.get(pool(server.root_org_id()) + "?tag=PORTED").json()["items"][0]["number"], "+442079460958");

  EXPECT_EQ(utilization(server.root_org_id())["total"], 2);
}

// A file that cannot be imported as a whole is refused like any upload: row errors by column,
// every bad tag at once, and nothing imported.
TEST_F(Numbers, AnUnreadableCsvFileIsRefusedWithRowErrorsByColumn) {
  const auto refused = [&](const std::string& csv) {
    auto r = root.send("POST", pool(server.root_org_id()), csv, "text/csv");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json()["code"], "validation_failed");
    return r.json();
  };
  auto problem = refused("phone\n+12125550178\n");
  EXPECT_EQ(problem["error_count"], problem["errors"].size());
  for (const auto& e : problem["errors"]) {
    EXPECT_EQ(e["line"], 1);
    EXPECT_EQ(e["column"], "header");
  }
  EXPECT_NE(problem["errors"].dump().find("Required column"), std::string::npos) << "names the missing column";

  problem = refused("number\n+12125550178\n\"+12125550179\n");
  EXPECT_EQ(problem["errors"][0]["line"], 3) << problem;

  const std::string long_tag(51, 'x');
  problem =
      refused("number,tag\n+12125550178,OK\n+12125550179," + long_tag + "\n+12125550180,\n+12125550181,bad\ttag\n");
  EXPECT_EQ(problem["error_count"], 2);
  EXPECT_EQ(problem["errors"][0]["line"], 3);
  EXPECT_EQ(problem["errors"][0]["column"], "tag");
  EXPECT_EQ(problem["errors"][0]["value"], long_tag);
  EXPECT_EQ(problem["errors"][1]["line"], 5);

  problem = refused("");
  EXPECT_EQ(problem["errors"][0]["column"], "header");
  EXPECT_EQ(utilization(server.root_org_id())["total"], 0) << "nothing imported";
}

// A number is written the way people write it: spaces, brackets, dots and dashes are formatting,
// never separators; every problem is reported on the file's own line (blank lines count).
TEST_F(Numbers, FormattedNumbersAreOneNumberEachOnTheirOwnLines) {
  auto r = root.send("POST", pool(server.root_org_id()),
                     "number,tag\n+1 (415) 555-1300,\n\n+1 415.555.1301,WEST\n\"+1 415 555 1302\",\n+1 415 555 13,\n",
                     "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["imported"], 3);
  EXPECT_EQ(r.json()["invalid"], 1);
  ASSERT_EQ(r.json()["results"].size(), 1u) << r.body;
  EXPECT_EQ(r.json()["results"][0]["line"], 6);
  EXPECT_EQ(r.json()["results"][0]["input"], "+1 415 555 13");
  EXPECT_EQ(root.get(pool(server.root_org_id()) + "?tag=WEST").json()["items"][0]["number"], "+14155551301");
  // The JSON list: one number per item, formatted or not.
  r = root.post(pool(server.root_org_id()), {{"numbers", {"+1 (415) 555-1303", "+1-415-555-1300"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["imported"], 1);
  EXPECT_EQ(r.json()["duplicates"], 1);
  EXPECT_EQ(r.json()["results"][0]["line"], 2);
  EXPECT_EQ(utilization(server.root_org_id())["total"], 4);
}

TEST_F(Numbers, OnlyTheRootImports) {
  const auto r = root.post(pool(abc), {{"numbers", {"+12125550100"}}});
  EXPECT_EQ(r.status, 422) << r.body;
}

// Issue 12, item 2: a figure the admin gives is never cut down or replaced: out of range is
// refused naming the field and the range, and a count above the available numbers moves nothing
// and says how many there are.
TEST_F(Numbers, AFigureOutOfRangeIsRefusedNeverAdjusted) {
  const std::string settings = "/api/v1/orgs/" + abc + "/settings";
  for (const auto& bad : {nlohmann::json(150), nlohmann::json(0), nlohmann::json(12.5), nlohmann::json("80")}) {
    const auto r = root.patch(settings, {{"utilization_threshold_pct", bad}});
    ASSERT_EQ(r.status, 422) << bad << r.body;
    ASSERT_EQ(r.json()["errors"].size(), 1u) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["field"], "utilization_threshold_pct");
    EXPECT_NE(r.json()["errors"][0]["message"].get<std::string>().find("1 to 100"), std::string::npos) << r.body;
  }
  EXPECT_EQ(root.get(settings).json()["utilization_threshold_pct"]["value"], 80);

  import_range(0, 11);
  auto r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 500}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "not_enough_numbers");
  EXPECT_EQ(r.json()["available"], 11);
  EXPECT_EQ(r.json()["requested"], 500);
  EXPECT_NE(r.json()["detail"].get<std::string>().find("Only 11 available"), std::string::npos) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "count");
  EXPECT_EQ(utilization(abc)["total"], 0);
  EXPECT_EQ(utilization(server.root_org_id())["available"], 11);

  ASSERT_EQ(root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 3}}).status, 200);
  r = root.post(pool(server.root_org_id()) + "/withdraw", {{"from_org_id", abc}, {"count", 4}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["available"], 3);
  EXPECT_EQ(utilization(abc)["available"], 3);
}

TEST_F(Numbers, AllocateByCountSeriesAndListThenWithdraw) {
  import_range(0, 10);
  ASSERT_EQ(root.post(pool(server.root_org_id()), {{"numbers", {"+442079460958", "+442079460959"}}}).status, 200);

  auto r =
      root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 2}, {"series", "+44 20"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["moved"], 2);
  r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 6}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 5}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "not_enough_numbers");
  // Only to a direct child.
  r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", retail}, {"count", 1}});
  EXPECT_EQ(r.status, 422) << r.body;

  r = root.post(pool(abc) + "/allocate", {{"to_org_id", retail}, {"numbers", {"+12125551000", "+12125551009"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["moved"], 1);
  EXPECT_EQ(r.json()["results"][1]["result"], "error");

  auto root_u = utilization(server.root_org_id());
  EXPECT_EQ(root_u["total"], 12);
  EXPECT_EQ(root_u["allocated_to_suborgs"], 8);
  EXPECT_EQ(root_u["available"], 4);
  auto abc_u = utilization(abc);
  EXPECT_EQ(abc_u["total"], 8);
  EXPECT_EQ(abc_u["allocated_to_suborgs"], 1);
  EXPECT_EQ(abc_u["available"], 7);
  EXPECT_EQ(abc_u["in_use"], 1);
  // Issue 12, item 13: the whole subtree by status too (own pool 4 available; ABC 7, Retail 1).
  EXPECT_EQ(root_u["subtree"], nlohmann::json({{"total", 12},
                                               {"available", 12},
                                               {"reserved", 0},
                                               {"pending_invitation", 0},
                                               {"assigned", 0},
                                               {"activated", 0},
                                               {"quarantined", 0}}));
  EXPECT_EQ(abc_u["subtree"]["available"], 8);

  const auto subs = root.get(pool(abc) + "/suborgs").json();
  ASSERT_EQ(subs["items"].size(), 1u);
  EXPECT_EQ(subs["items"][0]["total"], 1);

  r = root.post(pool(abc) + "/withdraw", {{"from_org_id", retail}, {"count", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = root.post(pool(abc) + "/withdraw", {{"from_org_id", retail}, {"count", 1}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(utilization(abc)["allocated_to_suborgs"], 0);
}

// The Numbers page's summary by series: each series the pool holds, with its available numbers
// and its total, as numbers arrive, move down by series or by count, are reserved, and come back
// from a deleted organization.
TEST_F(Numbers, SeriesSummaryFollowsThePoolsNumbers) {
  using Rows = std::vector<std::tuple<std::string, int, int>>;
  const auto series = [&](const std::string& org) {
    Rows rows;
    const auto summary = root.get(pool(org) + "/series").json();
    for (const auto& s : summary["items"]) rows.emplace_back(s["series"], s["available"], s["total"]);
    return rows;
  };
  const auto top = server.root_org_id();
  import_range(0, 10);
  ASSERT_EQ(root.post(pool(top), {{"numbers", {"+442079460958", "+442079460959"}}}).status, 200);
  EXPECT_EQ(series(top), (Rows{{"+1 212", 10, 10}, {"+44 20", 2, 2}}));

  ASSERT_EQ(root.post(pool(top) + "/allocate", {{"to_org_id", abc}, {"count", 2}, {"series", "+44 20"}}).status, 200);
  ASSERT_EQ(root.post(pool(top) + "/allocate", {{"to_org_id", abc}, {"count", 3}}).status, 200);
  ASSERT_EQ(root.patch("/api/v1/numbers/+12125551000", {{"status", "reserved"}, {"tag", "PORTED"}}).status, 200);
  EXPECT_EQ(series(top), (Rows{{"+1 212", 7, 7}}));  // no +44 20 left
  EXPECT_EQ(series(abc), (Rows{{"+1 212", 2, 3}, {"+44 20", 2, 2}}));
  ASSERT_EQ(root.post(pool(abc) + "/allocate", {{"to_org_id", retail}, {"numbers", {"+442079460958"}}}).status, 200);
  EXPECT_EQ(series(retail), (Rows{{"+44 20", 1, 1}}));

  ASSERT_EQ(root.del("/api/v1/orgs/" + abc).status, 204);
  EXPECT_EQ(series(top), (Rows{{"+1 212", 9, 10}, {"+44 20", 2, 2}}));
}

TEST_F(Numbers, ReserveWithTagAndRelease) {
  import_range(0, 2);
  auto r = root.patch("/api/v1/numbers/+12125551000", {{"status", "reserved"}});
  EXPECT_EQ(r.status, 422) << r.body;  // a reservation says what for
  r = root.patch("/api/v1/numbers/+12125551000", {{"status", "reserved"}, {"tag", "PORTED"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "reserved");
  EXPECT_EQ(utilization(server.root_org_id())["reserved"], 1);
  EXPECT_EQ(utilization(server.root_org_id())["utilization_pct"], 50.0);
  // A reserved number can be allocated and keeps its tag.
  r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"numbers", {"+12125551000"}}});
  ASSERT_EQ(r.json()["moved"], 1) << r.body;
  const auto moved = root.get(pool(abc)).json()["items"][0];
  EXPECT_EQ(moved["status"], "reserved");
  EXPECT_EQ(moved["tag"], "PORTED");
  r = root.patch("/api/v1/numbers/+12125551000", {{"status", "available"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(utilization(abc)["available"], 1);
  EXPECT_EQ(root.patch("/api/v1/numbers/+19999999999", {{"status", "available"}}).status, 404);
}

TEST_F(Numbers, AnotherTenantsPoolIsNotFound) {
  import_range(0, 2);
  ASSERT_EQ(root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 1}}).status, 200);
  const std::string other =
      root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Other"}}).json()["id"];
  server.add_admin(other, "numbers@other.example", "other-password-01");
  HttpClient intruder = server.client();
  ASSERT_EQ(intruder.sign_in("numbers@other.example", "other-password-01").status, 200);
  EXPECT_EQ(intruder.get(pool(abc)).status, 404);
  EXPECT_EQ(intruder.get(pool(abc) + "/utilization").status, 404);
  EXPECT_EQ(intruder.patch("/api/v1/numbers/+12125551000", {{"status", "reserved"}, {"tag", "X"}}).status, 404);
  EXPECT_EQ(intruder.post(pool(other) + "/withdraw", {{"from_org_id", abc}, {"count", 1}}).status, 422);
}

TEST_F(Numbers, QuarantineKeepsAReleasedNumberOutOfTheAvailableOnes) {
  import_range(0, 1);
  ASSERT_EQ(root.patch("/api/v1/orgs/" + server.root_org_id() + "/settings", {{"number_quarantine_days", 2}}).status,
            200);
  const auto account = root.post("/api/v1/orgs/" + server.root_org_id() + "/accounts",
                                 {{"login", "q@bank.example"}, {"multiline_number", "+12125551000"}});
  ASSERT_EQ(account.status, 201) << account.body;
  ASSERT_EQ(root.del("/api/v1/accounts/" + account.json()["id"].get<std::string>()).status, 204);
  auto number = root.get(pool(server.root_org_id())).json()["items"][0];
  EXPECT_EQ(number["status"], "quarantined");
  EXPECT_EQ(utilization(server.root_org_id())["available"], 0);
  // Still quarantined a day later: it cannot be allocated.
  server.clock().advance(24 * 3600);
  root = server.root_client();  // the session expired meanwhile
  EXPECT_EQ(root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 1}}).status, 409);
  // After the period it is available again.
  server.clock().advance(25 * 3600);
  root = server.root_client();
  const auto r = root.post(pool(server.root_org_id()) + "/allocate", {{"to_org_id", abc}, {"count", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  number = root.get(pool(abc)).json()["items"][0];
  EXPECT_EQ(number["status"], "available");
  EXPECT_EQ(utilization(abc)["available"], 1);
}

TEST_F(Numbers, UtilizationThresholdAlertFiresOnEveryAssignmentAtOrAbove) {
  import_range(0, 4);
  ASSERT_EQ(
      root.patch("/api/v1/orgs/" + server.root_org_id() + "/settings", {{"utilization_threshold_pct", 50}}).status,
      200);
  const auto add = [&](int i) {
    const auto r = root.post("/api/v1/orgs/" + server.root_org_id() + "/accounts",
                             {{"login", "u" + std::to_string(i) + "@bank.example"},
                              {"multiline_number", "+1212555" + std::to_string(1000 + i)}});
    ASSERT_EQ(r.status, 201) << r.body;
  };
  add(0);  // 25 %
  add(1);  // 50 %: fires
  add(2);  // 75 %: fires again
  const auto first = server.wait_for_message(root_email, "number_utilization_threshold_exceeded", 1);
  ASSERT_FALSE(first.empty());
  EXPECT_NE(first.find("50"), std::string::npos);
  EXPECT_FALSE(server.wait_for_message(root_email, "number_utilization_threshold_exceeded", 2).empty());
}

}  // namespace
}  // namespace lineport::testing

namespace lineport::testing {
namespace {

// "Choose roles and phone numbers": numbers allocated from the parent with the new organization,
// in one transaction, by those who may allocate numbers.
TEST_F(Numbers, ANewOrganizationGetsItsNumbersFromTheParentOrIsNotCreated) {
  import_range(0, 5);
  const auto children = "/api/v1/orgs/" + server.root_org_id() + "/children";
  auto r = root.post(children, {{"name", "Branch"}, {"numbers", {{"count", 3}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(utilization(r.json()["id"])["total"], 3);
  EXPECT_EQ(utilization(server.root_org_id())["available"], 2);

  r = root.post(children, {{"name", "Too big"}, {"numbers", {{"count", 3}}}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "not_enough_numbers");
  EXPECT_EQ(r.json()["errors"][0]["field"], "numbers.count");
  EXPECT_EQ(root.post(children, {{"name", "Odd"}, {"numbers", {{"count", 0}}}}).status, 422);
  EXPECT_EQ(root.post(children, {{"name", "Odd"}, {"numbers", 3}}).status, 422);

  auto creator = server.admin_with_privileges(abc, {"profile.create_suborg", "profile.view"}, "maker@abc.example");
  r = creator.post("/api/v1/orgs/" + abc + "/children", {{"name", "Desk"}, {"numbers", {{"count", 1}}}});
  EXPECT_EQ(r.status, 403) << r.body;
  const auto listed = root.get("/api/v1/orgs/" + server.root_org_id() + "/children").json();
  std::vector<std::string> names;
  for (const auto& o : listed["items"]) names.push_back(o["name"].get<std::string>());
  EXPECT_EQ(std::count(names.begin(), names.end(), "Too big"), 0);
  const auto under_abc = root.get("/api/v1/orgs/" + abc + "/children").json();
  ASSERT_EQ(under_abc["items"].size(), 1U);
  EXPECT_EQ(under_abc["items"][0]["name"], "Retail");
}

}  // namespace
}  // namespace lineport::testing

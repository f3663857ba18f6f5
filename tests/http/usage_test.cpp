// Usage ingest (NDJSON and CSV, idempotent, all or nothing), the dashboard's cycles in the
// organization's time zone, the usage reports and their privileges, tenant isolation.

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

// 2026-11-15T00:00:00Z: the current cycle is November in every time zone used here.
constexpr UnixSeconds mid_november = 1'794'614'400;

std::string ndjson(const std::vector<nlohmann::json>& records) {
  std::string out;
  for (const auto& r : records) out += r.dump() + "\n";
  return out;
}

nlohmann::json call(const std::string& id, const std::string& account, const std::string& started, int seconds,
                    bool billable = true) {
  return {{"id", id},
          {"account_id", account},
          {"type", "voice"},
          {"direction", "out"},
          {"started_at", started},
          {"quantity", seconds},
          {"billable", billable}};
}

class Usage : public ::testing::Test {
 protected:
  void SetUp() override {
    server.clock().advance(mid_november - server.clock().now());
    root = server.root_client();
    tokyo = org(server.root_org_id(), "Tokyo Bank", "Asia/Tokyo");
    tokyo_branch = org(tokyo, "Shibuya", "");
    kathmandu = org(server.root_org_id(), "Himalaya Telecom", "Asia/Kathmandu");
    tokyo_user = account(tokyo, "aiko@tokyo.example");
    branch_user = account(tokyo_branch, "ren@tokyo.example");
    kathmandu_user = account(kathmandu, "sita@himalaya.example");
  }

  std::string org(const std::string& parent, const std::string& name, const std::string& tz) {
    nlohmann::json body = {{"name", name}};
    if (!tz.empty()) body["timezone"] = tz;
    const auto r = root.post("/api/v1/orgs/" + parent + "/children", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  std::string account(const std::string& org_id, const std::string& login) {
    const auto r = root.post("/api/v1/orgs/" + org_id + "/accounts", {{"login", login}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  HttpResult ingest(HttpClient& c, const std::string& body, const std::string& query = "",
                    const std::string& type = "application/x-ndjson") {
    return c.send("POST", "/api/v1/usage" + query, body, type);
  }

  nlohmann::json dashboard(const std::string& org_id, const std::string& type = "voice") {
    const auto r = root.get("/api/v1/orgs/" + org_id + "/dashboard?type=" + type);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TestServer server;
  HttpClient root{0};
  std::string tokyo, tokyo_branch, kathmandu, tokyo_user, branch_user, kathmandu_user;
};

// New users of the current cycle: accounts created from its first second (a local midnight, here
// a quarter hour off UTC) to now, one at a time or by a CSV import, in the organization or below
// it, and still there.
TEST_F(Usage, NewUsersAreTheAccountsCreatedInTheCurrentCycle) {
  // Kathmandu (+05:45): the cycle began at 2026-10-31T18:15:00Z.
  constexpr UnixSeconds cycle_start = 1'793'470'500;
  const auto at = [&](UnixSeconds t) { server.clock().advance(t - server.clock().now()); };
  const auto branch = org(kathmandu, "Pokhara", "");
  at(cycle_start - 1);
  account(kathmandu, "before@himalaya.example");  // the past cycle
  at(cycle_start);
  account(kathmandu, "first@himalaya.example");
  at(cycle_start + 40 * 60);  // in the quarter hours before the first whole UTC hour
  const auto imported = root.send("POST", "/api/v1/orgs/" + branch + "/accounts/import",
                                  "email_or_device,social_messaging,monitor_calls,monitor_sms\n"
                                  "im1@himalaya.example,No,auto,on\nim2@himalaya.example,No,auto,on\n",
                                  "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  at(cycle_start + 45 * 60 + 3 * 3600);  // a whole hour, then a whole day
  const auto later = account(kathmandu, "later@himalaya.example");
  at(mid_november);
  // sita of SetUp (mid-November), first, the two imported, later.
  EXPECT_EQ(dashboard(kathmandu)["current_cycle"]["new_users"], 5);
  EXPECT_EQ(dashboard(branch)["current_cycle"]["new_users"], 2);

  ASSERT_EQ(root.del("/api/v1/accounts/" + later).status, 204);
  ASSERT_EQ(root.post("/api/v1/accounts/move", {{"account_ids", {kathmandu_user}}, {"to_org_id", tokyo}}).status, 200);
  EXPECT_EQ(dashboard(kathmandu)["current_cycle"]["new_users"], 3);
  EXPECT_EQ(dashboard(tokyo)["current_cycle"]["new_users"], 3);  // aiko, ren and sita
}

TEST_F(Usage, CyclesAreCalendarMonthsInTheOrganizationsTimeZoneAheadOfUtc) {
  // Local midnight of 1 November is 2026-10-31T15:00Z in Tokyo (+09:00) and 18:15Z in Kathmandu
  // (+05:45): one minute before it is the past cycle, the minute itself the current one.
  const auto r = ingest(root, ndjson({call("t1", tokyo_user, "2026-10-31T14:59:00Z", 60),
                                      call("t2", tokyo_user, "2026-10-31T15:00:00Z", 120),
                                      call("t3", branch_user, "2026-11-01T00:00:00+09:00", 7, false),
                                      call("k1", kathmandu_user, "2026-11-01T00:14:00+06:00", 30),
                                      call("k2", kathmandu_user, "2026-10-31T18:15:00Z", 45)}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], 5);

  const auto t = dashboard(tokyo);
  EXPECT_EQ(t["timezone"], "Asia/Tokyo");
  EXPECT_EQ(t["current_cycle"]["from"], "2026-11-01");
  EXPECT_EQ(t["current_cycle"]["to"], "2026-11-30");
  EXPECT_EQ(t["current_cycle"]["billable"]["voice_seconds"], 120);  // t3 is not billable
  EXPECT_EQ(t["past_cycle"]["from"], "2026-10-01");
  EXPECT_EQ(t["past_cycle"]["billable"]["voice_seconds"], 60);
  EXPECT_EQ(t["all_time"]["billable"]["voice_seconds"], 180);
  ASSERT_EQ(t["current_cycle"]["series"].size(), 30u);
  EXPECT_EQ(t["current_cycle"]["series"][0], nlohmann::json({{"date", "2026-11-01"}, {"quantity", 120}}));
  EXPECT_EQ(t["current_cycle"]["series"][1]["quantity"], 0);
  EXPECT_EQ(t["current_cycle"]["new_users"], 2);  // the organization and its branch

  const auto k = dashboard(kathmandu);
  EXPECT_EQ(k["current_cycle"]["billable"]["voice_seconds"], 45);  // 18:15Z is midnight there
  EXPECT_EQ(k["past_cycle"]["billable"]["voice_seconds"], 30);     // 23:59 on 31 October
  EXPECT_EQ(dashboard(kathmandu, "message")["current_cycle"]["series"][0]["quantity"], 0);
  EXPECT_EQ(root.get("/api/v1/orgs/" + tokyo + "/dashboard?type=fax").status, 422);
}

TEST_F(Usage, IngestIsIdempotentOnTheRecordIdOfEachAccount) {
  const auto body =
      ndjson({call("c1", tokyo_user, "2026-11-02T10:00:00Z", 100), call("c2", tokyo_user, "2026-11-02T11:00:00Z", 50),
              call("c1", tokyo_user, "2026-11-02T10:00:00Z", 100)});
  const auto first = ingest(root, body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["received"], 3);
  EXPECT_EQ(first.json()["stored"], 2);
  EXPECT_EQ(first.json()["duplicates"], 1);
  const auto again = ingest(root, body);
  EXPECT_EQ(again.json()["stored"], 0);
  EXPECT_EQ(again.json()["duplicates"], 3);
  EXPECT_EQ(dashboard(tokyo)["current_cycle"]["billable"]["voice_seconds"], 150);
  // The same id from another account is another record: one tenant cannot shadow another's ids.
  ASSERT_EQ(ingest(root, ndjson({call("c1", kathmandu_user, "2026-11-02T10:00:00Z", 9)})).json()["stored"], 1);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 150);
  EXPECT_EQ(dashboard(server.root_org_id())["all_time"]["billable"]["voice_seconds"], 159);
}

TEST_F(Usage, ABadRecordStoresNothingUnlessPartialAcceptanceIsAsked) {
  const auto body = ndjson({call("ok1", tokyo_user, "2026-11-03T10:00:00Z", 10),
                            call("bad", tokyo_user, "2026-11-03T10:00:00Z", -5),
                            {{"id", "ok2"}, {"multiline_number", "+12125550999"}, {"type", "voice"}}}) +
                    "not json\n" + ndjson({call("ok3", tokyo_user, "2026-11-03T12:00:00Z", 20)});
  const auto refused = ingest(root, body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto errors = refused.json()["errors"];
  EXPECT_EQ(errors[0],
            nlohmann::json({{"line", 2},
                            {"field", "quantity"},
                            {"value", "-5"},
                            {"message", "Must be a whole number from 0 to 10^15 (seconds, messages or bytes)."}}));
  std::set<std::string> line3;
  for (const auto& e : errors)
    if (e["line"] == 3) line3.insert(e["field"].get<std::string>());
  EXPECT_EQ(line3, (std::set<std::string>{"direction", "started_at", "quantity", "billable"}));
  EXPECT_EQ(errors.back()["line"], 4);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 0);

  const auto partial = ingest(root, body, "?partial=true");
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.json()["received"], 5);
  EXPECT_EQ(partial.json()["stored"], 2);
  EXPECT_EQ(partial.json()["rejected"], 3);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 30);
  EXPECT_EQ(ingest(root, "{}", "", "application/json").status, 415);
}

// More than a batch is stored by a second thread while the first reads on: the outcome must be
// that of one thread, every record or none, each counted once in the rollups.
TEST_F(Usage, ALargeUploadIsStoredWholeOrNotAtAll) {
  std::vector<nlohmann::json> records;
  for (int i = 0; i < 3000; ++i)
    records.push_back(call("big-" + std::to_string(i), tokyo_user, "2026-11-03T10:00:00Z", 2));
  auto bad_last = records;
  bad_last.back()["quantity"] = -1;
  const auto refused = ingest(root, ndjson(bad_last));
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["errors"][0]["line"], 3000);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 0);
  const auto partial = ingest(root, ndjson(bad_last), "?partial=true");
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.json()["received"], 3000);
  EXPECT_EQ(partial.json()["stored"], 2999);
  EXPECT_EQ(partial.json()["duplicates"], 0);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 2 * 2999);
  const auto again = ingest(root, ndjson(records));
  EXPECT_EQ(again.json()["stored"], 1);
  EXPECT_EQ(again.json()["duplicates"], 2999);
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 2 * 3000);
}

TEST_F(Usage, ADeeplyNestedLineIsALineErrorNamingTheLimit) {
  // 60,000 levels fit in one line's 64 KiB; the reader stops at the 33rd.
  const auto body = ndjson({call("ok1", tokyo_user, "2026-11-03T10:00:00Z", 10)}) +
                    "{\"id\":" + std::string(60'000, '[') + "\n" +
                    ndjson({call("ok2", tokyo_user, "2026-11-03T11:00:00Z", 20)});
  const auto refused = ingest(root, body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto errors = refused.json()["errors"];
  ASSERT_EQ(errors.size(), 1u) << errors;
  EXPECT_EQ(errors[0]["line"], 2);
  EXPECT_NE(errors[0]["message"].get<std::string>().find("32 levels"), std::string::npos) << errors;
  EXPECT_EQ(dashboard(tokyo)["all_time"]["billable"]["voice_seconds"], 0);
}

TEST_F(Usage, CsvUploadsNameTheirColumnsAndReportErrorsByLine) {
  const auto tmpl = root.get("/api/v1/usage/template.csv");
  ASSERT_EQ(tmpl.status, 200);
  EXPECT_EQ(tmpl.body.substr(0, tmpl.body.find('\n')),
            "id,account_id,multiline_number,type,direction,started_at,quantity,billable\r");
  const std::string good =
      "type,id,account_id,direction,started_at,quantity,billable\r\n"
      "message,m1," +
      tokyo_user +
      ",out,2026-11-04T08:00:00Z,3,yes\r\n"
      "data,d1," +
      tokyo_user + ",in,2026-11-04T08:00:00Z,2048,1\r\n";
  const auto r = ingest(root, good, "", "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], 2);
  const auto d = dashboard(tokyo, "data");
  EXPECT_EQ(d["current_cycle"]["billable"]["messages"], 3);
  EXPECT_EQ(d["current_cycle"]["billable"]["data_bytes"], 2048);
  EXPECT_EQ(d["current_cycle"]["series"][3]["quantity"], 2048);  // 4 November, Tokyo

  const auto no_type = ingest(
      root,
      "id,account_id,direction,started_at,quantity,billable\nx," + tokyo_user + ",in,2026-11-04T08:00:00Z,1,true\n", "",
      "text/csv");
  ASSERT_EQ(no_type.status, 422);
  EXPECT_EQ(no_type.json()["errors"][0]["line"], 1);
  EXPECT_EQ(no_type.json()["errors"][0]["field"], "header");
  const auto bad_quote = ingest(root, good + "voice,\"v1,x\n", "", "text/csv");
  ASSERT_EQ(bad_quote.status, 422);
  EXPECT_EQ(bad_quote.json()["errors"][0]["line"], 4);
  EXPECT_EQ(dashboard(tokyo)["current_cycle"]["billable"]["messages"], 3);  // nothing more written
}

TEST_F(Usage, TenantsNeverSeeOrFeedEachOthersUsage) {
  ASSERT_EQ(ingest(root, ndjson({call("k", kathmandu_user, "2026-11-05T00:00:00Z", 500)})).status, 200);
  server.add_admin(tokyo, "it@tokyo.example", "tokyo-password-123");
  HttpClient tokyo_admin = server.client();
  ASSERT_EQ(tokyo_admin.sign_in("it@tokyo.example", "tokyo-password-123").status, 200);
  // Another tenant's account answers like an account that does not exist.
  const auto foreign = ingest(tokyo_admin, ndjson({call("x", kathmandu_user, "2026-11-05T00:00:00Z", 1)}));
  ASSERT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(foreign.json()["errors"][0]["message"], "No such user account.");
  const auto unknown = ingest(tokyo_admin, ndjson({call("x", "no-such-account", "2026-11-05T00:00:00Z", 1)}));
  EXPECT_EQ(unknown.json()["errors"][0]["message"], foreign.json()["errors"][0]["message"]);
  ASSERT_EQ(ingest(tokyo_admin, ndjson({call("y", branch_user, "2026-11-05T00:00:00Z", 4)})).status, 200);

  EXPECT_EQ(tokyo_admin.get("/api/v1/orgs/" + kathmandu + "/dashboard").status, 404);
  EXPECT_EQ(tokyo_admin.get("/api/v1/orgs/" + kathmandu + "/reports/activities").status, 404);
  const auto mine =
      tokyo_admin.get("/api/v1/orgs/" + tokyo + "/reports/activities?range=current_cycle&include_suborgs=true").json();
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["items"][0]["account_id"], branch_user);
  EXPECT_EQ(dashboard(server.root_org_id())["all_time"]["billable"]["voice_seconds"], 504);
}

// Our own template and a spreadsheet's file upload as they are: a phone number is quoted, not
// prefixed with the formula guard, and the guard that other files carry is dropped on the way in.
// Directions may be spelt out.
TEST_F(Usage, TemplatesAndSpreadsheetFilesUploadBackAsTheyAre) {
  server.give_numbers(tokyo, 1);
  const auto numbered = root.post("/api/v1/orgs/" + tokyo + "/accounts",
                                  {{"login", "kenji@tokyo.example"}, {"multiline_number", "+12125551000"}});
  ASSERT_EQ(numbered.status, 201) << numbered.body;
  const auto tmpl = root.get("/api/v1/usage/template.csv").body;
  EXPECT_NE(tmpl.find("\"+12125550123\""), std::string::npos) << tmpl;
  EXPECT_EQ(tmpl.find("'+"), std::string::npos) << tmpl;

  std::string filled = tmpl;  // an administrator puts their user's number in the example row
  filled.replace(filled.find("+12125550123"), 12, "+12125551000");
  const auto from_template = ingest(root, filled, "", "text/csv");
  ASSERT_EQ(from_template.status, 200) << from_template.body;
  EXPECT_EQ(from_template.json()["stored"], 1);

  const auto guarded = ingest(root,
                              "id,multiline_number,type,direction,started_at,quantity,billable\r\n"
                              "call-0002,'+12125551000,voice,outbound,2026-11-05T09:00:00Z,60,true\r\n"
                              "call-0003,\"'+12125551000\",voice,inbound,2026-11-05T10:00:00Z,30,true\r\n",
                              "", "text/csv");
  ASSERT_EQ(guarded.status, 200) << guarded.body;
  EXPECT_EQ(guarded.json()["stored"], 2);
  EXPECT_EQ(dashboard(tokyo)["current_cycle"]["billable"]["voice_seconds"], 184 + 60 + 30);

  const auto sideways = ingest(root, ndjson({{{"id", "x1"},
                                              {"account_id", tokyo_user},
                                              {"type", "voice"},
                                              {"direction", "sideways"},
                                              {"started_at", "2026-11-05T10:00:00Z"},
                                              {"quantity", 1},
                                              {"billable", true}}}));
  ASSERT_EQ(sideways.status, 422);
  EXPECT_EQ(sideways.json()["errors"][0]["field"], "direction");
  EXPECT_EQ(sideways.json()["errors"][0]["message"], "Must be in, out, inbound or outbound.");
}

TEST_F(Usage, ReportsPageSumAndStream) {
  ASSERT_EQ(ingest(root, ndjson({call("a", tokyo_user, "2026-11-02T01:00:00Z", 60),
                                 call("b", tokyo_user, "2026-11-02T02:00:00Z", 30, false),
                                 call("c", branch_user, "2026-11-02T03:00:00Z", 10),
                                 {{"id", "s"},
                                  {"account_id", branch_user},
                                  {"type", "message"},
                                  {"direction", "in"},
                                  {"started_at", "2026-11-03T00:00:00Z"},
                                  {"quantity", 2},
                                  {"billable", true}}}))
                .status,
            200);
  const std::string base = "/api/v1/orgs/" + tokyo + "/reports/";
  const auto consumption = root.get(base + "consumption_metrics?range=current_cycle&include_suborgs=true").json();
  ASSERT_EQ(consumption["total"], 3) << consumption.dump();  // Shibuya on two days, Tokyo Bank on one
  EXPECT_EQ(consumption["items"][0]["org_name"], "Shibuya");
  EXPECT_EQ(consumption["items"][2]["org_name"], "Tokyo Bank");
  EXPECT_EQ(consumption["items"][2]["date"], "2026-11-02");
  EXPECT_EQ(consumption["items"][2]["voice_out_seconds"], 90);
  EXPECT_EQ(consumption["items"][2]["billable_voice_seconds"], 60);
  EXPECT_EQ(root.get(base + "consumption_metrics?range=current_cycle").json()["total"],
            1);  // own only

  const auto users = root.get(base + "user_metrics?range=current_cycle&include_suborgs=true&limit=1").json();
  ASSERT_EQ(users["total"], 2);
  ASSERT_FALSE(users["next_cursor"].is_null());
  const auto second = root.get(base + "user_metrics?range=current_cycle&include_suborgs=true&limit=1&cursor=" +
                               users["next_cursor"].get<std::string>())
                          .json();
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_NE(users["items"][0]["account_id"], second["items"][0]["account_id"]);
  const auto& ren = users["items"][0]["account_id"] == branch_user ? users["items"][0] : second["items"][0];
  EXPECT_EQ(ren["messages_received"], 2);
  EXPECT_EQ(ren["voice_out_seconds"], 10);

  const auto activities = root.get(base + "activities?range=custom&from=2026-11-02&to=2026-11-02&limit=1").json();
  EXPECT_EQ(activities["total"], 2);
  EXPECT_EQ(activities["items"][0]["id"], "b");  // newest first
  const auto next = root.get(base + "activities?range=custom&from=2026-11-02&to=2026-11-02&limit=1&cursor=" +
                             activities["next_cursor"].get<std::string>())
                        .json();
  EXPECT_EQ(next["items"][0]["id"], "a");
  EXPECT_EQ(next["items"][0]["started_at"], "2026-11-02T01:00:00Z");

  const auto csv = root.get(base + "activities?range=current_cycle&include_suborgs=true&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\r')),
            "id,started_at,account_id,first_name,last_name,multiline_number,org_id,org_name,type,"
            "direction,quantity,billable");
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 5);
  // Every download is itself recorded.
  const auto audit =
      root.get("/api/v1/orgs/" + tokyo + "/reports/admin_activity?range=today&activity_type=download").json();
  ASSERT_GE(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["target_id"], "activities");
}

TEST_F(Usage, EachReportNeedsItsViewOrDownloadPrivilegeAndIngestItsOwn) {
  const auto admin_with = [&](const std::string& email, const nlohmann::json& privileges) {
    const auto role = root.post("/api/v1/orgs/" + tokyo + "/roles", {{"name", email}, {"privileges", privileges}});
    EXPECT_EQ(role.status, 201) << role.body;
    const auto id = server.add_admin(tokyo, email, "some-password-1234");
    EXPECT_EQ(root.patch("/api/v1/admins/" + id, {{"role_id", role.json()["id"]}}).status, 200);
    HttpClient c = server.client();
    EXPECT_EQ(c.sign_in(email, "some-password-1234").status, 200);
    return c;
  };
  for (const std::string report : {"consumption_metrics", "user_metrics", "activities"}) {
    auto viewer = admin_with("view-" + report + "@tokyo.example", {"reports.view." + report});
    auto downloader = admin_with("get-" + report + "@tokyo.example", {"reports.download." + report});
    const std::string path = "/api/v1/orgs/" + tokyo + "/reports/" + report;
    EXPECT_EQ(viewer.get(path).status, 200) << report;
    EXPECT_EQ(viewer.get(path + "?format=csv").status, 403) << report;
    EXPECT_EQ(downloader.get(path + "?format=csv").status, 200) << report;
    EXPECT_EQ(downloader.get(path).status, 403) << report;
    EXPECT_EQ(
        viewer.get("/api/v1/orgs/" + tokyo + "/reports/" + (report == "activities" ? "user_metrics" : "activities"))
            .status,
        403);
    EXPECT_EQ(ingest(viewer, ndjson({call("p", tokyo_user, "2026-11-05T00:00:00Z", 1)})).status, 403);
  }
  auto ingester = admin_with("feed@tokyo.example", {"usage.ingest"});
  EXPECT_EQ(ingest(ingester, ndjson({call("p", tokyo_user, "2026-11-05T00:00:00Z", 1)})).status, 200);
  EXPECT_EQ(ingester.get("/api/v1/orgs/" + tokyo + "/dashboard").status, 403);
}

TEST_F(Usage, DeletingAnOrganizationLeavesItsUsageWithTheParent) {
  ASSERT_EQ(ingest(root, ndjson({call("z", branch_user, "2026-11-06T00:00:00Z", 70)})).status, 200);
  ASSERT_EQ(root.del("/api/v1/accounts/" + branch_user).status, 204);
  ASSERT_EQ(root.del("/api/v1/orgs/" + tokyo_branch).status, 204);
  const auto d = dashboard(tokyo);
  EXPECT_EQ(d["current_cycle"]["billable"]["voice_seconds"], 70);
  EXPECT_EQ(d["all_time"]["billable"]["voice_seconds"], 70);
  const auto activities = root.get("/api/v1/orgs/" + tokyo + "/reports/activities?range=current_cycle").json();
  ASSERT_EQ(activities["total"], 1);
  EXPECT_EQ(activities["items"][0]["org_id"], tokyo);
}

TEST(UsageUploads, LargeUploadsAreSpooledAndLimited) {
  TestServer server{[](app::Config& c) { c.max_usage_bytes = 4096; }};
  HttpClient root = server.root_client();
  const auto org = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Spool"}})
                       .json()["id"]
                       .get<std::string>();
  const auto account =
      root.post("/api/v1/orgs/" + org + "/accounts", {{"login", "s@spool.example"}}).json()["id"].get<std::string>();
  std::string body;
  for (int i = 0; body.size() < 3500; ++i)
    body += call("r" + std::to_string(i), account, "2026-09-20T00:00:00Z", 1).dump() + "\n";
  const auto ok = root.send("POST", "/api/v1/usage", body, "application/x-ndjson");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_GT(ok.json()["stored"].get<int>(), 10);
  body += body;
  const auto too_big = root.send("POST", "/api/v1/usage", body, "application/x-ndjson");
  EXPECT_EQ(too_big.status, 413);
  // A stranger is refused before sending a byte of the body: the answer comes while the
  // server would otherwise still be waiting for the 3,000 bytes announced.
  const auto stranger = raw_exchange(server.port(),
                                     "POST /api/v1/usage HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                                     "Content-Length: 3000\r\n\r\n");
  EXPECT_EQ(stranger.substr(0, 12), "HTTP/1.1 401") << stranger;
  // Other bodies keep their own limit.
  EXPECT_EQ(root.post("/api/v1/orgs/" + org + "/children", {{"name", std::string(5000, 'x')}}).status, 422);
}

}  // namespace
}  // namespace lineport::testing

// Compliance records: the ingest of call recordings, message logs and SMS opt-ins (all or
// nothing, partial, idempotent, refused when the organization or the account did not ask to
// record), message texts sealed at rest, the archivers' feed (ADK): every record once, in ingest
// order, across pages and later ingests, behind its privilege and the caller's scope; and the
// reports: newest first, filtered, exactly counted, each view and download audited.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "domain/compliance/compliance_ingest.h"
#include "storage/database.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

std::string ndjson(const std::vector<nlohmann::json>& records) {
  std::string out;
  for (const auto& r : records) out += r.dump() + "\n";
  return out;
}

nlohmann::json recording(const std::string& id, const std::string& account_id) {
  return {{"id", id},
          {"kind", "call_recording"},
          {"account_id", account_id},
          {"direction", "out"},
          {"peer_number", "+1 415 555 0188"},
          {"started_at", "2026-11-02T09:15:00Z"},
          {"duration_seconds", 184},
          {"media_url", "https://recordings.example/" + id + ".mp3"},
          {"size_bytes", 1472000}};
}

nlohmann::json message(const std::string& id, const std::string& login, const std::string& text) {
  return {{"id", id},
          {"kind", "message_log"},
          {"account", login},
          {"direction", "in"},
          {"peer_number", "+14155550188"},
          {"sent_at", "2026-11-02T09:20:00-03:00"},
          {"channel", "sms"},
          {"text", text},
          {"attachment_urls", {"https://media.example/a.jpg"}}};
}

nlohmann::json opt_in(const std::string& id, const std::string& account_id) {
  return {{"id", id},
          {"kind", "sms_opt_in"},
          {"account_id", account_id},
          {"peer_number", "+14155550188"},
          {"at", "2026-11-02T09:25:00Z"},
          {"opted_in", true},
          {"keyword", "START"}};
}

class Compliance : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    bank = add_child_org(root, server.root_org_id(), "ABC Bank");
    branch = add_child_org(root, bank, "Branch");
    other = add_child_org(root, server.root_org_id(), "Other Corp");
    // The bank records calls and logs messages; its users' default group has every feature.
    EXPECT_EQ(root.patch("/api/v1/orgs/" + bank + "/settings",
                         {{"call_recording_enabled", true}, {"message_logging_enabled", true}})
                  .status,
              200);
    const auto group =
        root.post("/api/v1/orgs/" + server.root_org_id() + "/permission-groups",
                  {{"name", "Recorded"}, {"features", {"voice", "sms", "call_recording", "message_logging"}}});
    EXPECT_EQ(group.status, 201) << group.body;
    recorded = group.json()["id"];
    ana = account(bank, "ana@bank.example");
    bo = account(branch, "bo@bank.example");
    olga = account(other, "olga@other.example");
  }

  std::string account(const std::string& org, const std::string& login) {
    const auto r =
        root.post("/api/v1/orgs/" + org + "/accounts", {{"login", login}, {"permission_group_id", recorded}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  HttpResult ingest(HttpClient& c, const std::string& body, const std::string& query = "",
                    const std::string& type = "application/x-ndjson") {
    return c.send("POST", "/api/v1/compliance/records" + query, body, type);
  }

  // Every record of the feed of `path` for `org`, page by page ("limit" records each) from `since`.
  nlohmann::json pull(HttpClient& c, const std::string& path, const std::string& org, std::string& since,
                      int limit = 1000, bool include_suborgs = true) {
    nlohmann::json all = nlohmann::json::array();
    for (int pages = 0; pages < 100; ++pages) {
      const auto r = c.get(path + "?org_id=" + org + "&limit=" + std::to_string(limit) + "&include_suborgs=" +
                           (include_suborgs ? "true" : "false") + (since.empty() ? "" : "&since=" + since));
      EXPECT_EQ(r.status, 200) << r.body;
      const auto page = r.json();
      since = page["next_cursor"];
      if (page["items"].empty()) return all;
      for (const auto& item : page["items"]) all.push_back(item);
    }
    ADD_FAILURE() << "the feed never ended";
    return all;
  }

  static std::vector<std::string> ids(const nlohmann::json& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i["id"]);
    return out;
  }

  TestServer server;
  HttpClient root{0};
  std::string bank, branch, other, recorded, ana, bo, olga;
};

TEST_F(Compliance, RecordsOfEveryKindAreStoredOnceAndFedToArchiversInIngestOrder) {
  // An account by its login is found whatever the letters' case, like at sign-in.
  auto r = ingest(root, ndjson({recording("rec-1", ana), message("msg-1", "Bo@Bank.example", "Meet at 10, room 4."),
                                opt_in("opt-1", bo), recording("rec-2", bo)}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["received"], 4);
  EXPECT_EQ(r.json()["stored"], 4);
  // Sent again: nothing new (idempotent on the account and the id).
  r = ingest(root, ndjson({recording("rec-1", ana), opt_in("opt-1", bo)}));
  EXPECT_EQ(r.json()["stored"], 0);
  EXPECT_EQ(r.json()["duplicates"], 2);

  std::string since;
  const auto calls = pull(root, "/api/v1/adk/call-recordings", bank, since);
  EXPECT_EQ(ids(calls), (std::vector<std::string>{"rec-1", "rec-2"}));
  EXPECT_EQ(calls[0]["account_id"], ana);
  EXPECT_EQ(calls[0]["login"], "ana@bank.example");
  EXPECT_EQ(calls[0]["peer_number"], "+14155550188");
  EXPECT_EQ(calls[0]["started_at"], "2026-11-02T09:15:00Z");
  EXPECT_EQ(calls[0]["duration_seconds"], 184);
  EXPECT_EQ(calls[0]["media_url"], "https://recordings.example/rec-1.mp3");
  EXPECT_EQ(calls[1]["org_id"], branch);

  std::string message_since;
  const auto messages = pull(root, "/api/v1/adk/message-logs", bank, message_since);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["text"], "Meet at 10, room 4.");
  EXPECT_EQ(messages[0]["text_state"], "present");
  EXPECT_EQ(messages[0]["sent_at"], "2026-11-02T12:20:00Z");
  EXPECT_EQ(messages[0]["attachment_urls"], nlohmann::json({"https://media.example/a.jpg"}));
  std::string opt_since;
  const auto opt_ins = pull(root, "/api/v1/adk/sms-opt-ins", bank, opt_since);
  ASSERT_EQ(opt_ins.size(), 1u);
  EXPECT_EQ(opt_ins[0]["opted_in"], true);
  EXPECT_EQ(opt_ins[0]["keyword"], "START");

  // Only the bank's own, without its branch; another organization sees none of them.
  std::string own;
  EXPECT_EQ(ids(pull(root, "/api/v1/adk/call-recordings", bank, own, 1000, false)),
            (std::vector<std::string>{"rec-1"}));
  std::string others;
  EXPECT_TRUE(pull(root, "/api/v1/adk/call-recordings", other, others).empty());

  // An archiver that is up to date moves past other organizations' records without reading
  // them again: its empty page's cursor jumps to the last committed position.
  const auto before = since;
  ASSERT_EQ(ingest(root, ndjson({opt_in("olga-1", olga), opt_in("olga-2", olga)})).status, 200);
  const auto empty = root.get("/api/v1/adk/call-recordings?org_id=" + bank + "&since=" + since).json();
  EXPECT_TRUE(empty["items"].empty());
  EXPECT_NE(empty["next_cursor"], before);
  since = empty["next_cursor"];

  // The archiver keeps its cursor: what is ingested later arrives, and only that.
  ASSERT_EQ(ingest(root, ndjson({recording("rec-3", ana), recording("rec-4", bo)})).status, 200);
  EXPECT_EQ(ids(pull(root, "/api/v1/adk/call-recordings", bank, since)), (std::vector<std::string>{"rec-3", "rec-4"}));
  EXPECT_TRUE(pull(root, "/api/v1/adk/call-recordings", bank, since).empty());

  // Small pages, and records ingested between two pages, still come once each in order.
  std::string paged;
  auto first = root.get("/api/v1/adk/call-recordings?org_id=" + bank + "&limit=3").json();
  ASSERT_EQ(first["items"].size(), 3u);
  paged = first["next_cursor"];
  ASSERT_EQ(ingest(root, ndjson({recording("rec-5", ana)})).status, 200);
  auto rest = pull(root, "/api/v1/adk/call-recordings", bank, paged, 1);
  std::vector<std::string> seen = ids(first["items"]);
  for (const auto& id : ids(rest)) seen.push_back(id);
  EXPECT_EQ(seen, (std::vector<std::string>{"rec-1", "rec-2", "rec-3", "rec-4", "rec-5"}));

  // Every page an archiver reads is in the audit log.
  const auto audit = root.get("/api/v1/orgs/" + bank + "/reports/admin_activity").json();
  int pages = 0;
  for (const auto& e : audit["items"]) pages += e["action"] == "compliance.adk.call_recording" ? 1 : 0;
  EXPECT_GE(pages, 5);
}

// Uploads of more than a batch are stored by a second thread while the first reads on: the
// outcome must be the same as one thread's, whole and in line order, or nothing at all.
TEST_F(Compliance, ALargeUploadIsStoredWholeInLineOrderOrNotAtAll) {
  std::vector<nlohmann::json> records;
  std::vector<std::string> expected;
  for (int i = 0; i < 6000; ++i) {
    records.push_back(opt_in("big-" + std::to_string(i), i % 2 ? ana : bo));
    expected.push_back("big-" + std::to_string(i));
  }
  auto bad_last = records;
  bad_last.back()["peer_number"] = "not a number";
  // All or nothing: the last line is bad, so none of the 2,999 before it is kept.
  auto r = ingest(root, ndjson(bad_last));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["line"], 6000) << r.body;
  std::string since;
  EXPECT_TRUE(pull(root, "/api/v1/adk/sms-opt-ins", bank, since).empty());
  // Partial: the good ones, once each, fed in line order.
  r = ingest(root, ndjson(bad_last), "?partial=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["received"], 6000);
  EXPECT_EQ(r.json()["stored"], 5999);
  EXPECT_EQ(r.json()["duplicates"], 0);
  EXPECT_EQ(r.json()["rejected"], 1);
  since.clear();
  expected.pop_back();
  EXPECT_EQ(ids(pull(root, "/api/v1/adk/sms-opt-ins", bank, since)), expected);
  // Sent again with the fixed line: only that one is new, and it comes after the others.
  r = ingest(root, ndjson(records));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], 1);
  EXPECT_EQ(r.json()["duplicates"], 5999);
  EXPECT_EQ(ids(pull(root, "/api/v1/adk/sms-opt-ins", bank, since)), std::vector<std::string>{"big-5999"});
}

// A record that fails to be stored in the middle of a large upload (here a trigger refuses it,
// as a full disk or a lost server would) ends the upload with nothing of it kept, whatever the
// reading thread was doing; the next upload is stored as usual.
TEST_F(Compliance, AStoreThatFailsMidUploadKeepsNothingOfIt) {
  const bool sqlite = server.db().backend() == storage::Backend::sqlite;
  server.db().write([&](storage::Connection& c) {
    c.execute_script(sqlite ? "CREATE TRIGGER refuse_one BEFORE INSERT ON sms_opt_ins WHEN NEW.id = 'mid-2500' "
                              "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
                            : "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN IF NEW.id = 'mid-2500' THEN "
                              "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
                              "CREATE TRIGGER refuse_one BEFORE INSERT ON sms_opt_ins FOR EACH ROW EXECUTE FUNCTION "
                              "refuse_one();");
  });
  // After the failing record the upload names an account not looked up yet (olga), so the
  // reading thread uses the connection after the store failed.
  std::vector<nlohmann::json> records;
  for (int i = 0; i < 6000; ++i) records.push_back(opt_in("mid-" + std::to_string(i), i < 4000 ? ana : olga));
  const auto r = ingest(root, ndjson(records));
  EXPECT_EQ(r.status, 500) << r.body;
  std::string since;
  EXPECT_TRUE(pull(root, "/api/v1/adk/sms-opt-ins", server.root_org_id(), since).empty());
  server.db().write([&](storage::Connection& c) {
    c.execute_script(sqlite ? "DROP TRIGGER refuse_one;" : "DROP TRIGGER refuse_one ON sms_opt_ins;");
  });
  const auto again = ingest(root, ndjson(records));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["stored"], 6000);
  EXPECT_EQ(pull(root, "/api/v1/adk/sms-opt-ins", server.root_org_id(), since).size(), 6000u);
}

TEST_F(Compliance, WhatTheCustomerDidNotAskToRecordIsRefusedByLine) {
  // Other Corp has recording off; a group without message_logging in the bank.
  const auto group = root.post("/api/v1/orgs/" + bank + "/permission-groups",
                               {{"name", "Calls only"}, {"features", {"voice", "call_recording"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  ASSERT_EQ(root.patch("/api/v1/accounts/" + bo, {{"permission_group_id", group.json()["id"]}}).status, 200);
  auto r = ingest(root, ndjson({recording("r-ok", ana), recording("r-off", olga),
                                message("m-nofeature", "bo@bank.example", "hi"), opt_in("o-any", olga)}));
  ASSERT_EQ(r.status, 422) << r.body;
  const auto body = r.json();
  ASSERT_EQ(body["errors"].size(), 2u) << r.body;
  EXPECT_EQ(body["errors"][0]["line"], 2);
  EXPECT_EQ(body["errors"][0]["field"], "kind");
  EXPECT_NE(body["errors"][0]["message"].get<std::string>().find("Call recording is turned off"), std::string::npos);
  EXPECT_EQ(body["errors"][1]["line"], 3);
  EXPECT_NE(body["errors"][1]["message"].get<std::string>().find("message_logging"), std::string::npos);
  std::string since;
  EXPECT_TRUE(pull(root, "/api/v1/adk/call-recordings", server.root_org_id(), since).empty());  // nothing stored

  // Partial: the good ones are kept, the refused ones listed.
  r = ingest(root, ndjson({recording("r-ok", ana), recording("r-off", olga), opt_in("o-any", olga)}), "?partial=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], 2);
  EXPECT_EQ(r.json()["rejected"], 1);
  EXPECT_EQ(r.json()["errors"][0]["line"], 2);

  // Recording turned off later: a re-sent batch is still idempotent (what was stored is a
  // duplicate), while a new recording is refused.
  ASSERT_EQ(root.patch("/api/v1/orgs/" + bank + "/settings", {{"call_recording_enabled", false}}).status, 200);
  r = ingest(root, ndjson({recording("r-ok", ana)}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["duplicates"], 1);
  EXPECT_EQ(ingest(root, ndjson({recording("r-new", ana)})).status, 422);
}

TEST_F(Compliance, BadRecordsAreRefusedNamingLineFieldAndValue) {
  auto bad_kind = recording("r1", ana);
  bad_kind["kind"] = "video";
  auto foreign_field = recording("r2", ana);
  foreign_field["channel"] = "sms";
  auto two_accounts = opt_in("o1", ana);
  two_accounts["multiline_number"] = "+12125550123";
  auto no_text = message("m1", "ana@bank.example", "x");
  no_text.erase("text");
  no_text.erase("attachment_urls");
  auto bad_url = recording("r3", ana);
  bad_url["media_url"] = "javascript:alert(1)";
  auto private_text = recording("r5", ana);
  private_text["text"] = "Account 7734-ZEBRA";  // not a call recording's field: refused, never repeated
  auto long_id = recording(std::string(300, 'x'), ana);
  auto spaced_attachment = message("m2", "ana@bank.example", "x");  // would read as two addresses
  spaced_attachment["attachment_urls"] = {"https://media.example/a.jpg https://media.example/b.jpg"};
  const auto r =
      ingest(root, ndjson({bad_kind, foreign_field, two_accounts, no_text, bad_url, recording("r4", "nobody")}) +
                       "{\"id\": \"x\", \"kind\": \"call_recording\", \"colour\": \"red\"}\n" +
                       ndjson({private_text, long_id, spaced_attachment}));
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::pair<int, std::string>> where;
  const auto body = r.json();
  for (const auto& e : body["errors"]) where.insert({e["line"].get<int>(), e["field"].get<std::string>()});
  EXPECT_TRUE(where.contains({1, "kind"}));
  EXPECT_TRUE(where.contains({2, "channel"}));
  EXPECT_TRUE(where.contains({3, "account_id"}));
  EXPECT_TRUE(where.contains({4, "text"}));
  EXPECT_TRUE(where.contains({5, "media_url"}));
  EXPECT_TRUE(where.contains({6, "account_id"}));
  EXPECT_TRUE(where.contains({7, "colour"}));
  EXPECT_TRUE(where.contains({8, "text"}));
  EXPECT_TRUE(where.contains({10, "attachment_urls"}));
  EXPECT_EQ(r.body.find("ZEBRA"), std::string::npos);
  for (const auto& e : body["errors"])
    if (e["line"] == 9) {
      EXPECT_LE(e["value"].get<std::string>().size(), 110u) << e.dump();
    }

  // CSV with the template's header: the same records.
  const auto csv = root.get("/api/v1/compliance/template.csv");
  ASSERT_EQ(csv.status, 200);
  const auto header = csv.body.substr(0, csv.body.find('\n') + 1);
  EXPECT_EQ(header,
            "id,kind,account_id,multiline_number,account,direction,peer_number,started_at,duration_seconds,media_url,"
            "size_bytes,sent_at,channel,text,attachment_urls,at,opted_in,keyword\r\n");
  const auto ok = ingest(root,
                         header + "c1,call_recording," + ana +
                             ",,,out,+14155550188,2026-11-02T09:15:00Z,60,https://r.example/c1.mp3,1000,,,,,,,\n" +
                             "c2,message_log,,,ana@bank.example,in,+14155550188,,,,,2026-11-02T09:15:00Z,whatsapp,"
                             "\"Hello, world\",https://m.example/1.jpg https://m.example/2.jpg,,,\n",
                         "", "text/csv");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["stored"], 2);
  std::string since;
  const auto messages = pull(root, "/api/v1/adk/message-logs", bank, since);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["text"], "Hello, world");
  EXPECT_EQ(messages[0]["attachment_urls"].size(), 2u);
}

TEST_F(Compliance, MessageTextsAreNotReadableInTheDatabase) {
  const std::string secret_text = "Transfer 5000 to account 7734-ZEBRA";
  ASSERT_EQ(ingest(root, ndjson({message("m-secret", "ana@bank.example", secret_text)})).status, 200);
  const auto sealed = server.db().read([](storage::Connection& c) {
    return c.query({"test.sealed", "SELECT text_sealed FROM message_logs"}).one().text(0);
  });
  EXPECT_EQ(sealed.find("ZEBRA"), std::string::npos);
  EXPECT_GT(sealed.size(), secret_text.size());
  if (server.db().backend() == storage::Backend::sqlite) {
    // Nowhere in the database's files either (the main file and its write-ahead log).
    const std::string path = server.db_url().substr(std::string("sqlite://").size());
    for (const auto& file : {path, path + "-wal"}) {
      if (!std::filesystem::exists(file)) continue;
      std::ifstream in(file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      EXPECT_EQ(bytes.str().find("7734-ZEBRA"), std::string::npos) << file;
    }
  }
  std::string since;
  EXPECT_EQ(pull(root, "/api/v1/adk/message-logs", bank, since)[0]["text"], secret_text);
}

// A text is kept for the retention its organization had when it arrived, then erased; the record
// itself stays.
TEST_F(Compliance, MessageTextsAreErasedAfterTheRetention) {
  ASSERT_EQ(root.patch("/api/v1/orgs/" + branch + "/settings", {{"recording_retention_days", 30}}).status, 200);
  auto old_message = message("m-old", "bo@bank.example", "Erase me");
  old_message["sent_at"] = to_rfc3339(server.clock().now() - days(29));
  auto kept = message("m-kept", "ana@bank.example", "Keep me");
  kept["sent_at"] = to_rfc3339(server.clock().now() - days(29));
  auto late = message("m-late", "bo@bank.example", "Too late");  // past its retention when it arrives
  late["sent_at"] = to_rfc3339(server.clock().now() - days(31));
  ASSERT_EQ(ingest(root, ndjson({old_message, kept, late})).status, 200);
  EXPECT_EQ(compliance::erase_expired_texts(server.db(), server.clock().now()), 0);
  server.clock().advance(days(2));
  EXPECT_EQ(compliance::erase_expired_texts(server.db(), server.clock().now()), 1);
  EXPECT_EQ(compliance::erase_expired_texts(server.db(), server.clock().now()), 0);
  root = server.root_client();
  std::string since;
  const auto messages = pull(root, "/api/v1/adk/message-logs", bank, since);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_TRUE(messages[0]["text"].is_null());
  EXPECT_EQ(messages[0]["text_state"], "erased");
  EXPECT_EQ(messages[0]["attachment_urls"].size(), 1u);
  EXPECT_EQ(messages[1]["text"], "Keep me");  // the bank keeps texts 7 years
  EXPECT_EQ(messages[2]["id"], "m-late");
  EXPECT_EQ(messages[2]["text_state"], "erased");
}

TEST_F(Compliance, TheFeedNeedsItsPrivilegeTheCallersScopeAndGoodParameters) {
  ASSERT_EQ(ingest(root, ndjson({recording("rec-1", ana)})).status, 200);
  HttpClient archiver = server.admin_with_privileges(bank, {"reports.adk.call_recording"}, "archiver@bank.example");
  EXPECT_EQ(archiver.get("/api/v1/adk/call-recordings?org_id=" + bank).status, 200);
  EXPECT_EQ(archiver.get("/api/v1/adk/call-recordings").json()["items"].size(), 1u);  // its own organization
  EXPECT_EQ(archiver.get("/api/v1/adk/message-logs?org_id=" + bank).status, 403);
  EXPECT_EQ(archiver.get("/api/v1/adk/call-recordings?org_id=" + other).status, 404);
  EXPECT_EQ(archiver.get("/api/v1/adk/call-recordings?org_id=" + server.root_org_id()).status, 404);
  EXPECT_EQ(ingest(archiver, ndjson({recording("rec-2", ana)})).status, 403);  // ingest needs usage.ingest
  for (const auto* query : {"&limit=0", "&limit=1001", "&limit=ten", "&since=bogus", "&include_suborgs=yes"})
    EXPECT_EQ(archiver.get("/api/v1/adk/call-recordings?org_id=" + bank + query).status, 422) << query;
  EXPECT_EQ(server.client().get("/api/v1/adk/call-recordings").status, 401);
}

// ---- The reports -------------------------------------------------------------------------------

class ComplianceReports : public Compliance {
 protected:
  // A call of `account` `hours_ago` hours before now, with `peer`.
  nlohmann::json call(const std::string& id, const std::string& account_id, double hours_ago,
                      const std::string& peer = "+14155550188") {
    auto r = recording(id, account_id);
    r["started_at"] = to_rfc3339(server.clock().now() - static_cast<UnixSeconds>(hours_ago * 3600));
    r["peer_number"] = peer;
    return r;
  }

  std::string report(const std::string& name, const std::string& org, const std::string& query) {
    return "/api/v1/orgs/" + org + "/reports/" + name + "?" + query;
  }

  // Every row of a report, page by page, checking that each page says the same total.
  nlohmann::json all_rows(HttpClient& c, const std::string& path, std::int64_t& total, int limit = 2) {
    nlohmann::json rows = nlohmann::json::array();
    std::string cursor;
    for (int pages = 0; pages < 200; ++pages) {
      const auto r = c.get(path + "&limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      const auto page = r.json();
      if (pages == 0) total = page["total"];
      EXPECT_EQ(page["total"], total);
      for (const auto& item : page["items"]) rows.push_back(item);
      if (page["next_cursor"].is_null()) return rows;
      cursor = page["next_cursor"];
    }
    ADD_FAILURE() << "the report never ended";
    return rows;
  }

  std::vector<nlohmann::json> audit_entries(const std::string& action) {
    return server.db().read([&](storage::Connection& c) {
      std::vector<nlohmann::json> out;
      for (const auto& row : c.query({"test.audit",
                                      "SELECT target_id, changes FROM audit_log WHERE action = $1 "
                                      "ORDER BY seq"},
                                     {action})
                                 .rows)
        out.push_back({{"report", row.text(0)}, {"details", nlohmann::json::parse(row.text(1))}});
      return out;
    });
  }
};

TEST_F(ComplianceReports, RecordsNewestFirstFilteredByRangeSubtreeAccountAndPeerExactlyCounted) {
  ASSERT_EQ(ingest(root, ndjson({call("a-1", ana, 20), call("b-1", bo, 30), call("a-2", ana, 50, "+14155550199"),
                                 call("a-old", ana, 24 * 30)}))
                .status,
            200);
  std::int64_t total = 0;
  // The organization alone: the branch's call is not in it; the old one is outside the range.
  auto rows = all_rows(root, report("call_recording", bank, "range=last_7_days"), total);
  EXPECT_EQ(ids(rows), (std::vector<std::string>{"a-1", "a-2"}));
  EXPECT_EQ(total, 2);
  EXPECT_EQ(rows[0]["login"], "ana@bank.example");
  EXPECT_EQ(rows[0]["org_name"], "ABC Bank");
  EXPECT_EQ(rows[0]["media_url"], "https://recordings.example/a-1.mp3");
  EXPECT_EQ(rows[0]["duration_seconds"], 184);
  // With the subtree, newest first across organizations.
  rows = all_rows(root, report("call_recording", bank, "range=last_7_days&include_suborgs=true"), total);
  EXPECT_EQ(ids(rows), (std::vector<std::string>{"a-1", "b-1", "a-2"}));
  EXPECT_EQ(total, 3);
  EXPECT_EQ(rows[1]["org_name"], "Branch");
  // One account, by login (any case), id or number; one peer; both.
  rows = all_rows(
      root, report("call_recording", bank, "range=last_7_days&include_suborgs=true&account=ANA@bank.example"), total);
  EXPECT_EQ(ids(rows), (std::vector<std::string>{"a-1", "a-2"}));
  EXPECT_EQ(total, 2);
  rows = all_rows(root, report("call_recording", bank, "range=last_7_days&account=" + bo), total);
  EXPECT_EQ(total, 0);  // bo's calls are the branch's
  rows = all_rows(
      root, report("call_recording", bank, "range=last_7_days&include_suborgs=true&peer_number=%2B14155550199"), total);
  EXPECT_EQ(ids(rows), (std::vector<std::string>{"a-2"}));
  EXPECT_EQ(total, 1);
  rows = all_rows(root,
                  report("call_recording", bank,
                         "range=last_7_days&include_suborgs=true&account=" + ana + "&peer_number=%2B14155550188"),
                  total);
  EXPECT_EQ(ids(rows), (std::vector<std::string>{"a-1"}));
  // A longer range finds the old call.
  const auto from = to_rfc3339(server.clock().now() - days(40)).substr(0, 10);
  const auto to = to_rfc3339(server.clock().now()).substr(0, 10);
  rows = all_rows(root, report("call_recording", bank, "include_suborgs=true&from=" + from + "&to=" + to), total);
  EXPECT_EQ(total, 4);
  EXPECT_EQ(ids(rows).back(), "a-old");
  // A peer number not written in E.164 is refused, saying how to write it.
  const auto bad = root.get(report("call_recording", bank, "peer_number=4155550199"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "peer_number") << bad.body;
}

// The total adds counters of whole UTC days and hours and counts the minutes left over: in a time
// zone half an hour off UTC every part is used, and the total is the number of rows.
TEST_F(ComplianceReports, TotalsAreExactInAnyTimeZone) {
  ASSERT_EQ(root.patch("/api/v1/orgs/" + bank + "/settings", {{"timezone", "Asia/Kolkata"}}).status, 200);
  std::vector<nlohmann::json> calls;
  for (int i = 0; i < 400; ++i)  // one every 25 minutes, over the last 7 days and before
    calls.push_back(call("c-" + std::to_string(i), i % 3 ? ana : bo, i * 25.0 / 60));
  ASSERT_EQ(ingest(root, ndjson(calls)).status, 200);
  for (const auto* query : {"range=last_7_days", "range=today", "range=current_cycle", "range=last_cycle"}) {
    for (const auto* subtree : {"&include_suborgs=true", "&include_suborgs=false"}) {
      std::int64_t total = -1;
      const auto rows = all_rows(root, report("call_recording", bank, std::string(query) + subtree), total, 100);
      EXPECT_EQ(total, static_cast<std::int64_t>(rows.size())) << query << subtree;
      std::set<std::string> unique;
      for (const auto& row : rows) unique.insert(row["id"].get<std::string>());
      EXPECT_EQ(unique.size(), rows.size()) << query << subtree;
    }
  }
}

TEST_F(ComplianceReports, MessageTextsShowToViewersAndEveryViewAndDownloadIsAudited) {
  auto m = message("m-1", "ana@bank.example", "Meet at 10, \"room 4\".");
  m["sent_at"] = to_rfc3339(server.clock().now() - 3600);
  m["attachment_urls"] = {"https://media.example/a.jpg", "https://media.example/b.jpg"};
  auto o = opt_in("o-1", bo);
  o["at"] = to_rfc3339(server.clock().now() - 7200);
  ASSERT_EQ(ingest(root, ndjson({m, o})).status, 200);

  HttpClient viewer = server.admin_with_privileges(bank, {"reports.view.message_logging"}, "viewer@bank.example");
  auto r = viewer.get(report("message_logging", bank, "range=today&account=ana@bank.example"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto row = r.json()["items"][0];
  EXPECT_EQ(row["text"], "Meet at 10, \"room 4\".");
  EXPECT_EQ(row["text_state"], "present");
  EXPECT_EQ(row["channel"], "sms");
  EXPECT_EQ(row["attachment_urls"].size(), 2u);
  // Viewing is not downloading, and one report's privilege is not another's.
  EXPECT_EQ(viewer.get(report("message_logging", bank, "range=today&format=csv")).status, 403);
  EXPECT_EQ(viewer.get(report("sms_opt_in", bank, "range=today")).status, 403);
  EXPECT_EQ(viewer.get(report("message_logging", other, "range=today")).status, 404);
  EXPECT_EQ(server.client().get(report("message_logging", bank, "range=today")).status, 401);

  HttpClient officer = server.admin_with_privileges(
      bank, {"reports.download.message_logging", "reports.download.sms_opt_in"}, "officer@bank.example");
  r = officer.get(report("message_logging", bank, "range=today"));
  EXPECT_EQ(r.status, 403);  // downloading is not viewing either
  r = officer.get(report("message_logging", bank, "range=today&format=csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::istringstream csv(r.body);
  std::string header, line;
  std::getline(csv, header);
  std::getline(csv, line);
  EXPECT_EQ(header,
            "id,account_id,login,first_name,last_name,multiline_number,org_id,org_name,sent_at,direction,peer_number,"
            "channel,text,text_state,attachment_urls,ingested_at\r");
  EXPECT_NE(line.find("\"Meet at 10, \"\"room 4\"\".\""), std::string::npos) << line;
  EXPECT_NE(line.find("https://media.example/a.jpg https://media.example/b.jpg"), std::string::npos) << line;
  r = officer.get(report("sms_opt_in", bank, "range=today&include_suborgs=true&format=csv"));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("o-1,"), std::string::npos);
  EXPECT_NE(r.body.find(",true,START,"), std::string::npos) << r.body;

  // Who looked at whose records: the view with its filter and how many records it showed, and
  // each download.
  const auto views = audit_entries("report.view");
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0]["report"], "message_logging");
  EXPECT_EQ(views[0]["details"]["account"], "ana@bank.example");
  EXPECT_EQ(views[0]["details"]["records"], 1);
  const auto downloads = audit_entries("report.download");
  ASSERT_EQ(downloads.size(), 2u);
  EXPECT_EQ(downloads[1]["report"], "sms_opt_in");
  EXPECT_EQ(downloads[1]["details"]["include_suborgs"], true);
}

}  // namespace
}  // namespace lineport::testing

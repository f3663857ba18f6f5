// The administrators activity report's totals and pages, on both backends: the totals summed from
// the counters of migration 0027 (days, hours and the minutes left over) and the pages read along
// the organizations' indexes (merged for a subtree) against a plain count and sort of the audit
// log, for organizations in time zones a whole and a half hour off UTC, with each filter, across
// UTC day boundaries, before and after entries are deleted.

#include "domain/reports/admin_activity.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "support/carrier.h"
#include "support/test_database.h"

namespace lineport::testing {
namespace {

// The report's filter written plainly: the organization or its subtree, the range, each filter.
constexpr storage::Query plain_matches{
    "test.activity_matches",
    "SELECT seq FROM audit_log WHERE (org_id = $1 OR ($2 = 1 AND org_id IN "
    "(SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) AND at >= $3 AND at < $4 "
    "AND ($5 = '' OR activity_type = $5) AND ($6 = '' OR actor_id = $6) AND ($7 = '' OR action = $7) "
    "ORDER BY at DESC, seq DESC"};
constexpr storage::Query delete_entries{"test.delete_entries", "DELETE FROM audit_log WHERE seq % 7 = 3"};

const RequestMeta meta{"127.0.0.1", "test"};

struct Event {
  const char* action;
  audit::Activity activity;
};
constexpr Event events[] = {{"account.create", audit::Activity::write},
                            {"auth.login", audit::Activity::portal_access},
                            {"report.view", audit::Activity::view},
                            {"org.update", audit::Activity::write},
                            {"report.download", audit::Activity::download}};

class AdminActivity : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto carrier = initialize_carrier(db.db(), clock);
    who = carrier.root_admin;
    root = carrier.root_org_id;
    india = add(root, "India", "Asia/Kolkata");
    mumbai = add(india, "Mumbai", "");
    york = add(root, "New York", "America/New_York");
    tokyo = add(york, "Tokyo", "Asia/Tokyo");
    write_entries();
  }

  std::string add(const std::string& parent, const std::string& name, const std::string& tz) {
    auto settings = nlohmann::json::object();
    if (!tz.empty()) settings["timezone"] = tz;
    return orgs::OrgService(db.db(), clock).create_child(who, parent, {name, "", settings}, meta).id;
  }

  // 700 entries 9 min 37 s apart (four and a half days): every organization, event and
  // administrator in turn, so each UTC day and hour holds several of each.
  void write_entries() {
    const std::string orgs[] = {root, india, mumbai, york, tokyo};
    for (int i = 0; i < 700; ++i) {
      clock.advance(577);
      const auto& event = events[i % 5];
      const audit::Actor actor{admins[i % 3], admins[i % 3] + "@carrier.example"};
      db.db().write([&](storage::Connection& c) {
        audit::append(c, clock, actor, meta, {orgs[(i / 2) % 5], event.action, event.activity, "org", root, {}});
      });
    }
  }

  std::vector<std::int64_t> expected(const reports::ReportQuery& q) {
    return db.db().read([&](storage::Connection& c) {
      const auto tz = orgs::effective_value(c, q.org_id, "timezone").get<std::string>();
      const auto range = reports::resolve_range(q, tz, clock.now());
      std::vector<std::int64_t> seqs;
      for (const auto& row : c.query(plain_matches, {q.org_id, q.include_suborgs ? 1 : 0, range.from, range.to,
                                                     q.activity_type, q.admin_id, q.event})
                                 .rows)
        seqs.push_back(row.integer(0));
      return seqs;
    });
  }

  // Every page of the report, `limit` at a time, against the plain statement. Each total is the
  // whole filter's as it is then: the first page records its view, which the next pages count.
  void expect_report(const reports::ReportQuery& q, int limit) {
    const auto want = expected(q);
    std::vector<std::int64_t> got;
    PageRequest request{limit, std::nullopt};
    for (int pages = 0; pages < 200; ++pages) {
      const auto total = static_cast<std::int64_t>(pages == 0 ? want.size() : expected(q).size());
      const auto page = report.page(who, q, request, meta);
      EXPECT_EQ(page.total, total) << describe(q) << " page " << pages;
      for (const auto& row : page.items) got.push_back(row.seq);
      if (!page.next_cursor) break;
      request.cursor = page.next_cursor;
    }
    EXPECT_EQ(got, want) << describe(q);
  }

  static std::string describe(const reports::ReportQuery& q) {
    return q.org_id + (q.include_suborgs ? " and below" : "") + " range " + q.range.value_or("custom") + " " +
           q.from.value_or("") + ".." + q.to.value_or("") + " activity " + q.activity_type + " admin " + q.admin_id +
           " event " + q.event;
  }

  // Every organization alone and with its subtree, over several ranges, with each filter.
  void expect_every_report() {
    std::vector<reports::ReportQuery> ranges;
    for (const char* name : {"today", "last_7_days", "current_cycle"}) {
      reports::ReportQuery q;
      q.range = name;
      ranges.push_back(q);
    }
    reports::ReportQuery custom;
    custom.from = custom.to = "2026-09-22";  // one local day in the middle of the entries
    ranges.push_back(custom);
    custom.to = "2026-09-23";
    ranges.push_back(custom);
    for (const auto& org : {root, india, mumbai, york, tokyo})
      for (const bool subtree : {false, true})
        for (auto q : ranges) {
          q.org_id = org;
          q.include_suborgs = subtree;
          expect_report(q, 50);
          auto filtered = q;
          filtered.activity_type = "write";
          expect_report(filtered, 50);
          filtered = q;
          filtered.admin_id = admins[1];
          expect_report(filtered, 50);
          filtered.event = "report.view";
          expect_report(filtered, 50);
          filtered = q;
          filtered.event = "auth.login";
          expect_report(filtered, 50);
        }
  }

  TestDatabase db;
  // 2026-09-20T10:00:00Z, the entries then run to 2026-09-24.
  ManualClock clock{1'789'898'400};
  audit::GroupAppender views{db.db(), clock};
  reports::AdminActivityReport report{db.db(), clock, views};
  auth::Principal who;
  std::string root, india, mumbai, york, tokyo;
  const std::string admins[3] = {"admin-a", "admin-b", "admin-c"};
};

TEST_F(AdminActivity, TotalsAndPagesAgreeWithTheLogInEveryTimeZoneAndFilter) {
  expect_every_report();
}

TEST_F(AdminActivity, PagesOfAFewEntriesWalkTheWholeSubtreeInOrder) {
  for (const auto& org : {root, india, york}) {
    reports::ReportQuery q;
    q.org_id = org;
    q.include_suborgs = true;
    q.range = "last_7_days";
    expect_report(q, 7);
    q.event = "report.download";
    expect_report(q, 3);
  }
}

TEST_F(AdminActivity, TotalsFollowDeletedEntries) {
  db.db().write([&](storage::Connection& c) { c.execute(delete_entries); });
  expect_every_report();
}

TEST_F(AdminActivity, ACursorOfAnotherListIsRefused) {
  reports::ReportQuery q;
  q.org_id = root;
  EXPECT_THROW(report.page(who, q, {10, encode_cursor({"12"})}, meta), DomainError);
  EXPECT_THROW(report.page(who, q, {10, encode_cursor({"x", "12"})}, meta), DomainError);
}

}  // namespace
}  // namespace lineport::testing

// The organization tree and the audit chain at the storage level, on both backends.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "domain/audit/audit_log.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "support/carrier.h"
#include "support/test_database.h"

namespace lineport::testing {
namespace {

class OrgTree : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto carrier = initialize_carrier(db.db(), clock);
    root = carrier.root_org_id;
    who = carrier.root_admin;
  }

  std::string add(const std::string& parent, const std::string& name) {
    return db.db().write([&](storage::Connection& c) {
      return service.insert_child(c, parent, {name, "", nlohmann::json::object()});
    });
  }

  TestDatabase db;
  ManualClock clock{1'790'000'000};
  orgs::OrgService service{db.db(), clock};
  std::string root;
  auth::Principal who;
};

TEST_F(OrgTree, SubtreeMembershipIsAnIndexLookupAtAnyDepth) {
  std::string parent = root;
  std::vector<std::string> chain{root};
  for (int depth = 1; depth <= 12; ++depth) chain.push_back(parent = add(parent, "Level " + std::to_string(depth)));
  const auto side = add(root, "Side");
  db.db().read([&](storage::Connection& c) {
    EXPECT_TRUE(orgs::in_scope(c, chain[3], chain[12]));
    EXPECT_TRUE(orgs::in_scope(c, chain[5], chain[5]));
    EXPECT_FALSE(orgs::in_scope(c, chain[12], chain[3]));
    EXPECT_FALSE(orgs::in_scope(c, chain[1], side));
  });
  const auto deep = service.get(who, chain[12]);
  EXPECT_EQ(deep.path.size(), 13u);
  EXPECT_EQ(deep.path.front().id, root);
}

TEST_F(OrgTree, ConcurrentCreatesOfOneNameLetExactlyOneWin) {
  std::atomic<int> created{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      try {
        service.create_child(who, root, {"Same Name", "", nlohmann::json::object()}, {"127.0.0.1", "r"});
        ++created;
      } catch (const DomainError& e) {
        if (e.code() == ErrorCode::name_taken || e.code() == ErrorCode::conflict) ++refused;
      } catch (const storage::DatabaseError& e) {
        if (e.kind() == storage::DatabaseError::Kind::unique_violation) ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 5);
}

TEST_F(OrgTree, SettingsResolveThroughAncestors) {
  const auto a = add(root, "A");
  const auto b = add(a, "B");
  db.db().write([&](storage::Connection& c) { orgs::write_own_settings(c, a, {{"language", "es"}}); });
  db.db().read([&](storage::Connection& c) {
    EXPECT_EQ(orgs::effective_value(c, b, "language"), "es");
    EXPECT_EQ(orgs::effective_value(c, b, "utilization_threshold_pct"), 80);
    EXPECT_EQ(orgs::effective_value(c, root, "language"), "en");
  });
}

TEST_F(OrgTree, DeletingASubtreeRemovesItsLinks) {
  const auto a = add(root, "A");
  add(add(a, "B"), "C");
  service.remove(who, a, {"127.0.0.1", "r"});
  const auto links = db.db().read([&](storage::Connection& c) {
    return c.query({"test.links", "SELECT COUNT(*) FROM org_closure"}).one().integer(0);
  });
  EXPECT_EQ(links, 1);  // only the root's link to itself
  EXPECT_TRUE(audit::verify(db.db()).ok);
}

TEST_F(OrgTree, ChildrenPagesCoverEveryChildOnce) {
  for (int i = 0; i < 37; ++i) add(root, "Org " + std::to_string(1000 + i));
  std::set<std::string> seen;
  PageRequest page{10, std::nullopt};
  for (int guard = 0; guard < 10; ++guard) {
    auto result = service.children(who, root, page);
    EXPECT_EQ(result.total, 37);
    for (const auto& o : result.items) EXPECT_TRUE(seen.insert(o.id).second);
    if (!result.next_cursor) break;
    page.cursor = result.next_cursor;
  }
  EXPECT_EQ(seen.size(), 37u);
}

TEST_F(OrgTree, AuditAppendsFromManyThreadsKeepOneUnbrokenChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) add(root, "T" + std::to_string(t) + "-" + std::to_string(i));
      for (int i = 0; i < 10; ++i)
        db.db().write([&](storage::Connection& c) {
          audit::append(c, clock, {"x", "x@example.com"}, {"127.0.0.1", "r"},
                        {root, "test.event", audit::Activity::write, "org", root, {{"i", i}}});
        });
    });
  }
  for (auto& th : threads) th.join();
  const auto result = audit::verify(db.db());
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.entries, 41);  // init + 40
}

// Reports record their views through a GroupAppender: each caller's entry is committed when
// append returns, whichever thread wrote its group, and the chain stays whole beside the
// entries other writers append in their own transactions.
TEST_F(OrgTree, GroupedAuditEntriesAreCommittedWhenAppendReturns) {
  audit::GroupAppender views{db.db(), clock};
  const storage::Query entries_of_request{"test.entries_of_request",
                                          "SELECT count(*) FROM audit_log WHERE request_id = $1"};
  std::atomic<int> missing = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const auto request = "view-" + std::to_string(t) + "-" + std::to_string(i);
        views.append({"x", "x@example.com"}, {"127.0.0.1", request},
                     {root, "report.view", audit::Activity::view, "report", "administrators", {}});
        const auto found = db.db().read(
            [&](storage::Connection& c) { return c.query(entries_of_request, {request}).one().integer(0); });
        if (found != 1) ++missing;
        if (i % 5 == 0)
          db.db().write([&](storage::Connection& c) {
            audit::append(c, clock, {"x", "x@example.com"}, {"127.0.0.1", "write"},
                          {root, "test.event", audit::Activity::write, "org", root, {{"i", i}}});
          });
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(missing, 0);
  const auto result = audit::verify(db.db());
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.entries, 1 + 8 * 25 + 8 * 5);  // init, the views, the writes
}

}  // namespace
}  // namespace lineport::testing

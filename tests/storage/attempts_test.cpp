// Tries taken before they are checked (docs/security.md#counting-failures), on both databases:
// tries taken at once on separate connections, as several servers take them, stop at the failures
// the subject has left; a try let go makes room again; a server killed during a check holds its
// try for a minute at most; a growing block lets one try at a time past the limit.

#include "domain/auth/attempts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/test_database.h"

namespace lineport::testing {
namespace {

using auth::attempt_rules::activation;
using auth::attempt_rules::sign_in;

constexpr UnixSeconds now = 1'790'000'000;
constexpr const char* ana = "ana@bank.example";

auth::TakenTry take(TestDatabase& db, const auth::AttemptRule& rule, UnixSeconds at, const char* subject = ana) {
  return db.db().write([&](storage::Connection& c) { return auth::take_try(c, rule, subject, at); });
}

void fail(TestDatabase& db, const auth::AttemptRule& rule, UnixSeconds at) {
  db.db().write([&](storage::Connection& c) {
    auth::let_go(c, rule, ana);
    auth::count_failure(c, rule, ana, at);
  });
}

TEST(Attempts, TriesTakenAtOnceOnSeparateConnectionsStopAtTheLimit) {
  TestDatabase db;
  std::atomic<int> taken = 0;
  std::vector<std::thread> servers;
  for (int i = 0; i < 16; ++i)
    servers.emplace_back([&] {
      if (take(db, sign_in, now).taken) ++taken;
    });
  for (auto& t : servers) t.join();
  EXPECT_EQ(taken, sign_in.max_failures);
  // Busy, not blocked: the tries in flight may all be right.
  const auto busy = take(db, sign_in, now);
  EXPECT_FALSE(busy.taken);
  EXPECT_EQ(busy.blocked, 0);
  // Another subject is not held up.
  EXPECT_TRUE(take(db, sign_in, now, "bo@bank.example").taken);
}

TEST(Attempts, FailuresAndTriesInFlightShareTheLimit) {
  TestDatabase db;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(take(db, sign_in, now).taken);
    fail(db, sign_in, now);
  }
  EXPECT_TRUE(take(db, sign_in, now).taken);
  EXPECT_TRUE(take(db, sign_in, now).taken);
  EXPECT_FALSE(take(db, sign_in, now).taken);  // 3 failures and 2 in flight
  // One of them was right: let go, it makes room for one more.
  db.db().write([&](storage::Connection& c) { auth::let_go(c, sign_in, ana); });
  EXPECT_TRUE(take(db, sign_in, now).taken);
  // The other two are wrong: the fifth failure blocks, and a blocked subject takes no try.
  fail(db, sign_in, now);
  fail(db, sign_in, now);
  const auto blocked = take(db, sign_in, now + 1);
  EXPECT_FALSE(blocked.taken);
  EXPECT_GT(blocked.blocked, 0);
}

TEST(Attempts, ATryNeverLetGoCountsForAMinuteAtMost) {
  TestDatabase db;
  for (int i = 0; i < sign_in.max_failures; ++i) ASSERT_TRUE(take(db, sign_in, now).taken);
  EXPECT_FALSE(take(db, sign_in, now + auth::try_seconds - 1).taken);
  // Their server was killed during the checks: a minute later they count nothing.
  EXPECT_TRUE(take(db, sign_in, now + auth::try_seconds + 1).taken);
}

TEST(Attempts, AGrowingBlockLetsOneTryAtATimePastTheLimit) {
  TestDatabase db;
  for (int i = 0; i < activation.max_failures; ++i) {
    ASSERT_TRUE(take(db, activation, now).taken);
    fail(db, activation, now);
  }
  EXPECT_GT(take(db, activation, now).blocked, 0);
  const UnixSeconds later = now + activation.lockout + 1;  // the first wait is over
  EXPECT_TRUE(take(db, activation, later).taken);
  const auto second = take(db, activation, later);
  EXPECT_FALSE(second.taken);
  EXPECT_EQ(second.blocked, 0);
}

}  // namespace
}  // namespace lineport::testing

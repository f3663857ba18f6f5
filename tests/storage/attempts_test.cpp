// Tries counted before they are checked (docs/security.md#counting-failures), on both databases:
// tries taken at once on separate connections — as several servers take them — stop at the limit,
// and a try that turned out good, given back, lifts the block it set.

#include "domain/auth/attempts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/test_database.h"

namespace lineport::testing {
namespace {

using auth::attempt_rules::sign_in;

constexpr UnixSeconds now = 1'790'000'000;

TEST(Attempts, TriesTakenAtOnceOnSeparateConnectionsStopAtTheLimit) {
  TestDatabase db;
  std::atomic<int> taken = 0;
  std::atomic<int> blocks = 0;
  std::vector<std::thread> servers;
  for (int i = 0; i < 16; ++i)
    servers.emplace_back([&] {
      const auto counted = db.db().write(
          [&](storage::Connection& c) { return auth::count_failure(c, sign_in, "ana@bank.example", now); });
      if (counted) ++taken;
      if (counted && counted->newly_blocked) ++blocks;
    });
  for (auto& t : servers) t.join();
  EXPECT_EQ(taken, sign_in.max_failures);
  EXPECT_EQ(blocks, 1);
}

TEST(Attempts, AGoodTryGivenBackLiftsTheBlockItSet) {
  TestDatabase db;
  db.db().write([&](storage::Connection& c) {
    for (int i = 1; i < sign_in.max_failures; ++i)
      EXPECT_FALSE(auth::count_failure(c, sign_in, "ana@bank.example", now)->newly_blocked);
    // The try that reaches the limit blocks at once, before it is checked ...
    EXPECT_TRUE(auth::count_failure(c, sign_in, "ana@bank.example", now)->newly_blocked);
    EXPECT_GT(auth::blocked_for(c, sign_in, "ana@bank.example", now), 0);
    // ... and, when it was right, is given back: no block, one try left again.
    auth::refund_failure(c, sign_in, "ana@bank.example");
    EXPECT_EQ(auth::blocked_for(c, sign_in, "ana@bank.example", now), 0);
    const auto next = auth::count_failure(c, sign_in, "ana@bank.example", now + 1);
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->failures, sign_in.max_failures);
    EXPECT_TRUE(next->newly_blocked);
    // Giving back never goes below nothing, nor touches another subject.
    auth::refund_failure(c, sign_in, "bo@bank.example");
    EXPECT_FALSE(auth::count_failure(c, sign_in, "bo@bank.example", now)->newly_blocked);
  });
}

}  // namespace
}  // namespace lineport::testing

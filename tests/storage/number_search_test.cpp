// The number pool's digit search along the trigram index of migration 0028, on both backends: the
// numbers holding the digits anywhere, each page and its total, against a plain LIKE over the pool,
// after imports, allocation, reservation, release and deletion.

#include "domain/numbers/number_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/numbers.h"
#include "support/carrier.h"
#include "support/test_database.h"

namespace lineport::testing {
namespace {

constexpr storage::Query plain_matches{
    "test.number_matches",
    "SELECT number FROM numbers WHERE org_id = $1 AND number LIKE $2 AND ($3 = '' OR status = $3) "
    "AND ($4 = '' OR tag = $4) ORDER BY number"};
// SQLite's index rows holding trigram 415, and the numbers that do.
constexpr storage::Query index_rows_415{"test.index_rows_415",
                                        "SELECT COUNT(*) FROM number_search WHERE number_search MATCH '\"415\"'"};
constexpr storage::Query numbers_415{"test.numbers_415", "SELECT COUNT(*) FROM numbers WHERE number LIKE '%415%'"};
constexpr storage::Query delete_numbers{"test.delete_numbers",
                                        "DELETE FROM numbers WHERE number LIKE '%7' AND account_id IS NULL"};

const RequestMeta meta{"127.0.0.1", "test"};

class NumberSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto carrier = initialize_carrier(db.db(), clock);
    who = carrier.root_admin;
    root = carrier.root_org_id;
    branch =
        orgs::OrgService(db.db(), clock).create_child(who, root, {"Branch", "", nlohmann::json::object()}, meta).id;
    // New York numbers spread over a range, San Francisco ones holding 212 in their middle, some
    // tagged; then the first 700 of the pool allocated to the branch and a few reserved.
    std::vector<numbers::ImportItem> items;
    for (int i = 0; i < 1500; ++i) items.push_back({i + 1, "+1212" + std::to_string(2'040'000 + i * 17), std::nullopt});
    for (int i = 0; i < 300; ++i)
      items.push_back({1501 + i, "+1415212" + std::to_string(2000 + i * 7), std::optional<std::string>("T")});
    ASSERT_EQ(service.import(who, root, items, std::nullopt, meta).imported, 1800);
    service.allocate(who, root, {branch, 700, "", std::nullopt}, meta);
    for (const char* n : {"+12122050030", "+14152122035", "+14152122140"})
      service.update(who, n, {numbers::NumberStatus::reserved, std::optional<std::string>("PORTED")}, meta);
    service.update(who, "+14152122035", {numbers::NumberStatus::available, std::nullopt}, meta);  // released
  }

  std::vector<std::string> expected(const std::string& org, const numbers::NumberFilter& f) {
    return db.db().read([&](storage::Connection& c) {
      const std::string status = f.status ? std::string(numbers::to_string(*f.status)) : "";
      std::vector<std::string> out;
      for (const auto& row :
           c.query(plain_matches, {org, numbers::digits_pattern(numbers::search_digits(f.q)), status, f.tag}).rows)
        out.push_back(row.text(0));
      return out;
    });
  }

  void expect_search(const std::string& org, const numbers::NumberFilter& f) {
    const auto want = expected(org, f);
    std::vector<std::string> got;
    PageRequest request{50, std::nullopt};
    for (int pages = 0; pages < 100; ++pages) {
      const auto page = service.list(who, org, f, request);
      EXPECT_EQ(page.total, static_cast<std::int64_t>(want.size())) << f.q << " in " << org;
      for (const auto& n : page.items) got.push_back(n.number);
      if (!page.next_cursor) break;
      request.cursor = page.next_cursor;
    }
    EXPECT_EQ(got, want) << f.q << " in " << org;
  }

  void expect_every_search() {
    for (const auto& org : {root, branch})
      for (const char* q : {"2122050", "212", "2122", "4152122", "0001", "+1 212 204-0", "98", "7", "55555", "3"})
        for (const auto status :
             {std::optional<numbers::NumberStatus>(), std::optional(numbers::NumberStatus::reserved),
              std::optional(numbers::NumberStatus::available)})
          for (const char* tag : {"", "T"}) {
            numbers::NumberFilter f;
            f.q = q;
            f.status = status;
            f.tag = tag;
            expect_search(org, f);
          }
  }

  TestDatabase db;
  ManualClock clock{1'790'000'000};
  numbers::NumberService service{db.db(), clock};
  auth::Principal who;
  std::string root, branch;
};

TEST_F(NumberSearch, FindsTheDigitsAnywhereInEveryPoolAndStatus) {
  expect_every_search();
}

// A deleted number leaves the index with it, so it can be imported again and is found again.
TEST_F(NumberSearch, FollowsDeletedAndReimportedNumbers) {
  ASSERT_GT(db.db().write([&](storage::Connection& c) { return c.execute(delete_numbers); }), 0);
  expect_every_search();
  if (db.db().backend() == storage::Backend::sqlite) {
    EXPECT_EQ(db.count(index_rows_415), db.count(numbers_415));
  }
  std::vector<numbers::ImportItem> again;
  for (int i = 1; i < 300; i += 10)  // the numbers ending in 7
    again.push_back({i + 1, "+1415212" + std::to_string(2000 + i * 7), std::optional<std::string>("T")});
  EXPECT_GT(service.import(who, root, again, std::nullopt, meta).imported, 0);
  expect_every_search();
}

// The search starts from some of the digits' trigrams: whichever it starts from, the numbers it
// keeps are those holding the digits (on PostgreSQL, of the three rarest given).
TEST_F(NumberSearch, AnySetOfTrigramsFindsTheSameNumbers) {
  for (const std::string digits : {"2122050", "4152122", "12122", "0001"}) {
    numbers::NumberFilter f;
    f.q = digits;
    const auto want = static_cast<std::int64_t>(expected(root, f).size());
    std::vector<numbers::SearchStart> starts{numbers::search_start(*db.db().acquire(), db.backend(), digits)};
    numbers::SearchStart all;
    for (std::size_t i = 0; i + 3 <= digits.size(); ++i) {
      starts.push_back({{digits.substr(i, 3)}, 0});
      all.trigrams.push_back(digits.substr(i, 3));
    }
    starts.push_back(all);
    for (const auto& start : starts) {
      const auto count = db.db().read([&](storage::Connection& c) -> std::int64_t {
        if (db.backend() == storage::Backend::sqlite)
          return static_cast<std::int64_t>(
              c.query(storage::sql::numbers::search_matches_fts,
                      {root, "", "", numbers::digits_pattern(digits), "", numbers::fts_query(start)})
                  .rows.size());
        const auto [a, b, p] = numbers::trigram_patterns(start);
        return c.query(storage::sql::numbers::search_count_pg, {root, "", "", digits, "", a, b, p}).one().integer(0);
      });
      EXPECT_EQ(count, want) << digits << " from " << numbers::fts_query(start);
    }
  }
}

// The search leaves out the trigrams that far more numbers hold than its rarest (every number here
// holds 212), and number_trigrams counts the numbers holding each trigram through imports and
// deletions.
TEST_F(NumberSearch, StartsFromTheRarerTrigrams) {
  std::vector<numbers::ImportItem> items;
  for (int i = 0; i < 15'000; ++i) items.push_back({i + 1, "+1212" + std::to_string(3'000'000 + i * 13), std::nullopt});
  ASSERT_EQ(service.import(who, root, items, std::nullopt, meta).imported, 15'000);
  db.db().write([&](storage::Connection& c) { c.execute(delete_numbers); });
  const auto start = numbers::search_start(*db.db().acquire(), db.backend(), "41521220");
  EXPECT_EQ(std::count(start.trigrams.begin(), start.trigrams.end(), "212"), 0) << numbers::fts_query(start);
  EXPECT_EQ(start.trigrams.front(), "415") << numbers::fts_query(start);  // the rarest
  EXPECT_LT(start.rarest, 400);
  const storage::Query holding{"test.holding", "SELECT COUNT(*) FROM numbers WHERE substr(number, 2) LIKE $1"};
  const storage::Query counted{"test.counted",
                               "SELECT COALESCE(SUM(count), 0) FROM number_trigrams WHERE trigram = $1"};
  for (const std::string trigram : {"212", "415", "000", "205", "999"}) {
    db.db().read([&](storage::Connection& c) {
      EXPECT_EQ(c.query(counted, {trigram}).one().integer(0), c.query(holding, {"%" + trigram + "%"}).one().integer(0))
          << trigram;
    });
  }
}

// A search whose every trigram more numbers hold than numbers::few_candidates (on PostgreSQL it
// then counts its matches first and reads each page along the numbers in order) finds the same
// numbers, page after page, as one with few candidates.
TEST_F(NumberSearch, ASearchWithManyCandidatesFindsTheSameNumbers) {
  std::vector<numbers::ImportItem> items;
  const int many = static_cast<int>(numbers::few_candidates) + 1'000;
  for (int i = 0; i < many; ++i) items.push_back({i + 1, "+1415" + std::to_string(5'000'000 + i), std::nullopt});
  ASSERT_EQ(service.import(who, root, items, std::nullopt, meta).imported, many);
  for (const char* q : {"41550", "4155001"}) {
    numbers::NumberFilter f;
    f.q = q;
    EXPECT_EQ(numbers::search_start(*db.db().acquire(), db.backend(), q).rarest > numbers::few_candidates,
              std::string_view(q) == "41550")
        << q;
    const auto want = expected(root, f);
    ASSERT_GT(want.size(), 150U) << q;
    std::vector<std::string> got;
    PageRequest request{50, std::nullopt};
    for (int pages = 0; pages < 3; ++pages) {
      const auto page = service.list(who, root, f, request);
      EXPECT_EQ(page.total, static_cast<std::int64_t>(want.size())) << q;
      for (const auto& n : page.items) got.push_back(n.number);
      ASSERT_TRUE(page.next_cursor) << q;
      request.cursor = page.next_cursor;
    }
    EXPECT_EQ(got, std::vector<std::string>(want.begin(), want.begin() + 150)) << q;
  }
}

}  // namespace
}  // namespace lineport::testing

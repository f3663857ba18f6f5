// The database layer, run unchanged against SQLite and PostgreSQL (LINEPORT_TEST_BACKEND).

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "support/test_database.h"

namespace lineport::testing {
namespace {

using storage::Connection;
using storage::Query;

constexpr Query create_table{"test.create", "CREATE TABLE things (id TEXT PRIMARY KEY, n BIGINT, note TEXT)"};
constexpr Query insert_thing{"test.insert", "INSERT INTO things (id, n, note) VALUES ($1, $2, $3)"};
constexpr Query select_thing{"test.select", "SELECT id, n, note FROM things WHERE id = $1"};
constexpr Query select_all{"test.select_all", "SELECT id, n FROM things ORDER BY n"};
constexpr Query count_things{"test.count", "SELECT COUNT(*) FROM things"};
// Placeholders out of order and repeated: each backend binds them by number.
constexpr Query reordered{"test.reordered", "SELECT $2 || '-' || $1 || '-' || $2"};

class Database : public ::testing::Test {
 protected:
  void SetUp() override {
    db.db().write([](Connection& c) { c.execute(create_table); });
  }
  TestDatabase db;
};

TEST_F(Database, ValuesRoundTrip) {
  const std::string unicode = "São Paulo — 東京 — \xF0\x9F\x93\x9E";
  db.db().write([&](Connection& c) {
    c.execute(insert_thing, {"a", std::int64_t{9'007'199'254'740'993}, unicode});
    c.execute(insert_thing, {"b", nullptr, std::optional<std::string>()});
  });
  db.db().read([&](Connection& c) {
    const auto a = c.query(select_thing, {"a"}).one();
    EXPECT_EQ(a.integer(1), 9'007'199'254'740'993);
    EXPECT_EQ(a.text(2), unicode);
    const auto b = c.query(select_thing, {"b"}).one();
    EXPECT_TRUE(b.is_null(1));
    EXPECT_FALSE(b.opt_text(2).has_value());
    EXPECT_EQ(c.query(reordered, {"x", "y"}).one().text(0), "y-x-y");
  });
}

TEST_F(Database, UniqueViolationIsReportedAsSuch) {
  db.db().write([](Connection& c) { c.execute(insert_thing, {"dup", 1, "first"}); });
  try {
    db.db().write([](Connection& c) { c.execute(insert_thing, {"dup", 2, "second"}); });
    FAIL() << "expected a unique violation";
  } catch (const storage::DatabaseError& e) {
    EXPECT_EQ(e.kind(), storage::DatabaseError::Kind::unique_violation);
  }
}

TEST_F(Database, AThrowingTransactionLeavesNothingBehind) {
  EXPECT_THROW(db.db().write([](Connection& c) {
    c.execute(insert_thing, {"kept?", 1, "no"});
    throw std::runtime_error("validation failed half-way");
  }),
               std::runtime_error);
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(count_things).one().integer(0); }), 0);
  // The connection is usable again afterwards.
  db.db().write([](Connection& c) { c.execute(insert_thing, {"after", 1, "yes"}); });
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(count_things).one().integer(0); }), 1);
}

// A read runs without a transaction block on PostgreSQL (docs/decisions.md, "Reads on
// PostgreSQL"): a statement that writes inside one is a mistake in the code, refused on both.
TEST_F(Database, AReadThatWritesIsRefused) {
  EXPECT_THROW(db.db().read([](Connection& c) { c.execute(insert_thing, {"in a read", 1, "no"}); }), std::logic_error);
  if (db.backend() == storage::Backend::postgresql) {  // an advisory lock would last for its statement only
    EXPECT_THROW(db.db().read([](Connection& c) { c.lock_among_servers(storage::ServerLock::setup); }),
                 std::logic_error);
  }
  // The connections are usable again afterwards, for reads and writes alike.
  db.db().write([](Connection& c) { c.execute(insert_thing, {"after", 1, "yes"}); });
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(select_thing, {"after"}).one().text(2); }), "yes");
}

TEST_F(Database, ForeignKeysAreCheckedAgainAfterABulkWrite) {
  // A bulk write leaves the checking of its references to its caller (SQLite skips it for that
  // transaction only): every later write on any connection of the pool checks them again, after
  // a bulk write that committed and after one that rolled back.
  static constexpr Query create_parts{
      "test.create_parts", "CREATE TABLE parts (id TEXT PRIMARY KEY, thing_id TEXT NOT NULL REFERENCES things (id))"};
  static constexpr Query insert_part{"test.insert_part", "INSERT INTO parts (id, thing_id) VALUES ($1, $2)"};
  db.db().write([](Connection& c) { c.execute(create_parts); });
  db.db().bulk_write([](Connection& c) {
    c.execute(insert_thing, {"t1", 1, "x"});
    c.execute(insert_part, {"p1", "t1"});
  });
  EXPECT_THROW(db.db().bulk_write([](Connection& c) {
    c.execute(insert_thing, {"t2", 2, "x"});
    throw std::runtime_error("a row of the file is invalid");
  }),
               std::runtime_error);
  for (int i = 0; i < 4; ++i) {  // more than the connections the pool has open
    try {
      db.db().write([&](Connection& c) { c.execute(insert_part, {"dangling" + std::to_string(i), "no-such-thing"}); });
      FAIL() << "expected a foreign key violation";
    } catch (const storage::DatabaseError& e) {
      EXPECT_EQ(e.kind(), storage::DatabaseError::Kind::foreign_key_violation);
    }
  }
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(count_things).one().integer(0); }), 1);
}

// After a write that grows a table by more than a tenth, PostgreSQL's planner counts the new rows
// at once (the Accounts page after a first large import was planned for an empty table until
// autovacuum came by); a small write leaves the statistics as they were.
TEST_F(Database, AWriteThatGrowsATableRefreshesItsStatistics) {
  if (db.backend() != storage::Backend::postgresql) GTEST_SKIP() << "SQLite plans without gathered statistics";
  static constexpr Query rows_counted{"test.rows_counted",
                                      "SELECT reltuples::bigint FROM pg_class WHERE relname = 'things'"};
  const auto write = [&](int first, int rows) {
    db.db().bulk_write([&](Connection& c) {
      for (int i = first; i < first + rows; ++i) c.execute(insert_thing, {"t" + std::to_string(i), i, "x"});
      c.added_rows("things", rows);
    });
  };
  write(0, 2000);
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(rows_counted).one().integer(0); }), 2000);
  write(2000, 100);  // a twentieth: autovacuum's business
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(rows_counted).one().integer(0); }), 2000);
  write(2100, 1000);
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(rows_counted).one().integer(0); }), 3100);
  EXPECT_THROW(db.db().write([](Connection& c) { c.added_rows("things; DROP TABLE things", 1); }), std::logic_error);
}

// A network thread answers some reads itself (docs/performance.md#call-filter): with a connection
// of its own it reads while every pooled connection is leased elsewhere, and keeps reusing it.
TEST_F(Database, AThreadWithItsOwnConnectionNeverWaitsForThePool) {
  db.db().write([](Connection& c) { c.execute(insert_thing, {"a", 1, "x"}); });
  auto one_connection = storage::open_database(db.url(), 1);
  std::promise<std::int64_t> counted;
  auto answer = counted.get_future();
  std::thread network;
  {
    auto held = one_connection->acquire();  // the pool's only connection
    network = std::thread([&] {
      one_connection->dedicate_connection_to_this_thread();
      std::int64_t total = 0;
      for (int i = 0; i < 3; ++i)
        total += one_connection->read([](Connection& c) { return c.query(count_things).one().integer(0); });
      counted.set_value(total);
    });
    EXPECT_EQ(answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  }
  network.join();
  EXPECT_EQ(answer.get(), 3);
}

// SQLite: past 1,000 pages of write-ahead log (16 MB) the log is copied into the database file
// while the server runs, not only when it stops, so the log does not grow with every write.
TEST_F(Database, TheWriteAheadLogIsCheckpointedWhileTheDatabaseIsOpen) {
  if (db.backend() != storage::Backend::sqlite) GTEST_SKIP() << "SQLite's write-ahead log";
  const std::string path = db.url().substr(std::string_view("sqlite://").size());
  const auto start = std::filesystem::file_size(path);
  db.db().write([](Connection& c) {
    for (int i = 0; i < 2'500; ++i) c.execute(insert_thing, {"big-" + std::to_string(i), i, std::string(10'000, 'x')});
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::filesystem::file_size(path) < start + 20'000'000 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(std::filesystem::file_size(path), start + 20'000'000) << "the 25 MB written are still only in the log";
}

// SQLite: a new database file gets 16 KiB pages (docs/decisions.md), whichever of its connections
// writes it first. The checkpointer's connection opened first and set the log mode alone, which
// wrote the file with SQLite's 4 KiB default and left every later page_size without effect.
TEST_F(Database, ANewFileHasPagesOf16KiB) {
  if (db.backend() != storage::Backend::sqlite) GTEST_SKIP() << "SQLite's page size";
  constexpr Query page_size{"test.page_size", "PRAGMA page_size"};
  db.db().read([&](Connection& c) { EXPECT_EQ(c.query(page_size).one().integer(0), 16384); });
  const std::string path = db.url().substr(std::string_view("sqlite://").size());
  std::ifstream file(path, std::ios::binary);
  std::array<unsigned char, 18> header{};
  file.read(reinterpret_cast<char*>(header.data()), header.size());
  EXPECT_EQ(header[16] * 256 + header[17], 16384) << "the page size in the file's header";
}

TEST_F(Database, OneStatementInsertsManyRows) {
  const std::string values = storage::repeat_rows("($1, $2, 'row ' || $1)", 2, 3);
  EXPECT_EQ(values, "($1, $2, 'row ' || $1), ($3, $4, 'row ' || $3), ($5, $6, 'row ' || $5)");
  const std::string sql = "INSERT INTO things (id, n, note) VALUES " + values;
  db.db().write([&](Connection& c) { c.execute(Query{"test.insert_three", sql}, {"a", 1, "b", 2, "c", 3}); });
  const auto rows = db.db().read([](Connection& c) { return c.query(select_all).rows; });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].text(0), "c");
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(select_thing, {"b"}).one().text(2); }), "row b");
}

TEST_F(Database, ForEachStreamsRowsInOrder) {
  db.db().write([](Connection& c) {
    for (int i = 0; i < 1000; ++i) c.execute(insert_thing, {"t" + std::to_string(i), 1000 - i, nullptr});
  });
  std::int64_t previous = 0, seen = 0;
  auto lease = db.db().acquire();
  lease->for_each(select_all, {}, [&](const storage::Row& r) {
    EXPECT_GT(r.integer(1), previous);
    previous = r.integer(1);
    ++seen;
  });
  EXPECT_EQ(seen, 1000);
}

TEST_F(Database, ConcurrentWritersAllSucceed) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        try {
          db.db().write([&](Connection& c) {
            const auto n = c.query(count_things).one().integer(0);
            c.execute(insert_thing, {"w" + std::to_string(t) + "-" + std::to_string(i), n, nullptr});
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(db.db().read([](Connection& c) { return c.query(count_things).one().integer(0); }), 200);
}

TEST_F(Database, MigrationsAreAppliedOnce) {
  EXPECT_EQ(storage::migrate(db.db()), 0);
  db.close();
  db.reopen();
  EXPECT_EQ(storage::migrate(db.db()), 0);
}

}  // namespace
}  // namespace lineport::testing

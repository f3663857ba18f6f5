#pragma once
// A fresh, migrated database for one test. The backend comes from LINEPORT_TEST_BACKEND:
// "sqlite" (a file in a new temporary directory) or "postgresql" (a new database on the cluster
// at LINEPORT_TEST_PG_URL, copied from a template that has the schema, dropped afterwards).

#include <cstdint>
#include <memory>
#include <string>

#include "storage/database.h"

namespace lineport::testing {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  storage::Database& db() { return *db_; }
  storage::Backend backend() const { return db_->backend(); }
  // Closes this process's connections (before a server opens its own, or before dropping).
  void close() { db_.reset(); }
  void reopen();
  // The single integer a statement such as SELECT COUNT(*) returns.
  std::int64_t count(const storage::Query& q) {
    return db_->read([&](storage::Connection& c) { return c.query(q).one().integer(0); });
  }

 private:
  std::string url_;
  std::string temp_dir_;
  std::string pg_admin_url_;
  std::string pg_name_;
  std::unique_ptr<storage::Database> db_;
};

// A new empty temporary directory (removed by the caller or left for the OS).
std::string make_temp_dir(const std::string& prefix);

}  // namespace lineport::testing

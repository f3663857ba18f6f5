#include "support/test_database.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "util/crypto.h"

namespace lineport::testing {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// postgresql://user@host:port/db → postgresql://user@host:port/<name>
std::string with_database(const std::string& url, const std::string& name) {
  const auto slash = url.rfind('/');
  return url.substr(0, slash + 1) + name;
}

}  // namespace

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

TestDatabase::TestDatabase() {
  crypto::initialize();
  const std::string backend = env("LINEPORT_TEST_BACKEND");
  if (backend == "postgresql") {
    pg_admin_url_ = env("LINEPORT_TEST_PG_URL");
    if (pg_admin_url_.empty())
      throw std::runtime_error("LINEPORT_TEST_BACKEND=postgresql needs LINEPORT_TEST_PG_URL (make test starts a cluster)");
    pg_name_ = "lineport_test_" + crypto::new_id();
    auto admin = storage::open_database(pg_admin_url_, 1);
    admin->acquire()->execute_script("CREATE DATABASE " + pg_name_);
    url_ = with_database(pg_admin_url_, pg_name_);
  } else {
    temp_dir_ = make_temp_dir("lineport-test-");
    url_ = "sqlite://" + temp_dir_ + "/lineport.db";
  }
  reopen();
  storage::migrate(*db_);
}

void TestDatabase::reopen() { db_ = storage::open_database(url_, 4); }

TestDatabase::~TestDatabase() {
  db_.reset();
  try {
    if (!pg_name_.empty()) {
      auto admin = storage::open_database(pg_admin_url_, 1);
      admin->acquire()->execute_script("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    }
    if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_);
  } catch (...) {
  }
}

}  // namespace lineport::testing

#include "support/test_database.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "util/crypto.h"
#include "util/resources.h"

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

// A statement that needs nobody connected to a database (CREATE DATABASE … TEMPLATE, RENAME):
// a connection just closed may still hold it for a moment.
void execute_when_free(storage::Connection& conn, const std::string& sql) {
  for (int attempt = 0;; ++attempt) {
    try {
      conn.execute_script(sql);
      return;
    } catch (const std::exception& e) {
      if (attempt >= 50 || std::string(e.what()).find("being accessed by other users") == std::string::npos) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

// The schema's fingerprint: a template made by another version of the migrations is not used.
std::string migrations_fingerprint() {
  std::size_t hash = 0;
  for (const auto& r : resources::all())
    if (r.name.starts_with("db/migrations/"))
      hash = hash * 1'000'003 ^ std::hash<std::string_view>{}(r.name) ^ std::hash<std::string_view>{}(r.content) << 1;
  return std::to_string(hash);
}

// A database of the cluster with every migration applied, for each test's database to be
// copied from: one CREATE DATABASE instead of every migration, most of a PostgreSQL test's
// setup. Made once per cluster and schema; test processes running at once take turns (an
// advisory lock), and a template is named only once it is complete.
std::string schema_template(const std::string& admin_url) {
  static std::once_flag once;
  static std::string name;
  std::call_once(once, [&] {
    const std::string wanted = "lineport_template_" + migrations_fingerprint();
    auto admin = storage::open_database(admin_url, 1);
    auto conn = admin->acquire();
    conn->query({"test.template_lock", "SELECT pg_advisory_lock(734601)"});
    const bool exists =
        !conn->query({"test.template_exists", "SELECT 1 FROM pg_database WHERE datname = $1"}, {wanted}).empty();
    if (!exists) {
      const std::string building = wanted + "_building";
      conn->execute_script("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
      conn->execute_script("CREATE DATABASE " + building);
      {
        auto db = storage::open_database(with_database(admin_url, building), 1);
        storage::migrate(*db);
      }
      execute_when_free(*conn, "ALTER DATABASE " + building + " RENAME TO " + wanted);
    }
    conn->query({"test.template_unlock", "SELECT pg_advisory_unlock(734601)"});
    name = wanted;
  });
  return name;
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
      throw std::runtime_error(
          "LINEPORT_TEST_BACKEND=postgresql needs LINEPORT_TEST_PG_URL (make test starts a cluster)");
    pg_name_ = "lineport_test_" + crypto::new_id();
    const auto schema = schema_template(pg_admin_url_);
    auto admin = storage::open_database(pg_admin_url_, 1);
    execute_when_free(*admin->acquire(), "CREATE DATABASE " + pg_name_ + " TEMPLATE " + schema);
    url_ = with_database(pg_admin_url_, pg_name_);
  } else {
    temp_dir_ = make_temp_dir("lineport-test-");
    url_ = "sqlite://" + temp_dir_ + "/lineport.db";
  }
  reopen();
  storage::migrate(*db_);
}

void TestDatabase::reopen() {
  db_ = storage::open_database(url_, 4);
}

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

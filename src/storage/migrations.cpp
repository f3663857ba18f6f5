#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <vector>

#include "storage/database.h"
#include "util/resources.h"

namespace lineport::storage {
namespace {

constexpr Query create_migrations_table{
    "migrations.create_table",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)"};
constexpr Query select_applied{"migrations.select_applied", "SELECT version FROM schema_migrations"};
constexpr Query insert_applied{"migrations.insert_applied",
                               "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)"};

constexpr std::string_view migrations_dir = "db/migrations/";

// A migration is NNNN_<what>.sql, run on both databases, or a pair NNNN_<what>.sqlite.sql and
// NNNN_<what>.postgresql.sql where the two dialects differ (triggers, text indexes), or one of the
// pair alone when only that database has something to change. Each is
// recorded under the common name, NNNN_<what>.sql. Empty when the file is the other database's.
std::string version_of(std::string_view file, Backend backend) {
  constexpr std::string_view sqlite_suffix = ".sqlite.sql";
  constexpr std::string_view postgresql_suffix = ".postgresql.sql";
  const auto strip = [&](std::string_view suffix) {
    return std::string(file.substr(0, file.size() - suffix.size())) + ".sql";
  };
  if (file.ends_with(sqlite_suffix)) return backend == Backend::sqlite ? strip(sqlite_suffix) : "";
  if (file.ends_with(postgresql_suffix)) return backend == Backend::postgresql ? strip(postgresql_suffix) : "";
  return std::string(file);
}

}  // namespace

int migrate(Database& db) {
  db.write([](Connection& c) {
    c.lock_among_servers(ServerLock::setup);  // CREATE … IF NOT EXISTS is no lock on PostgreSQL
    c.execute(create_migrations_table);
  });

  struct Pending {
    std::string version;
    std::string_view content;
  };
  std::vector<Pending> pending;
  for (const auto& r : resources::all()) {
    if (!r.name.starts_with(migrations_dir)) continue;
    auto version = version_of(r.name.substr(migrations_dir.size()), db.backend());
    if (!version.empty()) pending.push_back({std::move(version), r.content});
  }
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a.version < b.version; });

  int applied = 0;
  for (const auto& migration : pending) {
    const bool done = db.write([&](Connection& c) {
      // Checked under the lock, so two servers starting together apply it once (the second
      // finds it applied when the first has committed).
      c.lock_among_servers(ServerLock::setup);
      for (const auto& row : c.query(select_applied).rows)
        if (row.text(0) == migration.version) return true;
      c.execute_script(migration.content);
      c.execute(insert_applied, {migration.version, static_cast<std::int64_t>(std::time(nullptr))});
      return false;
    });
    if (!done) {
      spdlog::info("applied migration {}", migration.version);
      ++applied;
    }
  }
  return applied;
}

}  // namespace lineport::storage

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

}  // namespace

int migrate(Database& db) {
  db.write([](Connection& c) { c.execute(create_migrations_table); });

  std::vector<resources::Resource> pending;
  for (const auto& r : resources::all())
    if (r.name.starts_with(migrations_dir)) pending.push_back(r);
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

  int applied = 0;
  for (const auto& migration : pending) {
    const std::string version(migration.name.substr(migrations_dir.size()));
    const bool done = db.write([&](Connection& c) {
      // Checked inside the write transaction, so two servers starting together apply it once.
      for (const auto& row : c.query(select_applied).rows)
        if (row.text(0) == version) return true;
      c.execute_script(migration.content);
      c.execute(insert_applied, {version, static_cast<std::int64_t>(std::time(nullptr))});
      return false;
    });
    if (!done) {
      spdlog::info("applied migration {}", version);
      ++applied;
    }
  }
  return applied;
}

}  // namespace lineport::storage

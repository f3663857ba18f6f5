#pragma once
// Where every benchmark starts: a new, migrated database (SQLite, or an empty PostgreSQL one)
// with the root organization and its administrator, who acts with every privilege.

#include <filesystem>
#include <memory>
#include <string>

#include "domain/accounts/invitation.h"
#include "domain/auth/principal.h"
#include "domain/bootstrap.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::bench {

struct Carrier {
  std::unique_ptr<storage::Database> db;
  std::string root_org_id;
  auth::Principal root;
};

inline const RequestMeta meta{"127.0.0.1", "bench"};
// The benchmarks' secret key: activation codes are hashed with it as with a server's.
inline const accounts::ActivationCodes activation_codes{"bench-secret-key-of-at-least-32-chars"};

// Migrates the empty database at `url` and makes its root.
inline Carrier open_carrier_at(const std::string& url, const Clock& clock, int pool_size = 2) {
  Carrier c;
  c.db = storage::open_database(url, pool_size);
  storage::migrate(*c.db);
  const auto init =
      bootstrap::initialize(*c.db, clock, {"Carrier", "root@bench.example", std::string("bench-password-123")});
  c.root_org_id = init.root_org_id;
  c.root = {init.admin_id, "root@bench.example", "admin", init.root_org_id, "", auth::PrivilegeSet::all()};
  return c;
}

// Replaces any SQLite database at `path` (and its write-ahead log).
inline Carrier open_carrier(const std::filesystem::path& path, const Clock& clock, int pool_size = 2) {
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return open_carrier_at("sqlite://" + path.string(), clock, pool_size);
}

}  // namespace lineport::bench

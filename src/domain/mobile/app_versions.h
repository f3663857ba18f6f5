#pragma once
// Setup > Application Version's report (docs/app.md#versions): which app versions the active
// users of an organization's subtree run (their last heartbeat), and who runs one below the
// minimum version in force at their organization.

#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mobile {

struct VersionCount {
  std::string platform;
  std::string app_version;
  std::int64_t users = 0;
};

struct OutdatedUser {
  std::string account_id;
  std::string login;
  std::string name;
  std::string org_id;
  std::string org_name;
  std::string platform;
  std::string app_version;
  std::string minimum_version;
  UnixSeconds seen_at = 0;
};

struct VersionReport {
  std::vector<VersionCount> versions;  // by platform, then newest version first
  std::vector<OutdatedUser> below_minimum;
};

class AppVersionReport {
 public:
  explicit AppVersionReport(storage::Database& db) : db_(db) {}
  VersionReport report(const auth::Principal& who, const std::string& org_id);

  static std::string csv_header();
  static std::string csv_line(const OutdatedUser& u);

 private:
  storage::Database& db_;
};

}  // namespace lineport::mobile

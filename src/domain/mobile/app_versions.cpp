#include "domain/mobile/app_versions.h"

#include <algorithm>
#include <map>

#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/app.h"
#include "util/csv_writer.h"

namespace lineport::mobile {
namespace {

namespace sql = storage::sql::app;

std::string full_name(const std::string& first, const std::string& last) {
  if (first.empty()) return last;
  return last.empty() ? first : first + " " + last;
}

}  // namespace

VersionReport AppVersionReport::report(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    VersionReport out;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    std::map<std::string, nlohmann::json>
        policies;  // by organization: {"app_version_ios": …, "app_version_android": …}
    constexpr auto c = sql::active_version_columns;
    for (const auto& r : conn.query(sql::select_active_versions, {org_id}).rows) {
      const auto platform = r.text(c["platform"]);
      const auto version = r.text(c["app_version"]);
      ++counts[{platform, version}];
      const auto org = r.text(c["org_id"]);
      auto [policy, fresh] = policies.try_emplace(org);
      if (fresh)  // one read of the organization's settings for both platforms
        for (auto& [key, setting] : orgs::effective_settings(conn, org))
          if (key.starts_with("app_version_")) policy->second[key] = std::move(setting.value);
      const auto& in_force = policy->second["app_version_" + platform];
      if (in_force.is_null()) continue;
      const auto minimum = in_force["minimum_version"].get<std::string>();
      const auto running = orgs::parse_version(version);
      if (running && *running < *orgs::parse_version(minimum))
        out.below_minimum.push_back({r.text(c["account_id"]), r.text(c["login"]),
                                     full_name(r.text(c["first_name"]), r.text(c["last_name"])), org,
                                     r.text(c["org_name"]), platform, version, minimum, r.integer(c["seen_at"])});
    }
    for (const auto& [key, users] : counts) out.versions.push_back({key.first, key.second, users});
    std::sort(out.versions.begin(), out.versions.end(), [](const VersionCount& a, const VersionCount& b) {
      if (a.platform != b.platform) return a.platform < b.platform;
      return orgs::parse_version(a.app_version) > orgs::parse_version(b.app_version);
    });
    return out;
  });
}

std::string AppVersionReport::csv_header() {
  return csv::line(
      {"account_id", "login", "name", "org_id", "org_name", "platform", "app_version", "minimum_version", "seen_at"});
}

std::string AppVersionReport::csv_line(const OutdatedUser& u) {
  return csv::line({u.account_id, u.login, u.name, u.org_id, u.org_name, u.platform, u.app_version, u.minimum_version,
                    to_rfc3339(u.seen_at)});
}

}  // namespace lineport::mobile

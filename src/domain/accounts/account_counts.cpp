#include "domain/accounts/account_counts.h"

#include <algorithm>
#include <tuple>

#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_active_count, {org_id, delta});
}

void count_in_group(storage::Connection& conn, const std::string& group_id, const std::string& org_id,
                    std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_group_count, {group_id, org_id, delta});
}

void move_in_group_counts(storage::Connection& conn, const std::string& from_group, const std::string& from_org,
                          const std::string& to_group, const std::string& to_org) {
  const auto from = std::tie(from_group, from_org);
  const auto to = std::tie(to_group, to_org);
  if (from == to) return;
  if (from < to) {
    count_in_group(conn, from_group, from_org, -1);
    count_in_group(conn, to_group, to_org, +1);
  } else {
    count_in_group(conn, to_group, to_org, +1);
    count_in_group(conn, from_group, from_org, -1);
  }
}

void move_in_active_counts(storage::Connection& conn, const std::string& from_org, const std::string& to_org) {
  if (from_org == to_org) return;
  count_active(conn, std::min(from_org, to_org), from_org < to_org ? -1 : +1);
  count_active(conn, std::max(from_org, to_org), from_org < to_org ? +1 : -1);
}

}  // namespace lineport::accounts

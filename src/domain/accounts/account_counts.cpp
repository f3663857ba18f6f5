#include "domain/accounts/account_counts.h"

#include <tuple>

#include "storage/queries/accounts.h"

namespace lineport::accounts {
namespace {

// -1 for `from` and +1 for `to`, the smaller key first (see move_in_group_counts); nothing when
// they are the same.
template <class Key, class Add>
void in_key_order(const Key& from, const Key& to, Add add) {
  if (from == to) return;
  if (from < to) {
    add(from, -1);
    add(to, +1);
  } else {
    add(to, +1);
    add(from, -1);
  }
}

}  // namespace

void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_active_count, {org_id, delta});
}

void count_in_group(storage::Connection& conn, const std::string& group_id, const std::string& org_id,
                    std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_group_count, {group_id, org_id, delta});
}

void move_in_group_counts(storage::Connection& conn, const std::string& from_group, const std::string& from_org,
                          const std::string& to_group, const std::string& to_org) {
  in_key_order(std::tie(from_group, from_org), std::tie(to_group, to_org), [&](const auto& key, std::int64_t delta) {
    count_in_group(conn, std::get<0>(key), std::get<1>(key), delta);
  });
}

void move_in_active_counts(storage::Connection& conn, const std::string& from_org, const std::string& to_org) {
  in_key_order(from_org, to_org, [&](const std::string& org, std::int64_t delta) { count_active(conn, org, delta); });
}

}  // namespace lineport::accounts

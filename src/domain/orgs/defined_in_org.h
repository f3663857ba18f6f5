#pragma once
// What an organization defines for itself and the organizations below it (roles, permission
// groups, and the plans to come) follows the same rules (docs/product.md#organizations): a name
// unique among its kind where it is defined, and seen or changed only by callers whose scope
// holds the organization that defines it.

#include <string>
#include <string_view>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/database.h"

namespace lineport::orgs {

// 409 name_taken unless no other `kind` defined on `org_id` (other than `self_id`) has `name`,
// compared without case. `name_taken` looks for one: ($1 org id, $2 folded name, $3 self id).
void require_name_free(storage::Connection& conn, const storage::Query& name_taken, const std::string& org_id,
                       const std::string& name, const std::string& self_id, std::string_view kind);

// The `kind` with `id`, read by `select_by_id` and `decode`, when the caller's scope holds the
// organization that defines it; 404 otherwise, alike for an unknown id and one out of scope.
template <class T>
T load_defined_in_scope(storage::Connection& conn, const auth::Principal& who, const storage::Query& select_by_id,
                        const std::string& id, T (*decode)(const storage::Row&), std::string_view kind) {
  const auto rows = conn.query(select_by_id, {id});
  const std::string missing = "The " + std::string(kind) + " does not exist.";
  if (rows.empty()) throw_not_found(missing);
  T item = decode(rows.one());
  if (!in_scope(conn, who.home_org_id, item.org_id)) throw_not_found(missing);
  return item;
}

}  // namespace lineport::orgs

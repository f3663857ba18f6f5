#include "domain/orgs/defined_in_org.h"

#include "util/text.h"

namespace lineport::orgs {

void require_name_free(storage::Connection& conn, const storage::Query& name_taken, const std::string& org_id,
                       const std::string& name, const std::string& self_id, std::string_view kind) {
  if (conn.query(name_taken, {org_id, text::fold_case(name), self_id}).empty()) return;
  const std::string k(kind);
  throw DomainError(ErrorCode::name_taken, "A " + k + " named \"" + name + "\" already exists in this organization.",
                    {{"name", "Already used by another " + k + " of this organization."}});
}

}  // namespace lineport::orgs

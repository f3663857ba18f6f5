#pragma once
// The organization tree (docs/product.md#organizations): create, read, edit and delete organizations, with the scope
// rule that an administrator sees only their home organization and what lies below it.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/orgs/org_templates.h"
#include "domain/pagination.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::orgs {

struct PathItem {
  std::string id;
  std::string name;
};

struct Org {
  std::string id;
  std::optional<std::string> parent_id;
  std::string name;
  std::string description;
  int depth = 0;
  nlohmann::json profile;  // company profile
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::int64_t child_count = 0;
  std::int64_t subtree_admin_count = 0;
  std::int64_t subtree_account_count = 0;
  std::string timezone;        // effective
  std::string language;        // effective
  std::vector<PathItem> path;  // from the caller's home org down to this one
};

struct NewOrg {
  std::string name;
  std::string description;
  nlohmann::json settings = nlohmann::json::object();
  // Available numbers allocated from the parent's pool in the same transaction (the portal's
  // "Choose roles and phone numbers" step), needing the privilege that allocates numbers.
  std::optional<std::int64_t> number_count;
  // An organization template (org_templates.h) filling in what the request leaves out.
  std::optional<std::string> template_id;
  // From the template: roles copied into the new organization and permission groups created in it.
  std::vector<std::string> copied_role_ids;
  std::vector<GroupPreset> groups;
};

struct OrgPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<nlohmann::json> profile;
};

// Throws not_found unless `org_id` is the principal's home org or below it.
void require_in_scope(storage::Connection& conn, const auth::Principal& principal, std::string_view org_id);
bool in_scope(storage::Connection& conn, std::string_view home_org_id, std::string_view org_id);
// The organization's name (for messages); throws not_found when it does not exist.
std::string org_name(storage::Connection& conn, const std::string& org_id);
// The root organization, where shipped texts (templates, help pages) are said to come from;
// empty before `init` made it.
PathItem root_org(storage::Connection& conn);
// The company that the users of an organization work for (docs/decisions.md, "The company's
// name"): the nearest legal name in the company profiles from the organization up to its top
// customer organization (the one directly under the root), else that organization's name. For
// the root itself, its own legal name or name.
std::string company_name(storage::Connection& conn, const std::string& org_id);

// What deleting an organization would do (GET /orgs/{id}/deletion-preview), or why it cannot.
struct DeletionPreview {
  std::string org_id, name;
  std::string parent_id, parent_name;  // where its numbers go
  std::int64_t sub_orgs = 0;           // descendants deleted with it
  std::int64_t numbers = 0;            // numbers in its pool and its descendants', all moving to the parent
  std::int64_t accounts = 0, admins = 0;
  // Empty when it can be deleted; else the code the DELETE would answer and its message.
  std::string blocked_code, blocked_message;
};

class OrgService {
 public:
  OrgService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The root (lineport init). Fails if one exists.
  std::string create_root(storage::Connection& conn, const std::string& name);

  Org get(const auth::Principal& who, const std::string& id);
  Page<Org> children(const auth::Principal& who, const std::string& id, const PageRequest& page);
  Org create_child(const auth::Principal& who, const std::string& parent_id, const NewOrg& input,
                   const RequestMeta& meta);
  Org update(const auth::Principal& who, const std::string& id, const OrgPatch& patch, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);
  DeletionPreview deletion_preview(const auth::Principal& who, const std::string& id);

  nlohmann::json settings(const auth::Principal& who, const std::string& id);
  nlohmann::json update_settings(const auth::Principal& who, const std::string& id, const nlohmann::json& values,
                                 const RequestMeta& meta);

  // Shared with `lineport demo` and tests: creates below `parent_id` without a principal.
  std::string insert_child(storage::Connection& conn, const std::string& parent_id, const NewOrg& input);

 private:
  Org load(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  DeletionPreview preview_deletion(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // Moves `count` available numbers of the parent to the new organization `org_id`, or refuses
  // (409 not_enough_numbers, 409 subscription_limit).
  void allocate_from_parent(storage::Connection& conn, const std::string& parent_id, const std::string& org_id,
                            std::int64_t count);

  storage::Database& db_;
  const Clock& clock_;
};

// Name rules shared by create and edit: trimmed, 1–120 characters.
std::optional<std::string> normalized_org_name(const std::string& raw, Validator& v);

}  // namespace lineport::orgs

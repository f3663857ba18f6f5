#pragma once
// Organization templates (docs/subscriptions.md#organization-templates): presets for creating an
// organization quickly (a plan, settings, roles to copy, permission groups to create, numbers to
// allocate), defined on an organization and usable there and below. A template only fills in a new
// organization's request: what it brings passes the same checks as if the creator had typed it.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::orgs {

struct GroupPreset {
  std::string name;
  std::vector<std::string> features;
  bool is_default = false;  // replaces the new organization's automatic default group
};

struct OrgTemplate {
  std::string id;
  std::string org_id;  // where it is defined
  std::string org_name;
  std::string name;
  std::optional<std::string> subscription_id;
  nlohmann::json settings = nlohmann::json::object();
  std::vector<std::string> role_ids;
  std::vector<GroupPreset> permission_groups;
  std::optional<std::int64_t> numbers;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

// The fields of a request; each one given replaces the template's whole field. The nullable ones
// hold an empty inner optional when sent as null.
struct TemplateInput {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> subscription_id;
  std::optional<nlohmann::json> settings;
  std::optional<std::vector<std::string>> role_ids;
  std::optional<nlohmann::json> permission_groups;
  std::optional<std::optional<std::int64_t>> numbers;
};

// The template `template_id` if it can be used to create an organization below `parent_id`
// (defined there or above); 404 otherwise.
OrgTemplate usable_template(storage::Connection& conn, const std::string& template_id, const std::string& parent_id);

class OrgTemplateService {
 public:
  OrgTemplateService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The templates usable at `org_id`: inherited ones (from ancestors) first, then its own.
  std::vector<OrgTemplate> list_usable(const auth::Principal& who, const std::string& org_id);
  // A template defined in the caller's scope or usable at their own organization.
  OrgTemplate get(const auth::Principal& who, const std::string& id);
  OrgTemplate create(const auth::Principal& who, const std::string& org_id, const TemplateInput& input,
                     const RequestMeta& meta);
  OrgTemplate update(const auth::Principal& who, const std::string& id, const TemplateInput& input,
                     const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

 private:
  // Refuses what the organization defining the template could not use: a plan, or a role, that
  // is not usable there (422 naming the field).
  void check_references(storage::Connection& conn, const OrgTemplate& t);

  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::orgs

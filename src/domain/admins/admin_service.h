#pragma once
// Administrators and API users (docs/product.md#administrators-roles-and-privileges, #api-users): invite, list, edit,
// suspend, delete, resend invitations. An administrator manages only administrators inside their subtree whose role's
// privileges they hold themselves, and never suspends or deletes themselves.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/admins/admin.h"
#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "domain/pagination.h"
#include "domain/uploaded_image.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::admins {

struct NewAdmin {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::optional<std::string> device_number;
  std::string role_id;                  // empty for an API user: the built-in API User role
  std::optional<std::string> timezone;  // default: the organization's
  std::optional<std::string> language;  // default: the organization's
  std::optional<nlohmann::json> address;
  std::vector<std::string> external_applications;  // API users only; none is allowed
};

struct AdminPatch {
  ProfilePatch profile;
  std::optional<std::string> role_id;
  std::optional<bool> login_suspended;
  std::optional<bool> account_suspended;
  std::optional<std::vector<std::string>> external_applications;  // API users only: replaces the list (may empty it)
};

struct AdminQuery {
  std::string q;  // text search on name or email
  bool include_suborgs = false;
  PageRequest page;
};

struct ResendResult {
  std::string admin_id;
  std::string email;
  std::string name;
  std::string status;  // sent | not_found | not_allowed
  std::string message;
};

class AdminService {
 public:
  AdminService(storage::Database& db, const Clock& clock, const events::EventBus& events, std::string portal_url)
      : db_(db), clock_(clock), events_(events), portal_url_(std::move(portal_url)) {}

  Page<Admin> list(const auth::Principal& who, const std::string& org_id, const AdminQuery& query);
  Admin get(const auth::Principal& who, const std::string& id);
  // Creates the administrator with a generated password and emails it (first sign-in changes it).
  Admin invite(const auth::Principal& who, const std::string& org_id, const NewAdmin& input, const RequestMeta& meta);
  // An API user: the credentials are emailed; it can only exchange them for bearer tokens.
  Admin create_api_user(const auth::Principal& who, const std::string& org_id, const NewAdmin& input,
                        const RequestMeta& meta);
  Admin update(const auth::Principal& who, const std::string& id, const AdminPatch& patch, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, bool confirm, const RequestMeta& meta);

  // New generated passwords for each, emailed; the results are kept for a CSV download.
  std::pair<std::string, std::vector<ResendResult>> resend_invitations(const auth::Principal& who,
                                                                       const std::vector<std::string>& admin_ids,
                                                                       const RequestMeta& meta);
  std::vector<ResendResult> batch_results(const auth::Principal& who, const std::string& batch_id);

  // Profile photos. Everyone manages their own (My Profile); another administrator's photo is
  // changed with what changing that administrator needs, and read with what reading them needs.
  // `body` is checked by its content first (check_uploaded_image), then stored in one transaction.
  Admin set_photo(const auth::Principal& who, const std::string& id, std::string body, const RequestMeta& meta);
  // 404 when the administrator has no photo.
  StoredImage photo(const auth::Principal& who, const std::string& id);
  void remove_photo(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

 private:
  Admin create(const auth::Principal& who, const std::string& org_id, const NewAdmin& input, const std::string& kind,
               const RequestMeta& meta);
  Admin load_manageable(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // The administrator whose photo `who` may change: themselves, or one they may manage.
  Admin load_photo_owner(storage::Connection& conn, const auth::Principal& who, const std::string& id);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  std::string portal_url_;
};

std::string resend_results_csv(const std::vector<ResendResult>& results);

// Publishes admin_privilege_granted / admin_privilege_revoked for what differs between the two.
void publish_privilege_changes(storage::Connection& conn, const events::EventBus& events, const Admin& admin,
                               const auth::PrivilegeSet& before, const auth::PrivilegeSet& after,
                               const std::string& changed_by);

}  // namespace lineport::admins

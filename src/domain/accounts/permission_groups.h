#pragma once
// User permission groups (docs/product.md#user-permission-groups): named sets of app features, defined on an
// organization and usable there and below (like roles). Every organization has one default group, created with it; new
// and moved accounts get it unless another is chosen.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

// voice, sms, mms, social_messaging, call_recording, message_logging, in_app_messaging
const std::vector<std::string_view>& app_features();
// Known features only, each once, in app_features() order; an unknown one fails `features[i]`.
std::vector<std::string> clean_features(const std::vector<std::string>& raw, Validator& v);

struct PermissionGroup {
  std::string id;
  std::string org_id;
  std::string org_name;
  std::string name;
  std::vector<std::string> features;
  bool is_default = false;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::int64_t account_count = 0;
};

struct GroupInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> features;
  std::optional<bool> is_default;
};

// Creates the default group of a new organization ("default cos for <name>").
void create_default_group(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                          const std::string& org_name);
// Adds a group to `org_id` (checked: a free name, features its plans allow) and returns its id; a
// default one takes over from the organization's current default.
std::string add_group(storage::Connection& conn, const Clock& clock, const std::string& org_id, const std::string& name,
                      const std::vector<std::string>& features, bool is_default);
// The default group in effect at `org_id`: the nearest default up the tree (normally its own).
std::string default_group_id(storage::Connection& conn, const std::string& org_id);
// The group if accounts of `org_id` may use it (defined there or above).
std::optional<PermissionGroup> find_usable_group(storage::Connection& conn, const std::string& group_id,
                                                 const std::string& org_id);

class PermissionGroupService {
 public:
  PermissionGroupService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Inherited groups first, then the organization's own. `is_default` is true for one group only:
  // the default in effect at `org_id` (the nearest one up the tree).
  std::vector<PermissionGroup> list_usable(const auth::Principal& who, const std::string& org_id);
  PermissionGroup create(const auth::Principal& who, const std::string& org_id, const GroupInput& input,
                         const RequestMeta& meta);
  PermissionGroup update(const auth::Principal& who, const std::string& id, const GroupInput& input,
                         const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

 private:
  PermissionGroup load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& id);

  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::accounts

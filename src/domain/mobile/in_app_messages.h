#pragma once
// Setup > In-App Messaging (docs/app.md#in-app-messages): an administrator writes a message to
// the users of an organization (optionally its sub-organizations, one permission group, or
// chosen accounts) with a start and an expiry; users whose effective features include
// in_app_messaging see it in the app. The list shows how many received and read each message.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/pagination.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mobile {

struct InAppMessage {
  std::string id;
  std::string org_id;
  std::string text;
  bool include_suborgs = false;
  std::optional<std::string> permission_group_id;
  std::int64_t account_count = 0;  // chosen accounts; 0 when the message is not limited to some
  UnixSeconds starts_at = 0;
  UnixSeconds expires_at = 0;
  UnixSeconds created_at = 0;
  std::string created_by;
  std::int64_t delivered = 0;
  std::int64_t read = 0;
};

struct InAppMessageInput {
  std::optional<std::string> text;
  std::optional<bool> include_suborgs;
  std::optional<std::string> permission_group_id;
  std::optional<std::vector<std::string>> account_ids;
  std::optional<std::string> starts_at;  // RFC 3339; now when absent
  std::optional<std::string> expires_at;
};

class InAppMessageService {
 public:
  InAppMessageService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Page<InAppMessage> list(const auth::Principal& who, const std::string& org_id, const PageRequest& page);
  InAppMessage create(const auth::Principal& who, const std::string& org_id, const InAppMessageInput& input,
                      const RequestMeta& meta);
  // Withdraws the message: the app no longer shows it.
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::mobile

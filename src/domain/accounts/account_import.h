#pragma once
// The CSV import of user accounts (SPEC §6.1): every row is validated before anything is
// written; a file with any invalid row writes nothing and reports every error by line, column
// and value; a valid file is written in one transaction (Import, or Import & Invite).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

struct ImportRequest {
  std::string org_id;
  std::optional<std::string> permission_group_id;  // default: the organization's default group
  bool invite = false;
  bool dry_run = false;
};

struct ImportOutcome {
  std::int64_t rows = 0;
  std::int64_t created = 0;
  std::int64_t invited = 0;
  std::string batch_id;  // empty for a dry run
  bool dry_run = false;
};

class AccountImport {
 public:
  AccountImport(storage::Database& db, const Clock& clock, const events::EventBus& events)
      : db_(db), clock_(clock), events_(events) {}

  // The header and one example row.
  static std::string template_csv();

  // Throws ApiError 422 whose `errors` are [{line, column, value, message}] (at most
  // max_reported_errors of them; `error_count` has the total).
  ImportOutcome run(const auth::Principal& who, const ImportRequest& request, std::string_view csv,
                    const RequestMeta& meta);

  // Turns the next `limit` invitations of an Import & Invite into activation codes and outbox
  // messages, in one transaction (the outbox worker calls it before each pass). An import stores
  // one job for all its invitations, so 100,000 of them do not make its transaction write
  // 100,000 outbox messages (SPEC §11). Returns false when no job is left.
  bool queue_invitations(std::size_t limit = 500);

  // The per-row result of a finished import, as CSV.
  std::string result_report(const auth::Principal& who, const std::string& batch_id);

  static constexpr std::size_t max_rows = 200'000;
  static constexpr std::size_t max_reported_errors = 1'000;

 private:
  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
};

}  // namespace lineport::accounts

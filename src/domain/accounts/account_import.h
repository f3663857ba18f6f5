#pragma once
// The CSV import of user accounts (docs/product.md#importing-accounts-from-csv): every row is validated before anything
// is written; a file with any invalid row writes nothing and reports every error by line, column and value; a valid
// file is written in one transaction (Import, or Import & Invite).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts/invitation.h"
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
  AccountImport(storage::Database& db, const Clock& clock, const events::EventBus& events, const ActivationCodes& codes)
      : db_(db), clock_(clock), events_(events), codes_(codes) {}

  // The header alone: a template has no row that an upload would import by mistake.
  static std::string template_csv();
  // The header and a few example rows (a separate download, linked from the import form).
  static std::string example_csv();

  // Throws DomainError 422 with the file's row errors by column (the first max_reported_errors
  // in line order, and the count of all), having written nothing.
  ImportOutcome run(const auth::Principal& who, const ImportRequest& request, std::string_view csv,
                    const RequestMeta& meta);

  // Turns the next `limit` invitations of an Import & Invite into activation codes and outbox
  // messages, in one transaction (the outbox worker calls it before each pass). An import stores
  // one job for all its invitations, so 100,000 of them do not make its transaction write
  // 100,000 outbox messages (docs/product.md#targets). Returns false when no job is left.
  bool queue_invitations(std::size_t limit = 500);

  // The per-row result of a finished import, as CSV.
  std::string result_report(const auth::Principal& who, const std::string& batch_id);

  static constexpr std::size_t max_rows = 200'000;
  static constexpr std::size_t max_reported_errors = 1'000;

 private:
  // run, but for a lost race for a login (PostgreSQL), which run turns into 409 login_taken.
  ImportOutcome read_check_and_write(const auth::Principal& who, const ImportRequest& request, std::string_view csv,
                                     const RequestMeta& meta);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  const ActivationCodes& codes_;
};

}  // namespace lineport::accounts

#pragma once
// User accounts through the API (SPEC §6): add (Save or Save & Invite), edit, list and export,
// invite and resend, suspend and resume, move, delete, and bulk operations. Numbers are taken and
// given back through numbers::NumberPool; alerts are published on the event bus.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/account.h"
#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_pool.h"
#include "domain/pagination.h"
#include "mail/outbox.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

struct AccountFilter {
  std::string status;
  std::string invitation_status;
  std::string permission_group_id;
  std::string q;
  bool include_suborgs = false;
};

struct NewAccount {
  AccountInput fields;
  numbers::NumberChoice number;
  bool invite = false;
};

struct AccountPatch {
  AccountInput fields;
  // Absent: unchanged. A number or tag: that number (the old one is given back). Release: none.
  std::optional<numbers::NumberChoice> number;
  bool release_number = false;
};

// What happened to one account of a multi-account action.
struct AccountResult {
  std::string account_id;
  std::string login;
  bool ok = true;
  std::string message;
};

struct BulkRequest {
  AccountFilter filter;
  std::string action;  // invite | edit | suspend | delete
  AccountInput changes;
};

struct BatchReport {
  std::string batch_id;
  std::int64_t total = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::vector<AccountResult> results;
};

struct MoveOption {
  std::string org_id;
  std::string org_name;
  int depth = 0;
  bool allowed = true;
  std::string reason;
};

// The exact message of SPEC §6 when a destination lacks numbers.
inline constexpr std::string_view not_enough_numbers_message =
    "Unable to move account(s). You do not have enough numbers available in the selected organization";

class AccountService {
 public:
  AccountService(storage::Database& db, const Clock& clock, const events::EventBus& events, std::string portal_url)
      : db_(db), clock_(clock), events_(events), portal_url_(std::move(portal_url)) {}

  Page<Account> list(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                     const PageRequest& page);
  // Calls `on_row` for every account matching the filter (the CSV export); records the download.
  void for_each(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                const RequestMeta& meta, const std::function<void(const Account&)>& on_row);
  Account get(const auth::Principal& who, const std::string& id);
  Account create(const auth::Principal& who, const std::string& org_id, const NewAccount& input,
                 const RequestMeta& meta);
  Account update(const auth::Principal& who, const std::string& id, const AccountPatch& patch,
                 const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

  std::vector<AccountResult> invite(const auth::Principal& who, const std::vector<std::string>& ids,
                                    const RequestMeta& meta);
  std::vector<AccountResult> suspend(const auth::Principal& who, const std::vector<std::string>& ids,
                                     const RequestMeta& meta);
  std::vector<AccountResult> resume(const auth::Principal& who, const std::vector<std::string>& ids,
                                    const RequestMeta& meta);
  std::vector<MoveOption> move_options(const auth::Principal& who, const std::vector<std::string>& ids);
  std::int64_t move(const auth::Principal& who, const std::vector<std::string>& ids, const std::string& to_org_id,
                    const RequestMeta& meta);
  BatchReport bulk(const auth::Principal& who, const std::string& org_id, const BulkRequest& request,
                   const RequestMeta& meta);

  // The outbox gave up on an invitation: the account's invitation status becomes failed (unless
  // a newer invitation was sent since).
  void mark_invitation_failed(storage::Connection& conn, const std::string& account_id,
                              std::int64_t invitation_number);

  // The outbox worker's renderer of invitations (see accounts::render_invitation), with the
  // portal's URL for the activation link.
  mail::Message render_invitation(storage::Connection& conn, const mail::Message& stored) const;

  // Shared with the CSV import: sends a new invitation to `account` (a new activation code; the
  // number, if held, becomes assigned). The account must be saved or invited.
  void send_invitation(storage::Connection& conn, const Account& account, bool check_stock);

  static constexpr std::size_t max_ids = 10'000;

 private:
  Account load(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // The same in a write transaction that will change the account: locks its row first.
  Account load_for_update(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // Runs `action` on each account in its own transaction and collects the results.
  std::vector<AccountResult> for_each_account(const auth::Principal& who, const std::vector<std::string>& ids,
                                              const std::function<void(storage::Connection&, Account&)>& action);
  void publish(storage::Connection& conn, const std::string& key, const Account& account, nlohmann::json values);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  std::string portal_url_;
};

}  // namespace lineport::accounts

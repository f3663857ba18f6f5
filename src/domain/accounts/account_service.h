#pragma once
// User accounts through the API (docs/product.md#user-accounts-and-invitations): add (Save or Save & Invite), edit,
// list and export, invite and resend, suspend and resume, move, delete, and bulk operations. Numbers are taken and
// given back through numbers::NumberPool; alerts are published on the event bus.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/account.h"
#include "domain/accounts/invitation.h"
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
  std::string action;  // invite | edit | suspend | resume | delete
  AccountInput changes;
};

// Where a bulk operation stands: `done` of `total` accounts handled so far.
struct BulkProgress {
  std::string batch_id;
  std::string org_id;
  std::string action;
  std::int64_t total = 0;
  std::int64_t done = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  bool finished = false;
  UnixSeconds created_at = 0;
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

// The exact message of docs/product.md#user-accounts-and-invitations when a destination lacks numbers.
inline constexpr std::string_view not_enough_numbers_message =
    "Unable to move account(s). You do not have enough numbers available in the selected organization";

class AccountService {
 public:
  AccountService(storage::Database& db, const Clock& clock, const events::EventBus& events,
                 const ActivationCodes& codes, std::string portal_url)
      : db_(db), clock_(clock), events_(events), codes_(codes), portal_url_(std::move(portal_url)) {}

  // The Accounts page: each account is handed to `each` as it is read, in one Account object
  // that the next row overwrites (nothing per account is kept or allocated:
  // docs/performance.md#read-path); then the page's total and cursor.
  PageInfo list(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                const PageRequest& page, const std::function<void(const Account&)>& each);
  // Calls `on_row` for every account matching the filter (the CSV export); records the download.
  void for_each(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                const RequestMeta& meta, const std::function<void(const Account&)>& on_row);
  Account get(const auth::Principal& who, const std::string& id);
  Account create(const auth::Principal& who, const std::string& org_id, const NewAccount& input,
                 const RequestMeta& meta);
  Account update(const auth::Principal& who, const std::string& id, const AccountPatch& patch, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta);

  std::vector<AccountResult> invite(const auth::Principal& who, const std::vector<std::string>& ids,
                                    const RequestMeta& meta);
  std::vector<AccountResult> suspend(const auth::Principal& who, const std::vector<std::string>& ids,
                                     const RequestMeta& meta);
  std::vector<AccountResult> resume(const auth::Principal& who, const std::vector<std::string>& ids,
                                    const RequestMeta& meta);
  // Deletes each account as remove() does one; each has its result.
  std::vector<AccountResult> remove_each(const auth::Principal& who, const std::vector<std::string>& ids,
                                         const RequestMeta& meta);
  std::vector<MoveOption> move_options(const auth::Principal& who, const std::vector<std::string>& ids);
  std::int64_t move(const auth::Principal& who, const std::vector<std::string>& ids, const std::string& to_org_id,
                    const RequestMeta& meta);
  // Bulk operations (docs/decisions.md, "Bulk operations"): a job over the accounts matching the
  // filter when it starts, each account handled once in its own transaction with its result.
  // start_bulk stores the job and answers at once; bulk runs it to the end and reports.
  BulkProgress start_bulk(const auth::Principal& who, const std::string& org_id, const BulkRequest& request,
                          const RequestMeta& meta);
  BatchReport bulk(const auth::Principal& who, const std::string& org_id, const BulkRequest& request,
                   const RequestMeta& meta);
  // Handles up to `limit` accounts of the oldest unfinished job; false when there was none. The
  // background worker calls it at every pass.
  bool run_bulk_step(std::size_t limit = 200);
  BulkProgress bulk_progress(const auth::Principal& who, const std::string& batch_id);
  // The per-account results so far, in order.
  void for_each_bulk_result(const auth::Principal& who, const std::string& batch_id,
                            const std::function<void(const AccountResult&)>& on_result);

  // The outbox gave up on an invitation: the account's invitation status becomes failed (unless
  // a newer invitation was sent since).
  void mark_invitation_failed(storage::Connection& conn, const std::string& account_id, std::int64_t invitation_number);

  // The outbox worker's renderer of invitations (see accounts::render_invitation), with the
  // portal's URL for the activation link.
  mail::Message render_invitation(storage::Connection& conn, const mail::Message& stored) const;

  // Shared with the CSV import: sends a new invitation to `account` (a new activation code; the
  // number, if held, becomes assigned). The account must be saved or invited.
  void send_invitation(storage::Connection& conn, const Account& account, bool check_stock);

  static constexpr std::size_t max_ids = 10'000;
  // 422 on account_ids unless 1 to max_ids ids are given.
  static void require_id_count(const std::vector<std::string>& ids);

 private:
  // create's and update's transactions (their callers turn a lost race for a login into 409).
  Account insert_one(storage::Connection& conn, const auth::Principal& who, Account& account, const NewAccount& input,
                     const RequestMeta& meta);
  Account update_one(const auth::Principal& who, const std::string& id, const AccountPatch& patch,
                     const RequestMeta& meta, std::optional<Account>& changed_login);
  Account load(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // 409 subscription_limit when the accounts and their numbers would take a plan past a limit.
  void require_room_for(storage::Connection& conn, const std::vector<Account>& moving, const std::string& to_org_id);
  // The same in a write transaction that will change the account: locks its row first.
  Account load_for_update(storage::Connection& conn, const auth::Principal& who, const std::string& id);
  // Runs `action` on each account in its own transaction and collects the results; a transaction
  // the database aborts for a conflict runs again, so `action` must be restartable
  // (storage::Database::write_restartable).
  std::vector<AccountResult> for_each_account(const auth::Principal& who, const std::vector<std::string>& ids,
                                              const std::function<void(storage::Connection&, Account&)>& action);
  void publish(storage::Connection& conn, const std::string& key, const Account& account, nlohmann::json values);

  // The ids of up to `limit` accounts matching `filter`, oldest first.
  std::vector<std::string> matching_ids(storage::Connection& conn, const std::string& org_id,
                                        const AccountFilter& filter, std::size_t limit);
  // What each action does to one account, inside the caller's transaction.
  void invite_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                  const RequestMeta& meta);
  void suspend_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                   const RequestMeta& meta);
  void resume_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                  const RequestMeta& meta);
  void remove_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                  const RequestMeta& meta);
  void edit_one(storage::Connection& conn, const auth::Principal& who, Account& account, const AccountInput& changes,
                const RequestMeta& meta);

  // Bulk jobs (account_bulk.cpp).
  struct BulkJob;
  std::optional<BulkJob> load_bulk_job(storage::Connection& conn, const std::string& batch_id);
  bool run_bulk_step(const std::string& batch_id, std::size_t limit);
  void handle_bulk_account(const BulkJob& job, std::size_t index, const std::optional<auth::Principal>& who);
  void finish_bulk(const BulkJob& job);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  const ActivationCodes& codes_;
  std::string portal_url_;
};

}  // namespace lineport::accounts

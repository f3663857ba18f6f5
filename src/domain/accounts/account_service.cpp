#include "domain/accounts/account_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/accounts/account_counts.h"
#include "domain/accounts/invitation.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "mail/outbox.h"
#include "storage/queries/accounts.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::accounts;
using numbers::NumberEvent;

std::vector<std::string> domain_restriction(storage::Connection& conn, const std::string& org_id) {
  const auto value = orgs::effective_value(conn, org_id, "domain_restriction");
  return value.is_array() ? value.get<std::vector<std::string>>() : std::vector<std::string>{};
}

void require_login_allowed(storage::Connection& conn, const Account& a) {
  const auto domains = domain_restriction(conn, a.org_id);
  if (!login_allowed({a.login, a.login_kind}, domains))
    throw ApiError(ErrorCode::validation_failed, "The login's domain is not allowed in this organization.",
                   {{"login", "Must be an address at " + text::join(domains, ", ") + "."}});
}

void require_login_free(storage::Connection& conn, const Account& a) {
  if (!conn.query(sql::login_taken, {a.org_id, text::fold_case(a.login), a.id}).empty())
    throw ApiError(ErrorCode::login_taken, "A user account with the login " + a.login + " exists in this organization.",
                   {{"login", "Already used by another account of this organization."}});
}

void require_usable_group(storage::Connection& conn, Account& a) {
  if (a.permission_group_id.empty()) {
    a.permission_group_id = default_group_id(conn, a.org_id);
  } else if (!find_usable_group(conn, a.permission_group_id, a.org_id)) {
    throw ApiError(ErrorCode::validation_failed, "Unknown permission group.",
                   {{"permission_group_id", "Not a permission group of this organization or above."}});
  }
}

storage::Params field_params(const Account& a, UnixSeconds now) {
  return {a.id, a.first_name, a.last_name, a.login, text::fold_case(a.login), a.login_kind, a.permission_group_id,
          a.social_messaging, a.monitor_calls, a.monitor_sms, a.forwarding_number,
          a.restrict_incoming_social_messaging, a.notification_email, a.notes, search_text_of(a), now};
}

Account reload(storage::Connection& conn, const std::string& id) {
  return account_from_row(conn.query(sql::select_by_id, {id}).one());
}

std::string status_after_resume(const Account& a) {
  if (a.activated_at) return "active";
  if (a.invited_at) return "invited";
  return "saved";
}

// After an edit: the group counts follow a change of group (the organization stays).
void count_group_change(storage::Connection& conn, const Account& before, const Account& after) {
  move_in_group_counts(conn, before.permission_group_id, before.org_id, after.permission_group_id, after.org_id);
}

std::int64_t available_numbers(storage::Connection& conn, const Clock& clock, const std::string& org_id) {
  return numbers::NumberPool(conn, clock).count(org_id, numbers::NumberStatus::available);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reading

Account AccountService::load_for_update(storage::Connection& conn, const auth::Principal& who, const std::string& id) {
  // A no-op update takes the row's lock on PostgreSQL, so two requests changing one account (two
  // deletes, two edits of its group) run one after the other and the second sees the first's
  // result; the counters kept with the accounts then never count a change twice. SQLite's write
  // transactions already run one at a time.
  conn.execute(sql::lock_one, {id});
  return load(conn, who, id);
}

Account AccountService::load(storage::Connection& conn, const auth::Principal& who, const std::string& id) {
  const auto rows = conn.query(sql::select_by_id, {id});
  if (rows.empty()) throw_not_found("The user account does not exist.");
  auto account = account_from_row(rows.one());
  if (!orgs::in_scope(conn, who.home_org_id, account.org_id)) throw_not_found("The user account does not exist.");
  return account;
}

namespace {

storage::Params filter_params(const std::string& org_id, const AccountFilter& f) {
  const std::string q = text::fold_case(text::trim(f.q));
  return {org_id, f.include_suborgs ? 1 : 0, f.status, f.invitation_status, f.permission_group_id,
          q.empty() ? "" : "%" + text::escape_like(q) + "%"};
}

}  // namespace

Page<Account> AccountService::list(const auth::Principal& who, const std::string& org_id,
                                   const AccountFilter& filter, const PageRequest& page) {
  std::int64_t before_time = std::numeric_limits<std::int64_t>::max();
  std::string before_id;
  if (page.cursor) {
    const auto key = decode_cursor(*page.cursor, 2);
    if (!key || !text::parse_int((*key)[0]))
      throw ApiError(ErrorCode::validation_failed, "Invalid cursor.", {{"cursor", "Not a cursor of this list."}});
    before_time = *text::parse_int((*key)[0]);
    before_id = (*key)[1];
  }
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    auto params = filter_params(org_id, filter);
    const auto total = conn.query(sql::count_filtered, params).one().integer(0);
    params.insert(params.end(), {before_time, page.cursor ? before_id : std::string("\x7f"), page.limit + 1});
    Page<Account> out;
    out.total = total;
    for (const auto& row : conn.query(sql::select_page, params).rows) out.items.push_back(account_from_row(row));
    if (out.items.size() > static_cast<std::size_t>(page.limit)) {
      out.items.pop_back();
      out.next_cursor = encode_cursor({std::to_string(out.items.back().created_at), out.items.back().id});
    }
    return out;
  });
}

void AccountService::for_each(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                              const RequestMeta& meta, const std::function<void(const Account&)>& on_row) {
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "accounts.export", audit::Activity::download, "org", org_id,
                   {{"status", filter.status}, {"q", filter.q}, {"include_suborgs", filter.include_suborgs}}});
  });
  db_.read([&](storage::Connection& conn) {
    conn.for_each(sql::select_filtered, filter_params(org_id, filter),
                  [&](const storage::Row& row) { on_row(account_from_row(row)); });
  });
}

Account AccountService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) { return load(conn, who, id); });
}

// ---------------------------------------------------------------------------------------------
// Writing one account

void AccountService::publish(storage::Connection& conn, const std::string& key, const Account& account,
                             nlohmann::json values) {
  values["account_name"] = account.display_name();
  values["login"] = account.login;
  if (!values.contains("org_name")) values["org_name"] = account.org_name;
  events_.publish(conn, {key, account.org_id, std::move(values)});
}

Account AccountService::create(const auth::Principal& who, const std::string& org_id, const NewAccount& input,
                               const RequestMeta& meta) {
  Account account;
  account.id = crypto::new_id();
  account.org_id = org_id;
  Validator v;
  if (!input.fields.login) v.fail("login", "Is required: an email address or a device number with country code.");
  apply_input(account, input.fields, v);
  v.throw_if_failed();

  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    account.org_name = orgs::org_name(conn, org_id);
    require_login_allowed(conn, account);
    require_usable_group(conn, account);
    require_login_free(conn, account);
    const auto now = clock_.now();
    auto params = field_params(account, now);
    params.erase(params.end() - 1);  // insert takes the fields, then batch, line and time
    params.insert(params.begin() + 1, account.org_id);
    params.insert(params.end(), {nullptr, nullptr, now});
    try {
      conn.execute(sql::insert, params);
    } catch (const storage::DatabaseError& e) {
      if (e.kind() == storage::DatabaseError::Kind::unique_violation) require_login_free(conn, account);
      throw;
    }
    count_in_group(conn, account.permission_group_id, org_id, +1);
    numbers::NumberPool pool(conn, clock_);
    if (!input.number.empty()) {
      pool.take(input.invite ? NumberEvent::assign : NumberEvent::hold, org_id, input.number, account.id);
      pool.check_utilization_threshold(events_, org_id);
    }
    account = reload(conn, account.id);
    if (input.invite) send_invitation(conn, account, true);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "account.create", audit::Activity::write, "account", account.id,
                   {{"login", account.login}, {"invite", input.invite},
                    {"multiline_number", account.multiline_number ? nlohmann::json(*account.multiline_number) : nullptr}}});
    publish(conn, "account_added", account,
            {{"added_by", who.email}, {"multiline_number", account.multiline_number.value_or("")}});
    return reload(conn, account.id);
  });
}

Account AccountService::update(const auth::Principal& who, const std::string& id, const AccountPatch& patch,
                               const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    Account account = load_for_update(conn, who, id);
    const Account before = account;
    Validator v;
    apply_input(account, patch.fields, v);
    v.throw_if_failed();
    // Judged by what happened, not by the status: a suspended account may have been activated.
    const bool activated = before.activated_at.has_value();
    if (account.login != before.login) {
      if (activated)
        throw ApiError(ErrorCode::validation_failed, "An activated account keeps its login.",
                       {{"login", "Cannot change after activation."}});
      require_login_allowed(conn, account);
      require_login_free(conn, account);
      // The code went to the old login: it must not activate the new one. A resend sends a new one.
      conn.execute(sql::clear_activation_code, {account.id});
    }
    if (account.permission_group_id != before.permission_group_id) require_usable_group(conn, account);
    conn.execute(sql::update_fields, field_params(account, clock_.now()));
    count_group_change(conn, before, account);

    numbers::NumberPool pool(conn, clock_);
    // A tag always asks for another number; a value only when it differs from the current one.
    const bool new_number = patch.number && !patch.number->empty() &&
                            (patch.number->tag || patch.number->number != before.multiline_number);
    if (patch.release_number || new_number) {
      if (activated && before.multiline_number)
        throw ApiError(ErrorCode::validation_failed, "An activated account keeps its number.",
                       {{"multiline_number", "Cannot change after activation."}});
      pool.give_back(account.id);
    }
    if (new_number) {
      if (activated)
        throw ApiError(ErrorCode::validation_failed, "An activated account keeps its number.",
                       {{"multiline_number", "Cannot change after activation."}});
      const auto event = before.invited_at ? NumberEvent::assign : NumberEvent::hold;
      pool.take(event, account.org_id, *patch.number, account.id);
      pool.check_utilization_threshold(events_, account.org_id);
    }
    const Account after = reload(conn, id);
    nlohmann::json changes = nlohmann::json::object();
    const auto diff = [&](const char* field, const auto& from, const auto& to) {
      if (from != to) changes[field] = {{"from", from}, {"to", to}};
    };
    diff("first_name", before.first_name, after.first_name);
    diff("last_name", before.last_name, after.last_name);
    diff("login", before.login, after.login);
    diff("permission_group_id", before.permission_group_id, after.permission_group_id);
    diff("social_messaging", before.social_messaging, after.social_messaging);
    diff("monitor_calls", before.monitor_calls, after.monitor_calls);
    diff("monitor_sms", before.monitor_sms, after.monitor_sms);
    diff("multiline_number", before.multiline_number.value_or(""), after.multiline_number.value_or(""));
    if (!changes.empty())
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {after.org_id, "account.update", audit::Activity::write, "account", id, changes});
    return after;
  });
}

void AccountService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Account account = load_for_update(conn, who, id);
    numbers::NumberPool(conn, clock_).give_back(id);
    conn.execute(sql::delete_one, {id});
    count_in_group(conn, account.permission_group_id, account.org_id, -1);
    if (account.status == "active") count_active(conn, account.org_id, -1);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {account.org_id, "account.delete", audit::Activity::write, "account", id,
                   {{"login", account.login}}});
    publish(conn, "account_deleted", account, {{"deleted_by", who.email}});
  });
}

// ---------------------------------------------------------------------------------------------
// Invitations

void AccountService::send_invitation(storage::Connection& conn, const Account& account, bool check_stock) {
  if (account.status != "saved" && account.status != "invited")
    throw ApiError(ErrorCode::conflict, "Only saved or invited accounts get invitations.");
  numbers::NumberPool pool(conn, clock_);
  const auto number = pool.advance(NumberEvent::assign, account.id);
  // A user invited without a number picks one at activation: there must be one to pick.
  if (!number && check_stock && account.status == "saved" && available_numbers(conn, clock_, account.org_id) == 0)
    throw ApiError(ErrorCode::no_numbers_available,
                   "The organization has no available number for the user to choose at activation.");

  const auto code = new_activation_code();
  const auto now = clock_.now();
  conn.execute(sql::record_invitation, {account.id, now, code.hash, now + activation_code_lifetime});
  mail::enqueue(conn, clock_,
                invitation_message(account, code.code, account.invitation_count + 1));
  if (!number && account.status == "saved") pool.check_invitation_threshold(events_, account.org_id);
}

mail::Message AccountService::render_invitation(storage::Connection& conn, const mail::Message& stored) const {
  return accounts::render_invitation(conn, portal_url_, stored);
}

void AccountService::mark_invitation_failed(storage::Connection& conn, const std::string& account_id,
                                            std::int64_t invitation_number) {
  conn.execute(sql::mark_invitation_failed, {account_id, clock_.now(), invitation_number});
}

std::vector<AccountResult> AccountService::for_each_account(
    const auth::Principal& who, const std::vector<std::string>& ids,
    const std::function<void(storage::Connection&, Account&)>& action) {
  if (ids.empty() || ids.size() > max_ids)
    throw ApiError(ErrorCode::validation_failed, "List 1 to 10000 accounts.", {{"account_ids", "List 1 to 10000 ids."}});
  std::vector<AccountResult> results;
  for (const auto& id : ids) {
    AccountResult result{id, "", true, ""};
    try {
      db_.write([&](storage::Connection& conn) {
        Account account = load_for_update(conn, who, id);
        result.login = account.login;
        action(conn, account);
      });
    } catch (const std::exception& e) {
      // Each account stands alone: one that fails is reported and the others go on.
      result.ok = false;
      result.message = e.what();
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<AccountResult> AccountService::invite(const auth::Principal& who, const std::vector<std::string>& ids,
                                                  const RequestMeta& meta) {
  return for_each_account(who, ids, [&](storage::Connection& conn, Account& account) {
    // A resend works whatever the number stock (SPEC §6); a first invitation needs one to pick.
    send_invitation(conn, account, account.status == "saved");
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {account.org_id, "account.invite", audit::Activity::write, "account", account.id,
                   {{"invitation", account.invitation_count + 1}}});
  });
}

// ---------------------------------------------------------------------------------------------
// Suspend, resume, move

std::vector<AccountResult> AccountService::suspend(const auth::Principal& who, const std::vector<std::string>& ids,
                                                   const RequestMeta& meta) {
  return for_each_account(who, ids, [&](storage::Connection& conn, Account& account) {
    if (account.status == "suspended") throw ApiError(ErrorCode::conflict, "Already suspended.");
    conn.execute(sql::set_status, {account.id, "suspended", "admin", clock_.now()});
    if (account.status == "active") count_active(conn, account.org_id, -1);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {account.org_id, "account.suspend", audit::Activity::write, "account", account.id, {}});
    publish(conn, "account_suspended", account,
            {{"suspended_by", who.email}, {"reason", "suspended by an administrator"}});
  });
}

std::vector<AccountResult> AccountService::resume(const auth::Principal& who, const std::vector<std::string>& ids,
                                                  const RequestMeta& meta) {
  return for_each_account(who, ids, [&](storage::Connection& conn, Account& account) {
    if (account.status != "suspended") throw ApiError(ErrorCode::conflict, "Not suspended.");
    if (account.suspended_reason == "privacy_opt_out")
      throw ApiError(ErrorCode::conflict, "The user opted out of the privacy policy; only the user can resume.");
    const auto resumed = status_after_resume(account);
    conn.execute(sql::set_status, {account.id, resumed, nullptr, clock_.now()});
    if (resumed == "active") count_active(conn, account.org_id, +1);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {account.org_id, "account.resume", audit::Activity::write, "account", account.id, {}});
    publish(conn, "suspended_account_reactivated", account, {{"reactivated_by", who.email}});
  });
}

namespace {

// How many numbers a destination must have available to take these accounts (SPEC §6: the
// invited accounts without a number, plus its own such accounts).
std::int64_t numbers_needed(storage::Connection& conn, const std::vector<Account>& moving, const std::string& to) {
  std::int64_t need = 0;
  for (const auto& a : moving)
    if (a.status == "invited" && !a.multiline_number && a.org_id != to) ++need;
  if (need == 0) return 0;
  return need + conn.query(sql::count_invited_without_number_in, {to}).one().integer(0);
}

}  // namespace

std::vector<MoveOption> AccountService::move_options(const auth::Principal& who, const std::vector<std::string>& ids) {
  if (ids.empty() || ids.size() > max_ids)
    throw ApiError(ErrorCode::validation_failed, "List 1 to 10000 accounts.", {{"account_ids", "List 1 to 10000 ids."}});
  return db_.read([&](storage::Connection& conn) {
    std::vector<Account> moving;
    for (const auto& id : ids) moving.push_back(load(conn, who, id));
    std::vector<MoveOption> out;
    for (const auto& row : conn.query(storage::sql::orgs::select_subtree_for_picker, {who.home_org_id}).rows) {
      MoveOption option{row.text(0), row.text(1), static_cast<int>(row.integer(2)), true, ""};
      const auto need = numbers_needed(conn, moving, option.org_id);
      if (need > 0 && need > available_numbers(conn, clock_, option.org_id)) {
        option.allowed = false;
        option.reason = std::string(not_enough_numbers_message);
      }
      out.push_back(std::move(option));
    }
    return out;
  });
}

std::int64_t AccountService::move(const auth::Principal& who, const std::vector<std::string>& ids,
                                  const std::string& to_org_id, const RequestMeta& meta) {
  if (ids.empty() || ids.size() > max_ids)
    throw ApiError(ErrorCode::validation_failed, "List 1 to 10000 accounts.", {{"account_ids", "List 1 to 10000 ids."}});
  return db_.write([&](storage::Connection& conn) {
    if (to_org_id.empty() || !orgs::in_scope(conn, who.home_org_id, to_org_id))
      throw ApiError(ErrorCode::validation_failed, "Unknown destination organization.",
                     {{"to_org_id", "Not an organization in your scope."}});
    // Locked in the order of their ids, so two moves of overlapping lists cannot deadlock.
    std::vector<std::string> in_id_order(ids);
    std::sort(in_id_order.begin(), in_id_order.end());
    for (const auto& id : in_id_order) conn.execute(sql::lock_one, {id});
    std::vector<Account> moving;
    for (const auto& id : ids) moving.push_back(load(conn, who, id));
    const auto need = numbers_needed(conn, moving, to_org_id);
    if (need > 0 && need > available_numbers(conn, clock_, to_org_id))
      throw ApiError(ErrorCode::not_enough_numbers, std::string(not_enough_numbers_message));

    const auto group = default_group_id(conn, to_org_id);
    const auto to_name = orgs::org_name(conn, to_org_id);
    numbers::NumberPool pool(conn, clock_);
    std::int64_t moved = 0;
    for (const auto& account : moving) {
      if (account.org_id == to_org_id) continue;
      Account arriving = account;
      arriving.org_id = to_org_id;
      require_login_free(conn, arriving);
      pool.move_with_account(account.id, to_org_id);
      conn.execute(sql::move_to_org, {account.id, to_org_id, group, clock_.now()});
      move_in_group_counts(conn, account.permission_group_id, account.org_id, group, to_org_id);
      if (account.status == "active") move_in_active_counts(conn, account.org_id, to_org_id);
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {to_org_id, "account.move", audit::Activity::write, "account", account.id,
                     {{"from_org_id", account.org_id}, {"to_org_id", to_org_id}}});
      const nlohmann::json values = {{"from_org_name", account.org_name}, {"to_org_name", to_name},
                                     {"moved_by", who.email}};
      publish(conn, "account_moved", account, values);
      Account arrived = account;
      arrived.org_id = to_org_id;
      arrived.org_name = to_name;
      publish(conn, "account_moved", arrived, values);
      ++moved;
    }
    return moved;
  });
}

// ---------------------------------------------------------------------------------------------
// Bulk operations

BatchReport AccountService::bulk(const auth::Principal& who, const std::string& org_id, const BulkRequest& request,
                                 const RequestMeta& meta) {
  static const std::vector<std::string> actions{"invite", "edit", "suspend", "delete"};
  if (std::find(actions.begin(), actions.end(), request.action) == actions.end())
    throw ApiError(ErrorCode::validation_failed, "Unknown action.",
                   {{"action", "Must be invite, edit, suspend or delete."}});
  if (request.action == "edit") {
    Account probe;
    Validator v;
    if (request.changes.login) v.fail("changes.login", "Logins are edited one account at a time.");
    apply_input(probe, request.changes, v);
    v.throw_if_failed();
  }
  const auto ids = db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    auto params = filter_params(org_id, request.filter);
    params.push_back(static_cast<std::int64_t>(max_ids) + 1);
    std::vector<std::string> out;
    for (const auto& row : conn.query(sql::select_filtered_ids, params).rows) out.push_back(row.text(0));
    return out;
  });
  if (ids.empty()) throw ApiError(ErrorCode::validation_failed, "No account matches the filter.", {{"filter", "Matches no account."}});
  if (ids.size() > max_ids)
    throw ApiError(ErrorCode::validation_failed, "The filter matches more than 10000 accounts.",
                   {{"filter", "Narrow it to at most 10000 accounts."}});

  BatchReport report;
  if (request.action == "invite") {
    for (auto& r : invite(who, ids, meta)) report.results.push_back(std::move(r));
  } else if (request.action == "suspend") {
    for (auto& r : suspend(who, ids, meta)) report.results.push_back(std::move(r));
  } else {
    report.results = for_each_account(who, ids, [&](storage::Connection& conn, Account& account) {
      if (request.action == "delete") {
        numbers::NumberPool(conn, clock_).give_back(account.id);
        conn.execute(sql::delete_one, {account.id});
        count_in_group(conn, account.permission_group_id, account.org_id, -1);
        if (account.status == "active") count_active(conn, account.org_id, -1);
        publish(conn, "account_deleted", account, {{"deleted_by", who.email}});
      } else {
        const Account before = account;
        Validator v;
        apply_input(account, request.changes, v);
        v.throw_if_failed();
        if (request.changes.permission_group_id) require_usable_group(conn, account);
        conn.execute(sql::update_fields, field_params(account, clock_.now()));
        count_group_change(conn, before, account);
      }
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {account.org_id, "account." + request.action, audit::Activity::write, "account", account.id,
                     {{"bulk", true}}});
    });
  }
  report.total = static_cast<std::int64_t>(report.results.size());
  for (const auto& r : report.results) (r.ok ? report.succeeded : report.failed)++;
  report.batch_id = crypto::new_id();
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : report.results)
    results.push_back({{"account_id", r.account_id}, {"login", r.login}, {"ok", r.ok}, {"message", r.message}});
  db_.write([&](storage::Connection& conn) {
    conn.execute(sql::insert_batch, {report.batch_id, org_id, request.action, who.admin_id, clock_.now(), report.total,
                                     report.succeeded, report.failed, results.dump(), storage::Value(), storage::Value()});
    events_.publish(conn, {"batch_operations_report", org_id,
                           {{"operation", request.action},
                            {"org_name", orgs::org_name(conn, org_id)},
                            {"total", report.total},
                            {"succeeded", report.succeeded},
                            {"failed", report.failed},
                            {"started_by", who.email}}});
  });
  return report;
}

}  // namespace lineport::accounts

#include "domain/accounts/account_service.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <tuple>

#include "domain/accounts/account_counts.h"
#include "domain/accounts/account_search.h"
#include "domain/accounts/invitation.h"
#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/subscriptions/plan_rules.h"
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
    throw DomainError(ErrorCode::validation_failed, "The login's domain is not allowed in this organization.",
                      {{"login", "Must be an address at " + text::join(domains, ", ") + "."}});
}

// A login identifies one user across the whole system (docs/decisions.md, "One login, one
// user"). The refusal names the organization that has it only when the caller may see it.
void require_login_free(storage::Connection& conn, const auth::Principal& who, const Account& a) {
  const auto owner = conn.query(sql::login_owner, {text::fold_case(a.login), a.id});
  if (owner.empty()) return;
  constexpr auto c = sql::login_owner_columns;
  const auto org_id = owner.one().text(c["org_id"]);
  const auto org_name = owner.one().text(c["org_name"]);
  if (!orgs::in_scope(conn, who.home_org_id, org_id))
    throw DomainError(ErrorCode::login_taken,
                      "A user account with the login " + a.login + " exists in another organization.",
                      {{"login", "Already used by a user account of another organization."}});
  DomainError error(ErrorCode::login_taken, "A user account with the login " + a.login + " exists in " + org_name + ".",
                    {{"login", "Already used by a user account of " + org_name + "."}});
  error.extra = {{"org_id", org_id}, {"org_name", org_name}};
  throw error;
}

void require_usable_group(storage::Connection& conn, Account& a) {
  if (a.permission_group_id.empty()) {
    a.permission_group_id = default_group_id(conn, a.org_id);
  } else if (!find_usable_group(conn, a.permission_group_id, a.org_id)) {
    throw DomainError(ErrorCode::validation_failed, "Unknown permission group.",
                      {{"permission_group_id", "Not a permission group of this organization or above."}});
  }
}

sql::AccountFields fields_of(const Account& a) {
  return {.first_name = a.first_name,
          .last_name = a.last_name,
          .login = a.login,
          .login_key = text::fold_case(a.login),
          .login_kind = a.login_kind,
          .permission_group_id = a.permission_group_id,
          .social_messaging = a.social_messaging,
          .monitor_calls = a.monitor_calls,
          .monitor_sms = a.monitor_sms,
          .forwarding_number = a.forwarding_number,
          .restrict_incoming_social_messaging = a.restrict_incoming_social_messaging,
          .notification_email = a.notification_email,
          .notes = a.notes,
          .search_text = search_text_of(a)};
}

void update_fields(storage::Connection& conn, const Account& a, UnixSeconds now) {
  conn.execute(sql::update_fields, sql::UpdateFields{.id = a.id, .fields = fields_of(a), .updated_at = now}.params());
}

Account reload(storage::Connection& conn, const std::string& id) {
  return find_account(conn, id).value();
}

std::string status_after_resume(const Account& a) {
  if (a.activated_at) return "active";
  if (a.invited_at) return "invited";
  return "saved";
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
  auto found = find_account(conn, id);
  if (!found) throw_not_found("The user account does not exist.");
  auto account = std::move(*found);
  if (!orgs::in_scope(conn, who.home_org_id, account.org_id)) throw_not_found("The user account does not exist.");
  return account;
}

namespace {

// The filter's text as it is searched: trimmed and folded like accounts.search_text.
std::string folded_text(const AccountFilter& f) {
  return text::fold_case(text::trim(f.q));
}

// The filter's values, its text as a LIKE pattern (sql::FilterStatements::like).
sql::Filter sql_filter(const std::string& org_id, const AccountFilter& f) {
  const std::string q = folded_text(f);
  return {.org_id = org_id,
          .include_suborgs = f.include_suborgs,
          .status = f.status,
          .invitation_status = f.invitation_status,
          .permission_group_id = f.permission_group_id,
          .text = q.empty() ? "" : like_pattern(q)};
}

// How one page of the list is read: the statements and values of its total and of its page
// (docs/performance.md#lists). `q` is the folded text.
struct ListPlan {
  const storage::Query* total = nullptr;
  storage::Params total_params;
  const storage::Query* page = nullptr;
  storage::Params page_params;
  const storage::Query* page_keys = nullptr;  // the page's keys alone (one organization, no text)
};

ListPlan plan_list(sql::Page page, const std::string& q, storage::Backend backend) {
  auto& f = page.filter;
  const auto& statements = f.statements();
  ListPlan plan;
  if (q.empty()) {
    // The total comes from the counters, kept exact with the accounts; rare states have their index.
    plan.total = &statements.count;
    plan.total_params = f.counted_params();
    const bool suspended = f.status == "suspended", failed = f.invitation_status == "failed";
    plan.page = suspended ? &statements.suspended_page : failed ? &statements.failed_page : &statements.like.page;
    plan.page_params = page.params();
    const auto& keys = sql::org_page_keys;
    if (!f.include_suborgs) plan.page_keys = suspended ? &keys.suspended : failed ? &keys.failed : &keys.like;
  } else if (!indexed_search(q) || backend == storage::Backend::postgresql) {
    // Along PostgreSQL's trigram index, or (one or two characters) by reading the accounts.
    const auto& text = indexed_search(q) ? statements.trigram : statements.like;
    plan.total = &text.total;
    plan.total_params = f.params();
    plan.page = &text.page;
    plan.page_params = page.params();
  } else {
    // SQLite's index finds the accounts that hold the text's trigrams; the pattern, the statements'
    // last value, keeps those that hold the text.
    f.text = trigram_query(q);
    plan.total = &statements.fts.total;
    plan.total_params = f.params();
    plan.total_params.emplace_back(like_pattern(q));
    plan.page = &statements.fts.page;
    plan.page_params = page.params();
    plan.page_params.emplace_back(like_pattern(q));
  }
  return plan;
}

// The accounts `statement` reads, at most `limit` of them (its LIMIT).
std::vector<Account> read_accounts(storage::Connection& conn, const storage::Query& statement,
                                   const storage::Params& params, std::int64_t limit) {
  std::vector<Account> items;
  items.reserve(static_cast<std::size_t>(limit));
  conn.for_each_view(statement, params, [&](const storage::RowView& row) { items.push_back(account_from_row(row)); });
  return items;
}

std::string cursor_after(const Account& a) {
  return encode_cursor({std::to_string(a.created_at), a.id});
}

// A subtree whose matching accounts lie in this many organizations or fewer is read one
// organization at a time, each along its own index, and the pages merged; a larger one is read
// in one statement that sorts the subtree's matching accounts. So is a search: the text index
// gives the candidates of the whole subtree at once.
constexpr std::size_t max_merged_orgs = 16;  // sql::orgs_holding_in_subtree reads one more

// PostgreSQL's statement of the keys of several organizations' pages for `one`, the keys of one
// organization's page (sql::org_page_keys).
const storage::Query& keys_of_orgs_pg(const storage::Query& one) {
  const auto& of_one = sql::org_page_keys;
  const auto& of_orgs = sql::orgs_page_keys_pg;
  return &one == &of_one.suspended ? of_orgs.suspended : &one == &of_one.failed ? of_orgs.failed : of_orgs.like;
}

// The page of a subtree, without text, merged from its organizations' pages; nullopt when its
// matching accounts lie in more than max_merged_orgs organizations. Each organization's page is
// read as keys first, along its index alone; the newest keys of them all make the page, and an
// organization's share of it is the start of its own page: only those accounts are read.
std::optional<std::vector<Account>> read_merged(storage::Connection& conn, const sql::Page& page,
                                                storage::Backend backend) {
  const auto holding = conn.query(sql::orgs_holding_in_subtree, page.filter.counted_params()).rows;
  if (holding.size() > max_merged_orgs) return std::nullopt;
  std::vector<ListPlan> plans;
  struct Key {
    std::int64_t created_at;
    std::string id;
    std::size_t org;  // in plans
  };
  std::vector<Key> keys;
  std::vector<std::string> org_ids;
  for (const auto& row : holding) {
    auto one = page;
    one.filter.include_suborgs = false;
    one.filter.org_id = row.text(0);
    org_ids.push_back(one.filter.org_id);
    plans.push_back(plan_list(one, "", backend));
  }
  if (backend == storage::Backend::postgresql && !plans.empty()) {
    // One statement for every organization's keys; each row names its organization.
    auto params = plans.front().page_params;
    params.front() = nlohmann::json(org_ids).dump();  // $1: the organizations instead of one
    conn.for_each_view(keys_of_orgs_pg(*plans.front().page_keys), params, [&](const storage::RowView& key) {
      const auto org = std::find(org_ids.begin(), org_ids.end(), key.text_view(2));
      keys.push_back({key.integer(0), key.text(1), static_cast<std::size_t>(org - org_ids.begin())});
    });
  } else {
    for (std::size_t org = 0; org < plans.size(); ++org)
      conn.for_each_view(*plans[org].page_keys, plans[org].page_params, [&](const storage::RowView& key) {
        keys.push_back({key.integer(0), key.text(1), org});
      });
  }
  const auto newest_first = [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  };
  const auto page_size = std::min(keys.size(), static_cast<std::size_t>(page.limit));
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(page_size), keys.end(), newest_first);
  std::vector<std::int64_t> share(plans.size(), 0);
  for (std::size_t i = 0; i < page_size; ++i) ++share[keys[i].org];

  std::vector<Account> merged;
  merged.reserve(page_size);
  for (std::size_t org = 0; org < plans.size(); ++org) {
    if (share[org] == 0) continue;
    auto params = plans[org].page_params;
    params.back() = share[org];  // the limit, the statements' last value
    auto items = read_accounts(conn, *plans[org].page, params, share[org]);
    std::move(items.begin(), items.end(), std::back_inserter(merged));
  }
  std::sort(merged.begin(), merged.end(), newest_first);
  return merged;
}

}  // namespace

std::vector<std::string> AccountService::matching_ids(storage::Connection& conn, const std::string& org_id,
                                                      const AccountFilter& filter, std::size_t limit) {
  const sql::FilteredIds ids{.filter = sql_filter(org_id, filter), .limit = static_cast<std::int64_t>(limit)};
  std::vector<std::string> out;
  for (const auto& row : conn.query(ids.filter.statements().ids, ids.params()).rows) out.push_back(row.text(0));
  return out;
}

PageInfo AccountService::list(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                              const PageRequest& page, const std::function<void(const Account&)>& each) {
  std::int64_t before_time = std::numeric_limits<std::int64_t>::max();
  std::string before_id;
  if (page.cursor) {
    const auto key = continue_after(page, {"", ""});
    const auto time = text::parse_int(key[0]);
    if (!time) throw_bad_cursor();
    before_time = *time;
    before_id = key[1];
  }
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    // One row more than the page: it only says that a next page exists.
    const auto sql_page = sql::Page{.filter = sql_filter(org_id, filter),
                                    .before_created_at = before_time,
                                    .before_id = page.cursor ? before_id : std::string("\x7f"),
                                    .limit = page.limit + 1};
    const std::string q = folded_text(filter);
    const auto plan = plan_list(sql_page, q, db_.backend());
    PageInfo info;
    info.total = conn.query(*plan.total, plan.total_params).one().integer(0);
    if (info.total == 0) return info;  // no account to read
    std::optional<std::vector<Account>> merged;
    if (filter.include_suborgs && q.empty()) merged = read_merged(conn, sql_page, db_.backend());
    std::int64_t given = 0;
    if (merged) {
      for (const auto& account : *merged) {
        if (given++ == page.limit) {
          info.next_cursor = cursor_after((*merged)[static_cast<std::size_t>(page.limit) - 1]);
          break;
        }
        each(account);
      }
      return info;
    }
    Account account;  // each row overwrites the one before, reusing its strings
    conn.for_each_view(*plan.page, plan.page_params, [&](const storage::RowView& row) {
      if (given++ == page.limit) {
        info.next_cursor = cursor_after(account);  // still the page's last account
        return;
      }
      read_account(row, account);
      each(account);
    });
    return info;
  });
}

void AccountService::for_each(const auth::Principal& who, const std::string& org_id, const AccountFilter& filter,
                              const RequestMeta& meta, const std::function<void(const Account&)>& on_row) {
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "accounts.export",
                   audit::Activity::download,
                   "org",
                   org_id,
                   {{"status", filter.status}, {"q", filter.q}, {"include_suborgs", filter.include_suborgs}}});
  });
  db_.read([&](storage::Connection& conn) {
    const auto f = sql_filter(org_id, filter);
    conn.for_each_view(f.statements().all, f.params(),
                       [&](const storage::RowView& row) { on_row(account_from_row(row)); });
  });
}

Account AccountService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) {
    Account account = load(conn, who, id);
    account.effective_features = effective_features(conn, account);
    return account;
  });
}

std::vector<std::string> effective_features(storage::Connection& conn, const Account& account) {
  std::vector<std::string> features;
  if (const auto group = find_usable_group(conn, account.permission_group_id, account.org_id))
    features = group->features;
  if (const auto allowed = subscriptions::allowed_features(conn, account.org_id))
    std::erase_if(features, [&](const std::string& f) {
      return std::find(allowed->begin(), allowed->end(), f) == allowed->end();
    });
  return features;
}

// ---------------------------------------------------------------------------------------------
// Writing one account

void AccountService::publish(storage::Connection& conn, const std::string& key, const Account& account,
                             nlohmann::json values) {
  values["account_id"] = account.id;
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

  try {
    // insert_one fills the account in: each run starts from what the request gave.
    return db_.write_restartable([&](storage::Connection& conn) {
      Account fresh = account;
      return insert_one(conn, who, fresh, input, meta);
    });
  } catch (const storage::DatabaseError& e) {
    // A concurrent request added the login between the check and the insert (PostgreSQL): say so
    // as the check would have, from a fresh transaction (the failed one can read nothing more).
    if (e.kind() == storage::DatabaseError::Kind::unique_violation)
      db_.read([&](storage::Connection& conn) { require_login_free(conn, who, account); });
    throw;
  }
}

Account AccountService::insert_one(storage::Connection& conn, const auth::Principal& who, Account& account,
                                   const NewAccount& input, const RequestMeta& meta) {
  const std::string& org_id = account.org_id;
  orgs::require_in_scope(conn, who, org_id);
  account.org_name = orgs::org_name(conn, org_id);
  require_login_allowed(conn, account);
  require_usable_group(conn, account);
  require_login_free(conn, who, account);
  subscriptions::require_room(conn, db_.backend(), org_id, subscriptions::Limit::accounts, {.created = 1});
  const auto now = clock_.now();
  SearchRowids search_rowids(conn, db_.backend());
  conn.execute(sql::insert, sql::Insert{.id = account.id,
                                        .org_id = org_id,
                                        .fields = fields_of(account),
                                        .created_at = now,
                                        .search_rowid = search_rowids.take()}
                                .params());
  search_rowids.finish();
  count_new_accounts(conn, {org_id, "saved", "not_sent", account.permission_group_id}, now, 1);
  numbers::NumberPool pool(conn, clock_);
  if (!input.number.empty()) {
    pool.take(input.invite ? NumberEvent::assign : NumberEvent::hold, org_id, input.number, account.id);
    pool.check_utilization_threshold(events_, org_id);
  }
  account = reload(conn, account.id);
  if (input.invite) send_invitation(conn, account, true);
  audit::append(
      conn, clock_, audit::actor_of(who), meta,
      {org_id,
       "account.create",
       audit::Activity::write,
       "account",
       account.id,
       {{"login", account.login},
        {"invite", input.invite},
        {"multiline_number", account.multiline_number ? nlohmann::json(*account.multiline_number) : nullptr}}});
  publish(conn, "account_added", account,
          {{"added_by", who.email}, {"multiline_number", account.multiline_number.value_or("")}});
  return reload(conn, account.id);
}

Account AccountService::update(const auth::Principal& who, const std::string& id, const AccountPatch& patch,
                               const RequestMeta& meta) {
  std::optional<Account> changed_login;  // the account with its new login, once checked
  try {
    return update_one(who, id, patch, meta, changed_login);
  } catch (const storage::DatabaseError& e) {
    // As in create: a concurrent request took the new login.
    if (e.kind() == storage::DatabaseError::Kind::unique_violation && changed_login)
      db_.read([&](storage::Connection& conn) { require_login_free(conn, who, *changed_login); });
    throw;
  }
}

Account AccountService::update_one(const auth::Principal& who, const std::string& id, const AccountPatch& patch,
                                   const RequestMeta& meta, std::optional<Account>& changed_login) {
  return db_.write_restartable([&](storage::Connection& conn) {
    changed_login.reset();  // set again below by this run if the login changes
    Account account = load_for_update(conn, who, id);
    const Account before = account;
    Validator v;
    apply_input(account, patch.fields, v);
    v.throw_if_failed();
    // Judged by what happened, not by the status: a suspended account may have been activated.
    const bool activated = before.activated_at.has_value();
    if (account.login != before.login) {
      if (activated)
        throw DomainError(ErrorCode::validation_failed, "An activated account keeps its login.",
                          {{"login", "Cannot change after activation."}});
      require_login_allowed(conn, account);
      changed_login = account;
      require_login_free(conn, who, account);
      // The code went to the old login: it must not activate the new one. A resend sends a new one.
      conn.execute(sql::clear_activation_code, {account.id});
    }
    if (account.permission_group_id != before.permission_group_id) require_usable_group(conn, account);
    update_fields(conn, account, clock_.now());

    numbers::NumberPool pool(conn, clock_);
    // A tag always asks for another number; a value only when it differs from the current one.
    const bool new_number = patch.number && !patch.number->empty() &&
                            (patch.number->tag || patch.number->number != before.multiline_number);
    if (patch.release_number || new_number) {
      if (activated && before.multiline_number)
        throw DomainError(ErrorCode::validation_failed, "An activated account keeps its number.",
                          {{"multiline_number", "Cannot change after activation."}});
      pool.give_back(account.id);
    }
    if (new_number) {
      if (activated)
        throw DomainError(ErrorCode::validation_failed, "An activated account keeps its number.",
                          {{"multiline_number", "Cannot change after activation."}});
      const auto event = before.invited_at ? NumberEvent::assign : NumberEvent::hold;
      pool.take(event, account.org_id, *patch.number, account.id);
      pool.check_utilization_threshold(events_, account.org_id);
    }
    Account after = reload(conn, id);
    audit::Changes changes;
    changes.compare("first_name", before.first_name, after.first_name);
    changes.compare("last_name", before.last_name, after.last_name);
    changes.compare("login", before.login, after.login);
    changes.compare("permission_group_id", before.permission_group_id, after.permission_group_id);
    changes.compare("social_messaging", before.social_messaging, after.social_messaging);
    changes.compare("monitor_calls", before.monitor_calls, after.monitor_calls);
    changes.compare("monitor_sms", before.monitor_sms, after.monitor_sms);
    changes.compare("multiline_number", before.multiline_number, after.multiline_number);
    if (!changes.empty())
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {after.org_id, "account.update", audit::Activity::write, "account", id, changes.take()});
    return after;
  });
}

void AccountService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write_restartable(
      [&](storage::Connection& conn) { remove_one(conn, who, load_for_update(conn, who, id), meta); });
}

std::vector<AccountResult> AccountService::remove_each(const auth::Principal& who, const std::vector<std::string>& ids,
                                                       const RequestMeta& meta) {
  return for_each_account(who, ids,
                          [&](storage::Connection& conn, Account& account) { remove_one(conn, who, account, meta); });
}

void AccountService::remove_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                                const RequestMeta& meta) {
  numbers::NumberPool(conn, clock_).give_back(account.id);
  conn.execute(sql::delete_one, {account.id});
  // The charges of this cycle still count it as active until now (docs/subscriptions.md#charging).
  if (account.status == "active") conn.execute(sql::log_active_deleted, {account.org_id, clock_.now()});
  audit::append(
      conn, clock_, audit::actor_of(who), meta,
      {account.org_id, "account.delete", audit::Activity::write, "account", account.id, {{"login", account.login}}});
  publish(conn, "account_deleted", account, {{"deleted_by", who.email}});
}

void AccountService::edit_one(storage::Connection& conn, const auth::Principal& who, Account& account,
                              const AccountInput& changes, const RequestMeta& meta) {
  const Account before = account;
  Validator v;
  apply_input(account, changes, v);
  v.throw_if_failed();
  if (changes.permission_group_id) require_usable_group(conn, account);
  update_fields(conn, account, clock_.now());
  audit::append(conn, clock_, audit::actor_of(who), meta,
                {account.org_id, "account.edit", audit::Activity::write, "account", account.id, {{"bulk", true}}});
}

// ---------------------------------------------------------------------------------------------
// Invitations

void AccountService::send_invitation(storage::Connection& conn, const Account& account, bool check_stock) {
  // A user who activated before is invited again to activate on a new phone (docs/decisions.md,
  // "Invitations"): they keep their number and status. One suspended before activating has
  // nothing to activate into.
  const bool activated_before = account.activated_at.has_value();
  if (account.status == "suspended" && !activated_before)
    throw DomainError(ErrorCode::conflict,
                      "The account was suspended before it was activated: resume it before inviting it again.");
  numbers::NumberPool pool(conn, clock_);
  const auto number = activated_before ? pool.of_account(account.id) : pool.advance(NumberEvent::assign, account.id);
  // A user invited without a number picks one at activation: there must be one to pick.
  if (!number && check_stock && account.status == "saved" && available_numbers(conn, clock_, account.org_id) == 0)
    throw DomainError(ErrorCode::no_numbers_available,
                      "The organization has no available number for the user to choose at activation.");

  const auto code = codes_.make();
  const auto now = clock_.now();
  conn.execute(sql::record_invitation, {account.id, now, code.hash, now + activation_code_lifetime});
  mail::enqueue(conn, clock_, invitation_message(account, code.code, account.invitation_count + 1));
  if (!number && account.status == "saved") pool.check_invitation_threshold(events_, account.org_id);
}

mail::Message AccountService::render_invitation(storage::Connection& conn, const mail::Message& stored) const {
  return accounts::render_invitation(conn, portal_url_, stored);
}

void AccountService::mark_invitation_failed(storage::Connection& conn, const std::string& account_id,
                                            std::int64_t invitation_number) {
  if (conn.execute(sql::mark_invitation_failed, {account_id, clock_.now(), invitation_number}) != 1) return;
  if (const auto account = find_account(conn, account_id))
    publish(conn, "invitation_failed", *account, {{"invitation_number", invitation_number}});
}

void AccountService::require_id_count(const std::vector<std::string>& ids) {
  if (ids.empty() || ids.size() > max_ids)
    throw DomainError(ErrorCode::validation_failed, "List 1 to 10000 accounts.",
                      {{"account_ids", "List 1 to 10000 ids."}});
}

std::vector<AccountResult> AccountService::for_each_account(
    const auth::Principal& who, const std::vector<std::string>& ids,
    const std::function<void(storage::Connection&, Account&)>& action) {
  require_id_count(ids);
  std::vector<AccountResult> results;
  for (const auto& id : ids) {
    AccountResult result{id, "", true, ""};
    try {
      db_.write_restartable([&](storage::Connection& conn) {
        result.login.clear();  // the login this run finds, if any
        Account account = load_for_update(conn, who, id);
        result.login = account.login;
        action(conn, account);
      });
    } catch (const DomainError& e) {
      // Each account stands alone: one the rules refuse is reported and the others go on. Any
      // other failure (the database gone) ends the request as it would any other: the accounts
      // already done stay done, and the client gets 503 or 500 without the database's words.
      result.ok = false;
      result.message = e.what();
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<AccountResult> AccountService::invite(const auth::Principal& who, const std::vector<std::string>& ids,
                                                  const RequestMeta& meta) {
  return for_each_account(who, ids,
                          [&](storage::Connection& conn, Account& account) { invite_one(conn, who, account, meta); });
}

void AccountService::invite_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                                const RequestMeta& meta) {
  // A resend works whatever the number stock; a first invitation needs one to pick.
  send_invitation(conn, account, account.status == "saved");
  audit::append(conn, clock_, audit::actor_of(who), meta,
                {account.org_id,
                 "account.invite",
                 audit::Activity::write,
                 "account",
                 account.id,
                 {{"invitation", account.invitation_count + 1}}});
}

// ---------------------------------------------------------------------------------------------
// Suspend, resume, move

std::vector<AccountResult> AccountService::suspend(const auth::Principal& who, const std::vector<std::string>& ids,
                                                   const RequestMeta& meta) {
  return for_each_account(who, ids,
                          [&](storage::Connection& conn, Account& account) { suspend_one(conn, who, account, meta); });
}

void AccountService::suspend_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                                 const RequestMeta& meta) {
  if (account.status == "suspended") throw DomainError(ErrorCode::conflict, "Already suspended.");
  conn.execute(sql::set_status, {account.id, "suspended", "admin", clock_.now()});
  audit::append(conn, clock_, audit::actor_of(who), meta,
                {account.org_id, "account.suspend", audit::Activity::write, "account", account.id, {}});
  publish(conn, "account_suspended", account,
          {{"suspended_by", who.email}, {"reason", "suspended by an administrator"}});
}

std::vector<AccountResult> AccountService::resume(const auth::Principal& who, const std::vector<std::string>& ids,
                                                  const RequestMeta& meta) {
  return for_each_account(who, ids,
                          [&](storage::Connection& conn, Account& account) { resume_one(conn, who, account, meta); });
}

void AccountService::resume_one(storage::Connection& conn, const auth::Principal& who, const Account& account,
                                const RequestMeta& meta) {
  if (account.status != "suspended") throw DomainError(ErrorCode::conflict, "Not suspended.");
  if (account.suspended_reason == "privacy_opt_out")
    throw DomainError(ErrorCode::conflict, "The user opted out of the privacy policy; only the user can resume.");
  const auto resumed = status_after_resume(account);
  conn.execute(sql::set_status, {account.id, resumed, nullptr, clock_.now()});
  audit::append(conn, clock_, audit::actor_of(who), meta,
                {account.org_id, "account.resume", audit::Activity::write, "account", account.id, {}});
  publish(conn, "suspended_account_reactivated", account, {{"reactivated_by", who.email}});
}

namespace {

// How many numbers a destination must have available to take these accounts
// (docs/product.md#user-accounts-and-invitations: the invited accounts without a number, plus its own such accounts).
std::int64_t numbers_needed(storage::Connection& conn, const std::vector<Account>& moving, const std::string& to) {
  std::int64_t need = 0;
  for (const auto& a : moving)
    if (a.status == "invited" && !a.multiline_number && a.org_id != to) ++need;
  if (need == 0) return 0;
  return need + conn.query(sql::count_invited_without_number_in, {to}).one().integer(0);
}

}  // namespace

std::vector<MoveOption> AccountService::move_options(const auth::Principal& who, const std::vector<std::string>& ids) {
  require_id_count(ids);
  return db_.read([&](storage::Connection& conn) {
    std::vector<Account> moving;
    moving.reserve(ids.size());
    for (const auto& id : ids) moving.push_back(load(conn, who, id));
    std::vector<MoveOption> out;
    constexpr auto c = storage::sql::orgs::picker_columns;
    for (const auto& row : conn.query(storage::sql::orgs::select_subtree_for_picker, {who.home_org_id}).rows) {
      MoveOption option{row.text(c["id"]), row.text(c["name"]), static_cast<int>(row.integer(c["depth"])), true, ""};
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

void AccountService::require_room_for(storage::Connection& conn, const std::vector<Account>& moving,
                                      const std::string& to_org_id) {
  // The accounts and the numbers they hold arrive in the destination's subtree together.
  subscriptions::Arrivals accounts, numbers;
  for (const auto& account : moving) {
    if (account.org_id == to_org_id) continue;
    ++accounts.moved_from[account.org_id];
    if (account.multiline_number) ++numbers.moved_from[account.org_id];
  }
  subscriptions::require_room(conn, db_.backend(), to_org_id, subscriptions::Limit::accounts, accounts);
  subscriptions::require_room(conn, db_.backend(), to_org_id, subscriptions::Limit::numbers, numbers);
}

std::int64_t AccountService::move(const auth::Principal& who, const std::vector<std::string>& ids,
                                  const std::string& to_org_id, const RequestMeta& meta) {
  require_id_count(ids);
  return db_.write_restartable([&](storage::Connection& conn) {
    if (to_org_id.empty() || !orgs::in_scope(conn, who.home_org_id, to_org_id))
      throw DomainError(ErrorCode::validation_failed, "Unknown destination organization.",
                        {{"to_org_id", "Not an organization in your scope."}});
    // Locked in the order of their ids, so two moves of overlapping lists cannot deadlock.
    std::vector<std::string> in_id_order(ids);
    std::sort(in_id_order.begin(), in_id_order.end());
    for (const auto& id : in_id_order) conn.execute(sql::lock_one, {id});
    std::vector<Account> moving;
    moving.reserve(ids.size());
    for (const auto& id : ids) moving.push_back(load(conn, who, id));
    const auto need = numbers_needed(conn, moving, to_org_id);
    if (need > 0 && need > available_numbers(conn, clock_, to_org_id))
      throw DomainError(ErrorCode::not_enough_numbers, std::string(not_enough_numbers_message));
    require_room_for(conn, moving, to_org_id);

    const auto group = default_group_id(conn, to_org_id);
    const auto to_name = orgs::org_name(conn, to_org_id);
    numbers::NumberPool pool(conn, clock_);
    // Every account moves before the first audit entry: the counters the moves change
    // (account_counts, account_created_counts, number_counts) are then all taken before the audit
    // chain's head, as every other audited write of accounts takes them. Taking the head after
    // the first account and a counter after it could deadlock with an account created meanwhile
    // on PostgreSQL.
    for (const auto& account : moving) {
      if (account.org_id == to_org_id) continue;
      pool.move_with_account(account.id, to_org_id);
      conn.execute(sql::move_to_org, {account.id, to_org_id, group, clock_.now()});
    }
    std::int64_t moved = 0;
    for (const auto& account : moving) {
      if (account.org_id == to_org_id) continue;
      audit::append(conn, clock_, audit::actor_of(who), meta,
                    {to_org_id,
                     "account.move",
                     audit::Activity::write,
                     "account",
                     account.id,
                     {{"from_org_id", account.org_id}, {"to_org_id", to_org_id}}});
      const nlohmann::json values = {
          {"from_org_name", account.org_name}, {"to_org_name", to_name}, {"moved_by", who.email}};
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

}  // namespace lineport::accounts

#pragma once
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::accounts {

#define LINEPORT_ACCOUNT_COLUMNS                                                                                     \
  "a.id, a.org_id, o.name AS org_name, a.first_name, a.last_name, a.login, a.login_kind, a.multiline_number, "       \
  "a.permission_group_id, g.name AS permission_group_name, a.social_messaging, a.monitor_calls, a.monitor_sms, "     \
  "a.forwarding_number, a.restrict_incoming_social_messaging, a.status, a.suspended_reason, a.invitation_status, "   \
  "a.invitation_count, a.created_at, a.invited_at, a.activated_at, a.device_number, a.notification_email, a.notes, " \
  "a.platform, a.last_sign_in_at, a.updated_at"
#define LINEPORT_ACCOUNT_FROM \
  " FROM accounts a JOIN orgs o ON o.id = a.org_id LEFT JOIN permission_groups g ON g.id = a.permission_group_id "

inline constexpr Query select_by_id{"accounts.select_by_id",
                                    "SELECT " LINEPORT_ACCOUNT_COLUMNS LINEPORT_ACCOUNT_FROM "WHERE a.id = $1"};
// The columns of an account (accounts::account_from_row), the same in every statement below that
// selects LINEPORT_ACCOUNT_COLUMNS.
inline constexpr Columns account_columns{select_by_id};

// The list's filter (docs/performance.md#lists): organization $1 or its subtree, status $2,
// invitation status $3, permission group $4, text $5; '' means any. The statements come in two
// sets, one for an organization alone, whose accounts are read newest first along the index
// accounts_org_created and stop at the page's end, and one for its subtree.
#define LINEPORT_STATE_FILTER                                                 \
  "AND ($2 = '' OR a.status = $2) AND ($3 = '' OR a.invitation_status = $3) " \
  "AND ($4 = '' OR a.permission_group_id = $4) "
// Text $5 three ways: a LIKE pattern on the folded search text, matched by reading the accounts;
// an FTS5 query for every trigram of the text along SQLite's trigram index, then the LIKE pattern
// (the last parameter, $6 or $9) on the accounts it finds; a LIKE pattern along PostgreSQL's
// trigram index (migration 0026).
#define LINEPORT_LIKE_TEXT_AS(n) \
  "AND ($" n " = '' OR a.search_text LIKE $" n " ESCAPE '\\' OR a.multiline_number LIKE $" n " ESCAPE '\\') "
#define LINEPORT_LIKE_TEXT LINEPORT_LIKE_TEXT_AS("5")
// The FTS5 statements read the index's matches first, then their accounts (CROSS JOIN keeps that
// order: without statistics SQLite would rather read the organization's accounts and look each up).
#define LINEPORT_FTS_FROM                                                                               \
  " FROM account_search s CROSS JOIN accounts a ON a.id = s.account_id JOIN orgs o ON o.id = a.org_id " \
  "LEFT JOIN permission_groups g ON g.id = a.permission_group_id "
#define LINEPORT_FTS_TEXT(pattern) "AND s.account_search MATCH $5 " LINEPORT_LIKE_TEXT_AS(pattern)
#define LINEPORT_TRIGRAM_TEXT "AND (a.search_text || ' ' || COALESCE(a.multiline_number, '')) LIKE $5 ESCAPE '\\' "
// The totals of a filter without text, from account_counts (migration 0024).
#define LINEPORT_COUNTED_FILTER                                               \
  "AND ($2 = '' OR n.status = $2) AND ($3 = '' OR n.invitation_status = $3) " \
  "AND ($4 = '' OR n.permission_group_id = $4)"
#define LINEPORT_PAGE_FROM(from, orgs, filter)                                       \
  "SELECT " LINEPORT_ACCOUNT_COLUMNS from "WHERE " orgs LINEPORT_STATE_FILTER filter \
  "AND (a.created_at, a.id) < ($6, $7) ORDER BY a.created_at DESC, a.id DESC LIMIT $8"
#define LINEPORT_PAGE(orgs, filter) LINEPORT_PAGE_FROM(LINEPORT_ACCOUNT_FROM, orgs, filter)
#define LINEPORT_COUNT(orgs, filter) "SELECT COUNT(*) FROM accounts a WHERE " orgs LINEPORT_STATE_FILTER filter
// Which organizations: $1 alone, or its subtree; `column` holds an account's organization.
#define LINEPORT_IN_ORG(column) column " = $1 "
#define LINEPORT_IN_SUBTREE(column) column " IN (SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $1) "
#define LINEPORT_FILTER_STATEMENTS(set, in_orgs)                                                                   \
  {                                                                                                                \
    .like = {{"accounts.select_page_" set, LINEPORT_PAGE(in_orgs("a.org_id"), LINEPORT_LIKE_TEXT)},                \
             {"accounts.count_matching_" set, LINEPORT_COUNT(in_orgs("a.org_id"), LINEPORT_LIKE_TEXT)}},           \
    .fts = {{"accounts.select_fts_page_" set,                                                                      \
             LINEPORT_PAGE_FROM(LINEPORT_FTS_FROM, in_orgs("a.org_id"), LINEPORT_FTS_TEXT("9"))},                  \
            {"accounts.count_fts_" set,                                                                            \
             "SELECT COUNT(*) FROM account_search s CROSS JOIN accounts a "                                        \
             "ON a.id = s.account_id WHERE " in_orgs("a.org_id") LINEPORT_STATE_FILTER LINEPORT_FTS_TEXT("6")}},   \
    .trigram = {{"accounts.select_trigram_page_" set, LINEPORT_PAGE(in_orgs("a.org_id"), LINEPORT_TRIGRAM_TEXT)},  \
                {"accounts.count_trigram_" set, LINEPORT_COUNT(in_orgs("a.org_id"), LINEPORT_TRIGRAM_TEXT)}},      \
    .suspended_page = {"accounts.select_suspended_page_" set,                                                      \
                       LINEPORT_PAGE(in_orgs("a.org_id"), LINEPORT_LIKE_TEXT "AND a.status = 'suspended' ")},      \
    .failed_page = {"accounts.select_failed_page_" set,                                                            \
                    LINEPORT_PAGE(in_orgs("a.org_id"), LINEPORT_LIKE_TEXT "AND a.invitation_status = 'failed' ")}, \
    .count = {"accounts.count_" set, "SELECT COALESCE(SUM(n.count), 0) FROM account_counts n WHERE " in_orgs(      \
                                         "n.org_id") LINEPORT_COUNTED_FILTER},                                     \
    .all = {"accounts.select_filtered_" set,                                                                       \
            "SELECT " LINEPORT_ACCOUNT_COLUMNS LINEPORT_ACCOUNT_FROM "WHERE " in_orgs("a.org_id")                  \
                LINEPORT_STATE_FILTER LINEPORT_LIKE_TEXT "ORDER BY a.created_at DESC, a.id DESC"},                 \
    .ids = {                                                                                                       \
      "accounts.select_filtered_ids_" set,                                                                         \
      "SELECT a.id FROM accounts a WHERE " in_orgs("a.org_id") LINEPORT_STATE_FILTER LINEPORT_LIKE_TEXT            \
      "ORDER BY a.created_at, a.id LIMIT $6"                                                                       \
    }                                                                                                              \
  }

struct PageAndTotal {
  Query page;   // a page, newest first: filter, then the cursor ($6, $7) and the limit $8
  Query total;  // filter
};
struct FilterStatements {
  PageAndTotal like;     // text: a LIKE pattern, or '' for any
  PageAndTotal fts;      // text: an FTS5 query, and a LIKE pattern after the other values (SQLite)
  PageAndTotal trigram;  // text: a LIKE pattern along pg_trgm (PostgreSQL)
  Query suspended_page;  // like.page when $2 is 'suspended', along the partial index of migration 0025
  Query failed_page;     // like.page when $3 is 'failed', along the other one
  Query count;           // the total of a filter without text, from the counters: filter but $5
  Query all;             // every account, newest first (the CSV export): filter
  Query ids;             // the first $6 ids, oldest first (bulk operations by filter): filter, limit
};
inline constexpr FilterStatements in_org LINEPORT_FILTER_STATEMENTS("in_org", LINEPORT_IN_ORG);
inline constexpr FilterStatements in_subtree LINEPORT_FILTER_STATEMENTS("in_subtree", LINEPORT_IN_SUBTREE);
static_assert(Columns{in_org.like.page} == account_columns && Columns{in_subtree.like.page} == account_columns);
static_assert(Columns{in_org.fts.page} == account_columns && Columns{in_org.trigram.page} == account_columns);
static_assert(Columns{in_org.suspended_page} == account_columns && Columns{in_org.failed_page} == account_columns);
static_assert(Columns{in_org.all} == account_columns && Columns{in_subtree.all} == account_columns);

// The values of the filter.
struct Filter {
  std::string org_id;
  bool include_suborgs = false;
  std::string status;               // '' for any
  std::string invitation_status;    // '' for any
  std::string permission_group_id;  // '' for any
  std::string text;                 // '' for any; its form depends on the statements (FilterStatements)
  const FilterStatements& statements() const { return include_suborgs ? in_subtree : in_org; }
  Params params() const {
    return bind_values<parameter_count(in_org.like.total.sql)>(org_id, status, invitation_status, permission_group_id,
                                                               text);
  }
  Params counted_params() const {
    return bind_values<parameter_count(in_org.count.sql)>(org_id, status, invitation_status, permission_group_id);
  }
};
struct Page {
  Filter filter;
  std::int64_t before_created_at = 0;
  std::string before_id;
  std::int64_t limit = 0;
  Params params() const {
    const auto& f = filter;
    return bind_values<parameter_count(in_org.like.page.sql)>(
        f.org_id, f.status, f.invitation_status, f.permission_group_id, f.text, before_created_at, before_id, limit);
  }
};
struct FilteredIds {
  Filter filter;
  std::int64_t limit = 0;
  Params params() const {
    const auto& f = filter;
    return bind_values<parameter_count(in_org.ids.sql)>(f.org_id, f.status, f.invitation_status, f.permission_group_id,
                                                        f.text, limit);
  }
};

// The organizations of subtree $1 that hold accounts of the filter's state ($2…$4), by the counters:
// at most 17 (AccountService reads up to 16 one at a time).
inline constexpr Query orgs_holding_in_subtree{"accounts.orgs_holding_in_subtree",
                                               "SELECT n.org_id FROM account_counts n "
                                               "WHERE " LINEPORT_IN_SUBTREE("n.org_id") LINEPORT_COUNTED_FILTER
                                               " GROUP BY n.org_id HAVING SUM(n.count) > 0 ORDER BY n.org_id LIMIT 17"};
static_assert(parameter_count(orgs_holding_in_subtree.sql) == parameter_count(in_org.count.sql));

// The keys (created_at, id) of one organization's page, with the values of Page::params: read
// along accounts_org_created (or a rare state's partial index) without the accounts themselves
// when the filter needs none of their columns. The merged page of a subtree picks its accounts by
// these, then reads only those (docs/performance.md#lists).
#define LINEPORT_PAGE_KEYS(filter)                                                              \
  "SELECT a.created_at, a.id FROM accounts a WHERE a.org_id = $1 " LINEPORT_STATE_FILTER filter \
  "AND (a.created_at, a.id) < ($6, $7) ORDER BY a.created_at DESC, a.id DESC LIMIT $8"
struct PageKeyStatements {
  Query like;       // for in_org.like.page
  Query suspended;  // for in_org.suspended_page
  Query failed;     // for in_org.failed_page
};
inline constexpr PageKeyStatements org_page_keys{
    {"accounts.select_page_keys", LINEPORT_PAGE_KEYS(LINEPORT_LIKE_TEXT)},
    {"accounts.select_suspended_page_keys", LINEPORT_PAGE_KEYS(LINEPORT_LIKE_TEXT "AND a.status = 'suspended' ")},
    {"accounts.select_failed_page_keys", LINEPORT_PAGE_KEYS(LINEPORT_LIKE_TEXT "AND a.invitation_status = 'failed' ")}};
static_assert(parameter_count(org_page_keys.like.sql) == parameter_count(in_org.like.page.sql));
#undef LINEPORT_PAGE_KEYS
// PostgreSQL: the same keys of several organizations in one statement, $1 a JSON array of their
// ids, each row with its organization: each statement is a round trip to another process there,
// and a subtree's page asked one for each of its organizations.
#define LINEPORT_PAGE_KEYS_OF_ORGS(filter)                                                                     \
  "SELECT k.created_at, k.id, o.org_id FROM jsonb_array_elements_text($1::jsonb) AS o(org_id) CROSS JOIN "     \
  "LATERAL (SELECT a.created_at, a.id FROM accounts a WHERE a.org_id = o.org_id " LINEPORT_STATE_FILTER filter \
  "AND (a.created_at, a.id) < ($6, $7) ORDER BY a.created_at DESC, a.id DESC LIMIT $8) k"
inline constexpr PageKeyStatements orgs_page_keys_pg{
    {"accounts.select_orgs_page_keys_pg", LINEPORT_PAGE_KEYS_OF_ORGS(LINEPORT_LIKE_TEXT)},
    {"accounts.select_orgs_suspended_page_keys_pg",
     LINEPORT_PAGE_KEYS_OF_ORGS(LINEPORT_LIKE_TEXT "AND a.status = 'suspended' ")},
    {"accounts.select_orgs_failed_page_keys_pg",
     LINEPORT_PAGE_KEYS_OF_ORGS(LINEPORT_LIKE_TEXT "AND a.invitation_status = 'failed' ")}};
static_assert(parameter_count(orgs_page_keys_pg.like.sql) == parameter_count(in_org.like.page.sql));
#undef LINEPORT_PAGE_KEYS_OF_ORGS

// A CSV import's accounts into SQLite's text index, in one statement before the import commits
// (migration 0029: the trigger that indexes every other account leaves an import's to this).
inline constexpr Query index_imported{
    "accounts.index_imported",
    "INSERT INTO account_search (rowid, account_id, text) "
    "SELECT search_rowid, id, search_text || ' ' || COALESCE(multiline_number, '') FROM accounts "
    "WHERE id >= $1 AND id <= $2 AND import_batch_id = $3"};
// The numbers of the rows of SQLite's text index (migration 0026, accounts::SearchRowids).
inline constexpr Query next_search_rowid{"accounts.next_search_rowid", "SELECT next FROM account_search_rowids"};
inline constexpr Query store_next_search_rowid{"accounts.store_next_search_rowid",
                                               "UPDATE account_search_rowids SET next = $1"};

#undef LINEPORT_FILTER_STATEMENTS
#undef LINEPORT_IN_ORG
#undef LINEPORT_IN_SUBTREE
#undef LINEPORT_COUNT
#undef LINEPORT_PAGE
#undef LINEPORT_PAGE_FROM
#undef LINEPORT_FTS_FROM
#undef LINEPORT_COUNTED_FILTER
#undef LINEPORT_TRIGRAM_TEXT
#undef LINEPORT_FTS_TEXT
#undef LINEPORT_LIKE_TEXT
#undef LINEPORT_LIKE_TEXT_AS
#undef LINEPORT_STATE_FILTER

inline constexpr Query insert{
    "accounts.insert",
    "INSERT INTO accounts (id, org_id, first_name, last_name, login, login_key, login_kind, permission_group_id, "
    "social_messaging, monitor_calls, monitor_sms, forwarding_number, restrict_incoming_social_messaging, "
    "notification_email, notes, search_text, status, invitation_status, created_at, updated_at, search_rowid) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'saved', 'not_sent', $17, $17, "
    "$18)"};
// What an administrator sets on an account: the values of insert and update_fields.
struct AccountFields {
  std::string first_name;
  std::string last_name;
  std::string login;
  std::string login_key;
  std::string login_kind;
  std::string permission_group_id;
  bool social_messaging = false;
  std::string monitor_calls;
  std::string monitor_sms;
  std::optional<std::string> forwarding_number;
  bool restrict_incoming_social_messaging = false;
  std::optional<std::string> notification_email;
  std::string notes;
  std::string search_text;
};
struct Insert {
  std::string id;
  std::string org_id;
  AccountFields fields;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> search_rowid;  // accounts::SearchRowids
  Params params() const {
    const auto& f = fields;
    return bind<insert>(id, org_id, f.first_name, f.last_name, f.login, f.login_key, f.login_kind,
                        f.permission_group_id, f.social_messaging, f.monitor_calls, f.monitor_sms, f.forwarding_number,
                        f.restrict_incoming_social_messaging, f.notification_email, f.notes, f.search_text, created_at,
                        search_rowid);
  }
};
// The accounts of a CSV import, invited or not: the statement up to VALUES and one row of values
// (ImportedAccount). AccountImport inserts many rows in one statement (storage::repeat_rows).
#define LINEPORT_INSERT_IMPORTED                                                                                 \
  "INSERT INTO accounts (id, org_id, first_name, last_name, login, login_key, login_kind, permission_group_id, " \
  "social_messaging, monitor_calls, monitor_sms, forwarding_number, restrict_incoming_social_messaging, notes, " \
  "search_text, import_batch_id, import_line, status, invitation_status, invitation_count, invited_at, "         \
  "created_at, updated_at, search_rowid) VALUES "
#define LINEPORT_IMPORTED_ROW \
  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15, $16, $17, $18, $19, $20, $21, $21, $22)"
inline constexpr std::string_view insert_imported_start = LINEPORT_INSERT_IMPORTED;
inline constexpr std::string_view imported_row = LINEPORT_IMPORTED_ROW;
inline constexpr int imported_row_params = parameter_count(imported_row);
inline constexpr Query insert_imported{"accounts.insert_imported", LINEPORT_INSERT_IMPORTED LINEPORT_IMPORTED_ROW};
#undef LINEPORT_INSERT_IMPORTED
#undef LINEPORT_IMPORTED_ROW
struct ImportedAccount {
  std::string id;
  std::string org_id;
  AccountFields fields;  // a CSV file has no notification email or notes: those two stay unset
  std::string import_batch_id;
  std::int64_t import_line = 0;
  std::string status;
  std::string invitation_status;
  std::int64_t invitation_count = 0;
  std::optional<std::int64_t> invited_at;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> search_rowid;  // accounts::SearchRowids
  // The values of one row, in the order of imported_row; moved out.
  Params params() && {
    auto& f = fields;
    return bind<insert_imported>(
        std::move(id), std::move(org_id), std::move(f.first_name), std::move(f.last_name), std::move(f.login),
        std::move(f.login_key), std::move(f.login_kind), std::move(f.permission_group_id), f.social_messaging,
        std::move(f.monitor_calls), std::move(f.monitor_sms), std::move(f.forwarding_number),
        f.restrict_incoming_social_messaging, std::move(f.search_text), std::move(import_batch_id), import_line,
        std::move(status), std::move(invitation_status), invitation_count, invited_at, created_at, search_rowid);
  }
};
// What a stored invitation is rendered from when it is sent (accounts::render_invitation).
inline constexpr Query select_invitation_values{
    "accounts.select_invitation_values",
    "SELECT org_id, first_name, last_name, login, multiline_number FROM accounts WHERE id = $1"};
inline constexpr Columns invitation_value_columns{select_invitation_values};
// The organizations that hold some of the logins $1… (a CSV import's rows, a few hundred at a time;
// the statement is completed with storage::repeat_rows).
inline constexpr std::string_view logins_held_start = "SELECT login_key, org_id FROM accounts WHERE login_key IN (";
inline constexpr Columns logins_held_columns{Query{"accounts.logins_held", logins_held_start}};
inline constexpr Query update_fields{
    "accounts.update_fields",
    // A new login is the account's own: it clears the mark of migration 0022 (login_conflict).
    "UPDATE accounts SET first_name = $2, last_name = $3, login = $4, login_key = $5, login_kind = $6, "
    "login_conflict = CASE WHEN login_key = $5 THEN login_conflict ELSE '' END, "
    "permission_group_id = $7, social_messaging = $8, monitor_calls = $9, monitor_sms = $10, forwarding_number = $11, "
    "restrict_incoming_social_messaging = $12, notification_email = $13, notes = $14, search_text = $15, "
    "updated_at = $16 WHERE id = $1"};
struct UpdateFields {
  std::string id;
  AccountFields fields;
  std::int64_t updated_at = 0;
  Params params() const {
    const auto& f = fields;
    return bind<update_fields>(id, f.first_name, f.last_name, f.login, f.login_key, f.login_kind, f.permission_group_id,
                               f.social_messaging, f.monitor_calls, f.monitor_sms, f.forwarding_number,
                               f.restrict_incoming_social_messaging, f.notification_email, f.notes, f.search_text,
                               updated_at);
  }
};
// The organization of another account with login $1 (logins are unique system-wide).
inline constexpr Query login_owner{"accounts.login_owner",
                                   "SELECT a.org_id, o.name AS org_name FROM accounts a JOIN orgs o ON o.id = a.org_id "
                                   "WHERE a.login_key = $1 AND a.id <> $2 LIMIT 1"};
inline constexpr Columns login_owner_columns{login_owner};
inline constexpr Query set_status{
    "accounts.set_status", "UPDATE accounts SET status = $2, suspended_reason = $3, updated_at = $4 WHERE id = $1"};
// A new invitation: the previous activation code stops working.
inline constexpr Query record_invitation{
    "accounts.record_invitation",
    "UPDATE accounts SET status = CASE WHEN status = 'saved' THEN 'invited' ELSE status END, "
    "invitation_status = 'sent', invitation_count = invitation_count + 1, invited_at = $2, "
    "activation_code_hash = $3, activation_expires_at = $4, updated_at = $2 WHERE id = $1"};
inline constexpr Query clear_activation_code{
    "accounts.clear_activation_code",
    "UPDATE accounts SET activation_code_hash = NULL, activation_expires_at = NULL WHERE id = $1"};
inline constexpr Query mark_invitation_failed{
    "accounts.mark_invitation_failed",
    "UPDATE accounts SET invitation_status = 'failed', updated_at = $2 WHERE id = $1 AND invitation_count = $3"};
inline constexpr Query move_to_org{
    "accounts.move_to_org", "UPDATE accounts SET org_id = $2, permission_group_id = $3, updated_at = $4 WHERE id = $1"};
inline constexpr Query delete_one{"accounts.delete_one", "DELETE FROM accounts WHERE id = $1"};
// An active account deleted at $2 (migration 0033: the only deletion, logged where it is made).
inline constexpr Query log_active_deleted{"accounts.log_active_deleted",
                                          "INSERT INTO active_user_changes (org_id, at, delta) VALUES ($1, $2, -1)"};
// Changes nothing, but takes the row's lock on PostgreSQL until the transaction ends.
inline constexpr Query lock_one{"accounts.lock_one", "UPDATE accounts SET updated_at = updated_at WHERE id = $1"};
// New accounts of one key (migration 0024, accounts::count_new_accounts): $5 of them.
inline constexpr Query add_to_counts{
    "accounts.add_to_counts",
    "INSERT INTO account_counts (org_id, status, invitation_status, permission_group_id, count) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, status, invitation_status, permission_group_id) "
    "DO UPDATE SET count = account_counts.count + excluded.count"};
// $4 accounts created in the UTC hour starting at $2 and the day starting at $3 (migration 0047),
// the hour's row first, as the triggers take them.
inline constexpr Query add_to_created_counts{
    "accounts.add_to_created_counts",
    "INSERT INTO account_created_counts (org_id, span, start, count) VALUES ($1, 3600, $2, $4), ($1, 86400, $3, $4) "
    "ON CONFLICT (org_id, span, start) DO UPDATE SET count = account_created_counts.count + excluded.count"};
inline constexpr Query count_invited_without_number_in{
    "accounts.count_invited_without_number_in",
    "SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND status = 'invited' AND multiline_number IS NULL"};

// ---- activation (the app) ----
inline constexpr Query select_for_activation{
    "accounts.select_for_activation",
    "SELECT id, org_id, activation_code_hash, activation_expires_at, status, activated_at "
    "FROM accounts WHERE login_key = $1 AND activation_code_hash IS NOT NULL"};
inline constexpr Columns activation_columns{select_for_activation};
// The codes stored as plain SHA-256 before they were keyed (ActivationCodes::bind).
inline constexpr Query select_code_hashes{
    "accounts.select_code_hashes",
    "SELECT id, activation_code_hash FROM accounts WHERE activation_code_hash IS NOT NULL"};
inline constexpr Columns code_hash_columns{select_code_hashes};
inline constexpr Query replace_code_hash{
    "accounts.replace_code_hash",
    "UPDATE accounts SET activation_code_hash = $3 WHERE id = $1 AND activation_code_hash = $2"};
inline constexpr Query activate{
    "accounts.activate",
    "UPDATE accounts SET status = 'active', suspended_reason = NULL, activated_at = $2, device_number = $3, "
    "device_token_hash = $4, activation_code_hash = NULL, activation_expires_at = NULL, platform = $5, "
    "last_sign_in_at = $2, updated_at = $2 WHERE id = $1 AND status = 'invited' AND activation_code_hash = $6"};
// A user who activated before activates again with a new code (a new phone, the app reinstalled):
// the new device replaces the old one; number and status stay as they are.
inline constexpr Query reactivate{
    "accounts.reactivate",
    "UPDATE accounts SET device_number = $3, device_token_hash = $4, platform = $5, activation_code_hash = NULL, "
    "activation_expires_at = NULL, last_sign_in_at = $2, updated_at = $2 "
    "WHERE id = $1 AND activated_at IS NOT NULL AND activation_code_hash = $6"};
// The values of activate and of reactivate, which take the same $1…$6.
struct Activation {
  std::string id;
  std::int64_t at = 0;
  std::string device_number;
  std::string device_token_hash;
  std::optional<std::string> platform;
  std::string activation_code_hash;  // the code it was verified with
  Params params() const {
    return bind<activate>(id, at, device_number, device_token_hash, platform, activation_code_hash);
  }
};
static_assert(parameter_count(reactivate.sql) == parameter_count(activate.sql));
inline constexpr Query set_privacy_status{
    "accounts.set_privacy_status",
    "UPDATE accounts SET status = $2, suspended_reason = $3, last_sign_in_at = $4, updated_at = $4 WHERE id = $1"};
inline constexpr Query select_by_device_token{"accounts.select_by_device_token",
                                              "SELECT id FROM accounts WHERE device_token_hash = $1"};

// ---- batches (bulk operations and imports) ----
inline constexpr Query insert_batch{
    "accounts.insert_batch",
    "INSERT INTO account_batches (id, org_id, kind, actor_id, created_at, total, succeeded, failed, results, "
    "first_account_id, last_account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
struct InsertBatch {
  std::string id;
  std::string org_id;
  std::string kind;  // "import" or a bulk action
  std::string actor_id;
  std::int64_t created_at = 0;
  std::int64_t total = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::string results = "[]";
  // The accounts an import created lie between these ids (none for a bulk operation).
  std::optional<std::string> first_account_id;
  std::optional<std::string> last_account_id;
  Params params() const {
    return bind<insert_batch>(id, org_id, kind, actor_id, created_at, total, succeeded, failed, results,
                              first_account_id, last_account_id);
  }
};
inline constexpr Query select_batch{
    "accounts.select_batch",
    "SELECT id, org_id, kind, total, succeeded, failed, results, created_at, first_account_id, last_account_id "
    "FROM account_batches WHERE id = $1"};
inline constexpr Columns batch_columns{select_batch};
// The accounts of import $1, whose ids lie in [$2, $3] (migration 0013).
inline constexpr Query select_imported{
    "accounts.select_imported",
    "SELECT a.import_line, a.login, a.id, a.status, a.invitation_status, a.multiline_number FROM accounts a "
    "WHERE a.id >= $2 AND a.id <= $3 AND a.import_batch_id = $1 ORDER BY a.import_line"};
inline constexpr Columns imported_columns{select_imported};

// ---- bulk operations (migration 0018) ----
inline constexpr Query insert_bulk_job{
    "accounts.insert_bulk_job",
    "INSERT INTO bulk_jobs (batch_id, action, changes, actor_id, account_ids, done, created_at) "
    "VALUES ($1, $2, $3, $4, $5, 0, $6)"};
struct InsertBulkJob {
  std::string batch_id;
  std::string action;
  std::string changes;  // JSON
  std::string actor_id;
  std::string account_ids;  // JSON
  std::int64_t created_at = 0;
  Params params() const { return bind<insert_bulk_job>(batch_id, action, changes, actor_id, account_ids, created_at); }
};
inline constexpr Query select_bulk_job{
    "accounts.select_bulk_job",
    "SELECT b.id AS batch_id, b.org_id, j.action, j.changes, j.actor_id, j.account_ids, j.done, b.total "
    "FROM bulk_jobs j JOIN account_batches b ON b.id = j.batch_id WHERE j.batch_id = $1"};
inline constexpr Columns bulk_job_columns{select_bulk_job};
inline constexpr Query select_oldest_bulk_job{"accounts.select_oldest_bulk_job",
                                              "SELECT batch_id FROM bulk_jobs ORDER BY created_at, batch_id LIMIT 1"};
// Takes account $2 of the job; no row changes when another worker took it first.
inline constexpr Query advance_bulk_job{"accounts.advance_bulk_job",
                                        "UPDATE bulk_jobs SET done = $2 + 1 WHERE batch_id = $1 AND done = $2"};
inline constexpr Query insert_bulk_result{
    "accounts.insert_bulk_result",
    "INSERT INTO bulk_results (batch_id, seq, account_id, login, ok, message) VALUES ($1, $2, $3, $4, $5, $6)"};
struct InsertBulkResult {
  std::string batch_id;
  std::int64_t seq = 0;
  std::string account_id;
  std::string login;
  bool ok = false;
  std::string message;
  Params params() const { return bind<insert_bulk_result>(batch_id, seq, account_id, login, ok, message); }
};
// Ends the job once: of two workers finishing it, one deletes the row.
inline constexpr Query delete_bulk_job{"accounts.delete_bulk_job", "DELETE FROM bulk_jobs WHERE batch_id = $1"};
inline constexpr Query count_bulk_results{
    "accounts.count_bulk_results",
    "SELECT COUNT(*) AS total, COALESCE(SUM(ok), 0) AS succeeded FROM bulk_results WHERE batch_id = $1"};
inline constexpr Columns bulk_count_columns{count_bulk_results};
inline constexpr Query select_bulk_results{
    "accounts.select_bulk_results",
    "SELECT account_id, login, ok, message FROM bulk_results WHERE batch_id = $1 ORDER BY seq"};
inline constexpr Columns bulk_result_columns{select_bulk_results};
inline constexpr Query finish_batch{"accounts.finish_batch",
                                    "UPDATE account_batches SET succeeded = $2, failed = $3 WHERE id = $1"};
inline constexpr Query select_bulk_batch{
    "accounts.select_bulk_batch",
    "SELECT id, org_id, kind, total, succeeded, failed, created_at FROM account_batches WHERE id = $1"};
inline constexpr Columns bulk_batch_columns{select_bulk_batch};

// ---- invitations of an import, queued in bulk (migration 0013) ----
inline constexpr Query insert_invitation_job{
    "accounts.insert_invitation_job",
    "INSERT INTO invitation_jobs (batch_id, first_account_id, last_account_id, created_at) VALUES ($1, $2, $3, $4)"};
struct InsertInvitationJob {
  std::string batch_id;
  std::string first_account_id;
  std::string last_account_id;
  std::int64_t created_at = 0;
  Params params() const { return bind<insert_invitation_job>(batch_id, first_account_id, last_account_id, created_at); }
};
inline constexpr Query next_invitation_job{
    "accounts.next_invitation_job",
    "SELECT batch_id, first_account_id, last_account_id, done_through FROM invitation_jobs "
    "ORDER BY created_at, batch_id LIMIT 1"};
inline constexpr Columns invitation_job_columns{next_invitation_job};
// The next $5 accounts of import $4 after $3, within [$1, $2]: a range of the primary key.
inline constexpr Query select_job_accounts{
    "accounts.select_job_accounts",
    "SELECT id, login, login_kind, invitation_count FROM accounts "
    "WHERE id >= $1 AND id <= $2 AND id > $3 AND import_batch_id = $4 ORDER BY id LIMIT $5"};
inline constexpr Columns job_account_columns{select_job_accounts};
// Takes the step from $2 to $3; changes nothing when another worker took it first (on PostgreSQL
// the second one waits for the first one's row lock, then finds done_through moved on).
inline constexpr Query advance_invitation_job{
    "accounts.advance_invitation_job",
    "UPDATE invitation_jobs SET done_through = $3 WHERE batch_id = $1 AND done_through = $2"};
inline constexpr Query delete_invitation_job{"accounts.delete_invitation_job",
                                             "DELETE FROM invitation_jobs WHERE batch_id = $1"};
// Only while the account still awaits invitation $4 of the import: on PostgreSQL a resend,
// suspension or deletion may have committed since the job read it.
inline constexpr Query set_activation_code{
    "accounts.set_activation_code",
    "UPDATE accounts SET activation_code_hash = $2, activation_expires_at = $3 "
    "WHERE id = $1 AND status = 'invited' AND activation_code_hash IS NULL AND invitation_count = $4"};

#undef LINEPORT_ACCOUNT_COLUMNS
#undef LINEPORT_ACCOUNT_FROM

}  // namespace lineport::storage::sql::accounts

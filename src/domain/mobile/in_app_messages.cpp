#include "domain/mobile/in_app_messages.h"

#include <set>

#include "domain/accounts/account.h"
#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/app.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::mobile {
namespace {

namespace sql = storage::sql::app;

constexpr std::size_t max_text = 500;
constexpr std::size_t max_accounts = 10'000;
constexpr UnixSeconds longest_showing = days(366);

InAppMessage message_from_row(const storage::Row& r) {
  constexpr auto c = sql::message_columns;
  InAppMessage m;
  m.id = r.text(c["id"]);
  m.org_id = r.text(c["org_id"]);
  m.text = r.text(c["text"]);
  m.include_suborgs = r.boolean(c["include_suborgs"]);
  m.permission_group_id = r.opt_text(c["permission_group_id"]);
  m.account_count = r.integer(c["account_count"]);
  m.starts_at = r.integer(c["starts_at"]);
  m.expires_at = r.integer(c["expires_at"]);
  m.created_at = r.integer(c["created_at"]);
  m.created_by = r.text(c["created_by"]);
  m.delivered = r.integer(c["delivered_count"]);
  m.read = r.integer(c["read_count"]);
  return m;
}

std::optional<UnixSeconds> time_field(const std::optional<std::string>& text, const char* field, Validator& v) {
  if (!text) return std::nullopt;
  const auto t = parse_rfc3339(*text);
  if (!t) v.fail(field, "Must be a date and time in RFC 3339, such as \"2026-12-24T09:00:00Z\".");
  return t;
}

// The message as validated before anything is written.
InAppMessage checked(const InAppMessageInput& input, UnixSeconds now, Validator& v) {
  InAppMessage m;
  m.text = input.text.value_or("");
  const auto length = text::code_points(m.text);
  if (!input.text || length == 0 || length > max_text || !text::is_valid_utf8(m.text))
    v.fail("text", "Is required: 1 to 500 characters.");
  else if (text::has_control_chars_but_line_breaks(m.text))
    v.fail("text", "Must not contain control characters other than line breaks.");
  m.include_suborgs = input.include_suborgs.value_or(false);
  m.permission_group_id = input.permission_group_id;
  m.starts_at = time_field(input.starts_at, "starts_at", v).value_or(now);
  const auto expires = time_field(input.expires_at, "expires_at", v);
  if (!input.expires_at) v.fail("expires_at", "Is required: when the app stops showing the message.");
  if (expires) {
    m.expires_at = *expires;
    if (m.expires_at <= m.starts_at)
      v.fail("expires_at", "Must be after starts_at.");
    else if (m.expires_at <= now)
      v.fail("expires_at", "Must be in the future.");
    else if (m.expires_at - m.starts_at > longest_showing)
      v.fail("expires_at", "Must be at most 366 days after starts_at.");
  }
  if (input.account_ids && (input.account_ids->empty() || input.account_ids->size() > max_accounts))
    v.fail("account_ids", "List 1 to 10000 accounts, or leave it out for every user.");
  return m;
}

}  // namespace

Page<InAppMessage> InAppMessageService::list(const auth::Principal& who, const std::string& org_id,
                                             const PageRequest& page) {
  const auto before = continue_after(page, {""});
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    Page<InAppMessage> out;
    const auto rows = conn.query(sql::select_messages_page, {org_id, before[0], page.limit + 1}).rows;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(page.limit); ++i)
      out.items.push_back(message_from_row(rows[i]));
    if (rows.size() > static_cast<std::size_t>(page.limit)) out.next_cursor = encode_cursor({out.items.back().id});
    out.total = conn.query(sql::count_messages, {org_id}).one().integer(0);
    return out;
  });
}

InAppMessage InAppMessageService::create(const auth::Principal& who, const std::string& org_id,
                                         const InAppMessageInput& input, const RequestMeta& meta) {
  const auto now = clock_.now();
  Validator v;
  InAppMessage m = checked(input, now, v);
  v.throw_if_failed();
  m.id = crypto::new_id();
  m.org_id = org_id;
  m.created_at = now;
  m.created_by = who.email;
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    if (m.permission_group_id && !accounts::find_usable_group(conn, *m.permission_group_id, org_id))
      v.fail("permission_group_id", "No permission group with this id is usable in this organization.");
    std::set<std::string> chosen;
    if (input.account_ids)
      for (const auto& id : *input.account_ids) {
        const auto account = accounts::find_account(conn, id);
        const bool reachable = account && (account->org_id == org_id ||
                                           (m.include_suborgs && orgs::in_scope(conn, org_id, account->org_id)));
        if (!reachable) {
          v.fail("account_ids", "\"" + id + "\" is not an account of this organization" +
                                    (m.include_suborgs ? " or below it." : " (set include_suborgs for those below)."));
          break;
        }
        chosen.insert(id);
      }
    v.throw_if_failed();
    conn.execute(sql::insert_message, sql::InsertMessage{.id = m.id,
                                                         .org_id = org_id,
                                                         .text = m.text,
                                                         .include_suborgs = m.include_suborgs,
                                                         .permission_group_id = m.permission_group_id,
                                                         .chosen_accounts = !chosen.empty(),
                                                         .starts_at = m.starts_at,
                                                         .expires_at = m.expires_at,
                                                         .created_at = now,
                                                         .created_by = who.email}
                                          .params());
    for (const auto& id : chosen) conn.execute(sql::insert_message_account, {m.id, id});
    m.account_count = static_cast<std::int64_t>(chosen.size());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "in_app_message.create",
                   audit::Activity::write,
                   "in_app_message",
                   m.id,
                   {{"text", m.text},
                    {"include_suborgs", m.include_suborgs},
                    {"accounts", m.account_count},
                    {"starts_at", to_rfc3339(m.starts_at)},
                    {"expires_at", to_rfc3339(m.expires_at)}}});
  });
  return m;
}

void InAppMessageService::remove(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_message, {id});
    if (rows.empty() || !orgs::in_scope(conn, who.home_org_id, message_from_row(rows.one()).org_id))
      throw_not_found("The message does not exist.");
    const auto m = message_from_row(rows.one());
    conn.execute(sql::delete_message, {id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {m.org_id, "in_app_message.delete", audit::Activity::write, "in_app_message", id, {}});
  });
}

}  // namespace lineport::mobile

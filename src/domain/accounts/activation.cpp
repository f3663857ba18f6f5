#include "domain/accounts/activation.h"

#include <algorithm>

#include "domain/accounts/account.h"
#include "domain/accounts/invitation.h"
#include "domain/audit/audit_log.h"
#include "domain/auth/attempts.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/accounts.h"
#include "util/crypto.h"
#include "util/phone.h"
#include "util/qr_code.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::accounts;
using numbers::NumberEvent;

[[noreturn]] void throw_invalid() {
  throw DomainError(ErrorCode::invalid_activation, "The login or the activation code is not right.");
}

// The login as the invitation wrote it: emails fold to lower case, device numbers to E.164.
std::string login_key(const std::string& raw) {
  Validator ignored;  // a login that is not valid simply matches no account
  if (const auto login = clean_login(raw, "login", ignored)) return login->value;
  return text::fold_case(text::trim(raw));
}

// Changes made from the app are recorded under the account's login.
audit::Actor app_actor(const std::string& login) {
  return {"", "app:" + login};
}

}  // namespace

void ActivationService::take_try(const std::string& login, const RequestMeta& meta) {
  const auto now = clock_.now();
  const auto [by_address, taken] = db_.write([&](storage::Connection& conn) {
    const auto address_wait = auth::blocked_for(conn, auth::attempt_rules::address, meta.client_ip, now);
    return std::pair{address_wait, address_wait > 0
                                       ? auth::TakenTry{}
                                       : auth::take_try(conn, auth::attempt_rules::activation, login, now)};
  });
  if (taken.taken) return;
  const UnixSeconds wait = std::max(by_address, taken.blocked);
  // Not blocked, but the codes of this login being checked now fill what it may still get wrong.
  if (wait <= 0) auth::throw_busy("Other activation codes for this login are being checked.");
  DomainError error(ErrorCode::rate_limited,
                    std::string(by_address > 0 ? "Too many wrong activation codes from your address."
                                               : "Too many wrong activation codes for this login.") +
                        " Try again in " + std::to_string((wait + 59) / 60) + " minute(s).");
  error.retry_after = static_cast<int>(wait);
  throw error;
}

std::optional<std::string> ActivationService::find_invited(storage::Connection& conn, const std::string& login,
                                                           const std::string& code) {
  const auto hash = codes_.hash(text::trim(code));
  const auto now = clock_.now();
  constexpr auto c = sql::activation_columns;
  for (const auto& r : conn.query(sql::select_for_activation, {login}).rows) {
    // Invited, or activated before and invited again (suspended or not: the status stays).
    const bool awaits = r.text(c["status"]) == "invited" || !r.is_null(c["activated_at"]);
    const bool live = awaits && !r.is_null(c["activation_expires_at"]) && r.integer(c["activation_expires_at"]) > now;
    if (live && crypto::equal_constant_time(r.text(c["activation_code_hash"]), hash)) return r.text(c["id"]);
  }
  return std::nullopt;
}

// The first time a login reaches the limit in a day, the administrators of the organizations that
// invited it hear of it (the "Suspicious login activity" alert): someone is guessing its code.
void ActivationService::count_wrong_code(const std::string& login, const RequestMeta& meta) {
  const auto now = clock_.now();
  db_.write([&](storage::Connection& conn) {
    auth::count_failure(conn, auth::attempt_rules::address, meta.client_ip, now);
    auth::let_go(conn, auth::attempt_rules::activation, login);
    const auto counted = auth::count_failure(conn, auth::attempt_rules::activation, login, now);
    if (!counted || counted->failures != auth::attempt_rules::activation.max_failures) return;
    constexpr auto c = sql::activation_columns;
    for (const auto& r : conn.query(sql::select_for_activation, {login}).rows) {
      const nlohmann::json values = {{"login", login},
                                     {"failed_attempts", counted->failures},
                                     {"occurred_at", to_rfc3339(now)},
                                     {"client_ip", meta.client_ip}};
      events_.publish(conn, {"suspicious_login_activity", r.text(c["org_id"]), values});
      audit::append(conn, clock_, app_actor(login), meta,
                    {r.text(c["org_id"]),
                     "account.activation_slowed",
                     audit::Activity::portal_access,
                     "account",
                     r.text(c["id"]),
                     {{"failed_attempts", counted->failures}}});
    }
  });
}

std::string ActivationService::verify(const std::string& raw_login, const std::string& code, const RequestMeta& meta) {
  const std::string login = login_key(raw_login);
  take_try(login, meta);
  if (auto id = db_.read([&](storage::Connection& conn) { return find_invited(conn, login, code); })) {
    db_.write([&](storage::Connection& conn) { auth::let_go(conn, auth::attempt_rules::activation, login); });
    return *id;
  }
  count_wrong_code(login, meta);
  throw_invalid();
}

std::vector<std::string> ActivationService::numbers(const std::string& login, const std::string& code,
                                                    const RequestMeta& meta) {
  const auto id = verify(login, code, meta);
  return db_.read([&](storage::Connection& conn) {
    numbers::NumberPool pool(conn, clock_);
    if (const auto own = pool.of_account(id)) return std::vector<std::string>{own->number};
    const auto account = find_account(conn, id).value();
    return pool.first_available(account.org_id, offered_numbers);
  });
}

InvitationCard ActivationService::invitation(const std::string& login, const std::string& code,
                                             const RequestMeta& meta) {
  const auto id = verify(login, code, meta);
  InvitationCard card = db_.read([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_invitation_values, {id});
    if (rows.empty()) throw_invalid();  // deleted since it was verified
    const auto& row = rows.one();
    constexpr auto v = sql::invitation_value_columns;
    InvitationCard c;
    c.first_name = row.text(v["first_name"]);
    c.last_name = row.text(v["last_name"]);
    c.login = row.text(v["login"]);
    c.org_name = orgs::org_name(conn, row.text(v["org_id"]));
    return c;
  });
  card.activation_code = std::string(text::trim(code));
  // The link the invitation carried, so the QR code is the email's.
  card.activation_link = activation_link(portal_url_, card.login, card.activation_code);
  card.qr_png = qr::qr_png(card.activation_link);
  return card;
}

Activated ActivationService::activate(const ActivationRequest& request, const RequestMeta& meta) {
  Validator v;
  const auto device = phone::normalize_e164(request.device_number);
  if (!device) v.fail("device_number", "Must be the phone's number in international form (+ and country code).");
  std::optional<std::string> chosen;
  if (request.multiline_number && !request.multiline_number->empty()) {
    chosen = phone::normalize_e164(*request.multiline_number);
    if (!chosen) v.fail("multiline_number", "Not a valid number in international form.");
  }
  if (request.platform && *request.platform != "ios" && *request.platform != "android")
    v.fail("platform", "Must be ios or android.");
  v.throw_if_failed();

  const auto id = verify(request.login, request.activation_code, meta);
  return db_.write([&](storage::Connection& conn) {
    // The account is claimed on the code it was verified with: of two activations with one code,
    // the second changes no row (on PostgreSQL it waits for the first, then sees the code gone).
    // Its row is locked before it is read: an admin's move cannot slip in between.
    const std::string token = crypto::random_token(32);
    const std::string code_hash = codes_.hash(text::trim(request.activation_code));
    conn.execute(sql::lock_one, {id});  // see AccountService::load_for_update
    const auto previous = find_account(conn, id).value();
    const auto activation = sql::Activation{.id = id,
                                            .at = clock_.now(),
                                            .device_number = *device,
                                            .device_token_hash = crypto::sha256_hex(token),
                                            .platform = request.platform,
                                            .activation_code_hash = code_hash}
                                .params();
    if (conn.execute(sql::reactivate, activation) == 1) {
      auth::clear_failures(conn, auth::attempt_rules::activation, login_key(request.login));
      audit::append(conn, clock_, app_actor(previous.login), meta,
                    {previous.org_id,
                     "account.reactivate",
                     audit::Activity::write,
                     "account",
                     id,
                     {{"device_number", {{"from", previous.device_number.value_or("")}, {"to", *device}}}}});
      return Activated{token, previous.multiline_number.value_or("")};
    }
    if (conn.execute(sql::activate, activation) != 1) throw_invalid();
    const auto account = find_account(conn, id).value();
    auth::clear_failures(conn, auth::attempt_rules::activation, login_key(request.login));
    numbers::NumberPool pool(conn, clock_);
    std::string number;
    if (pool.of_account(id)) {
      number = pool.advance(NumberEvent::activate, id)->number;
    } else {
      if (!chosen)
        throw DomainError(ErrorCode::validation_failed, "Choose a number.",
                          {{"multiline_number", "Is required: one of the numbers offered."}});
      // Only a number of the short list the app was offered: the others are the admins' to give.
      const auto offered = pool.first_available(account.org_id, offered_numbers);
      if (std::find(offered.begin(), offered.end(), *chosen) == offered.end())
        throw DomainError(ErrorCode::number_unavailable, "The number is no longer offered; list the numbers again.",
                          {{"multiline_number", "Not one of the numbers offered now."}});
      number = pool.take(NumberEvent::activate, account.org_id, {chosen, std::nullopt}, id).number;
    }
    pool.check_utilization_threshold(events_, account.org_id);
    events_.publish(conn, {"account_activated",
                           account.org_id,
                           {{"account_id", account.id},
                            {"account_name", account.display_name()},
                            {"login", account.login},
                            {"org_name", account.org_name},
                            {"multiline_number", number},
                            {"platform", request.platform ? nlohmann::json(*request.platform) : nlohmann::json()}}});
    audit::append(conn, clock_, app_actor(account.login), meta,
                  {account.org_id,
                   "account.activate",
                   audit::Activity::write,
                   "account",
                   id,
                   {{"multiline_number", number}, {"device_number", *device}}});
    return Activated{token, number};
  });
}

std::string ActivationService::record_privacy_choice(const std::string& device_token, bool accepted,
                                                     const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_by_device_token, {crypto::sha256_hex(device_token)});
    if (rows.empty()) throw DomainError(ErrorCode::unauthenticated, "Unknown device token.");
    conn.execute(sql::lock_one, {rows.one().text(0)});  // see AccountService::load_for_update
    const auto account = find_account(conn, rows.one().text(0)).value();
    const auto now = clock_.now();
    const nlohmann::json values = {
        {"account_name", account.display_name()}, {"login", account.login}, {"org_name", account.org_name}};
    if (!accepted && account.status == "active") {
      conn.execute(sql::set_privacy_status, {account.id, "suspended", "privacy_opt_out", now});
      events_.publish(conn, {"privacy_opted_out", account.org_id, values});
    } else if (accepted && account.status == "suspended" && account.suspended_reason == "privacy_opt_out") {
      conn.execute(sql::set_privacy_status, {account.id, "active", nullptr, now});
      events_.publish(conn, {"privacy_resumed", account.org_id, values});
    } else {
      return account.status;  // nothing changes (an admin's suspension stays)
    }
    audit::append(conn, clock_, app_actor(account.login), meta,
                  {account.org_id,
                   accepted ? "account.privacy_accepted" : "account.privacy_declined",
                   audit::Activity::write,
                   "account",
                   account.id,
                   {}});
    return std::string(accepted ? "active" : "suspended");
  });
}

}  // namespace lineport::accounts

#include "domain/accounts/activation.h"

#include <algorithm>

#include "domain/accounts/account.h"
#include "domain/accounts/account_counts.h"
#include "domain/accounts/invitation.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "storage/queries/accounts.h"
#include "util/crypto.h"
#include "util/phone.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::accounts;
using numbers::NumberEvent;

[[noreturn]] void throw_invalid() {
  throw ApiError(ErrorCode::invalid_activation, "The login or the activation code is not right.");
}

// The login as the invitation wrote it: emails fold to lower case, device numbers to E.164.
std::string login_key(const std::string& raw) {
  Validator ignored;  // a login that is not valid simply matches no account
  if (const auto login = clean_login(raw, "login", ignored)) return login->value;
  return text::fold_case(text::trim(raw));
}

// Changes made from the app are recorded under the account's login.
audit::Actor app_actor(const std::string& login) { return {"", "app:" + login}; }

}  // namespace

void ActivationService::throw_if_blocked(const RequestMeta& meta) {
  if (const int wait = failures_.blocked_for(meta.client_ip); wait > 0) {
    ApiError error(ErrorCode::rate_limited, "Too many wrong activation codes from your address. Try again in " +
                                                std::to_string((wait + 59) / 60) + " minute(s).");
    error.retry_after = wait;
    throw error;
  }
}

std::optional<std::string> ActivationService::find_invited(storage::Connection& conn, const std::string& login,
                                                           const std::string& code) {
  const auto hash = activation_code_hash(text::trim(code));
  const auto now = clock_.now();
  // The same login may exist in several organizations: the code tells them apart.
  for (const auto& r : conn.query(sql::select_for_activation, {login_key(login)}).rows) {
    const bool live = r.text(5) == "invited" && !r.is_null(3) && r.integer(3) > now;
    if (live && crypto::equal_constant_time(r.text(2), hash)) return r.text(0);
  }
  return std::nullopt;
}

std::string ActivationService::verify(const std::string& login, const std::string& code, const RequestMeta& meta) {
  throw_if_blocked(meta);
  if (auto id = db_.read([&](storage::Connection& conn) { return find_invited(conn, login, code); })) return *id;
  failures_.record_failure(meta.client_ip);
  // A guess against a real invitation counts against it too; too many and the code dies.
  db_.write([&](storage::Connection& conn) {
    for (const auto& r : conn.query(sql::select_for_activation, {login_key(login)}).rows)
      conn.execute(sql::add_activation_failure, {r.text(0), max_code_failures});
  });
  throw_invalid();
}

std::vector<std::string> ActivationService::numbers(const std::string& login, const std::string& code,
                                                    const RequestMeta& meta) {
  const auto id = verify(login, code, meta);
  return db_.read([&](storage::Connection& conn) {
    numbers::NumberPool pool(conn, clock_);
    if (const auto own = pool.of_account(id)) return std::vector<std::string>{own->number};
    const auto account = conn.query(sql::select_by_id, {id}).one();
    return pool.first_available(account.text(1), offered_numbers);
  });
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
    // The account is claimed first, on the code it was verified with: of two activations with one
    // code, the second changes no row (on PostgreSQL it waits for the first, then sees it active).
    // Read after the claim, which holds its row: an admin's move cannot slip in between.
    const std::string token = crypto::random_token(32);
    if (conn.execute(sql::activate, {id, clock_.now(), *device, crypto::sha256_hex(token), request.platform,
                                     activation_code_hash(text::trim(request.activation_code))}) != 1)
      throw_invalid();
    const auto account = account_from_row(conn.query(sql::select_by_id, {id}).one());
    count_active(conn, account.org_id, +1);
    numbers::NumberPool pool(conn, clock_);
    std::string number;
    if (pool.of_account(id)) {
      number = pool.advance(NumberEvent::activate, id)->number;
    } else {
      if (!chosen)
        throw ApiError(ErrorCode::validation_failed, "Choose a number.",
                       {{"multiline_number", "Is required: one of the numbers offered."}});
      // Only a number of the short list the app was offered: the others are the admins' to give.
      const auto offered = pool.first_available(account.org_id, offered_numbers);
      if (std::find(offered.begin(), offered.end(), *chosen) == offered.end())
        throw ApiError(ErrorCode::number_unavailable, "The number is no longer offered; list the numbers again.",
                       {{"multiline_number", "Not one of the numbers offered now."}});
      number = pool.take(NumberEvent::activate, account.org_id, {chosen, std::nullopt}, id).number;
    }
    pool.check_utilization_threshold(events_, account.org_id);
    audit::append(conn, clock_, app_actor(account.login), meta,
                  {account.org_id, "account.activate", audit::Activity::write, "account", id,
                   {{"multiline_number", number}, {"device_number", *device}}});
    return Activated{token, number};
  });
}

std::string ActivationService::record_privacy_choice(const std::string& device_token, bool accepted,
                                                     const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_by_device_token, {crypto::sha256_hex(device_token)});
    if (rows.empty()) throw ApiError(ErrorCode::unauthenticated, "Unknown device token.");
    conn.execute(sql::lock_one, {rows.one().text(0)});  // see AccountService::load_for_update
    const auto account = account_from_row(conn.query(sql::select_by_id, {rows.one().text(0)}).one());
    const auto now = clock_.now();
    const nlohmann::json values = {{"account_name", account.display_name()}, {"login", account.login},
                                   {"org_name", account.org_name}};
    if (!accepted && account.status == "active") {
      conn.execute(sql::set_privacy_status, {account.id, "suspended", "privacy_opt_out", now});
      count_active(conn, account.org_id, -1);
      events_.publish(conn, {"privacy_opted_out", account.org_id, values});
    } else if (accepted && account.status == "suspended" && account.suspended_reason == "privacy_opt_out") {
      conn.execute(sql::set_privacy_status, {account.id, "active", nullptr, now});
      count_active(conn, account.org_id, +1);
      events_.publish(conn, {"privacy_resumed", account.org_id, values});
    } else {
      return account.status;  // nothing changes (an admin's suspension stays)
    }
    audit::append(conn, clock_, app_actor(account.login), meta,
                  {account.org_id, accepted ? "account.privacy_accepted" : "account.privacy_declined",
                   audit::Activity::write, "account", account.id, {}});
    return std::string(accepted ? "active" : "suspended");
  });
}

}  // namespace lineport::accounts

#include "domain/auth/auth_service.h"

#include <algorithm>
#include <variant>

#include "domain/audit/audit_log.h"
#include "domain/auth/attempts.h"
#include "domain/auth/password_policy.h"
#include "domain/error.h"
#include "domain/orgs/settings.h"
#include "domain/templates/message_templates.h"
#include "mail/outbox.h"
#include "storage/queries/admins.h"
#include "storage/queries/two_factor.h"
#include "util/crypto.h"
#include "util/text.h"
#include "util/totp.h"

namespace lineport::auth {
namespace {

namespace admin_sql = storage::sql::admins;
namespace tf_sql = storage::sql::two_factor;
namespace reset_sql = storage::sql::password_resets;
namespace totp_sql = storage::sql::totp;
namespace session_sql = storage::sql::sessions;

// Verifying against a real hash when the email is unknown keeps the answer time the same, so
// timing does not tell which emails exist.
const std::string& decoy_hash() {
  static const std::string hash = crypto::hash_password(crypto::random_token(16));
  return hash;
}

[[noreturn]] void throw_wait(ErrorCode code, const std::string& what, UnixSeconds wait) {
  DomainError error(code, what + " Try again in " + std::to_string((wait + 59) / 60) + " minute(s).");
  error.retry_after = static_cast<int>(wait);
  throw error;
}

}  // namespace

Principal principal_of(const admins::Admin& a) {
  Principal p;
  p.admin_id = a.id;
  p.email = a.email;
  p.kind = a.kind;
  p.home_org_id = a.org_id;
  p.role_id = a.role_id;
  p.privileges = a.privileges;
  p.password_change_required = a.password_change_required;
  return p;
}

void AuthService::throw_if_address_blocked(const std::string& client_ip) {
  const UnixSeconds wait =
      db_.read([&](storage::Connection& c) { return blocked_for(c, attempt_rules::address, client_ip, clock_.now()); });
  if (wait > 0) throw_wait(ErrorCode::rate_limited, "Too many failed attempts from your address.", wait);
}

void AuthService::count_address_failure(const std::string& client_ip) {
  db_.write([&](storage::Connection& c) { count_failure(c, attempt_rules::address, client_ip, clock_.now()); });
}

admins::Admin AuthService::verify_credentials(const std::string& email, const std::string& password,
                                              std::string_view kind, const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string email_key = text::fold_case(text::trim(email));
  const UnixSeconds now = clock_.now();
  auth::TakenTry taken;
  std::optional<admins::Admin> admin = db_.write([&](storage::Connection& c) -> std::optional<admins::Admin> {
    taken = take_try(c, attempt_rules::sign_in, email_key, now);
    const auto rows = c.query(admin_sql::select_by_email, {email_key});
    if (rows.empty()) return std::nullopt;
    return admins::admin_from_row(rows.one());
  });
  // Known or not, a locked email gets the same answer.
  if (taken.blocked > 0)
    throw_wait(ErrorCode::account_locked, "Too many failed sign-ins: the account is locked.", taken.blocked);
  // Tries of this email being checked now may all be wrong, and one more would be past the limit.
  if (!taken.taken) throw_busy("Other sign-ins with this email are being checked.");
  const bool password_ok = crypto::verify_password(admin ? admin->password_hash : decoy_hash(), password);
  // API users exchange credentials for tokens and never get a portal session; administrators
  // never get tokens. The wrong kind is answered like a wrong password.
  if (!admin || !password_ok || admin->kind != kind) fail_sign_in(admin, email_key, meta);
  db_.write([&](storage::Connection& c) { let_go(c, attempt_rules::sign_in, email_key); });
  if (admin->login_suspended || admin->account_suspended)
    throw DomainError(ErrorCode::forbidden, "Your sign-in is suspended. Ask an administrator of your organization.");
  return *admin;
}

SignInOutcome AuthService::sign_in(const std::string& email, const std::string& password, const RequestMeta& meta) {
  const admins::Admin admin = verify_credentials(email, password, "admin", meta);
  const bool app = totp_enabled(admin.id);
  if (!app && !two_factor_applies(admin)) return {open_session(admin, meta, false), std::nullopt, {}};
  const std::string challenge = crypto::random_token(32);
  const UnixSeconds now = clock_.now();
  db_.write([&](storage::Connection& c) {
    c.execute(tf_sql::insert_challenge,
              {crypto::sha256_hex(challenge), admin.id, now, now + policy_.challenge_lifetime});
  });
  std::vector<std::string> methods{"email"};
  if (app) methods.push_back("totp");
  return {std::nullopt, challenge, methods};
}

bool AuthService::two_factor_applies(const admins::Admin& admin) {
  return db_.read([&](storage::Connection& c) {
    return orgs::effective_value(c, admin.org_id, "two_factor_enabled") == nlohmann::json(true);
  });
}

bool AuthService::totp_enabled(const std::string& admin_id) {
  return db_.read([&](storage::Connection& c) {
    const auto rows = c.query(totp_sql::select_one, {admin_id});
    return !rows.empty() && rows.one().boolean(totp_sql::totp_columns["confirmed"]);
  });
}

AuthService::TotpEnrollment AuthService::begin_totp(const Principal& who) {
  const std::string secret = totp::new_secret();
  db_.write([&](storage::Connection& c) {
    const auto rows = c.query(totp_sql::select_one, {who.admin_id});
    if (!rows.empty() && rows.one().boolean(totp_sql::totp_columns["confirmed"]))
      throw DomainError(ErrorCode::conflict, "An authenticator app is already set up. Turn it off first.");
    c.execute(totp_sql::upsert_pending, {who.admin_id, secret, clock_.now()});
  });
  return {secret, totp::provisioning_url(secret, who.email, "Lineport")};
}

std::vector<std::string> AuthService::confirm_totp(const Principal& who, const std::string& code,
                                                   const RequestMeta& meta) {
  std::vector<std::string> codes;
  for (int i = 0; i < 10; ++i) {
    const std::string raw = crypto::random_base32(10);
    codes.push_back(raw.substr(0, 5) + "-" + raw.substr(5));
  }
  db_.write([&](storage::Connection& c) {
    constexpr auto t = totp_sql::totp_columns;
    const auto rows = c.query(totp_sql::select_one, {who.admin_id});
    if (rows.empty() || rows.one().boolean(t["confirmed"]))
      throw DomainError(ErrorCode::conflict, "Start the set-up first (POST /api/v1/auth/totp/enroll).");
    const auto step = totp::matching_step(rows.one().text(t["secret"]), code, clock_.now());
    if (!step || c.execute(totp_sql::accept_step, {who.admin_id, *step}) == 0)
      throw DomainError(ErrorCode::validation_failed, "The code does not match.",
                        {{"code", "Enter the 6-digit code your authenticator app shows now."}});
    c.execute(totp_sql::delete_recovery_codes, {who.admin_id});
    for (const auto& rc : codes) c.execute(totp_sql::insert_recovery_code, {who.admin_id, crypto::sha256_hex(rc)});
    audit::append(c, clock_, audit::actor_of(who), meta,
                  {who.home_org_id, "auth.totp_enabled", audit::Activity::write, "admin", who.admin_id, {}});
  });
  return codes;
}

void AuthService::disable_totp(const Principal& who, const std::string& password, const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const admins::Admin admin = load_admin(who.admin_id);
  if (!crypto::verify_password(admin.password_hash, password)) {
    count_address_failure(meta.client_ip);
    throw DomainError(ErrorCode::validation_failed, "The password is not correct.",
                      {{"password", "Not your password."}});
  }
  db_.write([&](storage::Connection& c) {
    c.execute(totp_sql::delete_of_admin, {who.admin_id});
    c.execute(totp_sql::delete_recovery_codes, {who.admin_id});
    audit::append(c, clock_, audit::actor_of(who), meta,
                  {who.home_org_id, "auth.totp_disabled", audit::Activity::write, "admin", who.admin_id, {}});
  });
}

SignInResult AuthService::open_session(const admins::Admin& admin, const RequestMeta& meta, bool two_factor) {
  const UnixSeconds now = clock_.now();
  SignInResult result{admin, crypto::random_token(32), crypto::random_token(32)};
  db_.write([&](storage::Connection& c) {
    c.execute(admin_sql::record_sign_in, {admin.id, now});
    clear_failures(c, attempt_rules::sign_in, text::fold_case(admin.email));
    c.execute(session_sql::insert, session_sql::Insert{.token_hash = crypto::sha256_hex(result.session_token),
                                                       .admin_id = admin.id,
                                                       .kind = "portal",
                                                       .csrf_token = result.csrf_token,
                                                       .client_ip = meta.client_ip,
                                                       .created_at = now,
                                                       .expires_at = now + policy_.absolute_lifetime}
                                       .params());
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id,
                   "auth.sign_in",
                   audit::Activity::portal_access,
                   "admin",
                   admin.id,
                   {{"two_factor", two_factor}}});
  });
  result.admin.last_sign_in_at = now;
  return result;
}

namespace {

[[noreturn]] void throw_challenge_expired() {
  throw DomainError(ErrorCode::challenge_expired, "This sign-in has expired. Sign in again with your password.");
}

// The PIN is stored as an HMAC keyed by the challenge token, which only the browser holds.
std::string pin_hash(const std::string& challenge, const std::string& pin) {
  return crypto::hmac_sha256_hex(challenge, pin);
}

// A wrong answer to a challenge, with the answers it has left.
struct WrongAnswer {
  int attempts_left;
};

}  // namespace

void AuthService::send_pin(const std::string& challenge, const RequestMeta& meta) {
  const std::string hash = crypto::sha256_hex(challenge);
  const UnixSeconds now = clock_.now();
  const std::string pin = crypto::random_digits(6);
  db_.write([&](storage::Connection& c) {
    // A new PIN replaces the previous one; the answers already given still count.
    const auto sent = c.query(tf_sql::set_pin, tf_sql::SetPin{.challenge_hash = hash,
                                                              .pin_hash = pin_hash(challenge, pin),
                                                              .pin_expires_at = now + policy_.pin_lifetime,
                                                              .now = now,
                                                              .max_attempts = policy_.max_pin_attempts,
                                                              .max_sends = policy_.max_pin_sends}
                                                   .params());
    if (sent.empty()) {
      constexpr auto ch = tf_sql::challenge_columns;
      const auto rows = c.query(tf_sql::select_challenge, {hash});
      const bool live = !rows.empty() && rows.one().is_null(ch["used_at"]) &&
                        rows.one().integer(ch["expires_at"]) > now &&
                        rows.one().integer(ch["attempts"]) < policy_.max_pin_attempts;
      if (live)
        throw DomainError(ErrorCode::rate_limited, "No more PINs for this sign-in (" +
                                                       std::to_string(policy_.max_pin_sends) +
                                                       " were sent). Sign in again with your password.");
      throw_challenge_expired();
    }
    const auto rows = c.query(admin_sql::select_by_id, {sent.one().text(0)});
    if (rows.empty()) throw_challenge_expired();
    const admins::Admin admin = admins::admin_from_row(rows.one());
    mail::enqueue(
        c, clock_,
        templates::render_mail(
            c, admin.org_id, "two_factor_pin", admin.language, admin.email,
            {{"first_name", admin.first_name}, {"pin", pin}, {"expires_minutes", policy_.pin_lifetime / 60}}));
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.two_factor_pin_sent", audit::Activity::portal_access, "admin", admin.id, {}});
  });
}

SignInResult AuthService::verify_second_factor(const std::string& challenge, Factor factor, const std::string& value,
                                               const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string hash = crypto::sha256_hex(challenge);
  const UnixSeconds now = clock_.now();
  const auto outcome = db_.write([&](storage::Connection& c) -> std::variant<admins::Admin, WrongAnswer> {
    // The answer takes its try before it is checked, in one statement: answers sent at once to
    // one challenge cannot share a try.
    const auto taken = c.query(tf_sql::take_attempt, {hash, now, policy_.max_pin_attempts});
    if (taken.empty()) throw_challenge_expired();
    const auto& row = taken.one();
    constexpr auto t = tf_sql::taken_attempt_columns;
    const std::string admin_id = row.text(t["admin_id"]);
    // So does the administrator's count across challenges (taken, not only read: answers to
    // several challenges sent at once would all find room left). On PostgreSQL the counter's
    // row stays locked until this transaction ends, so those answers are checked one by one.
    const TakenTry tried = take_try(c, attempt_rules::second_factor, admin_id, now);
    if (tried.blocked > 0) throw_wait(ErrorCode::rate_limited, "Too many wrong codes for this account.", tried.blocked);
    if (!tried.taken) throw_busy("Other codes for this account are being checked.");
    bool correct = false;
    if (factor == Factor::email_pin) {
      const auto pin_expires_at = row.opt_integer(t["pin_expires_at"]);
      if (row.is_null(t["pin_hash"]) || !pin_expires_at || *pin_expires_at <= now) throw_challenge_expired();
      correct = crypto::equal_constant_time(row.text(t["pin_hash"]), pin_hash(challenge, value));
    } else if (factor == Factor::totp_code) {
      constexpr auto totp_column = totp_sql::totp_columns;
      const auto rows = c.query(totp_sql::select_one, {admin_id});
      const auto step = rows.empty() || !rows.one().boolean(totp_column["confirmed"])
                            ? std::nullopt
                            : totp::matching_step(rows.one().text(totp_column["secret"]), value, now);
      correct = step && c.execute(totp_sql::accept_step, {admin_id, *step}) == 1;
    } else {
      correct = c.execute(totp_sql::use_recovery_code, {admin_id, crypto::sha256_hex(text::trim(value)), now}) == 1;
    }
    if (!correct) {
      count_failure(c, attempt_rules::address, meta.client_ip, now);
      count_failure(c, attempt_rules::second_factor, admin_id, now);
      let_go(c, attempt_rules::second_factor, admin_id);
      return WrongAnswer{policy_.max_pin_attempts - static_cast<int>(row.integer(t["attempts"]))};
    }
    if (c.execute(tf_sql::mark_used, {hash, now}) == 0) throw_challenge_expired();  // single use
    clear_failures(c, attempt_rules::second_factor, admin_id);
    let_go(c, attempt_rules::second_factor, admin_id);
    const auto rows = c.query(admin_sql::select_by_id, {admin_id});
    if (rows.empty()) throw_challenge_expired();
    return admins::admin_from_row(rows.one());
  });
  if (const auto* wrong = std::get_if<WrongAnswer>(&outcome)) {
    if (wrong->attempts_left <= 0) throw_challenge_expired();
    DomainError error(ErrorCode::invalid_pin, "The PIN is not correct.");
    error.extra = {{"attempts_left", wrong->attempts_left}};
    throw error;
  }
  const auto& admin = std::get<admins::Admin>(outcome);
  if (admin.login_suspended || admin.account_suspended)
    throw DomainError(ErrorCode::forbidden, "Your sign-in is suspended. Ask an administrator of your organization.");
  return open_session(admin, meta, true);
}

void AuthService::forgot_password(const std::string& email, const RequestMeta& meta) {
  const std::string email_key = text::fold_case(text::trim(email));
  // The general rate limit alone would let anyone fill an administrator's mailbox with reset
  // messages. Past 3 requests for one address in 15 minutes nothing is sent, whoever asks; the
  // answer stays the same, so it says nothing about the address.
  const auto counted = db_.write(
      [&](storage::Connection& c) { return count_failure(c, attempt_rules::reset_request, email_key, clock_.now()); });
  if (!counted) return;
  const auto admin = db_.read([&](storage::Connection& c) -> std::optional<admins::Admin> {
    const auto rows = c.query(admin_sql::select_by_email, {email_key});
    if (rows.empty()) return std::nullopt;
    return admins::admin_from_row(rows.one());
  });
  // Unknown emails, API users and suspended accounts get nothing; the answer is the same.
  if (!admin || admin->kind != "admin" || admin->login_suspended || admin->account_suspended) return;
  // With a second factor in force (the organization's, or an authenticator app), a mailed link
  // would bypass it: the administrator must ask for a new invitation instead.
  const bool blocked = two_factor_applies(*admin) || totp_enabled(admin->id);
  const std::string token = crypto::random_token(32);
  const UnixSeconds now = clock_.now();
  db_.write([&](storage::Connection& c) {
    if (blocked) {
      mail::enqueue(c, clock_,
                    templates::render_mail(c, admin->org_id, "password_reset_blocked", admin->language, admin->email,
                                           {{"first_name", admin->first_name}, {"login", admin->email}}));
    } else {
      c.execute(reset_sql::insert, {crypto::sha256_hex(token), admin->id, now, now + policy_.reset_link_lifetime});
      mail::enqueue(c, clock_,
                    templates::render_mail(c, admin->org_id, "password_reset", admin->language, admin->email,
                                           {{"first_name", admin->first_name},
                                            {"login", admin->email},
                                            {"reset_link", portal_url_ + "/reset-password?token=" + token},
                                            {"expires_minutes", policy_.reset_link_lifetime / 60}}));
    }
    audit::append(c, clock_, {"", admin->email}, meta,
                  {admin->org_id,
                   blocked ? "auth.reset_blocked" : "auth.reset_requested",
                   audit::Activity::portal_access,
                   "admin",
                   admin->id,
                   {}});
  });
}

void AuthService::reset_password(const std::string& token, const std::string& new_password, const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string hash = crypto::sha256_hex(token);
  const UnixSeconds now = clock_.now();
  const auto admin = db_.read([&](storage::Connection& c) -> std::optional<admins::Admin> {
    constexpr auto r = reset_sql::reset_columns;
    const auto rows = c.query(reset_sql::select_one, {hash});
    if (rows.empty() || !rows.one().is_null(r["used_at"]) || rows.one().integer(r["expires_at"]) <= now)
      return std::nullopt;
    const auto admin_rows = c.query(admin_sql::select_by_id, {rows.one().text(r["admin_id"])});
    if (admin_rows.empty()) return std::nullopt;
    return admins::admin_from_row(admin_rows.one());
  });
  if (!admin) {
    count_address_failure(meta.client_ip);
    throw DomainError(ErrorCode::invalid_token, "This reset link is not valid any more. Ask for a new one.");
  }
  Validator v;
  check_password_policy(new_password, admin->email, "new_password", v);
  v.throw_if_failed();
  const std::string password_hash = crypto::hash_password(new_password);
  db_.write([&](storage::Connection& c) {
    // Checked again in the write: two requests with one link cannot both succeed.
    if (c.execute(reset_sql::use_all_of_admin, {admin->id, now}) == 0)
      throw DomainError(ErrorCode::invalid_token, "This reset link is not valid any more. Ask for a new one.");
    c.execute(admin_sql::update_password, {admin->id, password_hash, false, now});
    c.execute(storage::sql::admin_management::delete_sessions, {admin->id});
    audit::append(
        c, clock_, {admin->id, admin->email}, meta,
        {admin->org_id, "auth.password_reset", audit::Activity::write, "admin", admin->id, {{"password", "changed"}}});
    const nlohmann::json values = {{"login", admin->email}, {"changed_at", to_rfc3339(now)}};
    mail::enqueue(c, clock_,
                  templates::render_mail(c, admin->org_id, "password_changed", admin->language, admin->email, values));
    events_.publish(c, {"password_changed", admin->org_id, values, {admin->email}});
  });
}

AuthService::IssuedToken AuthService::issue_api_token(const std::string& email, const std::string& password,
                                                      const RequestMeta& meta) {
  const admins::Admin admin = verify_credentials(email, password, "api_user", meta);
  const UnixSeconds now = clock_.now();
  IssuedToken token{crypto::random_token(32), policy_.api_token_lifetime};
  db_.write([&](storage::Connection& c) {
    c.execute(admin_sql::record_sign_in, {admin.id, now});
    clear_failures(c, attempt_rules::sign_in, text::fold_case(admin.email));
    c.execute(session_sql::insert, session_sql::Insert{.token_hash = crypto::sha256_hex(token.access_token),
                                                       .admin_id = admin.id,
                                                       .kind = "bearer",
                                                       .csrf_token = "",
                                                       .client_ip = meta.client_ip,
                                                       .created_at = now,
                                                       .expires_at = now + policy_.api_token_lifetime}
                                       .params());
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.token", audit::Activity::portal_access, "admin", admin.id, {}});
  });
  return token;
}

void AuthService::fail_sign_in(const std::optional<admins::Admin>& admin, const std::string& email_key,
                               const RequestMeta& meta) {
  const UnixSeconds now = clock_.now();
  const auto counted = db_.write([&](storage::Connection& c) {
    count_failure(c, attempt_rules::address, meta.client_ip, now);
    let_go(c, attempt_rules::sign_in, email_key);
    auto failure = count_failure(c, attempt_rules::sign_in, email_key, now);
    if (!admin || !failure) return failure;
    const bool locked = failure->newly_blocked;
    audit::append(c, clock_, {"", email_key}, meta,
                  {admin->org_id,
                   locked ? "auth.lockout" : "auth.sign_in_failed",
                   audit::Activity::portal_access,
                   "admin",
                   admin->id,
                   {{"failed_attempts", failure->failures}}});
    // The owner and the organization's alert recipients hear about the lockout in the same
    // transaction that records it.
    if (locked) {
      const nlohmann::json values = {{"login", admin->email},
                                     {"failed_attempts", failure->failures},
                                     {"occurred_at", to_rfc3339(now)},
                                     {"client_ip", meta.client_ip}};
      mail::enqueue(
          c, clock_,
          templates::render_mail(c, admin->org_id, "suspicious_login_activity", admin->language, admin->email, values));
      events_.publish(c, {"suspicious_login_activity", admin->org_id, values, {admin->email}});
    }
    return failure;
  });
  // A failure that raced the lock was not counted: it is answered as the lock.
  if (!counted)
    throw_wait(ErrorCode::account_locked, "Too many failed sign-ins: the account is locked.",
               attempt_rules::sign_in.lockout);
  throw DomainError(ErrorCode::invalid_credentials, "The email or password is not correct.");
}

void AuthService::sign_out(const Principal& who, const RequestMeta& meta) {
  db_.write([&](storage::Connection& c) {
    c.execute(session_sql::delete_one, {who.session_hash});
    audit::append(c, clock_, audit::actor_of(who), meta,
                  {who.home_org_id, "auth.sign_out", audit::Activity::portal_access, "admin", who.admin_id, {}});
  });
}

std::optional<Principal> AuthService::authenticate_session(const std::string& token, const AlsoRead& also) {
  return authenticate(token, "portal", also);
}

std::optional<Principal> AuthService::authenticate_bearer(const std::string& token, const AlsoRead& also) {
  return authenticate(token, "bearer", also);
}

std::optional<Principal> AuthService::authenticate(const std::string& token, std::string_view kind,
                                                   const AlsoRead& also) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string hash = crypto::sha256_hex(token);
  const UnixSeconds now = clock_.now();
  const bool portal = kind == "portal";
  auto found = db_.read([&](storage::Connection& c) -> std::optional<std::pair<Principal, UnixSeconds>> {
    std::optional<std::pair<Principal, UnixSeconds>> out;
    c.for_each_view(session_sql::select_principal, {hash}, [&](const storage::RowView& r) {
      constexpr auto s = session_sql::principal_columns;
      const UnixSeconds last_seen_at = r.integer(s["last_seen_at"]);
      const bool idle_too_long = portal && last_seen_at + policy_.idle_timeout <= now;
      if (r.text_view(s["session_kind"]) != kind || r.integer(s["expires_at"]) <= now || idle_too_long ||
          r.boolean(s["login_suspended"]) || r.boolean(s["account_suspended"]))
        return;
      Principal p;
      p.admin_id = r.text(s["id"]);
      p.email = r.text(s["email"]);
      p.kind = r.text(s["kind"]);
      p.home_org_id = r.text(s["org_id"]);
      p.role_id = r.text(s["role_id"]);
      p.privileges = PrivilegeSet::from_json(r.text_view(s["privileges"]));
      p.password_change_required = r.boolean(s["password_change_required"]);
      p.via_cookie = portal;
      p.session_hash = hash;
      p.csrf_token = r.text(s["csrf_token"]);
      out.emplace(std::move(p), last_seen_at);
    });
    if (out && also) also(c, out->first);
    return out;
  });
  if (!found) return std::nullopt;
  // Refreshing the idle clock once a minute is precise enough and keeps reads from writing.
  if (portal && now - found->second >= 60)
    db_.write([&](storage::Connection& c) { c.execute(session_sql::touch, {hash, now}); });
  return std::move(found->first);
}

void AuthService::change_password(const Principal& who, const std::string& current, const std::string& replacement,
                                  const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const admins::Admin admin = load_admin(who.admin_id);
  Validator v;
  if (!crypto::verify_password(admin.password_hash, current)) {
    count_address_failure(meta.client_ip);
    v.fail("current_password", "The current password is not correct.");
  }
  check_password_policy(replacement, admin.email, "new_password", v);
  if (v.ok() && current == replacement) v.fail("new_password", "Must differ from the current password.");
  v.throw_if_failed();

  const std::string hash = crypto::hash_password(replacement);
  db_.write([&](storage::Connection& c) {
    c.execute(admin_sql::update_password, {admin.id, hash, false, clock_.now()});
    // Other sessions may belong to whoever knew the old password.
    c.execute(session_sql::delete_others_of_admin, {admin.id, who.session_hash});
    audit::append(
        c, clock_, audit::actor_of(who), meta,
        {admin.org_id, "auth.password_change", audit::Activity::write, "admin", admin.id, {{"password", "changed"}}});
    const nlohmann::json values = {{"login", admin.email}, {"changed_at", to_rfc3339(clock_.now())}};
    mail::enqueue(c, clock_,
                  templates::render_mail(c, admin.org_id, "password_changed", admin.language, admin.email, values));
    events_.publish(c, {"password_changed", admin.org_id, values, {admin.email}});
  });
}

admins::Admin AuthService::load_admin(const std::string& id) {
  return db_.read([&](storage::Connection& c) {
    const auto rows = c.query(admin_sql::select_by_id, {id});
    if (rows.empty()) throw_not_found("The administrator does not exist.");
    return admins::admin_from_row(rows.one());
  });
}

nlohmann::json AuthService::preferences(const std::string& admin_id) {
  return db_.read([&](storage::Connection& c) {
    const auto rows = c.query(admin_sql::select_preferences, {admin_id});
    if (rows.empty()) throw_not_found("The administrator does not exist.");
    auto prefs = nlohmann::json::parse(rows.one().text(0), nullptr, false);
    return prefs.is_object() ? prefs : nlohmann::json::object();
  });
}

nlohmann::json AuthService::update_preferences(const Principal& who, const nlohmann::json& patch) {
  // Each known preference and the JSON type it takes.
  static const std::vector<std::pair<std::string_view, nlohmann::json::value_t>> known{
      {"accounts_include_suborgs", nlohmann::json::value_t::boolean}};
  Validator v;
  for (const auto& [key, value] : patch.items()) {
    const auto it = std::find_if(known.begin(), known.end(), [name = key](const auto& k) { return k.first == name; });
    if (it == known.end())
      v.fail(key, "Unknown preference.");
    else if (!value.is_null() && value.type() != it->second)
      v.fail(key, "Must be true, false or null.");
  }
  v.throw_if_failed();
  return db_.write([&](storage::Connection& c) {
    const auto rows = c.query(admin_sql::select_preferences, {who.admin_id});
    if (rows.empty()) throw_not_found("The administrator does not exist.");
    auto prefs = nlohmann::json::parse(rows.one().text(0), nullptr, false);
    if (!prefs.is_object()) prefs = nlohmann::json::object();
    for (const auto& [key, value] : patch.items()) {
      if (value.is_null())
        prefs.erase(key);
      else
        prefs[key] = value;
    }
    c.execute(admin_sql::update_preferences, {who.admin_id, prefs.dump()});
    return prefs;
  });
}

admins::Admin AuthService::update_own_profile(const Principal& who, const admins::ProfilePatch& patch,
                                              const RequestMeta& meta) {
  return db_.write([&](storage::Connection& c) {
    const auto rows = c.query(admin_sql::select_by_id, {who.admin_id});
    if (rows.empty()) throw_not_found("The administrator does not exist.");
    const admins::Admin before = admins::admin_from_row(rows.one());
    admins::Admin after = before;
    Validator v;
    admins::apply_profile_patch(after, patch, v);
    v.throw_if_failed();

    audit::Changes changes;
    admins::compare_profiles(changes, before, after);
    if (!changes.empty()) {
      after.updated_at = clock_.now();
      c.execute(admin_sql::update_profile,
                admin_sql::UpdateProfile{
                    .id = after.id, .profile = admins::profile_fields(after), .updated_at = after.updated_at}
                    .params());
      audit::append(c, clock_, audit::actor_of(who), meta,
                    {after.org_id, "admin.profile.update", audit::Activity::write, "admin", after.id, changes.take()});
    }
    return after;
  });
}

void AuthService::sweep_sessions() {
  const UnixSeconds now = clock_.now();
  // One table a transaction: the sweeps need nothing from each other. Each deletes many rows at
  // once, which a sign-in changing some of them (an expired attempt counter it counts again) may
  // take in another order: PostgreSQL then aborts one of the two as a deadlock, and the sweep is
  // run again (docs/decisions.md#restartable-writes).
  db_.write_restartable([&](storage::Connection& c) {
    c.execute(session_sql::delete_expired, {now, now - policy_.idle_timeout});
  });
  db_.write_restartable([&](storage::Connection& c) { c.execute(tf_sql::delete_expired, {now}); });
  db_.write_restartable([&](storage::Connection& c) { c.execute(reset_sql::delete_expired, {now}); });
  db_.write_restartable([&](storage::Connection& c) { sweep_attempt_counters(c, now); });
}

}  // namespace lineport::auth

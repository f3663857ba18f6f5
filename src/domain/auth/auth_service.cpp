#include "domain/auth/auth_service.h"

#include "domain/audit/audit_log.h"
#include "domain/auth/password_policy.h"
#include "domain/error.h"
#include "mail/outbox.h"
#include "mail/templates.h"
#include "domain/orgs/settings.h"
#include "storage/queries/admins.h"
#include "storage/queries/two_factor.h"

#include <variant>
#include "util/crypto.h"
#include "util/totp.h"
#include "util/text.h"

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

Principal principal_from(const admins::Admin& a) {
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

}  // namespace

void AuthService::throw_if_address_blocked(const std::string& client_ip) {
  if (const int wait = address_failures_.blocked_for(client_ip); wait > 0) {
    ApiError error(ErrorCode::rate_limited,
                   "Too many failed attempts from your address. Try again in " + std::to_string((wait + 59) / 60) +
                       " minute(s).");
    error.retry_after = wait;
    throw error;
  }
}

admins::Admin AuthService::verify_credentials(const std::string& email, const std::string& password,
                                             std::string_view kind, const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string email_key = text::fold_case(text::trim(email));
  std::optional<admins::Admin> admin = db_.read([&](storage::Connection& c) -> std::optional<admins::Admin> {
    const auto rows = c.query(admin_sql::select_by_email, {email_key});
    if (rows.empty()) return std::nullopt;
    return admins::admin_from_row(rows.one());
  });

  const UnixSeconds now = clock_.now();
  if (admin && admin->locked_until && *admin->locked_until > now) {
    const auto minutes = (*admin->locked_until - now + 59) / 60;
    throw ApiError(ErrorCode::account_locked, "Too many failed sign-ins. The account is locked for " +
                                                  std::to_string(minutes) + " more minute(s).");
  }
  const bool password_ok = crypto::verify_password(admin ? admin->password_hash : decoy_hash(), password);
  // API users exchange credentials for tokens and never get a portal session; administrators
  // never get tokens. The wrong kind is answered like a wrong password.
  if (!admin || !password_ok || admin->kind != kind) fail_sign_in(admin, email_key, meta);
  if (admin->login_suspended || admin->account_suspended)
    throw ApiError(ErrorCode::forbidden, "Your sign-in is suspended. Ask an administrator of your organization.");
  return *admin;
}

SignInOutcome AuthService::sign_in(const std::string& email, const std::string& password, const RequestMeta& meta) {
  const admins::Admin admin = verify_credentials(email, password, "admin", meta);
  const bool app = totp_enabled(admin.id);
  if (!app && !two_factor_applies(admin)) return {open_session(admin, meta, false), std::nullopt, {}};
  const std::string challenge = crypto::random_token(32);
  const UnixSeconds now = clock_.now();
  db_.write([&](storage::Connection& c) {
    c.execute(tf_sql::insert_challenge, {crypto::sha256_hex(challenge), admin.id, now, now + policy_.challenge_lifetime});
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
    return !rows.empty() && rows.one().boolean(1);
  });
}

AuthService::TotpEnrollment AuthService::begin_totp(const Principal& who) {
  const std::string secret = totp::new_secret();
  db_.write([&](storage::Connection& c) {
    const auto rows = c.query(totp_sql::select_one, {who.admin_id});
    if (!rows.empty() && rows.one().boolean(1))
      throw ApiError(ErrorCode::conflict, "An authenticator app is already set up. Turn it off first.");
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
    const auto rows = c.query(totp_sql::select_one, {who.admin_id});
    if (rows.empty() || rows.one().boolean(1))
      throw ApiError(ErrorCode::conflict, "Start the set-up first (POST /api/v1/auth/totp/enroll).");
    const auto step = totp::matching_step(rows.one().text(0), code, clock_.now());
    if (!step || c.execute(totp_sql::accept_step, {who.admin_id, *step}) == 0)
      throw ApiError(ErrorCode::validation_failed, "The code does not match.",
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
    address_failures_.record_failure(meta.client_ip);
    throw ApiError(ErrorCode::validation_failed, "The password is not correct.", {{"password", "Not your password."}});
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
    c.execute(session_sql::insert, {crypto::sha256_hex(result.session_token), admin.id, "portal",
                                    result.csrf_token, meta.client_ip, now, now + policy_.absolute_lifetime});
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.sign_in", audit::Activity::portal_access, "admin", admin.id,
                   {{"two_factor", two_factor}}});
  });
  result.admin.last_sign_in_at = now;
  return result;
}

namespace {

struct Challenge {
  std::string admin_id;
  std::optional<std::string> pin_hash;
  int attempts;
  std::optional<UnixSeconds> pin_expires_at;
  UnixSeconds expires_at;
  bool used;
};

std::optional<Challenge> find_challenge(storage::Connection& c, const std::string& hash) {
  const auto rows = c.query(tf_sql::select_challenge, {hash});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.one();
  return Challenge{r.text(0), r.opt_text(1), static_cast<int>(r.integer(2)), r.opt_integer(3), r.integer(4),
                   !r.is_null(5)};
}

[[noreturn]] void throw_challenge_expired() {
  throw ApiError(ErrorCode::challenge_expired, "This sign-in has expired. Sign in again with your password.");
}

// The PIN is stored as an HMAC keyed by the challenge token, which only the browser holds.
std::string pin_hash(const std::string& challenge, const std::string& pin) { return crypto::hmac_sha256_hex(challenge, pin); }

}  // namespace

void AuthService::send_pin(const std::string& challenge, const RequestMeta& meta) {
  const std::string hash = crypto::sha256_hex(challenge);
  const UnixSeconds now = clock_.now();
  const std::string pin = crypto::random_digits(6);
  db_.write([&](storage::Connection& c) {
    const auto found = find_challenge(c, hash);
    if (!found || found->used || found->expires_at <= now || found->attempts >= policy_.max_pin_attempts)
      throw_challenge_expired();
    const auto rows = c.query(admin_sql::select_by_id, {found->admin_id});
    if (rows.empty()) throw_challenge_expired();
    const admins::Admin admin = admins::admin_from_row(rows.one());
    // A new PIN replaces the previous one and restores the tries.
    c.execute(tf_sql::set_pin, {hash, pin_hash(challenge, pin), now + policy_.pin_lifetime});
    mail::enqueue(c, clock_,
                  mail::render("two_factor_pin", admin.language, admin.email,
                               {{"first_name", admin.first_name}, {"pin", pin},
                                {"expires_minutes", policy_.pin_lifetime / 60}}));
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.two_factor_pin_sent", audit::Activity::portal_access, "admin", admin.id, {}});
  });
}

SignInResult AuthService::verify_second_factor(const std::string& challenge, Factor factor, const std::string& value,
                                               const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string hash = crypto::sha256_hex(challenge);
  const UnixSeconds now = clock_.now();
  const auto outcome = db_.write([&](storage::Connection& c) -> std::variant<admins::Admin, int> {
    const auto found = find_challenge(c, hash);
    if (!found || found->used || found->expires_at <= now || found->attempts >= policy_.max_pin_attempts)
      throw_challenge_expired();
    bool correct = false;
    if (factor == Factor::email_pin) {
      if (!found->pin_hash || !found->pin_expires_at || *found->pin_expires_at <= now) throw_challenge_expired();
      correct = crypto::equal_constant_time(*found->pin_hash, pin_hash(challenge, value));
    } else if (factor == Factor::totp_code) {
      const auto rows = c.query(totp_sql::select_one, {found->admin_id});
      const auto step = rows.empty() || !rows.one().boolean(1)
                            ? std::nullopt
                            : totp::matching_step(rows.one().text(0), value, now);
      correct = step && c.execute(totp_sql::accept_step, {found->admin_id, *step}) == 1;
    } else {
      correct = c.execute(totp_sql::use_recovery_code, {found->admin_id, crypto::sha256_hex(text::trim(value)), now}) == 1;
    }
    if (!correct) {
      c.execute(tf_sql::count_attempt, {hash});
      return policy_.max_pin_attempts - found->attempts - 1;  // tries left
    }
    if (c.execute(tf_sql::mark_used, {hash, now}) == 0) throw_challenge_expired();  // single use
    const auto rows = c.query(admin_sql::select_by_id, {found->admin_id});
    if (rows.empty()) throw_challenge_expired();
    return admins::admin_from_row(rows.one());
  });
  if (const int* left = std::get_if<int>(&outcome)) {
    address_failures_.record_failure(meta.client_ip);
    if (*left <= 0) throw_challenge_expired();
    ApiError error(ErrorCode::invalid_pin, "The PIN is not correct.");
    error.extra = {{"attempts_left", *left}};
    throw error;
  }
  const auto& admin = std::get<admins::Admin>(outcome);
  if (admin.login_suspended || admin.account_suspended)
    throw ApiError(ErrorCode::forbidden, "Your sign-in is suspended. Ask an administrator of your organization.");
  return open_session(admin, meta, true);
}

void AuthService::forgot_password(const std::string& email, const RequestMeta& meta) {
  const std::string email_key = text::fold_case(text::trim(email));
  // The general rate limit alone would let anyone fill an administrator's mailbox with reset
  // messages. Past 3 requests for one address in 15 minutes nothing is sent, whoever asks; the
  // answer stays the same, so it says nothing about the address.
  if (reset_requests_.blocked_for(email_key) > 0) return;
  reset_requests_.record_failure(email_key);
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
      mail::enqueue(c, clock_, mail::render("password_reset_blocked", admin->language, admin->email,
                                            {{"first_name", admin->first_name}, {"login", admin->email}}));
    } else {
      c.execute(reset_sql::insert, {crypto::sha256_hex(token), admin->id, now, now + policy_.reset_link_lifetime});
      mail::enqueue(c, clock_,
                    mail::render("password_reset", admin->language, admin->email,
                                 {{"first_name", admin->first_name},
                                  {"login", admin->email},
                                  {"reset_link", portal_url_ + "/reset-password?token=" + token},
                                  {"expires_minutes", policy_.reset_link_lifetime / 60}}));
    }
    audit::append(c, clock_, {"", admin->email}, meta,
                  {admin->org_id, blocked ? "auth.reset_blocked" : "auth.reset_requested", audit::Activity::portal_access,
                   "admin", admin->id, {}});
  });
}

void AuthService::reset_password(const std::string& token, const std::string& new_password, const RequestMeta& meta) {
  throw_if_address_blocked(meta.client_ip);
  const std::string hash = crypto::sha256_hex(token);
  const UnixSeconds now = clock_.now();
  const auto admin = db_.read([&](storage::Connection& c) -> std::optional<admins::Admin> {
    const auto rows = c.query(reset_sql::select_one, {hash});
    if (rows.empty() || !rows.one().is_null(2) || rows.one().integer(1) <= now) return std::nullopt;
    const auto admin_rows = c.query(admin_sql::select_by_id, {rows.one().text(0)});
    if (admin_rows.empty()) return std::nullopt;
    return admins::admin_from_row(admin_rows.one());
  });
  if (!admin) {
    address_failures_.record_failure(meta.client_ip);
    throw ApiError(ErrorCode::invalid_token, "This reset link is not valid any more. Ask for a new one.");
  }
  Validator v;
  check_password_policy(new_password, admin->email, "new_password", v);
  v.throw_if_failed();
  const std::string password_hash = crypto::hash_password(new_password);
  db_.write([&](storage::Connection& c) {
    // Checked again in the write: two requests with one link cannot both succeed.
    if (c.execute(reset_sql::use_all_of_admin, {admin->id, now}) == 0)
      throw ApiError(ErrorCode::invalid_token, "This reset link is not valid any more. Ask for a new one.");
    c.execute(admin_sql::update_password, {admin->id, password_hash, false, now});
    c.execute(storage::sql::admin_management::delete_sessions, {admin->id});
    audit::append(c, clock_, {admin->id, admin->email}, meta,
                  {admin->org_id, "auth.password_reset", audit::Activity::write, "admin", admin->id,
                   {{"password", "changed"}}});
    const nlohmann::json values = {{"login", admin->email}, {"changed_at", to_rfc3339(now)}};
    mail::enqueue(c, clock_, mail::render("password_changed", admin->language, admin->email, values));
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
    c.execute(session_sql::insert, {crypto::sha256_hex(token.access_token), admin.id, "bearer", "", meta.client_ip,
                                    now, now + policy_.api_token_lifetime});
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.token", audit::Activity::portal_access, "admin", admin.id, {}});
  });
  return token;
}

void AuthService::fail_sign_in(const std::optional<admins::Admin>& admin, const std::string& email,
                               const RequestMeta& meta) {
  address_failures_.record_failure(meta.client_ip);
  if (!admin) throw ApiError(ErrorCode::invalid_credentials, "The email or password is not correct.");

  const UnixSeconds now = clock_.now();
  const bool window_open = admin->failed_window_start && now - *admin->failed_window_start < policy_.failure_window;
  const int failures = window_open ? admin->failed_sign_ins + 1 : 1;
  const UnixSeconds window_start = window_open ? *admin->failed_window_start : now;
  const bool lock = failures >= policy_.max_failed_sign_ins;
  db_.write([&](storage::Connection& c) {
    c.execute(admin_sql::record_failed_sign_in,
              {admin->id, lock ? 0 : failures, lock ? std::optional<UnixSeconds>() : window_start,
               lock ? std::optional<UnixSeconds>(now + policy_.lockout) : std::nullopt});
    audit::append(c, clock_, {"", email}, meta,
                  {admin->org_id, lock ? "auth.lockout" : "auth.sign_in_failed", audit::Activity::portal_access,
                   "admin", admin->id, {{"failed_attempts", failures}}});
    // The owner and the organization's alert recipients hear about the lockout in the same
    // transaction that records it.
    if (lock) {
      const nlohmann::json values = {{"login", admin->email},
                                     {"failed_attempts", failures},
                                     {"occurred_at", to_rfc3339(now)},
                                     {"client_ip", meta.client_ip}};
      mail::enqueue(c, clock_, mail::render("suspicious_login_activity", admin->language, admin->email, values));
      events_.publish(c, {"suspicious_login_activity", admin->org_id, values, {admin->email}});
    }
  });
  throw ApiError(ErrorCode::invalid_credentials, "The email or password is not correct.");
}

void AuthService::sign_out(const Principal& who, const RequestMeta& meta) {
  db_.write([&](storage::Connection& c) {
    c.execute(session_sql::delete_one, {who.session_hash});
    audit::append(c, clock_, audit::actor_of(who), meta,
                  {who.home_org_id, "auth.sign_out", audit::Activity::portal_access, "admin", who.admin_id, {}});
  });
}

std::optional<Principal> AuthService::authenticate_session(const std::string& token) {
  return authenticate(token, "portal");
}

std::optional<Principal> AuthService::authenticate_bearer(const std::string& token) {
  return authenticate(token, "bearer");
}

std::optional<Principal> AuthService::authenticate(const std::string& token, std::string_view kind) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string hash = crypto::sha256_hex(token);
  const UnixSeconds now = clock_.now();
  const bool portal = kind == "portal";
  auto found = db_.read([&](storage::Connection& c) -> std::optional<std::pair<Principal, UnixSeconds>> {
    const auto rows = c.query(session_sql::select_with_admin, {hash});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.one();
    const admins::Admin admin = admins::admin_from_row(r, 4);
    const bool idle_too_long = portal && r.integer(2) + policy_.idle_timeout <= now;
    if (r.text(0) != kind || r.integer(3) <= now || idle_too_long || admin.login_suspended || admin.account_suspended)
      return std::nullopt;
    Principal p = principal_from(admin);
    p.via_cookie = portal;
    p.session_hash = hash;
    p.csrf_token = r.text(1);
    return std::make_pair(std::move(p), r.integer(2));
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
    address_failures_.record_failure(meta.client_ip);
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
    audit::append(c, clock_, audit::actor_of(who), meta,
                  {admin.org_id, "auth.password_change", audit::Activity::write, "admin", admin.id,
                   {{"password", "changed"}}});
    const nlohmann::json values = {{"login", admin.email}, {"changed_at", to_rfc3339(clock_.now())}};
    mail::enqueue(c, clock_, mail::render("password_changed", admin.language, admin.email, values));
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

    nlohmann::json changes = nlohmann::json::object();
    auto diff = [&](const char* field, const nlohmann::json& from, const nlohmann::json& to) {
      if (from != to) changes[field] = {{"from", from}, {"to", to}};
    };
    diff("first_name", before.first_name, after.first_name);
    diff("last_name", before.last_name, after.last_name);
    diff("device_number", before.device_number ? nlohmann::json(*before.device_number) : nlohmann::json(),
         after.device_number ? nlohmann::json(*after.device_number) : nlohmann::json());
    diff("timezone", before.timezone, after.timezone);
    diff("language", before.language, after.language);
    diff("address", before.address, after.address);
    if (!changes.empty()) {
      after.updated_at = clock_.now();
      c.execute(admin_sql::update_profile, {after.id, after.first_name, after.last_name, after.device_number,
                                            after.timezone, after.language, after.address.dump(), after.updated_at});
      audit::append(c, clock_, audit::actor_of(who), meta,
                    {after.org_id, "admin.profile.update", audit::Activity::write, "admin", after.id, changes});
    }
    return after;
  });
}

void AuthService::sweep_sessions() {
  const UnixSeconds now = clock_.now();
  db_.write([&](storage::Connection& c) {
    c.execute(session_sql::delete_expired, {now, now - policy_.idle_timeout});
    c.execute(tf_sql::delete_expired, {now});
    c.execute(reset_sql::delete_expired, {now});
  });
}

}  // namespace lineport::auth

#include "domain/auth/auth_service.h"

#include "domain/audit/audit_log.h"
#include "domain/auth/password_policy.h"
#include "domain/error.h"
#include "mail/outbox.h"
#include "mail/templates.h"
#include "storage/queries/admins.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::auth {
namespace {

namespace admin_sql = storage::sql::admins;
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

SignInResult AuthService::sign_in(const std::string& email, const std::string& password, const RequestMeta& meta) {
  const admins::Admin admin = verify_credentials(email, password, "admin", meta);
  const UnixSeconds now = clock_.now();
  SignInResult result{admin, crypto::random_token(32), crypto::random_token(32)};
  db_.write([&](storage::Connection& c) {
    c.execute(admin_sql::record_sign_in, {admin.id, now});
    c.execute(session_sql::insert, {crypto::sha256_hex(result.session_token), admin.id, "portal",
                                    result.csrf_token, meta.client_ip, now, now + policy_.absolute_lifetime});
    audit::append(c, clock_, {admin.id, admin.email}, meta,
                  {admin.org_id, "auth.sign_in", audit::Activity::portal_access, "admin", admin.id, {}});
  });
  result.admin.last_sign_in_at = now;
  return result;
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
    // The owner hears about the lockout in the same transaction that records it.
    if (lock)
      mail::enqueue(c, clock_,
                    mail::render("suspicious_login_activity", admin->language, admin->email,
                                 {{"login", admin->email},
                                  {"failed_attempts", failures},
                                  {"occurred_at", to_rfc3339(now)},
                                  {"client_ip", meta.client_ip}}));
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
    mail::enqueue(c, clock_,
                  mail::render("password_changed", admin.language, admin.email,
                               {{"login", admin.email}, {"changed_at", to_rfc3339(clock_.now())}}));
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
  db_.write([&](storage::Connection& c) { c.execute(session_sql::delete_expired, {now, now - policy_.idle_timeout}); });
}

}  // namespace lineport::auth

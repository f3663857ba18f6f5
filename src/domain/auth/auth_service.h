#pragma once
// Sign-in and sessions (docs/security.md): passwords checked with Argon2id, sessions as opaque
// tokens kept only as hashes, the lockout per email and the failure limit per client address
// (both counted in the database, domain/auth/attempts.h).

#include <functional>
#include <optional>
#include <string>

#include "domain/admins/admin.h"
#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::auth {

struct SessionPolicy {
  UnixSeconds idle_timeout = minutes(30);
  UnixSeconds absolute_lifetime = hours(12);
  UnixSeconds api_token_lifetime = hours(1);
  UnixSeconds challenge_lifetime = minutes(15);
  UnixSeconds pin_lifetime = minutes(10);
  int max_pin_attempts = 5;  // answers per challenge, whichever PIN they were meant for
  int max_pin_sends = 4;     // the first PIN and 3 resends
  UnixSeconds reset_link_lifetime = hours(1);
};

struct SignInResult {
  admins::Admin admin;
  std::string session_token;  // goes into the cookie, never stored
  std::string csrf_token;
};

// A correct password either opens a session or, with two-factor authentication on, a challenge
// to be answered with the emailed PIN.
struct SignInOutcome {
  std::optional<SignInResult> session;
  std::optional<std::string> challenge;
  std::vector<std::string> methods;  // second factors the challenge accepts: email, totp
};

// What an administrator may do and where, as their sessions carry it.
Principal principal_of(const admins::Admin& admin);

class AuthService {
 public:
  AuthService(storage::Database& db, const Clock& clock, SessionPolicy policy, const events::EventBus& events,
              std::string portal_url)
      : db_(db), clock_(clock), policy_(policy), events_(events), portal_url_(std::move(portal_url)) {}

  SignInOutcome sign_in(const std::string& email, const std::string& password, const RequestMeta& meta);

  // Two-factor sign-in: a 6-digit PIN by email, valid 10 minutes, single use; 5 answers and 4
  // PINs per challenge.
  void send_pin(const std::string& challenge, const RequestMeta& meta);
  // The challenge answered with the emailed PIN, an authenticator-app code, or a recovery code.
  enum class Factor { email_pin, totp_code, recovery_code };
  SignInResult verify_second_factor(const std::string& challenge, Factor factor, const std::string& value,
                                    const RequestMeta& meta);

  // Authenticator app (TOTP): enrol (a new secret, pending until a code confirms it), confirm
  // (answers 10 single-use recovery codes), and turn off with the password. An enrolled
  // administrator gets the second step at every sign-in, whatever the organization's setting.
  struct TotpEnrollment {
    std::string secret;
    std::string provisioning_url;
  };
  TotpEnrollment begin_totp(const Principal& who);
  std::vector<std::string> confirm_totp(const Principal& who, const std::string& code, const RequestMeta& meta);
  void disable_totp(const Principal& who, const std::string& password, const RequestMeta& meta);
  bool totp_enabled(const std::string& admin_id);

  // Forgot password: a single-use link valid one hour, or, with two-factor authentication on, a
  // message saying to ask an administrator for a new invitation. Never tells whether the email
  // exists.
  void forgot_password(const std::string& email, const RequestMeta& meta);
  void reset_password(const std::string& token, const std::string& new_password, const RequestMeta& meta);

  // API users (docs/product.md#api-users): HTTP Basic credentials for a bearer token valid one hour.
  struct IssuedToken {
    std::string access_token;
    UnixSeconds expires_in;
  };
  IssuedToken issue_api_token(const std::string& email, const std::string& password, const RequestMeta& meta);
  // Work to do in the same read transaction as the lookup, once the caller is known (the
  // dispatcher's scope check: one transaction per request fewer).
  using AlsoRead = std::function<void(storage::Connection&, const Principal&)>;
  std::optional<Principal> authenticate_bearer(const std::string& token, const AlsoRead& also = {});
  void sign_out(const Principal& who, const RequestMeta& meta);

  // The principal behind a session cookie, or nullopt when it is unknown, idle too long, past its
  // lifetime, or its admin may no longer sign in.
  std::optional<Principal> authenticate_session(const std::string& token, const AlsoRead& also = {});

  void change_password(const Principal& who, const std::string& current, const std::string& replacement,
                       const RequestMeta& meta);

  admins::Admin load_admin(const std::string& id);
  admins::Admin update_own_profile(const Principal& who, const admins::ProfilePatch& patch, const RequestMeta& meta);

  // The administrator's portal preferences (docs/decisions.md): a JSON object of known keys.
  nlohmann::json preferences(const std::string& admin_id);
  // Sets the keys given (null removes one) and answers the preferences as stored. Not audited:
  // they change only how the portal opens for this administrator.
  nlohmann::json update_preferences(const Principal& who, const nlohmann::json& patch);

  // Deletes expired sessions (called periodically).
  void sweep_sessions();

  const SessionPolicy& policy() const { return policy_; }

 private:
  void throw_if_address_blocked(const std::string& client_ip);
  void count_address_failure(const std::string& client_ip);
  // Email and password of an account of `kind`, with the lockout rules; throws on any failure.
  admins::Admin verify_credentials(const std::string& email, const std::string& password, std::string_view kind,
                                   const RequestMeta& meta);
  std::optional<Principal> authenticate(const std::string& token, std::string_view kind, const AlsoRead& also);
  SignInResult open_session(const admins::Admin& admin, const RequestMeta& meta, bool two_factor);
  bool two_factor_applies(const admins::Admin& admin);
  [[noreturn]] void fail_sign_in(const std::optional<admins::Admin>& admin, const std::string& email_key,
                                 const RequestMeta& meta);

  storage::Database& db_;
  const Clock& clock_;
  SessionPolicy policy_;
  const events::EventBus& events_;
  std::string portal_url_;
};

}  // namespace lineport::auth

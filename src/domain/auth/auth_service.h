#pragma once
// Sign-in and sessions (SPEC §3): passwords checked with Argon2id, sessions as opaque tokens kept
// only as hashes, per-account lockout and the per-address failure limit.

#include <optional>
#include <string>

#include "domain/admins/admin.h"
#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/rate_limit.h"

namespace lineport::auth {

struct SessionPolicy {
  UnixSeconds idle_timeout = 30 * 60;
  UnixSeconds absolute_lifetime = 12 * 60 * 60;
  int max_failed_sign_ins = 5;          // per account within the window, then locked
  UnixSeconds failure_window = 15 * 60;
  UnixSeconds lockout = 15 * 60;
  UnixSeconds api_token_lifetime = 60 * 60;
  UnixSeconds challenge_lifetime = 15 * 60;
  UnixSeconds pin_lifetime = 10 * 60;
  int max_pin_attempts = 5;
  UnixSeconds reset_link_lifetime = 60 * 60;
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

class AuthService {
 public:
  // `address_failures` counts failed sign-ins, PINs and activation codes per client address.
  AuthService(storage::Database& db, const Clock& clock, SessionPolicy policy, FailureWindow& address_failures,
              const events::EventBus& events, std::string portal_url)
      : db_(db),
        clock_(clock),
        policy_(policy),
        address_failures_(address_failures),
        events_(events),
        portal_url_(std::move(portal_url)),
        reset_requests_(clock, 3, 15 * 60) {}

  SignInOutcome sign_in(const std::string& email, const std::string& password, const RequestMeta& meta);

  // Two-factor sign-in (SPEC §3): a 6-digit PIN by email, valid 10 minutes, 5 tries, single use.
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

  // API users (SPEC §4): HTTP Basic credentials for a bearer token valid one hour.
  struct IssuedToken {
    std::string access_token;
    UnixSeconds expires_in;
  };
  IssuedToken issue_api_token(const std::string& email, const std::string& password, const RequestMeta& meta);
  std::optional<Principal> authenticate_bearer(const std::string& token);
  void sign_out(const Principal& who, const RequestMeta& meta);

  // The principal behind a session cookie, or nullopt when it is unknown, idle too long, past its
  // lifetime, or its admin may no longer sign in.
  std::optional<Principal> authenticate_session(const std::string& token);

  void change_password(const Principal& who, const std::string& current, const std::string& replacement,
                       const RequestMeta& meta);

  admins::Admin load_admin(const std::string& id);
  admins::Admin update_own_profile(const Principal& who, const admins::ProfilePatch& patch, const RequestMeta& meta);

  // Deletes expired sessions (called periodically).
  void sweep_sessions();

  const SessionPolicy& policy() const { return policy_; }

 private:
  void throw_if_address_blocked(const std::string& client_ip);
  // Email and password of an account of `kind`, with the lockout rules; throws on any failure.
  admins::Admin verify_credentials(const std::string& email, const std::string& password, std::string_view kind,
                                   const RequestMeta& meta);
  std::optional<Principal> authenticate(const std::string& token, std::string_view kind);
  SignInResult open_session(const admins::Admin& admin, const RequestMeta& meta, bool two_factor);
  bool two_factor_applies(const admins::Admin& admin);
  [[noreturn]] void fail_sign_in(const std::optional<admins::Admin>& admin, const std::string& email,
                                 const RequestMeta& meta);

  storage::Database& db_;
  const Clock& clock_;
  SessionPolicy policy_;
  FailureWindow& address_failures_;
  const events::EventBus& events_;
  std::string portal_url_;
  // Password-reset requests per email address: at most 3 messages in 15 minutes.
  FailureWindow reset_requests_;
};

}  // namespace lineport::auth

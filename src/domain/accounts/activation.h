#pragma once
// The app's side of an account (SPEC §6): with the login and activation code of an invitation
// the app lists numbers to choose from, activates (the account becomes active, its number
// activated, the app gets a device token), and later records the user's privacy choice.
// Unauthenticated, so: failures are counted per client address (429 past the limit), wrong codes
// never reveal whether a login exists, and a code dies after a few wrong tries.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/rate_limit.h"

namespace lineport::accounts {

struct ActivationRequest {
  std::string login;
  std::string activation_code;
  std::string device_number;
  std::optional<std::string> multiline_number;  // needed when the invitation carried none
  std::optional<std::string> platform;          // ios | android
};

struct Activated {
  std::string device_token;  // shown once; only its hash is kept
  std::string multiline_number;
};

class ActivationService {
 public:
  // `address_failures` is the per-address failure window shared with sign-in (SPEC §3).
  ActivationService(storage::Database& db, const Clock& clock, const events::EventBus& events,
                    FailureWindow& address_failures)
      : db_(db), clock_(clock), events_(events), failures_(address_failures) {}

  // The account's number, or up to 5 available numbers of its organization to choose from.
  std::vector<std::string> numbers(const std::string& login, const std::string& code, const RequestMeta& meta);
  Activated activate(const ActivationRequest& request, const RequestMeta& meta);
  // accepted = false suspends the account (privacy_opted_out); true resumes it (privacy_resumed).
  std::string record_privacy_choice(const std::string& device_token, bool accepted, const RequestMeta& meta);

  // Wrong codes an invitation survives before it stops working (the admin resends).
  static constexpr int max_code_failures = 10;
  // How many numbers the app may choose from.
  static constexpr int offered_numbers = 5;

 private:
  // The invited account the login and code belong to, if any.
  std::optional<std::string> find_invited(storage::Connection& conn, const std::string& login, const std::string& code);
  // Like find_invited, outside any transaction; counts a failure and throws 401 when none.
  std::string verify(const std::string& login, const std::string& code, const RequestMeta& meta);
  void throw_if_blocked(const RequestMeta& meta);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  FailureWindow& failures_;
};

}  // namespace lineport::accounts

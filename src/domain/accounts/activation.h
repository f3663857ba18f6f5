#pragma once
// The app's side of an account (docs/product.md#user-accounts-and-invitations): with the login and activation code of
// an invitation the app lists numbers to choose from, activates (the account becomes active, its number activated, the
// app gets a device token), and later records the user's privacy choice. Unauthenticated, so: wrong codes never reveal
// whether a login exists, and they are counted per client address and per login (429 past the limits, a wait that grows
// for the login), never against the code itself: a stranger who knows a login cannot kill its invitation
// (docs/security.md).

#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/invitation.h"
#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

struct ActivationRequest {
  std::string login;
  std::string activation_code;
  std::string device_number;
  std::optional<std::string> multiline_number;  // needed when the invitation carried none
  std::optional<std::string> platform;          // ios | android
};

// What the activation page shows (GET /activate in the portal, docs/decisions.md): whom the
// invitation is for, the code and its QR code, only to whoever holds both the login and the code.
struct InvitationCard {
  std::string first_name;
  std::string last_name;
  std::string login;
  std::string org_name;
  std::string activation_code;
  std::string activation_link;  // what the email's link and QR code hold
  std::string qr_png;           // the QR code of activation_link
};

struct Activated {
  std::string device_token;  // shown once; only its hash is kept
  std::string multiline_number;
};

class ActivationService {
 public:
  ActivationService(storage::Database& db, const Clock& clock, const events::EventBus& events,
                    const ActivationCodes& codes, std::string portal_url = "")
      : db_(db), clock_(clock), events_(events), codes_(codes), portal_url_(std::move(portal_url)) {}

  // The invitation the login and code belong to, for the activation page. Wrong login or code:
  // the same 401 as numbers(), counted the same way (429 past the limits).
  InvitationCard invitation(const std::string& login, const std::string& code, const RequestMeta& meta);

  // The account's number, or up to 5 available numbers of its organization to choose from.
  std::vector<std::string> numbers(const std::string& login, const std::string& code, const RequestMeta& meta);
  Activated activate(const ActivationRequest& request, const RequestMeta& meta);
  // accepted = false suspends the account (privacy_opted_out); true resumes it (privacy_resumed).
  std::string record_privacy_choice(const std::string& device_token, bool accepted, const RequestMeta& meta);

  // How many numbers the app may choose from.
  static constexpr int offered_numbers = 5;

 private:
  // The invited account the login (as login_key makes it) and code belong to, if any.
  std::optional<std::string> find_invited(storage::Connection& conn, const std::string& login, const std::string& code);
  // Like find_invited, outside any transaction; counts a failure and throws 401 when none.
  std::string verify(const std::string& login, const std::string& code, const RequestMeta& meta);
  // Takes a try of the login's code (auth::take_try); throws 429 when the address or the login is
  // blocked, or when the login's codes being checked fill what it may still get wrong.
  void take_try(const std::string& login, const RequestMeta& meta);
  void count_wrong_code(const std::string& login, const RequestMeta& meta);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
  const ActivationCodes& codes_;
  std::string portal_url_;
};

}  // namespace lineport::accounts

#pragma once
// The invitation of a user account (docs/product.md#user-accounts-and-invitations): a new activation code each time,
// sent by email or SMS according to the login, from the organization's invitation templates. The outbox stores only the
// code; the message is rendered when it is sent.

#include <optional>
#include <string>

#include "domain/accounts/account.h"
#include "mail/outbox.h"
#include "storage/database.h"

namespace lineport::accounts {

// An activation code stays valid this long after the invitation that carries it.
inline constexpr UnixSeconds activation_code_lifetime = days(30);

// A fresh activation code (8 digits) and the hash kept of it.
struct ActivationCode {
  std::string code;
  std::string hash;
};

// Makes activation codes and hashes them with the server's secret key (docs/security.md,
// "Activation codes"). Eight digits are 10^8 possibilities: a plain hash in a copied database
// would give every code away in seconds; a keyed hash (HMAC-SHA-256) gives nothing without the
// key, which never enters the database.
class ActivationCodes {
 public:
  explicit ActivationCodes(std::string secret_key) : key_(std::move(secret_key)) {}

  ActivationCode make() const;
  std::string hash(std::string_view code) const;

  // Binds the database to this key, once: on the first start with a key it re-hashes the codes
  // stored before keys existed (plain SHA-256, which the keyed hash is taken over) and records a
  // check value of the key; on later starts it compares the check value and throws
  // std::runtime_error when the key is another one, since no stored code would match.
  void bind(storage::Database& db, UnixSeconds now) const;

 private:
  std::string key_;
};

// The outbox message carrying `code` to `account`. `invitation_number` is the account's
// invitation count including this one: it tells a late delivery failure of an older invitation
// apart from the current one. The message holds only what the account row does not: the
// activation code (the row keeps only its hash). The outbox worker renders it when it sends it
// (render_invitation) from the account, the organization's templates and its language as they are
// then, so enqueuing 100,000 of them (a CSV import, docs/product.md#targets) writes about 150 bytes each instead
// of ~4.5 KB of text and HTML.
mail::Message invitation_message(const Account& account, const std::string& code, std::int64_t invitation_number);

// The outbox worker's renderer of "account_invitation" messages: subject and bodies from the
// account and its organization's templates as they are now, in its language. Throws
// std::invalid_argument when the stored values are unusable or the account or its organization
// is gone (the message then dies).
mail::Message render_invitation(storage::Connection& conn, const std::string& portal_url, const mail::Message& stored);

// The link an invitation carries and its QR code encodes, which the portal's activation page
// opens: <public URL>/activate?login=…&code=…
std::string activation_link(std::string_view portal_url, std::string_view login, std::string_view code);

// The outbox `ref` of an invitation, and back ("account_invitation:<id>:<n>").
std::string invitation_ref(const std::string& account_id, std::int64_t invitation_number);
std::optional<std::pair<std::string, std::int64_t>> parse_invitation_ref(std::string_view ref);

}  // namespace lineport::accounts

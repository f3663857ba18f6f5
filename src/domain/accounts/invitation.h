#pragma once
// The invitation of a user account (SPEC §6): a new activation code each time, sent by email or
// SMS according to the login, from the organization's invitation templates. The outbox stores
// only the code; the message is rendered when it is sent.

#include <optional>
#include <string>

#include "domain/accounts/account.h"
#include "mail/outbox.h"
#include "storage/database.h"

namespace lineport::accounts {

// An activation code stays valid this long after the invitation that carries it.
inline constexpr UnixSeconds activation_code_lifetime = 30 * 86400;

// A fresh activation code (8 digits) and the hash kept of it.
struct ActivationCode {
  std::string code;
  std::string hash;
};
ActivationCode new_activation_code();
std::string activation_code_hash(std::string_view code);

// The outbox message carrying `code` to `account`. `invitation_number` is the account's
// invitation count including this one: it tells a late delivery failure of an older invitation
// apart from the current one. The message holds only what the account row does not: the
// activation code (the row keeps only its hash). The outbox worker renders it when it sends it
// (render_invitation) from the account, the organization's templates and its language as they are
// then, so enqueuing 100,000 of them (a CSV import, SPEC §11) writes about 150 bytes each instead
// of ~4.5 KB of text and HTML.
mail::Message invitation_message(const Account& account, const std::string& code, std::int64_t invitation_number);

// The outbox worker's renderer of "account_invitation" messages: subject and bodies from the
// account and its organization's templates as they are now, in its language. Throws
// std::invalid_argument when the stored values are unusable or the account or its organization
// is gone (the message then dies).
mail::Message render_invitation(storage::Connection& conn, const std::string& portal_url,
                                const mail::Message& stored);

// The outbox `ref` of an invitation, and back ("account_invitation:<id>:<n>").
std::string invitation_ref(const std::string& account_id, std::int64_t invitation_number);
std::optional<std::pair<std::string, std::int64_t>> parse_invitation_ref(std::string_view ref);

}  // namespace lineport::accounts

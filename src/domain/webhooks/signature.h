#pragma once
// Webhook secrets and signatures, the Standard Webhooks scheme (docs/webhooks.md#signatures):
// a secret is "whsec_" + base64 of 32 random bytes; a request carries webhook-id,
// webhook-timestamp and webhook-signature: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>",
// the key being the secret's decoded bytes. Several signatures are separated by spaces.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"

namespace lineport::webhooks {

// A new secret: "whsec_" + base64 of 32 random bytes.
std::string new_secret();

// The key bytes of a secret ("whsec_" + base64); nullopt for anything else.
std::optional<std::string> secret_key(std::string_view secret);

// "v1,<base64 signature>" of one message under one secret. Throws std::invalid_argument for a
// malformed secret.
std::string sign(std::string_view secret, std::string_view message_id, UnixSeconds timestamp, std::string_view body);

// The webhook-signature header: one signature per secret, space-separated.
std::string signature_header(const std::vector<std::string>& secrets, std::string_view message_id,
                             UnixSeconds timestamp, std::string_view body);

}  // namespace lineport::webhooks

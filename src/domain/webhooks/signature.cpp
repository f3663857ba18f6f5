#include "domain/webhooks/signature.h"

#include <stdexcept>

#include "util/crypto.h"

namespace lineport::webhooks {
namespace {

constexpr std::string_view prefix = "whsec_";
constexpr std::size_t key_bytes = 32;

}  // namespace

std::string new_secret() {
  return std::string(prefix) + crypto::to_base64(crypto::random_bytes(key_bytes));
}

std::optional<std::string> secret_key(std::string_view secret) {
  if (!secret.starts_with(prefix)) return std::nullopt;
  auto key = crypto::from_base64(secret.substr(prefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string sign(std::string_view secret, std::string_view message_id, UnixSeconds timestamp, std::string_view body) {
  const auto key = secret_key(secret);
  if (!key) throw std::invalid_argument("webhooks: a secret is whsec_ and base64");
  std::string signed_content;
  signed_content.reserve(message_id.size() + body.size() + 24);
  signed_content.append(message_id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + crypto::to_base64(crypto::hmac_sha256(*key, signed_content));
}

std::string signature_header(const std::vector<std::string>& secrets, std::string_view message_id,
                             UnixSeconds timestamp, std::string_view body) {
  std::string header;
  for (const auto& secret : secrets) {
    if (!header.empty()) header += ' ';
    header += sign(secret, message_id, timestamp, body);
  }
  return header;
}

}  // namespace lineport::webhooks

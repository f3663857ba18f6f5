#include "util/totp.h"

#include <liboath/oath.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "util/crypto.h"
#include "util/text.h"

namespace lineport::totp {
namespace {

constexpr unsigned step_seconds = 30;

void ensure_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath failed to initialize");
  });
}

std::string decode(const std::string& secret) {
  ensure_initialized();
  char* raw = nullptr;
  size_t length = 0;
  if (oath_base32_decode(secret.data(), secret.size(), &raw, &length) != OATH_OK)
    throw std::invalid_argument("not a base32 secret");
  std::string out(raw, length);
  std::free(raw);
  return out;
}

}  // namespace

std::string new_secret() {
  ensure_initialized();
  const std::string bytes = crypto::random_bytes(20);
  char* encoded = nullptr;
  size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &encoded, &length) != OATH_OK)
    throw std::runtime_error("base32 encoding failed");
  std::string out(encoded, length);
  std::free(encoded);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::string provisioning_url(const std::string& secret, const std::string& account, const std::string& issuer) {
  return "otpauth://totp/" + text::percent_encode(issuer) + ":" + text::percent_encode(account) + "?secret=" + secret +
         "&issuer=" + text::percent_encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::optional<std::int64_t> matching_step(const std::string& secret, const std::string& code, UnixSeconds now) {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const std::string key = decode(secret);
  int position = 0;
  const int rc = oath_totp_validate2(key.data(), key.size(), static_cast<time_t>(now), step_seconds, 0, 1, &position,
                                     code.c_str());
  if (rc < 0) return std::nullopt;
  return now / step_seconds + position;
}

std::string code_at(const std::string& secret, UnixSeconds t) {
  const std::string key = decode(secret);
  char otp[7] = {};
  if (oath_totp_generate(key.data(), key.size(), static_cast<time_t>(t), step_seconds, 0, 6, otp) != OATH_OK)
    throw std::runtime_error("TOTP generation failed");
  return otp;
}

}  // namespace lineport::totp

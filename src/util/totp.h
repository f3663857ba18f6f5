#pragma once
// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), through
// liboath, as authenticator apps expect them.

#include <optional>
#include <string>

#include "util/clock.h"

namespace lineport::totp {

// A new random 160-bit secret, base32 encoded.
std::string new_secret();
// The otpauth:// URL an authenticator app scans.
std::string provisioning_url(const std::string& secret, const std::string& account, const std::string& issuer);
// The step (t / 30) whose code `code` is, looking one step either side for clock drift, or
// nullopt. Callers refuse steps at or before the last one accepted, so a code works once.
std::optional<std::int64_t> matching_step(const std::string& secret, const std::string& code, UnixSeconds now);
// The code of time `t` (tests, and what an authenticator app would show).
std::string code_at(const std::string& secret, UnixSeconds t);

}  // namespace lineport::totp

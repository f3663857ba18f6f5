#pragma once
// Cryptographic building blocks, all from libsodium.

#include <string>
#include <string_view>

namespace lineport::crypto {

// Must run once before any other function here (the composition root does it).
void initialize();

// `count` random bytes.
std::string random_bytes(std::size_t count);

// `bytes` random bytes as lowercase hex.
std::string random_hex(std::size_t bytes);

// A random token for URLs and cookies: `bytes` random bytes, base64url without padding.
std::string random_token(std::size_t bytes = 32);

// An opaque identifier for database rows: 16 characters of Crockford base32 (80 random bits).
std::string new_id();

// A random decimal string of `digits` digits (PINs, activation codes), uniformly distributed.
std::string random_digits(std::size_t digits);

// A generated password that satisfies the password policy (16 characters, mixed classes).
std::string generate_password();

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Argon2id (libsodium's moderate limits are too slow for a login endpoint on 2 cores; the
// interactive limits are the ones libsodium recommends for online use).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// Compares in constant time.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace lineport::crypto

#pragma once
// Cryptographic building blocks, all from libsodium.

#include <optional>
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

// An identifier for database rows: 16 characters of Crockford base32, time-ordered. The first 9
// carry the milliseconds since the epoch, the last 7 start at a random value each millisecond and
// count up within it, so every id of this process sorts after the one before. A CSV import's
// 100,000 rows then append to the end of each index that holds the id instead of landing at
// random places (docs/product.md#targets, docs/import-performance.md). Ids are not secrets: every endpoint checks
// scope, and the creation time an id shows is in the API anyway. Never use one as a code.
std::string new_id();

// `chars` characters of Crockford base32 with 5 random bits each (recovery codes).
std::string random_base32(std::size_t chars);

// A random decimal string of `digits` digits (PINs, activation codes), uniformly distributed.
std::string random_digits(std::size_t digits);

// A generated password that satisfies the password policy (16 characters, mixed classes).
std::string generate_password();

// Standard base64 with padding (RFC 4648 §4), for binary data kept in text columns; decoding
// answers nullopt for anything that is not exactly that.
std::string to_base64(std::string_view data);
std::optional<std::string> from_base64(std::string_view text);

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// The 32 bytes of HMAC-SHA256.
std::string hmac_sha256(std::string_view key, std::string_view data);

// A 32-byte key for one purpose (`context`, e.g. "webhook-secrets") derived from a master secret,
// so that one secret key file serves several purposes without one key doing two jobs.
std::string derive_key(std::string_view master, std::string_view context);
// Authenticated encryption (XSalsa20-Poly1305) with a 32-byte key: a random nonce, then the
// ciphertext, as base64. `open` answers nullopt for text not sealed with this key.
std::string seal(std::string_view key, std::string_view plaintext);
std::optional<std::string> open(std::string_view key, std::string_view sealed);

// Argon2id (libsodium's moderate limits are too slow for a login endpoint on 2 cores; the
// interactive limits are the ones libsodium recommends for online use).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// Compares in constant time.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace lineport::crypto

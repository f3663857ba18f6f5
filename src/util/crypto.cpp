#include "util/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace lineport::crypto {
namespace {

// Random bytes for ids and codes, drawn from the system 4 KiB at a time: a CSV import makes
// 200,000 ids and 100,000 activation codes, and a system call for each was a tenth of its time.
// Each byte is handed out once and wiped as it goes. Per thread, so no lock; the server never
// forks, so no two processes share a buffer.
class RandomPool {
 public:
  void fill(unsigned char* out, std::size_t count) {
    while (count > 0) {
      if (next_ == buffer_.size()) {
        randombytes_buf(buffer_.data(), buffer_.size());
        next_ = 0;
      }
      const std::size_t take = std::min(count, buffer_.size() - next_);
      std::memcpy(out, buffer_.data() + next_, take);
      sodium_memzero(buffer_.data() + next_, take);
      next_ += take;
      out += take;
      count -= take;
    }
  }

 private:
  std::array<unsigned char, 4096> buffer_{};
  std::size_t next_ = buffer_.size();
};

void pooled_random_bytes(unsigned char* out, std::size_t count) {
  thread_local RandomPool pool;
  pool.fill(out, count);
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

}  // namespace

void initialize() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return to_hex(buf.data(), buf.size());
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string new_id() {
  static constexpr std::string_view alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  std::array<unsigned char, 16> buf{};
  pooled_random_bytes(buf.data(), buf.size());
  std::string out(16, '0');
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = alphabet[buf[i] % 32];
  return out;
}

std::string random_digits(std::size_t digits) {
  // Whole draws of random bytes (randombytes_uniform per digit cost a system call each: 800,000
  // of them for a CSV import of 100,000 invitations). A byte of 250 or more is skipped so that
  // byte % 10 stays uniform; the next draw covers the digits still missing.
  std::string out;
  out.reserve(digits);
  std::array<unsigned char, 32> buf{};
  while (out.size() < digits) {
    pooled_random_bytes(buf.data(), buf.size());
    for (const unsigned char b : buf)
      if (b < 250 && out.size() < digits) out.push_back(static_cast<char>('0' + b % 10));
  }
  sodium_memzero(buf.data(), buf.size());
  return out;
}

std::string generate_password() {
  // No look-alike characters, so a password read from an email can be typed.
  static constexpr std::string_view lower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view digit = "23456789";
  static constexpr std::string_view symbol = "-_.!#%";
  const std::array<std::string_view, 4> classes{lower, upper, digit, symbol};
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    const auto& set = classes[i < 4 ? i : randombytes_uniform(3)];
    out += set[randombytes_uniform(static_cast<uint32_t>(set.size()))];
  }
  // Shuffle so the first four characters do not always follow the class order.
  for (std::size_t i = out.size() - 1; i > 0; --i)
    std::swap(out[i], out[randombytes_uniform(static_cast<uint32_t>(i + 1))]);
  return out;
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return to_hex(digest.data(), digest.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return to_hex(mac.data(), mac.size());
}

std::string hash_password(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out.data();
}

bool verify_password(std::string_view hash, std::string_view password) {
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lineport::crypto

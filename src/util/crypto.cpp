#include "util/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace lineport::crypto {
namespace {

// Crockford's base32 in lowercase: no i, l, o or u to misread.
constexpr std::string_view base32_alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

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
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string to_base64(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(length);
  return out;
}

std::string new_id() {
  // The low part starts at a random value below 2^33 each millisecond, so it can count up 3 × 2^33
  // times before it overflows into the next millisecond (far more ids than a process makes in one).
  // Two servers on one PostgreSQL database that make nA and nB ids in the same millisecond collide
  // with a chance of about (nA + nB) / 2^33; the primary key refuses the second, and its request
  // fails instead of writing a duplicate.
  static constexpr std::uint64_t low_bits = 35;
  static constexpr std::uint64_t low_limit = std::uint64_t{1} << low_bits;
  static std::mutex mutex;
  static std::uint64_t last_ms = 0;
  static std::uint64_t last_low = 0;

  const auto now_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::uint64_t ms = 0;
  std::uint64_t low = 0;
  {
    std::lock_guard lock(mutex);
    if (now_ms > last_ms) {
      std::array<unsigned char, 8> buf{};
      pooled_random_bytes(buf.data(), buf.size());
      std::uint64_t random = 0;
      for (const auto b : buf) random = random << 8 | b;
      last_ms = now_ms;
      last_low = random & (low_limit / 4 - 1);
    } else if (++last_low == low_limit) {  // the clock stood still or went back: keep counting
      ++last_ms;
      last_low = 0;
    }
    ms = last_ms;
    low = last_low;
  }
  // Most significant first, so the text sorts as the number does: 9 characters (45 bits, until
  // the year 3084) of milliseconds, then 7 (35 bits) of the low part.
  std::string out(16, '0');
  for (std::size_t i = 16; i-- > 9; low >>= 5) out[i] = base32_alphabet[low & 31];
  for (std::size_t i = 9; i-- > 0; ms >>= 5) out[i] = base32_alphabet[ms & 31];
  return out;
}

std::string random_base32(std::size_t chars) {
  std::string buf(chars, '\0');
  pooled_random_bytes(reinterpret_cast<unsigned char*>(buf.data()), buf.size());
  for (auto& c : buf) c = base32_alphabet[static_cast<unsigned char>(c) % 32];
  return buf;
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
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(digest.data(), digest.size());
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
  return mac;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  const std::string mac = hmac_sha256(key, data);
  return to_hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string derive_key(std::string_view master, std::string_view context) {
  // BLAKE2b keyed with the master's own hash (the master may be longer than a BLAKE2b key).
  std::array<unsigned char, crypto_generichash_KEYBYTES> master_hash{};
  crypto_generichash(master_hash.data(), master_hash.size(), reinterpret_cast<const unsigned char*>(master.data()),
                     master.size(), nullptr, 0);
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(key.data()), key.size(),
                     reinterpret_cast<const unsigned char*>(context.data()), context.size(), master_hash.data(),
                     master_hash.size());
  return key;
}

std::string seal(std::string_view key, std::string_view plaintext) {
  if (key.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("seal: the key must have 32 bytes");
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  // From the pool: the compliance ingest seals a million texts, and a system call for each nonce
  // was a thirtieth of its time.
  pooled_random_bytes(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key.data()));
  return to_base64(box);
}

std::optional<std::string> open(std::string_view key, std::string_view sealed) {
  const auto box = from_base64(sealed);
  if (key.size() != crypto_secretbox_KEYBYTES || !box ||
      box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  const auto cipher_size = box->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 cipher_size, nonce, reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return std::nullopt;
  return plain;
}

std::string hash_password(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
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

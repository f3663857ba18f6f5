#include "domain/compliance/data_key.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "storage/queries/key_checks.h"
#include "util/crypto.h"

namespace lineport::compliance {
namespace {

constexpr std::size_t key_bytes = 32;

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() != 2 * key_bytes) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int byte = 0;
    for (const char c : hex.substr(i, 2)) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return std::nullopt;
      byte = byte * 16 + digit;
    }
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

}  // namespace

DataKey::DataKey(std::string key) : key_(std::move(key)), id_(crypto::sha256_hex(key_).substr(0, 8)) {}

DataKey DataKey::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the data key file " + path);
  std::stringstream content;
  content << in.rdbuf();
  std::string key = content.str();
  if (key.size() == key_bytes) return DataKey(std::move(key));
  std::string_view text = key;
  if (text.ends_with("\r\n"))
    text.remove_suffix(2);
  else if (text.ends_with("\n"))
    text.remove_suffix(1);
  if (auto bytes = from_hex(text)) return DataKey(std::move(*bytes));
  throw std::runtime_error("the data key file " + path +
                           " must hold 32 bytes or 64 hexadecimal digits (make one with: head -c 32 /dev/urandom > " +
                           path + ")");
}

DataKey DataKey::derived_from(std::string_view server_secret_key) {
  return DataKey(crypto::derive_key(server_secret_key, "lineport message texts"));
}

void DataKey::bind(storage::Database& db, UnixSeconds now) const {
  namespace keys = storage::sql::key_checks;
  const std::string purpose = "data key";
  const std::string check = crypto::hmac_sha256_hex(key_, "lineport data key check");
  db.write([&](storage::Connection& conn) {
    conn.lock_among_servers(storage::ServerLock::setup);  // servers starting together check in turn
    if (conn.query(keys::select_one, {purpose}).empty()) conn.execute(keys::insert, {purpose, check, now});
    if (!crypto::equal_constant_time(conn.query(keys::select_one, {purpose}).one().text(0), check))
      throw std::runtime_error(
          "the data key is not the one this database's message texts are sealed with: start with the same "
          "--data-key-file as before (or none, if none was given before; every server on one database shares one)");
  });
}

std::string DataKey::seal(std::string_view text) const {
  return id_ + ":" + crypto::seal(key_, text);
}

std::optional<std::string> DataKey::open(std::string_view sealed) const {
  if (!sealed.starts_with(id_) || sealed.size() <= id_.size() || sealed[id_.size()] != ':') return std::nullopt;
  return crypto::open(key_, sealed.substr(id_.size() + 1));
}

}  // namespace lineport::compliance

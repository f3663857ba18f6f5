#pragma once
// The key that seals message texts at rest (docs/compliance.md, "Message texts"): a texts column
// copied out of the database, or a backup of it, reads as noise without the key, which is kept
// apart from the database.

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::compliance {

class DataKey {
 public:
  // The key of `path` (`serve --data-key-file`): exactly 32 bytes, or 64 hexadecimal digits, a
  // line break after them allowed. Throws std::runtime_error naming what is wrong.
  static DataKey from_file(const std::string& path);
  // Without a data key file: a key derived from the server's secret key (its own file, also kept
  // out of the database).
  static DataKey derived_from(std::string_view server_secret_key);

  // "<key id>:<sealed>": the id says which key sealed it, so a text sealed with another key is
  // told apart from a damaged one.
  std::string seal(std::string_view text) const;
  // nullopt when the text was sealed with another key or is damaged.
  std::optional<std::string> open(std::string_view sealed) const;
  // Ties the key to the database, as the secret key is (key_checks): the first start records a
  // check value; a later start with another key throws std::runtime_error, since texts sealed
  // with one key could not be read with the other.
  void bind(storage::Database& db, UnixSeconds now) const;
  // The first 8 hexadecimal digits of the key's SHA-256: names it in logs, never reveals it.
  const std::string& id() const { return id_; }

 private:
  explicit DataKey(std::string key);
  std::string key_;
  std::string id_;
};

}  // namespace lineport::compliance

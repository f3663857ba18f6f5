#include "app/secret_key.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "storage/database.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::app {
namespace {

constexpr std::size_t min_key_chars = 32;

// O_EXCL: of two processes creating the file at once, one writes it and the other reads it.
bool create_key_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error("cannot create the secret key file " + path + ": " + std::strerror(errno));
  }
  const std::string key = crypto::random_hex(32) + "\n";
  const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write the secret key file " + path);
  spdlog::info("created a new secret key in {} (keep it with the database's backups, never inside them)", path);
  return true;
}

}  // namespace

std::string secret_key_path(const Config& config) {
  if (!config.secret_key_file.empty()) return config.secret_key_file;
  if (const auto path = storage::sqlite_path(config.db_url)) return *path + ".key";
  throw std::runtime_error(
      "give --secret-key-file (LINEPORT_SECRET_KEY_FILE): with PostgreSQL the secret key has no "
      "default place, and "
      "every server on one database must use the same file");
}

std::string load_or_create_secret_key(const std::string& path) {
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  create_key_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the secret key file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string key = text::trim(content.str());
  if (key.size() < min_key_chars)
    throw std::runtime_error("the secret key file " + path + " holds fewer than " + std::to_string(min_key_chars) +
                             " characters; put at least 32 random characters in it (or remove it to have one made)");
  return key;
}

compliance::DataKey data_key(const Config& config, std::string_view secret_key) {
  if (!config.data_key_file.empty()) return compliance::DataKey::from_file(config.data_key_file);
  return compliance::DataKey::derived_from(secret_key);
}

}  // namespace lineport::app

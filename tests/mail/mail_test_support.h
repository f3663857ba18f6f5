#pragma once
// Helpers for the mail delivery tests: a fresh SQLite database, a real SMTP server (Debian's
// aiosmtpd writing a maildir) as a child process, and an independent parser (Python's email
// package) for what arrived.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mail/outbox.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mail_test {

// A directory removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A migrated SQLite database file in `dir`.
std::unique_ptr<storage::Database> open_database(const std::filesystem::path& dir);

// Enqueues each message in its own committed transaction; returns the outbox ids.
std::vector<std::string> enqueue_all(storage::Database& db, const Clock& clock,
                                     const std::vector<mail::Message>& messages);

// A message with an ASCII subject and a body line "Token: <token>".
mail::Message sample_message(const std::string& event, const std::string& token);

struct OutboxRow {
  std::string channel;
  std::optional<std::string> ref;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> claimed_until, sent_at, failed_at;
  std::optional<std::string> last_error;
};
OutboxRow outbox_row(storage::Database& db, const std::string& id);

// A loopback port nobody listens on right now.
int free_port();

// aiosmtpd on 127.0.0.1:port storing every message in the maildir `dir`.
class SmtpServer {
 public:
  SmtpServer(std::filesystem::path maildir, int port);  // starts it
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Starts the server and returns once the port accepts connections (throws after 15 s).
  void start();
  // Kills it (SIGKILL, as in a crash) and reaps it.
  void stop();
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& maildir() const { return maildir_; }

 private:
  std::filesystem::path maildir_;
  int port_;
  pid_t pid_ = -1;
};

// The messages in a maildir (`new/`) or the *.eml files of a spool directory, parsed by
// Python's email package: objects with path, subject (decoded), event, message_id, to, from,
// text and html (decoded bodies or null), multipart, content_type, defects, and images (each
// with content_type, content_id, disposition, filename and the sha256 of its decoded bytes).
nlohmann::json parse_maildir(const std::filesystem::path& maildir);
nlohmann::json parse_spool(const std::filesystem::path& spool);

// Polls `condition` every 10 ms until it holds or `timeout_ms` passes; returns its last value.
bool eventually(const std::function<bool()>& condition, int timeout_ms = 10000);

}  // namespace lineport::mail_test

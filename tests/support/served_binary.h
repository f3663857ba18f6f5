#pragma once
// The real binary (LINEPORT_BIN) serving a database on a port the system just gave out (a fixed
// guess can collide with a client socket's ephemeral port: "bind: Address already in use"), as a
// child process: for what only a whole process shows (signals, locks, a restart, the command line).

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/test_database.h"

namespace lineport::testing {

class ServedBinary {
 public:
  // A fresh database of its own, initialized with the root organization "Carrier" and its super
  // administrator root@carrier.example / root-password-0001.
  // `output`: a file for the process's stdout and stderr (its log); empty keeps the test's own.
  ServedBinary(const char* bin, const std::vector<std::string>& extra_args, const std::string& output = "");
  // The database at `db_url` as it is (e.g. a restored backup, or one another server serves).
  ServedBinary(const char* bin, const std::string& db_url, const std::vector<std::string>& extra_args,
               const std::string& output = "");
  ~ServedBinary();
  ServedBinary(const ServedBinary&) = delete;
  ServedBinary& operator=(const ServedBinary&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& db_url() const { return db_url_; }
  // The secret key it made (unless `extra_args` named one): another server on the same database
  // needs the same (`--secret-key-file`).
  std::string secret_key_file() const { return spool_ + "/secret.key"; }
  // Where its mail and text messages go, unless `extra_args` named a --mail-spool.
  const std::string& spool_dir() const { return spool_; }
  // Up to 30 s: a sanitizer build starting beside other test processes on 2 cores is slow.
  bool wait_until_ready();
  void send_sigterm();
  // SIGSTOP and SIGCONT: the process stands still, holding whatever it holds, until resumed.
  void pause();
  void resume();
  // SIGKILL: the process ends wherever it is, as in a crash.
  void kill_now();
  // Waits for the process to end; true when it exited with status 0.
  bool exited_cleanly();
  // Waits up to 30 s for the process to end; its exit status, or -1 when it is still running.
  int exit_status();

 private:
  void start(const char* bin, const std::vector<std::string>& extra_args, const std::string& output);

  std::unique_ptr<TestDatabase> database_;  // when the database is its own
  std::string db_url_;
  std::string spool_;
  std::uint16_t port_ = 0;
  pid_t child_ = -1;
};

}  // namespace lineport::testing

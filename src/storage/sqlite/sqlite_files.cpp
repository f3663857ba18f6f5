#include "storage/sqlite/sqlite_files.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace lineport::storage {
namespace {

namespace fs = std::filesystem;

using Handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;

// Waits this long for a writer's lock (a checkpoint, a migration) before giving up.
constexpr int busy_timeout_ms = 30'000;

Handle open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle db(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK)
    throw std::runtime_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  return db;
}

// The first column of the first row of `sql` ("" when there is none).
std::string first_text(sqlite3* db, const std::string& sql, const std::string& what) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(what + ": " + sqlite3_errmsg(db));
  std::string out;
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error(what + ": " + sqlite3_errmsg(db));
  return out;
}

void check_intact(sqlite3* db, const std::string& path) {
  const auto verdict = first_text(db, "PRAGMA quick_check", "checking " + path);
  if (verdict != "ok") throw std::runtime_error(path + " is damaged: " + verdict);
}

// Copies every page of `from` into `to` in one step: one read transaction, so one snapshot.
CopyStats copy(sqlite3* to, sqlite3* from, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw std::runtime_error(what + ": " + sqlite3_errmsg(to));
  const int rc = sqlite3_backup_step(backup, -1);
  const CopyStats stats{sqlite3_backup_pagecount(backup), 0};
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw std::runtime_error(what + ": " + sqlite3_errstr(rc));
  if (sqlite3_errcode(to) != SQLITE_OK) throw std::runtime_error(what + ": " + sqlite3_errmsg(to));
  return stats;
}

// A file or a directory (its entries).
void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot write " + path + " to disk: " + reason);
  }
  ::close(fd);
}

}  // namespace

CopyStats backup_sqlite(const std::string& from, const std::string& to) {
  if (fs::exists(to)) throw std::runtime_error(to + " exists: a backup never overwrites a file; name a new one");
  if (!fs::exists(from)) throw std::runtime_error("no database at " + from);
  const auto source = open(from, SQLITE_OPEN_READWRITE);  // WAL readers need the shared memory file
  const std::string partial = to + ".partial";
  // Only its owner may read it: it holds everything the database holds. O_EXCL: another backup to
  // the same name, running or interrupted, is not overwritten.
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error(
        "cannot create " + partial + ": " + std::strerror(errno) +
        (errno == EEXIST ? " (a backup to this name is running, or was interrupted: remove it)" : ""));
  ::close(fd);
  CopyStats stats;
  try {
    {
      const auto target = open(partial, SQLITE_OPEN_READWRITE);
      stats = copy(target.get(), source.get(), "backing up " + from);
      // One self-contained file, no log beside it.
      if (first_text(target.get(), "PRAGMA journal_mode=DELETE", "finishing " + partial) != "delete")
        throw std::runtime_error("finishing " + partial + ": it stayed in write-ahead-log mode");
      check_intact(target.get(), partial);
    }
    sync_file(partial);
    // A second name, then the first removed: unlike rename, never over a file made meanwhile.
    if (::link(partial.c_str(), to.c_str()) != 0)
      throw std::runtime_error("cannot name the backup " + to + ": " + std::strerror(errno));
    ::unlink(partial.c_str());
    sync_file(fs::absolute(to).parent_path().string());  // the new name is on disk too
  } catch (...) {
    std::error_code ignored;
    for (const auto* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(partial + suffix, ignored);
    throw;
  }
  stats.bytes = static_cast<std::int64_t>(fs::file_size(to));
  return stats;
}

CopyStats restore_sqlite(const std::string& from, const std::string& to, bool replace) {
  if (!fs::exists(from)) throw std::runtime_error("no backup at " + from);
  const auto source = open(from, SQLITE_OPEN_READONLY);
  check_intact(source.get(), from);
  if (first_text(source.get(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                 "reading " + from)
          .empty())
    throw std::runtime_error(from + " is not a Lineport database (it has no schema_migrations table)");
  if (fs::path(to).has_parent_path()) fs::create_directories(fs::path(to).parent_path());
  const bool existed = fs::exists(to) && fs::file_size(to) > 0;
  const ServeLock no_server(to);  // none may be running on it, nor start during the restore
  if (existed && !replace)
    throw std::runtime_error(to + " exists: restore --replace puts the backup in its place (its data is lost)");
  const auto target = open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto stats = copy(target.get(), source.get(), "restoring " + from + " into " + to);
  check_intact(target.get(), to);
  stats.bytes = static_cast<std::int64_t>(fs::file_size(to));
  return stats;
}

ServeLock::ServeLock(const std::string& path) {
  // Made when missing: SQLite takes an empty file for an empty database.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    if (error == EWOULDBLOCK)
      throw std::runtime_error("another lineport process is serving " + path +
                               ": one server per SQLite database (stop it first; several servers need PostgreSQL, "
                               "docs/operations.md#one-server-per-sqlite-database)");
    throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
  }
}

ServeLock::~ServeLock() {
  ::close(fd_);  // drops the lock
}

}  // namespace lineport::storage

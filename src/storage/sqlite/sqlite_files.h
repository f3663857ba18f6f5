#pragma once
// What the command line does with an SQLite database file as a whole (docs/operations.md#backups
// and #one-server-per-sqlite-database): copy it while a server writes to it, put a copy back, and
// keep a second `lineport serve` off it.

#include <cstdint>
#include <string>

namespace lineport::storage {

struct CopyStats {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
};

// Copies the database at `from` into the new file `to` (refused when it exists) as it was at one
// moment: SQLite's online backup API, in one step, reads one snapshot while writers go on (in WAL
// mode they are not blocked). The copy is one self-contained file (rollback journal mode), checked
// (PRAGMA quick_check) before it takes its name: a failed backup leaves no file called `to`.
CopyStats backup_sqlite(const std::string& from, const std::string& to);

// Puts the backup `from` (checked first: an intact SQLite database with Lineport's migrations
// table) in place of the database at `to`, which is made when missing and otherwise replaced only
// with `replace` and only when no server holds it (ServeLock).
CopyStats restore_sqlite(const std::string& from, const std::string& to, bool replace);

// One `lineport serve` per SQLite database: an exclusive advisory lock (flock) on the database
// file, held for the life of the object (the system drops it when the process ends, even by
// kill -9). Throws a message naming the file when another process holds it.
class ServeLock {
 public:
  explicit ServeLock(const std::string& path);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace lineport::storage

#pragma once
// SQLite backend: a small pool of connections to one file in WAL mode. Readers run in parallel;
// writers queue on a mutex in the process (cheaper and fairer than SQLite's busy polling).
// Checkpoints (copying the write-ahead log back into the database file) run on a thread of their
// own, so a large write such as a CSV import does not also pay for them before it answers.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace lineport::storage {

class Checkpointer;

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int pool_size);
  ~SqliteDatabase() override;

  Backend backend() const override { return Backend::sqlite; }
  Lease acquire() override;
  bool ping() override;

  std::mutex& write_mutex() { return write_mutex_; }

 protected:
  void release(std::unique_ptr<Connection> conn) override;

 private:
  std::string path_;
  // Before the connections: they tell it about their commits, so it must outlive them.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
  int pool_size_;
  std::mutex write_mutex_;
};

}  // namespace lineport::storage

#pragma once
// SQLite backend: pooled connections (storage/pooled_database.h) to one file in WAL mode. Readers
// run in parallel; writers queue on a mutex in the process (cheaper and fairer than SQLite's busy
// polling). Checkpoints (copying the write-ahead log back into the database file) run on a thread
// of their own, so a large write such as a CSV import does not also pay for them before it
// answers.

#include <memory>
#include <mutex>
#include <string>

#include "storage/pooled_database.h"

namespace lineport::storage {

class Checkpointer;

class SqliteDatabase final : public PooledDatabase {
 public:
  SqliteDatabase(std::string path, int pool_size);
  ~SqliteDatabase() override;

  Backend backend() const override { return Backend::sqlite; }

 private:
  std::unique_ptr<Connection> open_connection() override;

  std::string path_;
  // The connections tell it about their commits: they are closed before it goes.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::mutex write_mutex_;
};

}  // namespace lineport::storage

#pragma once
// PostgreSQL backend through libpq: a bounded pool of connections, each preparing a named
// statement once and reusing it.

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace lineport::storage {

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, int pool_size);
  ~PostgresDatabase() override;

  Backend backend() const override { return Backend::postgresql; }
  Lease acquire() override;
  bool ping() override;

 protected:
  void release(std::unique_ptr<Connection> conn) override;

 private:
  std::string url_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
  int pool_size_;
};

}  // namespace lineport::storage

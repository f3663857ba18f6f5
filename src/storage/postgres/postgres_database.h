#pragma once
// PostgreSQL backend through libpq: pooled connections (storage/pooled_database.h), each
// preparing a named statement once and reusing it.

#include <memory>
#include <string>

#include "storage/pooled_database.h"

namespace lineport::storage {

class PostgresDatabase final : public PooledDatabase {
 public:
  PostgresDatabase(std::string url, int pool_size);

  Backend backend() const override { return Backend::postgresql; }

 private:
  std::unique_ptr<Connection> open_connection() override;
  // A connection the server dropped is replaced rather than handed out.
  bool reusable(Connection& conn) override;

  std::string url_;
};

}  // namespace lineport::storage

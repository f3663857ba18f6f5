#include "storage/pooled_database.h"

#include <spdlog/spdlog.h>

namespace lineport::storage {

PooledDatabase::PooledDatabase(int pool_size) : pool_size_(pool_size < 1 ? 1 : pool_size) {}

void PooledDatabase::open_first() {
  idle_.push_back(open_connection());
  open_count_ = 1;
}

void PooledDatabase::close_idle() {
  std::lock_guard lock(mutex_);
  open_count_ -= static_cast<int>(idle_.size());
  idle_.clear();
}

Lease PooledDatabase::acquire() {
  std::unique_lock lock(mutex_);
  released_.wait(lock, [&] { return !idle_.empty() || open_count_ < pool_size_; });
  while (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (reusable(*conn)) return Lease(*this, std::move(conn));
    --open_count_;  // replaced below rather than handed out
  }
  ++open_count_;
  lock.unlock();
  try {
    return Lease(*this, open_connection());
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_count_;
    released_.notify_one();
    throw;
  }
}

void PooledDatabase::release(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
  }
  released_.notify_one();
}

bool PooledDatabase::ping() {
  try {
    static constexpr Query q{"ping", "SELECT 1"};
    return acquire()->query(q).one().integer(0) == 1;
  } catch (const std::exception& e) {
    spdlog::warn("database ping failed: {}", e.what());
    return false;
  }
}

}  // namespace lineport::storage

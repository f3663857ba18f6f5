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
  dedicated_.clear();
}

void PooledDatabase::dedicate_connection_to_this_thread() {
  std::lock_guard lock(mutex_);
  dedicated_.try_emplace(std::this_thread::get_id());
}

std::optional<Lease> PooledDatabase::acquire_dedicated(std::unique_lock<std::mutex>& lock) {
  if (dedicated_.empty()) return std::nullopt;
  const auto found = dedicated_.find(std::this_thread::get_id());
  if (found == dedicated_.end()) return std::nullopt;
  Dedicated& mine = found->second;  // map nodes stay put: safe after unlocking
  if (mine.idle) return Lease(*this, std::move(mine.idle));
  if (mine.own) return std::nullopt;  // in use by an outer transaction of this thread
  lock.unlock();
  auto conn = open_connection();
  lock.lock();
  mine.own = conn.get();
  return Lease(*this, std::move(conn));
}

Lease PooledDatabase::acquire() {
  std::unique_lock lock(mutex_);
  if (auto lease = acquire_dedicated(lock)) return std::move(*lease);
  const auto available = [&] { return !idle_.empty() || open_count_ < pool_size_; };
  if (!available()) {
    const auto started = std::chrono::steady_clock::now();
    released_.wait(lock, available);
    ++waits_;
    waited_ += std::chrono::steady_clock::now() - started;
  }
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
    for (auto& [thread, dedicated] : dedicated_) {
      if (dedicated.own == conn.get()) {
        dedicated.idle = std::move(conn);
        return;
      }
    }
    idle_.push_back(std::move(conn));
  }
  released_.notify_one();
}

PoolStats PooledDatabase::pool_stats() {
  const std::lock_guard lock(mutex_);
  return {.size = pool_size_,
          .open = open_count_,
          .in_use = open_count_ - static_cast<int>(idle_.size()),
          .waits = waits_,
          .wait_seconds = std::chrono::duration<double>(waited_).count()};
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

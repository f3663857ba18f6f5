#pragma once
// The connection pool both backends share: at most pool_size connections, opened when needed,
// each leased to one thread at a time and checked before it is handed out again.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/database.h"

namespace lineport::storage {

// Lets a map keyed by std::string be searched with a string_view (the prepared-statement caches).
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PooledDatabase : public Database {
 public:
  Lease acquire() final;
  bool ping() final;
  void dedicate_connection_to_this_thread() final;
  PoolStats pool_stats() final;

 protected:
  explicit PooledDatabase(int pool_size);
  // Opens the first connection, so that a bad address or path fails at start rather than at the
  // first request. Called by the backend's constructor, once open_connection can run.
  void open_first();
  // Closes the idle connections now: a backend whose connections refer to its own members calls
  // it in its destructor, before those members go.
  void close_idle();

  virtual std::unique_ptr<Connection> open_connection() = 0;
  // Whether an idle connection may be handed out again (a server may have dropped it).
  virtual bool reusable(Connection&) { return true; }

 private:
  void release(std::unique_ptr<Connection> conn) final;
  // The dedicated connection of the calling thread, when it has one and is not using it already
  // (a transaction inside another takes a pooled one).
  std::optional<Lease> acquire_dedicated(std::unique_lock<std::mutex>& lock);

  // A thread's own connection: `idle` while not leased; `own` identifies it when it comes back.
  struct Dedicated {
    std::unique_ptr<Connection> idle;
    Connection* own = nullptr;
  };
  std::map<std::thread::id, Dedicated> dedicated_;  // outside the pool's count

  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
  const int pool_size_;
  std::uint64_t waits_ = 0;
  std::chrono::steady_clock::duration waited_{};
};

}  // namespace lineport::storage

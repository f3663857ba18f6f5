#pragma once
// The storing half of a large upload (docs/architecture.md#uploads-in-two-stages): the request's
// thread reads, checks and prepares records; a second thread inserts them, in the order they were
// read, within the upload's one transaction. On two cores the halves overlap; an upload that
// fails on either side still rolls back whole.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace lineport::uploads {

// The upload's connection, used in turn by the reading thread (to look up accounts and settings)
// and the storing one. Once a store has failed, every use rethrows that failure: on PostgreSQL
// the transaction is aborted by then, and the reader's next lookup would otherwise fail with
// "transaction aborted" and hide the cause.
class SharedConnection {
 public:
  explicit SharedConnection(storage::Connection& conn) : conn_(conn) {}

  template <class F>
  auto use(F&& fn) {
    const std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
    return fn(conn_);
  }

  void failed(std::exception_ptr failure) {
    const std::lock_guard lock(mutex_);
    failure_ = std::move(failure);
  }

 private:
  storage::Connection& conn_;
  std::mutex mutex_;
  std::exception_ptr failure_;
};

// Items are pushed by the reading thread and stored in batches by `store`, which runs with the
// connection locked: on a thread of its own once a batch is full, or on the caller's in finish()
// when the whole upload fits in one batch (no thread for a small upload). `store` runs on one
// thread at a time, so what it tallies needs no lock; read it after finish().
template <class Item>
class StoreStage {
 public:
  using Store = std::function<void(storage::Connection&, std::vector<Item>&)>;

  StoreStage(SharedConnection& conn, Store store) : conn_(conn), store_(std::move(store)) {
    filling_.reserve(batch_size);
  }
  StoreStage(const StoreStage&) = delete;
  StoreStage& operator=(const StoreStage&) = delete;
  // An upload that failed leaves its waiting batches unstored: its transaction rolls back.
  ~StoreStage() {
    if (!thread_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
      waiting_.clear();
    }
    changed_.notify_all();
    thread_.join();
  }

  // Rethrows what failed on the storing thread.
  void push(Item item) {
    filling_.push_back(std::move(item));
    if (filling_.size() == batch_size) hand_over();
  }

  // Returns once every item pushed is stored; rethrows what failed.
  void finish() {
    if (!thread_.joinable()) {
      conn_.use([&](storage::Connection& conn) { store_(conn, filling_); });
      filling_.clear();
      return;
    }
    if (!filling_.empty()) hand_over();
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
    }
    changed_.notify_all();
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
  }

  static constexpr std::size_t batch_size = 1024;

 private:
  static constexpr std::size_t max_waiting_batches = 2;  // how far the reader may run ahead

  void hand_over() {
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_.size() < max_waiting_batches || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    waiting_.push_back(std::exchange(filling_, {}));
    auto spent = std::exchange(spent_, {});
    lock.unlock();
    changed_.notify_all();
    // The stored batches' items are destroyed here, on the thread that made them: glibc's malloc
    // frees fastest to the thread that allocated, and the storing thread is the busier one.
    for (auto& batch : spent) batch.clear();
    if (!spent.empty()) filling_ = std::move(spent.back());
    filling_.reserve(batch_size);
  }

  void run() {
    for (;;) {
      std::vector<Item> batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !waiting_.empty() || closing_; });
        if (waiting_.empty()) return;
        batch = std::move(waiting_.front());
        waiting_.pop_front();
      }
      changed_.notify_all();
      try {
        conn_.use([&](storage::Connection& conn) { store_(conn, batch); });
        const std::lock_guard lock(mutex_);
        spent_.push_back(std::move(batch));
      } catch (...) {
        conn_.failed(std::current_exception());
        const std::lock_guard lock(mutex_);
        failure_ = std::current_exception();
        waiting_.clear();
        changed_.notify_all();
        return;
      }
    }
  }

  SharedConnection& conn_;
  Store store_;
  std::vector<Item> filling_;  // the reader's
  std::deque<std::vector<Item>> waiting_;
  std::vector<std::vector<Item>> spent_;  // stored, for the reader to empty and reuse
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closing_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace lineport::uploads

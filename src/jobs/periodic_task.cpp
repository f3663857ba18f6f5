#include "jobs/periodic_task.h"

#include <spdlog/spdlog.h>

namespace lineport::jobs {

PeriodicTask::PeriodicTask(std::string name, std::chrono::seconds interval, std::function<void()> task)
    : name_(std::move(name)), interval_(interval), task_(std::move(task)), thread_([this] { loop(); }) {}

PeriodicTask::~PeriodicTask() {
  stop();
}

void PeriodicTask::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::loop() {
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      task_();
    } catch (const std::exception& e) {
      spdlog::warn("{} failed: {}", name_, e.what());
    }
    lock.lock();
  }
}

}  // namespace lineport::jobs

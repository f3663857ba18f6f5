#pragma once
// Runs a function every `interval` on its own thread until stopped (housekeeping such as
// deleting expired sessions). A failure is logged and the task runs again next time.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lineport::jobs {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::seconds interval, std::function<void()> task);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void stop();

 private:
  void loop();

  std::string name_;
  std::chrono::seconds interval_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lineport::jobs
